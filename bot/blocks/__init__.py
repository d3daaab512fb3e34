"""Pure Block Kit builders: values in, `(blocks, fallback_text)` out; no client, session, clock."""
