"""The claims a sentence of commentary makes about the data, read as an author wrote them.

Each reader below recognises one kind of claim — a level, a change over a period, a streak,
a sector rank, one index beating another, the fed funds range, the day of a Fed decision — and
reads it only when its subject, number and time are all clear. A sentence about the future
("would be its third cut"), a question, or a claim whose subject or period is unclear is left
alone: a warning that is wrong costs more than a claim not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from generator.facts import recap_reading, when
from generator.facts.claims import AMOUNT, DOWN, GAP, NUMBER, QUALIFIER, UP, Claim, Context
from generator.facts.names import Names
from generator.facts.prose_text import Sentence

VERB_CHANGE = re.compile(
    rf"\b(?:(?P<up>{UP})|(?P<down>{DOWN}))(?:\s+(?:by|another|a further|nearly|a))?\s+{AMOUNT}"
)
BARE_CHANGE = re.compile(rf"\b(?:(?P<up>up)|(?P<down>down))\s+{AMOUNT}")  # "…, up 12% YTD"
NOUN_CHANGE = re.compile(
    r"\b(?:posted|recorded|notched|logged|booked|had|delivered|managed|added up to)\s+(?:a|an|its)"
    r"\s+(?:weekly\s+)?(?:(?P<up>gain|rise|advance|rally|increase)|"
    rf"(?P<down>loss|decline|drop|fall|slide))\s+of\s+{AMOUNT}"
)
SIGNED = re.compile(rf"^\s*\((?P<sign>[+\-−])(?P<num>{NUMBER})(?P<unit>%)(?P<rest>[^)]*)\)")
LEVEL_VERB = re.compile(
    rf"\b(?:closed|ended|finished|settled|stood|stands|closing|ending|finishing)"
    rf"(?: the week)?\s+(?:at|near|around)\s+{QUALIFIER}(?P<num>{NUMBER})(?![\d%]|\s*(?:percent|"
    r"points|pp))"
)
RELATIVE = re.compile(
    r"\b(?:(?P<up>outperformed|outpaced|beat|topped|bested)|"
    r"(?P<down>underperformed|lagged|trailed))\s+(?P<other>.{2,40}?)\s+by\s+" + AMOUNT
)
STREAK = re.compile(
    r"\b(?:(?P<ord>\w+)\s+(?:straight|consecutive|successive)\s+(?:weekly\s+(?P<noun>gain|"
    r"advance|rise|increase|decline|loss|drop|fall)|week\s+of\s+(?P<nouns>gains|advances|"
    r"losses|declines)|(?P<adj>winning|losing|up|down|positive|negative)\s+week)\b"
    rf"|(?P<verb>{UP.split('|(?:')[0]}|{DOWN.split('|(?:')[0]})\s+for\s+(?:a|the)\s+"
    r"(?P<ord2>\w+)\s+(?:straight\s+|consecutive\s+|successive\s+)?week\b)"
)
FED = re.compile(r"\b(?:Fed|Federal Reserve|FOMC|fed funds|federal funds|the committee)\b", re.I)
RANGE = re.compile(
    r"(?P<from>\bfrom\s+)?(?<![\d.])(?P<lo>\d{1,2}\.\d{1,2})%?\s*(?:–|-|—|to|and)\s*"
    r"(?P<hi>\d{1,2}\.\d{1,2})\s*%"
)
DECISION = re.compile(
    r"\b(?:(?P<cut>cut|cuts|lowered|reduced|eased)|(?P<hike>raised|hiked|lifted)|"
    r"(?P<hold>held|kept|left|paused))\b"
)
FED_STREAK = re.compile(
    r"\b(?P<ord>\w+)\s+(?:straight|consecutive|successive|back-to-back)\s+(?:rate\s+)?"
    r"(?:(?P<cut>cut|reduction)|(?P<hike>hike|increase|rise)|(?P<hold>hold|pause))\b"
)
RANK_LEAD = re.compile(r"\b(?:led|best(?:-performing)?|top(?:-performing)?|strongest)\b")
RANK_LAG = re.compile(r"\b(?:lagged|worst(?:-performing)?|weakest|bottom)\b")
NOT_ASSERTED = re.compile(
    r"\b(?:would|will|could|might|may|should|expects?|expected|expecting|forecasts?|"
    r"forecast|projects?|projected|if|unless|target(?!\s+range)|targets|hopes?|likely|"
    r"needs?|needed|plans?|estimates?|consensus|predicts?|predicted|wants?|whether|"
    r"assume|suppose|imagine|no longer|not|futures|imply|implies|implied|pricing|priced)\b|\?",
    re.I,
)
CLAUSE = re.compile(r";|:|\s—\s|,?\s+(?:while|whereas|but|although|though)\s+")


@dataclass(frozen=True)
class Reading:
    """What was read in one sentence: its claims, or why numbers in it were left alone."""

    sentence: Sentence
    claims: tuple[Claim, ...]
    left_alone: str = ""  # why the sentence's numbers were not checked


def read(sentence: Sentence, week: date, names: Names) -> Reading:
    text = sentence.text
    if NOT_ASSERTED.search(text):
        return Reading(sentence, (), "not a statement of fact (future, condition or question)")
    claims: list[Claim] = []
    for start, clause in clauses(text):
        context = Context(sentence, start, clause, week, names)
        for reader in READERS:
            claims.extend(reader(context))
    whole = Context(sentence, 0, text, week, names)
    claims.extend(fed_claims(whole))
    for sentence_reader in recap_reading.SENTENCE_READERS:
        claims.extend(sentence_reader(whole))
    unique = tuple(dict.fromkeys(claims))
    why = "" if unique else "no claim recognised (subject, number or period unclear)"
    return Reading(sentence, unique, why)


def clauses(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for match in CLAUSE.finditer(text):
        yield start, text[start : match.start()]
        start = match.end()
    yield start, text[start:]


def _direction(match: re.Match[str]) -> int:
    return 1 if match.group("up") else -1


def change_claims(context: Context) -> Iterator[Claim]:
    if re.search(r"\brespectively\b", context.text):
        return  # "A and B rose 2% and 3%, respectively": the pairing is left alone
    for pattern in (VERB_CHANGE, NOUN_CHANGE, BARE_CHANGE):
        for match in pattern.finditer(context.text):
            symbols = context.subjects(match.start())
            period = context.period(match.start(), match.end())
            if not symbols or period is None or match.group("sign") or _dated_run(context, period):
                continue
            kind = "points" if match.group("unit").startswith(("point", "pt")) else "change"
            if match.group("unit") == "pp" or match.group("unit").startswith("percentage"):
                continue
            yield context.claim(
                kind,
                match.start("num"),
                symbols=symbols,
                number=match.group("num"),
                qualifier=match.group("q") or "",
                direction=_direction(match),
                period=period,
            )


def _dated_run(context: Context, period: when.Period) -> bool:
    """ "Rose 12% in three weeks" in a clause that names a day runs to that day, not to the
    week's end: ``recap_reading`` reads it."""
    return (
        period.kind == "week"
        and period.weeks > 1
        and bool(when.find_dates(context.text, context.week))
    )


def signed_claims(context: Context) -> Iterator[Claim]:
    """``the S&P 500 (−0.6%)``: a signed change in brackets right after a name."""
    for mention in context.mentions():
        match = SIGNED.match(context.text[mention.end :])
        if not match or match.group("rest").strip(" ,") not in ("", "on the week", "this week"):
            continue
        period = context.named_period(mention.start, mention.end + match.end())
        if period is None:
            continue
        sign = -1 if match.group("sign") in "-−" else 1
        yield context.claim(
            "change",
            mention.end + match.start("num"),
            symbols=(mention.symbol,),
            number=match.group("num"),
            direction=sign,
            period=period,
        )


def level_claims(context: Context) -> Iterator[Claim]:
    """``closed at about 2,600``: a rounded level of a named index (exact ones are read by
    the level check of every typed close)."""
    for match in LEVEL_VERB.finditer(context.text):
        number = match.group("num")
        exact = re.fullmatch(r"[\d,]+\.\d{2}", number) and not match.group("q")
        symbols = context.subjects(match.start())
        if exact or len(symbols) != 1 or float(number.replace(",", "")) < 100:
            continue
        day = context.day()
        if day is None:
            continue
        yield context.claim(
            "level",
            match.start("num"),
            symbols=symbols,
            number=number,
            qualifier=match.group("q") or "",
            day=day,
        )


def relative_claims(context: Context) -> Iterator[Claim]:
    for match in RELATIVE.finditer(context.text):
        first = context.subjects(match.start())
        others = context.names.find(match.group("other"))
        whole = others and others[0].start == 0 and others[0].end == len(match.group("other"))
        period = context.period(match.start(), match.end())
        if len(first) != 1 or not whole or period is None or match.group("sign"):
            continue
        if match.group("unit").startswith(("point", "pt")) and _is_level_points(match):
            continue
        yield context.claim(
            "relative",
            match.start("num"),
            symbols=(first[0], others[0].symbol),
            number=match.group("num"),
            qualifier=match.group("q") or "",
            direction=_direction(match),
            period=period,
        )


def _is_level_points(match: re.Match[str]) -> bool:
    return float(match.group("num").replace(",", "")) >= 100  # index points, not pp


def streak_claims(context: Context) -> Iterator[Claim]:
    for match in STREAK.finditer(context.text):
        n = when.ordinal(match.group("ord") or match.group("ord2") or "")
        symbols = context.subjects(match.start()) or _owner(context, match.start())
        if not n or n < 2 or len(symbols) != 1:
            continue
        yield context.claim(
            "streak", match.start(), symbols=symbols, count=n, direction=_streak_sign(match)
        )


def _owner(context: Context, at: int) -> tuple[str, ...]:
    """``The Russell 2000 rose 1.2%, its third straight weekly gain``: "its" is the one
    name the clause has before it."""
    if not re.search(r"\b(?:its|their)\s+$", context.text[:at]):
        return ()
    before = {m.symbol for m in context.mentions() if m.end <= at}
    return tuple(before) if len(before) == 1 else ()


def _streak_sign(match: re.Match[str]) -> int:
    word = next(g for g in (match.group(k) for k in ("noun", "nouns", "adj", "verb")) if g)
    up = re.match(UP, word) or word in ("gain", "gains", "advance", "advances", "rise", "increase")
    return 1 if up or word in ("winning", "up", "positive") else -1


def rank_claims(context: Context) -> Iterator[Claim]:
    """``financials led the sectors``; ``technology was the worst sector``."""
    lead, lag = RANK_LEAD.search(context.text), RANK_LAG.search(context.text)
    if bool(lead) == bool(lag):
        return
    found = lead or lag
    assert found is not None
    before = [m for m in context.mentions() if m.end <= found.start()]
    after = [m for m in context.mentions() if m.start >= found.end()]
    symbols = tuple(dict.fromkeys(m.symbol for m in before))
    sectorish = "sector" in context.text or re.search(r"\bled the week\b", context.text)
    if after or not symbols or not sectorish:
        return
    if not set(symbols) <= context.names.sectors or not GAP.match(
        _between(context.text, before[-1].end, found.start())
    ):
        return
    period = context.period()
    if period is None or period.kind not in ("week", "ytd") or period.weeks != 1:
        return
    yield context.claim(
        "rank", found.start(), symbols=symbols, direction=1 if lead else -1, period=period
    )


def _between(text: str, start: int, end: int) -> str:
    """The words between a subject and a rank word, without 'was the'/'were the'."""
    return re.sub(r"\b(?:was|were|is|are|the|week's|again|of|all|eleven)\b", " ", text[start:end])


def fed_claims(context: Context) -> Iterator[Claim]:
    """The fed funds range, the day of a decision and a streak of cuts, in a sentence that
    names the Fed."""
    if not FED.search(context.text):
        return
    yield from _fed_ranges(context)
    yield from _fed_dates(context)
    for match in FED_STREAK.finditer(context.text):
        n = when.ordinal(match.group("ord"))
        kind = "cut" if match.group("cut") else "hike" if match.group("hike") else "hold"
        if n and n >= 2:
            yield context.claim("fed_streak", match.start(), number=kind, count=n)


def _fed_ranges(context: Context) -> Iterator[Claim]:
    day = when.one_date(context.text, context.week)
    if day is None and when.other_time(context.text):
        return  # a range at some other time ("in September", "last year"): left alone
    for match in RANGE.finditer(context.text):
        bounds = (float(match.group("lo")), float(match.group("hi")))
        if bounds[0] >= bounds[1] or bounds[1] - bounds[0] > 1:
            continue
        yield context.claim(
            "fed_range",
            match.start("lo"),
            number=f"{match.group('lo')}–{match.group('hi')}%",
            direction=-1 if match.group("from") else 0,
            day=day,
            extra=bounds,
        )


def _fed_dates(context: Context) -> Iterator[Claim]:
    decision = DECISION.search(context.text)
    day = when.one_date(context.text, context.week)
    if decision and day:
        kind = next(k for k in ("cut", "hike", "hold") if decision.group(k))
        yield context.claim("fed_date", decision.start(), number=kind, day=day)


READERS: tuple[Callable[[Context], Iterator[Claim]], ...] = (
    change_claims,
    signed_claims,
    level_claims,
    relative_claims,
    streak_claims,
    rank_claims,
    *recap_reading.READERS,
)
