"""The universe step: which rows of ``universe.csv`` are still at the defaults import guessed
(and which page sections are empty because of it), and ``marketweek universe``: list the
symbols with their coverage, set a row's fields, remove a symbol with its closes."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import DataError, where
from generator.load.data import PRICE_COLUMNS, UNIVERSE_COLUMNS, data_file
from generator.load.files import read_rows, read_text
from generator.load.import_store import write_all
from generator.load.reference import KINDS, SIZES, at_defaults

FIELDS = ("name", "kind", "sector", "size", "groups")


@dataclass(frozen=True)
class Row:
    line: int
    fields: dict[str, str]

    @property
    def symbol(self) -> str:
        return self.fields["symbol"]

    def guessed(self) -> bool:
        f = self.fields
        return at_defaults(f["symbol"], f["name"], f["sector"], f["size"], f["groups"])

    def missing(self) -> list[str]:
        """What a page needs of the row and it lacks."""
        f = self.fields
        lacks = ["name"] if f["name"].strip() in ("", f["symbol"]) else []
        if f["kind"] == "stock":
            lacks += [k for k in ("sector", "size") if not f[k].strip()]
        return lacks


def rows(path: Path) -> list[Row]:
    return [Row(line, dict(row)) for line, row in read_rows(path, UNIVERSE_COLUMNS)]


# ─── check ─────────────────────────────────────────────────────────────────────────────────


def check_universe(path: Path, basket: str, warn: Callable[[str], None]) -> None:
    """Warn at each row still at its guessed defaults, and say which sections of the pages
    are empty because of it."""
    table = rows(path)
    guessed = [row for row in table if row.guessed()]
    for row in guessed:
        warn(
            f"{where(path, row.line)}: {row.symbol} is still at the defaults import guessed "
            f"({row.fields['kind']}, named after its ticker, no sector, size or groups), so "
            f"pages call it {row.symbol!r} — fill it in: marketweek universe set {row.symbol} "
            '--name "…" --kind index|etf|stock --sector "…" --size … --groups …'
        )
    if guessed:
        for empty in empty_sections(table, basket):
            warn(f"{where(path, None)}: {empty}")


def empty_sections(table: list[Row], basket: str) -> list[str]:
    """The page sections the universe leaves empty, each with how to fill it."""
    said = []
    if not any(r.fields["kind"] == "etf" and r.fields["sector"].strip() for r in table):
        said.append(
            "no sector ETFs (rows of kind etf with a sector), so the pages have no sector "
            "chart and no sector winners — set them, e.g. marketweek universe set XLF "
            '--kind etf --sector "Financials"'
        )
    if not any(basket in r.fields["groups"].split() for r in table):
        said.append(
            f"no security is in the group {basket!r} (the basket setting), so the pages have "
            f"no basket — add the group to its members, e.g. marketweek universe set AAPL "
            f"--groups {basket}"
        )
    return said


# ─── marketweek universe ───────────────────────────────────────────────────────────────────


def listing(data_dir: Path, basket: str) -> list[str]:
    """Each symbol with its kind, name, closes (how many, first → last) and what is missing;
    then the sections left empty."""
    path = data_dir / "universe.csv"
    table = rows(path)
    spans = _spans(data_dir)
    out = [f"{'symbol':<9}{'kind':<7}{'closes':>8}  {'first → last':<24}  name; missing"]
    for row in sorted(table, key=lambda r: r.symbol):
        count, first, last = spans.get(row.symbol, (0, "", ""))
        lacks = row.missing() + ([] if count else ["closes"])
        span = f"{first} → {last}" if count else "—"
        out.append(
            f"{row.symbol:<9}{row.fields['kind']:<7}{count:>8,}  {span:<24}  "
            f"{row.fields['name']}; " + (f"missing {', '.join(lacks)}" if lacks else "complete")
        )
    guessed = sum(r.guessed() for r in table)
    out.append(f"{len(table)} symbols, {guessed} at the defaults import guessed")
    out += [f"note: {empty}" for empty in empty_sections(table, basket)]
    return out


def _spans(data_dir: Path) -> dict[str, tuple[int, str, str]]:
    prices = data_file(data_dir, "prices")
    if not prices.exists():
        return {}
    if prices.suffix == ".parquet":
        return _parquet_spans(prices)
    spans: dict[str, tuple[int, str, str]] = {}
    for _, row in read_rows(prices, PRICE_COLUMNS):
        count, first, last = spans.get(row["symbol"], (0, row["date"], row["date"]))
        spans[row["symbol"]] = (count + 1, min(first, row["date"]), max(last, row["date"]))
    return spans


def _parquet_spans(prices: Path) -> dict[str, tuple[int, str, str]]:
    from generator.load.data import load_prices

    spans = {}
    for symbol, column in load_prices(prices).items():
        days = [str(day)[:10] for day in column.dropna().index]
        if days:
            spans[str(symbol)] = (len(days), days[0], days[-1])
    return spans


def set_fields(data_dir: Path, symbol: str, given: dict[str, str]) -> str:
    """Set the given fields of ``symbol``'s row (added if it has none), written atomically."""
    path = data_dir / "universe.csv"
    _check_values(path, given)
    text = read_text(path, DataError)
    table = rows(path)
    header = next(csv.reader(io.StringIO(text)))
    found = next((r for r in table if r.symbol == symbol), None)
    before = dict(found.fields) if found else {c: "" for c in header} | {"symbol": symbol}
    after = {**before, **given}
    if not after.get("name"):
        after["name"] = symbol
    if not after.get("kind"):
        after["kind"] = "stock"
    line = _csv_line([after.get(c.strip(), "") for c in header])
    lines = text.splitlines(keepends=True)
    if found is None:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.append(line)
        number = len(lines)
    else:
        lines[found.line - 1] = line
        number = found.line
    write_all({path: "".join(lines)})
    changed = [f"{k} {after[k]!r}" for k in FIELDS if after.get(k) != before.get(k)]
    what = ", ".join(changed) or "nothing changed"
    return f"{where(path, number)}: {symbol} {'added' if found is None else 'set'}: {what}"


def _check_values(path: Path, given: dict[str, str]) -> None:
    if "kind" in given and given["kind"] not in KINDS:
        raise DataError(
            path, None, f"kind {given['kind']!r} is not known", f"use one of {', '.join(KINDS)}"
        )
    if given.get("size") and given["size"] not in SIZES:
        raise DataError(
            path,
            None,
            f"size {given['size']!r} is not known",
            f"use one of {', '.join(SIZES)} (or --size '' for none)",
        )
    for key, value in given.items():
        if "\n" in value or "\r" in value:
            raise DataError(path, None, f"--{key} has a line break", "write it on one line")


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def remove(data_dir: Path, symbol: str, protected: dict[str, str]) -> str:
    """Remove ``symbol``'s row from ``universe.csv`` and its closes from ``prices.csv``
    (and its rows of ``sources.csv``), all written together or none. ``protected``: the
    settings that name a symbol (``small_caps: RUT``), which cannot be removed."""
    path = data_dir / "universe.csv"
    row = next((r for r in rows(path) if r.symbol == symbol), None)
    if row is None:
        raise DataError(path, None, f"{symbol} has no row", "run marketweek universe to list them")
    for key, value in protected.items():
        if value == symbol:
            raise DataError(
                path,
                row.line,
                f"{symbol} is the {key} setting in mkdocs.yml",
                f"set {key} to another symbol first",
            )
    _check_no_targets(data_dir, symbol)
    outputs = {path: _without_lines(path, {row.line})}
    said = [f"its row (line {row.line}) from universe.csv"]
    prices = data_file(data_dir, "prices")
    if prices.suffix == ".parquet":
        raise DataError(
            prices, None, "closes in Parquet cannot be removed here", "remove them with pandas"
        )
    if prices.exists():
        lines = {n for n, r in read_rows(prices, PRICE_COLUMNS) if r["symbol"] == symbol}
        if lines:
            outputs[prices] = _without_lines(prices, lines)
        said.append(f"{len(lines):,} closes from prices.csv")
    sources = data_dir / "sources.csv"
    if sources.exists():
        lines = {n for n, r in read_rows(sources, ("series",)) if r["series"] == symbol}
        if lines:
            outputs[sources] = _without_lines(sources, lines)
            said.append(f"{len(lines)} row(s) from sources.csv")
    write_all(outputs)
    return f"removed {symbol}: " + ", ".join(said)


def _check_no_targets(data_dir: Path, symbol: str) -> None:
    targets = data_dir / "targets.csv"
    if not targets.exists():
        return
    for line, row in read_rows(targets, ("index",)):
        if row["index"] == symbol:
            raise DataError(
                targets,
                line,
                f"an outlook target names {symbol}",
                "delete the targets of that index first",
            )


def _without_lines(path: Path, numbers: set[int]) -> str:
    lines = read_text(path, DataError).splitlines(keepends=True)
    return "".join(text for n, text in enumerate(lines, 1) if n not in numbers)
