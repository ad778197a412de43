"""Sentences said in more than one place (takeaways, chart summaries, page sections), once.

Each takes numbers and names and returns prose in the house format (one decimal). Every word
that states a direction (above/below, rose/fell, outperformed/lagged, widened/narrowed) is
chosen from the sign of the number it describes, here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from generator import formats
from generator.model import Breadth, Move, Quote, RecordInfo, TargetGap, WeekReport

AT_HIGH = 0.0005  # closer than this to the high counts as at the high (0.0% in prose)


def possessive(name: str) -> str:
    """``Goldman Sachs`` → ``Goldman Sachs'``; ``Morgan Stanley`` → ``Morgan Stanley's``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def is_zero(value: float, decimals: int = 1) -> bool:
    """Whether a fraction shows as 0.0% in prose (``decimals`` places of a percentage)."""
    return round(abs(value) * 100, decimals) == 0


def move_phrase(value: float | None) -> str:
    """'rose 1.2% to', 'fell 0.6% to' or 'was little changed at', in prose precision."""
    if value is None or is_zero(value):
        return "was little changed at"
    return f"{'rose' if value > 0 else 'fell'} {formats.percent(value)} to"


def spread_sentence(spread: float, widest_in: int | None, small: str, large: str) -> str:
    """The week's small-cap minus large-cap spread (percentage points), as every page says it."""
    if round(abs(spread), 1) == 0:
        return f"The {small} kept pace with the {large} this week."
    verb = "outperformed" if spread > 0 else "lagged"
    span = (
        ", the widest margin on record"
        if widest_in is None
        else f", the widest margin in {widest_in} weeks"
        if widest_in > 4
        else ""
    )
    return f"The {small} {verb} the {large} by {formats.margin(spread)}{span}."


def small_and_large(report: WeekReport) -> tuple[Quote, Quote] | None:
    """Small caps (the index whose high the report follows) and the large caps after it on
    the scoreboard, when both have a weekly change."""
    small = next((q for q in report.scoreboard if q.symbol == report.record.symbol), None)
    large = next((q for q in report.scoreboard if q is not small), None)
    if small is None or large is None or small.week is None or large.week is None:
        return None
    return small, large


def week_spread_sentence(report: WeekReport) -> str:
    """The spread sentence of a week, with the scoreboard's names ("" without a spread)."""
    pair = small_and_large(report)
    if report.spread is None or pair is None:
        return ""
    return spread_sentence(report.spread, report.spread_widest_in, pair[0].name, pair[1].name)


def record_sentence(
    record: RecordInfo,
    name: str,
    data_start: date,
    prior: tuple[float, date] | None = None,
) -> str:
    """Where the index stands against its highest close. "Record" only when a record from
    before the data is configured (``prior``: its close and date) and is known to be beaten
    or standing; otherwise the high is named by the date the data start."""
    if prior is not None and record.high > prior[0]:
        return _record_beaten(record, name)
    if prior is not None:
        return _record_standing(record, name, data_start, prior)
    since = f"its highest close since {formats.day(data_start)}"
    if record.new_this_week:
        return (
            f"The {name} closed at {formats.level(record.high)} on "
            f"{formats.day(record.high_date)}, {since}."
        )
    if record.below < AT_HIGH:
        return f"The {name} closed at {formats.level(record.high)}, {since}."
    return (
        f"The {name} ended {formats.percent(record.below)} below {formats.level(record.high)} "
        f"(on {formats.day(record.high_date)}), {since}."
    )


def _record_beaten(record: RecordInfo, name: str) -> str:
    """The data's high is above the record configured from before them: a true record."""
    high, when = formats.level(record.high), formats.day(record.high_date)
    if record.new_this_week:
        return f"The {name} set a record close of {high} on {when}."
    if record.below < AT_HIGH:
        return f"The {name} closed at {high}, its record close."
    below = formats.percent(record.below)
    return f"The {name} ended {below} below its record close of {high} (on {when})."


def _record_standing(
    record: RecordInfo, name: str, data_start: date, prior: tuple[float, date]
) -> str:
    """The record from before the data still stands."""
    close = record.high * (1 - record.below)
    below = formats.percent(1 - close / prior[0])
    standing = f"its record close of {formats.level(prior[0])} (on {formats.day(prior[1])})"
    if record.new_this_week:
        return (
            f"The {name} closed at {formats.level(record.high)} on "
            f"{formats.day(record.high_date)}, its highest close since "
            f"{formats.day(data_start)}, {below} below {standing}."
        )
    return f"The {name} ended {below} below {standing}."


def breadth_sentence(breadth: Breadth) -> str:
    """'7 of the 14 stocks tracked rose this week; 64% closed above their 50-day average.'"""
    up = round(breadth.up * breadth.stocks)
    return (
        f"{up} of the {breadth.stocks} stocks tracked rose this week; "
        f"{formats.percent(breadth.above_50_day, 0)} closed above their 50-day average."
    )


def gap_phrase(gap: TargetGap) -> str:
    """Where a target stands against the close: '11.2% above the close' or '0.4% below it'."""
    if is_zero(gap.gap):
        return "level with the close"
    return f"{formats.percent(gap.gap)} {'above' if gap.gap > 0 else 'below'} the close"


def needed_phrase(gap: TargetGap) -> str:
    """What the index needs for a target: 'a gain of 11.2%', or that it is already above it."""
    if is_zero(gap.gap):
        return f"nothing more to reach {formats.target(gap.target.target)}"
    if gap.gap > 0:
        return f"a gain of {formats.percent(gap.gap)} to reach {formats.target(gap.target.target)}"
    return (
        f"no gain to reach {formats.target(gap.target.target)} "
        f"(it is already {formats.percent(gap.close / gap.target.target - 1)} above)"
    )


def moves_label(moves: Sequence[Move], leading: bool) -> str:
    """An honest heading for a leaders or laggards table: 'Laggards' only when all fell."""
    if leading:
        if all(m.change > 0 for m in moves):
            return "Leaders"
        return "Smallest losses" if all(m.change < 0 for m in moves) else "Strongest"
    if all(m.change < 0 for m in moves):
        return "Laggards"
    return "Smallest gains" if all(m.change > 0 for m in moves) else "Weakest"
