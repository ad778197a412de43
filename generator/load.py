"""Read the author's side: the data files in ``content/data`` and the weekly commentary.

Everything is validated on the way in; any problem is one ``path:line: what — how to fix``
error. Files must be UTF-8 text (a byte-order mark is fine), regular files, and lie inside the
content folder: a link may point to another file in ``content/``, never outside it. Line
numbers count ``\\n``, ``\\r\\n`` and ``\\r`` endings; a CSV record is reported at the line
where it starts, even when a quoted field spans several lines.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import yaml
from yaml.reader import ReaderError

from generator.errors import (
    CommentaryError,
    DataError,
    MarketweekError,
    closest,
    decode_text,
    line_of,
    where,
)
from generator.model import Commentary, Event, MarketData, RateRange, Security, Target

Row = dict[str, str]

PRICE_COLUMNS = ("date", "symbol", "close")
UNIVERSE_COLUMNS = ("symbol", "name", "kind", "sector", "size", "groups")
TARGET_COLUMNS = ("firm", "index", "horizon", "scenario", "target", "published", "source")
EVENT_COLUMNS = ("date", "kind", "label")
RATE_COLUMNS = ("date", "lower", "upper")
FRONT_MATTER_KEYS = ("title", "authors", "summary", "tags", "draft", "publish_at")
MAX_FIELD = 10_000  # characters in one CSV field: more is a quote left open, or not our file
PUBLISH_ZONE = ZoneInfo("America/New_York")  # publish_at without a time zone: exchange time


# ─── files ──────────────────────────────────────────────────────────────────────────────────


def read_text(path: Path, error: type[MarketweekError], content: Path | None = None) -> str:
    """The UTF-8 text of the regular file ``path``; with ``content``, it must lie inside it."""
    if content is not None:
        check_inside(path, content, error)
    try:
        # Non-blocking, so that a named pipe in place of a file cannot hang the build.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise _not_a_file(path, mode, error)
            data = handle.read()
    except IsADirectoryError as exc:
        raise _not_a_file(path, stat.S_IFDIR, error) from exc
    except OSError as exc:
        raise error(
            path,
            None,
            f"cannot be read ({exc.strerror or exc})",
            "check that the file exists and that you may read it",
        ) from exc
    return decode_text(path, data, error)


def _not_a_file(path: Path, mode: int, error: type[MarketweekError]) -> MarketweekError:
    if stat.S_ISDIR(mode):
        return error(path, None, "is a folder, not a file", "move the folder away or rename it")
    return error(
        path,
        None,
        "is not a regular file (a pipe, socket or device)",
        "replace it with a plain text file",
    )


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


def parse_close(path: Path, line: int, text: str) -> float:
    close = parse_number(path, line, text, "close")
    if close <= 0:
        raise DataError(
            path,
            line,
            f"close {text} is not positive",
            "prices must be above zero; fix or delete the row",
        )
    return close


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


# ─── data files ─────────────────────────────────────────────────────────────────────────────


def load_prices(path: Path) -> pd.DataFrame:
    """Long ``date,symbol,close`` CSV (or Parquet) into a wide frame of closes."""
    if path.suffix == ".parquet":
        return _wide(path, _parquet_records(path))
    return _wide(path, price_records(path))


def price_records(path: Path) -> Iterator[tuple[int, date, str, float]]:
    """``(line, day, symbol, close)`` of each row of a prices CSV, each checked."""
    for line, row in read_rows(path, PRICE_COLUMNS):
        day = parse_date(path, line, row["date"])
        symbol = check_symbol(path, line, row["symbol"])
        yield line, day, symbol, parse_close(path, line, row["close"])


def _parquet_records(path: Path) -> Iterator[tuple[int, date, str, float]]:
    check_inside(path, content_folder(path), DataError)
    try:
        frame = pd.read_parquet(path, columns=list(PRICE_COLUMNS))
    except ImportError as exc:
        raise DataError(
            path, None, "cannot read Parquet here", "install pyarrow, or use prices.csv"
        ) from exc
    except Exception as exc:  # the Parquet engines raise many types of their own
        raise DataError(
            path,
            None,
            f"cannot be read as Parquet ({type(exc).__name__})",
            "write it again with columns date,symbol,close, or use prices.csv",
        ) from exc
    for number, (day, symbol, close) in enumerate(frame.itertuples(index=False), 2):
        stamp = pd.Timestamp(day) if isinstance(day, date | str) else None
        if stamp is None or pd.isna(stamp):
            raise DataError(path, number, f"date {day!r} is not a date", "write dates as dates")
        text = str(close)
        yield (
            number,
            stamp.date(),
            check_symbol(path, number, str(symbol)),
            parse_close(path, number, text),
        )


def _wide(path: Path, records: Iterator[tuple[int, date, str, float]]) -> pd.DataFrame:
    seen: dict[tuple[date, str], int] = {}
    rows = []
    for line, day, symbol, close in records:
        if (day, symbol) in seen:
            raise DataError(
                path,
                line,
                f"second close for {symbol} on {day}",
                f"delete one of the rows (the first is on line {seen[(day, symbol)]})",
            )
        seen[(day, symbol)] = line
        rows.append((pd.Timestamp(day), symbol, close))
    if not rows:
        raise DataError(path, None, "no prices", "add rows of date,symbol,close")
    frame = pd.DataFrame(rows, columns=["date", "symbol", "close"])
    return frame.pivot(index="date", columns="symbol", values="close").sort_index()


def load_universe(path: Path) -> dict[str, Security]:
    universe: dict[str, Security] = {}
    lines: dict[str, int] = {}
    for line, row in read_rows(path, UNIVERSE_COLUMNS):
        symbol = check_symbol(path, line, row["symbol"])
        if symbol in lines:
            raise DataError(
                path,
                line,
                f"second row for {symbol}",
                f"delete one of the rows (the first is on line {lines[symbol]})",
            )
        if row["kind"] not in ("index", "etf", "stock"):
            raise DataError(
                path, line, f"kind {quoted(row['kind'])} is not known", "use index, etf or stock"
            )
        lines[symbol] = line
        universe[symbol] = Security(
            symbol,
            row["name"],
            row["kind"],
            row["sector"],
            row["size"],
            tuple(row["groups"].split()),
        )
    if not universe:
        raise DataError(path, None, "no securities", f"add rows of {','.join(UNIVERSE_COLUMNS)}")
    return universe


def load_targets(path: Path) -> tuple[Target, ...]:
    return tuple(target for _, target in _target_rows(path))


def _target_rows(path: Path) -> list[tuple[int, Target]]:
    return [
        (
            line,
            Target(
                row["firm"],
                row["index"],
                parse_date(path, line, row["horizon"], "horizon"),
                row["scenario"],
                parse_number(path, line, row["target"], "target"),
                parse_date(path, line, row["published"], "published"),
                row["source"],
            ),
        )
        for line, row in read_rows(path, TARGET_COLUMNS)
    ]


def load_events(path: Path) -> tuple[Event, ...]:
    return tuple(
        Event(parse_date(path, line, row["date"]), row["kind"], row["label"])
        for line, row in read_rows(path, EVENT_COLUMNS)
    )


def load_fed_funds(path: Path) -> tuple[RateRange, ...]:
    ranges = []
    for line, row in read_rows(path, RATE_COLUMNS):
        lower = parse_number(path, line, row["lower"], "lower")
        upper = parse_number(path, line, row["upper"], "upper")
        if lower > upper:
            raise DataError(
                path, line, f"lower {lower} is above upper {upper}", "swap the two bounds"
            )
        ranges.append(RateRange(parse_date(path, line, row["date"]), lower, upper))
    return tuple(sorted(ranges, key=lambda r: r.effective))


def data_file(folder: Path, stem: str) -> Path:
    """``stem.csv``, or ``stem.parquet`` when only that exists."""
    parquet = folder / f"{stem}.parquet"
    csv_path = folder / f"{stem}.csv"
    return parquet if parquet.exists() and not csv_path.exists() else csv_path


def load_data(folder: Path) -> MarketData:
    """Read and cross-check every data file in ``folder``."""
    sources = {
        stem: data_file(folder, stem)
        for stem in ("prices", "universe", "targets", "events", "fed_funds")
    }
    closes = load_prices(sources["prices"])
    universe = load_universe(sources["universe"])
    check_symbols_known(sources["prices"], closes, universe)
    targets = _target_rows(sources["targets"])
    check_target_indices(sources["targets"], targets, closes)
    return MarketData(
        closes,
        universe,
        tuple(target for _, target in targets),
        load_events(sources["events"]),
        load_fed_funds(sources["fed_funds"]),
        sources,
    )


def check_symbols_known(path: Path, closes: pd.DataFrame, universe: dict[str, Security]) -> None:
    for symbol in closes.columns:
        if symbol not in universe:
            raise DataError(
                path,
                _first_line_of(path, symbol),
                f"symbol {symbol!r} is not in universe.csv",
                f"add a row for it to universe.csv or fix the symbol "
                f"({closest(symbol, sorted(universe))})",
            )


def check_target_indices(
    path: Path, targets: list[tuple[int, Target]], closes: pd.DataFrame
) -> None:
    for line, target in targets:
        if target.index not in closes.columns:
            raise DataError(
                path,
                line,
                f"index {quoted(target.index)} has no prices",
                f"use a symbol from prices ({closest(target.index, list(closes.columns))})",
            )


def _first_line_of(path: Path, symbol: str) -> int | None:
    if path.suffix != ".csv":
        return None
    rows = read_rows(path, PRICE_COLUMNS)
    return next((line for line, row in rows if row["symbol"] == symbol), None)


# ─── commentary ─────────────────────────────────────────────────────────────────────────────


def load_commentary(
    folder: Path, weeks: set[date], warn: Callable[[str], None]
) -> dict[date, Commentary]:
    """Read every ``YYYY-MM-DD.md`` in ``folder``; each must name a published week.

    Hidden files (an editor's ``.#2025-12-12.md`` lock, say) are not commentary.
    """
    found: dict[date, Commentary] = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name.startswith("."):
            continue
        item = read_commentary(path, warn)
        if item.week not in weeks:
            raise CommentaryError(
                path,
                None,
                f"{item.week} is not the last session of a week",
                f"rename the file to {_nearest_week(item.week, weeks)}.md",
            )
        if item.week in found:
            raise CommentaryError(
                path,
                None,
                f"a second file for the week of {item.week}",
                f"merge it into {found[item.week].path.name} and delete it",
            )
        found[item.week] = item
    return found


def _nearest_week(day: date, weeks: set[date]) -> str:
    if not weeks:
        return "a week's last trading session"
    return min(weeks, key=lambda w: abs((w - day).days)).isoformat()


@dataclass(frozen=True)
class FrontMatter:
    """A commentary file split: front matter values, the line of each key, and the body."""

    values: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int


def read_commentary(path: Path, warn: Callable[[str], None]) -> Commentary:
    try:
        week = date.fromisoformat(path.stem)
    except ValueError as exc:
        raise CommentaryError(
            path,
            None,
            "file name is not a date",
            "name commentary files YYYY-MM-DD.md after the week's last session",
        ) from exc
    front = split_front_matter(path, read_text(path, CommentaryError, content_folder(path)))
    for key in sorted(set(front.values) - set(FRONT_MATTER_KEYS)):
        warn(
            f"{where(path, front.lines[key])}: unknown front matter key {quoted(key)} — "
            f"use one of {', '.join(FRONT_MATTER_KEYS)} ({closest(key, FRONT_MATTER_KEYS)})"
        )
    return Commentary(
        path=path,
        week=week,
        title=_meta_text(path, front, "title"),
        authors=_meta_list(path, front, "authors"),
        summary=_meta_text(path, front, "summary"),
        tags=_meta_list(path, front, "tags"),
        draft=_meta_bool(path, front, "draft"),
        body=front.body,
        body_line=front.body_line,
        publish_at=_meta_time(path, front, "publish_at"),
    )


def split_front_matter(path: Path, text: str) -> FrontMatter:
    """Front matter runs from a first line ``---`` to the next line ``---``; the rest is body."""
    lines = io.StringIO(text, newline="").readlines()
    first = next((n for n, line in enumerate(lines) if line.strip()), len(lines))
    if first == len(lines) or lines[first].rstrip() != "---":
        return FrontMatter({}, {}, *_body(lines, 0))
    end = next((n for n in range(first + 1, len(lines)) if lines[n].rstrip() == "---"), None)
    if end is None:
        raise CommentaryError(
            path,
            first + 1,
            "front matter is never closed",
            "end it with a line of three dashes: ---",
        )
    values, key_lines = _parse_yaml(path, "".join(lines[first + 1 : end]), first + 2)
    return FrontMatter(values, key_lines, *_body(lines, end + 1))


def _body(lines: list[str], start: int) -> tuple[str, int]:
    """The body from line index ``start``, stripped, and the line its first text is on."""
    blank = next((n for n in range(start, len(lines)) if lines[n].strip()), len(lines))
    return "".join(lines[start:]).strip(), blank + 1


def _parse_yaml(path: Path, text: str, offset: int) -> tuple[dict[str, Any], dict[str, int]]:
    """Front matter ``text`` (starting on line ``offset``): each key's value and line."""
    try:
        loader = yaml.SafeLoader(text)  # checks the characters at once
        node = loader.get_single_node()
        if node is not None and isinstance(node, yaml.MappingNode):
            loader.flatten_mapping(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CommentaryError(
            path,
            offset + line_of(text, mark.index) - 1 if mark else offset - 1,
            f"front matter is not valid YAML: {_reason(exc)}{_context(exc, text, offset)}",
            "fix the quoting or indentation; quote titles that contain ':'",
        ) from exc
    except ReaderError as exc:
        raise CommentaryError(
            path,
            offset + line_of(text, exc.position) - 1,
            f"front matter holds the control character U+{exc.character:04X}",
            "delete it",
        ) from exc
    except (yaml.YAMLError, RecursionError) as exc:
        raise CommentaryError(
            path,
            offset - 1,
            f"front matter cannot be read: {_reason(exc)}",
            "write plain `key: value` lines",
        ) from exc
    if node is None:
        return {}, {}
    if not isinstance(node, yaml.MappingNode):
        raise CommentaryError(
            path,
            offset + line_of(text, node.start_mark.index) - 1,
            "front matter is not a mapping",
            "write `key: value` lines",
        )
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = offset + line_of(text, key_node.start_mark.index) - 1
        key = _front_matter_key(path, line, key_node, lines)
        lines[key] = line
        values[key] = _construct(path, line, key, loader, value_node)
    return values, lines


def _front_matter_key(path: Path, line: int, node: yaml.Node, seen: dict[str, int]) -> str:
    if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
        raise CommentaryError(
            path, line, "a front matter key is not a name", "write `key: value` lines"
        )
    key: str = node.value
    if key in seen:
        raise CommentaryError(
            path,
            line,
            f"second {quoted(key)} in the front matter",
            f"delete one of them (the first is on line {seen[key]})",
        )
    return key


def _construct(path: Path, line: int, key: str, loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except Exception as exc:  # PyYAML's constructors raise what they hit: `!!bool maybe` a KeyError
        raise CommentaryError(
            path,
            line,
            f"{quoted(key)} cannot be read: {_reason(exc)}",
            "fix the value, or put it in quotes to keep it as text",
        ) from exc


def _context(exc: yaml.MarkedYAMLError, text: str, offset: int) -> str:
    """Where the construct that failed began, when that was on an earlier line."""
    if not (exc.context and exc.context_mark and exc.problem_mark):
        return ""
    start = line_of(text, exc.context_mark.index)
    if start >= line_of(text, exc.problem_mark.index):
        return ""
    return f" ({exc.context} that starts on line {offset + start - 1})"


def _reason(exc: BaseException) -> str:
    """The gist of a library's error, on one line."""
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    if not isinstance(exc, yaml.YAMLError | ValueError):  # `!!int ''`: an IndexError inside
        return "it does not fit its type"
    problem = str(getattr(exc, "problem", None) or exc)
    return problem.splitlines()[0] if problem.strip() else type(exc).__name__


def _meta_text(path: Path, front: FrontMatter, key: str) -> str:
    value = front.values.get(key, "")
    if not isinstance(value, str):
        raise CommentaryError(
            path,
            front.lines[key],
            f"{key} must be text, got {quoted(repr(value))}",
            f"quote the {key}",
        )
    return value.strip()


def _meta_list(path: Path, front: FrontMatter, key: str) -> tuple[str, ...]:
    value = front.values.get(key, [])
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CommentaryError(
            path,
            front.lines[key],
            f"{key} must be a list of names",
            f"write {key}: [First Name, Second Name]",
        )
    return tuple(value)


def _meta_bool(path: Path, front: FrontMatter, key: str) -> bool:
    value = front.values.get(key, False)
    if not isinstance(value, bool):
        raise CommentaryError(
            path,
            front.lines[key],
            f"{key} must be true or false",
            f"write {key}: true or {key}: false",
        )
    return value


def _meta_time(path: Path, front: FrontMatter, key: str) -> datetime | None:
    """A date and time with its time zone; without one it is New York (exchange) time, and a
    date alone is midnight there."""
    value = front.values.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = datetime.fromisoformat(value.strip())
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=PUBLISH_ZONE)
        try:
            moment.astimezone(UTC)
            return moment
        except (OverflowError, ValueError):
            pass
    raise CommentaryError(
        path,
        front.lines[key],
        f"{key} {quoted(str(value))} is not a date and time",
        f"write e.g. {key}: 2025-12-13T08:00:00-05:00 (without a time zone: New York time)",
    )
