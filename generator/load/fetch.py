"""`marketweek fetch`: fresh closes from Yahoo Finance (yfinance, the optional ``fetch`` extra)
and the fed funds target range from FRED, brought in through `import`'s reading and checks.

The network is touched in one function, :func:`download`; what it returns is saved as a file
(kept in the cache folder, so a refused answer can be read at the line the error names) and
imported with :func:`generator.load.importer.import_files`: every check applies, and the
whole fetch is written or nothing is.
"""

from __future__ import annotations

import importlib
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

from generator.errors import ConfigError, DataError
from generator.load import calendar
from generator.load.data import data_file, load_fed_funds, load_prices, load_universe
from generator.load.files import check_symbol
from generator.load.importer import ImportOptions, ImportReport, import_files, summary
from generator.load.reference import YAHOO  # Yahoo names indices with a caret: SPX is ^GSPC

INSTALL = "pip install 'marketweek[fetch]'"
FRED_SERIES = "DFEDTARL,DFEDTARU"
FRED_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv?id={series}&cosd={since}&coed={until}"
FED_FILE = "fred-fed-funds.csv"
TIMEOUT = 60  # seconds for one answer


@dataclass(frozen=True)
class FetchOptions:
    today: date  # in the exchange's time zone: closes are asked for up to the day before
    since: date | None = None  # None: the day after each series' last value
    symbols: tuple[str, ...] = ()  # empty: every symbol of universe.csv
    fed: bool = True
    replace: bool = False
    calendar: str = "XNYS"


@dataclass(frozen=True)
class Request:
    """One question to one source: ``name`` is what the answer is stored as (a symbol, or the
    FRED series), ``ticker`` what the source calls it (``^RUT``; FRED's address)."""

    source: str  # "yahoo" or "fred"
    name: str
    ticker: str
    since: date
    until: date  # inclusive


@dataclass(frozen=True)
class FetchReport:
    imported: ImportReport | None
    current: tuple[str, ...]  # already up to date: nothing was asked
    empty: tuple[str, ...]  # asked, and the answer held no values


def exchange_today(code: str) -> date:
    return datetime.now(ZoneInfo(calendar.calendar_zone(code))).date()


def fetch(data_dir: Path, folder: Path, options: FetchOptions) -> FetchReport:
    """Ask each source for what ``data_dir`` lacks, keep the answers in ``folder``, import
    them all (or nothing)."""
    requests, current = plan(data_dir, options)
    answers = [(request, download(request)) for request in requests]
    paths = _save(folder, [(r, text) for r, text in answers if _has_rows(text)])
    empty = tuple(r.name for r, text in answers if not _has_rows(text))
    import_options = ImportOptions(replace=options.replace, calendar=options.calendar)
    imported = import_files(paths, data_dir, import_options) if paths else None
    return FetchReport(imported, current, empty)


def report_lines(report: FetchReport) -> list[str]:
    lines = summary(report.imported) if report.imported else []
    if report.current:
        lines.append(f"already up to date: {', '.join(report.current)}")
    if report.empty:
        lines.append(f"no new values came back for: {', '.join(report.empty)}")
    return lines or ["nothing to fetch"]


# ─── what to ask for ────────────────────────────────────────────────────────────────────────


def plan(data_dir: Path, options: FetchOptions) -> tuple[list[Request], tuple[str, ...]]:
    """The requests (Yahoo first: the extra is checked before anything is asked), and the
    series already up to date."""
    until = options.today - timedelta(days=1)
    last, first = _last_closes(data_dir)
    requests: list[Request] = []
    current: list[str] = []
    for symbol in options.symbols or tuple(load_universe(data_file(data_dir, "universe"))):
        _check_name(symbol)
        since = options.since or _after(last.get(symbol)) or first
        if since is None:
            raise ConfigError(
                "--symbols",
                None,
                f"{symbol} has no closes yet, so there is no date to fetch from",
                "pass --since DATE, e.g. --since 2025-01-02",
            )
        if calendar.sessions_between(options.calendar, since, until):
            requests.append(Request("yahoo", symbol, YAHOO.get(symbol, symbol), since, until))
        else:
            current.append(symbol)
    if options.fed:
        _plan_fed(data_dir, options, first, until, requests, current)
    return requests, tuple(current)


def _check_name(symbol: str) -> None:
    check_symbol(Path("--symbols"), None, symbol)
    if "/" in symbol or "\\" in symbol or symbol.startswith("."):
        raise ConfigError(
            "--symbols", None, f"{symbol!r} is not a symbol", "write symbols such as RUT or BRK.B"
        )


def _plan_fed(
    data_dir: Path,
    options: FetchOptions,
    first: date | None,
    until: date,
    requests: list[Request],
    current: list[str],
) -> None:
    path = data_file(data_dir, "fed_funds")
    changes = load_fed_funds(path) if path.exists() else ()
    # From the last change on: the answer's first day then agrees with the file's last row.
    since = options.since or (changes[-1].effective if changes else first) or date(2008, 12, 16)
    if since > until:
        current.append("fed funds")
        return
    url = FRED_URL.format(series=FRED_SERIES, since=since, until=until)
    requests.append(Request("fred", FRED_SERIES, url, since, until))


def _last_closes(data_dir: Path) -> tuple[dict[str, date], date | None]:
    """Each symbol's last close in the prices file, and the file's first date."""
    path = data_file(data_dir, "prices")
    if not path.exists():
        return {}, None
    closes = load_prices(path)
    last = {
        str(symbol): _day(closes[symbol].last_valid_index())
        for symbol in closes.columns
        if closes[symbol].last_valid_index() is not None
    }
    return last, (_day(closes.index[0]) if len(closes.index) else None)


def _day(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value


def _after(day: date | None) -> date | None:
    return day + timedelta(days=1) if day is not None else None


# ─── the network: this one function, and nothing after it ───────────────────────────────────


def download(request: Request) -> str:
    """The source's answer to ``request`` as CSV text (tests replace this function)."""
    if request.source == "fred":
        return _read_url(request)
    history = yfinance().Ticker(request.ticker).history
    try:
        frame = history(
            start=request.since.isoformat(),
            end=(request.until + timedelta(days=1)).isoformat(),
            interval="1d",
            auto_adjust=False,
            actions=False,
        )
    except Exception as exc:  # yfinance raises many types of its own and of its HTTP stack
        raise _unanswered(request, exc) from exc
    return str(frame.to_csv())


def _read_url(request: Request) -> str:
    ask = urllib.request.Request(request.ticker, headers={"User-Agent": "marketweek"})
    try:
        with urllib.request.urlopen(ask, timeout=TIMEOUT) as answer:
            return bytes(answer.read()).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _unanswered(request, exc) from exc


def yfinance() -> ModuleType:
    """The yfinance module, imported only when Yahoo is asked; without it, how to get it."""
    try:
        return importlib.import_module("yfinance")
    except ImportError as exc:
        raise ConfigError(
            "marketweek fetch",
            None,
            "needs yfinance, which is not installed",
            f"install the fetch extra: {INSTALL}",
        ) from exc


def _unanswered(request: Request, exc: BaseException) -> DataError:
    source = "FRED" if request.source == "fred" else "Yahoo Finance"
    return DataError(
        f"{source} {request.ticker if request.source == 'yahoo' else request.name}",
        None,
        f"no answer for {request.name} ({type(exc).__name__}: {exc})",
        "check the network connection and the symbol, then run marketweek fetch again",
    )


# ─── the answers, as files the importer reads ───────────────────────────────────────────────


def _has_rows(text: str) -> bool:
    return sum(1 for line in text.splitlines() if line.strip()) > 1


def _save(folder: Path, answers: list[tuple[Request, str]]) -> list[Path]:
    """Each answer as a file named so the importer reads its symbol from the name
    (``RUT.csv``); the folder holds the latest fetch only."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.csv"):
        old.unlink()
    paths = []
    for request, text in answers:
        path = folder / (FED_FILE if request.source == "fred" else f"{request.name}.csv")
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
