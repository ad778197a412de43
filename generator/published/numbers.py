"""The numbers a week page shows, as a flat mapping of named values, rounded as the page shows
them; what changed between two such mappings, in words; a report put back to published values.

Names hold symbols, dates and firms, never wording, so a new template or a better sentence is
no revision: only a number the page shows is. No I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from generator import formats
from generator.model import (
    Breadth,
    Move,
    Quote,
    RateRange,
    RecordInfo,
    Security,
    Series,
    Standing,
    TargetGap,
    WeekFacts,
)

Value = float | int | str | list[Any] | None
PERIODS = {"week": "weekly", "4 weeks": "4-week", "year to date": "year-to-date"}
PERIODS["52 weeks"] = "52-week"
CHARTS_NOT_NUMBERS = ("fomc",)  # event labels, not numbers


@dataclass(frozen=True)
class Change:
    """One number that differs from the published one (``None``: not shown on that side)."""

    key: str
    old: Value
    new: Value


def level(value: float) -> float:
    return round(value, 2)


def fraction(value: float | None) -> float | None:
    """A change as a fraction, finer than the tables show (the prose of a published page
    reads them back), compared as the tables show them (``shown``)."""
    return None if value is None else round(value, 6)


def numbers(report: WeekFacts) -> dict[str, Value]:
    """Every number ``report``'s page shows, by name."""
    found: dict[str, Value] = {}
    for quote in report.scoreboard:
        found |= _quote(quote, report.week.end.isoformat())
    found |= _standing(report.record.close)
    if report.record.new_this_week:  # the week's high is named only when it is news
        found |= _standing(report.record.week_high)
    if report.spread is not None:
        found["spread week"] = round(report.spread, 2)
    for move in (*report.sectors, *report.leaders, *report.laggards):
        found[f"change {move.symbol} week"] = fraction(move.change)
    found["leaders"] = " ".join(m.symbol for m in report.leaders)
    found["laggards"] = " ".join(m.symbol for m in report.laggards)
    for gap in report.targets:
        found[f"target {_target(gap)}"] = gap.target.target
        found[f"close {gap.target.index} {report.week.end}"] = level(gap.close)
    if report.fed_funds:
        found["fed funds"] = [report.fed_funds.lower, report.fed_funds.upper]
    if report.breadth:
        b = report.breadth
        found["breadth"] = [b.stocks, fraction(b.up), fraction(b.above_50_day)]
    for name, series in sorted(report.series.items()):
        if name not in CHARTS_NOT_NUMBERS:
            found |= chart_values(name, series)
    return found


def _quote(quote: Quote, day: str) -> dict[str, Value]:
    changes = zip(PERIODS, (quote.week, quote.month, quote.ytd, quote.year), strict=True)
    found: dict[str, Value] = {f"close {quote.symbol} {day}": level(quote.close)}
    for period, value in changes:
        found[f"change {quote.symbol} {period}"] = fraction(value)
    return found


def _standing(standing: Standing) -> dict[str, Value]:
    """A close and the highest close before it (the record sentence names both)."""
    return {
        f"close {standing.symbol} {standing.day}": level(standing.close),
        f"close {standing.symbol} {standing.high_day}": level(standing.high),
    }


def _target(gap: TargetGap) -> str:
    return f"{gap.target.firm} ({gap.target.scenario})"


def chart_values(name: str, series: Series) -> dict[str, Value]:
    """A chart's data, one name per value of its first column (a week, a sector): the numbers
    of every row with that value, in order (so 53 weeks of three lines make 53 names)."""
    found: dict[str, list[Any]] = {}
    for row in series.rows:
        cells = [c for c in row[1:] if _is_number(c)]
        found.setdefault(f"chart {name} {row[0]}", []).extend(cells)
    return {key: cells[0] if len(cells) == 1 else cells for key, cells in found.items()}


def changes(published: Mapping[str, Value], now: Mapping[str, Value]) -> tuple[Change, ...]:
    """What differs, by name (a name on one side only is a change too). A kind of number on
    one side only (a chart added to the pages, or taken off them) is layout, not a revision."""
    kinds_of = {k: family(k) for k in published.keys() | now.keys()}
    kinds = {kinds_of[k] for k in published} & {kinds_of[k] for k in now}
    keys = sorted(k for k, kind in kinds_of.items() if kind in kinds)
    return tuple(
        Change(k, was, new)
        for k in keys
        if not _same(was := published.get(k), new := now.get(k))
        and not _same(shown(k, was), shown(k, new))
    )


def _same(a: Value, b: Value) -> bool:
    """Equal, a missing value (NaN: a line of a chart before its symbol's first close) equal
    to itself: NaN is never equal to NaN, and every such week read as revised when redone."""
    if a == b:
        return True
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(map(_same, a, b))
    return isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)


def shown(key: str, value: Value) -> Value:
    """A value as precise as the page shows it: changes to the hundredth of a percent."""
    if family(key) == "change" and isinstance(value, int | float):
        return round(value * 100, 2)
    if family(key) == "breadth" and isinstance(value, list):
        return [round(v, 2) if isinstance(v, float) else v for v in value]
    return value


def family(key: str) -> str:
    """The kind of a number: ``close``, ``change``…, a chart by its name (``chart spread``)."""
    words = key.split(" ")
    return " ".join(words[:2]) if words[0] == "chart" else words[0]


# ─── in words ────────────────────────────────────────────────────────────────────────────────


def describe(found: tuple[Change, ...], names: Mapping[str, str]) -> tuple[str, ...]:
    """Each change in a sentence's words; a chart's changed values in one line per chart."""
    lines = [_line(c, names) for c in found if not c.key.startswith("chart ")]
    charts: dict[str, list[str]] = {}
    for change in found:
        if change.key.startswith("chart "):
            chart, _, row = change.key.removeprefix("chart ").partition(" ")
            charts.setdefault(chart, []).append(row)
    for chart, rows in charts.items():
        span = f" ({rows[0]} to {rows[-1]})" if len(rows) > 1 else f" ({rows[0]})"
        lines.append(f"the data of the {chart} chart differ in {_count(len(rows), 'row')}{span}")
    return tuple(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _line(change: Change, names: Mapping[str, str]) -> str:
    kind, _, rest = change.key.partition(" ")
    subject, shown = _subject(kind, rest, names)
    old, new = (shown(v) if v is not None else None for v in (change.old, change.new))
    are, were = ("are", "they were") if kind in ("leaders", "laggards") else ("is", "it was")
    if old is None:
        return f"{subject} {are} {new}, not shown before"
    if new is None:
        return f"{subject} {are} no longer shown ({were} {old})"
    return f"{subject} {are} {new}, not {old}"


def _subject(kind: str, rest: str, names: Mapping[str, str]) -> tuple[str, Any]:
    symbol, _, detail = rest.partition(" ")
    name = names.get(symbol, symbol)
    if kind == "close":
        return f"the {name}'s close of {detail}", formats.level
    if kind == "change":
        return f"the {name}'s {PERIODS.get(detail, detail)} change", formats.change
    if kind in ("leaders", "laggards"):
        return f"the week's {kind}", lambda v: ", ".join(names.get(s, s) for s in str(v).split())
    if kind == "spread":
        return "the weekly spread of small caps over large caps", formats.points
    if kind == "target":
        return f"the target of {rest}", formats.target
    if kind == "fed":
        return "the fed funds target range", lambda v: formats.rate_range(*v)
    if kind == "breadth":
        return "the breadth", _breadth
    return rest, _plain


def _breadth(value: Any) -> str:
    """'31 stocks, 14 up, 32% above their 50-day average', as the page says it."""
    if not (isinstance(value, list) and len(value) == 3):
        return _plain(value)
    stocks, up, above = value
    return (
        f"{stocks} stocks, {round(up * stocks)} up, "
        f"{formats.percent(above, 0)} above their 50-day average"
    )


def _plain(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


# ─── the page as published ───────────────────────────────────────────────────────────────────


def as_published(
    report: WeekFacts,
    values: Mapping[str, Value],
    universe: Mapping[str, Security],
) -> WeekFacts:
    """``report`` with the published ``values`` in place of today's: its tables, the sentences
    made from them and its charts' data say what the page said when it went out."""
    day = report.week.end.isoformat()
    quotes = tuple(_old_quote(q, values, day) for q in report.scoreboard)
    sectors = tuple(
        sorted(
            (m for m in (_old_move(m, values) for m in report.sectors) if m is not None),
            key=lambda m: (-m.change, m.symbol),
        )
    )
    moves = {m.symbol: m for m in (*report.leaders, *report.laggards)}
    series, charts = report.series, _by_chart(values)
    return replace(
        report,
        scoreboard=tuple(q for q in quotes if q is not None),
        spread=_number(values.get("spread week")),
        record=_old_record(report.record, values),
        sectors=sectors,
        leaders=_old_moves(values.get("leaders"), moves, values, universe),
        laggards=_old_moves(values.get("laggards"), moves, values, universe),
        targets=tuple(g for g in (_old_gap(g, values, day) for g in report.targets) if g),
        fed_funds=_old_range(report.fed_funds, values.get("fed funds")),
        breadth=_old_breadth(values.get("breadth")),
        series={n: _old_series(n, s, values, charts.get(n, set())) for n, s in series.items()},
    )


def _number(value: Value) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _old_quote(quote: Quote, values: Mapping[str, Value], day: str) -> Quote | None:
    close = _number(values.get(f"close {quote.symbol} {day}"))
    if close is None:
        return None  # not on the published page
    week, month, ytd, year = (
        _number(values.get(f"change {quote.symbol} {period}")) for period in PERIODS
    )
    standing = quote.standing and _old_standing(quote.standing, values)
    return replace(
        quote, close=close, week=week, month=month, ytd=ytd, year=year, standing=standing
    )


def _old_standing(standing: Standing, values: Mapping[str, Value]) -> Standing:
    close = _number(values.get(f"close {standing.symbol} {standing.day}"))
    high = _number(values.get(f"close {standing.symbol} {standing.high_day}"))
    return replace(
        standing,
        close=standing.close if close is None else close,
        high=standing.high if high is None else high,
    )


def _old_record(record: RecordInfo, values: Mapping[str, Value]) -> RecordInfo:
    return replace(
        record,
        close=_old_standing(record.close, values),
        week_high=_old_standing(record.week_high, values),
    )


def _old_move(move: Move, values: Mapping[str, Value]) -> Move | None:
    change = _number(values.get(f"change {move.symbol} week"))
    return None if change is None else replace(move, change=change)


def _old_moves(
    symbols: Value,
    moves: Mapping[str, Move],
    values: Mapping[str, Value],
    universe: Mapping[str, Security],
) -> tuple[Move, ...]:
    found = []
    for symbol in str(symbols or "").split():
        change = _number(values.get(f"change {symbol} week"))
        known = moves.get(symbol) or _move_of(symbol, universe)
        if change is not None:
            found.append(replace(known, change=change))
    return tuple(found)


def _move_of(symbol: str, universe: Mapping[str, Security]) -> Move:
    security = universe.get(symbol)
    if security is None:
        return Move(symbol, symbol, "", "", 0.0)
    return Move(symbol, security.name, security.sector, security.size, 0.0)


def _old_gap(gap: TargetGap, values: Mapping[str, Value], day: str) -> TargetGap | None:
    target = _number(values.get(f"target {_target(gap)}"))
    close = _number(values.get(f"close {gap.target.index} {day}"))
    if target is None or close is None:
        return None
    return TargetGap(replace(gap.target, target=target), close, target / close - 1)


def _old_range(now: RateRange | None, value: Value) -> RateRange | None:
    if now is None or not isinstance(value, list) or len(value) != 2:
        return None
    return replace(now, lower=float(value[0]), upper=float(value[1]))


def _old_breadth(value: Value) -> Breadth | None:
    if not isinstance(value, list) or len(value) != 3:
        return None
    return Breadth(int(value[0]), float(value[1]), float(value[2]))


def _by_chart(values: Mapping[str, Value]) -> dict[str, set[str]]:
    """The names of the published chart values, by chart (``chart NAME ROW``)."""
    found: dict[str, set[str]] = {}
    for key in values:
        if key.startswith("chart "):
            found.setdefault(key.split(" ", 2)[1], set()).add(key)
    return found


def _old_series(
    name: str, series: Series, values: Mapping[str, Value], published: set[str]
) -> Series:
    """The chart's rows with the published numbers where its rows are the same rows (a
    chart whose rows changed keeps today's: the revision note says so); ``published``: the
    names of the chart's published values (``chart_values``)."""
    if name in CHARTS_NOT_NUMBERS:
        return series
    counts: dict[str, int] = {}
    for row in series.rows:
        key = f"chart {name} {row[0]}"
        counts[key] = counts.get(key, 0) + sum(map(_is_number, row[1:]))
    if counts.keys() != published:
        return series
    cells = {k: v if isinstance(v := values[k], list) else [v] for k in counts}
    if any(len(cells[k]) != count for k, count in counts.items()):
        return series
    queues = {k: iter(v) for k, v in cells.items()}
    rows = []
    for row in series.rows:
        queue = queues[f"chart {name} {row[0]}"]
        rows.append((row[0], *(next(queue) if _is_number(c) else c for c in row[1:])))
    return replace(series, rows=tuple(rows))


def _is_number(cell: Any) -> bool:
    kind = type(cell)  # the usual cells first: a million of them in a check of 529 weeks
    if kind is float or kind is int:
        return True
    return kind is not str and isinstance(cell, int | float) and not isinstance(cell, bool)
