"""The week in words: takeaways and what changed since last week.

Sentences are built from a ``WeekReport``'s numbers only, in the house format (one decimal
in prose). No data access, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from generator import formats
from generator.facts import context, sentences
from generator.facts.panel import Panel, day_of
from generator.model import Config, Quote, WeekReport


def narrate(
    reports: tuple[WeekReport, ...],
    config: Config,
    names: Mapping[str, str],
    history: Panel | None = None,
    prior_highs: Mapping[str, tuple[float, date]] | None = None,
) -> tuple[WeekReport, ...]:
    """Each report with its takeaways and its changes since the week before.

    With ``history`` (the panel), the takeaways put each index's week in context ("its first
    weekly gain in 4 weeks") and highs are "the highest close since" the data's first date;
    without it, since the first week's first session here, which is never earlier.
    ``prior_highs``: records from before the data (sources.csv), by symbol; a high above one
    is a record close.
    """
    since = data_start(history) or (reports[0].week.start if reports else None)
    told = []
    for index, report in enumerate(reports):
        previous = reports[index - 1] if index else None
        told.append(
            replace(
                report,
                takeaways=takeaways(
                    report,
                    config,
                    names,
                    since,
                    _contexts(history, report, config),
                    (prior_highs or {}).get(report.record.symbol),
                ),
                changes=what_changed(report, previous, since),
            )
        )
    return tuple(told)


def data_start(history: Panel | None) -> date | None:
    """The first date of the data, from the panel."""
    return day_of(history.daily.index[0]) if history is not None and len(history.daily) else None


def _contexts(
    history: Panel | None, report: WeekReport, config: Config
) -> Mapping[str, tuple[str, ...]]:
    if history is None:
        return {}
    symbols = (config.small_caps, config.large_caps, config.nasdaq)
    return {s: context.index_context(history, s, report.week.end) for s in symbols}


def takeaways(
    report: WeekReport,
    config: Config,
    names: Mapping[str, str],
    data_start: date | None = None,
    contexts: Mapping[str, tuple[str, ...]] | None = None,
    prior_high: tuple[float, date] | None = None,
) -> tuple[str, ...]:
    """Three to five bullets generated from the week's numbers (prose: one decimal)."""
    quotes = {q.symbol: q for q in report.scoreboard}
    lines = [_index_line(quotes, config, contexts or {})]
    if report.spread is not None:
        lines.append(_spread_line(report, names, config))
    name = names.get(report.record.symbol, report.record.symbol)
    start = data_start or report.week.start
    lines.append(sentences.record_sentence(report.record, name, start, prior_high))
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


def _index_line(
    quotes: Mapping[str, Quote], config: Config, contexts: Mapping[str, tuple[str, ...]]
) -> str:
    parts = [
        f"the {q.name} {sentences.move_phrase(q.week)} {formats.level(q.close)}"
        + (f" ({' and '.join(contexts[s])})" if contexts.get(s) else "")
        for s in (config.small_caps, config.large_caps, config.nasdaq)
        if (q := quotes.get(s)) is not None and q.week is not None
    ]
    return ("On the week, " + "; ".join(parts) + ".") if parts else ""


def _spread_line(report: WeekReport, names: Mapping[str, str], config: Config) -> str:
    assert report.spread is not None
    small = names.get(config.small_caps, "Small caps")
    large = names.get(config.large_caps, config.large_caps)
    return sentences.spread_sentence(report.spread, report.spread_widest_in, small, large)


def what_changed(
    report: WeekReport, previous: WeekReport | None, data_start: date | None = None
) -> tuple[str, ...]:
    """Sector rank moves, new highs and target gaps moved, against the week before."""
    if previous is None:
        return ()
    lines = [_rank_moves(report, previous), _highs_line(report, data_start or report.week.start)]
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
    climb = f"{up[1]} climbed from {_ordinal(up[2])} to {_ordinal(up[3])} among sectors"
    if down[0] >= 0:
        return f"{climb}."
    return f"{climb}; {down[1]} fell from {_ordinal(down[2])} to {_ordinal(down[3])}."


def _highs_line(report: WeekReport, data_start: date) -> str:
    """Who closed above every earlier close in the data: a high since the data begin."""
    since = formats.day(data_start)
    if not report.new_records:
        return f"No index, fund or stock here reached its highest close since {since}."
    names = ", ".join(report.new_records)
    return f"At their highest close since {since}: {names.removesuffix('.')}."


def _gap_moves(report: WeekReport, previous: WeekReport) -> list[str]:
    before = {(g.target.firm, g.target.scenario): g for g in previous.targets}
    lines = []
    for gap in report.targets:
        old = before.get((gap.target.firm, gap.target.scenario))
        label = (
            f"{sentences.possessive(gap.target.firm)} {formats.target(gap.target.target)} target"
        )
        if old is None:
            lines.append(f"New: {label} ({gap.target.scenario}), {sentences.gap_phrase(gap)}.")
        elif abs(gap.gap - old.gap) >= 0.0005:
            lines.append(_gap_move(label, old.gap, gap.gap))
    return lines


def _gap_move(label: str, old: float, new: float) -> str:
    """How the distance from the close to a target changed, in words that fit its side."""
    if (old > 0) != (new > 0):
        side = "below" if new > 0 else "above"
        return f"The index moved {side} {label}; it is now {formats.percent(new)} away."
    verb = "narrowed" if abs(new) < abs(old) else "widened"
    where = "the gain still needed to reach" if new > 0 else "the index's lead over"
    return (
        f"{where[0].upper()}{where[1:]} {label} {verb} from {formats.percent(old)} "
        f"to {formats.percent(new)}."
    )
