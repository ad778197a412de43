"""A headline and tags for a week, from its numbers: what the archive and the feed show for a
week whose commentary gives no title.

The headline says the one thing that stood out, chosen in order: a new high for small caps, a
wide small/large spread, a broad move of both indices, a quiet week, else the leading sector.
Every verb follows the sign of the number beside it.
"""

from __future__ import annotations

from generator import formats
from generator.facts import records
from generator.facts.sentences import small_and_large
from generator.formats import is_zero
from generator.model import Quote, WeekFacts

WIDE_SPREAD = 1.5  # percentage points: a spread worth a headline
BIG_MOVE = 0.02  # both indices moved at least this much the same way
QUIET = 0.005  # both indices moved less than this


def _verb(value: float) -> str:
    return "rises" if value > 0 else "falls"


def _high(report: WeekFacts, small: Quote) -> str:
    """A new high, named as ``facts/records.py`` allows: a record, or our data's highest."""
    high = report.record.week_high
    words = "a record" if records.is_record(high) else "its highest close in our data"
    if records.at_high(report.record.close):
        return f"{small.name} closes at {words}"
    below = formats.percent(records.below_high(report.record.close))
    return f"{small.name} reaches {words}, then ends {below} below it"


def _spread(report: WeekFacts, small: Quote, large: Quote) -> str:
    assert report.spread is not None
    lead, trail = (small, large) if report.spread > 0 else (large, small)
    return f"{lead.name} beats the {trail.name} by {formats.margin(report.spread)}"


def _broad(small: Quote, large: Quote) -> str:
    assert small.week is not None and large.week is not None
    word = "Stocks rally" if small.week > 0 else "Stocks slide"
    return (
        f"{word}: the {small.name} {_verb(small.week)} {formats.percent(small.week)}, "
        f"the {large.name} {formats.percent(large.week)}"
    )


def _sector(report: WeekFacts, large: Quote) -> str:
    assert large.week is not None
    best = report.sectors[0]
    move = (
        "is little changed"
        if is_zero(large.week)
        else f"{_verb(large.week)} {formats.percent(large.week)}"
    )
    return f"{best.sector} leads the sectors as the {large.name} {move}"


def headline(report: WeekFacts) -> str:
    """One line saying what happened this week, in headline style (no final period)."""
    pair = small_and_large(report)
    if pair is None:
        return ""
    small, large = pair
    assert small.week is not None and large.week is not None
    if report.record.new_this_week:
        return _high(report, small)
    if report.spread is not None and round(abs(report.spread), 1) >= WIDE_SPREAD:
        return _spread(report, small, large)
    same_way = (small.week > 0) == (large.week > 0)
    if same_way and min(abs(small.week), abs(large.week)) >= BIG_MOVE:
        return _broad(small, large)
    if max(abs(small.week), abs(large.week)) < QUIET:
        return f"A quiet week: the {large.name} ends at {formats.level(large.close)}"
    if report.sectors:
        return _sector(report, large)
    return f"The {large.name} {_verb(large.week)} {formats.percent(large.week)}"


def tags(report: WeekFacts) -> tuple[str, ...]:
    """The week's tags: the author's, then what the numbers say (for the archive's filter)."""
    own = report.commentary.tags if report.commentary else ()
    found = []
    if report.spread is not None and round(report.spread, 1) != 0:
        found.append("small caps ahead" if report.spread > 0 else "large caps ahead")
    if report.record.new_this_week:
        found.append("new high")
    if any(e.kind == "fomc" for e in report.events):
        found.append("Fed decision")
    return tuple(dict.fromkeys((*own, *found)))
