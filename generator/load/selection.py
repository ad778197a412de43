"""What a build publishes: the settings checked against the data, the weeks chosen from the
exchange calendar, and the commentary that is ready (drafts and scheduled files left out)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime

import pandas as pd

from generator import errors
from generator.config_file import key_line
from generator.errors import ConfigError, DataError, Warnings, closest, first_line_with
from generator.load import calendar as weeks
from generator.model import Commentary, Config, MarketData, Week


def select_weeks(data: MarketData, config: Config) -> tuple[Week, ...]:
    """Complete trading weeks in the data, within the configured start and end, from the
    first week both indices of the rotation have closes (a symbol with a longer history does
    not start the report before them)."""
    first, last = data.closes.index[0].date(), data.closes.index[-1].date()
    check_calendar_range(data, config, first, last)
    check_sessions(data, config)
    pair = [s for s in (config.small_caps, config.large_caps) if s in data.closes.columns]
    priced = data.closes[pair].dropna(how="any")
    if len(priced):
        first = max(first, pd.Timestamp(priced.index[0]).date())
    found = weeks.complete_weeks(config.calendar, first, last)
    chosen = tuple(
        w
        for w in found
        if (config.start is None or w.end >= config.start)
        and (config.end is None or w.end <= config.end)
    )
    if not chosen:
        raise no_weeks(config, found, first, last)
    return chosen


def week_index(weeks: tuple[Week, ...], day: date | None, config: Config) -> int:
    """The index of the week whose last session is ``day`` (None: the latest)."""
    ends = [w.end for w in weeks]
    if day is None:
        return len(ends) - 1
    if day not in ends:
        nearest = min(ends, key=lambda end: abs((end - day).days))
        raise errors.CommentaryError(
            config.weeks_dir / f"{day}.md",
            None,
            f"{day} is not the last session of a week in the data",
            f"use --week {nearest}",
        )
    return ends.index(day)


def history_weeks(data: MarketData, config: Config, chosen: tuple[Week, ...]) -> tuple[Week, ...]:
    """Every complete week from the data's first close to the report's last week: the weekly
    history that changes, records and charts read (the report may start later)."""
    first = data.closes.index[0].date()
    return weeks.complete_weeks(config.calendar, first, chosen[-1].end)


def no_weeks(config: Config, found: tuple[Week, ...], first: date, last: date) -> ConfigError:
    """Why no week is left to publish, at the setting that left none."""
    span = f"the data run from {first} to {last}"
    if found and config.start and config.start > found[-1].end:
        return ConfigError(
            config.config_file,
            key_line(config.config_file, "start"),
            f"start {config.start} leaves no complete trading week to publish ({span})",
            f"set start to {found[-1].end} or earlier, or add prices",
        )
    if found and config.end:
        return ConfigError(
            config.config_file,
            key_line(config.config_file, "end"),
            f"end {config.end} leaves no complete trading week to publish ({span})",
            f"set end to {found[0].end} or later",
        )
    return ConfigError(
        config.data_dir / "prices.csv",
        None,
        f"no complete trading week in the prices ({span})",
        "add at least one full week (Monday to Friday) of closes",
    )


def check_calendar_range(data: MarketData, config: Config, first: date, last: date) -> None:
    """Every date must lie within the exchange calendar's range, or weeks cannot be told."""
    lo, hi = weeks.calendar_range(config.calendar)
    for day, side, bound in ((first, "before the first", lo), (last, "after the last", hi)):
        if (day < lo) if side.startswith("before") else (day > hi):
            prices = data.sources["prices"]
            raise DataError(
                prices,
                first_line_with(prices, day.isoformat()),
                f"date {day} is {side} session of the {config.calendar} calendar ({bound})",
                "fix the date, or leave out rows the calendar does not cover",
            )


def check_sessions(data: MarketData, config: Config) -> None:
    """A close on a day the exchange did not trade (a weekend, a holiday) is a wrong date: it
    would be carried into its week, and could even be called a record on that day."""
    days = [stamp.date() for stamp in data.closes.index]
    sessions = set(weeks.sessions_between(config.calendar, days[0], days[-1]))
    day = next((day for day in days if day not in sessions), None)
    if day is not None:
        prices = data.sources["prices"]
        raise DataError(
            prices,
            first_line_with(prices, f"{day},") if prices.suffix == ".csv" else None,
            weeks.off_session(day, config.calendar),
            "fix the date, or delete the row",
        )


def check_settings(config: Config, data: MarketData, warn: Warnings) -> None:
    """The symbols and the basket the settings name must exist in the data (a basket left at
    its default is simply not drawn when no security is in its group)."""
    symbols = sorted(data.closes.columns)
    prices = errors.relative(data.sources["prices"], config.root)
    for key in ("small_caps", "large_caps", "nasdaq"):
        symbol = getattr(config, key)
        if symbol not in symbols:
            problem = ConfigError(
                config.config_file,
                key_line(config.config_file, key),
                f"{key} {symbol!r} has no prices in {prices}",
                f"set it to a symbol that has prices ({closest(symbol, symbols)})",
            )
            if key != "nasdaq":
                raise problem
            warn(f"{problem} (until then the charts leave it out)")
    groups = sorted({g for security in data.universe.values() for g in security.groups})
    written = key_line(config.config_file, "basket")  # None: the default, left unset
    if written and not any(config.basket in s.groups for s in data.universe.values()):
        raise ConfigError(
            config.config_file,
            written,
            f"basket {config.basket!r} is no group in universe.csv, so the basket has no members",
            f"name a group from the groups column ({closest(config.basket, groups)})",
        )


def publishable(
    commentary: Mapping[date, Commentary], drafts: bool, now: datetime | None = None
) -> dict[date, Commentary]:
    """Drafts and commentary scheduled for later leave no trace, unless ``drafts`` (preview)."""
    now = now or datetime.now(UTC)
    shown = {}
    for day, item in commentary.items():
        waiting = item.draft or (item.publish_at is not None and item.publish_at > now)
        if not waiting:
            shown[day] = item
        elif drafts:
            shown[day] = replace(item, draft=True)
    return shown
