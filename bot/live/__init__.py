"""Live data beside checklist items, a module per feature; `bot.features` lists the providers."""
