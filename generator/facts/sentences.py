"""Sentences said in more than one place (takeaways, chart summaries, page sections), once.

Each takes numbers and names and returns prose in the house format (one decimal). Every word
that states a direction (above/below, rose/fell, outperformed/lagged, widened/narrowed) is
chosen from the sign of the number it describes, here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from generator import formats
from generator.facts import records
from generator.formats import is_zero
from generator.model import (
    Breadth,
    Move,
    Quote,
    RecordInfo,
    Standing,
    Target,
    TargetGap,
    WeekFacts,
)


def possessive(name: str) -> str:
    """``Goldman Sachs`` → ``Goldman Sachs'``; ``Morgan Stanley`` → ``Morgan Stanley's``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def is_scenario(target: Target) -> bool:
    """A row that names a scenario rather than a firm ("Street bull case", or no firm)."""
    return not target.firm or target.scenario.casefold() in target.firm.casefold()


def target_label(target: Target) -> str:
    """ "Goldman Sachs' 7,600 target", or "the bull case's 8,000 target" for a scenario."""
    owner = f"the {target.scenario} case's" if is_scenario(target) else possessive(target.firm)
    return f"{owner} {formats.target(target.target)} target"


def moved(value: float | None) -> str:
    """'rose 1.2%', 'fell 0.6%' or 'was little changed': a move inside a sentence, one sign."""
    if value is None or is_zero(value):
        return "was little changed"
    return f"{'rose' if value > 0 else 'fell'} {formats.percent(value)}"


def move_phrase(value: float | None) -> str:
    """'rose 1.2% to', 'fell 0.6% to' or 'was little changed at', in prose precision."""
    phrase = moved(value)
    return f"{phrase} {'at' if phrase.startswith('was') else 'to'}"


MIN_WIDER_WEEKS = 5  # "the widest since" a week closer than this says nothing
MIN_OUR_WEEKS = 13  # "the widest in our data" needs a quarter of spreads to mean something


def spread_sentence(
    spread: float,
    wider_on: date | None,
    first: date | None,
    day: date,
    names: tuple[str, str],
) -> str:
    """The week's small-cap minus large-cap spread (percentage points), as every page says it:
    "the widest since <the last week it was as wide>" or "the widest in our data" — never "on
    record", which the data cannot know."""
    small, large = names
    if round(abs(spread), 1) == 0:
        return f"The {small} kept pace with the {large} this week."
    verb = "outperformed" if spread > 0 else "lagged"
    widest = _widest(wider_on, first, day)
    return f"The {small} {verb} the {large} by {formats.margin(spread)} this week{widest}."


def _widest(wider_on: date | None, first: date | None, day: date) -> str:
    if wider_on is not None:
        far = (day - wider_on).days >= 7 * MIN_WIDER_WEEKS
        return f", the widest margin since {formats.day(wider_on)}" if far else ""
    if first is not None and (day - first).days >= 7 * MIN_OUR_WEEKS:
        return f", the widest margin in our data (weekly spreads from {formats.day(first)})"
    return ""


def small_and_large(report: WeekFacts) -> tuple[Quote, Quote] | None:
    """Small caps (the index whose high the report follows) and the large caps after it on
    the scoreboard, when both have a weekly change."""
    small = next((q for q in report.scoreboard if q.symbol == report.record.symbol), None)
    large = next((q for q in report.scoreboard if q is not small), None)
    if small is None or large is None or small.week is None or large.week is None:
        return None
    return small, large


def week_spread_sentence(report: WeekFacts) -> str:
    """The spread sentence of a week, with the scoreboard's names ("" without a spread)."""
    pair = small_and_large(report)
    if report.spread is None or pair is None:
        return ""
    return spread_sentence(
        report.spread,
        report.spread_wider_on,
        report.spread_first,
        report.week.end,
        (pair[0].name, pair[1].name),
    )


def record_sentence(record: RecordInfo, name: str) -> str:
    """Where the index stands against its history, in the words ``facts/records.py`` allows:
    a record only where the record is known, else its highest close in our data."""
    close, high = record.close, record.week_high
    if record.new_this_week and not records.at_high(close):
        return (
            f"The {name} reached {formats.level(high.close)} on {formats.day(high.day)}, "
            f"{records.high_phrase(high)}, and ended the week "
            f"{formats.percent(records.below_high(close))} below it{_standing_record(close)}."
        )
    if records.at_high(close):
        said = f"The {name} closed at {formats.level(close.close)}, {records.high_phrase(close)}"
        return f"{said}{_standing_record(close)}."
    known = records.record(close)
    if known is not None:
        return f"The {name} ended {_below_record(close, known)}."
    return (
        f"The {name} ended {formats.percent(records.below_high(close))} below "
        f"{formats.level(close.high)} (on {formats.day(close.high_day)}), its highest close "
        f"{records.in_our_data(close.coverage)}."
    )


def _standing_record(close: Standing) -> str:
    """', 16.2% below its record close of 2,442.74 (on November 8, 2021)' when a record from
    before the data still stands above the data's high; else nothing."""
    known = records.record(close)
    if known is None or known[1] == close.high_day:
        return ""
    return f", {_below_record(close, known)}"


def _below_record(close: Standing, known: tuple[float, date]) -> str:
    below = formats.percent(1 - close.close / known[0])
    return (
        f"{below} below its record close of {formats.level(known[0])} (on {formats.day(known[1])})"
    )


def fed_sentence(report: WeekFacts) -> str:
    """The Fed's decision, on a week with one ("" otherwise: the range is in the rates
    section every week, not a takeaway every week)."""
    if report.fed_change is not None:
        old, new = report.fed_change
        verb = "cut" if new.upper < old.upper else "raised" if new.upper > old.upper else "set"
        return (
            f"The Fed {verb} its target range to {formats.rate_range(new.lower, new.upper)} "
            f"(from {formats.rate_range(old.lower, old.upper)})."
        )
    if report.fed_funds and any(e.kind == "fomc" for e in report.events):
        held = formats.rate_range(report.fed_funds.lower, report.fed_funds.upper)
        return f"The Fed held its target range at {held}."
    return ""


def ahead_note(report: WeekFacts) -> str:
    """What the week ahead holds when the events list nothing for it: the next event in the
    data, or where the events end."""
    if report.events_ahead:
        return ""
    if report.next_event is not None:
        event = report.next_event
        # an FOMC label tells the decision ("cuts 25 bp"): not known before the day
        label = "an FOMC rate decision" if event.kind == "fomc" else event.label
        return (
            "No scheduled events in the data for the week ahead; the next: "
            f"{label} on {formats.day(event.day)}."
        )
    if report.events_end is not None:
        return f"No events in the data after {formats.day(report.events_end)}."
    return "No events in the data: add them to content/data/events.csv."


def sectors_note(report: WeekFacts) -> str:
    """Why a week has no sector changes: the data stop, begin this week, or hold no sectors."""
    last = report.sectors_last
    if last is None:
        return "No sector ETFs in the universe: give sector ETFs kind etf and a sector."
    if last < report.week.start:
        return f"No sector changes this week: the sector data stop on {formats.day(last)}."
    return "No weekly sector changes yet: the sector data begin this week."


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


def targets_sentence(gaps: Sequence[TargetGap], names: Mapping[str, str]) -> str:
    """What the index needs for the lowest and the highest standing target ("" without)."""
    if not gaps:
        return ""
    low, high = gaps[0], gaps[-1]
    index = names.get(low.target.index, low.target.index)
    if low is high:
        return f"The {index} needs {needed_phrase(low)}."
    return (
        f"The {index} needs {needed_phrase(low)} (the lowest target) and "
        f"{needed_phrase(high)} (the highest)."
    )


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
    """An honest heading for a leaders or laggards table, named for what it holds: 'Leaders'
    only when all rose, 'Laggards' only when all fell, else the table's place in the week."""
    if leading:
        if all(m.change > 0 for m in moves):
            return "Leaders"
        return "Smallest losses" if all(m.change < 0 for m in moves) else f"Top {len(moves)}"
    if all(m.change < 0 for m in moves):
        return "Laggards"
    return "Smallest gains" if all(m.change > 0 for m in moves) else f"Bottom {len(moves)}"
