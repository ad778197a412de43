"""What the columns of an import file hold, told from its header: one series of daily bars
(Yahoo, yfinance, Stooq, IBKR), long rows (``date,symbol,close``), or a wide table of series
(``date,RUT,SPX``, FRED downloads); and which series are rates rather than closes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import DataError
from generator.load.files import check_symbol, quoted
from generator.load.import_read import Table
from generator.load.import_values import is_missing

DATE_KEYS = ("date", "datetime", "timestamp", "time", "observationdate", "tradedate", "day")
RAW_CLOSE = ("close", "closelast", "last", "price")
ADJUSTED = ("adjclose", "adjustedclose", "adjusted")
SYMBOL_KEYS = ("symbol", "ticker", "series", "seriesid")
VALUE_KEYS = ("value", *RAW_CLOSE, *ADJUSTED)
NAME_KEYS = ("name", "shortname", "longname", "description")
KIND_KEYS = ("kind", "type", "quotetype", "assetclass")
FIELDS = frozenset(
    {*RAW_CLOSE, *ADJUSTED, "open", "high", "low", "volume", "vol", "dividends", "stocksplits"}
    | {"capitalgains", "openinterest", "vwap", "wap", "trades", "count", "barcount", "average"}
    | {"change", "changepct", "pctchange", "return", "returns", "adj", "adjusted"}
    # indicators beside closes (quantmod/TTR: Bollinger bands, moving averages): never prices
    | {"mavg", "up", "dn", "pctb", "sma", "ema", "rsi", "macd", "signal", "ma", "bbands"}
)
FED_BOUNDS = {"DFEDTARL": "lower", "DFEDTARU": "upper", "DFEDTAR": "target"}
RATES = re.compile(
    r"(DFEDTAR[LU]?|DFF|FEDFUNDS|EFFR|IORB|IOER|OBFR|SOFR\w*|DPRIME|MPRIME|DGS\d+(MO)?|DTB\d+"
    r"|DTB\d+MS|TB\d+MS|GS\d+M?|T\d+Y\d+[YM]|T\d+YIE|T\d+YIFR|DFII\d+|CPI\w*|PCE\w*|CORE\w*"
    r"|UNRATE|PAYEMS|ICSA|GDP\w*|MORTGAGE\d+US|BAML\w+|DEX\w+|DTWEX\w*|WALCL|M2SL|RRPONTSYD)"
)
FRED_INDICES = frozenset({"SP500", "DJIA", "NASDAQCOM", "NASDAQ100", "VIXCLS", "WILL5000INDFC"})


@dataclass(frozen=True)
class Column:
    """A column of values and the series it holds (``None``: named on each row)."""

    index: int
    label: str
    series: str | None


@dataclass(frozen=True)
class Layout:
    kind: str  # "bars" | "long" | "wide"
    fred: bool  # a FRED download: its series are rates unless FRED index levels
    date: int
    values: tuple[Column, ...]
    symbol: int | None  # long files: the column naming each row's series
    name: int | None
    security_kind: int | None
    dropped: tuple[str, ...]
    note: str

    @property
    def adjusted(self) -> bool:
        """Its closes are adjusted for dividends (Adj Close, yfinance ``history()``)."""
        return "(adjusted" in self.note


def key(label: str) -> str:
    return re.sub(r"[^a-z0-9]", "", label.lower())


def is_rate(series: str, fred: bool, rates: frozenset[str]) -> bool:
    """Rates and macro series (yields, SOFR, CPI, the fed funds bounds) are not closes."""
    if series in rates or RATES.fullmatch(series):
        return True
    return fred and series not in FRED_INDICES


def is_close_label(label: str) -> bool:
    """A column labelled as a close (Close, Adj Close, XLF Close), not a bare value."""
    return key(label) in RAW_CLOSE + ADJUSTED or _split(label)[1] in RAW_CLOSE + ADJUSTED


def find_layout(table: Table, price: str) -> Layout:
    path, line, header = table.path, table.header_line, table.header
    keys = [key(label) for label in header]
    date = next((i for i, k in enumerate(keys) if k in DATE_KEYS), None)
    if date is None:
        raise DataError(
            path,
            line,
            f"no date column in the header {quoted(','.join(header))}",
            "name the dates' column Date, date or timestamp",
        )
    fred = keys[date] == "observationdate" or header[date] == "DATE"
    symbol = _first(keys, SYMBOL_KEYS)
    extra = {"name": _first(keys, NAME_KEYS), "kind": _first(keys, KIND_KEYS)}
    if symbol is not None:
        return _long(path, line, header, keys, (date, symbol), extra, fred, price)
    if any(k in RAW_CLOSE + ADJUSTED for k in keys) or keys == [keys[date], "value"]:
        return _bars(path, line, header, keys, date, extra, price)
    return _wide(path, line, header, (date, _text_columns(table)), fred, price)


def _text_columns(table: Table) -> set[int]:
    """Columns of words without a digit anywhere (names, sources, notes): not series."""
    numeric: set[int] = set()
    worded: set[int] = set()
    for _, cells in table.rows:
        numeric |= {i for i, cell in enumerate(cells) if any(c.isdigit() for c in cell)}
        worded |= {i for i, cell in enumerate(cells) if not is_missing(cell)}
    return worded - numeric


# yfinance's ``history()`` (auto_adjust, its default): Close is adjusted for dividends and
# splits, told by its Dividends and Stock Splits columns beside no Adj Close.
ADJUSTED_HISTORY = "adjusted for dividends and splits: a yfinance history() file"


def _first(keys: list[str], wanted: tuple[str, ...]) -> int | None:
    return next((keys.index(k) for k in wanted if k in keys), None)


def _close_column(path: Path, line: int, keys: list[str], price: str) -> tuple[int, str]:
    adjusted, raw = _first(keys, ADJUSTED), _first(keys, RAW_CLOSE)
    if price == "adjusted" and adjusted is None:
        raise DataError(
            path,
            line,
            "--price adjusted, but the file has no Adj Close column",
            "drop --price adjusted (the file's Close is all it has)",
        )
    if price == "adjusted" and adjusted is not None:
        return adjusted, "adjusted"
    if raw is not None and adjusted is None and {"dividends", "stocksplits"} <= set(keys):
        return raw, ADJUSTED_HISTORY
    if raw is not None:
        return raw, "raw" if adjusted is not None else "as the file has it"
    assert adjusted is not None
    return adjusted, "adjusted: the file has no raw close"


def _bars(
    path: Path,
    line: int,
    header: tuple[str, ...],
    keys: list[str],
    date: int,
    extra: dict[str, int | None],
    price: str,
) -> Layout:
    if "value" in keys and not any(k in RAW_CLOSE + ADJUSTED for k in keys):
        close, which = keys.index("value"), "one series, named by the file"
    else:
        close, which = _close_column(path, line, keys, price)
    used = {date, close, *[i for i in extra.values() if i is not None]}
    return Layout(
        "bars",
        False,
        date,
        (Column(close, header[close], None),),
        None,
        extra["name"],
        extra["kind"],
        _dropped(header, used),
        f"close from {header[close]!r} ({which})",
    )


def _long(
    path: Path,
    line: int,
    header: tuple[str, ...],
    keys: list[str],
    columns: tuple[int, int],
    extra: dict[str, int | None],
    fred: bool,
    price: str,
) -> Layout:
    date, symbol = columns
    if _first(keys, VALUE_KEYS) is None:
        raise DataError(
            path,
            line,
            f"a {header[symbol]} column but no close or value column",
            "name the values' column close (or value for rates)",
        )
    value = _first(keys, ("value",))
    value, which = (value, "value") if value is not None else _close_column(path, line, keys, price)
    used = {date, symbol, value, *[i for i in extra.values() if i is not None]}
    return Layout(
        "long",
        fred,
        date,
        (Column(value, header[value], None),),
        symbol,
        extra["name"],
        extra["kind"],
        _dropped(header, used),
        f"symbols from {header[symbol]!r}, values from {header[value]!r} ({which})",
    )


def _wide(
    path: Path,
    line: int,
    header: tuple[str, ...],
    columns: tuple[int, set[int]],
    fred: bool,
    price: str,
) -> Layout:
    date, text = columns
    closes: dict[str, Column] = {}
    dropped = []
    for index, label in enumerate(header):
        if index == date or not label:
            continue
        series, field = _split(label) if index not in text else ("", "text")
        wanted = ("", *ADJUSTED) if price == "adjusted" else ("", *RAW_CLOSE)
        if field in wanted and series:
            closes[series] = Column(index, label, check_symbol(path, line, series))
        else:
            dropped.append(label)
    if not closes:
        raise DataError(
            path,
            line,
            f"no price or rate columns in the header {quoted(','.join(header))}",
            "name each column after its symbol (date,RUT,SPX) or use Date,Close",
        )
    return Layout("wide", fred, date, tuple(closes.values()), None, None, None, tuple(dropped), "")


def _split(label: str) -> tuple[str, str]:
    """``XLF_volume`` → (XLF, volume); ``XLF Adj Close`` → (XLF, adjclose); ``RUT`` → (RUT, '')."""
    tokens = [t for t in re.split(r"[\s_]+", label.strip()) if t]
    for n in (2, 1):
        if len(tokens) > n and key("".join(tokens[-n:])) in FIELDS:
            return "_".join(tokens[:-n]), key("".join(tokens[-n:]))
        if len(tokens) > n and key("".join(tokens[:n])) in FIELDS:
            return "_".join(tokens[n:]), key("".join(tokens[:n]))
    if key(label) in FIELDS:
        return "", key(label)
    head, dot, tail = label.strip().rpartition(".")  # quantmod: AAPL.Volume, AAPL.Adjusted
    if dot and head and key(tail) in FIELDS:
        return head, key(tail)
    return label.strip(), ""


def _dropped(header: tuple[str, ...], used: set[int]) -> tuple[str, ...]:
    return tuple(label for i, label in enumerate(header) if i not in used and label)
