"""Check what an author wrote against the data, as of the page's week.

Typed levels (a number that is no close, a close put on the wrong date) and the claims
``reading.py`` reads — changes, streaks, sector ranks, one index beating another, the fed funds
range and the day of a decision — each compared with the data at the rounding the author
used. Pure: commentary and market data in; warnings (``path:line: …``) and, for
``check --explain``, one line per claim read or sentence left alone, out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from generator import formats
from generator.errors import where
from generator.facts import when
from generator.facts.claims import Claim, Verdict, agrees, fits
from generator.facts.market import Market
from generator.facts.names import Names, names
from generator.facts.prose_text import Sentence, sentences
from generator.facts.reading import Reading, read
from generator.facts.recap_judging import JUDGES
from generator.model import Commentary, MarketData

LEVEL = re.compile(
    r"(?<![\d.,$])(\d{1,3}(?:,\d{3})+\.\d{2}|\d{2,}\.\d{2})(?![\d%]|\s*(?:pp|bp|percent))"
)
ON_DATE = re.compile(r"^[^\d{}§,;:]{0,30}?\bon\s+" + when.DATE)
# A date just before a level ("Thursday's close of 2,590.61", "its Dec. 11 record of …") and
# a date the sentence opens with ("On December 18, 2025, the Russell 2000 closed at …").
DATE_BEFORE = re.compile(
    rf"\b{when.DATE}(?:['’]s)?\s+(?:record\s+|closing\s+|all-time\s+)?"
    r"(?:close|high|record|peak|level|finish)(?:\s+of)?\s+(?:at\s+)?$"
)
OPENING_DATE = re.compile(rf"^\s*(?:On\s+)?{when.DATE}(?=\s*[,:—]|\s+the\b)")
COMPARED = re.compile(r"\b(?:below|above|from|than|since|versus|vs|against|compared|off)\b")
HAS_NUMBER = re.compile(r"\d")


def check_commentary(item: Commentary, data: MarketData) -> list[str]:
    """Warnings for one commentary file, judged as of its week."""
    return [
        f"{where(item.path, item.body_line + v.line)}: {_warning(v)}"
        for _, _, judged in readings(item, data)
        for v in judged
        if v.agrees is False
    ]


def _warning(verdict: Verdict) -> str:
    return verdict.message or (
        f'"{verdict.written}" — the data say {verdict.compared}; {verdict.fix}'
    )


def explain_commentary(item: Commentary, data: MarketData) -> list[str]:
    """One line per claim read (and what it was compared with) and per sentence with a
    number that was left alone."""
    lines = []
    table = names(data.universe)
    for sentence, reading, judged in readings(item, data):
        for verdict in judged:
            mark = {True: "agrees", False: "DISAGREES", None: "cannot tell"}[verdict.agrees]
            lines.append(
                f"{where(item.path, item.body_line + verdict.line)}: read "
                f'"{verdict.written}" — compared with {verdict.compared}: {mark}'
            )
        if not judged and _has_number(sentence.text, table):
            at = where(item.path, item.body_line + sentence.line_of(_first_text(sentence)))
            lines.append(f'{at}: not checked: "{sentence.written}" — {reading.left_alone}')
    return lines


def readings(
    item: Commentary, data: MarketData
) -> Iterator[tuple[Sentence, Reading, list[Verdict]]]:
    """Each sentence of the body, what was read in it and how that compares with the data."""
    market = Market(data, item.week)
    table = names(data.universe)
    for sentence in sentences(item.body):
        reading = read(sentence, item.week, table)
        yield sentence, reading, list(_judge_sentence(sentence, reading, market))


def _has_number(text: str, table: Names) -> bool:
    """Whether a number is written in ``text`` (not counting those in names: S&P 500)."""
    for mention in reversed(table.find(text)):
        text = text[: mention.start] + text[mention.end :]
    return bool(HAS_NUMBER.search(text))


def _first_text(sentence: Sentence) -> int:
    return len(sentence.text) - len(sentence.text.lstrip())


def _judge_sentence(sentence: Sentence, reading: Reading, market: Market) -> Iterator[Verdict]:
    yield from _levels(sentence, market)  # a typed close is checked in any sentence
    for claim in reading.claims:
        yield judge(claim, market)


# ─── typed levels ───────────────────────────────────────────────────────────────────────────


def _levels(sentence: Sentence, market: Market) -> Iterator[Verdict]:
    text = sentence.text
    for index, match in enumerate(LEVEL.finditer(text)):
        number = match.group(1)
        claimed = claimed_date(text[: match.start()], text[match.end() :], market.week, index)
        problem, seen = check_level(number, claimed, market)
        yield Verdict(sentence.line_of(match.start()), number, seen, not problem, "", problem)


def claimed_date(before: str, after: str, week: date, index: int = 0) -> date | None:
    """The date a typed level is given: written just after it ("… on December 18"), just
    before it ("Thursday's close of …"), else the date the sentence opens with, for its first
    level when no other date or comparison ("below its record of …") comes between."""
    match = ON_DATE.match(after) or DATE_BEFORE.search(before)
    if match:
        return when.read_date(match, week)
    opening = OPENING_DATE.match(before)
    if opening is None or index:
        return None
    between = before[opening.end() :]
    if when.find_dates(between, week) or COMPARED.search(between):
        return None
    return when.read_date(opening, week)


def check_level(number: str, claimed: date | None, market: Market) -> tuple[str, str]:
    """(the problem, or "") and what the number was compared with."""
    hits = market.closes_equal_to(float(number.replace(",", "")))
    week = market.week
    if not hits:
        return (
            f"{number} matches no close on or before {week} — check the number, or "
            'let the data write it, e.g. {{ close("RUT") }}'
        ), f"every close up to {week}"
    seen = f"the {hits[-1][1]} close on {hits[-1][0]}"
    if claimed is None or any(day == claimed for day, _ in hits):
        return "", seen
    day, symbol = hits[-1]
    return (
        f"{number} was the {symbol} close on {day}, not on {claimed} — fix the date, or "
        f'let the data write it: {{{{ record_date("{symbol}") }}}}'
    ), seen


# ─── claims ─────────────────────────────────────────────────────────────────────────────────


def judge(claim: Claim, market: Market) -> Verdict:
    judges = {
        "change": _change,
        "points": _change,
        "level": _level,
        "relative": _relative,
        "streak": _streak,
        "rank": _rank,
        "fed_range": _fed_range,
        "fed_date": _fed_date,
        "fed_streak": _fed_streak,
        **JUDGES,
    }
    return judges[claim.kind](claim, market)


def _unknown(claim: Claim, why: str) -> Verdict:
    return Verdict(claim.line, claim.written, why, None)


def _change(claim: Claim, market: Market) -> Verdict:
    assert claim.period is not None
    moves = []
    for symbol in claim.symbols:
        move = market.change(symbol, claim.period)
        if move is None:
            return _unknown(claim, f"no data for the period ({claim.period.describe()})")
        moves.append((symbol, move))
    points = claim.kind == "points"
    wrong = [(s, m) for s, m in moves if not fits(m.points if points else 100 * m.ratio, claim)]
    symbol, move = (wrong or moves)[0]
    said = market.describe_change(symbol, move, points, claim.period)
    return Verdict(claim.line, claim.written, said, not wrong, _suggest(symbol, claim))


def _suggest(symbol: str, claim: Claim) -> str:
    period = claim.period
    if claim.kind == "points" or period is None or period.kind in ("since", "day"):
        return "correct the figure (no prose function computes this one)"
    if period.kind == "ytd":
        call = f'ytd("{symbol}")'
    elif period.weeks == 1:
        call = f'change("{symbol}")'
    else:
        call = f'change("{symbol}", weeks={period.weeks})'
    return f"write {{{{ {call} }}}} to let the data speak"


def _level(claim: Claim, market: Market) -> Verdict:
    assert claim.day is not None
    symbol = claim.symbols[0]
    close = market.close_on(symbol, claim.day)
    if close is None:
        return _unknown(claim, f"no {symbol} close on {claim.day}")
    said = f"{market.name(symbol)} closed at {close:,.2f} on {claim.day}"
    fix = (
        f'write {{{{ close("{symbol}") }}}} to let the data speak'
        if claim.day == market.week
        else "correct the figure"
    )
    return Verdict(claim.line, claim.written, said, agrees(close, claim), fix)


def _relative(claim: Claim, market: Market) -> Verdict:
    assert claim.period is not None
    a, b = (market.change(s, claim.period) for s in claim.symbols)
    if a is None or b is None:
        return _unknown(claim, f"no data for the period ({claim.period.describe()})")
    gap = 100 * (a.ratio - b.ratio)
    ok = fits(gap, claim)
    first, second = (market.name(s) for s in claim.symbols)
    said = (
        f"{first} {'+' if a.ratio >= 0 else '−'}{abs(100 * a.ratio):.2f}% against {second} "
        f"{'+' if b.ratio >= 0 else '−'}{abs(100 * b.ratio):.2f}% "
        f"{claim.period.describe()}, a gap of {gap:+.2f} points"
    )
    return Verdict(claim.line, claim.written, said, ok, "correct the figure")


def _streak(claim: Claim, market: Market) -> Verdict:
    symbol = claim.symbols[0]
    length, complete = market.streak(symbol, claim.direction)
    what = "gain" if claim.direction > 0 else "loss"
    said = f"{market.name(symbol)} had {length} weekly {what}(es) in a row up to {market.week}"
    said = said.replace("gain(es)", "gains").replace("loss(es)", "losses")
    if length == claim.count:
        return Verdict(claim.line, claim.written, said, True)
    if not complete and length < claim.count:
        return _unknown(claim, said + " (the data start there)")
    return Verdict(claim.line, claim.written, said, False, "correct the count")


def _rank(claim: Claim, market: Market) -> Verdict:
    assert claim.period is not None
    order = market.sector_order(claim.period)
    k = len(claim.symbols)
    if len(order) <= k:
        return _unknown(claim, "too few sectors in the data")
    ends = order[:k] if claim.direction > 0 else order[-k:]
    names = ", ".join(f"{market.name(s)} {formats.change(c)}" for s, c in ends)
    which = "led" if claim.direction > 0 else "lagged"
    said = f"{names} {which} the sectors {claim.period.describe()}"
    ok = {s for s, _ in ends} == set(claim.symbols)
    return Verdict(claim.line, claim.written, said, ok, "see the sector table for the order")


def _fed_range(claim: Claim, market: Market) -> Verdict:
    found = market.fed_range(claim.day, before=claim.direction < 0)
    if found is None:
        return _unknown(claim, "no fed funds range in the data")
    lower, upper, since = found
    said = f"the fed funds target range was {lower:.2f}–{upper:.2f}% (from {since})"
    ok = abs(lower - claim.extra[0]) < 1e-6 and abs(upper - claim.extra[1]) < 1e-6
    return Verdict(claim.line, claim.written, said, ok, "correct the range")


def _fed_date(claim: Claim, market: Market) -> Verdict:
    assert claim.day is not None
    decisions = market.decisions()
    if not decisions:
        return _unknown(claim, "no FOMC decisions in the events")
    near = [(d, k) for d, k in decisions if abs((d - claim.day).days) <= 7]
    if not near:
        return _unknown(claim, f"no FOMC decision near {claim.day}")
    day, kind = min(near, key=lambda n: abs((n[0] - claim.day).days))  # type: ignore[operator]
    said = f"the FOMC decided ({kind}) on {day:%A}, {day:%B} {day.day}"
    ok = day == claim.day and kind in (claim.number, "unknown")
    return Verdict(claim.line, claim.written, said, ok, "correct the date")


def _fed_streak(claim: Claim, market: Market) -> Verdict:
    length, complete = market.decision_streak(claim.number)
    said = f"the FOMC's last {length} decision(s) up to {market.week} were {claim.number}s"
    if length == claim.count:
        return Verdict(claim.line, claim.written, said, True)
    if not complete and length < claim.count:
        return _unknown(claim, said + " (the events start there)")
    return Verdict(claim.line, claim.written, said, False, "correct the count")
