"""Cues the lexicons miss in posts to brands: slang, complaint idioms and sarcasm.

Lexicons score words one by one, so three things common in brand mentions go wrong:
- slang praise reads as its literal sense ("this is sick 🔥", "the app slaps", "the goat";
  "sick of" keeps its literal sense), and
  slang blame is missing ("mid", "a huge L"). It is rewritten to a plain word with the intended
  sense, so all three lexicons see the same thing (as with the scorer's idioms);
- complaints are told as facts ("2 hours on hold", "still no refund", "the driver never came"):
  no word in them is negative. Each such idiom counts as one complaint cue;
- sarcasm praises the failure ("Great, another hour in the queue. Thanks a lot 🙄"). A post is
  read as sarcastic when it has an eye-roll-like emoji, a phrase that is nearly always ironic
  ("just what I needed", "oh great"), or ironic praise ("thanks a lot", "nice one", "Cool.")
  next to a complaint cue. The scorer then turns its praise into blame.
Each rule is narrow on purpose: a missed cue leaves the lexicons' verdict, a wrong one flips it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.IGNORECASE

# Slang rewritten to a plain word every lexicon knows; order matters (longest phrases first).
SLANG: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(is|was|so|looks|look|sounds|that's|thats|it's|its|pretty|absolutely|lowkey|"
            r"kinda|honestly|real|straight)\s+(?:sick|fire|lit|dope)\b(?!\s+(?:of|and|to|with|from)\b)",
            _I,
        ),
        r"\1 awesome",
    ),
    (re.compile(r"\b(?:sick|fire|lit|dope)(?=\s*(?:🔥|🙌|💯|😍|🤩|!))", _I), "awesome"),
    (re.compile(r"^\s*(?:lit|dope)\b", _I), "awesome"),
    (re.compile(r"\bon\s+fire(?=\s+(?:today|tonight|lately|this\s+(?:week|month|season)))", _I),
     "excellent"),
    (re.compile(r"\bslap(?:s|ped)?\b(?!\s+(?:me|him|her|them|us|you)\b)", _I), "excellent"),
    (re.compile(r"\b10\s*/\s*10\b(?!\s+would\s+not)", _I), "perfect"),
    (re.compile(r"\bno\s+(?:fuss|problems?|issues?|hassle|questions\s+asked|complaints)\b", _I),
     "easy"),
    (re.compile(r"\b(?:the\s+)?goat\b|🐐", _I), "the best"),
    (re.compile(r"\bbussin[g']?\b", _I), "delicious"),
    (re.compile(r"\b(?:no\s+cap|fr\s+fr|fr)\b", _I), " "),
    (re.compile(r"\b(?:killing|crushing|nailed|smashing)\s+it\b", _I), "excellent"),
    (re.compile(r"\bnever\s+miss(?:es)?\b", _I), "always excellent"),
    (re.compile(r"\bhits\s+different\b|\bchef'?s\s+kiss\b", _I), "perfect"),
    (re.compile(r"\b(?:legend|legends|goated)\b", _I), "awesome"),
    (re.compile(r"\b(?:dying|dead|i'm\s+dead)(?=\s*(?:😂|🤣|💀))", _I), "hilarious"),
    (re.compile(r"\b((?i:huge|massive|big|another|a|such\s+a|absolute|total)\s+)W\b"), r"\1win"),
    (re.compile(r"\b((?i:huge|massive|big|another|an|such\s+an|absolute|total|take\s+the)\s+)L\b"),
     r"\1fail"),
    (re.compile(r"\bmid\b(?!\s*-)", _I), "mediocre"),
    (re.compile(r"\b(?:is|are|was|so|pure|absolute|total)\s+trash\b", _I), "is awful"),
    (re.compile(r"🤡"), "pathetic"),
)  # fmt: skip

# Facts that are complaints in a post to a brand; each match counts once.
_DURATION = r"\d+\s*(?:\+\s*)?(?:hours?|hrs?|h|minutes?|mins?|days?|weeks?|months?)"
COMPLAINT_IDIOMS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, _I)
    for pattern in (
        r"\bon\s+hold\b",
        r"\bstill\s+(?:no|nothing|not|waiting|pending|processing|down|broken|missing|stuck|"
        r"tracing|no\s+word|hasn't|haven't|isn't|doesn't|can't|cannot)\b",
        r"\bno\s+(?:refund|answer|reply|response|word|info|information|update|updates|signal|"
        r"internet|data|call|callback|explanation|help|heating|water|hotel|food|one\s+(?:came|"
        r"answered|helped)|show)\b",
        r"\b(?:never|didn't|did\s+not|hasn't|has\s+not)\s+(?:arrived|came|come|arrive|showed|"
        r"show\s+up|turned\s+up|received|got\s+back)\b",
        r"\b(?:doesn't|does\s+not|didn't|won't|isn't|not)\s+work(?:ing)?\b",
        r"\bstopped\s+working\b|\bout\s+of\s+sync\b|\blogged\s+me\s+out\b|\bhung\s+up\b",
        r"\b(?:app|site|website|internet|wifi|network|system|server|service|page)\s+"
        r"(?:is\s+|was\s+|went\s+)?(?:down|crashed|crashes|broken|froze|freezes)\b",
        r"\bwhere\s+is\s+my\b|\bwhat\s+am\s+i\s+paying\b|\bwhat(?:'s|\s+is)\s+the\s+point\b",
        r"\b(?:charged|billed)\s+(?:me\s+)?(?:twice|double)\b|\bdouble\s+charged\b",
        r"\bwrong\s+(?:order|item|size|colou?r|address|door|meal|bag|one)\b",
        r"\b(?:third|fourth|fifth|3rd|4th|5th)\s+time\b|\bevery\s+single\b|\byet\s+another\b",
        r"\b(?:again|and\s+counting|as\s+usual)\s*(?:[.,!?]|$)",
        r"\b(?:\d+|three|four|five|six)\s+times\b|\b(?:took|takes|taking|take)\s+forever\b",
        rf"\b(?:take|takes|took|taking|after|for)\s+(?:over\s+|nearly\s+|almost\s+)?{_DURATION}\b",
        r"\bsince\s+(?:yesterday|last\s+\w+|monday|tuesday|wednesday|thursday|friday|saturday|"
        r"sunday|january|february|march|april|may|june|july|august|september|october|november|"
        r"december|20\d\d)\b|\ball\s+(?:day|night|week|weekend|morning|evening|month)\b",
        r"\bin\s+20[2-3]\d\s*[.!?]",
        r"^\W*why\s+(?:does|do|did|is|are|has|have|was|were|can't|won't|isn't|doesn't|would)\b",
        r"\bkeeps?\s+(?:rebooting|crashing|dropping|freezing|failing|disconnecting|cutting|"
        r"logging|asking|sending|charging|cancelling|canceling)\b",
        r"\b(?:locked|locking|blocked|blocking|froze|freezing|closed|cancelled|cancelling|"
        r"canceled|suspended|deactivated)\s+(?:my|our|the)\s+(?:account|card|order|booking|"
        r"flight|subscription|number|line)\b",
        r"\b(?:raised|raising|increased|hiked|doubled)\s+(?:the\s+|my\s+|our\s+)?(?:price|prices|"
        r"fees?|bill|rate)\b|\bprices?\s+(?:up|hike|increase)\b",
        r"\bnobody\s+(?:answered|came|called|helped|replied|responded|showed|cares|knows)\b|"
        r"\b(?:didn't|did\s+not|doesn't|won't|never)\s+(?:answer|reply|respond|call\s+back|"
        r"get\s+back|help|fix|show)\b",
        r"\b(?:smelled|smells|smelt|gone|went)\s+off\b|\bsold\s+out\b|\b(?:a|the)\s+queue\b|"
        r"\bare\s+you\s+(?:kidding|serious|joking)\b",
        rf"\b{_DURATION}\s+(?:on\s+hold|in\s+(?:the\s+)?(?:queue|line)|late|delay|delayed|"
        r"wait|waiting|queue|of\s+waiting|and\s+(?:still|counting|no)|later|for\s+a)\b",
        rf"\b(?:waited|waiting|wait|stuck|sat|pending|queued|queue|delayed|late)\s+(?:for\s+)?"
        rf"(?:over\s+|nearly\s+|almost\s+)?{_DURATION}\b",
        r"\b(?:without\s+(?:telling|warning|notice|explanation|asking))\b|\bleft\s+without\b",
        r"\bmarked\s+(?:as\s+)?delivered\b|\bnever\s+(?:again|forgiving)\b",
        r"\bi(?:'m|\s+am)\s+done\b|\bi\s+give\s+up\b|\bdo\s+better\b|\bsort\s+it\s+out\b|"
        r"\bfix\s+(?:your|it|this)\b|\bdeleting\s+the\s+app\b|\bswitching\s+(?:away|provider)\b",
        r"\b(?:declined|bounced|frozen|locked|throttles?|throttled|expired|overcharged|"
        r"disconnected|cancelled|canceled|delayed|stranded|lost|missing|broken|buffering|"
        r"crashed|crashes|crashing|froze|freezes|buggy|soggy|raw|melted|refund)\b",
    )
)

# Emoji that mock what they follow: eye-roll, unamused, upside-down, clown, face-palm.
MOCKING_EMOJI = frozenset("🙄😒🙃🤡🤦😑")

# Phrases that are ironic on their own in a post to a brand.
_IRONIC = re.compile(
    r"\bjust\s+what\s+i\s+needed\b|\blove\s+that\s+for\s+me\b|\bcool\s+cool\s+cool\b|"
    r"\bof\s+course\s+it\s+does\b|\bsaid\s+no\s+one\b|\bwhat\s+a\s+surprise\b|"
    r"(?:^|[.!?]\s+)(?:great|wonderful|fantastic|brilliant|perfect|lovely|awesome|nice|cool|"
    r"super)\s*[,!.]+\s+(?:another|again|yet|more)\b",
    _I,
)

# Praise that is ironic when the same post reports a failure.
_PRAISE = re.compile(
    r"\bthanks?\s+(?:a\s+lot|so\s+much)|\b(?:thanks?|thank\s+you)\s+(?:\S+\s+)?for\s+\w+ing\b|"
    r"\bcheers\b|\bfunny\s+how\b|^\W*(?:oh\s*,?\s+)?(?:great|good|wonderful|cool|joy|perfect|"
    r"brilliant|lovely|fantastic|nice|super|awesome)\b\s*[,.!]|"
    r"\b(?:nice|great|good)\s+(?:one|job|work|going)\b|\bwell\s+done\b|\bbravo\b|\bway\s+to\s+go\b|"
    r"\blove\s+(?:how|that|it\s+when|paying|waiting|spending|being|getting|the\s+way)\b|"
    r"\bjust\s+love\b|\bfantastic\s+service\b|\bsuper\s+helpful\b|"
    r"\b(?:bold|great|smart)\s+move\b|\bimpressive\s+\w+|\blike\s+clockwork\b|"
    r"(?:^|[.!?]\s+|,\s*)(?:great|nice|cool|brilliant|classy|super|impressive|awesome|fantastic|"
    r"lovely|perfect|wonderful|amazing|genius|stellar|fun)\s*(?:[.!]+(?:\s|$)|$)|"
    r"\b(?:is|was)\s+fun\b|\bawesome\s+\w+\s+guys\b",
    _I,
)


@dataclass(frozen=True)
class Cues:
    """What the cues found in one cleaned post."""

    complaints: int  # complaint idioms matched
    sarcastic: bool


def rewrite_slang(cleaned: str) -> str:
    """Replace slang with a plain word of the intended sense ("this is sick 🔥" -> awesome)."""
    for pattern, plain in SLANG:
        cleaned = pattern.sub(plain, cleaned)
    return cleaned


def complaint_count(cleaned: str) -> int:
    """How many complaint idioms the post uses (each pattern counts once)."""
    return sum(1 for pattern in COMPLAINT_IDIOMS if pattern.search(cleaned))


def read(cleaned: str) -> Cues:
    """Complaint idioms and sarcasm in a cleaned, slang-rewritten post."""
    complaints = complaint_count(cleaned)
    mocking = any(char in MOCKING_EMOJI for char in cleaned)
    ironic = _IRONIC.search(cleaned) is not None
    praise = complaints > 0 and _PRAISE.search(cleaned) is not None
    return Cues(complaints, mocking or ironic or praise)
