"""The week in words: takeaways and what changed since last week.

Sentences are built from a ``WeekReport``'s numbers only, in the house format (one decimal
in prose). No data access, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from generator import formats
from generator.model import Config, Quote, RecordInfo, WeekReport


def narrate(
    reports: tuple[WeekReport, ...], config: Config, names: Mapping[str, str]
) -> tuple[WeekReport, ...]:
    """Each report with its takeaways and its changes since the week before."""
    told = []
    for index, report in enumerate(reports):
        previous = reports[index - 1] if index else None
        told.append(
            replace(
                report,
                takeaways=takeaways(report, config, names),
                changes=what_changed(report, previous),
            )
        )
    return tuple(told)


def takeaways(report: WeekReport, config: Config, names: Mapping[str, str]) -> tuple[str, ...]:
    """Three to five bullets generated from the week's numbers (prose: one decimal)."""
    quotes = {q.symbol: q for q in report.scoreboard}
    lines = [_index_line(quotes, config)]
    if report.spread is not None:
        lines.append(_spread_line(report, names, config))
    lines.append(_record_line(report.record, names))
    if report.sectors:
        best, worst = report.sectors[0], report.sectors[-1]
        lines.append(
            f"Best sector: {best.sector} ({formats.change(best.change, 1)}); "
            f"worst: {worst.sector} ({formats.change(worst.change, 1)})."
        )
    if report.fed_funds:
        lines.append(
            "Fed funds target range: "
            f"{formats.rate_range(report.fed_funds.lower, report.fed_funds.upper)}."
        )
    return tuple(line for line in lines if line)


def _index_line(quotes: Mapping[str, Quote], config: Config) -> str:
    parts = [
        f"the {q.name} {_move(q.week)} {formats.level(q.close)}"
        for s in (config.small_caps, config.large_caps, config.nasdaq)
        if (q := quotes.get(s)) is not None and q.week is not None
    ]
    return ("On the week, " + "; ".join(parts) + ".") if parts else ""


def _move(value: float | None) -> str:
    """'rose 1.2% to', 'fell 0.6% to' or 'was little changed at', in prose precision."""
    if value is None or round(value * 100, 1) == 0:
        return "was little changed at"
    return f"{'rose' if value > 0 else 'fell'} {formats.percent(value)} to"


def _spread_line(report: WeekReport, names: Mapping[str, str], config: Config) -> str:
    assert report.spread is not None
    small, large = names.get(config.small_caps, "Small caps"), names.get(config.large_caps, "")
    verb = "outperformed" if report.spread >= 0 else "lagged"
    span = (
        "the widest margin on record"
        if report.spread_widest_in is None
        else f"the widest margin in {report.spread_widest_in} weeks"
        if report.spread_widest_in > 4
        else ""
    )
    tail = f", {span}" if span else ""
    return f"The {small} {verb} the {large} by {abs(report.spread):.1f} percentage points{tail}."


def _record_line(record: RecordInfo, names: Mapping[str, str]) -> str:
    name = names.get(record.symbol, record.symbol)
    if record.new_this_week:
        return (
            f"The {name} set a record close of {formats.level(record.high)} "
            f"on {formats.day(record.high_date)}."
        )
    if record.below < 0.0005:  # at its high, but with no earlier history to beat
        return f"The {name} closed at {formats.level(record.high)}, its highest in the data so far."
    return (
        f"The {name} ended {formats.percent(record.below)} below its record "
        f"close of {formats.level(record.high)} from {formats.day(record.high_date)}."
    )


def what_changed(report: WeekReport, previous: WeekReport | None) -> tuple[str, ...]:
    """Sector rank moves, new records and target gaps moved, against the week before."""
    if previous is None:
        return ()
    lines = [_rank_moves(report, previous), _records_line(report)]
    lines += _gap_moves(report, previous)
    return tuple(line for line in lines if line)


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _rank_moves(report: WeekReport, previous: WeekReport) -> str:
    before = {m.symbol: rank for rank, m in enumerate(previous.sectors, 1)}
    moves = [
        (before[m.symbol] - rank, m.sector, before[m.symbol], rank)
        for rank, m in enumerate(report.sectors, 1)
        if m.symbol in before
    ]
    if not moves:
        return ""
    up, down = max(moves), min(moves)
    if up[0] <= 0:
        return "The sector ranking was unchanged."
    return (
        f"{up[1]} climbed from {_ordinal(up[2])} to {_ordinal(up[3])} among sectors; "
        f"{down[1]} fell from {_ordinal(down[2])} to {_ordinal(down[3])}."
    )


def _records_line(report: WeekReport) -> str:
    if not report.new_records:
        return "No index, fund or stock here set a record close this week."
    return "New record closes: " + ", ".join(report.new_records) + "."


def _gap_moves(report: WeekReport, previous: WeekReport) -> list[str]:
    before = {(g.target.firm, g.target.scenario): g for g in previous.targets}
    lines = []
    for gap in report.targets:
        old = before.get((gap.target.firm, gap.target.scenario))
        label = f"{gap.target.firm}'s {formats.level(gap.target.target)} target"
        if old is None:
            lines.append(
                f"New: {label} ({gap.target.scenario}), {formats.percent(gap.gap)} above the close."
            )
        elif abs(gap.gap - old.gap) >= 0.0005:
            verb = "narrowed" if gap.gap < old.gap else "widened"
            lines.append(
                f"The gap to {label} {verb} from {formats.percent(old.gap)} "
                f"to {formats.percent(gap.gap)}."
            )
    return lines
