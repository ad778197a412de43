"""An import file as a table: its separator found from the header, records numbered by the
line they start on, and yfinance's two-line multi-ticker header folded into one."""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from generator.errors import DataError
from generator.load import files
from generator.load.files import MAX_FIELD, read_text

SEPARATORS = (",", ";", "\t")
# Columns in one import file: every US-listed stock with a field or two fits (a wide file of
# 20,000 series imports in seconds); a million is not a table of prices but a runaway export.
MAX_COLUMNS = 100_000


@dataclass(frozen=True)
class Table:
    """The records of one import file: the header and its line, then the data rows."""

    path: Path
    separator: str
    header_line: int
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def read_table(path: Path) -> Table:
    _refuse_spreadsheet(path)
    text = read_text(path, DataError)
    separator = _separator(text)
    records = list(_records(path, text, separator))
    if not records:
        raise DataError(path, None, "file is empty", "export the daily history as CSV")
    records = _fold_multi_header(records)
    (header_line, header), rows = records[0], records[1:]
    names = tuple(name.strip() for name in header)
    _check_names(path, header_line, names)
    return Table(path, separator, header_line, names, tuple((n, tuple(r)) for n, r in rows))


SPREADSHEETS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".numbers")
WORKBOOK_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # a zip (xlsx, ods); an OLE file (xls)


def _refuse_spreadsheet(path: Path) -> None:
    """A workbook is not text: say what it is and how to make the CSV, not "not UTF-8"."""
    start = b""
    with contextlib.suppress(OSError):  # unreadable: read_text says so next
        if path.is_file():
            with path.open("rb") as handle:
                start = handle.read(4)
    if path.suffix.lower() in SPREADSHEETS or start in WORKBOOK_STARTS:
        raise DataError(
            path,
            None,
            "is a spreadsheet workbook, not a CSV file",
            "open it in Excel, LibreOffice or Numbers and export the sheet as CSV (File › Save "
            "As… › CSV UTF-8), then import the .csv",
        )


def _separator(text: str) -> str:
    """``;`` or a tab when the first line has more of them than commas, else ``,``."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max(SEPARATORS, key=lambda sep: (first.count(sep), sep == ","))


def _records(path: Path, text: str, separator: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    records: list[tuple[int, list[str]]] = []
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return records
        except csv.Error as exc:
            raise files._csv_error(path, line, str(exc)) from exc
        if any(len(field) > MAX_FIELD for field in fields):
            raise files._csv_error(path, line, "field larger than field limit")
        if len(fields) > MAX_COLUMNS:
            raise DataError(
                path,
                line,
                f"{len(fields):,} columns, more than the {MAX_COLUMNS:,} one import may hold",
                "split the file into files of fewer columns, or export it long "
                "(date,symbol,close: a row per close)",
            )
        if any(field.strip() for field in fields):
            records.append((line, fields))


def _fold_multi_header(records: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """yfinance's ``download([...]).to_csv()`` writes ``Price,Close,…`` / ``Ticker,A,…`` /
    ``Date,,…``: fold the three lines into one header ``Date,A Close,…``."""
    heads = [fields[0].strip().lower() for _, fields in records[:3]]
    if len(records) < 3 or heads[:2] != ["price", "ticker"]:
        return records
    (_, fields), (_, tickers), (line, dates) = records[:3]
    if any(cell.strip() for cell in dates[1:]):
        return records
    header = [dates[0]] + [
        f"{ticker.strip()} {field.strip()}"
        for field, ticker in zip(fields[1:], tickers[1:], strict=False)
    ]
    return [(line, header), *records[3:]]


def _check_names(path: Path, line: int, names: tuple[str, ...]) -> None:
    seen: set[str] = set()
    for name in filter(None, names):
        if name.lower() in seen:
            raise DataError(
                path,
                line,
                f"column {files.quoted(name)} appears twice in the header",
                "delete or rename one of them",
            )
        seen.add(name.lower())
