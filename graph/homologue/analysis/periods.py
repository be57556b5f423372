"""Partial dates as the store keeps them ("2024", "2024-04", "2024-04-24"): windows, gaps, periods.

Dates stay text at their own precision; they are compared on their first day, so a contact in
"2022-10" and one on "2024-04-24" are 18 months apart and a month-precise "2023-03" contact is
not placed after one on "2023-03-15".

>>> precision("2024-04"), start("2024-04")
('month', datetime.date(2024, 4, 1))
>>> in_window("2024-04", since="2024", until="2024-06-30")
True
>>> parse_gap("18m"), parse_gap("2y"), parse_gap("90d"), parse_gap("3w")
((18, 0), (24, 0), (0, 90), (0, 21))
>>> at_least_apart("2022-10", "2024-04-24", parse_gap("18m"))
True
>>> at_least_apart("2022-10-19", "2024-04-03", parse_gap("18m"))
False
>>> describe_gap("2022-10-19", "2024-04-24")
'18 months'
>>> period_of("2024-05-02", "quarter"), period_of("2024", "quarter"), period_of("2024-11", "year")
('2024-Q2', None, '2024')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from homologue.errors import InputError

GAP_UNITS = {"d": (0, 1), "w": (0, 7), "m": (1, 0), "y": (12, 0)}


def precision(date: str) -> str:
    """'day', 'month' or 'year' from the shape of the literal."""
    return {4: "year", 7: "month"}.get(len(date), "day")


def start(date: str) -> dt.date:
    """The first day a partial date can mean."""
    parts = [int(p) for p in date[:10].split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def compatible(a: str, b: str) -> bool:
    """True when one date contains the other ("2023-03" and "2023-03-15"): maybe the same day."""
    return a.startswith(b) or b.startswith(a)


def in_window(date: str | None, since: str | None = None, until: str | None = None) -> bool:
    """Compare at the coarser precision of the two, so ``since="2024"`` keeps all of 2024.

    An undated event is outside any window but inside "no window".
    """
    if date is None:
        return since is None and until is None
    if since and date[:len(since)] < since[:len(date)]:
        return False
    return not (until and date[:len(until)] > until[:len(date)])


def parse_gap(text: str) -> tuple[int, int]:
    """'6m', '18m', '1y', '90d', '2w' (or '1y6m') as (months, days)."""
    parts = re.fullmatch(r"\s*((?:\d+\s*[dwmy]\s*)+)", text.lower())
    if not parts:
        raise InputError(f"cannot read the gap {text!r}: write it like 6m, 18m, 1y, 90d or 2w")
    months = days = 0
    for number, unit in re.findall(r"(\d+)\s*([dwmy])", parts.group(1)):
        months += int(number) * GAP_UNITS[unit][0]
        days += int(number) * GAP_UNITS[unit][1]
    return months, days


def add_gap(day: dt.date, gap: tuple[int, int]) -> dt.date:
    """Calendar arithmetic: 31 January plus one month is the last day of February."""
    months, days = gap
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last)) + dt.timedelta(days=days)


def at_least_apart(earlier: str, later: str, gap: tuple[int, int]) -> bool:
    return add_gap(start(earlier), gap) <= start(later)


def days_between(earlier: str, later: str) -> int:
    return (start(later) - start(earlier)).days


def describe_gap(earlier: str, later: str) -> str:
    """A gap in the unit a reader expects: days under two months, else months (or years)."""
    a, b = start(earlier), start(later)
    days = (b - a).days
    if days < 60:
        return f"{days} day" + ("s" if days != 1 else "")
    months = (b.year - a.year) * 12 + b.month - a.month - (1 if b.day < a.day else 0)
    return f"{months} months"


def period_of(date: str | None, period: str) -> str | None:
    """The year ("2024") or quarter ("2024-Q2") of a date; None if the date is too coarse."""
    if date is None:
        return None
    if period == "year":
        return date[:4]
    if period == "quarter":
        if len(date) < 7:
            return None
        return f"{date[:4]}-Q{(int(date[5:7]) - 1) // 3 + 1}"
    if period == "month":
        return date[:7] if len(date) >= 7 else None
    raise InputError(f"unknown period {period!r}: use year, quarter or month")
