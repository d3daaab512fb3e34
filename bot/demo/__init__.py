"""`vahti demo`: the bot's jobs over sample data in simulated time, with no Slack and no network."""
