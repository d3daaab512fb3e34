"""One translation layer for every text a person reads: gettext catalogs and Babel's formats.

The English strings in the code are the message ids; `bot/locale/<lang>/LC_MESSAGES/vahti.po`
holds the translations and is compiled in memory on first use (Babel's `read_po` + `write_mo`),
so no binary catalog is committed. Numbers, dates, month and weekday names come from Babel's
CLDR data, so Finnish reads "1 566", "71 %", "ke 2.12.", "klo 10.00" and "joulukuu 2026".

A surface (handler, job, CLI) picks the translator of the workspace's locale and passes it down;
builders take it as `t` and write `_ = t.gettext`. Pure code that only names a message marks it
with `N_` (found by `pybabel extract`) and leaves the translating to the surface; where such code
also fills the message in (a rejected row's reason, an unusable file), it returns a `Phrase`:
the English text, which logs, JSON and tests read as before, holding its id and fields so that
the surface can say it in the team's language.
"""

from __future__ import annotations

import gettext
from datetime import date, datetime, time
from functools import cache
from importlib import resources
from io import BytesIO

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberPattern, format_decimal, format_percent, parse_pattern

DOMAIN = "vahti"
LOCALES = ("en", "fi")


@cache
def _parsed(pattern: str) -> NumberPattern:
    """A number pattern parsed once (Babel parses a pattern string again at every call)."""
    return parse_pattern(pattern)


# Date and time shapes by name, per locale: English keeps the forms Vahti always showed,
# Finnish follows the Finnish way (day.month., "klo 10.00", month names in the nominative).
_PATTERNS: dict[str, dict[str, str]] = {
    "time": {"en": "HH:mm", "fi": "H.mm"},
    "weekday_time": {"en": "EEE HH:mm", "fi": "EEE 'klo' H.mm"},
    "day": {"en": "EEE d MMM y", "fi": "EEE d.M.y"},
    "day_short": {"en": "EEE d MMM", "fi": "EEE d.M."},
    "weekday_date_time": {"en": "EEE dd MMM HH:mm", "fi": "EEE d.M. 'klo' H.mm"},
    "date": {"en": "d MMM y", "fi": "d.M.y"},
    "date_padded": {"en": "dd MMM", "fi": "d.M."},
    "day_month": {"en": "d MMM", "fi": "d.M."},
    "day_only": {"en": "d", "fi": "d."},
    "month": {"en": "MMMM y", "fi": "LLLL y"},
    "month_short": {"en": "MMM y", "fi": "LLLL y"},
    "month_name": {"en": "MMM", "fi": "LLLL"},
    "note_time": {"en": "dd.MM. HH:mm", "fi": "d.M. 'klo' H.mm"},
    "stamp": {"en": "yyyy-MM-dd HH:mm", "fi": "d.M.y 'klo' H.mm"},
}


def N_(message: str) -> str:
    """Mark a message id for extraction; the surface translates it with `Translator.gettext`."""
    return message


class Phrase(str):
    """English text made from a marked message id and its fields, sayable in any locale.

    A `str` (the English), so code that stores, compares or serialises it is unchanged; a field
    may itself be a `Phrase` (a reason inside "line 12: {reason}"), said in the same language.
    """

    id: str
    fields: dict[str, object]

    def __new__(cls, message_id: str, /, **fields: object) -> Phrase:
        self = super().__new__(cls, message_id.format(**fields) if fields else message_id)
        self.id = message_id
        self.fields = fields
        return self

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled by id and fields (a worker process may send one back)."""
        return (_phrase, (self.id, self.fields))

    def text(self, t: Translator) -> str:
        """The message in `t`'s language."""
        if not self.fields:
            return t.gettext(self.id)
        fields = {k: said(v, t) if isinstance(v, str) else v for k, v in self.fields.items()}
        return t.gettext(self.id).format(**fields)


def _phrase(message_id: str, fields: dict[str, object]) -> Phrase:
    return Phrase(message_id, **fields)


def said(text: str, t: Translator) -> str:
    """`text` in `t`'s language when it is a `Phrase`; any other text as it is (a library's
    own error message, a file name)."""
    return text.text(t) if isinstance(text, Phrase) else text


class Problem(ValueError):
    """An error a person reads: `str()` is the English (logs, JSON); `text(t)` says it in `t`'s
    language. Raised with a marked id and its fields, or with a `Phrase` made elsewhere."""

    def __init__(self, message: str, /, **fields: object) -> None:
        if isinstance(message, Phrase) and not fields:
            self.phrase = message
        else:
            self.phrase = Phrase(message, **fields)
        super().__init__(self.phrase)

    def text(self, t: Translator) -> str:
        """The problem in `t`'s language."""
        return self.phrase.text(t)


class Translator:
    """Messages and formats of one locale."""

    def __init__(self, locale: str, catalog: gettext.NullTranslations) -> None:
        self.locale = locale
        self._catalog = catalog
        self._babel = Locale.parse(locale)

    def gettext(self, message: str) -> str:
        """The message in this locale (the English id when it has no translation)."""
        return self._catalog.gettext(message) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The singular or plural form this locale uses for `n`."""
        return self._catalog.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """A message whose English is ambiguous, told apart by `context`."""
        return self._catalog.pgettext(context, message)

    def num(self, value: float, digits: int = 0) -> str:
        """A number with the locale's grouping and decimal mark: "1,566" / "1 566"."""
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=_parsed(pattern), locale=self._babel)

    def signed(self, value: float, digits: int = 0) -> str:
        """A number with its sign always shown: "+12", "-3.5" / "-3,5"."""
        body = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=_parsed(f"+{body};-{body}"), locale=self._babel)

    def pct(self, ratio: float, digits: int = 0) -> str:
        """A ratio in percent: "71%" / "71 %"."""
        pattern = str(self._babel.percent_formats[None].pattern)  # "#,##0%", "#,##0 %"
        if digits:
            pattern = pattern.replace("#,##0", "#,##0." + "0" * digits, 1)
        return format_percent(ratio, format=_parsed(pattern), locale=self._babel)

    def times(self, ratio: float) -> str:
        """A ratio as a multiple: "1.6×" / "1,6×"."""
        return self.num(ratio, 1) + "×"

    def date(self, value: date | datetime, shape: str) -> str:
        """A date (or an aware local datetime) in one of the named shapes of `_PATTERNS`."""
        pattern = _PATTERNS[shape].get(self.locale) or _PATTERNS[shape]["en"]
        if isinstance(value, datetime):
            return format_datetime(value, pattern, tzinfo=value.tzinfo, locale=self._babel)
        return format_date(value, pattern, locale=self._babel)

    def clock(self, hour: int, minute: int = 0) -> str:
        """A time of day: "08:00" / "8.00"."""
        pattern = _PATTERNS["time"].get(self.locale) or _PATTERNS["time"]["en"]
        return format_time(time(hour, minute), pattern, locale=self._babel)

    def weekday(self, index: int) -> str:
        """The full name of a weekday (0 = Monday), as a standalone word."""
        names = self._babel.days["stand-alone"]["wide"]
        return str(names[index])


def _compiled(locale: str) -> gettext.NullTranslations:
    """The locale's .po compiled in memory; English needs none (the ids are English)."""
    path = resources.files("bot").joinpath(f"locale/{locale}/LC_MESSAGES/{DOMAIN}.po")
    if locale == "en" or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale, domain=DOMAIN)
    mo = BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return gettext.GNUTranslations(mo)


@cache
def _translator(code: str) -> Translator:
    return Translator(code, _compiled(code))


def translator(locale: str | None) -> Translator:
    """The translator of a workspace locale (`config.locale`); unknown locales read English."""
    return _translator(locale if locale in LOCALES else "en")


ENGLISH = translator("en")
