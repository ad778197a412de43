"""Pure functions from data to numbers: returns, relative strength, records, leaders, targets.

No I/O. Every table here is causal (each row uses only rows at or before it), and every
week's numbers are read at that week's last session, so a week's page never depends on
data dated after it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from generator.load.health import CARRY_SESSIONS
from generator.model import (
    Breadth,
    Commentary,
    Config,
    Event,
    MarketData,
    Move,
    Quote,
    RateRange,
    RecordInfo,
    Series,
    TargetGap,
    Week,
    WeekReport,
)

WINDOW_WEEKS = 52
SHORT_WEEKS = 26
LEADERS = 5


@dataclass(frozen=True)
class Panel:
    """Daily and weekly closes, the basket included as a symbol of its own."""

    daily: pd.DataFrame
    weekly: pd.DataFrame
    week_change: pd.DataFrame
    month_change: pd.DataFrame
    year_change: pd.DataFrame
    ytd: pd.DataFrame
    above_50: pd.DataFrame  # weekly: close above its 50-session average (NaN: too early)
    names: Mapping[str, str]
    basket: str


def day_of(stamp: Any) -> date:
    """A pandas index label as a date."""
    return pd.Timestamp(stamp).date()


def iso(stamp: Any) -> str:
    return day_of(stamp).isoformat()


def basket_index(closes: pd.DataFrame, members: list[str]) -> pd.Series:
    """Equal-weighted basket from daily returns, rebalanced daily, starting at 100."""
    returns = closes[members].pct_change().mean(axis=1).fillna(0.0)
    return 100 * (1 + returns).cumprod()


def make_panel(data: MarketData, config: Config, weeks: tuple[Week, ...]) -> Panel:
    """Closes carried over a holiday or a short gap (``CARRY_SESSIONS``), never further: a
    symbol whose data stop is left out of later weeks, not shown at its last close as news."""
    daily = data.closes.ffill(limit=CARRY_SESSIONS)
    members = sorted(s for s, sec in data.universe.items() if config.basket in sec.groups)
    symbol = config.basket_symbol
    names = {s: sec.name for s, sec in data.universe.items()}
    if members:
        daily = daily.assign(**{symbol: basket_index(daily, members)})
        names[symbol] = config.basket_name
    ends = pd.DatetimeIndex([pd.Timestamp(w.end) for w in weeks])
    weekly = daily.reindex(ends, method="ffill")  # each week as of its last row
    return Panel(
        daily,
        weekly,
        weekly_change(weekly),
        weekly_change(weekly, 4),
        weekly_change(weekly, WINDOW_WEEKS),
        ytd_change(daily, weekly),
        above_average(daily, ends),
        names,
        symbol,
    )


def above_average(daily: pd.DataFrame, ends: pd.DatetimeIndex, sessions: int = 50) -> pd.DataFrame:
    """Whether each close is above its trailing average, at each week end; NaN while too early."""
    average = daily.rolling(sessions, min_periods=sessions).mean()
    above = (daily > average).astype(float).where(average.notna() & daily.notna())
    return above.reindex(ends, method="ffill")


def weekly_change(weekly: pd.DataFrame, periods: int = 1) -> pd.DataFrame:
    return weekly / weekly.shift(periods) - 1


def ytd_change(daily: pd.DataFrame, weekly: pd.DataFrame) -> pd.DataFrame:
    """Change from the last close of the previous year (missing when the data start later)."""
    year_end = daily.groupby(pd.DatetimeIndex(daily.index).year).last()
    years = pd.Series(pd.DatetimeIndex(weekly.index).year - 1, index=weekly.index)
    base = year_end.reindex(years.values).set_axis(weekly.index)
    return weekly / base - 1


def value_at(frame: pd.DataFrame, day: date, symbol: str) -> float | None:
    value: Any = frame.at[pd.Timestamp(day), symbol] if symbol in frame.columns else math.nan
    return None if pd.isna(value) else float(value)


def relative_strength(weekly: pd.DataFrame, a: str, b: str) -> pd.Series:
    """close(a) / close(b), rebased to 100 at the first row where both have a close; rows
    where one has none are left out. The one home of the relative-strength math."""
    ratio = (weekly[a] / weekly[b]).dropna()
    rebased: pd.Series = 100 * ratio / ratio.iloc[0] if len(ratio) else ratio
    return rebased


def weeks_since_wider(values: list[float], index: int) -> int | None:
    """How many weeks back a spread at least as wide (same sign) was seen; None if never."""
    current = values[index]
    for back in range(1, index + 1):
        earlier = values[index - back]
        if (current >= 0 and earlier >= current) or (current < 0 and earlier <= current):
            return back
    return None


@dataclass(frozen=True)
class High:
    """A symbol's record math as of a day: the one home of records, "below its record" and
    new highs (``highs`` applies the same rule to every symbol at once)."""

    high: float  # the highest close
    high_day: date  # the first day it was reached
    close: float  # the latest close
    last_day: date  # its day
    closes: int  # how many closes there are


def high_as_of(daily: pd.Series, day: date) -> High | None:
    history = daily.loc[: pd.Timestamp(day)].dropna()
    if history.empty:
        return None
    values = history.to_numpy(dtype="float64")
    at = int(values.argmax())  # the first day of the highest close
    days = history.index
    return High(
        float(values[at]), day_of(days[at]), float(values[-1]), day_of(days[-1]), len(values)
    )


def highs(daily: pd.DataFrame, day: date) -> pd.DataFrame:
    """``high`` and ``high_day`` of every symbol as of ``day`` (the rule of ``high_as_of``)."""
    history = daily.loc[: pd.Timestamp(day)].dropna(axis=1, how="all")
    return pd.DataFrame({"high": history.max(), "high_day": history.idxmax()})


def record_info(daily: pd.Series, week: Week) -> RecordInfo:
    high = high_as_of(daily, week.end)
    assert high is not None  # the weeks start where the rotation indices have closes
    new = high.high_day >= week.start and _before(daily, week)  # a first week: none
    return RecordInfo(str(daily.name), high.high, high.high_day, 1 - high.close / high.high, new)


def _before(daily: pd.Series, week: Week) -> bool:
    return bool(daily.loc[: pd.Timestamp(week.start) - pd.Timedelta(days=1)].notna().any())


def fed_funds_on(ranges: tuple[RateRange, ...], day: date) -> RateRange | None:
    current = [r for r in ranges if r.effective <= day]
    return current[-1] if current else None


def events_between(events: tuple[Event, ...], first: date, last: date) -> tuple[Event, ...]:
    return tuple(e for e in events if first <= e.day <= last)


def moves(panel: Panel, data: MarketData, day: date, symbols: list[str]) -> tuple[Move, ...]:
    """Weekly changes of ``symbols`` as of ``day``, best first (missing ones left out)."""
    change: Any = panel.week_change.loc[pd.Timestamp(day)]
    rows = [
        Move(
            s,
            data.universe[s].name,
            data.universe[s].sector,
            data.universe[s].size,
            float(change[s]),
        )
        for s in symbols
        if s in change and not pd.isna(change[s])
    ]
    return tuple(sorted(rows, key=lambda m: (-m.change, m.symbol)))


def sector_symbols(data: MarketData) -> list[str]:
    return sorted(s for s, sec in data.universe.items() if sec.kind == "etf" and sec.sector)


def stock_symbols(data: MarketData) -> list[str]:
    return sorted(s for s, sec in data.universe.items() if sec.kind == "stock")


def target_gaps(panel: Panel, data: MarketData, day: date) -> tuple[TargetGap, ...]:
    """The targets standing on ``day``: published by then, their horizon not yet passed (an
    expired target is history, not news, and years of them would crowd every page)."""
    gaps = []
    for target in data.targets:
        if not target.published <= day <= target.horizon:
            continue
        close = value_at(panel.weekly, day, target.index)
        if close is not None:
            gaps.append(TargetGap(target, close, target.target / close - 1))
    return tuple(sorted(gaps, key=lambda g: (g.target.target, g.target.firm)))


def breadth(panel: Panel, data: MarketData, day: date) -> Breadth | None:
    """Share of the universe's stocks up on the week and above their 50-session average."""
    stamp = pd.Timestamp(day)
    symbols = [s for s in stock_symbols(data) if s in panel.week_change.columns]
    changes: Any = panel.week_change.loc[stamp, symbols].dropna()
    above: Any = panel.above_50.loc[stamp, symbols].dropna()
    if changes.empty or above.empty:
        return None
    return Breadth(len(changes), float((changes > 0).mean()), float(above.mean()))


def new_records(panel: Panel, week: Week) -> tuple[str, ...]:
    """Names of the symbols whose highest close this week beat every earlier close."""
    table = highs(panel.daily, week.end)
    earlier = panel.daily.loc[: pd.Timestamp(week.start) - pd.Timedelta(days=1)].notna().any()
    beaten = table[(table.high_day >= pd.Timestamp(week.start)) & earlier.reindex(table.index)]
    return tuple(sorted(panel.names.get(str(s), str(s)) for s in beaten.index))


def is_record(daily: pd.Series, day: date) -> bool:
    """A close above every earlier close in the data."""
    high = high_as_of(daily, day)
    return high is not None and high.closes > 1 and high.high_day == high.last_day


def scoreboard(panel: Panel, day: date, symbols: list[str]) -> tuple[Quote, ...]:
    quotes = []
    for symbol in symbols:
        close = value_at(panel.weekly, day, symbol)
        if close is not None:
            quotes.append(
                Quote(
                    symbol,
                    panel.names.get(symbol, symbol),
                    close,
                    value_at(panel.week_change, day, symbol),
                    value_at(panel.month_change, day, symbol),
                    value_at(panel.ytd, day, symbol),
                    value_at(panel.year_change, day, symbol),
                    is_record(panel.daily[symbol], day),
                )
            )
    return tuple(quotes)


def trailing(frame: Any, day: date, weeks: int) -> Any:
    """The last ``weeks + 1`` weekly rows up to ``day`` (a window of ``weeks`` changes)."""
    return frame.loc[: pd.Timestamp(day)].iloc[-(weeks + 1) :]


def rotation_series(panel: Panel, config: Config, day: date) -> Series:
    """Relative strength of small caps against each benchmark, rebased at the window start."""
    window = trailing(panel.weekly, day, WINDOW_WEEKS)
    if len(window) < 2:  # a line needs two weeks; the first week has no chart
        return Series(("week", "against", "strength"), ())
    rows = []
    for against in (config.large_caps, config.nasdaq, panel.basket):
        if against in window.columns:
            strength = relative_strength(window, config.small_caps, against)
            rows += [
                (iso(d), panel.names.get(against, against), round(v, 2))
                for d, v in strength.items()
            ]
    return Series(("week", "against", "strength"), tuple(rows))


def performance_series(panel: Panel, config: Config, day: date) -> Series:
    """Each index's weekly close rebased to 100 at the start of the trailing half year."""
    window = trailing(panel.weekly, day, SHORT_WEEKS)
    if len(window) < 2:
        return Series(("week", "index", "value"), ())
    rows = []
    for symbol in (config.small_caps, config.large_caps, config.nasdaq, panel.basket):
        if symbol in window.columns:
            rebased = 100 * window[symbol] / window[symbol].iloc[0]
            rows += [
                (iso(d), panel.names.get(symbol, symbol), round(v, 2)) for d, v in rebased.items()
            ]
    return Series(("week", "index", "value"), tuple(rows))


def spread_history(panel: Panel, config: Config, day: date) -> pd.Series:
    """Small caps' weekly change minus large caps', in percentage points, up to ``day``."""
    change = panel.week_change.loc[: pd.Timestamp(day)]
    return (100 * (change[config.small_caps] - change[config.large_caps])).dropna()


def spread_series(panel: Panel, config: Config, day: date) -> Series:
    recent = spread_history(panel, config, day).iloc[-SHORT_WEEKS:]
    return Series(
        ("week", "spread"),
        tuple((iso(d), round(float(v), 2)) for d, v in recent.items()),
    )


def sector_series(sectors: tuple[Move, ...]) -> Series:
    return Series(
        ("symbol", "sector", "change"),
        tuple((m.symbol, m.sector, round(100 * m.change, 2)) for m in sectors),
    )


def target_series(gaps: tuple[TargetGap, ...]) -> Series:
    return Series(
        ("label", "target", "close", "gap"),
        tuple(
            (
                f"{g.target.firm} ({g.target.scenario})",
                g.target.target,
                round(g.close, 2),
                round(100 * g.gap, 2),
            )
            for g in gaps
        ),
    )


def target_path_series(panel: Panel, symbol: str, day: date) -> Series:
    """The index's weekly closes through the year so far (the last 52 weeks at most)."""
    window = trailing(panel.weekly[[symbol]], day, WINDOW_WEEKS)[symbol].dropna()
    return Series(
        ("week", "close"),
        tuple((iso(d), round(float(v), 2)) for d, v in window.items()),
    )


def fomc_series(events: tuple[Event, ...], first: date, last: date) -> Series:
    return Series(
        ("day", "label"),
        tuple(
            (e.day.isoformat(), e.label)
            for e in events_between(events, first, last)
            if e.kind == "fomc"
        ),
    )


def week_report(
    panel: Panel,
    data: MarketData,
    config: Config,
    weeks: tuple[Week, ...],
    index: int,
    commentary: Commentary | None,
) -> WeekReport:
    """Every number on week ``weeks[index]``'s page, read at its last session."""
    week = weeks[index]
    spreads = spread_history(panel, config, week.end)
    spread = (
        float(spreads.iloc[-1]) if len(spreads) and spreads.index[-1].date() == week.end else None
    )
    sectors = moves(panel, data, week.end, sector_symbols(data))
    stocks = moves(panel, data, week.end, stock_symbols(data))
    gaps = target_gaps(panel, data, week.end)
    previous = weeks[index - 1] if index else None
    report = WeekReport(
        week=week,
        previous=previous,
        next=weeks[index + 1] if index + 1 < len(weeks) else None,
        scoreboard=scoreboard(panel, week.end, list(config.rotation_symbols)),
        spread=spread,
        spread_widest_in=weeks_since_wider(list(spreads), len(spreads) - 1) if spread else None,
        record=record_info(panel.daily[config.small_caps], week),
        fed_funds=fed_funds_on(data.fed_funds, week.end),
        events=events_between(
            data.events, (previous.end if previous else week.start) + timedelta(days=1), week.end
        ),
        events_ahead=events_between(
            data.events, week.end + timedelta(days=1), week.end + timedelta(days=7)
        ),
        sectors=sectors,
        leaders=stocks[:LEADERS],
        laggards=tuple(reversed(stocks[-LEADERS:])),
        targets=gaps,
        takeaways=(),
        breadth=breadth(panel, data, week.end),
        new_records=new_records(panel, week),
        changes=(),
        series=week_series(panel, data, config, week, sectors, gaps),
        commentary=commentary,
        missing=missing(panel, data, week),
    )
    return report


def missing(panel: Panel, data: MarketData, week: Week) -> tuple[str, ...]:
    """Names of the universe's symbols with closes before this week and none carried into it:
    left out of its tables and charts, and the page says so."""
    stamp = pd.Timestamp(week.end)
    earlier = panel.daily.loc[: pd.Timestamp(week.start) - pd.Timedelta(days=1)].notna().any()
    now: Any = panel.weekly.loc[stamp]
    gone = [s for s in data.universe if s in now.index and earlier[s] and pd.isna(now[s])]
    return tuple(sorted(panel.names.get(s, s) for s in gone))


def week_series(
    panel: Panel,
    data: MarketData,
    config: Config,
    week: Week,
    sectors: tuple[Move, ...],
    gaps: tuple[TargetGap, ...],
) -> dict[str, Series]:
    window_start = trailing(panel.weekly, week.end, WINDOW_WEEKS).index[0].date()
    target_index = data.targets[0].index if data.targets else config.large_caps
    return {
        "rotation": rotation_series(panel, config, week.end),
        "fomc": fomc_series(data.events, window_start, week.end),
        "performance": performance_series(panel, config, week.end),
        "spread": spread_series(panel, config, week.end),
        "sectors": sector_series(sectors),
        "targets": target_series(gaps),
        "target_path": target_path_series(panel, target_index, week.end),
    }


def week_reports(
    panel: Panel,
    data: MarketData,
    config: Config,
    weeks: tuple[Week, ...],
    commentary: Mapping[date, Commentary],
) -> tuple[WeekReport, ...]:
    return tuple(
        week_report(panel, data, config, weeks, i, commentary.get(w.end))
        for i, w in enumerate(weeks)
    )
