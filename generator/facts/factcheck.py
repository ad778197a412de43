"""Check the numbers an author typed against the data: a level that is no close at all, or a
close put on the wrong date ("2,590.61 on December 18" when it was the close of the 11th).

Pure: commentary text and the compute stage's closes in, warnings (``path:line: …``) out.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import pandas as pd

from generator.errors import where
from generator.model import Commentary

LEVEL = re.compile(
    r"(?<![\d.,$])(\d{1,3}(?:,\d{3})+\.\d{2}|\d{2,}\.\d{2})(?![\d%]|\s*(?:pp|bp|percent))"
)
MONTHS = tuple(calendar.month_name)[1:]
ON_DATE = re.compile(
    r"^[^\d{}]{0,30}?\bon (?:\w+day, )?(?:("
    + "|".join(MONTHS)
    + r") (\d{1,2})(?:, (\d{4}))?|(\d{4}-\d{2}-\d{2}))"
)
EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def claimed_date(text: str, week: date) -> date | None:
    """The date written just after a number ("… on December 18"), if any."""
    match = ON_DATE.match(text)
    if not match:
        return None
    if match.group(4):
        return date.fromisoformat(match.group(4))
    month = MONTHS.index(match.group(1)) + 1
    year = int(match.group(3)) if match.group(3) else week.year - (month > week.month)
    return date(year, month, int(match.group(2)))


def closes_equal_to(closes: pd.DataFrame, value: float) -> list[tuple[date, str]]:
    """Every (date, symbol) whose close, to the cent, is ``value``."""
    hits = closes.where((closes - value).abs() < 0.005).stack().dropna()
    return [(pd.Timestamp(day).date(), str(symbol)) for (day, symbol) in hits.index]


def check_commentary(item: Commentary, closes: pd.DataFrame) -> list[str]:
    """Warnings for the typed levels in one commentary file, judged as of its week."""
    known = closes.loc[: pd.Timestamp(item.week)]
    warnings = []
    for offset, line in enumerate(item.body.splitlines()):
        text = EXPRESSION.sub("", line)
        for match in LEVEL.finditer(text):
            problem = check_level(match.group(1), text[match.end() :], known, item.week)
            if problem:
                warnings.append(f"{where(item.path, item.body_line + offset)}: {problem}")
    return warnings


def check_level(number: str, after: str, closes: pd.DataFrame, week: date) -> str:
    hits = closes_equal_to(closes, float(number.replace(",", "")))
    if not hits:
        return (
            f"{number} matches no close on or before {week} — check the number, or "
            'let the data write it, e.g. {{ close("RUT") }}'
        )
    claimed = claimed_date(after, week)
    if claimed is None or any(day == claimed for day, _ in hits):
        return ""
    day, symbol = hits[-1]
    return (
        f"{number} was the {symbol} close on {day}, not on {claimed} — fix the date, or "
        f'let the data write it: {{{{ record_date("{symbol}") }}}}'
    )
