"""A headline and tags for a week, from its numbers: what the archive and the feed show for a
week whose commentary gives no title.

The headline says the one thing that stood out, in the order a recap editor would pick it: a
new high for small caps, a Fed decision, an unusually big move, a run of weeks broken, a run
of weeks extended, a wide small/large spread, a sector that led or dragged, a broad move, a
quiet week. Every verb follows the sign of the number beside it, and every "since" names the
last week that was as big (``facts/records.py``'s rule for "since").
"""

from __future__ import annotations

from collections.abc import Callable

from generator import formats
from generator.facts import records
from generator.facts.sentences import small_and_large
from generator.formats import is_zero
from generator.model import Quote, WeekFacts

BIG_MOVE = 0.025  # a weekly move this big (either way) is the story
BIG_SINCE_WEEKS = 13  # … when nothing as big happened in the quarter before
RUN = 4  # a run of this many weeks the same way is news when it is broken or extended
WIDE_SPREAD = 2.5  # percentage points: a spread worth a headline
SECTOR_GAP = 0.03  # the best sector beat the index by this much (or the worst trailed it)
BROAD = 0.015  # both indices moved at least this much the same way
QUIET = 0.005  # both indices moved less than this
ORDINALS = {2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh"}

Rule = Callable[[WeekFacts, Quote, Quote], str]


def headline(report: WeekFacts) -> str:
    """One line saying what happened this week, in headline style (no final period)."""
    pair = small_and_large(report)
    if pair is None:
        return _first_week(report)
    small, large = pair
    for rule in RULES:
        if said := rule(report, small, large):
            return said
    return f"The {large.name} {_verb(large.week)} {formats.percent(large.week)}"


def _verb(value: float | None, strong: bool = False) -> str:
    if strong:
        return "jumps" if (value or 0) > 0 else "slides"
    return "rises" if (value or 0) > 0 else "falls"


def _first_week(report: WeekFacts) -> str:
    """A week without a week before it in the data: where the indices stand."""
    levels = [f"the {q.name} at {formats.level(q.close)}" for q in report.scoreboard[:2]]
    return "The first week in our data: " + " and ".join(levels) if levels else ""


def _high(report: WeekFacts, small: Quote, large: Quote) -> str:
    """A new high, named as ``facts/records.py`` allows: a record, or our data's highest."""
    if not report.record.new_this_week:
        return ""
    high = report.record.week_high
    words = "a record" if records.is_record(high) else "its highest in our data"
    if records.at_high(report.record.close):
        return f"{small.name} closes at {words}"
    below = formats.percent(records.below_high(report.record.close))
    return f"{small.name} reaches {words}, then ends {below} below it"


def _fed(report: WeekFacts, small: Quote, large: Quote) -> str:
    if report.fed_change is None:
        return ""
    old, new = report.fed_change
    verb = "cuts" if new.upper < old.upper else "raises" if new.upper > old.upper else "resets"
    return (
        f"Fed {verb} rates to {formats.rate_range(new.lower, new.upper)}; the {small.name} "
        f"{_verb(small.week)} {formats.percent(small.week)}"
    )


def _big_move(report: WeekFacts, small: Quote, large: Quote) -> str:
    """The biggest weekly move of the indices, when it is big and the biggest in a while."""
    moves = [q for q in report.scoreboard[:3] if q.week is not None]
    if not moves:
        return ""
    biggest = max(moves, key=lambda q: abs(q.week or 0))
    assert biggest.week is not None
    since, count = report.move_since.get(biggest.symbol, (None, 0))
    if abs(biggest.week) < BIG_MOVE or count < BIG_SINCE_WEEKS:
        return ""
    kind = "gain" if biggest.week > 0 else "drop"
    if since is None:
        context = f"its biggest weekly {kind} in our data"
    elif (report.week.end - since).days >= 7 * BIG_SINCE_WEEKS:
        context = f"its biggest weekly {kind} since {formats.day(since)}"
    else:
        return ""
    return f"{biggest.name} {_verb(biggest.week, True)} {formats.percent(biggest.week)}, {context}"


def _broken_run(report: WeekFacts, small: Quote, large: Quote) -> str:
    for quote in (small, large):
        now, ended = report.runs.get(quote.symbol, (0, 0))
        if abs(now) == 1 and abs(ended) >= RUN:
            streak = "winning" if ended > 0 else "losing"
            return f"{quote.name} snaps a {abs(ended)}-week {streak} streak"
    return ""


def _run(report: WeekFacts, small: Quote, large: Quote) -> str:
    for quote in (small, large):
        now, _ = report.runs.get(quote.symbol, (0, 0))
        if abs(now) >= RUN:
            nth = ORDINALS.get(abs(now), f"{abs(now)}th")
            return f"{quote.name} {_verb(now)} for a {nth} straight week"
    return ""


def _spread(report: WeekFacts, small: Quote, large: Quote) -> str:
    if report.spread is None or round(abs(report.spread), 1) < WIDE_SPREAD:
        return ""
    if report.spread > 0:
        return f"Small caps lead: the {small.name} beats the {large.name} by {_points(report)}"
    return f"Large caps lead: the {small.name} trails the {large.name} by {_points(report)}"


def _points(report: WeekFacts) -> str:
    assert report.spread is not None
    return formats.margin(report.spread)


def _sector(report: WeekFacts, small: Quote, large: Quote) -> str:
    if not report.sectors or large.week is None:
        return ""
    best, worst = report.sectors[0], report.sectors[-1]
    index = f"the {large.name} {_verb(large.week)} {formats.percent(large.week)}"
    if best.change - large.week >= SECTOR_GAP and best.change >= -(worst.change - large.week):
        if large.week < 0 < best.change:
            return f"{best.sector} gains {formats.percent(best.change)} while {index}"
        return f"{best.sector} leads the sectors, {_signed(best.change)}, as {index}"
    if large.week - worst.change >= SECTOR_GAP:
        if worst.change < 0 < large.week:
            return f"{worst.sector} drops {formats.percent(worst.change)} while {index}"
        return f"{worst.sector} trails the sectors, {_signed(worst.change)}, as {index}"
    return ""


def _signed(value: float) -> str:
    return formats.change(value, 1)


def _broad(report: WeekFacts, small: Quote, large: Quote) -> str:
    assert small.week is not None and large.week is not None
    if (small.week > 0) != (large.week > 0) or min(abs(small.week), abs(large.week)) < BROAD:
        return ""
    word = "Stocks rally" if small.week > 0 else "Stocks slide"
    return (
        f"{word}: the {small.name} {_verb(small.week)} {formats.percent(small.week)}, "
        f"the {large.name} {formats.percent(large.week)}"
    )


def _quiet(report: WeekFacts, small: Quote, large: Quote) -> str:
    assert small.week is not None and large.week is not None
    if max(abs(small.week), abs(large.week)) >= QUIET:
        return ""
    return f"A quiet week: the {large.name} ends at {formats.level(large.close)}"


def _split(report: WeekFacts, small: Quote, large: Quote) -> str:
    """The two indices went different ways."""
    assert small.week is not None and large.week is not None
    if (small.week > 0) == (large.week > 0) or is_zero(small.week) or is_zero(large.week):
        return ""
    return (
        f"The {small.name} {_verb(small.week)} {formats.percent(small.week)} while the "
        f"{large.name} {_verb(large.week)} {formats.percent(large.week)}"
    )


RULES: tuple[Rule, ...] = (
    _high,
    _fed,
    _big_move,
    _broken_run,
    _run,
    _spread,
    _sector,
    _broad,
    _quiet,
    _split,
)


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
