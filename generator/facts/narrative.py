"""The week in words: a week's facts told — headline, takeaways, what changed since last week,
the lines and labels its page shows — once, from the facts of that week and the week before.

Sentences are built from the facts' numbers only, in the house format (one decimal in prose).
No data access, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import date

from generator import formats
from generator.facts import context, headline, provenance, records, sentences
from generator.facts.panel import Panel
from generator.model import Config, Quote, Standing, TargetGap, WeekFacts, WeekReport


def tell(
    facts: WeekFacts,
    previous: WeekFacts | None,
    config: Config,
    names: Mapping[str, str],
    history: Panel | None = None,
) -> WeekReport:
    """The week's report: its facts and every sentence and label its page shows. With
    ``history`` (the panel), the takeaways put each index's week in context ("its first weekly
    gain in 4 weeks", "its highest weekly close since …")."""
    return WeekReport(
        **{f.name: getattr(facts, f.name) for f in fields(WeekFacts)},
        headline=headline.headline(facts),
        tags=headline.tags(facts),
        takeaways=takeaways(facts, config, names, _contexts(history, facts, config)),
        changes=what_changed(facts, previous, names),
        spread_line=sentences.week_spread_sentence(facts),
        breadth_line=sentences.breadth_sentence(facts.breadth) if facts.breadth else "",
        leaders_label=sentences.moves_label(facts.leaders, leading=True),
        laggards_label=sentences.moves_label(facts.laggards, leading=False),
        sectors_note="" if facts.sectors else sentences.sectors_note(facts),
        marks={q.symbol: records.high_mark(q.standing) for q in facts.scoreboard},
        target_sources=provenance.target_sources(facts.targets),
        targets_line=sentences.targets_sentence(facts.targets, names),
        ahead_note=sentences.ahead_note(facts),
    )


def _contexts(
    history: Panel | None, report: WeekFacts, config: Config
) -> Mapping[str, tuple[str, ...]]:
    if history is None:
        return {}
    symbols = (config.small_caps, config.large_caps, config.nasdaq)
    return {s: context.index_context(history, s, report.week.end) for s in symbols}


def takeaways(
    report: WeekFacts,
    config: Config,
    names: Mapping[str, str],
    contexts: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[str, ...]:
    """Three to five bullets generated from the week's numbers (prose: one decimal)."""
    quotes = {q.symbol: q for q in report.scoreboard}
    lines = [_index_line(quotes, config, contexts or {})]
    if report.spread is not None:
        lines.append(sentences.week_spread_sentence(report))
    name = names.get(report.record.symbol, report.record.symbol)
    lines.append(sentences.record_sentence(report.record, name))
    if report.sectors:
        best, worst = report.sectors[0], report.sectors[-1]
        lines.append(
            f"Best sector: {best.sector} ({formats.change(best.change, 1)}); "
            f"worst: {worst.sector} ({formats.change(worst.change, 1)})."
        )
    lines.append(sentences.fed_sentence(report))
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


def what_changed(
    report: WeekFacts, previous: WeekFacts | None, names: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """Sector rank moves, new highs and target gaps moved, against the week before."""
    if previous is None:
        return ()
    lines = [_rank_moves(report, previous), highs_line(report.new_highs)]
    lines += _gap_moves(report, previous, names or {})
    return tuple(line for line in lines if line)


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _rank_moves(report: WeekFacts, previous: WeekFacts) -> str:
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


HIGHS_NAMED = 6  # names in the highs line before "and N more"


def highs_line(highs: tuple[tuple[str, Standing], ...]) -> str:
    """Who set a new high this week, each in the words its history allows: record closes
    first, then the highest closes in our data, grouped by the date the data begin."""
    if not highs:
        return "No index, fund or stock here set a new high this week."
    groups: dict[str, list[str]] = {}
    for name, high in highs:
        groups.setdefault(_high_group(high), []).append(name)
    order = sorted(groups, key=lambda g: (not g.startswith("record"), g))
    shown, parts = 0, []
    for group in order:
        names = groups[group][: max(HIGHS_NAMED - shown, 0)]
        shown += len(names)
        if names:
            parts.append(f"{group}: {_and(names)}")
    more = len(highs) - shown
    return "New highs this week — " + "; ".join(parts) + (f"; and {more} more." if more else ".")


def _high_group(high: Standing) -> str:
    if records.is_record(high):
        return "record closes"
    return f"highest closes in our data (from {formats.day(high.coverage.first)})"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _gap_moves(report: WeekFacts, previous: WeekFacts, names: Mapping[str, str]) -> list[str]:
    """Each standing target's gap against the same target the week before: the same firm,
    index, horizon and scenario (a firm's targets for two indices or two years are apart).
    With targets on more than one index, each sentence names its index."""
    before = {_target_key(g): g for g in previous.targets}
    several = len({g.target.index for g in report.targets}) > 1
    lines = []
    for gap in report.targets:
        old = before.get(_target_key(gap))
        label = sentences.target_label(gap.target)
        index = names.get(gap.target.index, gap.target.index) if several else ""
        if old is None:
            scenario = "" if sentences.is_scenario(gap.target) else f" ({gap.target.scenario})"
            on = f" for the {index}" if index else ""
            lines.append(f"New: {label}{on}{scenario}, {sentences.gap_phrase(gap)}.")
        elif abs(gap.gap - old.gap) >= 0.0005:
            lines.append(_gap_move(label, old.gap, gap.gap, index))
    return lines


def _target_key(gap: TargetGap) -> tuple[str, str, date | None, str]:
    target = gap.target
    return target.firm, target.index, target.horizon, target.scenario


def _gap_move(label: str, old: float, new: float, index: str = "") -> str:
    """How the distance from the close to a target changed, in words that fit its side;
    ``index``: the index's name, when the targets are on more than one."""
    subject = f"the {index}" if index else "the index"
    if (old > 0) != (new > 0):
        side = "below" if new > 0 else "above"
        return _capital(f"{subject} moved {side} {label}; it is now {formats.percent(new)} away.")
    verb = "narrowed" if abs(new) < abs(old) else "widened"
    needs = (
        f"the gain {subject} still needs to reach" if index else "the gain still needed to reach"
    )
    where = needs if new > 0 else f"{subject}'s lead over"
    return _capital(
        f"{where} {label} {verb} from {formats.percent(old)} to {formats.percent(new)}."
    )


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]
