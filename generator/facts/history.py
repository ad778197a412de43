"""Long-run series for the site-wide pages: rotation history, sector history, target tracker.

Pure functions over the compute stage's ``Panel``; everything is read as of the latest
published week, so these pages obey the same point-in-time rule as the week pages.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from generator.facts.panel import (
    Panel,
    iso,
    relative_strength,
    sector_symbols,
    target_gaps,
    value_at,
)
from generator.kept import same_inputs
from generator.model import Config, MarketData, Series, Week

HEAT_WEEKS = 104


def rotation_history(panel: Panel, config: Config, day: date) -> Series:
    """Relative strength of small caps against each benchmark over the whole history."""
    weekly = panel.weekly.loc[: pd.Timestamp(day)]
    rows = []
    for against in (config.large_caps, config.nasdaq, panel.basket):
        if against in weekly.columns:
            rebased = relative_strength(weekly, config.small_caps, against)
            name = panel.names.get(against, against)
            rows += [(iso(d), name, round(float(v), 2)) for d, v in rebased.items()]
    return Series(("week", "against", "strength"), tuple(rows))


def yearly_returns(panel: Panel, config: Config, day: date) -> Series:
    """Each index's change per calendar year (the first and the current year are partial)."""
    daily = panel.daily.loc[: pd.Timestamp(day)]
    year_end = daily.groupby(pd.DatetimeIndex(daily.index).year).last()
    base = year_end.shift(1).fillna(daily.groupby(pd.DatetimeIndex(daily.index).year).first())
    change = year_end / base - 1
    rows = []
    for symbol in (config.small_caps, config.large_caps, config.nasdaq, panel.basket):
        if symbol in change.columns:
            rows += [
                (int(str(year)), panel.names.get(symbol, symbol), round(100 * float(v), 2))
                for year, v in change[symbol].dropna().items()
            ]
    return Series(("year", "index", "change"), tuple(rows))


def sector_heat(panel: Panel, data: MarketData, day: date) -> Series:
    """Weekly change of each sector over the trailing two years: a weeks × sectors grid."""
    sectors = sector_symbols(data)
    recent = panel.week_change.loc[: pd.Timestamp(day), sectors].iloc[-HEAT_WEEKS:]
    rows = [
        (iso(d), data.universe[str(s)].sector, round(100 * float(v), 2))
        for d, row in recent.iterrows()
        for s, v in row.items()
        if pd.notna(v)
    ]
    return Series(("week", "sector", "change"), tuple(rows))


def sector_table(panel: Panel, data: MarketData, day: date) -> Series:
    """Week, four-week and year-to-date change of every sector, best year first."""
    rows: list[tuple[Any, ...]] = []
    for symbol in sector_symbols(data):
        frames = (panel.week_change, panel.month_change, panel.ytd)
        values = [value_at(frame, day, symbol) for frame in frames]
        rows.append((data.universe[symbol].sector, symbol, *values))
    rows.sort(key=lambda r: -(r[4] if r[4] is not None else -1e9))
    return Series(("sector", "symbol", "week", "month", "ytd"), tuple(rows))


def target_history(panel: Panel, data: MarketData, weeks: tuple[Week, ...]) -> Series:
    """The gap of each target standing at the last week, at every week end since it was
    published, in percent (the expired ones are no longer the outlook)."""
    standing = tuple(gap.target for gap in target_gaps(panel, data, weeks[-1].end))
    since = min((target.published for target in standing), default=weeks[-1].end)
    rows = []
    for week in weeks:
        if week.end < since:
            continue
        for gap in target_gaps(panel, data, week.end, standing):
            label = f"{gap.target.firm} ({gap.target.scenario}, {gap.target.target:,.0f})"
            rows.append((week.slug, label, round(100 * gap.gap, 2)))
    return Series(("week", "target", "gap"), tuple(rows))


@same_inputs
def site_series(
    panel: Panel, data: MarketData, config: Config, weeks: tuple[Week, ...]
) -> dict[str, Series]:
    last = weeks[-1].end
    return {
        "rotation_history": rotation_history(panel, config, last),
        "yearly": yearly_returns(panel, config, last),
        "sector_heat": sector_heat(panel, data, last),
        "sector_table": sector_table(panel, data, last),
        "target_history": target_history(panel, data, weeks),
    }
