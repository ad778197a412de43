"""`marketweek import`: bring real data files into ``content/data/prices.csv``.

Reads Yahoo Finance and Stooq daily exports, FRED series (CSV download), long
``date,symbol,close`` and wide ``date,SYM1,SYM2,…`` files; the format is recognised from the
header. New closes are merged in; a close that differs from the one already there is an error
unless ``replace`` is asked for. The prices file is rewritten whole (sorted by date, then
symbol), atomically; nothing else is touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.errors import DataError
from generator.load.data import PRICE_COLUMNS, price_records
from generator.load.files import (
    check_symbol,
    csv_records,
    parse_close,
    parse_date,
    quoted,
    read_text,
)

Close = tuple[date, str, float]


@dataclass(frozen=True)
class ImportReport:
    format: str
    symbols: tuple[str, ...]
    added: int
    unchanged: int
    replaced: int
    first: date
    last: date


def detect_format(header: list[str]) -> str:
    raw = [h.strip() for h in header]
    names = [h.lower() for h in raw]
    if names[:1] == ["date"] and "close" in names and "symbol" not in names:
        return "yahoo" if "adj close" in names else "stooq"
    if names[:1] in (["observation_date"], ["date"]) and len(raw) == 2 and raw[1].isupper():
        return "fred"
    if set(PRICE_COLUMNS) <= set(names):
        return "long"
    if names[:1] == ["date"] and len(names) > 1:
        return "wide"
    return "unknown"


def read_closes(path: Path, symbol: str | None) -> tuple[str, list[Close]]:
    if symbol is not None:
        check_symbol(path, None, symbol)
    rows = list(csv_records(path, read_text(path, DataError)))
    if not rows:
        raise DataError(path, None, "file is empty", "export the daily history as CSV")
    header_line, header = rows[0]
    kind = detect_format(header)
    if kind == "unknown":
        raise DataError(
            path,
            header_line,
            f"unrecognised header {quoted(','.join(header))}",
            "use a Yahoo/Stooq export, a FRED CSV, date,symbol,close or date,SYM,…",
        )
    if kind in ("yahoo", "stooq", "fred") and not symbol:
        raise DataError(
            path,
            header_line,
            f"a {kind} file holds one series but names no symbol",
            "pass --symbol, e.g. --symbol RUT",
        )
    return kind, list(_records(path, kind, rows, symbol))


def _records(
    path: Path, kind: str, rows: list[tuple[int, list[str]]], symbol: str | None
) -> Iterator[Close]:
    header_line, names = rows[0]
    header = [h.strip().lower() for h in names]
    for line, row in rows[1:]:
        if not row[0].strip():
            continue
        cells = dict(zip(header, (c.strip() for c in row), strict=False))
        day = parse_date(path, line, cells[header[0]], header[0])
        named = line if kind == "long" else header_line  # where the symbol was written
        for name, text in _values(kind, header, cells, symbol):
            if text not in ("", ".", "null", "NaN"):  # FRED and Yahoo mark gaps this way
                yield day, check_symbol(path, named, name), _close(path, line, text)


def _close(path: Path, line: int, text: str) -> float:
    close = parse_close(path, line, text)
    if round(close, 2) <= 0:
        raise DataError(
            path,
            line,
            f"close {text} is below 0.01",
            "prices.csv keeps two decimals: check the file's units",
        )
    return close


def _values(
    kind: str, header: list[str], cells: dict[str, str], symbol: str | None
) -> list[tuple[str, str]]:
    if kind in ("yahoo", "stooq"):
        return [(str(symbol), cells.get("close", ""))]
    if kind == "fred":
        return [(str(symbol), cells.get(header[1], ""))]
    if kind == "long":
        return [(cells.get("symbol", ""), cells.get("close", ""))]
    return [(name.upper(), cells.get(name, "")) for name in header[1:]]


def read_existing(path: Path) -> dict[tuple[date, str], float]:
    if not path.exists():
        return {}
    return {(day, symbol): close for _, day, symbol, close in price_records(path)}


def merge(
    existing: dict[tuple[date, str], float], closes: list[Close], source: Path, replace: bool
) -> tuple[int, int, int]:
    added = unchanged = replaced = 0
    for day, symbol, close in closes:
        old = existing.get((day, symbol))
        if old is None:
            added += 1
        elif abs(old - close) < 0.005:
            unchanged += 1
            continue
        elif not replace:
            raise DataError(
                source,
                None,
                f"{symbol} closed at {old:.2f} on {day} in prices.csv, {close:.2f} here",
                "check the file, or pass --replace to take it",
            )
        else:
            replaced += 1
        existing[(day, symbol)] = close
    return added, unchanged, replaced


def write_prices(path: Path, closes: dict[tuple[date, str], float]) -> None:
    partial = path.with_suffix(".csv.tmp")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        handle.write("date,symbol,close\n")
        for (day, symbol), close in sorted(closes.items()):
            handle.write(f"{day},{symbol},{close:.2f}\n")
    partial.replace(path)


def import_prices(
    source: Path, prices: Path, symbol: str | None = None, replace: bool = False
) -> ImportReport:
    """Merge ``source`` into ``prices``; the prices file changes only if everything is valid."""
    kind, closes = read_closes(source, symbol)
    if not closes:
        raise DataError(source, None, "no closes found", "export the daily history as CSV")
    existing = read_existing(prices)
    added, unchanged, replaced = merge(existing, closes, source, replace)
    if added or replaced:
        write_prices(prices, existing)
    days = [day for day, _, _ in closes]
    return ImportReport(
        kind,
        tuple(sorted({s for _, s, _ in closes})),
        added,
        unchanged,
        replaced,
        min(days),
        max(days),
    )
