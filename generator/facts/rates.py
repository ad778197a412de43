"""The rates table of a week: yields and market series from rates.csv at the week's end.

Yields (FRED ids such as DGS2, DGS10) are in percent and change in basis points; levels (VIX,
oil, the dollar) change in percent. The 10-year minus 2-year spread is derived when both are
there. Point in time: the last value on or before the week's last session.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from generator.model import RateLine, Series, Week

# FRED id → (name, unit): "%" for a rate in percent, "" for a level.
KNOWN = {
    "DGS3MO": ("3-month Treasury bill", "%"),
    "DGS2": ("2-year Treasury yield", "%"),
    "DGS5": ("5-year Treasury yield", "%"),
    "DGS10": ("10-year Treasury yield", "%"),
    "DGS30": ("30-year Treasury yield", "%"),
    "T10Y2Y": ("10-year minus 2-year spread", "%"),
    "DFF": ("Effective fed funds rate", "%"),
    "EFFR": ("Effective fed funds rate", "%"),
    "SOFR": ("SOFR", "%"),
    "VIXCLS": ("VIX", ""),
    "DCOILWTICO": ("WTI crude oil, $ a barrel", ""),
    "DCOILBRENTEU": ("Brent crude oil, $ a barrel", ""),
    "DTWEXBGS": ("Dollar index (broad)", ""),
    "DEXUSEU": ("Dollars per euro", ""),
}
SPREAD = "10Y-2Y"


def rate_lines(rates: pd.DataFrame, week: Week, previous: Week | None) -> tuple[RateLine, ...]:
    """Each series with a value in the week, in the order of ``KNOWN`` (others after, by id),
    and the 10-year minus 2-year spread after the two yields."""
    if rates.empty:
        return ()
    now = _as_of(rates, week.end)
    before = _as_of(rates, previous.end) if previous else pd.Series(dtype=float)
    fresh = [s for s in now.index if _day(rates, s, week.end) >= week.start]
    order = sorted(fresh, key=lambda s: (list(KNOWN).index(s) if s in KNOWN else len(KNOWN), s))
    lines = [_line(s, now, before, rates, week) for s in order]
    if {"DGS2", "DGS10"} <= set(fresh) and "T10Y2Y" not in fresh:
        lines.append(_spread(now, before, rates, week))
    return tuple(lines)


def _as_of(rates: pd.DataFrame, day: date) -> pd.Series:
    known = rates.loc[: pd.Timestamp(day)].ffill()
    return known.iloc[-1].dropna() if len(known) else pd.Series(dtype=float)


def _day(rates: pd.DataFrame, series: str, day: date) -> date:
    """The date of the last value of ``series`` on or before ``day``."""
    known = rates[series].loc[: pd.Timestamp(day)].dropna()
    return pd.Timestamp(known.index[-1]).date() if len(known) else date.min


def _line(
    series: str, now: pd.Series, before: pd.Series, rates: pd.DataFrame, week: Week
) -> RateLine:
    name, unit = KNOWN.get(series, (series, ""))
    value = float(now[series])
    old = before.get(series)
    change = (
        None
        if old is None or pd.isna(old)
        else (value - float(old) if unit else value / float(old) - 1)
    )
    return RateLine(series, name, value, change, unit, _day(rates, series, week.end))


def _spread(now: pd.Series, before: pd.Series, rates: pd.DataFrame, week: Week) -> RateLine:
    value = float(now["DGS10"] - now["DGS2"])
    old = before["DGS10"] - before["DGS2"] if {"DGS2", "DGS10"} <= set(before.index) else None
    change = None if old is None else value - float(old)
    day = max(_day(rates, "DGS10", week.end), _day(rates, "DGS2", week.end))
    return RateLine(SPREAD, "10-year minus 2-year spread", value, change, "%", day)


def yield_series(rates: pd.DataFrame, series: str, first: date, last: date) -> Series:
    """A series' values from ``first`` to ``last`` (a week's chart window), in percent; no
    rows when the data do not have it."""
    if series not in rates.columns:
        return Series(("day", "value"), ())
    window = rates[series].loc[pd.Timestamp(first) : pd.Timestamp(last)].dropna()
    if len(window) < 2:  # a line needs two points: the chart waits for a second week
        return Series(("day", "value"), ())
    return Series(
        ("day", "value"),
        tuple((str(d)[:10], round(float(v), 3)) for d, v in window.items()),
    )
