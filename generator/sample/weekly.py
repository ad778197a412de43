"""The real weekly closes and Treasury yields shipped with the sample (``weekly_closes.csv``).

One row per trading week, dated by the week's last session: the raw closes of the Russell 2000,
S&P 500, Nasdaq Composite, SPY, QQQ and the Magnificent Seven, and the 2- and 10-year Treasury
yields in percent (FRED ``DGS2``, ``DGS10``), copied from the reference file beside
``docs/figures.md``. The sample passes through every one of these closes exactly.
"""

import csv
from functools import cache
from pathlib import Path

WEEKLY_FILE = Path(__file__).parent / "weekly_closes.csv"
YIELDS = ("DGS2", "DGS10")

Table = dict[str, dict[str, float]]  # series -> week-end date -> value


@cache
def read_weekly() -> Table:
    """Every column of the weekly file but the date, by series and week-end date."""
    with WEEKLY_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    series = [name for name in rows[0] if name != "week_end"]
    return {name: {row["week_end"]: float(row[name]) for row in rows} for name in series}


def weekly_closes(symbol: str) -> dict[str, float]:
    """The symbol's real week-end closes; empty for a symbol the file does not carry."""
    return {} if symbol in YIELDS else read_weekly().get(symbol, {})


def real_weekly_symbols() -> tuple[str, ...]:
    return tuple(name for name in read_weekly() if name not in YIELDS)
