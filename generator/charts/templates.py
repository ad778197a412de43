"""Chart templates: each chart kind drawn once with Altair, its data left as named datasets.

A template is built from the labels alone (names and colours, fixed within a build); what
depends on a week's rows is computed by Vega-Lite (transforms, encoding sorts) or by the
template's small ``fill`` (derived label columns in the house number format, a height that
grows with the rows, a number in the subtitle). ``specs.py`` puts the two together.
Colours of text and axes come from the light and dark palettes the specs are compiled with
(``charts/compiled.py``); the chart loader picks the page's (``pages/assets/marketweek.js``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, Final, Literal

from generator import formats

if TYPE_CHECKING:
    import altair as alt
else:

    class _Altair(ModuleType):
        """Altair, imported when a template is first drawn: a build whose templates are
        cached (``specs.template``) never pays its half-second import."""

        def __getattr__(self, name: str) -> Any:
            import altair

            return getattr(altair, name)

    alt = _Altair("altair")

# Altair's chart classes are loosely typed (layering returns a union); builders return this.
AnyChart = Any
Rows = list[dict[str, Any]]
Datasets = dict[str, Rows]

HEIGHT = 260
# Colour means one thing across the site: green a gain, red a loss (the same as the tables'
# arrows, pages/assets/marketweek.css); each index its own colour; strategists' targets in
# hues that are neither, so no scenario ever reads as a gain or a loss.
UP, DOWN = "#1a7f37", "#cf222e"
NEUTRAL = "#57606a"  # a level that is neither: the close the targets are measured from
SYMBOL_COLOURS = ("#e8710a", "#2f6fce", "#8a4fc7", "#13877a", "#b0851a")
TARGET_COLOURS = ("#2f6fce", "#8a4fc7", "#b0851a", "#5b6b7f", "#0b7285", "#1d3f8f")
# The same colours on a dark page: lighter, to keep their contrast (applied at embed time).
DARK_COLOURS = {
    UP: "#56d364",
    DOWN: "#ff7b72",
    NEUTRAL: "#c9ced8",
    "#e8710a": "#ffa657",
    "#2f6fce": "#79b8ff",
    "#8a4fc7": "#d2a8ff",
    "#13877a": "#56d4c4",
    "#b0851a": "#e3b341",
    "#5b6b7f": "#b1bac4",
    "#1d3f8f": "#a5c8ff",
    "#0b7285": "#66d9e8",
}
# Gains and losses on the heat map: red to blue, diverging at zero, safe for colour-blind
# readers (red–green is not); each cell's tooltip gives the signed number.
HEAT_SCHEME: Final = "redblue"
DAY = "%b %d, %Y"
ROW = 36  # px per row on the labelled-bar charts: a line of text above a bar

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


def month_axis(field_: str = "week:T") -> alt.X:
    """Dates as months with their year, every other month (fewer when the labels would
    touch), never rotated."""
    return alt.X(
        field_,
        title=None,
        axis=alt.Axis(
            format="%b %Y",
            tickCount={"interval": "month", "step": 2},
            labelAngle=0,
            labelOverlap="greedy",
            labelSeparation=8,
        ),
    )


def signed_axis(title: str | None, decimals: int = 1, **axis: Any) -> alt.Axis:
    """Changes on an axis carry their sign; zero is plain 0, never +0.0."""
    fmt = f"+,.{decimals}~f"
    return alt.Axis(
        title=title,
        labelExpr=f"datum.value === 0 ? '0' : format(datum.value, '{fmt}')",
        **axis,
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


def row_label(y: alt.Y) -> AnyChart:
    """Each row's label on a line of its own above its bar, from the plot's left edge: the
    bars get the whole width, and a long label is never cut however narrow the screen."""
    return (
        alt.Chart(data())
        .mark_text(align="left", baseline="bottom", dy=-1, fontSize=12)
        .encode(x=alt.value(0), y=y, text="row_label:N")
    )


def row_y(field_: str, order: Literal["ascending", "descending"]) -> alt.Y:
    """Rows of a labelled-bar chart: sorted by ``field_``, labelled by ``row_label`` instead
    of an axis."""
    return alt.Y(
        "row_label:N",
        title=None,
        axis=None,
        sort=alt.EncodingSortField(field_, op="max", order=order),  # layers share it
        scale=alt.Scale(paddingInner=0, paddingOuter=0.15),
    )


BAR_HEIGHT, BAR_OFFSET = {"band": 0.36}, 8  # the bar in the lower part of its row, in px


# ─── week charts ───────────────────────────────────────────────────────────────────────────

# An FOMC decision's rule is labelled with what the committee did, read from its label.
FOMC_WORD = (
    "test(/\\bcut/i, datum.label) ? 'cut' : test(/\\b(rais|hike)/i, datum.label) ? 'hike'"
    " : test(/\\bhold/i, datum.label) ? 'hold' : 'FOMC'"
)


FOMC_LINE = 13  # px: labels of decisions that follow each other alternate between two lines
NEAR_RIGHT = "scale('x', datum.day) > width - 36"  # a label there goes left of its rule


def fomc_rules() -> list[AnyChart]:
    """Dotted rules at the FOMC decisions, each labelled at the top of the plot (cut, hold,
    hike), and a legend entry that says what the dotted lines are."""
    tips = [
        alt.Tooltip("day:T", title="FOMC", format=DAY),
        alt.Tooltip("label:N", title="Decision"),
    ]
    dash = alt.StrokeDash(
        "what:N",
        title=None,
        scale=alt.Scale(domain=["FOMC decision"], range=[[2, 3]]),
        legend=alt.Legend(orient="bottom", symbolType="stroke", symbolStrokeWidth=1.5),
    )

    def events() -> alt.Chart:  # each layer its own: Altair would hoist shared data away
        return alt.Chart(data(EVENTS)).transform_calculate(what="'FOMC decision'", word=FOMC_WORD)

    return [
        events().mark_rule(opacity=0.6).encode(x="day:T", strokeDash=dash, tooltip=tips),
        events()
        .transform_window(nth="row_number()", sort=[alt.SortField("day")])
        .transform_calculate(drop=f"datum.nth % 2 ? 2 : {2 + FOMC_LINE}")
        .mark_text(
            align=alt.ExprRef(expr=f"{NEAR_RIGHT} ? 'right' : 'left'"),
            dx=alt.ExprRef(expr=f"{NEAR_RIGHT} ? -2 : 2"),
            baseline="top",
            fontSize=11,
            opacity=0.85,
        )
        .encode(x="day:T", y=alt.Y("drop:Q", scale=None), text="word:N", tooltip=tips),
    ]


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
        *fomc_rules(),
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
            y=alt.Y("spread:Q", axis=signed_axis("Spread (pp)")),
            color=sign_colour(),
            tooltip=[
                alt.Tooltip("week:T", title="Week ending", format=DAY),
                alt.Tooltip("spread:Q", title="Spread (pp)", format="+.2f"),
            ],
        )
    )


def sectors(labels: Labels) -> AnyChart:
    """Bars best first, each under its label; the label carries the sign and arrow, so colour
    is never the only cue."""
    y = row_y("change", "descending")
    bars = (
        signed("change")
        .mark_bar(height=BAR_HEIGHT, yOffset=BAR_OFFSET)
        .encode(
            x=alt.X(
                "change:Q",
                axis=signed_axis("Weekly change (%)", tickCount=6, labelOverlap="greedy"),
                scale=alt.Scale(nice=True),
            ),
            y=y,
            color=sign_colour(),
            tooltip=[
                alt.Tooltip("sector:N", title="Sector"),
                alt.Tooltip("symbol:N", title="ETF"),
                alt.Tooltip("change:Q", title="Change (%)", format="+.2f"),
            ],
        )
    )
    zero = alt.Chart(alt.InlineData(values=[{"x": 0}])).mark_rule(opacity=0.5).encode(x="x:Q")
    return alt.layer(bars, zero, row_label(y)).properties(width="container")


def sectors_fill(datasets: Datasets) -> Fill:
    rows = datasets[TABLE]
    for row in rows:
        change = row["change"] / 100
        row["label"] = f"{row['sector']}  {formats.arrow(change)} {formats.change(change)}"
        row["row_label"] = row["label"]
    return Fill(height=ROW * max(len(rows), 1))


def targets(labels: Labels) -> AnyChart:
    """Each target under its label (firm, scenario, level, what is left to go): a line from
    the close (its tick) to the target (its dot)."""
    y = row_y("target", "ascending")
    tips = [
        alt.Tooltip("label:N", title="Target"),
        alt.Tooltip("target:Q", format=",.0f"),
        alt.Tooltip("gap:Q", title="Gain still needed (%)", format="+.1f"),
    ]
    x = alt.X(
        "close:Q",
        title="Index level",
        scale=alt.Scale(zero=False, nice=False, padding=14),
        axis=alt.Axis(format=",.0f", labelOverlap="greedy", labelSeparation=8),
    )
    rows = alt.Chart(data())
    return alt.layer(
        rows.mark_rule(strokeWidth=2, opacity=0.45, yOffset=BAR_OFFSET).encode(
            x=x, x2="target:Q", y=y
        ),
        rows.mark_point(
            filled=True, size=90, opacity=1, color=SYMBOL_COLOURS[1], yOffset=BAR_OFFSET
        ).encode(x="target:Q", y=y, tooltip=tips),
        rows.mark_tick(
            orient="vertical", size=14, thickness=2, yOffset=BAR_OFFSET, color=NEUTRAL
        ).encode(x="close:Q", y=y),
        row_label(y),
    ).properties(width="container")


def targets_fill(datasets: Datasets) -> Fill:
    rows = datasets[TABLE]
    for row in rows:
        row["to_go"] = f"{formats.change(row['gap'] / 100, 1)} to go"
        row["row_label"] = f"{row['label']}: {row['target']:,.0f} · {row['to_go']}"
    close = float(rows[0]["close"]) if rows else 0.0
    return Fill(height=ROW * max(len(rows), 1) + 30, fields={"close": formats.level(close)})


def target_path(labels: Labels) -> AnyChart:
    """The index's weekly closes and a dashed, labelled line at each target."""
    levels = alt.Chart(data(LEVELS)).transform_calculate(
        text="datum.label + ' ' + format(datum.target, ',.0f')"
    )
    tips = [alt.Tooltip("label:N", title="Target"), alt.Tooltip("target:Q", format=",.0f")]
    return alt.layer(
        view()
        .mark_line(strokeWidth=2, color=SYMBOL_COLOURS[1])
        .encode(
            x=month_axis(),
            y=alt.Y(
                "close:Q",
                title="Index level",
                scale=alt.Scale(zero=False),
                axis=alt.Axis(format=",.0f"),
            ),
            tooltip=[alt.Tooltip("week:T", format=DAY), alt.Tooltip("close:Q", format=",.2f")],
        ),
        levels.mark_rule(strokeDash=[6, 4], opacity=0.7).encode(y="target:Q", tooltip=tips),
        levels.mark_text(align="left", baseline="bottom", dy=-2, x=4, fontSize=11).encode(
            y="target:Q", text="text:N"
        ),
    )


def ten_year(labels: Labels) -> AnyChart:
    """The 10-year Treasury yield over the rotation chart's weeks."""
    return (
        view()
        .mark_line(strokeWidth=2, color=SYMBOL_COLOURS[1])
        .encode(
            x=month_axis("day:T"),
            y=alt.Y(
                "value:Q",
                title="Yield (%)",
                scale=alt.Scale(zero=False),
                axis=alt.Axis(format=".2f"),
            ),
            tooltip=[alt.Tooltip("day:T", format=DAY), alt.Tooltip("value:Q", format=".2f")],
        )
        .properties(height=160)
    )


# ─── long-run charts ───────────────────────────────────────────────────────────────────────


def rotation_history(labels: Labels) -> AnyChart:
    return (
        view()
        .mark_line(strokeWidth=1.5)
        .encode(
            x=alt.X(
                "week:T",
                title=None,
                axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0, labelOverlap="greedy"),
            ),
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
            x=alt.X("year:N", title=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("index:N", sort=list(labels.names)),
            y=alt.Y("change:Q", axis=signed_axis("Change (%)", 0)),
            color=legend_colour("index", None, colour_scale(labels.names)),
            tooltip=[
                alt.Tooltip("year:N"),
                alt.Tooltip("index:N"),
                alt.Tooltip("change:Q", title="Change (%)", format="+.2f"),
            ],
        )
    )


def yearly_fill(datasets: Datasets) -> Fill:
    """Years as labels on the axis, not numbers to scale; ``{years}`` for the title."""
    for row in datasets[TABLE]:
        row["year"] = str(row["year"])
    years = sorted({row["year"] for row in datasets[TABLE]})
    span = f"{years[0]}\u2013{years[-1]}" if len(years) > 1 else "".join(map(str, years))
    return Fill(fields={"years": span})


# Below this width the heat map shows its last weeks, the rest a tap away (the chart loader,
# pages/assets/marketweek.js): two years of weeks would be cells 2 px wide on a phone.
NARROW = {"below": 480, "weeks": 26, "data": TABLE, "field": "week"}


def sector_heat(labels: Labels) -> AnyChart:
    """One cell per sector and week on a time axis; red losses, blue gains."""
    return (
        view()
        .properties(usermeta={"narrow": NARROW})
        .mark_rect()
        .encode(
            x=month_axis("yearweek(week):T"),
            y=alt.Y("sector:N", title=None, axis=alt.Axis(labelLimit=200)),
            color=alt.Color(
                "change:Q",
                title="Week (%)",
                scale=alt.Scale(scheme=HEAT_SCHEME, domainMid=0, domain=[-5, 5], clamp=True),
                legend=alt.Legend(
                    orient="bottom",
                    labelExpr="datum.value === 0 ? '0' : format(datum.value, '+~f')",
                ),
            ),
            tooltip=[
                alt.Tooltip("week:T", title="Week ending", format=DAY),
                alt.Tooltip("sector:N"),
                alt.Tooltip("change:Q", title="Change (%)", format="+.2f"),
            ],
        )
    )


def sector_heat_fill(datasets: Datasets) -> Fill:
    return Fill(height=24 * len({row["sector"] for row in datasets[TABLE]}))


def target_history(labels: Labels) -> AnyChart:
    """The gain still needed, week by week; the axis fits the gaps, not zero."""
    return (
        view()
        .mark_line(point=True, strokeWidth=2)
        .encode(
            # months, not days: a day tick would fall on a Sunday between the Friday points
            x=month_axis(),
            y=alt.Y(
                "gap:Q",
                scale=alt.Scale(zero=False, nice=True),
                axis=signed_axis("Gain still needed (%)", 0),
            ),
            color=alt.Color(
                "target:N",
                title=None,
                scale=alt.Scale(range=list(TARGET_COLOURS)),
                legend=alt.Legend(orient="bottom", columns=1),
            ),
            tooltip=[
                alt.Tooltip("week:T", title="Week ending", format=DAY),
                alt.Tooltip("target:N"),
                alt.Tooltip("gap:Q", format="+.1f"),
            ],
        )
    )
