"""A claim read from commentary, and the clause it was read in.

``Claim`` is one checkable statement (a change, a level, a streak, a rank, the fed funds
range…) with what is needed to compare it with the data; ``Context`` is the clause it sits
in, which knows its subject (the name just before the verb) and its period (named after the
number, else before it, else the week when the sentence names no other time). The readers
that find claims are in ``reading.py``; the judging is in ``factcheck.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from generator.facts import when
from generator.facts.names import Mention, Names
from generator.facts.prose_text import Sentence

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
QUALIFIER = (
    r"(?:(?P<q>about|around|roughly|approximately|some|nearly|almost|close to|just over|"
    r"just under|more than|over|better than|at least|less than|under)\s+)?"
)
AMOUNT = (
    rf"{QUALIFIER}(?P<sign>[+\-−])?(?P<num>{NUMBER})\s*"
    r"(?P<unit>%|percent\b|per cent\b|percentage points?\b|pp\b|points?\b|pts?\b)"
)
UP = (
    r"rose|risen|rises|gained|gains|added|adds|climbed|climbs|jumped|jumps|rallied|rallies|"
    r"advanced|advances|surged|soared|rebounded|edged up|ticked up|"
    r"(?:was|were|is|are|ended|finished|closed)(?: the week)? (?:up|higher)"
)
DOWN = (
    r"fell|fallen|falls|lost|loses|slipped|slips|dropped|drops|declined|declines|slid|slides|sank|"
    r"tumbled|retreated|eased|edged down|ticked down|gave up|gave back|shed|plunged|"
    r"(?:was|were|is|are|ended|finished|closed)(?: the week)? (?:down|lower)"
)
GAP = re.compile(
    r"^(?:\s|,|\([^)]*\)|§|'s|’s|shares|stock|stocks|index|ETF|fund|also|only|again|then|just|"
    r"further|itself|has|had|have|alone|sharply|slightly|modestly|steadily|posted|recorded|"
    r"notched|logged|booked|marked|extended|its|their)*$"
)
APPROX = {"about", "around", "roughly", "approximately", "some"}


@dataclass(frozen=True)
class Claim:
    """One checkable statement, with what is needed to compare it with the data."""

    kind: str  # change, points, level, relative, streak, rank, fed_range, fed_date, fed_streak,
    # and (recap_reading.py) record, threshold, run, rate_move, versus, best_week
    written: str  # the clause as the author wrote it
    line: int  # line within the body, from 0
    symbols: tuple[str, ...] = ()
    number: str = ""  # the number as written ("12", "2,600", "1.25")
    qualifier: str = ""
    direction: int = 0  # +1 up, -1 down, 0 not said
    period: when.Period | None = None
    day: date | None = None
    count: int = 0  # streak length, rank depth, a run's length, 1 for "the first time"
    extra: tuple[float, ...] = field(default=())  # a range's bounds; a span of days (ordinals)
    unit: str = ""  # what a run is counted in: weeks, sessions or days

    @property
    def value(self) -> float:
        return float(self.number.replace(",", "")) if self.number else 0.0


@dataclass(frozen=True)
class Verdict:
    """A claim (or typed level) compared with the data: ``agrees`` is None when the data
    cannot settle it (too short a history, no such session)."""

    line: int
    written: str
    compared: str  # what the data say
    agrees: bool | None
    fix: str = ""
    message: str = ""  # the whole warning, when it is not the usual "claim — data say" one


def agrees(actual: float, claim: Claim) -> bool:
    """Whether ``actual`` (in the claim's unit, without sign) rounds to what was written."""
    unit = unit_of(claim.number)
    half = unit / 2
    value = claim.value
    q = claim.qualifier
    if q in APPROX:
        return abs(actual - value) <= 0.75 * unit + 1e-9  # "about": half a unit, and a bit
    if q in ("more than", "over", "better than", "at least", "just over"):
        return actual >= value - half
    if q in ("less than", "under", "just under"):
        return actual <= value + half
    if q in ("nearly", "almost", "close to"):
        return value - unit <= actual <= value + half
    return abs(actual - value) <= half + 1e-9


def unit_of(number: str) -> float:
    """The place of the last digit written: 12 → 1, 1.25 → 0.01, 2,600 → 100."""
    plain = number.replace(",", "")
    if "." in plain:
        return float(10 ** -len(plain.split(".")[1]))
    zeros = len(plain) - len(plain.rstrip("0"))
    return float(10 ** min(zeros, len(plain) - 1)) if float(plain) >= 100 else 1.0


def signed_ok(actual: float, claim: Claim) -> bool:
    """The direction said agrees with the data (a change that rounds to nothing has none)."""
    if abs(actual) < unit_of(claim.number) / 2:
        return True
    return (actual > 0) == (claim.direction > 0)


def fits(actual: float, claim: Claim) -> bool:
    """A signed change agrees with the claim's direction and, rounded, its size."""
    return signed_ok(actual, claim) and agrees(abs(actual), claim)


@dataclass(frozen=True)
class Context:
    """One clause of a sentence, as of the page's week, with the names to find in it."""

    sentence: Sentence
    start: int  # clause offset in the sentence
    text: str  # the clause
    week: date
    names: Names

    def claim(self, kind: str, at: int, **fields: object) -> Claim:
        written = " ".join(self.text.replace("§", "…").split()).strip(" ,.")
        line = self.sentence.line_of(self.start + at)
        return Claim(kind, written, line, **fields)  # type: ignore[arg-type]

    def mentions(self) -> list[Mention]:
        return self.names.find(self.text)

    def subjects(self, at: int) -> tuple[str, ...]:
        """Symbols of the subject just before ``at``: ``A``, ``A and B``, ``A, B and C``."""
        before = [m for m in self.mentions() if m.end <= at]
        if not before or not GAP.match(self.text[before[-1].end : at]):
            return ()
        chain = [before[-1]]
        for mention in reversed(before[:-1]):
            joint = self.text[mention.end : chain[-1].start]
            if not re.fullmatch(r"\s*(?:,|,?\s+and|&)\s*", joint):
                break
            chain.append(mention)
        return tuple(dict.fromkeys(m.symbol for m in reversed(chain)))

    def period(self, start: int = 0, end: int | None = None) -> when.Period | None:
        """The period of the claim at ``text[start:end]``: named just after it (up to the next
        amount), else before it in the clause; none named and no other time in the sentence
        → the week. A time other than these ("last week", "in November") → None."""
        stop = len(self.text) if end is None else end
        after = self.text[stop : _next_amount(self.text, stop)]
        for part in (after, self.text[start:stop], self.text[:start]):
            found = when.find_period(part, self.week)
            if found is not None:
                return None if found.kind == "since" and _after(found.day, self.week) else found
            if when.other_time(part):
                return None
        return None if when.other_time(self.sentence.text) else when.Period("week")

    def day(self) -> date | None:
        """The one date the clause names, else the week's end when the sentence names no
        time at all."""
        named = when.one_date(self.text, self.week)
        if named is not None:
            return named
        return None if when.other_time(self.sentence.text) else self.week

    def named_period(self, start: int, end: int) -> when.Period | None:
        """The claim's period, when the clause names one (no default of the week)."""
        named = when.find_period(self.text, self.week) is not None
        return self.period(start, end) if named else None


AMOUNT_RE = re.compile(AMOUNT)


def _next_amount(text: str, start: int) -> int:
    following = AMOUNT_RE.search(text, start)
    return following.start() if following else len(text)


def _after(day: date | None, week: date) -> bool:
    return day is None or day > week
