"""Dates and periods as authors write them, read as of a page's week.

"December 11", "Dec. 11", "Thursday", "12/11", "2025-12-11"; "this week", "in three weeks",
"since November 20", "year to date", "on Thursday". Pure: text and the week's last session in,
dates out. Anything not recognised is ``None``: a claim whose time is unclear is left alone.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = tuple(calendar.month_name)[1:]
MONTH_ABBR = tuple(calendar.month_abbr)[1:]
WEEKDAYS = tuple(calendar.day_name)
NUMBERS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty",
)  # fmt: skip
ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth",
)  # fmt: skip

_MONTH = "|".join(MONTHS) + "|" + "|".join(a for a in MONTH_ABBR if a != "May") + r"|Sept"
DATE = (
    rf"(?:(?:{'|'.join(WEEKDAYS)}),?\s+)?"
    rf"(?:(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?"
    r"|(?P<iso>\d{4}-\d{2}-\d{2})"
    r"|(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{2}|\d{4}))?"
    rf"|(?P<weekday>{'|'.join(WEEKDAYS)}))"
)
DATE_RE = re.compile(rf"\b{DATE}\b")


@dataclass(frozen=True)
class Period:
    """The time a change is claimed over: ``week`` (n weeks), ``since`` a date, ``ytd`` or a
    single ``day``."""

    kind: str
    weeks: int = 1
    day: date | None = None

    def describe(self) -> str:
        if self.kind == "week":
            return "this week" if self.weeks == 1 else f"over {self.weeks} weeks"
        if self.kind == "ytd":
            return "year to date"
        if self.kind == "since":
            return f"since {self.day}"
        return f"on {self.day}"


def count(word: str) -> int | None:
    """'3', 'three' → 3; anything else None."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBERS.index(word) + 1 if word in NUMBERS else None


def ordinal(word: str) -> int | None:
    """'third', '3rd' → 3; anything else None."""
    word = word.lower()
    if word in ORDINALS:
        return ORDINALS.index(word) + 1
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word)
    return int(match.group(1)) if match else None


def read_date(match: re.Match[str], week: date) -> date | None:
    """The date a ``DATE_RE`` match names, as of ``week`` (the page's last session)."""
    try:
        if match.group("iso"):
            return date.fromisoformat(match.group("iso"))
        if match.group("month"):
            month = _month_number(match.group("month"))
            return _in_year(month, int(match.group("day")), match.group("year"), week)
        if match.group("m"):
            return _in_year(int(match.group("m")), int(match.group("d")), match.group("y"), week)
    except ValueError:
        return None
    return weekday_before(match.group("weekday"), week)


def _month_number(name: str) -> int:
    name = name[:3].title()
    return MONTH_ABBR.index(name) + 1


def _in_year(month: int, day: int, year: str | None, week: date) -> date:
    """A month and day without a year: the latest such date on or before the week."""
    if year:
        full = int(year) + (2000 if len(year) == 2 else 0)
        return date(full, month, day)
    guess = date(week.year, month, day)
    return guess if guess <= week else date(week.year - 1, month, day)


def weekday_before(name: str, week: date) -> date:
    """'Thursday' on a page of the week ending ``week``: that week's Thursday (or the last
    one before the week's end)."""
    back = (week.weekday() - WEEKDAYS.index(name)) % 7
    return week - timedelta(days=back)


def find_dates(text: str, week: date) -> list[tuple[re.Match[str], date]]:
    found = []
    for match in DATE_RE.finditer(text):
        day = read_date(match, week)
        if day is not None:
            found.append((match, day))
    return found


def one_date(text: str, week: date) -> date | None:
    """The one date ``text`` names, when it names no other time besides ("last week")."""
    found = find_dates(text, week)
    rest = text
    for match, _ in reversed(found):
        rest = rest[: match.start()] + rest[match.end() :]
    days = {day for _, day in found}
    return days.pop() if len(days) == 1 and not other_time(rest) else None


PERIODS = (
    ("week", re.compile(r"\b(?:this|the|on the|for the|over the) week\b|\bweekly\b", re.I)),
    (
        "weeks",
        re.compile(
            r"\b(?:in|over|across)\s+(?:the\s+(?:past|last)\s+)?(?P<n>\d+|[a-z]+)\s+weeks\b", re.I
        ),
    ),
    (
        "ytd",
        re.compile(
            r"\byear[- ]to[- ]date\b|\bso far this year\b|\bfor the year\b|\bthis year\b|"
            r"\bYTD\b|\bin 20\d\d\b",
            re.I,
        ),
    ),
    ("since", re.compile(rf"\b(?:since|from)\s+(?:the close (?:of|on)\s+)?{DATE}", re.I)),
    ("day", re.compile(rf"\b[Oo]n\s+{DATE}")),
)
# Words that put a claim in some other time than those above (or tie it to an event, such as
# earnings, rather than a period): such a claim is left alone.
OTHER_TIMES = re.compile(
    r"\b(?:month|months|quarter(?![- ]point)|year|years|session|sessions|today|yesterday|days|"
    r"last week|next week|weeks?\s+ago|since|from|over|in a row|stretch|January|February|"
    r"March|April|June|July|August|September|October|November|December|after|following|"
    r"earnings|results|intraday|premarket|overnight|" + "|".join(WEEKDAYS) + r")\b",
    re.I,
)


def find_period(text: str, week: date) -> Period | None:
    """The one period ``text`` names; ``None`` when it names none or several (unclear)."""
    found: list[Period] = []
    for kind, pattern in PERIODS:
        for match in pattern.finditer(text):
            period = _period(kind, match, week)
            if period is None:
                return None
            found.append(period)
    if len(set(found)) > 1:
        return None
    return found[0] if found else None


def _period(kind: str, match: re.Match[str], week: date) -> Period | None:
    if kind == "week":
        return Period("week")
    if kind == "weeks":
        n = count(match.group("n"))
        return Period("week", n) if n else None
    if kind == "ytd":
        text = match.group(0)
        if text[-4:].isdigit() and int(text[-4:]) != week.year:
            return None
        return Period("ytd")
    day = read_date(match, week)
    return Period(kind, day=day) if day else None


def other_time(text: str) -> bool:
    """Whether ``text`` mentions a time other than the week (a claim there is left alone)."""
    return bool(OTHER_TIMES.search(text))
