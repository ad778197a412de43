"""Chart templates: each chart kind drawn once with Altair, its data left as named datasets.

A template is built from the labels alone (names and colours, fixed within a build); what
depends on a week's rows is computed by Vega-Lite (transforms, encoding sorts) or by the
template's small ``fill`` (derived label columns in the house number format, a height that
grows with the rows, a number in the subtitle). ``specs.py`` puts the two together.
Colours of text and axes come from the page's light/dark palette at embed time (see
``pages/assets/marketweek.js``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import altair as alt

from generator import formats

# Altair's chart classes are loosely typed (layering returns a union); builders return this.
AnyChart = Any
Rows = list[dict[str, Any]]
Datasets = dict[str, Rows]

HEIGHT = 260
UP, DOWN = "#1a7f37", "#cf222e"
SYMBOL_COLOURS = ("#e8710a", "#2f6fce", "#8a4fc7", "#13877a", "#b0851a")
DAY = "%b %d, %Y"

# Dataset names: every template draws TABLE (its rows are the chart's CSV); some draw more.
TABLE, EVENTS, LEVELS = "table", "events", "levels"


@dataclass(frozen=True)
class Labels:
    """The rotation series' display names, small caps first; their order fixes their colours."""

    names: tuple[str, ...]

    @property
    def small(self) -> str:
        return self.names[0]

    @property
    def large(self) -> str:
        return self.names[1]


@dataclass(frozen=True)
class Fill:
    """What a week's rows change beyond the datasets: a height, fields of the title."""

    height: int | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Template:
    """A chart kind: its Altair chart, built from labels, and the fill its rows need."""

    build: Callable[[Labels], AnyChart]
    fill: Callable[[Datasets], Fill] = lambda _: Fill()


def data(name: str = TABLE) -> alt.NamedData:
    return alt.NamedData(name)


def colour_scale(names: tuple[str, ...], shown: tuple[str, ...] | None = None) -> alt.Scale:
    """The same colour for the same symbol on every chart (``names`` fixes the order)."""
    shown = shown or names
    return alt.Scale(domain=list(shown), range=[SYMBOL_COLOURS[names.index(n)] for n in shown])


def month_axis() -> alt.X:
    return alt.X(
        "week:T",
        title=None,
        axis=alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 2}),
    )


def signed(value: str) -> alt.Chart:
    """Rows with a ``sign`` field, up or down as ``value`` is, for ``sign_colour``."""
    return alt.Chart(data()).transform_calculate(sign=f"datum.{value} >= 0 ? 'up' : 'down'")


def sign_colour() -> alt.Color:
    """Green up, red down; the labels and tooltips say it too."""
    return alt.Color(
        "sign:N", scale=alt.Scale(domain=["up", "down"], range=[UP, DOWN]), legend=None
    )


def view(name: str = TABLE) -> alt.Chart:
    return alt.Chart(data(name)).properties(width="container", height=HEIGHT)


def legend_colour(field_: str, title: str | None, scale: alt.Scale, **legend: Any) -> alt.Color:
    return alt.Color(
        f"{field_}:N", title=title, scale=scale, legend=alt.Legend(orient="bottom", **legend)
    )


def series_tooltip(series: str, value: str, fmt: str) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("week:T", format=DAY),
        alt.Tooltip(f"{series}:N"),
        alt.Tooltip(f"{value}:Q", format=fmt),
    ]


# ─── week charts ───────────────────────────────────────────────────────────────────────────


def rotation(labels: Labels) -> AnyChart:
    """Relative strength lines, the 100 line, a dot on the last week, FOMC decisions."""
    colour = legend_colour(
        "against", f"{labels.small} against", colour_scale(labels.names, labels.names[1:])
    )
    tips = series_tooltip("against", "strength", ",.2f")
    y = alt.Y("strength:Q", title="Relative strength (start = 100)", scale=alt.Scale(zero=False))
    return alt.layer(
        view().mark_line(strokeWidth=2).encode(x=month_axis(), y=y, color=colour, tooltip=tips),
        alt.Chart(alt.InlineData(values=[{"y": 100}]))
        .mark_rule(strokeDash=[4, 4], opacity=0.6)
        .encode(y="y:Q"),
        alt.Chart(data())
        .transform_joinaggregate(last="max(week)")
        .transform_filter("datum.week === datum.last")
        .mark_point(filled=True, size=70)
        .encode(x=month_axis(), y="strength:Q", color=colour, tooltip=tips),
        alt.Chart(data(EVENTS))
        .mark_rule(strokeDash=[2, 3], opacity=0.5)
        .encode(
            x="day:T",
            tooltip=[
                alt.Tooltip("day:T", title="FOMC", format=DAY),
                alt.Tooltip("label:N", title="Decision"),
            ],
        ),
    )


def performance(labels: Labels) -> AnyChart:
    return (
        view()
        .mark_line(strokeWidth=2)
        .encode(
            x=month_axis(),
            y=alt.Y("value:Q", title="Rebased (start = 100)", scale=alt.Scale(zero=False)),
            color=legend_colour("index", None, colour_scale(labels.names)),
            tooltip=series_tooltip("index", "value", ",.2f"),
        )
    )


def spread(labels: Labels) -> AnyChart:
    return (
        signed("spread")
        .properties(width="container", height=HEIGHT)
        .mark_bar()
        .encode(
            x=month_axis(),
            y=alt.Y("spread:Q", title="Spread (pp)", axis=alt.Axis(format="+.1f")),
            color=sign_colour(),
            tooltip=[
                alt.Tooltip("week:T", title="Week ending", format=DAY),
                alt.Tooltip("spread:Q", title="Spread (pp)", format="+.2f"),
            ],
        )
    )


def sectors(labels: Labels) -> AnyChart:
    """Bars best first; each label carries its sign and arrow, so colour is never the only cue."""
    return (
        signed("change")
        .properties(width="container")
        .mark_bar()
        .encode(
            x=alt.X("change:Q", title="Weekly change (%)", axis=alt.Axis(format="+.1f")),
            y=alt.Y(
                "label:N",
                title=None,
                sort=alt.EncodingSortField("change", order="descending"),
                axis=alt.Axis(labelLimit=260),
            ),
            color=sign_colour(),
            tooltip=[
                alt.Tooltip("sector:N", title="Sector"),
                alt.Tooltip("symbol:N", title="ETF"),
                alt.Tooltip("change:Q", title="Change (%)", format="+.2f"),
            ],
        )
    )


def sectors_fill(datasets: Datasets) -> Fill:
    rows = datasets[TABLE]
    for row in rows:
        change = row["change"] / 100
        row["label"] = f"{row['sector']}  {formats.arrow(change)} {formats.change(change)}"
    return Fill(height=24 * max(len(rows), 1))


def targets(labels: Labels) -> AnyChart:
    """A rule from the close to each target, the target's dot and what is left to go."""
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("target", order="ascending"))
    tips = [
        alt.Tooltip("label:N", title="Target"),
        alt.Tooltip("target:Q", format=",.0f"),
        alt.Tooltip("gap:Q", title="Gain still needed (%)", format="+.1f"),
    ]
    rows = alt.Chart(data())
    return alt.layer(
        rows.mark_rule(strokeWidth=2, opacity=0.4).encode(
            x=alt.X("close:Q", title="Index level", scale=alt.Scale(zero=False)), x2="target:Q", y=y
        ),
        rows.mark_point(filled=True, size=90, color=SYMBOL_COLOURS[1]).encode(
            x="target:Q", y=y, tooltip=tips
        ),
        rows.mark_text(align="left", dx=8, fontSize=11).encode(x="target:Q", y=y, text="to_go:N"),
        rows.transform_window(
            window=[alt.WindowFieldDef.from_dict({"op": "row_number", "as": "row"})]
        )
        .transform_filter("datum.row === 1")  # the close, once: the first row's
        .mark_rule(strokeDash=[4, 4])
        .encode(x="close:Q"),
    ).properties(width="container")


def targets_fill(datasets: Datasets) -> Fill:
    rows = datasets[TABLE]
    for row in rows:
        row["to_go"] = f"{formats.change(row['gap'] / 100, 1)} to go"
    close = float(rows[0]["close"]) if rows else 0.0
    return Fill(height=40 * max(len(rows), 1) + 40, fields={"close": formats.level(close)})


def target_path(labels: Labels) -> AnyChart:
    """The index's weekly closes and a dashed, labelled line at each target."""
    levels = alt.Chart(data(LEVELS))
    tips = [alt.Tooltip("label:N", title="Target"), alt.Tooltip("target:Q", format=",.0f")]
    return alt.layer(
        view()
        .mark_line(strokeWidth=2, color=SYMBOL_COLOURS[1])
        .encode(
            x=month_axis(),
            y=alt.Y("close:Q", title="Index level", scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("week:T", format=DAY), alt.Tooltip("close:Q", format=",.2f")],
        ),
        levels.mark_rule(strokeDash=[6, 4], opacity=0.7).encode(y="target:Q", tooltip=tips),
        levels.mark_text(align="left", baseline="bottom", dy=-2, x=4, fontSize=10).encode(
            y="target:Q", text="label:N"
        ),
    )


# ─── long-run charts ───────────────────────────────────────────────────────────────────────


def rotation_history(labels: Labels) -> AnyChart:
    return (
        view()
        .mark_line(strokeWidth=1.5)
        .encode(
            x=alt.X("week:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y(
                "strength:Q", title="Relative strength (start = 100)", scale=alt.Scale(zero=False)
            ),
            color=legend_colour(
                "against", f"{labels.small} against", colour_scale(labels.names, labels.names[1:])
            ),
            tooltip=[
                alt.Tooltip("week:T", title="Week ending", format=DAY),
                alt.Tooltip("against:N"),
                alt.Tooltip("strength:Q", format=",.1f"),
            ],
        )
    )


def rotation_history_fill(datasets: Datasets) -> Fill:
    return Fill(fields={"start": min(row["week"] for row in datasets[TABLE])[:4]})


def yearly(labels: Labels) -> AnyChart:
    return (
        view()
        .mark_bar()
        .encode(
            x=alt.X("year:N", title=None),
            xOffset=alt.XOffset("index:N", sort=list(labels.names)),
            y=alt.Y("change:Q", title="Change (%)", axis=alt.Axis(format="+.0f")),
            color=legend_colour("index", None, colour_scale(labels.names)),
            tooltip=[
                alt.Tooltip("year:N"),
                alt.Tooltip("index:N"),
                alt.Tooltip("change:Q", title="Change (%)", format="+.2f"),
            ],
        )
    )


def yearly_fill(datasets: Datasets) -> Fill:
    for row in datasets[TABLE]:
        row["year"] = str(row["year"])  # a label on the axis, not a number to scale
    return Fill()


def sector_heat(labels: Labels) -> AnyChart:
    return (
        view()
        .mark_rect()
        .encode(
            x=alt.X("week:O", title=None, axis=alt.Axis(labels=False, ticks=False)),
            y=alt.Y("sector:N", title=None, axis=alt.Axis(labelLimit=200)),
            color=alt.Color(
                "change:Q",
                title="Week (%)",
                scale=alt.Scale(scheme="redyellowgreen", domainMid=0, domain=[-5, 5], clamp=True),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("week:N", title="Week ending"),
                alt.Tooltip("sector:N"),
                alt.Tooltip("change:Q", title="Change (%)", format="+.2f"),
            ],
        )
    )


def sector_heat_fill(datasets: Datasets) -> Fill:
    return Fill(height=24 * len({row["sector"] for row in datasets[TABLE]}))


def target_history(labels: Labels) -> AnyChart:
    return (
        view()
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("week:T", title=None, axis=alt.Axis(format="%b %d")),
            y=alt.Y("gap:Q", title="Gain still needed (%)", axis=alt.Axis(format="+.0f")),
            color=alt.Color("target:N", title=None, legend=alt.Legend(orient="bottom", columns=1)),
            tooltip=[
                alt.Tooltip("week:T", title="Week ending", format=DAY),
                alt.Tooltip("target:N"),
                alt.Tooltip("gap:Q", format="+.1f"),
            ],
        )
    )
