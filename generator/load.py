"""Read the author's side: the data files in ``content/data`` and the weekly commentary.

Everything is validated on the way in; any problem is a ``path:line: what — how to fix`` error.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import frontmatter
import pandas as pd
import yaml

from generator.errors import CommentaryError, DataError, closest, where
from generator.model import Commentary, Event, MarketData, RateRange, Security, Target

Row = dict[str, str]

PRICE_COLUMNS = ("date", "symbol", "close")
UNIVERSE_COLUMNS = ("symbol", "name", "kind", "sector", "size", "groups")
TARGET_COLUMNS = ("firm", "index", "horizon", "scenario", "target", "published", "source")
EVENT_COLUMNS = ("date", "kind", "label")
RATE_COLUMNS = ("date", "lower", "upper")
FRONT_MATTER_KEYS = ("title", "authors", "summary", "tags", "draft", "publish_at")


def read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, Row]]:
    """Yield ``(line, row)`` for each data row of a CSV file, after checking its header."""
    if not path.exists():
        raise DataError(path, None, "file not found", f"create it with columns {','.join(columns)}")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError(
                path,
                1,
                f"missing column(s) {', '.join(missing)}",
                f"the header must name {','.join(columns)}",
            )
        for row in reader:
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}


def parse_date(path: Path, line: int, text: str, column: str = "date") -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise DataError(
            path, line, f"{column} {text!r} is not a date", "write dates as YYYY-MM-DD"
        ) from exc


def parse_number(path: Path, line: int, text: str, column: str) -> float:
    try:
        value = float(text.replace(",", ""))
    except ValueError as exc:
        raise DataError(
            path, line, f"{column} {text!r} is not a number", "write plain numbers such as 2590.61"
        ) from exc
    if not value == value or value in (float("inf"), float("-inf")):
        raise DataError(
            path,
            line,
            f"{column} {text!r} is not a finite number",
            "write plain numbers such as 2590.61",
        )
    return value


def load_prices(path: Path) -> pd.DataFrame:
    """Long ``date,symbol,close`` CSV (or Parquet) into a wide frame of closes."""
    if path.suffix == ".parquet":
        return _wide(path, _parquet_records(path))
    return _wide(path, _csv_records(path))


def _csv_records(path: Path) -> Iterator[tuple[int, date, str, float]]:
    for line, row in read_rows(path, PRICE_COLUMNS):
        day = parse_date(path, line, row["date"])
        if not row["symbol"]:
            raise DataError(path, line, "symbol is empty", "name the symbol, e.g. RUT")
        close = parse_number(path, line, row["close"], "close")
        if close <= 0:
            raise DataError(
                path,
                line,
                f"close {row['close']} is not positive",
                "prices must be above zero; fix or delete the row",
            )
        yield line, day, row["symbol"], close


def _parquet_records(path: Path) -> Iterator[tuple[int, date, str, float]]:
    frame = pd.read_parquet(path, columns=list(PRICE_COLUMNS))
    for number, (day, symbol, close) in enumerate(frame.itertuples(index=False), 2):
        yield number, pd.Timestamp(day).date(), str(symbol), float(close)


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
    for line, row in read_rows(path, UNIVERSE_COLUMNS):
        if row["kind"] not in ("index", "etf", "stock"):
            raise DataError(
                path, line, f"kind {row['kind']!r} is not known", "use index, etf or stock"
            )
        universe[row["symbol"]] = Security(
            row["symbol"],
            row["name"],
            row["kind"],
            row["sector"],
            row["size"],
            tuple(row["groups"].split()),
        )
    return universe


def load_targets(path: Path) -> tuple[Target, ...]:
    return tuple(
        Target(
            row["firm"],
            row["index"],
            parse_date(path, line, row["horizon"], "horizon"),
            row["scenario"],
            parse_number(path, line, row["target"], "target"),
            parse_date(path, line, row["published"], "published"),
            row["source"],
        )
        for line, row in read_rows(path, TARGET_COLUMNS)
    )


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
    targets = load_targets(sources["targets"])
    check_target_indices(sources["targets"], targets, closes)
    return MarketData(
        closes,
        universe,
        targets,
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


def check_target_indices(path: Path, targets: tuple[Target, ...], closes: pd.DataFrame) -> None:
    for number, target in enumerate(targets, 2):
        if target.index not in closes.columns:
            raise DataError(
                path,
                number,
                f"index {target.index!r} has no prices",
                f"use a symbol from prices ({closest(target.index, list(closes.columns))})",
            )


def _first_line_of(path: Path, symbol: str) -> int | None:
    if path.suffix != ".csv":
        return None
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, 1):
            if f",{symbol}," in text:
                return number
    return None


def load_commentary(
    folder: Path, weeks: set[date], warn: Callable[[str], None]
) -> dict[date, Commentary]:
    """Read every ``YYYY-MM-DD.md`` in ``folder``; each must name a published week."""
    found: dict[date, Commentary] = {}
    for path in sorted(folder.glob("*.md")) if folder.exists() else []:
        item = read_commentary(path, warn)
        if item.week not in weeks:
            raise CommentaryError(
                path,
                None,
                f"{item.week} is not the last session of a week",
                f"rename the file to {_nearest_week(item.week, weeks)}.md",
            )
        found[item.week] = item
    return found


def _nearest_week(day: date, weeks: set[date]) -> str:
    if not weeks:
        return "a week's last trading session"
    return min(weeks, key=lambda w: abs((w - day).days)).isoformat()


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
    text = path.read_text(encoding="utf-8")
    meta, body = _split_front_matter(path, text)
    start = text.find(body, _front_matter_end(text)) if body else len(text)
    for key in sorted(set(meta) - set(FRONT_MATTER_KEYS)):
        warn(
            f"{where(path, _meta_line(text, key))}: unknown front matter key {key!r} — "
            f"use one of {', '.join(FRONT_MATTER_KEYS)} ({closest(key, FRONT_MATTER_KEYS)})"
        )
    return Commentary(
        path=path,
        week=week,
        title=_meta_text(path, text, meta, "title"),
        authors=_meta_list(path, text, meta, "authors"),
        summary=_meta_text(path, text, meta, "summary"),
        tags=_meta_list(path, text, meta, "tags"),
        draft=_meta_bool(path, text, meta, "draft"),
        body=body,
        body_line=text.count("\n", 0, start) + 1,
    )


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    try:
        meta, body = frontmatter.parse(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 2 if exc.problem_mark else 1
        raise CommentaryError(
            path,
            line,
            f"front matter is not valid YAML: {exc.problem}",
            "fix the quoting or indentation; quote titles that contain ':'",
        ) from exc
    if not isinstance(meta, dict):
        raise CommentaryError(path, 2, "front matter is not a mapping", "write `key: value` lines")
    return meta, body


def _front_matter_end(text: str) -> int:
    if not text.startswith("---"):
        return 0
    end = text.find("\n---", 3)
    return 0 if end < 0 else end + 4


def _meta_line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _meta_text(path: Path, text: str, meta: dict[str, Any], key: str) -> str:
    value = meta.get(key, "")
    if not isinstance(value, str):
        raise CommentaryError(
            path, _meta_line(text, key), f"{key} must be text, got {value!r}", f"quote the {key}"
        )
    return value.strip()


def _meta_list(path: Path, text: str, meta: dict[str, Any], key: str) -> tuple[str, ...]:
    value = meta.get(key, [])
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CommentaryError(
            path,
            _meta_line(text, key),
            f"{key} must be a list of names",
            f"write {key}: [First Name, Second Name]",
        )
    return tuple(value)


def _meta_bool(path: Path, text: str, meta: dict[str, Any], key: str) -> bool:
    value = meta.get(key, False)
    if not isinstance(value, bool):
        raise CommentaryError(
            path,
            _meta_line(text, key),
            f"{key} must be true or false",
            f"write {key}: true or {key}: false",
        )
    return value
