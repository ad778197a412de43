"""The one home of what a close may be called against history.

PRODUCT.md's rule: "record close", "all-time high" and "on record" only when the data reach the
series' start (``sources.csv`` says ``history: full``) or ``sources.csv`` gives the record from
before the data; otherwise the words say what is known: "highest since <the last day with a
higher close>" when the data hold one, else "highest close in our data, which begin <the
symbol's own first close>". Headlines, takeaways, tables, "what changed", chart summaries, prose
functions and the checker all ask here, so no page contradicts itself.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from generator import formats
from generator.model import Coverage, MarketData, Standing

TIE = 1e-9  # relative: closes this close are the same close (floating point, not markets)


def coverages(closes: pd.DataFrame, data: MarketData) -> dict[str, Coverage]:
    """Each symbol's own first and last close (never the first date of any file), with what
    ``sources.csv`` says of its history before them."""
    present = closes.notna()
    found = {}
    for symbol in closes.columns[present.any().to_numpy()]:
        days = closes.index[present[symbol].to_numpy()]
        found[str(symbol)] = Coverage(
            str(symbol),
            pd.Timestamp(days[0]).date(),
            pd.Timestamp(days[-1]).date(),
            data.prior_highs.get(str(symbol)),
            str(symbol) in data.full_history,
        )
    return found


def coverage(series: pd.Series, symbol: str, data: MarketData) -> Coverage:
    """One symbol's coverage from its closes (non-empty, without gaps marked)."""
    closes = series.dropna()
    return Coverage(
        symbol,
        _day(closes.index[0]),
        _day(closes.index[-1]),
        data.prior_highs.get(symbol),
        symbol in data.full_history,
    )


def basket_coverage(symbol: str, members: list[Coverage]) -> Coverage:
    """A basket exists from its last member's first close; its history is only ours."""
    return Coverage(symbol, max(m.first for m in members), max(m.last for m in members))


def standing(daily: pd.Series, day: date, coverage: Coverage) -> Standing | None:
    """Where the close of ``day`` (the last one on or before it) stands against every close
    before it; None without a close."""
    closes = daily.dropna()
    days = np.asarray(closes.index, dtype="datetime64[D]")
    return standing_in(days, closes.to_numpy(dtype="float64"), day, coverage)


def standing_in(
    days: np.ndarray, values: np.ndarray, day: date, coverage: Coverage
) -> Standing | None:
    """``standing`` of closes given as arrays: the days (``datetime64[D]``, ascending) and
    their closes, without gaps (a panel keeps them per symbol: read once, not per week)."""
    stop = int(np.searchsorted(days, np.datetime64(day, "D"), side="right"))
    if not stop:
        return None
    values = values[:stop]
    close = values[-1]
    higher = np.flatnonzero(values[:-1] > close * (1 + TIE))
    at = int(values.argmax())
    return Standing(
        coverage.symbol,
        float(close),
        days[stop - 1].item(),
        float(values[at]),
        days[at].item(),
        days[higher[-1]].item() if len(higher) else None,
        stop - 1,
        coverage,
    )


def _day(stamp: object) -> date:
    return pd.Timestamp(stamp).date()  # type: ignore[arg-type]


# ─── what the words may claim ───────────────────────────────────────────────────────────────


def at_high(s: Standing) -> bool:
    """No higher close in the data up to its day (a first close is at no high: nothing before)."""
    return s.higher_on is None and s.earlier > 0


def record(s: Standing) -> tuple[float, date] | None:
    """The symbol's true record close as of the standing's day, when it is known: the data's
    high where the data reach the series' start, else the higher of the data's high and the
    record ``sources.csv`` gives from before them. None: not known."""
    prior = s.coverage.prior
    if prior is not None and prior[1] <= s.day:
        return prior if prior[0] >= s.high * (1 + TIE) else (s.high, s.high_day)
    return (s.high, s.high_day) if s.coverage.full else None


def is_record(s: Standing) -> bool:
    """A record close: at the data's high, and that high is the true record."""
    known = record(s)
    return at_high(s) and known is not None and known[1] == s.high_day


def below_record(s: Standing) -> float | None:
    """How far the close is below the true record (a fraction), when the record is known."""
    known = record(s)
    return None if known is None else 1 - s.close / known[0]


def below_high(s: Standing) -> float:
    """How far the close is below the data's highest close (a fraction)."""
    return 1 - s.close / s.high


def in_our_data(coverage: Coverage) -> str:
    """'in our data, which begin January 3, 2023'."""
    return f"in our data, which begin {formats.day(coverage.first)}"


def high_phrase(s: Standing) -> str:
    """What the close is, in words that claim no more than the data know: 'a record close',
    'its highest close since March 3, 2025', 'its highest close in our data, which begin …';
    "" for a close with a higher one just before it (nothing worth saying)."""
    if is_record(s):
        return "a record close"
    if at_high(s):
        return f"its highest close {in_our_data(s.coverage)}"
    return f"its highest close since {formats.day(s.higher_on)}" if s.higher_on else ""


def high_mark(s: Standing | None) -> str:
    """The scoreboard's mark beside a name at its high: ' ★ record close' or ' ★ highest in our
    data (from Jan 3, 2023)'."""
    if s is None or not at_high(s):
        return ""
    if is_record(s):
        return " ★ record close"
    return f" ★ highest close in our data (from {formats.day(s.coverage.first)})"
