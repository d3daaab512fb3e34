"""Purchase opportunities: posts showing intent to buy (price, availability, where to buy,
shipping, booking), in English and Finnish, by rules.

Rules rather than a model: a few dozen phrases cover how people ask to buy, each readable and
fixable by the team, and they need no training data the team does not have. *Strong* cues say it
outright ("where can I buy", "do you ship", "haluaisin tilata") and count anywhere; *question*
cues (a price, "in stock", "saatavilla") count only in a question, so "Acme is too expensive" or
"stock price fell" are not opportunities. Measured on tests/data/purchase_intent.csv (see
bench/RESULTS.md, purchase_intent).
"""

from __future__ import annotations

import re

_STRONG = (
    # English: where to buy, wanting to buy or order, shipping and delivery, booking
    r"\bwhere (can|do|could|should) (i|we|you) (buy|get|order|find)\b",
    r"\bwhere to (buy|get|order)\b",
    r"\b(want|wanna|would like|'d like|looking|planning) to (buy|order|book|purchase)\b",
    r"\b(do|does|can|could) (you|they|acme|[a-z]+) (ship|deliver)\b",
    r"\b(do|does) (you|any\w*|\w+ (shop|store)s?) (sell|stock)\b",
    r"\b(can|could|may) (i|we) (book|reserve|order|pre-?order|pick up|buy)\b",
    r"\bis (it|the [\w\s]+) (sold|available) (in|at)\b",
    r"\b(discount|promo) code\b",
    r"\bshipping (cost|costs|fee|for|to)\b",
    r"\bhow (long|much) (does|is|will) (the )?(shipping|delivery)\b",
    # Finnish: mistä ostaa/saa, haluan ostaa/tilata, toimitukset, varaukset
    r"\bmistä (voi|voin|saa|saisi|ostaa|löytää|tilata)\b",
    r"\bmissä (on )?(lähin|lähimmän)\b",
    r"\b(haluan|haluaisin|haluaisimme|halutaan) (ostaa|tilata|varata)\b",
    r"\btoimitat(te|ko|teko)\b",
    r"\btoimituskulu",
    r"\bkotiinkuljetu",
    r"\b(voiko|voinko|voisinko|voiko\s+\S+)\s.*\b(varata|tilata|ostaa)\b",
    r"\balennuskood",
    r"\b(myykö|myyttekö|saako)\b",
)
_QUESTION = (
    # English: price, availability
    r"\bhow much\b(?!\s+(caffeine|sugar|milk|coffee|water|time))",
    r"\bprice\b",
    r"\bcost\b",
    r"\bin stock\b",
    r"\bavailable\b",
    r"\bsold out\b",
    r"\bpre-?order\b",
    r"\bdelivery\b",
    r"\b(do|have) you (have|got)\b",
    r"\bsells?\b",
    r"\b(webshop|web shop|online shop|online store|verkkokaup\w*)\b",
    # Finnish: hinta, paljonko, saatavilla, varastossa
    r"\bpaljonko\b",
    r"\bhinta\b",
    r"\bhinnat\b",
    r"\bmaksaa\b",
    r"\bsaatavilla\b",
    r"\bvarastossa\b",
    r"\bloppuunmyyty\b",
    r"\bmyyntiin\b",
    r"\btoimitus\b",
    r"\bonko teillä\b",
)
# The cues are lower case and matched against the lower-cased text: the same matches as
# IGNORECASE at well under half the cost, as this runs on every imported mention.
_STRONG_RE = re.compile("|".join(_STRONG))
_QUESTION_RE = re.compile("|".join(_QUESTION))
# Every strong cue contains one of these words as written (its verb or noun), so a text with
# none of them cannot match, and the check (a third of the regex's cost) spares most posts the
# regex; tests/domain/test_purchase_intent.py checks each cue against the list.
STRONG_HINTS = (
    *("where", "buy", "order", "book", "purchase", "ship", "deliver", "sell", "stock"),
    *("reserve", "pick up", "sold", "available", "code"),
    *("mistä", "missä", "ostaa", "tilata", "varata", "toimit", "kotiinkuljetu", "alennuskood"),
    *("myykö", "myyttekö", "saako"),
)
_STRONG_HINT = re.compile("|".join(map(re.escape, STRONG_HINTS)))
PURCHASE = "purchase"
"""The intent tag a purchase opportunity gets (`mention_tag` kind `intent`)."""


def shows_purchase_intent(text: str) -> bool:
    """Whether the post asks to buy: a strong cue anywhere, or a price/availability question."""
    text = text.lower()
    if _STRONG_HINT.search(text) and _STRONG_RE.search(text):
        return True
    return "?" in text and _QUESTION_RE.search(text) is not None
