"""The claims of ``recap_reading.py`` compared with the data, as of the page's week.

Records follow the project's definition: a close is a record when it is above every earlier
close in the data *and* above the earlier record that ``sources.csv`` gives; without that
record the data cannot say (a higher close may lie before them), so only a contradiction —
a higher close in the data — is a disagreement. Record math is ``facts/panel.py``'s; the few
facts only the checker needs (a run ending on a given day, the size of one decision, the last
week at least as good) are the small functions at the end of this file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd

from generator.facts import records
from generator.facts.claims import Claim, Verdict, agrees, fits
from generator.facts.market import Market, Move
from generator.facts.panel import day_of, fed_funds_on
from generator.model import Standing

RECORD_FIX = 'check the day, or let the data write it: {{{{ record_date("{0}") }}}}'


def _days(claim: Claim) -> tuple[date, date]:
    first, last = claim.extra
    return date.fromordinal(int(first)), date.fromordinal(int(last))


def _when(first: date, last: date) -> str:
    return f"on {first}" if first == last else f"from {first} to {last}"


def _window(market: Market, symbol: str, claim: Claim) -> pd.Series:
    first, last = _days(claim)
    return market.series(symbol).loc[pd.Timestamp(first) : pd.Timestamp(last)]


# ─── records and thresholds ─────────────────────────────────────────────────────────────────


def judge_record(claim: Claim, market: Market) -> Verdict:
    verdicts = [_record(symbol, claim, market) for symbol in claim.symbols]
    return next((v for v in verdicts if v.agrees is False), None) or next(
        (v for v in verdicts if v.agrees is None), verdicts[0]
    )


def _record(symbol: str, claim: Claim, market: Market) -> Verdict:
    window = _window(market, symbol, claim)
    name = market.name(symbol)
    if window.empty:
        return Verdict(claim.line, claim.written, f"no {name} close {_when(*_days(claim))}", None)
    found = [(day_of(d), record_status(market, symbol, day_of(d))) for d in window.index]
    best = next((f for f in found if f[1] is True), None) or next(
        (f for f in found if f[1] is None), found[int(window.to_numpy().argmax())]
    )
    said = f"{name} closed at {float(window.loc[pd.Timestamp(best[0])]):,.2f} on {best[0]}, "
    said += record_words(market, symbol, best[0])
    return Verdict(claim.line, claim.written, said, best[1], RECORD_FIX.format(symbol))


def _standing(market: Market, symbol: str, day: date) -> Standing | None:
    series = market.series(symbol)
    if series.empty:
        return None
    return records.standing(series, day, records.coverage(series, symbol, market.data))


def record_status(market: Market, symbol: str, day: date) -> bool | None:
    """Whether ``symbol``'s close on ``day`` was a record close (``facts/records.py``'s rule):
    False when a close in the data or the record ``sources.csv`` gives was at least as high;
    None when it is the highest in the data and nothing says what came before them."""
    standing = _standing(market, symbol, day)
    if standing is None or not standing.earlier:
        return None  # the first close in the data: nothing to compare it with
    if not records.at_high(standing):
        return False
    return records.is_record(standing) if records.record(standing) else None


def record_words(market: Market, symbol: str, day: date) -> str:
    """What the data say of ``day``'s close: below which earlier close, or a record."""
    standing = _standing(market, symbol, day)
    assert standing is not None
    if standing.higher_on is not None:
        return f"not a record: it had closed at {standing.high:,.2f} on {standing.high_day}"
    known = records.record(standing)
    if records.is_record(standing):
        return "a record close (above every earlier close and the record before the data)"
    if known is not None:
        return f"below its record close of {known[0]:,.2f} on {known[1]} (sources.csv)"
    first = standing.coverage.first
    return f"the highest close in the data, which begin {first} (sources.csv gives no record)"


def judge_threshold(claim: Claim, market: Market) -> Verdict:
    symbol, level = claim.symbols[0], claim.value
    window = _window(market, symbol, claim)
    if window.empty:
        return Verdict(claim.line, claim.written, f"no close {_when(*_days(claim))}", None)
    side = "above" if claim.direction > 0 else "below"
    beyond = window[window > level] if claim.direction > 0 else window[window < level]
    extreme = window.max() if claim.direction > 0 else window.min()
    word = "highest" if claim.direction > 0 else "lowest"
    said = f"{market.name(symbol)}'s {word} close {_when(*_days(claim))} was {extreme:,.2f}"
    if beyond.empty:
        fix = f"no close was {side} {level:,.0f}: correct the level or the day"
        return Verdict(claim.line, claim.written, said, False, fix)
    if not claim.count:
        return Verdict(claim.line, claim.written, said, True)
    return _first_time(claim, market, day_of(beyond.index[0]))


def _first_time(claim: Claim, market: Market, day: date) -> Verdict:
    """ "Above 2,600 for the first time": no earlier close was, in the data or before them."""
    symbol, level = claim.symbols[0], claim.value
    earlier = market.series(symbol).loc[: pd.Timestamp(day) - pd.Timedelta(days=1)]
    above = earlier[earlier > level]
    prior = market.data.prior_highs.get(symbol)
    name = market.name(symbol)
    if not above.empty:
        first = f"{float(above.iloc[0]):,.2f} on {day_of(above.index[0])}"
        said = f"{name} first closed above it at {first}"
        return Verdict(claim.line, claim.written, said, False, 'drop "for the first time"')
    if prior is not None and prior[0] > level:
        said = f"{name}'s record close before the data was {prior[0]:,.2f} on {prior[1]}"
        return Verdict(claim.line, claim.written, said, False, 'drop "for the first time"')
    said = f"{name} first closed above {level:,.0f} on {day} in the data"
    return Verdict(claim.line, claim.written, said, True if prior else None)


# ─── runs ───────────────────────────────────────────────────────────────────────────────────


def judge_run(claim: Claim, market: Market) -> Verdict:
    symbol = claim.symbols[0]
    end = claim.day or market.week
    units = ("sessions", "calendar days") if claim.unit == "days" else (claim.unit,)
    moves = [m for m in (run_move(market.series(symbol), end, u, claim.count) for u in units) if m]
    if not moves:
        return Verdict(claim.line, claim.written, f"no close on {end} or too few before it", None)
    good = [m for m in moves if fits(100 * m.ratio, claim)]
    move = (good or moves)[0]
    verb = "rose" if move.ratio >= 0 else "fell"
    said = (
        f"{market.name(symbol)} {verb} {abs(100 * move.ratio):.2f}% over {claim.count} "
        f"{claim.unit} ({move.base:,.2f} on {move.base_day} → {move.close:,.2f} on {move.day})"
    )
    return Verdict(claim.line, claim.written, said, bool(good), "correct the figure")


def run_move(series: pd.Series, end: date, unit: str, n: int) -> Move | None:
    """The move over ``n`` sessions (closes), weeks or calendar days ending with ``end``'s
    close: from the close ``n`` sessions before, else the last close ``n`` weeks or days
    before."""
    stamp = pd.Timestamp(end)
    if stamp not in series.index:
        return None
    upto = series.loc[:stamp]
    if unit == "sessions":
        base = upto.iloc[:-n] if len(upto) > n else upto.iloc[:0]
    else:
        back = timedelta(weeks=n) if unit == "weeks" else timedelta(days=n)
        base = upto.loc[: stamp - back]
    if base.empty:
        return None
    return Move(float(base.iloc[-1]), float(upto.iloc[-1]), day_of(base.index[-1]), end)


# ─── the Fed's moves ────────────────────────────────────────────────────────────────────────


def judge_rate_move(claim: Claim, market: Market) -> Verdict:
    decision = _decision(claim, market)
    if decision is None:
        return Verdict(claim.line, claim.written, "no FOMC decision that fits", None)
    size = decision_size(market, decision)
    if size is None:
        return Verdict(claim.line, claim.written, f"no fed funds range around {decision}", None)
    moved = "cut" if size < 0 else "raised" if size > 0 else "held"
    said = f"the FOMC {moved} rates by {abs(size):.2f} points on {decision}"
    ok = (size * claim.direction > 0) and agrees(abs(size), claim)
    return Verdict(claim.line, claim.written, said, ok, "correct the size of the move")


def _decision(claim: Claim, market: Market) -> date | None:
    """The decision the claim is about: the one within a week of the day named, the last in
    the month named, else the latest that moved rates the way the claim says."""
    decisions = market.decisions()
    if claim.day is not None:
        near = [d for d, _ in decisions if abs((d - claim.day).days) <= 7]
        return min(near, key=lambda d: abs((d - claim.day).days)) if near else None  # type: ignore[operator]
    if claim.extra:
        year, month = (int(v) for v in claim.extra)
        inside = [d for d, _ in decisions if (d.year, d.month) == (year, month)]
        return inside[-1] if inside else None
    kind = "cut" if claim.direction < 0 else "hike"
    moved = [d for d, k in decisions if k == kind]
    return moved[-1] if moved else None


def decision_size(market: Market, day: date) -> float | None:
    """How far a decision moved the top of the fed funds range, in percentage points (the
    range takes effect the day after the decision, as FRED records it)."""
    known = tuple(r for r in market.data.fed_funds if r.effective <= market.week)
    before = fed_funds_on(known, day - timedelta(days=1))
    after = fed_funds_on(known, day + timedelta(days=3))
    if before is None or after is None:
        return None
    return round(after.upper - before.upper, 4)


# ─── comparisons and best weeks ─────────────────────────────────────────────────────────────


def judge_versus(claim: Claim, market: Market) -> Verdict:
    assert claim.period is not None
    a, b = (market.change(s, claim.period) for s in claim.symbols)
    if a is None or b is None:
        return Verdict(claim.line, claim.written, "no data for the period", None)
    gap = 100 * (a.ratio - b.ratio)
    first, second = (market.name(s) for s in claim.symbols)
    said = (
        f"{first} {100 * a.ratio:+.2f}% against {second} {100 * b.ratio:+.2f}% "
        f"{claim.period.describe()}"
    )
    ok = abs(gap) < 0.005 or gap * claim.direction > 0  # a tie is too close to call
    return Verdict(claim.line, claim.written, said, ok, "swap the names or the verb")


def judge_best_week(claim: Claim, market: Market) -> Verdict:
    symbol = claim.symbols[0]
    changes = market.weekly(symbol).pct_change().dropna()
    this_monday = pd.Timestamp(market.week - timedelta(days=market.week.weekday()))
    if changes.empty or changes.index[-1] != this_monday:
        return Verdict(claim.line, claim.written, "no change this week", None)
    first, last = _days(claim)
    found = last_week_as_good(changes, claim.direction)
    word = "best" if claim.direction > 0 else "worst"
    now = f"{market.name(symbol)} {100 * changes.iloc[-1]:+.2f}% this week"
    if found is None:
        said = f"{now}, its {word} week in the data, which begin {day_of(changes.index[0])}"
        known = day_of(changes.index[0]) <= first
        return Verdict(claim.line, claim.written, said, False if known else None, "")
    monday, change = found
    said = f"{now}; the last week at least as {'good' if claim.direction > 0 else 'bad'} ended "
    said += f"{monday + timedelta(days=4)} ({100 * change:+.2f}%)"
    ok = first <= monday + timedelta(days=6) and monday <= last
    return Verdict(claim.line, claim.written, said, ok, "name the week the data give")


def last_week_as_good(changes: pd.Series, direction: int) -> tuple[date, float] | None:
    """The latest week before the last whose change was at least as good (as bad, with
    ``direction`` -1) as the last week's: (its Monday, its change)."""
    now, earlier = changes.iloc[-1], changes.iloc[:-1]
    matched = earlier[earlier >= now] if direction > 0 else earlier[earlier <= now]
    if matched.empty:
        return None
    return day_of(matched.index[-1]), float(matched.iloc[-1])


JUDGES: dict[str, Callable[[Claim, Market], Verdict]] = {
    "record": judge_record,
    "threshold": judge_threshold,
    "run": judge_run,
    "rate_move": judge_rate_move,
    "versus": judge_versus,
    "best_week": judge_best_week,
}
