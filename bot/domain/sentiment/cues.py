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
Two more kinds, each switched on only because it held across unlike domains (tweets, reviews,
editorials, brand posts; bench/sentiment_domains.py leaves each out in turn):
- service failures the idioms miss (`SERVICE_COMPLAINTS`: a refund refused, "it's been 3
  hours", closing an account, "because of you", hidden fees, "day 4", "always late"), counted
  with the complaint idioms;
- requests for information or help ("can I bring a bike?", "please DM me") with no strong
  opinion word: the scorer pulls them further towards neutral. A request that reports a
  failure ("please help, my bag is lost") is a complaint instead.
Each rule is narrow on purpose: a missed cue leaves the lexicons' verdict, a wrong one flips it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from bot.domain.sentiment.folding import folded, search
from bot.domain.sentiment.lexicons import vader
from bot.domain.sentiment.social_text import Token, tokenize

_I = re.IGNORECASE


class Triggers(frozenset[str]):
    """A rule's trigger tokens: the rule can match only in a post with one of them, and with
    one word of each further group in `also` ("it's been 3 days" needs "been" and a unit of
    time). A plain frozenset of triggers is a rule with no further groups."""

    __slots__ = ("also",)
    also: tuple[frozenset[str], ...]

    def __new__(cls, words: Iterable[str], *also: Iterable[str]) -> Triggers:
        made = super().__new__(cls, words)
        made.also = tuple(frozenset(group) for group in also)
        return made

    @staticmethod
    def groups_after(triggers: frozenset[str]) -> tuple[frozenset[str], ...]:
        """The further groups of a rule's triggers (none for a plain frozenset)."""
        return triggers.also if isinstance(triggers, Triggers) else ()


def _rule_triggers(triggers: set[str] | Triggers) -> frozenset[str]:
    return triggers if isinstance(triggers, Triggers) else frozenset(triggers)


_SICK = frozenset({"sick", "fire", "lit", "dope"})

# Slang rewritten to a plain word every lexicon knows, in order; each rule runs only when the
# post has one of its trigger tokens (most posts have none, and a regex pass costs time).
SLANG: tuple[tuple[frozenset[str], re.Pattern[str], str], ...] = (
    (
        _SICK,
        re.compile(
            r"\b(is|was|so|looks|look|sounds|that's|thats|it's|its|pretty|absolutely|lowkey|"
            r"kinda|honestly|real|straight)\s+(?:sick|fire|lit|dope)\b(?!\s+(?:of|and|to|with|from)\b)",
            _I,
        ),
        r"\1 awesome",
    ),
    (_SICK, re.compile(r"\b(?:sick|fire|lit|dope)(?=\s*(?:🔥|🙌|💯|😍|🤩|!))", _I), "awesome"),
    (_SICK, re.compile(r"^\s*(?:lit|dope)\b", _I), "awesome"),
    (
        _SICK,
        re.compile(r"\bon\s+fire(?=\s+(?:today|tonight|lately|this\s+(?:week|month|season)))", _I),
        "excellent",
    ),
    (
        frozenset({"slap", "slaps", "slapped"}),
        re.compile(r"\bslap(?:s|ped)?\b(?!\s+(?:me|him|her|them|us|you)\b)", _I),
        "excellent",
    ),
    (frozenset({"10"}), re.compile(r"\b10\s*/\s*10\b(?!\s+would\s+not)", _I), "excellent"),
    (
        frozenset(
            {"fuss", "problem", "problems", "issue", "issues", "hassle", "questions", "complaints"}
        ),
        re.compile(r"\bno\s+(?:fuss|problems?|issues?|hassle|questions\s+asked|complaints)\b", _I),
        "easy",
    ),
    (frozenset({"goat", "🐐"}), re.compile(r"\b(?:the\s+)?goat\b|🐐", _I), "the best"),
    (frozenset({"bussin", "bussing"}), re.compile(r"\bbussin[g']?\b", _I), "delicious"),
    (frozenset({"cap", "fr"}), re.compile(r"\b(?:no\s+cap|fr\s+fr|fr)\b", _I), " "),
    (
        frozenset({"killing", "crushing", "nailed", "smashing"}),
        re.compile(r"\b(?:killing|crushing|nailed|smashing)\s+it\b", _I),
        "excellent",
    ),
    (frozenset({"miss", "misses"}), re.compile(r"\bnever\s+miss(?:es)?\b", _I), "always excellent"),
    (
        frozenset({"different", "kiss"}),
        re.compile(r"\bhits\s+different\b|\bchef'?s\s+kiss\b", _I),
        "perfect",
    ),
    (
        frozenset({"rock"}),
        re.compile(r"\b(you|u|guys|y'all|team|crew|staff|they)\s+rock\b", _I),
        r"\1 are great",
    ),
    (
        frozenset({"legend", "legends", "goated"}),
        re.compile(r"\b(?:legend|legends|goated)\b", _I),
        "awesome",
    ),
    (
        frozenset({"dying", "dead"}),
        re.compile(r"\b(?:dying|dead|i'm\s+dead)(?=\s*(?:😂|🤣|💀))", _I),
        "hilarious",
    ),
    (
        frozenset({"w"}),
        re.compile(r"\b((?i:huge|massive|big|another|a|such\s+a|absolute|total)\s+)W\b"),
        r"\1win",
    ),
    (
        frozenset({"l"}),
        re.compile(
            r"\b((?i:huge|massive|big|another|an|such\s+an|absolute|total|take\s+the)\s+)L\b"
        ),
        r"\1fail",
    ),
    (frozenset({"mid"}), re.compile(r"\bmid\b(?!\s*-)", _I), "mediocre"),
    (
        frozenset({"trash"}),
        re.compile(r"\b(?:is|are|was|so|pure|absolute|total)\s+trash\b", _I),
        "is awful",
    ),
    (frozenset({"🤡"}), re.compile(r"🤡"), "pathetic"),
)

# Facts that are complaints in a post to a brand; each match counts once.
_DURATION = r"\d+\s*(?:\+\s*)?(?:hours?|hrs?|h|minutes?|mins?|days?|weeks?|months?)"
# Further trigger groups of the rules below (each a word the rule's pattern needs).
_TIME_UNITS = frozenset(("hour", "hours", "day", "days", "week", "weeks", "month", "months"))
_YEARS = frozenset(str(year) for year in range(2020, 2040))
_WAITED = frozenset(
    ("waited", "waiting", "wait", "stuck", "sat", "pending", "queued", "queue", "delayed", "late")
)
_CLOSED = frozenset(
    (
        *("locked", "locking", "blocked", "blocking", "froze", "freezing", "closed"),
        *("cancelled", "cancelling", "canceled", "suspended", "deactivated"),
    )
)
_COMPLAINT_WORDS = (
    "declined",
    "bounced",
    "frozen",
    "locked",
    "throttle",
    "throttles",
    "throttled",
    "expired",
    "overcharged",
    "disconnected",
    "cancelled",
    "canceled",
    "delayed",
    "stranded",
    "lost",
    "missing",
    "broken",
    "buffering",
    "crashed",
    "crashes",
    "crashing",
    "froze",
    "freezes",
    "buggy",
    "soggy",
    "raw",
    "melted",
)

# Facts that are complaints in a post to a brand, each with its trigger tokens ("#digit": the
# post has a number); each matching idiom counts once.
COMPLAINT_IDIOMS: tuple[tuple[frozenset[str], re.Pattern[str]], ...] = tuple(
    (_rule_triggers(triggers), re.compile(pattern, _I))
    for triggers, pattern in (
        ({"hold"}, r"\bon\s+hold\b"),
        (
            {"still"},
            r"\bstill\s+(?:no|nothing|not|waiting|pending|processing|down|broken|missing|stuck|"
            r"tracing|no\s+word|hasn't|haven't|isn't|doesn't|can't|cannot)\b",
        ),
        (
            {"no"},
            r"\bno\s+(?:refund|answer|reply|response|word|info|information|update|updates|signal|"
            r"internet|data|call|callback|explanation|help|heating|water|hotel|food|one\s+(?:came|"
            r"answered|helped)|show)\b",
        ),
        (
            {"arrived", "came", "come", "arrive", "showed", "show", "turned", "received", "got"},
            r"\b(?:never|didn't|did\s+not|hasn't|has\s+not)\s+(?:arrived|came|come|arrive|showed|"
            r"show\s+up|turned\s+up|received|got\s+back)\b",
        ),
        ({"work", "working"}, r"\b(?:doesn't|does\s+not|didn't|won't|isn't|not)\s+work(?:ing)?\b"),
        (
            {"stopped", "sync", "logged", "hung"},
            r"\bstopped\s+working\b|\bout\s+of\s+sync\b|\blogged\s+me\s+out\b|\bhung\s+up\b",
        ),
        (
            {"down", "crashed", "crashes", "broken", "froze", "freezes"},
            r"\b(?:app|site|website|internet|wifi|network|system|server|service|page)\s+"
            r"(?:is\s+|was\s+|went\s+)?(?:down|crashed|crashes|broken|froze|freezes)\b",
        ),
        (
            {"where", "where's", "paying", "point"},
            r"\bwhere(?:'s|\s+is|\s+are)\s+my\b|\bwhat\s+am\s+i\s+paying\b|"
            r"\bwhat(?:'s|\s+is)\s+the\s+point\b",
        ),
        (
            {"missed", "through", "reach", "hold", "waiting"},
            r"\bmissed\s+(?:my|our|the)\s+(?:connection|connecting|flight|train|meeting)\b|"
            r"\b(?:can't|cannot|couldn't|unable\s+to)\s+(?:get\s+through|reach|get\s+hold)\b|"
            r"\bbeen\s+waiting\b|\bwaiting\s+(?:for|on)\s+(?:my|a|an|the|our)\s+(?:bag|bags|"
            r"luggage|refund|call|callback|response|answer|reply|update|replacement|technician)\b",
        ),
        (
            {"twice", "double"},
            r"\b(?:charged|charging|billed|billing)\s+(?:me\s+|us\s+)?(?:twice|double)\b|\bdouble\s+charged\b",
        ),
        ({"wrong"}, r"\bwrong\s+(?:order|item|size|colou?r|address|door|meal|bag|one)\b"),
        (
            {"third", "fourth", "fifth", "3rd", "4th", "5th", "single", "yet"},
            r"\b(?:third|fourth|fifth|3rd|4th|5th)\s+time\b|\bevery\s+single\b|\byet\s+another\b",
        ),
        (
            {"again", "counting", "usual"},
            # "again" after a failure, as a sentence of its own, or shouted; "book again" is praise
            r"\b(?:down|late|delayed|cancell?ed|broken|wrong|lost|missing|failed|crashed|declined|"
            r"stuck|closed|overcharged|charged|off|out|happened|happening)\s+again\b|"
            r"(?:^|[.!?]\s*)\W*again\s*[.!?]|(?-i:\bAGAIN\b)|\band\s+counting\b|"
            r"\bas\s+usual\s*(?:[.,!?]|$)",
        ),
        (
            {"times", "forever"},
            r"\b(?:\d+|three|four|five|six)\s+times\b|\b(?:took|takes|taking|take)\s+forever\b",
        ),
        (
            Triggers({"#digit"}, {"take", "takes", "took", "taking", "after", "for"}),
            rf"\b(?:take|takes|took|taking|after|for)\s+(?:over\s+|nearly\s+|almost\s+)?{_DURATION}\b",
        ),
        (
            {"since", "all"},
            r"\bsince\s+(?:yesterday|last\s+\w+|monday|tuesday|wednesday|thursday|friday|saturday|"
            r"sunday|january|february|march|april|may|june|july|august|september|october|november|"
            r"december|20\d\d)\b|\ball\s+(?:day|night|week|weekend|morning|evening|month)\b",
        ),
        (Triggers({"#digit"}, {"in"}, _YEARS), r"\bin\s+20[2-3]\d\s*[.!?]"),
        (
            {"why"},
            r"^\W*why\s+(?:does|do|did|is|are|has|have|was|were|can't|won't|isn't|doesn't|would)\b",
        ),
        (
            {"keep", "keeps"},
            r"\bkeeps?\s+(?:rebooting|crashing|dropping|freezing|failing|disconnecting|cutting|"
            r"logging|asking|sending|charging|cancelling|canceling)\b",
        ),
        (
            Triggers(
                {"account", "card", "order", "booking", "flight", "subscription", "number", "line"},
                _CLOSED,
                {"my", "our", "the"},
            ),
            r"\b(?:locked|locking|blocked|blocking|froze|freezing|closed|cancelled|cancelling|"
            r"canceled|suspended|deactivated)\s+(?:my|our|the)\s+(?:account|card|order|booking|"
            r"flight|subscription|number|line)\b",
        ),
        (
            Triggers(
                {"price", "prices", "fee", "fees", "bill", "rate"},
                {"raised", "raising", "increased", "hiked", "doubled", "up", "hike", "increase"},
            ),
            r"\b(?:raised|raising|increased|hiked|doubled)\s+(?:the\s+|my\s+|our\s+)?(?:price|prices|"
            r"fees?|bill|rate)\b|\bprices?\s+(?:up|hike|increase)\b",
        ),
        (
            {"nobody", "answer", "reply", "respond", "call", "get", "help", "fix", "show"},
            r"\bnobody\s+(?:answered|came|called|helped|replied|responded|showed|cares|knows)\b|"
            r"\b(?:didn't|did\s+not|doesn't|won't|never)\s+(?:answer|reply|respond|call\s+back|"
            r"get\s+back|help|fix|show)\b",
        ),
        (
            {"off", "sold", "queue", "kidding", "serious", "joking"},
            r"\b(?:smelled|smells|smelt|gone|went)\s+off\b|\bsold\s+out\b|\b(?:a|the)\s+queue\b|"
            r"\bare\s+you\s+(?:kidding|serious|joking)\b",
        ),
        (
            {"#digit"},
            rf"\b{_DURATION}\s+(?:on\s+hold|in\s+(?:the\s+)?(?:queue|line)|late|delay|delayed|"
            r"wait|waiting|queue|of\s+waiting|and\s+(?:still|counting|no)|later|for\s+a|"
            r"(?:on|at|in)\s+the\s+(?:tarmac|runway|gate|plane|airport|phone|lobby|store))\b",
        ),
        (
            Triggers({"#digit"}, _WAITED),
            rf"\b(?:waited|waiting|wait|stuck|sat|pending|queued|queue|delayed|late)\s+(?:for\s+)?"
            rf"(?:over\s+|nearly\s+|almost\s+)?{_DURATION}\b",
        ),
        (
            {"without"},
            r"\b(?:without\s+(?:telling|warning|notice|explanation|asking))\b|\bleft\s+without\b",
        ),
        (
            {"delivered", "again", "forgiving"},
            r"\bmarked\s+(?:as\s+)?delivered\b|\bnever\s+(?:again|forgiving)\b",
        ),
        (
            {"done", "give", "better", "sort", "fix", "deleting", "switching"},
            r"\bi(?:'m|\s+am)\s+done\b|\bi\s+give\s+up\b|\bdo\s+better\b|\bsort\s+it\s+out\b|"
            r"\bfix\s+(?:your|it|this)\b|\bdeleting\s+the\s+app\b|\bswitching\s+(?:away|provider)\b",
        ),
        # Words that are complaints on their own in a post to a brand.
        (set(_COMPLAINT_WORDS), r"\b(?:" + "|".join(_COMPLAINT_WORDS) + r")\b"),
    )
)

# Service failures the idioms above miss, each rule named so that bench/sentiment_domains.py
# can leave it out and measure what it adds on every domain; each matching rule counts once.
SERVICE_COMPLAINTS: tuple[tuple[str, frozenset[str], re.Pattern[str]], ...] = tuple(
    (name, _rule_triggers(triggers), re.compile(pattern, _I))
    for name, triggers, pattern in (
        (
            "refused",
            {"denied", "rejected", "refused", "declined", "without"},
            r"\b(?:refund|claim|request|compensation|complaint)\s+(?:was\s+|got\s+|has\s+been\s+)?"
            r"(?:denied|rejected|refused|declined)\b|\brefused\s+to\b|"
            r"\bwithout\s+(?:a\s+|any\s+)?(?:refund|compensation|notice|warning)\b",
        ),
        (
            "elapsed",
            Triggers({"been", "day", "week", "month"}, {"been", "for"}, _TIME_UNITS),
            r"\b(?:it'?s|it\s+has|has|have)\s+been\s+(?:over\s+)?(?:an?|\d+|two|three|four|five|six)\s+"
            r"(?:hours?|days?|weeks?|months?)\b|\bfor\s+(?:over\s+)?a\s+(?:week|month)\b",
        ),
        (
            "leaving",
            {"closing", "cancelling", "canceling", "cancel", "business"},
            r"\b(?:closing|cancell?ing|cancel)\s+my\s+(?:account|subscription|membership|contract|"
            r"card)\b|\btaking\s+my\s+business\b",
        ),
        (
            "blame",
            {"because", "one", "nobody"},
            # the idioms above have "nobody answered", "no one came" and the like already
            r"\bbecause\s+of\s+(?:you|your|u)\b|\bnobody\s+(?:answers|told)\b|"
            r"\bno\s+one\s+(?:answers|cares|told|replied|responded|called|showed)\b",
        ),
        (
            "fees",
            {"fee", "fees"},
            r"\b(?:hidden|extra|surprise|redelivery|cancellation|change|baggage|bag|resort|"
            r"overdraft|late)\s+fees?\b",
        ),
        ("day count", {"day"}, r"\bday\s+(?:\d+|two|three|four|five|six|seven)\b"),
        (
            "always late",
            {"always"},
            r"\balways\s+(?:late|delayed|down|broken|cancell?ed|full|closed|busy)\b",
        ),
    )
)

# Questions and requests for information or help: no opinion unless a word in them carries one
# strongly ("can I bring a bike?", "please DM me", "how do I change my PIN").
_QUESTION_WORDS = frozenset(
    (
        *("do", "does", "did", "can", "could", "will", "would", "is", "are", "was", "were", "am"),
        *("how", "what", "what's", "whats", "when", "where", "which", "who", "any", "should"),
        *("may", "has", "have"),
    )
)
_ASKED_FOR = frozenset(
    ("dm", "help", "advise", "confirm", "check", "call", "follow", "let", "send", "tell", "assist")
)
# One pattern per kind of request, each with its trigger tokens; a post is a request when any
# of them matches.
REQUESTS: tuple[tuple[Triggers, re.Pattern[str]], ...] = tuple(
    (triggers, re.compile(pattern, _I))
    for triggers, pattern in (
        (
            Triggers({"?"}, _QUESTION_WORDS),
            r"(?:^|[.!?]\s+)\W*(?:do|does|did|can|could|will|would|is|are|was|were|how|what|"
            r"what's|whats|when|where|which|who|any|should|may|has|have|am)\s[^.!?]*\?",
        ),
        (
            Triggers({"please"}, _ASKED_FOR),
            r"\bplease\s+(?:dm|help|advise|confirm|check|call|follow|let\s+me\s+know|send|tell|"
            r"assist)\b",
        ),
        (
            Triggers({"can", "could"}, {"you", "someone", "anyone", "u"}),
            r"\b(?:can|could)\s+(?:you|someone|anyone|u)\s+(?:please\s+)?(?:help|check|tell|"
            r"confirm|call|dm|look|advise|assist|let)\b",
        ),
        (Triggers({"how"}, {"do", "can"}), r"\bhow\s+(?:do|can)\s+i\b"),
        (
            Triggers({"need"}, {"help", "to"}),
            r"\bneed\s+(?:help|to\s+(?:change|update|add|cancel|know|book))\b",
        ),
        (Triggers({"dm"}, {"me"}), r"\bdm\s+me\b"),
        (Triggers({"follow"}, {"back", "me"}), r"\bfollow\s+(?:back|me)\b"),
    )
)
REQUEST_OPINION = 2.5  # VADER rating (of 4) from which a word is an opinion, not small talk

# Emoji that mock what they follow: eye-roll, unamused, upside-down, clown, face-palm.
MOCKING_EMOJI = frozenset("🙄😒🙃🤡🤦😑")
_MOCKING = re.compile("[" + "".join(sorted(MOCKING_EMOJI)) + "]")

# Phrases that are ironic on their own in a post to a brand, each with its trigger tokens; a post
# is ironic when any of them matches.
_OPENING_PRAISE = frozenset(
    (
        *("great", "wonderful", "fantastic", "brilliant", "perfect", "lovely", "awesome"),
        *("nice", "cool", "super"),
    )
)
_HARMS = frozenset(
    (
        *("charging", "losing", "cancelling", "canceling", "delaying", "locking", "blocking"),
        *("ruining", "wasting", "ignoring", "stranding", "overbooking", "bumping", "breaking"),
        *("forgetting", "hanging"),
    )
)
IRONIC_PHRASES: tuple[tuple[Triggers, re.Pattern[str]], ...] = tuple(
    (triggers, re.compile(pattern, _I))
    for triggers, pattern in (
        (Triggers({"needed"}, {"just"}, {"what"}), r"\bjust\s+what\s+i\s+needed\b"),
        (Triggers({"love"}, {"that"}, {"for"}), r"\blove\s+that\s+for\s+me\b"),
        (Triggers({"cool"}), r"\bcool\s+cool\s+cool\b"),
        (Triggers({"course"}, {"of"}, {"does"}), r"\bof\s+course\s+it\s+does\b"),
        (Triggers({"said"}, {"no"}), r"\bsaid\s+no\s+one\b"),
        (Triggers({"surprise"}, {"what"}), r"\bwhat\s+a\s+surprise\b"),
        (
            Triggers(_OPENING_PRAISE, {"another", "again", "yet", "more"}),
            r"(?:^|[.!?]\s+)(?:great|wonderful|fantastic|brilliant|perfect|lovely|awesome|nice|"
            r"cool|super)\s*[,!.]+\s+(?:another|again|yet|more)\b",
        ),
        (
            # Thanks for a harm: "thanks for losing my bag"
            Triggers({"thanks", "thank", "thx"}, {"for"}, _HARMS),
            r"\b(?:thanks|thank\s+you|thx)\s+(?:a\s+lot\s+)?(?:\S+\s+)?for\s+(?:charging|losing|"
            r"cancell?ing|delaying|locking|blocking|ruining|wasting|ignoring|stranding|overbooking|"
            r"bumping|breaking|forgetting|hanging\s+up)\b",
        ),
    )
)

# Praise that is ironic when the same post reports a failure. Narrow on purpose: customers also
# thank a brand for sorting out a failure ("thanks for rebooking me after the cancellation").
_PRAISE_WORD = (
    r"(?:great|nice|good|cool|brilliant|classy|super|impressive|awesome|fantastic|lovely|perfect|"
    r"wonderful|amazing|genius|stellar)"
)
_PRAISE_WORDS = frozenset(
    (
        *("great", "nice", "good", "cool", "brilliant", "classy", "super", "impressive"),
        *("awesome", "fantastic", "lovely", "perfect", "wonderful", "amazing", "genius", "stellar"),
    )
)
# One pattern per kind of praise, each with its trigger tokens; where several match, the
# earliest match counts (as if they were one pattern's branches).
PRAISES: tuple[tuple[Triggers, re.Pattern[str]], ...] = tuple(
    (triggers, re.compile(pattern, _I))
    for triggers, pattern in (
        (
            # A sentence of nothing but praise: "Great job guys." "Classy" "Well done." "Nice one"
            Triggers(_PRAISE_WORDS | {"done", "bravo"}),
            r"(?:^|[.!?,]\s*)\W*(?:oh\s*,?\s+)?(?:well\s+done|bravo|"
            + _PRAISE_WORD
            + r"(?:\s+(?:job|work|one|stuff|move|service|engineering|helpful|drop|effort|"
            r"planning))?)(?:\s+(?:guys|team|folks|all|everyone|again))?\s*(?:[.!]+|$)",
        ),
        # "Great, ..." / "Oh wonderful, ..." opening a post
        (Triggers(_PRAISE_WORDS), r"^\W*(?:oh\s*,?\s+)?" + _PRAISE_WORD + r"\s*,"),
        # A bare "thanks a lot"
        (Triggers({"thanks", "thank"}, {"lot"}), r"\bthanks?\s+a\s+lot\b(?!\s+for\b)"),
        (
            Triggers(
                {
                    "great",
                    "fantastic",
                    "excellent",
                    "amazing",
                    "wonderful",
                    "stellar",
                    "brilliant",
                    "superb",
                },
                {"as"},
                {"usual", "always"},
            ),
            r"\b(?:great|fantastic|excellent|amazing|wonderful|stellar|brilliant|superb)\s+"
            r"(?:\w+\s+)?as\s+(?:usual|always)\b",
        ),
        (
            Triggers(
                {"love"},
                {"how", "paying", "waiting", "spending", "being", "getting", "sitting", "standing"},
            ),
            r"\blove\s+(?:how|paying|waiting|spending|being|getting|sitting|standing)\b",
        ),
        (Triggers({"funny"}, {"how"}), r"\bfunny\s+how\b"),
        (Triggers({"way"}, {"go"}), r"\bway\s+to\s+go\b"),
        (Triggers({"move"}, {"bold", "smart"}), r"\b(?:bold|smart)\s+move\b"),
        (Triggers({"clockwork"}), r"\blike\s+clockwork\b"),
    )
)

# Thanks for a failure put right ("thanks for rebooking me after the cancellation") close the
# complaint, unless the post goes on with "but", "still" or "yet".
_THANKS = re.compile(
    r"\b(?:thanks|thank\s+you|thx|ty|appreciate|appreciated|kudos|props|shout\s*out|grateful)\b",
    _I,
)
_BUT = re.compile(r"\bbut\b", _I)
_GOES_ON = re.compile(r"\b(?:but|still|yet|however|though|although|again)\b", _I)
_THANKS_TRIGGERS = frozenset(
    [
        "thanks",
        "thank",
        "thx",
        "ty",
        "appreciate",
        "appreciated",
        "kudos",
        "props",
        "shout",
        "shoutout",
        "grateful",
    ]
)

_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Cues:
    """What the cues found in one cleaned post."""

    complaints: int  # complaint idioms matched
    sarcastic: bool
    request: bool = False  # a question or request for information or help, not a complaint


def vocabulary(cleaned: str, tokens: Iterable[Token]) -> frozenset[str]:
    """The post's tokens as a set, plus "#digit" when it has a number: what triggers a rule."""
    words = {token.text for token in tokens}
    if _DIGIT.search(cleaned):
        words.add("#digit")
    return frozenset(words)


class _Index(NamedTuple):
    """Trigger token -> the rules (by position) it can set off; and all trigger tokens."""

    rules: dict[str, tuple[int, ...]]
    triggers: frozenset[str]
    size: int  # rules in all
    also: tuple[tuple[frozenset[str], ...], ...]  # each rule's further groups (`Triggers.also`)
    grouped: frozenset[int]  # the rules that have further groups


def _index(triggers: Sequence[frozenset[str]]) -> _Index:
    index: dict[str, list[int]] = {}
    for position, words in enumerate(triggers):
        for word in words:
            index.setdefault(word, []).append(position)
    rules = {word: tuple(found) for word, found in index.items()}
    also = tuple(map(Triggers.groups_after, triggers))
    grouped = frozenset(position for position, groups in enumerate(also) if groups)
    return _Index(rules, frozenset(rules), len(triggers), also, grouped)


_SLANG_INDEX = _index([triggers for triggers, _, _ in SLANG])
_COMPLAINT_INDEX = _index([triggers for triggers, _ in COMPLAINT_IDIOMS])
_SERVICE_INDEX = _index([triggers for _, triggers, _ in SERVICE_COMPLAINTS])
_REQUEST_INDEX = _index([triggers for triggers, _ in REQUESTS])
_IRONIC_INDEX = _index([triggers for triggers, _ in IRONIC_PHRASES])
_PRAISE_INDEX = _index([triggers for triggers, _ in PRAISES])


def _candidates(index: _Index, words: frozenset[str] | None) -> Sequence[int]:
    """Positions of the rules the post's tokens can set off, in rule order (all without words)."""
    if words is None:
        return range(index.size)
    hits = index.triggers & words  # two frozensets: C walks the smaller, the post's few words
    if not hits:
        return ()
    if len(hits) == 1:  # most often: one word's rules, in order already
        rules: Sequence[int] = index.rules[next(iter(hits))]
    else:
        rules = sorted({rule for word in hits for rule in index.rules[word]})
    if index.grouped.isdisjoint(rules):
        return rules
    also = index.also
    return [rule for rule in rules if all(not group.isdisjoint(words) for group in also[rule])]


def _fires(triggers: frozenset[str], words: frozenset[str] | None) -> bool:
    return words is None or not triggers.isdisjoint(words)


def _any_match(
    index: _Index,
    rules: Sequence[tuple[frozenset[str], re.Pattern[str]]],
    cleaned: str,
    words: frozenset[str] | None,
    lowered: str | None,
) -> bool:
    """Whether any of `rules` that the post's tokens can set off matches."""
    return any(search(rules[rule][1], cleaned, lowered) for rule in _candidates(index, words))


def rewrite_slang(cleaned: str, words: frozenset[str] | None = None) -> str:
    """Replace slang with a plain word of the intended sense ("this is sick 🔥" -> awesome).

    `words` (from `vocabulary`) skips the rules none of whose triggers the post has; None runs
    every rule, which gives the same result, only slower.
    """
    for rule in _candidates(_SLANG_INDEX, words):
        _, pattern, plain = SLANG[rule]
        cleaned = pattern.sub(plain, cleaned)
    return cleaned


def complaint_count(
    cleaned: str,
    words: frozenset[str] | None = None,
    without: frozenset[str] = frozenset(),
    lowered: str | None = None,
) -> int:
    """How many complaint idioms the post uses (each counts once); `words` as in rewrite_slang.

    `without` names SERVICE_COMPLAINTS rules to leave out (the benchmark's ablation);
    `lowered` is `folding.folded(cleaned)` when the caller has it.
    """
    count = 0
    for rule in _candidates(_COMPLAINT_INDEX, words):
        if search(COMPLAINT_IDIOMS[rule][1], cleaned, lowered):
            count += 1
    for rule in _candidates(_SERVICE_INDEX, words):
        name, _, pattern = SERVICE_COMPLAINTS[rule]
        if name not in without and search(pattern, cleaned, lowered):
            count += 1
    return count


def is_request(
    cleaned: str, words: frozenset[str] | None = None, lowered: str | None = None
) -> bool:
    """A question or request for information or help with no strong opinion word in it.

    "Can I bring a bike?" and "please DM me" are neutral; "how was your dinner? amazing!" is
    not: a word VADER rates REQUEST_OPINION or more either way keeps the post's opinion.
    """
    if not _any_match(_REQUEST_INDEX, REQUESTS, cleaned, words, lowered):
        return False
    lexicon = vader().lexicon
    tokens = words if words is not None else {token.text for token in tokenize(cleaned)}
    return all(abs(lexicon.get(word, 0.0)) < REQUEST_OPINION for word in tokens)


def _ironic_praise(
    cleaned: str, lowered: str | None = None, words: frozenset[str] | None = None
) -> bool:
    """Praise in a post with a complaint, unless a "but" before the first praise turns the post
    round ("the seat was broken but the crew moved me, great service")."""
    starts = [
        found.start()
        for rule in _candidates(_PRAISE_INDEX, words)
        if (found := search(PRAISES[rule][1], cleaned, lowered)) is not None
    ]
    if not starts:
        return False
    start = min(starts)
    return search(_BUT, cleaned[:start], lowered and lowered[:start]) is None


def read(
    cleaned: str, words: frozenset[str] | None = None, without: frozenset[str] = frozenset()
) -> Cues:
    """Complaint idioms, sarcasm and requests in a cleaned, slang-rewritten post.

    `without` names cues to leave out: SERVICE_COMPLAINTS rules or "request" (for the bench).
    """
    lowered = folded(cleaned)
    complaints = complaint_count(cleaned, words, without, lowered)
    mocking = not cleaned.isascii() and _MOCKING.search(cleaned) is not None  # emoji only
    ironic = _any_match(_IRONIC_INDEX, IRONIC_PHRASES, cleaned, words, lowered)
    praise = complaints > 0 and _ironic_praise(cleaned, lowered, words)
    sarcastic = mocking or ironic or praise
    if (
        complaints
        and not sarcastic
        and _fires(_THANKS_TRIGGERS, words)
        and search(_THANKS, cleaned, lowered)
        and not search(_GOES_ON, cleaned, lowered)
    ):
        complaints = 0  # a complaint the writer thanks the brand for resolving
    request = (
        "request" not in without
        and not complaints
        and not sarcastic
        and is_request(cleaned, words, lowered)
    )
    return Cues(complaints, sarcastic, request)
