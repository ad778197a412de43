"""One import file read: its values by store (closes, rates, the fed funds bounds), each
with the line it is on, the securities it describes, and what of it was left out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from generator.errors import DataError
from generator.load import calendar
from generator.load import import_series as series
from generator.load.files import check_close, check_symbol
from generator.load.import_dates import DateColumn, parse_dates
from generator.load.import_layout import (
    FED_BOUNDS,
    Layout,
    find_layout,
    is_rate,
)
from generator.load.import_read import Table, read_table
from generator.load.import_store import Value
from generator.load.import_values import decimal_mark, is_missing, is_noisy, value_text
from generator.load.reference import Known, guess, our_symbol

KINDS = {"equity": "stock", "stock": "stock", "commonstock": "stock", "etf": "etf"}
KINDS |= {"fund": "etf", "index": "index"}
EMPTY = "empty values (blank, null, .)"
NOISE = "values with float noise, written short"
OFF_SESSION = "values on weekends or holidays"


@dataclass(frozen=True)
class ImportOptions:
    symbol: str | None = None
    price: str = "close"  # or "adjusted"
    order: str | None = None  # "day" or "month": which comes first in 01/02/2025
    replace: bool = False
    skip_non_sessions: bool = False
    rename: tuple[tuple[str, str], ...] = ()
    rates: frozenset[str] = frozenset()
    calendar: str = "XNYS"
    columns: frozenset[str] = frozenset()  # --columns: the series to take of a wide/long file


@dataclass(frozen=True)
class FileRead:
    """What one file holds, by store, and what of it was left out (columns; values by why)."""

    path: Path
    layout: Layout
    origin: str  # a one-series file's symbol and where it came from
    prices: tuple[Value, ...]
    rates: tuple[Value, ...]
    fed: tuple[Value, ...]
    named: tuple[Known, ...]  # each security as the file (or else the reference) says it
    skipped: tuple[tuple[str, int], ...]


def read_file(path: Path, options: ImportOptions) -> FileRead:
    if options.symbol is not None:
        check_symbol(path, None, options.symbol)
    table = read_table(path)
    layout = find_layout(table, options.price)
    if options.columns:
        table, layout = series.narrowed(table, layout, options.columns)
    rows = _dated_rows(table, layout)
    texts = tuple(_cell(cells, layout.date) for _, cells in rows)
    column = DateColumn(path, table.header[layout.date], tuple(n for n, _ in rows), texts)
    zone = calendar.calendar_zone(options.calendar)
    days = parse_dates(column, zone, options.order) if rows else ()
    cells = [_cell(c, v.index) for _, c in rows for v in layout.values]
    mark = decimal_mark(table.separator, cells)
    origin, symbol = _origin(path, table, layout, options)
    found, named, skipped = _values(rows, days, layout, (path, symbol, mark), options)
    series.negative_are_rates(found, layout)
    series.check_daily(path, found["prices"])
    prices = _sessions(path, found["prices"], options, skipped)
    return FileRead(
        path,
        layout,
        origin,
        tuple(prices),
        tuple(found["rates"]),
        tuple(found["fed"]),
        tuple(named.values()),
        tuple((why, n) for why, n in skipped.items() if n),
    )


def _values(
    rows: list[tuple[int, tuple[str, ...]]],
    days: tuple[date, ...],
    layout: Layout,
    file: tuple[Path, str, str],
    options: ImportOptions,
) -> tuple[dict[str, list[Value]], dict[str, Known], Counter[str]]:
    """Each value of the file by store (prices, rates, fed), the securities it describes, and
    the values left out; ``file`` is the path, its one symbol (if any) and its decimal mark."""
    path, symbol, mark = file
    skipped: Counter[str] = Counter()
    found: dict[str, list[Value]] = {"prices": [], "rates": [], "fed": []}
    named: dict[str, Known] = {}
    for (line, row), day in zip(rows, days, strict=True):
        for col in layout.values:
            text = _cell(row, col.index)
            if is_missing(text):
                skipped[EMPTY] += 1
                continue
            skipped[NOISE] += is_noisy(text)
            written = col.series or _row_symbol(path, line, row, layout, options) or symbol
            kind = _kind(written, layout, options)
            name = written if kind == "fed" else _renamed(written, options, symbol)
            check_symbol(path, line, name)
            number = value_text(path, line, text, col.label, mark)
            found[kind].append(Value(day, name, number, path, line))
            if kind == "prices" and name not in named:
                said = f"^{written}" if path.name.startswith("^") and written == symbol else written
                named[name] = _security(name, said, row, layout)
    return found, named, skipped


def _cell(cells: tuple[str, ...], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _dated_rows(table: Table, layout: Layout) -> list[tuple[int, tuple[str, ...]]]:
    for line, cells in table.rows:
        if not _cell(cells, layout.date):
            raise DataError(
                table.path,
                line,
                f"a row without a date in column {table.header[layout.date]!r}",
                "write the row's date, or delete the row",
            )
    return list(table.rows)


def _origin(path: Path, table: Table, layout: Layout, options: ImportOptions) -> tuple[str, str]:
    """Where a one-series file's symbol comes from, and the symbol; ``--symbol`` must agree
    with the series a header names."""
    if layout.kind == "wide" and options.symbol is not None:
        _check_header_symbol(path, table.header_line, layout, options.symbol)
    if layout.kind != "bars":
        return "", ""
    if options.symbol is not None:
        return f"symbol {options.symbol} from --symbol", options.symbol
    stem = path.name
    for suffix in (".gz", ".zip", ".csv", ".txt", ".tsv", ".json", ".jsonl"):
        if stem.lower().endswith(suffix):  # XLF.csv.gz is XLF; BRK.B.csv is BRK.B
            stem = stem[: -len(suffix)]
    stem = stem.upper()
    if not stem or any(c.isspace() or c in ',"' for c in stem) or not stem.isprintable():
        raise DataError(
            path,
            None,
            f"the file names no symbol, and its name {path.stem!r} is not one",
            "pass --symbol, e.g. --symbol XLF, or name the file after it (XLF.csv)",
        )
    symbol = _renamed(our_symbol(stem), options, "")
    return f"symbol {symbol} from the file name", symbol


def _check_header_symbol(path: Path, line: int, layout: Layout, symbol: str) -> None:
    names = [c.series for c in layout.values if c.series]
    if len(names) > 1:
        raise DataError(
            path,
            line,
            f"--symbol {symbol} names one series, but the header names {len(names)}: "
            f"{', '.join(names[:5])}",
            "drop --symbol: each column's header is its symbol",
        )
    if names and names[0] != symbol:
        raise DataError(
            path,
            line,
            f"the header names {names[0]} but --symbol says {symbol}",
            f"drop --symbol to store {names[0]}, or pass --rename {names[0]}={symbol}",
        )


def _row_symbol(
    path: Path, line: int, row: tuple[str, ...], layout: Layout, options: ImportOptions
) -> str:
    if layout.symbol is None:
        return ""
    symbol = check_symbol(path, line, _cell(row, layout.symbol))
    if options.symbol is not None and symbol != options.symbol:
        raise DataError(
            path,
            line,
            f"the file says {symbol} but --symbol says {options.symbol}",
            f"drop --symbol, or pass --rename {symbol}={options.symbol}",
        )
    return symbol


def _renamed(name: str, options: ImportOptions, given: str) -> str:
    """``--rename`` applied to the name as written (``^GSPC``) or as we name it (SPX)."""
    if given and name == given:
        return name
    renames = dict(options.rename)
    return renames.get(name) or renames.get(our_symbol(name)) or our_symbol(name)


def _kind(series: str, layout: Layout, options: ImportOptions) -> str:
    if series in FED_BOUNDS:
        return "fed"
    return "rates" if is_rate(series, layout.fred, options.rates) else "prices"


def _security(symbol: str, written: str, row: tuple[str, ...], layout: Layout) -> Known:
    """The file's name and kind where it has them, the rest from the shipped reference."""
    known = guess(symbol, written)
    said = KINDS.get("".join(c for c in _cell(row, layout.security_kind).lower() if c.isalnum()))
    name = _cell(row, layout.name) or known.name
    if said and said != known.kind:
        return Known(symbol, name, said)
    return Known(symbol, name, known.kind, known.sector, known.size, known.groups)


def _check_closes(path: Path, prices: list[Value]) -> None:
    for value in prices:
        number = float(Decimal(value.text))
        if number <= 0:
            raise DataError(
                path,
                value.line,
                f"{value.series}: close {value.text} is not positive",
                "prices must be above zero; fix or delete the row (a rate or spread, not a "
                f"price? pass --rates {value.series})",
            )
        check_close(path, value.line, number, value.text)


def _sessions(
    path: Path, prices: list[Value], options: ImportOptions, skipped: Counter[str]
) -> list[Value]:
    """Closes on the exchange's sessions: earlier than its calendar, left out and counted;
    a weekend or holiday, an error (or left out with ``--skip-non-sessions``)."""
    _check_closes(path, prices)
    if not prices:
        return []
    code = options.calendar
    lo, hi = calendar.calendar_range(code)
    late = next((v for v in prices if v.day > hi), None)
    if late is not None:
        raise DataError(
            path,
            late.line,
            f"date {late.day} is after the last session of the {code} calendar ({hi})",
            "fix the date",
        )
    early = sum(v.day < lo for v in prices)
    skipped[f"values before {lo}, the {code} calendar's first session"] += early
    days = [v.day for v in prices]
    sessions = set(calendar.sessions_between(code, min(days), max(days)))
    kept = []
    for value in (v for v in prices if v.day >= lo):
        if value.day in sessions:
            kept.append(value)
        elif options.skip_non_sessions:
            skipped[OFF_SESSION] += 1
        else:
            raise DataError(
                path,
                value.line,
                f"{value.series}: {calendar.off_session(value.day, code)}",
                "fix the date, or pass --skip-non-sessions to leave such rows out",
            )
    return kept
