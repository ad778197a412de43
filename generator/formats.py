"""The one house way numbers are written, everywhere on the site.

Levels: thousands separators and two decimals. Changes: always signed percentages, two
decimals in tables and one in prose. Spreads: signed percentage points. Minus is U+2212.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import unicodedata
import urllib.parse
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

MINUS = "\u2212"
DASH = "\u2014"


def level(value: float | None) -> str:
    return DASH if value is None else f"{value:,.2f}"


def close(value: float) -> str:
    """A close in a message about it: a level, or three significant digits where two
    decimals would show a sub-cent close as 0.00 (0.000123)."""
    if not 0 < value < 0.01:
        return level(value)
    return f"{value:.{2 - math.floor(math.log10(value))}f}"


def move(value: float) -> str:
    """A one-day move in a message: a signed percentage, or a multiple (×40,000) past +900%,
    where a percentage would run to dozens of digits."""
    if value < 9:
        return change(value, 1)
    factor = value + 1
    return f"×{factor:,.0f}" if factor < 1e6 else f"×{factor:.1e}"


def target(value: float) -> str:
    """A strategist's target as it was published: 7,600 (cents only when it has them)."""
    return f"{value:,.0f}" if value == round(value) else level(value)


def is_zero(value: float, decimals: int = 1) -> bool:
    """Whether a fraction shows as 0.0% in prose (``decimals`` places of a percentage)."""
    return round(abs(value) * 100, decimals) == 0


def change(value: float | None, decimals: int = 2) -> str:
    """A fractional change (0.0119) as a signed percentage (+1.19%)."""
    if value is None:
        return DASH
    text = f"{value * 100:+.{decimals}f}%"
    return _signed(text, value * 100, decimals)


def percent(value: float | None, decimals: int = 1) -> str:
    """A size without a sign, for prose that says the direction in words (rose 1.2%)."""
    return DASH if value is None else f"{abs(value) * 100:.{decimals}f}%"


def points(value: float | None, decimals: int = 2) -> str:
    """A difference of percentages, in percentage points (+2.26 pp)."""
    if value is None:
        return DASH
    return _signed(f"{value:+.{decimals}f} pp", value, decimals)


def margin(value: float, decimals: int = 1) -> str:
    """A spread's size in prose, without a sign (the verb says who led): 1.8 percentage points.

    The spread is written this one way wherever a sentence states it, so a page never shows
    "1.8" in one place and "1.81" in another.
    """
    return f"{abs(value):.{decimals}f} percentage points"


def _signed(text: str, value: float, decimals: int) -> str:
    if round(value, decimals) == 0:
        return text.replace("+", "").replace("-", "")
    return text.replace("-", MINUS)


def arrow(value: float | None) -> str:
    """An arrow beside every coloured change, so colour is never the only cue."""
    if value is None or value == 0:
        return "▬"
    return "▲" if value > 0 else "▼"


def rate_range(lower: float, upper: float) -> str:
    return f"{lower:.2f}–{upper:.2f}%"


def day(value: date) -> str:
    """A date as readers write it: December 11, 2025."""
    return f"{value:%B} {value.day}, {value.year}"


def short_day(value: date) -> str:
    return f"{value:%b} {value.day}"


# What a spreadsheet reads as the start of a formula: OWASP's list (= + - @ tab, carriage
# return), a line feed, and `|` (DDE in older Excel). Full-width and small forms (＝ ＋ － ＠ ﹦)
# are folded to these first (NFKC), and so is a percent-encoded start (%0A=, %3D), which some
# importers decode.
FORMULA_STARTS = frozenset("=+-@\t\r\n|")


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A table as the CSV readers download: a header, a row per row, empty for a missing
    value. Text that a spreadsheet would run as a formula (a company named ``=HYPERLINK(…)``)
    is written with a leading ``'``, as OWASP advises; numbers are written as they are."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_cell(c) for c in columns])
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and _formula(value):
        return "'" + value
    return value


@functools.lru_cache(maxsize=1 << 16)  # a table repeats its dates and names row after row
def _formula(value: str) -> bool:
    return _formula_start(value) or _formula_start(urllib.parse.unquote(value[:32]))


def _formula_start(text: str) -> bool:
    folded = unicodedata.normalize("NFKC", text[:8].lstrip(" "))
    return text[:1] in FORMULA_STARTS or folded[:1] in FORMULA_STARTS
