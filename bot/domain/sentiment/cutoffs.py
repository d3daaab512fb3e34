"""The label cut-offs' defaults, apart from the scorer so that the configuration can read them
without loading lexicons and cue rules at every command's start."""

# Label cut-offs. Not symmetric: words lean positive (greetings, "please", "new", "free" all
# score above zero), so a post with no opinion reads slightly positive and a slightly negative
# reading is already a complaint. Chosen with the scorer's damping by leaving one domain out of
# nine (bench/sentiment_domains.py: the shared tweets, reviews and editorials, brand posts,
# probes and three public sets of real tweets to brands), the shared tweets held at their floor.
POSITIVE_CUT = 0.1
NEGATIVE_CUT = -0.01
