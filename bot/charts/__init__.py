"""Chart rendering (matplotlib's Agg backend, headless, no pyplot global state)."""
