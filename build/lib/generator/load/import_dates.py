"""Dates in import files, parsed with one explicit format per file (never guessed value by
value): ISO, ``YYYYMMDD``, ``MM/DD/YYYY`` or ``DD/MM/YYYY`` (decided by the data or by
``--dayfirst``/``--monthfirst``), ``Jan 2 2025``, times and time zones, epoch seconds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from generator.errors import DataError
from generator.load.files import quoted

ISO = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d")
NAMED = (
    "%b %d %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%B %d, %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
)
MONTH_FIRST = ("%m/%d/%Y", "%m-%d-%Y", "%m.%d.%Y")
DAY_FIRST = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
SPLIT = (
    r"^(?P<day>.+?)(?:[ T](?P<time>(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)"
    r"\s*(?P<zone>Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?$"
)
WRITE = "write dates as YYYY-MM-DD, MM/DD/YYYY or Jan 2 2025"


@dataclass(frozen=True)
class DateColumn:
    """The values of a file's date column, with the line each is on."""

    path: Path
    column: str
    lines: tuple[int, ...]
    texts: tuple[str, ...]


def parse_dates(column: DateColumn, zone: str, order: str | None) -> tuple[date, ...]:
    """The trading date of each value; ``order`` is ``day`` or ``month`` (first) when given.

    A stamp with a time zone is the date it names at midnight in its own offset (a daily bar
    labelled by its day, as yfinance writes ``1998-12-22 00:00:00-05:00``); any other time
    of day is converted to the exchange's zone ``zone`` first.
    """
    texts = pd.Series(column.texts, dtype=object).str.strip()
    if len(texts) and texts.str.fullmatch(r"\d{10}|\d{13}").all():
        numbers = texts.astype("int64")
        numbers = numbers.where(texts.str.len() == 10, numbers // 1000)  # 13 digits: ms
        stamps = pd.to_datetime(numbers, unit="s", utc=True)
        return tuple(stamps.dt.tz_convert(zone).dt.date)
    parts = texts.str.extract(SPLIT)
    days = _days(column, parts["day"].fillna(texts), order)
    return _in_zone(column, days, parts["time"], parts["zone"], zone)


def _days(column: DateColumn, texts: pd.Series, order: str | None) -> pd.Series:
    fits = {fmt: pd.to_datetime(texts, format=fmt, errors="coerce") for fmt in _formats(order)}
    whole = [fmt for fmt, parsed in fits.items() if parsed.notna().all()]
    if len(whole) > 1 and {*whole} & {*MONTH_FIRST} and {*whole} & {*DAY_FIRST}:
        raise _ambiguous(column, texts)
    if whole:
        return fits[whole[0]]
    best = max(fits, key=lambda fmt: int(fits[fmt].notna().sum()))
    bad = int(fits[best].isna().to_numpy().argmax())
    text = column.texts[bad]
    hint = WRITE
    if fits[best].notna().any():
        like = column.texts[int(fits[best].notna().to_numpy().argmax())]
        hint = f"write it like the file's other dates (e.g. {like})"
    if order and _fits_other_order(text, order):
        hint = f"it is not {order}-first: drop --{order}first or fix the date"
    raise DataError(
        column.path, column.lines[bad], f"{column.column} {quoted(text)} is not a date", hint
    )


def _formats(order: str | None) -> tuple[str, ...]:
    slashed = {"day": DAY_FIRST, "month": MONTH_FIRST}.get(order or "", MONTH_FIRST + DAY_FIRST)
    return ISO + slashed + NAMED


def _fits_other_order(text: str, order: str) -> bool:
    other = MONTH_FIRST if order == "day" else DAY_FIRST
    return any(pd.notna(pd.to_datetime(text, format=fmt, errors="coerce")) for fmt in other)


def _ambiguous(column: DateColumn, texts: pd.Series) -> DataError:
    return DataError(
        column.path,
        column.lines[0],
        f"dates such as {quoted(column.texts[0])} read both as month/day and as day/month "
        "(no day above 12 settles it)",
        "pass --monthfirst (01/02/2025 is 2 January) or --dayfirst (1 February)",
    )


def _in_zone(
    column: DateColumn, days: pd.Series, times: pd.Series, offsets: pd.Series, zone: str
) -> tuple[date, ...]:
    if offsets.isna().all():
        return tuple(days.dt.date)
    if offsets.isna().any():
        bad = int(offsets.isna().to_numpy().argmax())
        raise DataError(
            column.path,
            column.lines[bad],
            f"{column.column} {quoted(column.texts[bad])} has no time zone, unlike the others",
            "write every time with its offset (e.g. -05:00), or none",
        )
    clock = pd.to_timedelta(times.fillna("00:00").map(_with_seconds))
    zones = offsets.str.replace("Z", "+00:00").map(_offset)
    instants = (days + clock - zones).dt.tz_localize("UTC").dt.tz_convert(zone).dt.date
    midnight = clock == pd.Timedelta(0)
    return tuple(d if m else i for d, i, m in zip(days.dt.date, instants, midnight, strict=True))


def _with_seconds(text: str) -> str:
    return text if text.count(":") == 2 else f"{text}:00"


def _offset(text: str) -> pd.Timedelta:
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return sign * pd.Timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
