"""`marketweek import`: bring real data files into ``content/data/``.

Each file is read on its own (``import_read``), its columns told from the header
(``import_layout``), its dates and numbers parsed with one explicit format (``import_dates``,
``import_values``); closes go to ``prices.csv``, the fed funds bounds to ``fed_funds.csv``,
other rates and macro series to ``rates.csv``, and new symbols get a row in ``universe.csv``
(``import_store``). Every file of a command is read and checked before anything is written,
so a bad file leaves every data file as it was.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import DataError
from generator.load import import_store as store
from generator.load.data import PRICE_COLUMNS, UNIVERSE_COLUMNS
from generator.load.files import read_rows, read_text
from generator.load.import_file import EMPTY, FileRead, ImportOptions, read_file
from generator.load.import_store import Count, Value, agree_within_rounding
from generator.load.import_summary import ImportReport, summary
from generator.load.reference import Known

__all__ = ["EMPTY", "ImportOptions", "ImportReport", "import_files", "read_file", "summary"]


def import_files(paths: list[Path], data_dir: Path, options: ImportOptions) -> ImportReport:
    """Read every file of ``paths``, then merge them all into ``data_dir`` (or nothing)."""
    if options.symbol is not None and len(paths) > 1:
        raise DataError(
            paths[1],
            None,
            f"--symbol {options.symbol} names the series of one file, but {len(paths)} files "
            "were given",
            "import such files one at a time, or let each name its own symbol (a ticker "
            "column, or the file name: XLF.csv is XLF)",
        )
    reads = tuple(read_file(path, options) for path in paths)
    return _store(reads, data_dir, options)


def _store(reads: tuple[FileRead, ...], data_dir: Path, options: ImportOptions) -> ImportReport:
    prices, twice = _unique([v for read in reads for v in read.prices])
    rates, twice_rates = _unique([v for read in reads for v in read.rates])
    fed, twice_fed = _unique([v for read in reads for v in read.fed])
    outputs: dict[Path, str] = {}
    counts: list[Count] = []
    for values, stem, columns, reader in (
        (prices, "prices", PRICE_COLUMNS, store.read_prices),
        (rates, "rates", store.RATES_COLUMNS, store.read_rates),
    ):
        if values:
            path = data_dir / f"{stem}.csv"
            merged, found = store.merge(path, reader(path), values, options.replace)
            counts += found
            if any(c.added or c.replaced for c in found):
                outputs[path] = store.keyed_csv(columns, merged)
    if fed:
        counts.append(_fed_funds(data_dir / "fed_funds.csv", fed, options, outputs))
    adjusted = any(r.layout.adjusted and r.prices for r in reads)  # else no need to read
    mixed = _adjusted_on_raw(reads, read_prices_once(data_dir / "prices.csv")) if adjusted else []
    new = _new_securities(data_dir / "universe.csv", reads, {v.series for v in prices})
    if new:
        universe = data_dir / "universe.csv"
        text = read_text(universe, DataError) if universe.exists() else ""
        outputs[universe] = store.universe_with(text or ",".join(UNIVERSE_COLUMNS) + "\n", new)
    store.write_all(outputs)
    duplicates = twice + twice_rates + twice_fed
    return ImportReport(reads, tuple(counts), tuple(new), duplicates, tuple(mixed))


def read_prices_once(path: Path) -> set[str]:
    """The symbols with closes in ``prices.csv`` before the import."""
    return {symbol for _, symbol in store.read_prices(path)} if path.exists() else set()


def _adjusted_on_raw(reads: tuple[FileRead, ...], before: set[str]) -> list[str]:
    """Adjusted closes joined to raw ones (a series' level jumps where they meet): a warning
    naming the file and the series. Closes already there count as raw (the default)."""
    raw = before | {v.series for r in reads if not r.layout.adjusted for v in r.prices}
    said = []
    for read in (r for r in reads if r.layout.adjusted):
        joined = sorted({v.series for v in read.prices} & raw)
        if joined:
            said.append(
                f"{read.path}: its closes are adjusted ({read.layout.note}) but "
                f"{', '.join(joined)} already has raw closes, so the series mixes the two and "
                "jumps where they meet — import raw closes (Close, or yfinance "
                "history(auto_adjust=False)), or replace the whole series from one kind of file"
            )
    return said


def _unique(values: list[Value]) -> tuple[list[Value], int]:
    """Each (series, day) once: a repeat with the same value is dropped, another is an error."""
    seen: dict[tuple[str, object], Value] = {}
    for value in values:
        first = seen.setdefault((value.series, value.day), value)
        if first is not value and not agree_within_rounding(first.text, value.text):
            where = f"line {first.line}" + ("" if first.path == value.path else f" of {first.path}")
            raise DataError(
                value.path,
                value.line,
                f"{value.series} is {value.text} on {value.day} here but {first.text} on {where}",
                "delete the wrong row",
            )
    return list(seen.values()), len(values) - len(seen)


def _fed_funds(
    path: Path, fed: list[Value], options: ImportOptions, outputs: dict[Path, str]
) -> Count:
    target = [v for v in fed if v.series == "DFEDTAR"]
    lower = [v for v in fed if v.series == "DFEDTARL"] + target
    upper = [v for v in fed if v.series == "DFEDTARU"] + target
    if not lower or not upper:
        alone = fed[0]
        raise DataError(
            alone.path,
            alone.line,
            f"{alone.series} without {'DFEDTARU' if lower else 'DFEDTARL'}: the range needs both",
            "import both bounds together (one file, or both files in one command)",
        )
    existing = store.read_fed_funds(path)
    changes = store.range_changes(lower, upper)
    days = [v.day for v in (*lower, *upper)]
    span = (min(days), max(days))
    merged, count = store.merge_fed_funds(path, existing, changes, span, options.replace)
    if merged != existing:
        outputs[path] = store.fed_funds_csv(merged)
    return count


def _new_securities(universe: Path, reads: tuple[FileRead, ...], symbols: set[str]) -> list[Known]:
    known = (
        {row["symbol"] for _, row in read_rows(universe, UNIVERSE_COLUMNS)}
        if (universe.exists())
        else set()
    )
    new: dict[str, Known] = {}
    for read in reads:
        for security in read.named:
            if security.symbol in symbols and security.symbol not in known:
                new.setdefault(security.symbol, security)
    return sorted(new.values(), key=lambda k: k.symbol)


# ─── the one-file entry points the tests and callers used before ───────────────────────────
