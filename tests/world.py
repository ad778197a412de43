"""A project shaped like real exports, written for the tests: symbols that start and stop at
different dates, an index from 1990, a fund launched mid-way, a bank from 2025, a universe with
a misfiled kind. Deterministic (seeded), on the New York exchange's real sessions.

| symbol | closes | what it exercises |
|---|---|---|
| SPX | 1990-01-02 → end | an index whose history before 1990 nobody gave: "in our data" |
| RUT | 2016-01-04 → end | sources.csv gives its 2015 record: "record close" once beaten |
| IXIC | 2016-01-04 → end | an index the universe misfiles as a stock |
| AAPL, MSFT | 2016-01-04 → end | stocks; basket members |
| NVDA | 2025-06-02 → end | a basket member that starts late: the basket begins with it |
| RF | 2025-02-28 → end | a bank whose data begin in 2025 |
| SPY | 2016-01-04 → end | a broad ETF (no sector): never repeats its index in the highs line |
| XLC | 2018-06-19 → 2026-01-30 | an ETF from its launch (sources.csv: history full) |
| XLE, XLF | 2016-01-04 → 2026-01-30 | sector ETFs whose data stop |
"""

from __future__ import annotations

import math
import random
from datetime import date
from pathlib import Path

import exchange_calendars

START = date(1990, 1, 2)
END = date(2026, 3, 27)
REPORT_START = "2025-07-01"
SECTORS_STOP = date(2026, 1, 30)
RUT_PRIOR = (1295.80, date(2015, 6, 23))

# symbol: (first close, last close, starting level, yearly drift, daily volatility)
SHAPES = {
    "SPX": (START, END, 350.0, 0.08, 0.011),
    "RUT": (date(2016, 1, 4), END, 1100.0, 0.07, 0.014),
    "IXIC": (date(2016, 1, 4), END, 5000.0, 0.14, 0.014),
    "AAPL": (date(2016, 1, 4), END, 26.0, 0.2, 0.018),
    "MSFT": (date(2016, 1, 4), END, 55.0, 0.2, 0.016),
    "NVDA": (date(2025, 6, 2), END, 135.0, 0.3, 0.025),
    "RF": (date(2025, 2, 28), END, 23.0, 0.05, 0.017),
    "SPY": (date(2016, 1, 4), END, 200.0, 0.08, 0.011),
    "XLC": (date(2018, 6, 19), SECTORS_STOP, 50.0, 0.1, 0.013),
    "XLE": (date(2016, 1, 4), SECTORS_STOP, 60.0, 0.02, 0.017),
    "XLF": (date(2016, 1, 4), SECTORS_STOP, 19.0, 0.09, 0.014),
}

UNIVERSE = """symbol,name,kind,sector,size,groups
SPX,S&P 500,index,,,benchmark
RUT,Russell 2000,index,,,benchmark
IXIC,Nasdaq Composite,stock,,,benchmark
AAPL,Apple Inc.,stock,Information Technology,mega,mag7
MSFT,Microsoft Corporation,stock,Information Technology,mega,mag7
NVDA,NVIDIA Corporation,stock,Information Technology,mega,mag7
RF,Regions Financial,stock,Financials,large,regional_banks
SPY,SPDR S&P 500 ETF Trust,etf,,,
XLC,Communication Services Select Sector SPDR Fund,etf,Communication Services,,
XLE,Energy Select Sector SPDR Fund,etf,Energy,,
XLF,Financial Select Sector SPDR Fund,etf,Financials,,
"""

SOURCES = f"""series,provider,prior_high,prior_high_date,history
prices,test fixture (world-shaped),,,
RUT,FTSE Russell,{RUT_PRIOR[0]},{RUT_PRIOR[1]},
XLC,Select Sector SPDR (from its launch),,,full
"""

MKDOCS = f"""site_name: World-shaped report
site_url: http://127.0.0.1:8000/
theme:
  name: material
  font: false
markdown_extensions:
  - tables
  - attr_list
  - md_in_html
extra:
  generator: false
  marketweek:
    authors: [World Desk]
    data_note: "World-shaped fixture data."
    start: {REPORT_START}
    static_charts: 0
"""


# A seed per symbol; SPX's is chosen so that it sets new highs inside the report's weeks.
SEEDS = {"SPX": "SPX5"}


def sessions() -> list[date]:
    calendar = exchange_calendars.get_calendar("XNYS", start="1990-01-01", end="2026-12-31")
    return [s.date() for s in calendar.sessions_in_range(START, END)]


def closes(symbol: str, days: list[date]) -> list[tuple[date, float]]:
    first, last, level, drift, volatility = SHAPES[symbol]
    rng = random.Random(SEEDS.get(symbol, symbol))
    rows = []
    for day in days:
        if first <= day <= last:
            rows.append((day, round(level, 2)))
            level *= math.exp(drift / 252 + rng.gauss(0, volatility))
    return rows


def prices_csv() -> str:
    days = sessions()
    lines = ["date,symbol,close"]
    for symbol in SHAPES:
        lines += [f"{day},{symbol},{close:.2f}" for day, close in closes(symbol, days)]
    return "\n".join(lines) + "\n"


def write_world(root: Path) -> Path:
    """The project at ``root``: mkdocs.yml and content/data; no commentary."""
    data = root / "content" / "data"
    (root / "content" / "weeks").mkdir(parents=True)
    data.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    files = {
        "prices.csv": prices_csv(),
        "universe.csv": UNIVERSE,
        "sources.csv": SOURCES,
        "targets.csv": "firm,index,horizon,scenario,target,published,source\n"
        "Example Bank,SPX,2026-12-31,base,9000,2025-11-24,fixture\n"
        "Street bull case,SPX,2026-12-31,bull,9500,2025-12-01,fixture\n",
        "events.csv": "date,kind,label\n2025-09-17,fomc,FOMC cuts 25 bp\n"
        "2025-10-29,fomc,FOMC cuts 25 bp\n2025-12-10,fomc,FOMC cuts 25 bp\n",
        "fed_funds.csv": "date,lower,upper\n2025-01-01,4.25,4.50\n2025-09-18,4.00,4.25\n"
        "2025-10-30,3.75,4.00\n2025-12-11,3.50,3.75\n",
    }
    for name, text in files.items():
        (data / name).write_text(text, encoding="utf-8")
    return root
