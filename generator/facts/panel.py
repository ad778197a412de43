"""Pure functions from data to numbers: returns, relative strength, records, leaders, targets.

No I/O. Every table here is causal (each row uses only rows at or before it), and every
week's numbers are read at that week's last session, so a week's page never depends on
data dated after it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from generator.facts import rates, records
from generator.facts.names import listed_name
from generator.load.health import CARRY_SESSIONS
from generator.model import (
    Breadth,
    Commentary,
    Config,
    Coverage,
    Event,
    MarketData,
    Move,
    Quote,
    RateRange,
    RecordInfo,
    Series,
    Standing,
    Target,
    TargetGap,
    Week,
    WeekFacts,
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
    coverage: Mapping[str, Coverage]  # each symbol's own first and last close, the basket's too
    read: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)  # memo

    def weekly_lists(self, symbol: str) -> WeeklyLists:
        """``symbol``'s weekly closes and changes as Python lists, oldest first, made once:
        each week's context reads them up to its own week (``facts/context.py``)."""
        key = ("weekly", symbol)
        if key not in self.read:
            if "weeks" not in self.read:
                self.read["weeks"] = [day_of(d) for d in self.weekly.index]
            self.read[key] = WeeklyLists(
                self.read["weeks"],
                _values(self.weekly[symbol]),
                _values(self.week_change[symbol]),
            )
        found: WeeklyLists = self.read[key]
        return found

    def closes_of(self, symbol: str) -> tuple[np.ndarray, np.ndarray]:
        """``symbol``'s daily closes without gaps as arrays (days as ``datetime64[D]``,
        closes), made once: every week's standings read them up to their day."""
        key = ("daily", symbol)
        if key not in self.read:
            closes = self.daily[symbol].dropna()
            days = np.asarray(closes.index, dtype="datetime64[D]")
            self.read[key] = (days, closes.to_numpy(dtype="float64"))
        found: tuple[np.ndarray, np.ndarray] = self.read[key]
        return found

    def running_high(self) -> pd.DataFrame:
        """Each symbol's highest close up to each session (carried over its gaps), made once."""
        if "running high" not in self.read:
            self.read["running high"] = self.daily.cummax().ffill()
        found: pd.DataFrame = self.read["running high"]
        return found


@dataclass(frozen=True)
class WeeklyLists:
    weeks: list[date]
    closes: list[float | None]
    changes: list[float | None]


def _values(column: pd.Series) -> list[float | None]:
    return [None if math.isnan(v) else float(v) for v in column.to_numpy(dtype="float64")]


def day_of(stamp: Any) -> date:
    """A pandas index label as a date."""
    return pd.Timestamp(stamp).date()


@functools.lru_cache(maxsize=8192)  # the same few thousand weeks, in every week's charts
def iso(stamp: Any) -> str:
    return day_of(stamp).isoformat()


def basket_index(closes: pd.DataFrame, members: list[str]) -> pd.Series:
    """Equal-weighted basket from daily returns, rebalanced daily, starting at 100 on its last
    member's first close: before that it does not exist (no value, so no year to date)."""
    present = closes[members].notna()
    if not present.any().all():
        return pd.Series(math.nan, index=closes.index)
    start = present.idxmax().max()  # the last member's first close
    returns = closes[members].loc[start:].pct_change().mean(axis=1).fillna(0.0)
    return (100 * (1 + returns).cumprod()).reindex(closes.index)


def make_panel(
    data: MarketData, config: Config, weeks: tuple[Week, ...], history: tuple[Week, ...] = ()
) -> Panel:
    """Closes carried over a holiday or a short gap (``CARRY_SESSIONS``), never further: a
    symbol whose data stop is left out of later weeks, not shown at its last close as news.
    The weekly tables hold every week of ``history`` (the data's weeks before the report's
    first, so a first week has its 52-week change) and the report's ``weeks``."""
    daily = data.closes.ffill(limit=CARRY_SESSIONS)
    members = sorted(s for s, sec in data.universe.items() if config.basket in sec.groups)
    symbol = config.basket_symbol
    names = {s: sec.name for s, sec in data.universe.items()}
    covered = records.coverages(data.closes, data)
    if members := [m for m in members if m in covered]:
        daily = daily.assign(**{symbol: basket_index(daily, members)})
        names[symbol] = config.basket_name
        covered[symbol] = records.basket_coverage(symbol, [covered[m] for m in members])
    ends = pd.DatetimeIndex(sorted({pd.Timestamp(w.end) for w in (*history, *weeks)}))
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
        covered,
    )


def above_average(daily: pd.DataFrame, ends: pd.DatetimeIndex, sessions: int = 50) -> pd.DataFrame:
    """Whether each close is above its trailing average, at each week end; NaN while too early."""
    average = daily.rolling(sessions, min_periods=sessions).mean()
    above = (daily > average).astype(float).where(average.notna() & daily.notna())
    return above.reindex(ends, method="ffill")


def weekly_change(weekly: pd.DataFrame, periods: int = 1) -> pd.DataFrame:
    return weekly / weekly.shift(periods) - 1


def ytd_change(daily: pd.DataFrame, weekly: pd.DataFrame) -> pd.DataFrame:
    """Change from the close on the previous year's last session: missing when the symbol had
    no close then (its data start later, or had stopped), never from an older close."""
    year_end = daily.groupby(pd.DatetimeIndex(daily.index).year).nth(-1)
    year_end.index = pd.DatetimeIndex(year_end.index).year
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


def wider_on(spreads: pd.Series) -> date | None:
    """The last week before the latest whose spread was at least as wide, the same way (its
    sign); None when none was."""
    values = spreads.to_numpy(dtype="float64")
    current = values[-1]
    wider = values[:-1] >= current if current >= 0 else values[:-1] <= current
    found = np.flatnonzero(wider)
    return day_of(spreads.index[found[-1]]) if len(found) else None


def standing(panel: Panel, symbol: str, day: date) -> Standing | None:
    """Where ``symbol``'s close of ``day`` stands against its history (``facts/records.py``)."""
    if symbol not in panel.coverage:
        return None
    return records.standing_in(*panel.closes_of(symbol), day, panel.coverage[symbol])


def week_high_day(panel: Panel, symbol: str, week: Week) -> date | None:
    """The session of the week's highest close of ``symbol`` (the first, if two are equal)."""
    days, values = panel.closes_of(symbol)
    lo = int(np.searchsorted(days, np.datetime64(week.start, "D"), side="left"))
    hi = int(np.searchsorted(days, np.datetime64(week.end, "D"), side="right"))
    if hi <= lo:
        return None
    found: date = days[lo + int(values[lo:hi].argmax())].item()
    return found


def record_info(panel: Panel, symbol: str, week: Week) -> RecordInfo:
    close = standing(panel, symbol, week.end)
    assert close is not None  # the weeks start where the rotation indices have closes
    high_day = week_high_day(panel, symbol, week) or close.day
    high = standing(panel, symbol, high_day) or close
    return RecordInfo(close, high, _new_high(high, week))


def _new_high(high: Standing, week: Week) -> bool:
    """The week's highest close beat every close before the week (a first week: nothing to
    beat). Closes earlier in the same week do not count against it."""
    return high.day >= week.start and high.high_day >= week.start and _closes_before(high, week)


def _closes_before(high: Standing, week: Week) -> bool:
    return high.coverage.first < week.start


def fed_funds_on(ranges: tuple[RateRange, ...], day: date) -> RateRange | None:
    current = [r for r in ranges if r.effective <= day]
    return current[-1] if current else None


def _row(frame: pd.DataFrame, day: date) -> dict[str, float]:
    """One row by symbol, read once as an array (not one pandas lookup per symbol)."""
    row: Any = frame.loc[pd.Timestamp(day)]
    return dict(zip(row.index, row.to_numpy(dtype="float64").tolist(), strict=True))


def events_between(events: tuple[Event, ...], first: date, last: date) -> tuple[Event, ...]:
    return tuple(e for e in events if first <= e.day <= last)


def moves(panel: Panel, data: MarketData, day: date, symbols: list[str]) -> tuple[Move, ...]:
    """Weekly changes of ``symbols`` as of ``day``, best first (missing ones left out)."""
    change = _row(panel.week_change, day)
    rows = [
        Move(
            s,
            data.universe[s].name,
            data.universe[s].sector,
            data.universe[s].size,
            float(change[s]),
        )
        for s in symbols
        if s in change and not math.isnan(change[s])
    ]
    return tuple(sorted(rows, key=lambda m: (-m.change, m.symbol)))


def sector_symbols(data: MarketData) -> list[str]:
    return sorted(s for s, sec in data.universe.items() if sec.kind == "etf" and sec.sector)


def stock_symbols(data: MarketData, config: Config | None = None) -> list[str]:
    """The universe's stocks; a symbol the settings name as an index never counts as one,
    whatever a half-filled universe says of it."""
    indices = set(config.rotation_symbols) if config else set()
    return sorted(s for s, sec in data.universe.items() if sec.kind == "stock" and s not in indices)


def last_close_day(panel: Panel, data: MarketData, symbols: list[str], day: date) -> date | None:
    """The last day on or before ``day`` with a close of any of ``symbols`` (in the data, not
    carried: the days with one are found once, for every week)."""
    key = ("any close", tuple(symbols))
    if key not in panel.read:
        known = data.closes[[s for s in symbols if s in data.closes]].notna().any(axis=1)
        panel.read[key] = np.asarray(known.index[known.to_numpy()], dtype="datetime64[D]")
    days: np.ndarray = panel.read[key]
    at = int(np.searchsorted(days, np.datetime64(day, "D"), side="right"))
    return days[at - 1].item() if at else None


def leaders_and_laggards(
    stocks: tuple[Move, ...],
) -> tuple[tuple[Move, ...], tuple[Move, ...]]:
    """The best and the worst of the week, never the same name in both: with fewer than
    twice ``LEADERS`` stocks, each table holds half (a single stock leads alone)."""
    count = min(LEADERS, len(stocks) // 2)
    if not count:
        return stocks[:1], ()
    return stocks[:count], tuple(reversed(stocks[-count:]))


def target_gaps(
    panel: Panel, data: MarketData, day: date, among: tuple[Target, ...] | None = None
) -> tuple[TargetGap, ...]:
    """The targets standing on ``day``: published by then, their horizon not yet passed (an
    expired target is history, not news, and years of them would crowd every page); with
    ``among``, only those of them."""
    gaps = []
    for target in data.targets if among is None else among:
        if not target.published <= day <= target.horizon:
            continue
        close = value_at(panel.weekly, day, target.index)
        if close is not None:
            gaps.append(TargetGap(target, close, target.target / close - 1))
    return tuple(sorted(gaps, key=lambda g: (g.target.target, g.target.firm)))


def breadth(panel: Panel, data: MarketData, config: Config, day: date) -> Breadth | None:
    """Share of the universe's stocks up on the week and above their 50-session average
    (counted for every week at once, the first time a week asks)."""
    symbols = tuple(s for s in stock_symbols(data, config) if s in panel.week_change.columns)
    key = ("breadth", symbols)
    if key not in panel.read:
        changes = panel.week_change[list(symbols)]
        above = panel.above_50[list(symbols)].reindex(changes.index)
        counts = zip(
            changes.notna().sum(axis=1).to_numpy(),
            (changes > 0).sum(axis=1).to_numpy(),  # a missing change is not up
            above.notna().sum(axis=1).to_numpy(),
            above.sum(axis=1).to_numpy(),  # 0 or 1 each: an exact count
            strict=True,
        )
        panel.read[key] = dict(zip(changes.index, counts, strict=True))
    found = panel.read[key].get(pd.Timestamp(day))
    if found is None or not found[0] or not found[2]:
        return None
    stocks, up, measured, above_count = found
    return Breadth(int(stocks), int(up) / int(stocks), float(above_count) / int(measured))


def new_highs(panel: Panel, data: MarketData, week: Week) -> tuple[tuple[str, Standing], ...]:
    """(name, standing of the week's highest close) of every symbol whose highest close this
    week beat every close before the week, by name. Broad ETFs without a sector are left out:
    they repeat the index they track."""
    start = pd.Timestamp(week.start)
    row = int(panel.daily.index.searchsorted(start)) - 1  # the last session before the week
    before = panel.running_high().iloc[row] if row >= 0 else panel.daily.iloc[0] * math.nan
    during = panel.daily.loc[start : pd.Timestamp(week.end)].max()
    beaten = during.index[(during > before * (1 + records.TIE)).to_numpy()]
    found = []
    for symbol in map(str, beaten):
        security = data.universe.get(symbol)
        if security is not None and security.kind == "etf" and not security.sector:
            continue
        day = week_high_day(panel, symbol, week)
        if day is not None and (high := standing(panel, symbol, day)) is not None:
            name = listed_name(security) if security else panel.names.get(symbol, symbol)
            found.append((name, high))
    return tuple(sorted(found, key=lambda pair: pair[0]))


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
                    standing(panel, symbol, day),
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


def week_facts(
    panel: Panel,
    data: MarketData,
    config: Config,
    weeks: tuple[Week, ...],
    index: int,
    commentary: Commentary | None,
) -> WeekFacts:
    """Every number on week ``weeks[index]``'s page, read at its last session."""
    week = weeks[index]
    spreads = spread_history(panel, config, week.end)
    spread = (
        float(spreads.iloc[-1]) if len(spreads) and spreads.index[-1].date() == week.end else None
    )
    sectors = moves(panel, data, week.end, sector_symbols(data))
    leaders, laggards = leaders_and_laggards(
        moves(panel, data, week.end, stock_symbols(data, config))
    )
    gaps = target_gaps(panel, data, week.end)
    previous = weeks[index - 1] if index else None
    return WeekFacts(
        week=week,
        previous=previous,
        next=weeks[index + 1] if index + 1 < len(weeks) else None,
        scoreboard=scoreboard(panel, week.end, list(config.rotation_symbols)),
        spread=spread,
        spread_wider_on=wider_on(spreads) if spread is not None else None,
        spread_first=day_of(spreads.index[0]) if len(spreads) else None,
        record=record_info(panel, config.small_caps, week),
        fed_funds=fed_funds_on(data.fed_funds, week.end),
        events=events_between(
            data.events, (previous.end if previous else week.start) + timedelta(days=1), week.end
        ),
        events_ahead=events_between(
            data.events, week.end + timedelta(days=1), week.end + timedelta(days=7)
        ),
        sectors=sectors,
        sectors_last=last_close_day(panel, data, sector_symbols(data), week.end),
        leaders=leaders,
        laggards=laggards,
        targets=gaps,
        breadth=breadth(panel, data, config, week.end),
        new_highs=new_highs(panel, data, week),
        series=week_series(panel, data, config, week, sectors, gaps),
        commentary=commentary,
        missing=missing(panel, data, week),
        runs={s: weekly_run(panel, s, week.end) for s in config.rotation_symbols[:3]},
        move_since={s: bigger_move_on(panel, s, week.end) for s in config.rotation_symbols[:3]},
        fed_change=fed_change(data.fed_funds, previous.end if previous else None, week.end),
        next_event=next((e for e in data.events if e.day > week.end + timedelta(days=7)), None),
        events_end=max((e.day for e in data.events), default=None),
        rates=rates.rate_lines(data.rates, week, previous),
    )


def _changes(panel: Panel, symbol: str, day: date) -> pd.Series:
    if symbol not in panel.week_change.columns:
        return pd.Series(dtype=float)
    return panel.week_change[symbol].loc[: pd.Timestamp(day)].dropna()


def weekly_run(panel: Panel, symbol: str, day: date) -> tuple[int, int]:
    """(the run of weekly moves the same way up to ``day``, signed: +3 is a third straight
    gain; the run before it, signed). A flat week ends a run; a run reaching the first week
    of the data counts what the data hold."""
    signs = np.sign(_changes(panel, symbol, day).to_numpy())
    runs: list[int] = []
    for sign in signs[::-1]:
        if runs and sign == np.sign(runs[-1]) and sign != 0:
            runs[-1] += int(sign)
        elif len(runs) == 2:
            break
        else:
            runs.append(int(sign))
    runs += [0] * (2 - len(runs))
    return runs[0], runs[1]


def bigger_move_on(panel: Panel, symbol: str, day: date) -> tuple[date | None, int]:
    """(the last week before ``day`` with a weekly move at least as big the same way, or None;
    how many weekly changes the data hold up to ``day``)."""
    changes = _changes(panel, symbol, day)
    if changes.empty:
        return None, 0
    values = changes.to_numpy(dtype="float64")
    now, earlier = values[-1], values[:-1]
    found = np.flatnonzero(earlier >= now if now >= 0 else earlier <= now)
    return (day_of(changes.index[found[-1]]) if len(found) else None), len(values)


def fed_change(
    ranges: tuple[RateRange, ...], after: date | None, day: date
) -> tuple[RateRange, RateRange] | None:
    """The target range that took effect in the week (after the week before's end, up to
    ``day``), with the one it replaced."""
    for index, new in enumerate(ranges):
        if index and (after is None or new.effective > after) and new.effective <= day:
            return ranges[index - 1], new
    return None


def missing(panel: Panel, data: MarketData, week: Week) -> tuple[str, ...]:
    """Names of the universe's symbols with closes before this week and none carried into it:
    left out of its tables and charts, and the page says so."""
    now = _row(panel.weekly, week.end)
    covered = panel.coverage
    gone = [
        s
        for s in data.universe
        if s in now and s in covered and covered[s].first < week.start and math.isnan(now[s])
    ]
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
        "ten_year": rates.yield_series(data.rates, "DGS10", window_start, week.end),
    }
