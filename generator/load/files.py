"""Reading the author's files safely: UTF-8 text, regular files inside ``content/``, CSV records
numbered where they start, and the parsers every data file shares."""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from generator.errors import (
    DataError,
    MarketweekError,
    decode_text,
)

Row = dict[str, str]

MAX_FIELD = 10_000  # characters in one CSV field: more is a quote left open, or not our file


# ─── files ──────────────────────────────────────────────────────────────────────────────────


def read_text(
    path: Path, error: type[MarketweekError], content: Path | None = None, limit: int = 0
) -> str:
    """The UTF-8 text of the regular file ``path``; with ``content``, it must lie inside it;
    with ``limit``, a larger file is refused before a byte of it is read."""
    return decode_text(path, read_bytes(path, error, content, limit), error)


def read_bytes(
    path: Path, error: type[MarketweekError], content: Path | None = None, limit: int = 0
) -> bytes:
    """The bytes of the regular file ``path`` (see ``read_text``)."""
    if content is not None:
        check_inside(path, content, error)
    try:
        # Non-blocking, so that a named pipe in place of a file cannot hang the build.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            found = os.fstat(handle.fileno())
            if not stat.S_ISREG(found.st_mode):
                raise _not_a_file(path, found.st_mode, error)
            if limit and found.st_size > limit:
                raise _too_big(path, found.st_size, limit, error)
            return handle.read()
    except IsADirectoryError as exc:
        raise _not_a_file(path, stat.S_IFDIR, error) from exc
    except OSError as exc:
        raise error(
            path,
            None,
            f"cannot be read ({exc.strerror or exc})",
            "check that the file exists and that you may read it",
        ) from exc


def _not_a_file(path: Path, mode: int, error: type[MarketweekError]) -> MarketweekError:
    if stat.S_ISDIR(mode):
        return error(path, None, "is a folder, not a file", "move the folder away or rename it")
    return error(
        path,
        None,
        "is not a regular file (a pipe, socket or device)",
        "replace it with a plain text file",
    )


def _too_big(path: Path, size: int, limit: int, error: type[MarketweekError]) -> MarketweekError:
    return error(
        path,
        None,
        f"is {size_text(size)}, over the limit of {size_text(limit)} for this file",
        f"shorten it to under {size_text(limit)}",
    )


def size_text(size: int) -> str:
    return f"{size / 1e6:,.1f} MB" if size >= 1_000_000 else f"{size / 1e3:,.0f} KB"


def check_inside(path: Path, content: Path, error: type[MarketweekError]) -> None:
    """Refuse a file that is, or sits behind, a link to somewhere outside ``content``."""
    try:
        inside = path.resolve().is_relative_to(content.resolve())
    except (OSError, RuntimeError) as exc:  # a loop of links
        raise error(
            path, None, "is a link that cannot be followed", "replace it with the file itself"
        ) from exc
    if not inside:
        raise error(
            path,
            None,
            f"is a link to a file outside {content.name}/",
            f"copy the file into {content.name}/ instead",
        )


def content_folder(path: Path) -> Path:
    """The content folder of one of its files: they sit one folder down (data/, weeks/)."""
    return path.absolute().parent.parent


# ─── CSV ────────────────────────────────────────────────────────────────────────────────────


def csv_records(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """``(line, fields)`` of each record of CSV ``text`` that is not blank, ``line`` being
    where the record starts."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _csv_error(path, line, str(exc)) from exc
        if any(len(field) > MAX_FIELD for field in fields):
            raise _csv_error(path, line, "field larger than field limit")
        if any(field.strip() for field in fields):
            yield line, fields


def _csv_error(path: Path, line: int, message: str) -> DataError:
    if "field larger than field limit" in message:
        return DataError(
            path,
            line,
            f"field longer than {MAX_FIELD:,} characters",
            'shorten it, or close the quote (") that is left open on this line',
        )
    if "unexpected end of data" in message:
        return DataError(
            path,
            line,
            "a quoted field that starts on this line is never closed",
            'add the closing quote (")',
        )
    if "expected after" in message:
        return DataError(
            path,
            line,
            "text follows a closing quote",
            'put the whole field in quotes and double any quote inside it ("")',
        )
    return DataError(path, line, f"not valid CSV ({message})", "check the quoting on this line")


def read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, Row]]:
    """Yield ``(line, row)`` for each data row of a CSV file, after checking its header."""
    check_inside(path, content_folder(path), DataError)
    if not path.exists():
        raise DataError(path, None, "file not found", f"create it with columns {','.join(columns)}")
    records = csv_records(path, read_text(path, DataError))
    header_line, header = next(records, (None, []))
    if header_line is None:
        raise DataError(
            path, None, "file is empty", f"write the header {','.join(columns)} on the first line"
        )
    names = [name.strip() for name in header]
    _check_header(path, header_line, names, columns)
    for line, fields in records:
        if any(field.strip() for field in fields[len(names) :]):
            raise DataError(
                path,
                line,
                f"{len(fields)} fields, but the header names {len(names)}",
                'put quotes around any field that contains a comma, e.g. "Apple, Inc."',
            )
        yield (
            line,
            {name: value.strip() for name, value in zip(names, fields, strict=False) if name}
            | {name: "" for name in names[len(fields) :] if name},
        )


def _check_header(path: Path, line: int, names: list[str], columns: tuple[str, ...]) -> None:
    named: set[str] = set()
    for name in filter(None, names):
        if name in named:
            raise DataError(
                path,
                line,
                f"column {quoted(name)} appears twice in the header",
                "delete or rename one of them",
            )
        named.add(name)
    missing = [c for c in columns if c not in named]
    if missing:
        raise DataError(
            path,
            line,
            f"missing column(s) {', '.join(missing)}",
            f"the header must name {','.join(columns)}",
        )


def quoted(text: str) -> str:
    """A value quoted for a message, shortened when long."""
    return repr(text if len(text) <= 40 else f"{text[:37]}…")


def parse_date(path: Path, line: int, text: str, column: str = "date") -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise DataError(
            path, line, f"{column} {quoted(text)} is not a date", "write dates as YYYY-MM-DD"
        ) from exc


def parse_number(path: Path, line: int, text: str, column: str) -> float:
    try:
        value = float(text.replace(",", ""))
    except ValueError as exc:
        raise DataError(
            path,
            line,
            f"{column} {quoted(text)} is not a number",
            "write plain numbers such as 2590.61",
        ) from exc
    if not value == value or value in (float("inf"), float("-inf")):
        raise DataError(
            path,
            line,
            f"{column} {quoted(text)} is not a finite number",
            "write plain numbers such as 2590.61",
        )
    return value


# A close outside these is a typo or a unit mix-up, never a price: the smallest quoted prices
# (sub-penny tokens) sit near 1e-5 and the largest (indices of hyperinflation years, BRK.A)
# below 1e9. Beyond them one-day moves run to hundreds of digits and levels print as 0.00.
MIN_CLOSE = 1e-6
MAX_CLOSE = 1e12


def parse_close(path: Path, line: int, text: str) -> float:
    close = parse_number(path, line, text, "close")
    check_close(path, line, close, text)
    return close


def check_close(path: Path, line: int | None, close: float, text: str) -> None:
    """A close must be a price: above zero and within the plausible range."""
    if close <= 0:
        raise not_positive(path, line, "close", text, "prices")
    if not MIN_CLOSE <= close <= MAX_CLOSE:
        raise DataError(
            path,
            line,
            f"close {quoted(text)} is outside the plausible range of prices, "
            f"{MIN_CLOSE:.6f} to {MAX_CLOSE:,.0f}",
            "fix the number (a misplaced decimal point? an exponent?) or delete the row",
        )


def parse_positive(path: Path, line: int, text: str, column: str, plural: str) -> float:
    """A number that must be above zero (a target, a prior high): ``plural`` names what."""
    value = parse_number(path, line, text, column)
    if value <= 0:
        raise not_positive(path, line, column, text, plural)
    return value


def not_positive(path: Path, line: int | None, column: str, text: str, plural: str) -> DataError:
    return DataError(
        path,
        line,
        f"{column} {text} is not positive",
        f"{plural} must be above zero; fix or delete the row",
    )


def check_symbol(path: Path, line: int | None, symbol: str) -> str:
    if not symbol:
        raise DataError(path, line, "symbol is empty", "name the symbol, e.g. RUT")
    if not symbol.isprintable() or any(c.isspace() or c in ',"' for c in symbol):
        raise DataError(
            path,
            line,
            f"symbol {quoted(symbol)} has spaces, commas, quotes or control characters",
            "write a symbol as one word, such as RUT or BRK.B",
        )
    return symbol
