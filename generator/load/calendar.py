"""Trading weeks from the exchange's real calendar.

A week ends on its last trading session on or before Friday (holidays, Good Friday and
Thanksgiving week included); its slug is that session's date.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import exchange_calendars as xcals
import pandas as pd

from generator.model import Week


@lru_cache(maxsize=1)
def calendars() -> tuple[str, ...]:
    """Every exchange calendar code (aliases such as NYSE included)."""
    return tuple(sorted(xcals.get_calendar_names(include_aliases=True)))


def calendar_range(code: str) -> tuple[date, date]:
    """The first and last session the exchange calendar knows."""
    calendar = _calendar(code)
    return calendar.first_session.date(), calendar.last_session.date()


def calendar_zone(code: str) -> str:
    """The exchange's time zone (``America/New_York`` for XNYS), which dates its sessions."""
    return str(_calendar(code).tz)


def is_calendar(code: str) -> bool:
    return code in calendars()


@lru_cache(maxsize=8)
def _calendar(code: str) -> xcals.ExchangeCalendar:
    return xcals.get_calendar(code, start="1990-01-01")


def sessions_between(code: str, first: date, last: date) -> tuple[date, ...]:
    """The exchange's sessions from ``first`` to ``last`` inclusive (those the calendar knows)."""
    lo, hi = calendar_range(code)
    first, last = max(first, lo), min(last, hi)
    if first > last:
        return ()
    sessions = _calendar(code).sessions_in_range(pd.Timestamp(first), pd.Timestamp(last))
    return tuple(day.date() for day in sessions)


def group_weeks(sessions: tuple[date, ...]) -> tuple[Week, ...]:
    """Group consecutive sessions into Monday-to-Friday weeks."""
    weeks: dict[tuple[int, int], list[date]] = {}
    for day in sessions:
        weeks.setdefault(day.isocalendar()[:2], []).append(day)
    return tuple(Week(end=days[-1], sessions=tuple(days)) for days in weeks.values())


def complete_weeks(code: str, first: date, last: date) -> tuple[Week, ...]:
    """Weeks whose every session lies between ``first`` and ``last`` (the data's range)."""
    lo, hi = _week_bounds(first)[0], _week_bounds(last)[1]
    full = group_weeks(sessions_between(code, lo, hi))
    return tuple(w for w in full if w.sessions[0] >= first and w.sessions[-1] <= last)


def _week_bounds(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=4)
