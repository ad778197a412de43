"""Trading weeks from the exchange's real calendar.

A week ends on its last trading session on or before Friday (holidays, Good Friday and
Thanksgiving week included); its slug is that session's date.

exchange_calendars takes half a second to import and a fifth to build a calendar, on every
command; what a build needs of it (the codes, and a calendar's sessions, range and time
zone) is kept in the user's cache, by its version and today's date (its calendars look a
year ahead of today).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import metadata
from typing import Any

from generator import usercache
from generator.model import Week

START = "1990-01-01"


@dataclass(frozen=True)
class Calendar:
    """What marketweek reads of an exchange calendar."""

    sessions: tuple[date, ...]
    zone: str


@lru_cache(maxsize=1)
def calendars() -> tuple[str, ...]:
    """Every exchange calendar code (aliases such as NYSE included)."""
    return tuple(_cached("codes", _codes))


def calendar_range(code: str) -> tuple[date, date]:
    """The first and last session the exchange calendar knows."""
    sessions = _calendar(code).sessions
    return sessions[0], sessions[-1]


def calendar_zone(code: str) -> str:
    """The exchange's time zone (``America/New_York`` for XNYS), which dates its sessions."""
    return _calendar(code).zone


def is_calendar(code: str) -> bool:
    return code in calendars()


def _cached(name: str, make: Callable[[], Any]) -> Any:
    version = metadata.version("exchange_calendars")
    return usercache.cached_json("calendars", f"{name} {version} {date.today()}", make)


@lru_cache(maxsize=8)
def _calendar(code: str) -> Calendar:
    known = _cached(f"calendar {code}", lambda: _sessions(code))
    return Calendar(tuple(date.fromisoformat(d) for d in known["sessions"]), known["zone"])


def _codes() -> list[str]:
    import exchange_calendars as xcals

    return sorted(xcals.get_calendar_names(include_aliases=True))


def _sessions(code: str) -> dict[str, Any]:
    import exchange_calendars as xcals

    calendar = xcals.get_calendar(code, start=START)
    return {
        "sessions": [day.date().isoformat() for day in calendar.sessions],
        "zone": str(calendar.tz),
    }


def off_session(day: date, code: str) -> str:
    """What is wrong with a value dated ``day`` that is no session of ``code``, for messages."""
    return f"{day} is a {day:%A}, not a session of {code} (weekend or holiday)"


def sessions_between(code: str, first: date, last: date) -> tuple[date, ...]:
    """The exchange's sessions from ``first`` to ``last`` inclusive (those the calendar knows)."""
    sessions = _calendar(code).sessions
    lo, hi = bisect.bisect_left(sessions, first), bisect.bisect_right(sessions, last)
    return sessions[lo:hi]


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
