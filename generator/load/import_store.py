"""Where imported values land: ``prices.csv`` (closes), ``rates.csv`` (``date,series,value``),
``fed_funds.csv`` (each change of the target range) and new rows of ``universe.csv``. Every
file is computed in memory first and all are written together, each atomically."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from generator.errors import DataError
from generator.load.data import PRICE_COLUMNS, RATE_COLUMNS, UNIVERSE_COLUMNS
from generator.load.files import check_symbol, parse_close, parse_date, parse_number, read_rows
from generator.load.reference import Known

RATES_COLUMNS = ("date", "series", "value")


@dataclass(frozen=True)
class Value:
    """One value read from an import file, as written there."""

    day: date
    series: str
    text: str
    path: Path
    line: int


@dataclass(frozen=True)
class Count:
    """What an import did to one series of one store."""

    store: str
    series: str
    added: int
    replaced: int
    unchanged: int
    first: date
    last: date
    rounded: int = 0  # kept: the file's value agrees within the coarser one's rounding


def agree_within_rounding(a: str, b: str) -> bool:
    """``1107.300049`` and ``1107.3`` are one close written to different precisions: they
    differ by no more than half a unit of the coarser one's last decimal."""
    x, y = Decimal(a), Decimal(b)
    places = max(x.as_tuple().exponent, y.as_tuple().exponent)  # the coarser one's
    if not isinstance(places, int):
        return False
    return abs(x - y) <= Decimal(5) * Decimal(10) ** (min(places, 0) - 1)


Keyed = dict[tuple[date, str], str]


def read_prices(path: Path) -> Keyed:
    if not path.exists():
        return {}
    out: Keyed = {}
    for line, row in read_rows(path, PRICE_COLUMNS):
        day, symbol = parse_date(path, line, row["date"]), check_symbol(path, line, row["symbol"])
        parse_close(path, line, row["close"])
        out[(day, symbol)] = row["close"]
    return out


def read_rates(path: Path) -> Keyed:
    if not path.exists():
        return {}
    out: Keyed = {}
    for line, row in read_rows(path, RATES_COLUMNS):
        parse_number(path, line, row["value"], "value")
        out[(parse_date(path, line, row["date"]), row["series"])] = row["value"]
    return out


def merge(
    store: Path, existing: Keyed, values: list[Value], replace: bool
) -> tuple[Keyed, tuple[Count, ...]]:
    """``existing`` with ``values`` merged in; a value that disagrees is an error unless
    ``replace``."""
    merged = dict(existing)
    tally: dict[str, Tally] = {}
    for value in values:
        counts = tally.setdefault(value.series, Tally(value.day, value.day))
        counts.span(value.day)
        old = merged.get((value.day, value.series))
        if old is not None and Decimal(old) == Decimal(value.text):
            counts.unchanged += 1
            continue
        if old is not None and agree_within_rounding(old, value.text):
            counts.rounded += 1  # the same close from a file that rounds differently: kept
            continue
        if old is not None and not replace:
            raise DataError(
                value.path,
                value.line,
                f"{value.series} is {value.text} on {value.day} here, {old} in {store.name}",
                "check the file, or pass --replace to take the file's value",
            )
        if old is None:
            counts.added += 1
        else:
            counts.replaced += 1
        merged[(value.day, value.series)] = value.text
    counted = (t.count(store.name, series) for series, t in sorted(tally.items()))
    return merged, tuple(counted)


@dataclass
class Tally:
    """One series' counts and days, kept as its values go by: one pass over the values,
    however many series (a count per series by a pass each took hours for 20,000)."""

    first: date
    last: date
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    rounded: int = 0

    def span(self, day: date) -> None:
        self.first, self.last = min(self.first, day), max(self.last, day)

    def count(self, store: str, series: str) -> Count:
        counts = (self.added, self.replaced, self.unchanged)
        return Count(store, series, *counts, self.first, self.last, self.rounded)


def keyed_csv(header: tuple[str, ...], rows: Keyed) -> str:
    lines = [",".join(header)]
    lines += [f"{day},{series},{text}" for (day, series), text in sorted(rows.items())]
    return "\n".join(lines) + "\n"


# ─── the fed funds target range ─────────────────────────────────────────────────────────────


Range = tuple[date, str, str]


def read_fed_funds(path: Path) -> list[Range]:
    if not path.exists():
        return []
    rows = []
    for line, row in read_rows(path, RATE_COLUMNS):
        parse_number(path, line, row["lower"], "lower")
        parse_number(path, line, row["upper"], "upper")
        rows.append((parse_date(path, line, row["date"]), row["lower"], row["upper"]))
    return sorted(rows)


def range_changes(lower: list[Value], upper: list[Value]) -> list[tuple[Range, Value]]:
    """Each day the (lower, upper) pair differs from the day before, from daily bounds."""
    uppers = {v.day: v for v in upper}
    changes: list[tuple[Range, Value]] = []
    for low in sorted(lower, key=lambda v: v.day):
        high = uppers.get(low.day)
        if high is None:
            continue
        if not changes or not _same(changes[-1][0], (low.day, low.text, high.text)):
            changes.append(((low.day, low.text, high.text), high))
    return changes


def _same(a: Range, b: Range) -> bool:
    return (Decimal(a[1]), Decimal(a[2])) == (Decimal(b[1]), Decimal(b[2]))


def merge_fed_funds(
    store: Path,
    existing: list[Range],
    changes: list[tuple[Range, Value]],
    span: tuple[date, date],
    replace: bool,
) -> tuple[list[Range], Count]:
    """The file's changes replace the rows in its ``span`` (first and last day); an existing
    row there must agree with the range the file has on that day, unless ``replace``."""
    first, last = span
    replaced = 0
    for row in (r for r in existing if first <= r[0] <= last):
        (held, value) = [c for c in changes if c[0][0] <= row[0]][-1]
        if _same(held, row):
            continue
        if not replace:
            raise DataError(
                value.path,
                value.line,
                f"the range {held[1]}–{held[2]} from {held[0]} on still holds on {row[0]} here, "
                f"but {store.name} has {row[1]}–{row[2]} then",
                "check the file, or pass --replace to take the file's range",
            )
        replaced += 1
    before = [r for r in existing if r[0] < first]
    kept = [c[0] for c in changes]
    if before and _same(before[-1], kept[0]):
        kept = kept[1:]
    merged = sorted([*before, *kept, *[r for r in existing if r[0] > last]])
    old = set(existing)
    added = sum(r not in old for r in kept)
    count = Count(store.name, "range", added, replaced, len(kept) - added, first, last)
    return merged, count


def fed_funds_csv(rows: list[Range]) -> str:
    return "".join([",".join(RATE_COLUMNS) + "\n", *(f"{d},{lo},{hi}\n" for d, lo, hi in rows)])


# ─── universe.csv and writing ───────────────────────────────────────────────────────────────


def universe_with(text: str, rows: list[Known]) -> str:
    """``universe.csv``'s text with a row added for each new symbol (its columns in the
    header's order; an extra column such as ``aliases`` left blank)."""
    header = next(csv.reader(io.StringIO(text)), list(UNIVERSE_COLUMNS))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for known in rows:
        fields = asdict(known)
        writer.writerow([fields.get(column.strip(), "") for column in header])
    if text and not text.endswith("\n"):
        text += "\n"
    return text + buffer.getvalue()


def write_all(outputs: dict[Path, str]) -> None:
    """Write every file beside its target first, then move each into place: a failure while
    writing leaves every target as it was."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in outputs.items():
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            staged.append((temporary, path))
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
    except BaseException:
        for temporary, _ in staged:
            os.unlink(temporary)
        raise
    for temporary, path in staged:
        os.replace(temporary, path)
