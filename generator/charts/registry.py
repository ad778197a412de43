"""The chart registry: every chart, defined once.

A definition names the chart, the page it is on, its title, the series it draws, its
template, the sentence that summarises it (its accessible name and alt text, from its data)
and the data files it reads. Adding a chart is one entry here and a ``{{ chart("name") }}``
slot in the page's template; everything else reads this module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from generator import formats
from generator.charts import templates as t
from generator.model import Series, WeekReport

SiteSeries = Mapping[str, Series]
Source = TypeVar("Source", WeekReport, SiteSeries)

WEEK = "weeks"  # the week pages (templates/week.md.j2); the long-run pages are named by folder


@dataclass(frozen=True, eq=False)  # each definition is one of a kind: hashed by identity
class ChartDef(Generic[Source]):
    """One chart. Week charts read a ``WeekReport``, long-run charts the site's series."""

    name: str
    page: str  # WEEK, or the folder of a long-run page (its template is PAGE.md.j2)
    title: str  # title and subtitle may use {small} and {large}, and the fields of its fill
    subtitle: str
    draws: Mapping[str, str]  # the template's datasets → series; TABLE is also its CSV
    template: t.Template
    summary: Callable[[Source, t.Labels], str]  # "" when the data have nothing to say
    sources: tuple[str, ...]  # data files, by stem (content/data/prices.csv → prices)


# ─── summaries: one sentence per chart, from its data (prose: one decimal) ────────────────


def rotation_summary(report: WeekReport, labels: t.Labels) -> str:
    small, large = labels.small, labels.large
    rows = [r for r in report.series["rotation"].rows if r[1] == large]
    if len(rows) < 2:
        return f"Relative strength of the {small} against the {large}."
    move = rows[-1][2] / rows[0][2] - 1
    span = "week" if len(rows) == 2 else f"{len(rows) - 1} weeks"
    if formats.is_zero(move):
        return f"Over the last {span} the {small} kept pace with the {large}."
    # The ratio of closes, said as a ratio: "lagged by 11.2%" would read as a difference
    # of returns, which it is not.
    verb = "outperformed" if move > 0 else "lagged"
    return (
        f"Over the last {span} the {small} {verb} the {large}: its relative "
        f"strength ended at {rows[-1][2]:.1f} (start = 100)."
    )


def performance_summary(report: WeekReport, labels: t.Labels) -> str:
    final = {name: value for _, name, value in report.series["performance"].rows}
    if not final:
        return "Performance of the indices."
    best = max(final, key=lambda n: final[n])
    worst = min(final, key=lambda n: final[n])
    return (
        f"Over the last half year the {best} did best ({formats.change(final[best] / 100 - 1, 1)})"
        f" and the {worst} worst ({formats.change(final[worst] / 100 - 1, 1)})."
    )


def spread_summary(report: WeekReport, labels: t.Labels) -> str:
    """How often the spread was above zero over the chart's weeks (this week's margin is said
    once, in the takeaways); a single week keeps the chart's title."""
    rows = report.series["spread"].rows
    if len(rows) < 2:
        return ""
    above = sum(1 for _, value in rows if round(value, 1) > 0)
    return f"The weekly spread was above zero in {above} of the last {len(rows)} weeks."


def sectors_summary(report: WeekReport, labels: t.Labels) -> str:
    if not report.sectors:
        return ""
    best, worst = report.sectors[0], report.sectors[-1]
    return (
        f"{best.sector} led the sectors this week ({formats.change(best.change, 1)}) and "
        f"{worst.sector} lagged ({formats.change(worst.change, 1)})."
    )


def targets_summary(report: WeekReport, labels: t.Labels) -> str:
    return report.targets_line


def target_path_summary(report: WeekReport, labels: t.Labels) -> str:
    if not report.targets:
        return ""
    low, high = report.targets[0], report.targets[-1]
    close, only = formats.level(low.close), formats.target(low.target.target)
    index = next((q.name for q in report.scoreboard if q.symbol == low.target.index), "index")
    if low.target.target == high.target.target:
        return f"The {index} closed the week at {close} against the {only} target."
    return (
        f"The {index} closed the week at {close} against targets from "
        f"{formats.target(low.target.target)} to {formats.target(high.target.target)}."
    )


def ten_year_summary(report: WeekReport, labels: t.Labels) -> str:
    rows = report.series["ten_year"].rows
    if len(rows) < 2:
        return ""
    low, high = min(r[1] for r in rows), max(r[1] for r in rows)
    return (
        f"The 10-year Treasury yield ended the week at {rows[-1][1]:.2f}%, in a range of "
        f"{low:.2f}% to {high:.2f}% over the chart's weeks."
    )


def rotation_history_summary(series: SiteSeries, labels: t.Labels) -> str:
    small, large = labels.small, labels.large
    strength = [r for r in series["rotation_history"].rows if r[1] == large]
    if not strength:
        return ""
    first, last = (formats.day(date.fromisoformat(strength[i][0])) for i in (0, -1))
    return (
        f"The {small}'s relative strength against the {large} went from 100 on {first} to "
        f"{strength[-1][2]:.1f} on {last}."
    )


def yearly_summary(series: SiteSeries, labels: t.Labels) -> str:
    yearly = {(year, name): change for year, name, change in series["yearly"].rows}
    if not yearly:
        return ""
    year = max(y for y, _ in yearly)
    small = formats.change(yearly[(year, labels.small)] / 100, 1)
    large = formats.change(yearly.get((year, labels.large), 0) / 100, 1)
    return f"In {year} so far the {labels.small} returned {small} and the {labels.large} {large}."


def sector_heat_summary(series: SiteSeries, labels: t.Labels) -> str:
    heat = series["sector_heat"].rows
    if not heat:
        return ""
    best = max((r for r in heat if r[0] == heat[-1][0]), key=lambda r: r[2])
    return (
        f"Each cell is one sector's change in one week; in the latest week {best[1]} led "
        f"({formats.change(best[2] / 100, 1)})."
    )


def target_history_summary(series: SiteSeries, labels: t.Labels) -> str:
    """The first target published, then and now: named because it has the longest record."""
    gaps = series["target_history"].rows
    if not gaps:
        return ""
    first, last = gaps[0], [r for r in gaps if r[1] == gaps[0][1]][-1]
    return (
        f"When the first of these targets, {first[1]}, was published the index "
        f"{_needed(first[2], 'needed')}; at the latest close it {_needed(last[2], 'needs')}."
    )


def _needed(gap: float, verb: str) -> str:
    """A gap in percent (target over close, minus 1) as what the index needs, by its sign."""
    if round(gap, 1) == 0:
        return f"{verb} nothing more to reach it"
    if gap > 0:
        return f"{verb} a gain of {gap:.1f}%"
    return f"{'was' if verb == 'needed' else 'is'} already above it"


# ─── the charts ────────────────────────────────────────────────────────────────────────────

WEEK_CHARTS: tuple[ChartDef[WeekReport], ...] = (
    ChartDef(
        name="rotation",
        page=WEEK,
        title="{small} relative strength, 52 weeks to {end}",
        subtitle=(
            "Ratio of closes, rebased to 100 at the window start; above 100 = small caps ahead"
        ),
        draws={t.TABLE: "rotation", t.EVENTS: "fomc"},
        template=t.Template(t.rotation),
        summary=rotation_summary,
        sources=("prices", "events"),
    ),
    ChartDef(
        name="performance",
        page=WEEK,
        title="Performance, 26 weeks to {end}",
        subtitle="Weekly closes rebased to 100",
        draws={t.TABLE: "performance"},
        template=t.Template(t.performance),
        summary=performance_summary,
        sources=("prices",),
    ),
    ChartDef(
        name="spread",
        page=WEEK,
        title="Weekly spread: {small} minus {large}, 26 weeks to {end}",
        subtitle="Percentage points; above zero = small caps beat large caps",
        draws={t.TABLE: "spread"},
        template=t.Template(t.spread),
        summary=spread_summary,
        sources=("prices",),
    ),
    ChartDef(
        name="sectors",
        page=WEEK,
        title="Sector winners and losers, week ending {end}",
        subtitle="SPDR sector ETFs, weekly price change",
        draws={t.TABLE: "sectors"},
        template=t.Template(t.sectors, t.sectors_fill),
        summary=sectors_summary,
        sources=("prices", "universe"),
    ),
    ChartDef(
        name="targets",
        page=WEEK,
        title="{index} against {year} year-end targets",
        subtitle="Dots: the targets; tick: the close of {close} on {end}",
        draws={t.TABLE: "targets"},
        template=t.Template(t.targets, t.targets_fill),
        summary=targets_summary,
        sources=("targets", "prices"),
    ),
    ChartDef(
        name="target_path",
        page=WEEK,
        title="{index} weekly closes and {year} year-end targets",
        subtitle="Weekly closes to {end}; dashed lines: the targets",
        draws={t.TABLE: "target_path", t.LEVELS: "targets"},
        template=t.Template(t.target_path),
        summary=target_path_summary,
        sources=("prices", "targets"),
    ),
    ChartDef(
        name="ten_year",
        page=WEEK,
        title="10-year Treasury yield, 52 weeks to {end}",
        subtitle="Percent, at each week's close",
        draws={t.TABLE: "ten_year"},
        template=t.Template(t.ten_year),
        summary=ten_year_summary,
        sources=("rates",),
    ),
)

LONG_RUN_CHARTS: tuple[ChartDef[SiteSeries], ...] = (
    ChartDef(
        name="rotation_history",
        page="rotation",
        title="{small} relative strength since {start}",
        subtitle="Ratio of weekly closes, rebased to 100 at the first week",
        draws={t.TABLE: "rotation_history"},
        template=t.Template(t.rotation_history, t.rotation_history_fill),
        summary=rotation_history_summary,
        sources=("prices",),
    ),
    ChartDef(
        name="yearly",
        page="rotation",
        title="Calendar-year returns, {years}",
        subtitle="Price change; the first and current year are partial",
        draws={t.TABLE: "yearly"},
        template=t.Template(t.yearly, t.yearly_fill),
        summary=yearly_summary,
        sources=("prices",),
    ),
    ChartDef(
        name="sector_heat",
        page="sectors",
        title="Sector returns week by week, two years to {end}",
        subtitle="Weekly price change of each SPDR sector ETF; blue up, red down",
        draws={t.TABLE: "sector_heat"},
        template=t.Template(t.sector_heat, t.sector_heat_fill),
        summary=sector_heat_summary,
        sources=("prices", "universe"),
    ),
    ChartDef(
        name="target_history",
        page="outlook",
        title="Gain still needed to reach each year-end target, to {end}",
        subtitle="At each week's close, since the target was published",
        draws={t.TABLE: "target_history"},
        template=t.Template(t.target_history),
        summary=target_history_summary,
        sources=("targets", "prices"),
    ),
)

ALL_CHARTS: tuple[ChartDef[Any], ...] = (*WEEK_CHARTS, *LONG_RUN_CHARTS)
CHARTS = {c.name: c for c in ALL_CHARTS}
LONG_RUN_PAGES = tuple(dict.fromkeys(c.page for c in LONG_RUN_CHARTS))
