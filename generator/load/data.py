"""The data files in ``content/data``: prices, universe, targets, events and the fed funds range."""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from generator.errors import (
    DataError,
    closest,
)
from generator.kept import ByFolder
from generator.load import prices_cache
from generator.load.files import (
    MAX_CLOSE,
    MIN_CLOSE,
    check_inside,
    check_symbol,
    content_folder,
    parse_close,
    parse_date,
    parse_number,
    parse_positive,
    quoted,
    read_bytes,
    read_rows,
)
from generator.model import DATA_FILES, Event, MarketData, RateRange, Security, Target

PRICE_COLUMNS = ("date", "symbol", "close")
UNIVERSE_COLUMNS = ("symbol", "name", "kind", "sector", "size", "groups")
TARGET_COLUMNS = ("firm", "index", "horizon", "scenario", "target", "published", "source")
EVENT_COLUMNS = ("date", "kind", "label")
RATE_COLUMNS = ("date", "lower", "upper")


# ─── data files ─────────────────────────────────────────────────────────────────────────────


def load_prices(path: Path, cache: Path | None = None) -> pd.DataFrame:
    """Long ``date,symbol,close`` CSV (or Parquet) into a wide frame of closes; with
    ``cache``, a file that is unchanged or only grew is not read whole again."""
    if path.suffix == ".parquet":
        return _wide(path, _parquet_records(path))
    fast = plain_prices(path, cache)
    return fast if fast is not None else _wide(path, price_records(path))


PLAIN_DATE = r"\d{4}-\d{2}-\d{2}"
PLAIN_SYMBOL = r"[!#-+\--~]+"  # printable ASCII without spaces, commas and quotes


PLAIN_HEADER = "date,symbol,close\n"


def plain_prices(path: Path, cache: Path | None = None) -> pd.DataFrame | None:
    """The closes of a prices file as marketweek writes them (plain ISO dates, symbols and
    positive numbers, no quotes, no duplicate), read in one pass by pandas; None for anything
    else, which the checked reader then reads row by row, to say what is wrong at its line.
    A file of millions of rows is read in seconds instead of a minute; with ``cache``, only
    the rows appended since the last build are read (``prices_cache``)."""
    check_inside(path, content_folder(path), DataError)
    if not path.is_file():
        return None
    content = read_bytes(path, DataError)
    if cache is None:
        return plain_closes(content)
    return prices_cache.closes(content, cache, plain_closes, PLAIN_HEADER.encode("utf-8"))


def plain_closes(content: bytes) -> pd.DataFrame | None:
    """The wide closes of a plain prices file's bytes (see ``plain_prices``), else None.

    Read from the bytes as they are (ASCII is UTF-8), with dates and symbols as categories
    and closes as numbers: each date and symbol is checked once, not once a row, and 5
    million rows take a few hundred MB rather than a GB of strings."""
    plain_text = content.isascii() and b'"' not in content and b"\r" not in content
    if not (plain_text and content.startswith(PLAIN_HEADER.encode("utf-8"))):
        return None
    try:
        frame = pd.read_csv(
            io.BytesIO(content),
            dtype={"date": "category", "symbol": "category", "close": "float64"},
            keep_default_na=False,
            na_filter=False,
            engine="c",
        )
    except (ValueError, pd.errors.ParserError):
        return None
    if list(frame.columns) != list(PRICE_COLUMNS) or frame.empty:
        return None
    days, symbols = frame["date"].cat.categories, frame["symbol"].cat.categories
    # read as numbers ("0"; 400 nines are Python ints): the checked reader says what is wrong
    if any(pd.api.types.infer_dtype(names, skipna=False) != "string" for names in (days, symbols)):
        return None
    stamps = pd.to_datetime(days, format="%Y-%m-%d", errors="coerce")
    plain = days.str.fullmatch(PLAIN_DATE).all() and symbols.str.fullmatch(PLAIN_SYMBOL).all()
    if not (plain and stamps.notna().all() and frame["close"].between(MIN_CLOSE, MAX_CLOSE).all()):
        return None  # NaN is not between
    frame["date"] = frame["date"].cat.rename_categories(list(stamps))
    if frame.duplicated(["date", "symbol"]).any():
        return None
    return _pivot(frame)


def _pivot(frame: pd.DataFrame) -> pd.DataFrame:
    """Long ``date,symbol,close`` rows (dates and symbols as categories) as a wide frame: a
    column per symbol in name order, a row per day in date order."""
    days = frame["date"].cat.categories
    symbols = frame["symbol"].cat.categories
    wide = np.full((len(days), len(symbols)), np.nan)
    wide[frame["date"].cat.codes.to_numpy(), frame["symbol"].cat.codes.to_numpy()] = frame["close"]
    result = pd.DataFrame(wide, index=pd.DatetimeIndex(days, name="date"), columns=symbols)
    result.columns.name = "symbol"
    return result.sort_index().sort_index(axis=1)


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
        raise DataError(
            path,
            None,
            "no prices",
            "bring your closes in with `marketweek import FILE.csv` (Yahoo, Stooq, FRED… "
            "exports), or add rows of date,symbol,close",
        )
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
            aliases(row.get("aliases", "")),
        )
    if not universe:
        raise DataError(path, None, "no securities", f"add rows of {','.join(UNIVERSE_COLUMNS)}")
    return universe


def aliases(text: str) -> tuple[str, ...]:
    """The optional ``aliases`` column: other names authors use, ``small caps|the Russell``."""
    return tuple(name.strip() for name in text.split("|") if name.strip())


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
                parse_positive(path, line, row["target"], "target", "targets"),
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


SOURCE_COLUMNS = ("series", "provider")
SOURCE_FILES = (*DATA_FILES, "rates")
PriorHigh = tuple[float, date]  # a symbol's record close before the data begin, and its date


def load_providers(folder: Path, universe: Mapping[str, Security]) -> dict[str, str]:
    """The optional ``sources.csv``: who provides each series (a data file by its stem, or a
    symbol). No file: no providers, and source lines name the files alone."""
    return {series: row["provider"] for _, series, row in _source_rows(folder, universe)}


def load_prior_highs(folder: Path, universe: Mapping[str, Security]) -> dict[str, PriorHigh]:
    """``sources.csv``'s optional ``prior_high,prior_high_date`` columns: a symbol's record
    close from before the data begin, so that pages may call a higher close a record."""
    return {series: high for _, series, high in _prior_high_rows(folder, universe)}


def _prior_high_rows(
    folder: Path, universe: Mapping[str, Security]
) -> list[tuple[int, str, PriorHigh]]:
    highs = []
    path = folder / "sources.csv"
    for line, series, row in _source_rows(folder, universe):
        high, when = row.get("prior_high", ""), row.get("prior_high_date", "")
        if bool(high) != bool(when):
            raise DataError(
                path, line, "prior_high and prior_high_date go together", "give both or neither"
            )
        if high:
            value = parse_positive(path, line, high, "prior_high", "prior highs")
            highs.append((line, series, (value, parse_date(path, line, when, "prior_high_date"))))
    return highs


HISTORY_VALUES = ("full", "")


def load_full_history(folder: Path, universe: Mapping[str, Security]) -> frozenset[str]:
    """``sources.csv``'s optional ``history`` column: ``full`` when a symbol's data begin at
    the series' own first close (an ETF from its launch), so its highest close in the data is
    its record close."""
    path = folder / "sources.csv"
    full = set()
    for line, series, row in _source_rows(folder, universe):
        value = row.get("history", "").strip().lower()
        if value not in HISTORY_VALUES:
            raise DataError(
                path,
                line,
                f"history {quoted(value)} is not a history this column knows",
                "write full (the data begin at the series' first close) or leave it empty",
            )
        if value == "full":
            full.add(series)
    return frozenset(full)


def check_prior_highs(
    path: Path, highs: list[tuple[int, str, PriorHigh]], closes: pd.DataFrame
) -> None:
    """A prior high is a record from before the data: dated after a symbol's first close (or
    in the future), it would call a close a record on a date nobody checked."""
    for line, series, (_, when) in highs:
        present: Any = closes[series].dropna().index if series in closes.columns else []
        first = present[0].date() if len(present) else None
        if first is not None and when >= first:
            raise DataError(
                path,
                line,
                f"prior_high_date {when} is not before {series}'s first close ({first})",
                "give the record close from before the data begin, or leave both prior_high "
                "columns empty",
            )


def _source_rows(
    folder: Path, universe: Mapping[str, Security]
) -> Iterator[tuple[int, str, dict[str, str]]]:
    path = folder / "sources.csv"
    if not path.exists():
        return
    seen: set[str] = set()
    for line, row in read_rows(path, SOURCE_COLUMNS):
        series = row["series"]
        if series not in SOURCE_FILES and series not in universe:
            raise DataError(
                path,
                line,
                f"series {quoted(series)} is neither a data file nor a symbol",
                f"use {', '.join(SOURCE_FILES)} or a symbol of universe.csv "
                f"({closest(series, [*SOURCE_FILES, *sorted(universe)])})",
            )
        if not row["provider"] or series in seen:
            what = "no provider" if not row["provider"] else f"second row for {series}"
            raise DataError(path, line, what, "give each series one row naming its provider")
        seen.add(series)
        yield line, series, row


def data_file(folder: Path, stem: str) -> Path:
    """``stem.csv``, or ``stem.parquet`` when only that exists."""
    parquet = folder / f"{stem}.parquet"
    csv_path = folder / f"{stem}.csv"
    return parquet if parquet.exists() and not csv_path.exists() else csv_path


RATES_COLUMNS = ("date", "series", "value")


def load_rates(path: Path) -> pd.DataFrame:
    """The optional ``rates.csv`` (``date,series,value``, as ``import`` writes FRED series):
    wide, dates by series; no file, no rates. A series given twice on a date is refused."""
    if not path.exists():
        return pd.DataFrame()
    seen: dict[tuple[date, str], int] = {}
    rows = []
    for line, row in read_rows(path, RATES_COLUMNS):
        day = parse_date(path, line, row["date"])
        key = (day, row["series"].strip())
        if key in seen:
            raise DataError(
                path, line, f"{key[1]} on {day} is also on line {seen[key]}", "keep one of the two"
            )
        seen[key] = line
        rows.append((pd.Timestamp(day), key[1], parse_number(path, line, row["value"], "value")))
    frame = pd.DataFrame(rows, columns=["date", "series", "value"])
    return frame.pivot(index="date", columns="series", values="value").sort_index()


def load_data(folder: Path, cache: Path | None = None) -> MarketData:
    """Read and cross-check every data file in ``folder`` (``cache``: a build cache folder,
    where the closes read are kept for the next build). The same object again while no file
    in ``folder`` changes: a preview loads the data on every edit, and the steps worked out
    from them are held while they are the same (``kept.same_inputs``)."""
    return LOADED.get(folder, partial(_load_data, folder, cache))


LOADED = ByFolder()


def _load_data(folder: Path, cache: Path | None) -> MarketData:
    sources = {
        stem: data_file(folder, stem)
        for stem in ("prices", "universe", "targets", "events", "fed_funds")
    }
    if (folder / "rates.csv").exists():  # optional: the rates table and the 10-year chart
        sources["rates"] = folder / "rates.csv"
    closes = load_prices(sources["prices"], cache / "closes.pickle" if cache else None)
    universe = load_universe(sources["universe"])
    check_symbols_known(sources["prices"], closes, universe)
    targets = _target_rows(sources["targets"])
    check_target_indices(sources["targets"], targets, closes)
    highs = _prior_high_rows(folder, universe)
    check_prior_highs(folder / "sources.csv", highs, closes)
    return MarketData(
        closes,
        universe,
        tuple(target for _, target in targets),
        load_events(sources["events"]),
        load_fed_funds(sources["fed_funds"]),
        sources,
        load_providers(folder, universe),
        {series: high for _, series, high in highs},
        load_full_history(folder, universe),
        load_rates(folder / "rates.csv"),
    )


def summary(data: MarketData) -> str:
    """What was read, for the progress line: a big input says its size while work goes on."""
    closes = data.closes
    count = int(closes.notna().to_numpy().sum())
    return (
        f"read {count:,} closes of {len(closes.columns):,} symbols over "
        f"{len(closes.index):,} sessions"
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
