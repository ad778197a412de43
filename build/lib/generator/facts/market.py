"""The numbers a fact check compares claims with, read from the data as of one week.

Point in time: only closes, ranges and events dated on or before the week's last session.
Weekly changes run from the last close of the week before (``facts/panel.py``'s definition),
with weeks grouped Monday to Friday as the exchange's weeks are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import pandas as pd

from generator.facts.when import Period
from generator.model import MarketData


@dataclass(frozen=True)
class Move:
    base: float
    close: float
    base_day: date
    day: date

    @property
    def ratio(self) -> float:
        return self.close / self.base - 1

    @property
    def points(self) -> float:
        return self.close - self.base


class Market:
    def __init__(self, data: MarketData, week: date) -> None:
        self.data, self.week = data, week
        self.known = data.closes.loc[: pd.Timestamp(week)]

    def name(self, symbol: str) -> str:
        security = self.data.universe.get(symbol)
        if security and security.kind == "etf" and security.sector:
            return f"{security.sector} ({symbol})"
        return security.name if security else symbol

    def series(self, symbol: str) -> pd.Series:
        if symbol not in self.known.columns:
            return pd.Series(dtype=float)
        return self.known[symbol].dropna()

    def close_on(self, symbol: str, day: date) -> float | None:
        series = self.series(symbol)
        stamp = pd.Timestamp(day)
        return float(series.loc[stamp]) if stamp in series.index else None

    def closes_equal_to(self, value: float) -> list[tuple[date, str]]:
        """Every (date, symbol) whose close, to the cent, is ``value``: a close in the data, or
        a record close from before them that sources.csv gives (the pages quote it)."""
        hits = self.known.where((self.known - value).abs() < 0.005).stack().dropna()
        prior = [
            (day, symbol)
            for symbol, (high, day) in self.data.prior_highs.items()
            if abs(high - value) < 0.005 and day <= self.week
        ]
        found = [(pd.Timestamp(day).date(), str(symbol)) for (day, symbol) in hits.index]
        return sorted(prior) + found

    def weekly(self, symbol: str) -> pd.Series:
        """The last close of each week (Monday to Friday), the page's week last."""
        series = self.series(symbol)
        if series.empty:
            return series
        monday = pd.DatetimeIndex(series.index) - pd.to_timedelta(
            pd.DatetimeIndex(series.index).day_of_week, unit="D"
        )
        return series.groupby(monday).last()

    def change(self, symbol: str, period: Period) -> Move | None:
        series = self.series(symbol)
        if series.empty:
            return None
        if period.kind == "week":
            return self._weeks(symbol, period.weeks)
        if period.kind == "day":
            return self._day(series, period.day)
        if period.kind == "ytd":
            before = series.loc[: pd.Timestamp(date(self.week.year - 1, 12, 31))]
            return _move(before, series) if not before.empty else None
        assert period.day is not None
        before = series.loc[: pd.Timestamp(period.day)]
        return _move(before, series) if not before.empty else None

    def _weeks(self, symbol: str, weeks: int) -> Move | None:
        weekly = self.weekly(symbol)
        this_monday = pd.Timestamp(self.week - timedelta(days=self.week.weekday()))
        if len(weekly) <= weeks or weekly.index[-1] != this_monday:
            return None
        series = self.series(symbol)
        base_week = weekly.index[-1 - weeks]
        if base_week != this_monday - pd.Timedelta(weeks=weeks):
            return None  # a week missing from the data: leave it alone
        before = series.loc[: base_week + pd.Timedelta(days=6)]
        return _move(before, series)

    def _day(self, series: pd.Series, day: date | None) -> Move | None:
        if day is None:
            return None
        stamp = pd.Timestamp(day)
        if stamp not in series.index or series.index.get_loc(stamp) == 0:
            return None
        return _move(series.loc[:stamp].iloc[:-1], series.loc[:stamp])

    def describe_change(self, symbol: str, move: Move, points: bool, period: Period) -> str:
        verb = "rose" if move.close >= move.base else "fell"
        size = f"{abs(move.points):,.2f} points" if points else f"{abs(100 * move.ratio):.2f}%"
        return (
            f"{self.name(symbol)} {verb} {size} {period.describe()} "
            f"({move.base:,.2f} on {move.base_day} → {move.close:,.2f} on {move.day})"
        )

    def streak(self, symbol: str, direction: int) -> tuple[int, bool]:
        """How many weeks in a row, up to this one, ``symbol`` moved in ``direction``; and
        whether the streak's start is in the data (False: it may be longer)."""
        weekly = self.weekly(symbol)
        this_monday = pd.Timestamp(self.week - timedelta(days=self.week.weekday()))
        if weekly.empty or weekly.index[-1] != this_monday:
            return 0, True
        changes = list(weekly.pct_change().iloc[1:])
        length = 0
        for change in reversed(changes):
            if (change > 0) != (direction > 0) or change == 0:
                return length, True
            length += 1
        return length, False

    def sector_order(self, period: Period) -> list[tuple[str, float]]:
        """Sector ETFs by their change over ``period``, best first."""
        moves = []
        for symbol, security in sorted(self.data.universe.items()):
            if security.kind == "etf" and security.sector:
                move = self.change(symbol, period)
                if move is not None:
                    moves.append((symbol, move.ratio))
        return sorted(moves, key=lambda m: -m[1])

    def fed_range(self, day: date | None, before: bool) -> tuple[float, float, date] | None:
        """The range in effect at ``day`` (a decision day: just after it), else at the week's
        end; with ``before``, the range it replaced."""
        ranges = [r for r in self.data.fed_funds if r.effective <= self.week]
        if day is not None:
            ranges = [r for r in ranges if r.effective <= day + timedelta(days=3)]
        if before:
            ranges = ranges[:-1]
        if not ranges:
            return None
        last = ranges[-1]
        return last.lower, last.upper, last.effective

    @cached_property
    def _decisions(self) -> list[tuple[date, str]]:
        found = []
        for event in self.data.events:
            if event.kind == "fomc" and event.day <= self.week:
                found.append((event.day, self._decision(event.day)))
        return found

    def decisions(self) -> list[tuple[date, str]]:
        """Each FOMC decision up to the week: (day, cut | hike | hold | unknown)."""
        return self._decisions

    def _decision(self, day: date) -> str:
        before = [r for r in self.data.fed_funds if r.effective < day]
        after = [r for r in self.data.fed_funds if r.effective <= day + timedelta(days=3)]
        if not before or not after:
            return "unknown"
        old, new = before[-1], after[-1]
        if new.upper < old.upper:
            return "cut"
        return "hike" if new.upper > old.upper else "hold"

    def decision_streak(self, kind: str) -> tuple[int, bool]:
        """How many FOMC decisions in a row, up to the week, were ``kind``; and whether the
        streak's start is in the events."""
        length = 0
        for _, decided in reversed(self._decisions):
            if decided == "unknown":
                return length, False
            if decided != kind:
                return length, True
            length += 1
        return length, False


def _move(before: pd.Series, series: pd.Series) -> Move:
    return Move(
        float(before.iloc[-1]),
        float(series.iloc[-1]),
        pd.Timestamp(before.index[-1]).date(),
        pd.Timestamp(series.index[-1]).date(),
    )
