"""Dates in French and English news text, resolved at the precision the text gives.

An expression is resolved against the publication date ("ce mercredi", "last week") or against
the date mentioned just before it ("le mois précédent" after "en avril 2023" is March 2023).

>>> pub = PartialDate.parse("2024-04-03")
>>> [(m.text, m.resolve(pub, None).iso) for m in find_dates("Le 22 mars, puis hier.", "fr")]
[('Le 22 mars', '2024-03-22'), ('hier', '2024-04-02')]
>>> prev = PartialDate.parse("2023-04")
>>> find_dates("le mois précédent", "fr")[0].resolve(pub, prev).iso
'2023-03'
"""

from __future__ import annotations

import calendar
import functools
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

PRECISIONS = ("year", "month", "day")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> PartialDate | None:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None stays None."""
        if not text:
            return None
        parts = [int(p) for p in str(text).split("-")]
        return cls(*parts)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def coarsen(self, precision: str) -> PartialDate:
        """The same date at a lower precision (never a higher one)."""
        keep = min(PRECISIONS.index(precision), PRECISIONS.index(self.precision))
        return PartialDate(self.year, self.month if keep >= 1 else None,
                           self.day if keep >= 2 else None)

    def add_months(self, months: int) -> PartialDate:
        index = self.year * 12 + (self.month or 1) - 1 + months
        year, month0 = divmod(index, 12)
        if not self.month:
            return PartialDate(year)
        day = min(self.day, calendar.monthrange(year, month0 + 1)[1]) if self.day else None
        return PartialDate(year, month0 + 1, day)

    def add_days(self, days: int) -> PartialDate:
        """Days move a day-precision date; a coarser one stays (no precision is invented)."""
        if self.day:
            return from_date(self.first_day() + dt.timedelta(days=days))
        return self

    def agrees_with(self, other: PartialDate) -> bool:
        """True when both could be the same day at the coarser of the two precisions."""
        coarse = min(PRECISIONS.index(self.precision), PRECISIONS.index(other.precision))
        return self.coarsen(PRECISIONS[coarse]) == other.coarsen(PRECISIONS[coarse])


def from_date(value: dt.date) -> PartialDate:
    return PartialDate(value.year, value.month, value.day)


def is_historical(event: PartialDate, published: PartialDate | None, days: int = 30) -> bool:
    """An event is historical when it ended well before the report (more than ``days``)."""
    if published is None:
        return False
    return (published.first_day() - event.last_day()).days > days


MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "en": ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"],
}
_MONTH_ALIASES = {"fevrier": 2, "aout": 8, "decembre": 12, "sept": 9, "jan": 1, "feb": 2,
                  "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
                  "nov": 11, "dec": 12}
WEEKDAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
}


def month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    for names in MONTHS.values():
        if word in names:
            return names.index(word) + 1
    return _MONTH_ALIASES.get(word)


Resolver = Callable[[PartialDate | None, PartialDate | None], PartialDate | None]


@dataclass(frozen=True)
class DateMention:
    """A date expression in a text: where it is and how to resolve it."""

    start: int
    end: int
    text: str
    resolver: Resolver
    absolute: bool  # gives its own year: an anchor for what follows
    since: bool = False  # "depuis octobre 2022": the start of a span, not the date of an event

    def resolve(self, published: PartialDate | None,
                previous: PartialDate | None) -> PartialDate | None:
        return self.resolver(published, previous)


def _in_past_year(month: int, day: int | None, published: PartialDate | None) -> PartialDate | None:
    """A month (and day) without a year: the latest such date not after publication."""
    if published is None:
        return None
    year = published.year
    if published.month and (month, day or 0) > (published.month, published.day or 31):
        year -= 1
    return PartialDate(year, month, day)


def _weekday(weekday: int, direction: int) -> Resolver:
    """A weekday named relative to publication (-1 last, 0 this, +1 next)."""

    def resolve(published: PartialDate | None, _prev: PartialDate | None) -> PartialDate | None:
        if published is None:
            return None
        if not published.day:
            return published  # without the day of publication the day cannot be known
        today = published.first_day()
        delta = (today.weekday() - weekday) % 7
        if direction > 0:
            return from_date(today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7))
        if direction < 0 and delta == 0:
            delta = 7
        return from_date(today - dt.timedelta(days=delta))

    return resolve


def _relative(unit: str, amount: int, to_previous: bool = False) -> Resolver:
    def resolve(published: PartialDate | None, previous: PartialDate | None) -> PartialDate | None:
        base = previous if to_previous and previous else published
        if base is None:
            return None
        if unit == "day":
            return base.add_days(amount)
        if unit == "week":
            return base.add_days(7 * amount).coarsen("month")
        if unit == "month":
            return base.add_months(amount).coarsen("month")
        return PartialDate(base.year + amount)

    return resolve


def _fixed(value: PartialDate) -> Resolver:
    return lambda _pub, _prev: value


_NUM = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
        "huit": 8, "neuf": 9, "dix": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
        "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a": 1}


@functools.lru_cache(maxsize=None)
def _patterns(lang: str) -> list[tuple[re.Pattern, Callable[[re.Match], DateMention | None]]]:
    months = "|".join(MONTHS[lang] + (["fevrier", "aout", "decembre"] if lang == "fr" else
                                       ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept",
                                        "sep", "oct", "nov", "dec"]))
    days = "|".join(WEEKDAYS[lang])
    year = r"(?:19|20)\d{2}"
    flags = re.IGNORECASE

    def mention(m: re.Match, resolver: Resolver, absolute: bool) -> DateMention:
        since = bool(m.groupdict().get("since"))
        return DateMention(m.start(), m.end(), m.group(0), resolver, absolute, since)

    def day_month_year(m: re.Match) -> DateMention | None:
        month = month_number(m.group("month"))
        day = int(m.group("day"))
        if not month or not 1 <= day <= 31:
            return None
        if m.group("year"):
            try:
                dt.date(int(m.group("year")), month, day)
            except ValueError:
                return None
            return mention(m, _fixed(PartialDate(int(m.group("year")), month, day)), True)
        return mention(m, lambda pub, _p: _in_past_year(month, day, pub), False)

    def month_year(m: re.Match) -> DateMention | None:
        month = month_number(m.group("month"))
        if not month:
            return None
        return mention(m, _fixed(PartialDate(int(m.group("year")), month)), True)

    def month_only(m: re.Match) -> DateMention | None:
        month = month_number(m.group("month"))
        if not month:
            return None
        return mention(m, lambda pub, _p: _in_past_year(month, None, pub), False)

    def year_only(m: re.Match) -> DateMention:
        return mention(m, _fixed(PartialDate(int(m.group("year")))), True)

    def weekday(direction: int) -> Callable[[re.Match], DateMention]:
        def build(m: re.Match) -> DateMention:
            index = WEEKDAYS[lang].index(m.group("weekday").lower())
            return mention(m, _weekday(index, direction), False)

        return build

    def relative(unit: str, amount: int, to_previous: bool = False):
        return lambda m: mention(m, _relative(unit, amount, to_previous), False)

    def ago(unit: str):
        def build(m: re.Match) -> DateMention:
            word = m.group("n").lower()
            n = int(word) if word.isdigit() else _NUM.get(word, 1)
            return mention(m, _relative(unit, -n), False)

        return build

    since = r"(?P<since>depuis\s+|since\s+)?"
    if lang == "fr":
        table = [
            (rf"{since}(?:le\s+)?(?P<day>\d{{1,2}})(?:er)?\s+(?P<month>{months})(?:\s+(?P<year>{year}))?\b",
             day_month_year),
            (rf"{since}(?:(?:en|au mois d[e'])\s*)?(?P<month>{months})\s+(?:de\s+l'année\s+)?(?P<year>{year})\b",
             month_year),
            (rf"{since}(?:en|au mois d[e'])\s*(?P<month>{months})\s+(?:de\s+)?(?:cette|l'|l’)\s*année(?:\s+dernière)?\b",
             month_only),
            (rf"{since}(?P<month>{months})\s+derni(?:er|ère)\b", month_only),
            (rf"{since}(?:en|au mois d[e'])\s*(?P<month>{months})\b", month_only),
            (rf"{since}(?:en|depuis)\s+(?P<year>{year})\b", year_only),
            (r"\bavant-hier\b", relative("day", -2)),
            (r"\bhier\b", relative("day", -1)),
            (r"\baujourd'hui\b|\bce matin\b|\bce soir\b", relative("day", 0)),
            (rf"\b(?:ce\s+)?(?P<weekday>{days})\s+derni(?:er|ère)\b", weekday(-1)),
            (rf"\b(?P<weekday>{days})\s+prochain\b", weekday(1)),
            (rf"\b(?:ce\s+|le\s+)?(?P<weekday>{days})\b(?!\s+\d)", weekday(0)),
            (r"\b(?:le\s+)?mois\s+(?:précédent|d'avant|avant)\b|\ble\s+mois\s+d'avant\b",
             relative("month", -1, to_previous=True)),
            (r"\bl'année\s+(?:précédente|d'avant)\b", relative("year", -1, to_previous=True)),
            (r"\b(?:le\s+)?mois\s+dernier\b", relative("month", -1)),
            (r"\b(?:la\s+)?semaine\s+dernière\b", relative("week", -1)),
            (r"\bl'an(?:née)?\s+derni(?:er|ère)\b|\bl'an\s+passé\b", relative("year", -1)),
            (r"\bcette\s+année\b", relative("year", 0)),
            (r"\bil\s+y\s+a\s+(?P<n>\d+|\w+)\s+jours?\b", ago("day")),
            (r"\bil\s+y\s+a\s+(?P<n>\d+|\w+)\s+semaines?\b", ago("week")),
            (r"\bil\s+y\s+a\s+(?P<n>\d+|\w+)\s+mois\b", ago("month")),
            (r"\bil\s+y\s+a\s+(?P<n>\d+|\w+)\s+ans?\b", ago("year")),
        ]
    else:
        table = [
            (rf"{since}(?:on\s+)?(?P<month>{months})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>{year}))?\b",
             day_month_year),
            (rf"{since}(?:on\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{months})(?:,?\s+(?P<year>{year}))?\b",
             day_month_year),
            (rf"{since}(?:in\s+)?(?P<month>{months})\s+(?:of\s+)?(?P<year>{year})\b", month_year),
            (rf"{since}\blast\s+(?P<month>{months})\b", month_only),
            (rf"{since}\bin\s+(?P<month>{months})\b(?!\s+\d)", month_only),
            (rf"{since}\b(?:in\s+)(?P<year>{year})\b", year_only),
            (r"\bthe\s+day\s+before\s+yesterday\b", relative("day", -2)),
            (r"\byesterday\b", relative("day", -1)),
            (r"\btoday\b|\bthis\s+morning\b|\bthis\s+evening\b|\btonight\b", relative("day", 0)),
            (rf"\blast\s+(?P<weekday>{days})\b", weekday(-1)),
            (rf"\bnext\s+(?P<weekday>{days})\b", weekday(1)),
            (rf"\b(?:on\s+|this\s+)?(?P<weekday>{days})\b", weekday(0)),
            (r"\bthe\s+(?:previous|preceding)\s+month\b|\bthe\s+month\s+before\b",
             relative("month", -1, to_previous=True)),
            (r"\bthe\s+(?:previous|preceding)\s+year\b|\bthe\s+year\s+before\b",
             relative("year", -1, to_previous=True)),
            (r"\blast\s+month\b", relative("month", -1)),
            (r"\blast\s+week\b", relative("week", -1)),
            (r"\blast\s+year\b", relative("year", -1)),
            (r"\bthis\s+year\b", relative("year", 0)),
            (r"\b(?P<n>\d+|\w+)\s+days?\s+ago\b", ago("day")),
            (r"\b(?P<n>\d+|\w+)\s+weeks?\s+ago\b", ago("week")),
            (r"\b(?P<n>\d+|\w+)\s+months?\s+ago\b", ago("month")),
            (r"\b(?P<n>\d+|\w+)\s+years?\s+ago\b", ago("year")),
        ]
    return [(re.compile(p, flags), build) for p, build in table]


def find_dates(text: str, lang: str, offset: int = 0) -> list[DateMention]:
    """The date expressions of a text, left to right, without overlaps (longest first)."""
    patterns = _patterns(lang)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern, build in patterns:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            mention = build(match)
            if mention is None:
                continue
            taken.append((match.start(), match.end()))
            found.append(DateMention(mention.start + offset, mention.end + offset, mention.text,
                                     mention.resolver, mention.absolute, mention.since))
    return sorted(found, key=lambda m: m.start)
