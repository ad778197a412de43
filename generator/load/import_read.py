"""An import file as a table: its separator found from the header, records numbered by the
line they start on, and yfinance's two-line multi-ticker header folded into one."""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import DataError, decode_text
from generator.load import files
from generator.load.files import MAX_FIELD

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
    text = unpacked_text(path)
    if text.lstrip().startswith(("[", "{")):
        return _json_table(path, text)
    separator = _separator(text)
    records = list(_records(path, text, separator))
    if not records:
        raise DataError(path, None, "file is empty", "export the daily history as CSV")
    records = _fold_multi_header(records)
    (header_line, header), rows = records[0], records[1:]
    names = tuple(name.strip() for name in header)
    _check_names(path, header_line, names)
    return Table(path, separator, header_line, names, tuple((n, tuple(r)) for n, r in rows))


# Compressed downloads are read as they come: a .gz of a CSV, a .zip holding one CSV or JSON.
MAX_UNPACKED = 2_000_000_000  # bytes: a larger member is not a price history but a zip bomb
TABLE_MEMBERS = (".csv", ".txt", ".tsv", ".json")


def unpacked_text(path: Path) -> str:
    """The text of ``path``, unpacked when it is gzip or a zip of one table."""
    data = files.read_bytes(path, DataError)
    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:
                data = packed.read(MAX_UNPACKED + 1)
        except (OSError, EOFError) as exc:
            raise DataError(
                path, None, f"a damaged gzip file ({exc})", "download it again"
            ) from exc
    elif data[:4] == b"PK\x03\x04" and path.suffix.lower() not in SPREADSHEETS:
        data = _zip_member(path, data)
    else:
        _refuse_spreadsheet(path)
    return decode_text(path, data, DataError)


def _zip_member(path: Path, data: bytes) -> bytes:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = [n for n in archive.namelist() if not n.endswith("/")]
    except zipfile.BadZipFile as exc:
        raise DataError(path, None, f"a damaged zip file ({exc})", "download it again") from exc
    if any(n.startswith(("xl/", "word/")) or n == "content.xml" for n in names):
        _refuse_spreadsheet(path, workbook=True)
    tables = [n for n in names if n.lower().endswith(TABLE_MEMBERS)]
    if len(tables) != 1:
        raise DataError(
            path,
            None,
            f"a zip of {len(tables)} tables ({', '.join(tables[:5]) or 'no .csv or .json'})",
            "unzip it and import the files it holds (marketweek import *.csv)",
        )
    with archive.open(tables[0]) as member:
        return member.read(MAX_UNPACKED + 1)


def _json_table(path: Path, text: str) -> Table:
    """JSON records (``[{"date": …, "close": …}, …]``, pandas ``to_json(orient="records")``),
    or one record a line (JSON Lines), as a table: each record's line is where it starts."""
    decoder = json.JSONDecoder()
    records: list[tuple[int, dict[str, object]]] = []
    at = 1 if text.lstrip().startswith("[") else 0
    at += len(text) - len(text.lstrip())
    while True:
        while at < len(text) and text[at] in " \t\r\n,":
            at += 1
        if at >= len(text) or text[at] == "]":
            break
        line = text.count("\n", 0, at) + 1
        try:
            record, at = decoder.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            raise DataError(
                path, exc.lineno, f"not valid JSON ({exc.msg})", "fix the file"
            ) from exc
        if not isinstance(record, dict):
            raise DataError(
                path,
                line,
                "JSON that is not a list of records",
                'export records: [{"date": "2025-12-15", "close": 2551.46}, …]',
            )
        records.append((line, record))
    if not records:
        raise DataError(path, None, "file is empty", "export the daily history")
    header = tuple(dict.fromkeys(k for _, r in records for k in r))
    rows = tuple((n, tuple(_json_cell(r.get(k)) for k in header)) for n, r in records)
    _check_names(path, records[0][0], header)
    return Table(path, ",", records[0][0], header, rows)


def _json_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


SPREADSHEETS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".numbers")
WORKBOOK_STARTS = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # a zip (xlsx, ods); an OLE file (xls)


def _refuse_spreadsheet(path: Path, workbook: bool = False) -> None:
    """A workbook is not text: say what it is and how to make the CSV, not "not UTF-8"."""
    start = b""
    with contextlib.suppress(OSError):  # unreadable: read_text says so next
        if path.is_file():
            with path.open("rb") as handle:
                start = handle.read(4)
    if workbook or path.suffix.lower() in SPREADSHEETS or start in WORKBOOK_STARTS:
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
