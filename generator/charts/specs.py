"""Altair chart builders: one function per chart, each taking an aggregated ``Series``.

Charts carry only the rows they draw, one colour per symbol across every chart, a title,
axis titles and number formats a reader understands. Colours of text and axes come from
the page's light/dark palette at embed time (see ``assets/marketweek.js``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from typing import Any

import altair as alt
import pandas as pd

from generator import formats
from generator.model import Chart, Config, Series, WeekReport

# Altair's chart classes are loosely typed (layering returns a union); builders return this.
AnyChart = Any

HEIGHT = 260
UP, DOWN = "#1a7f37", "#cf222e"
SYMBOL_COLOURS = ("#e8710a", "#2f6fce", "#8a4fc7", "#13877a", "#b0851a")


def frame(series: Series) -> pd.DataFrame:
    return pd.DataFrame(list(series.rows), columns=list(series.columns))


def to_csv(series: Series) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(series.columns)
    writer.writerows(series.rows)
    return out.getvalue()


def colour_scale(names: list[str], shown: list[str] | None = None) -> alt.Scale:
    """The same colour for the same symbol on every chart (``names`` fixes the order)."""
    shown = shown or names
    return alt.Scale(domain=shown, range=[SYMBOL_COLOURS[names.index(n)] for n in shown])


def month_axis() -> alt.X:
    return alt.X(
        "week:T",
        title=None,
        axis=alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 2}),
    )


def sign_colour(field: str) -> alt.Color:
    return alt.Color(
        f"{field}:N", scale=alt.Scale(domain=["up", "down"], range=[UP, DOWN]), legend=None
    )


def base(data: pd.DataFrame, title: str, subtitle: str) -> alt.Chart:
    return alt.Chart(data, title=alt.Title(title, subtitle=subtitle, anchor="start")).properties(
        width="container", height=HEIGHT
    )


def rotation_chart(report: WeekReport, names: list[str], small: str) -> AnyChart:
    data = frame(report.series["rotation"])
    colour = alt.Color(
        "against:N",
        title=f"{small} against",
        scale=colour_scale(names, names[1:]),
        legend=alt.Legend(orient="bottom"),
    )
    x = month_axis()
    lines = base(
        data,
        f"{small} relative strength, last 52 weeks",
        "Ratio of closes, rebased to 100 at the window start; above 100 = small caps ahead",
    )
    layers = [
        lines.mark_line(strokeWidth=2).encode(
            x=x,
            y=alt.Y(
                "strength:Q", title="Relative strength (start = 100)", scale=alt.Scale(zero=False)
            ),
            color=colour,
            tooltip=_tooltip(data, {"strength": ",.2f"}),
        ),
        alt.Chart(pd.DataFrame({"y": [100]}))
        .mark_rule(strokeDash=[4, 4], opacity=0.6)
        .encode(y="y:Q"),
        alt.Chart(data[data["week"] == data["week"].max()])
        .mark_point(filled=True, size=70)
        .encode(x=x, y="strength:Q", color=colour, tooltip=_tooltip(data, {"strength": ",.2f"})),
    ]
    fomc = frame(report.series["fomc"])
    if len(fomc):
        layers.append(
            alt.Chart(fomc)
            .mark_rule(strokeDash=[2, 3], opacity=0.5)
            .encode(
                x="day:T",
                tooltip=[
                    alt.Tooltip("day:T", title="FOMC", format="%b %d, %Y"),
                    alt.Tooltip("label:N", title="Decision"),
                ],
            )
        )
    return alt.layer(*layers)


def performance_chart(report: WeekReport, names: list[str], small: str) -> AnyChart:
    data = frame(report.series["performance"])
    return (
        base(data, "Performance, last 26 weeks", "Weekly closes rebased to 100")
        .mark_line(strokeWidth=2)
        .encode(
            x=month_axis(),
            y=alt.Y("value:Q", title="Rebased (start = 100)", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "index:N", title=None, scale=colour_scale(names), legend=alt.Legend(orient="bottom")
            ),
            tooltip=_tooltip(data, {"value": ",.2f"}),
        )
    )


def spread_chart(report: WeekReport, names: list[str], small: str) -> AnyChart:
    data = frame(report.series["spread"]).assign(
        sign=lambda d: ["up" if v >= 0 else "down" for v in d["spread"]]
    )
    return (
        base(
            data,
            f"Weekly spread: {names[0]} minus {names[1]}",
            "Percentage points; above zero = small caps beat large caps",
        )
        .mark_bar()
        .encode(
            x=month_axis(),
            y=alt.Y("spread:Q", title="Spread (pp)", axis=alt.Axis(format="+.1f")),
            color=sign_colour("sign"),
            tooltip=[
                alt.Tooltip("week:T", title="Week ending", format="%b %d, %Y"),
                alt.Tooltip("spread:Q", title="Spread (pp)", format="+.2f"),
            ],
        )
    )


def sectors_chart(report: WeekReport, names: list[str], small: str) -> AnyChart:
    """Sorted bars; each label carries its sign and arrow, so colour is never the only cue."""
    data = frame(report.series["sectors"]).assign(
        sign=lambda d: ["up" if v >= 0 else "down" for v in d["change"]],
        label=lambda d: [
            f"{s}  {formats.arrow(v / 100)} {formats.change(v / 100)}"
            for s, v in zip(d["sector"], d["change"], strict=True)
        ],
    )
    return (
        base(data, "Sector winners and losers this week", "SPDR sector ETFs, weekly price change")
        .mark_bar()
        .encode(
            x=alt.X("change:Q", title="Weekly change (%)", axis=alt.Axis(format="+.1f")),
            y=alt.Y("label:N", title=None, sort=list(data["label"]), axis=alt.Axis(labelLimit=260)),
            color=sign_colour("sign"),
            tooltip=[
                alt.Tooltip("sector:N", title="Sector"),
                alt.Tooltip("symbol:N", title="ETF"),
                alt.Tooltip("change:Q", title="Change (%)", format="+.2f"),
            ],
        )
        .properties(height=24 * max(len(data), 1))
    )


def targets_chart(report: WeekReport, names: list[str], small: str) -> AnyChart:
    data = frame(report.series["targets"]).assign(
        to_go=lambda d: [f"{formats.change(v / 100, 1)} to go" for v in d["gap"]]
    )
    close = float(data["close"].iloc[0]) if len(data) else 0.0
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("target", order="ascending"))
    base_chart = base(
        data,
        "Year-end targets against the latest close",
        f"Dots: targets; line: close of {formats.level(close)}",
    )
    tips = [
        alt.Tooltip("label:N", title="Target"),
        alt.Tooltip("target:Q", format=",.0f"),
        alt.Tooltip("gap:Q", title="Gain still needed (%)", format="+.1f"),
    ]
    return alt.layer(
        base_chart.mark_rule(strokeWidth=2, opacity=0.4).encode(
            x=alt.X("close:Q", title="Index level", scale=alt.Scale(zero=False)), x2="target:Q", y=y
        ),
        base_chart.mark_point(filled=True, size=90, color=SYMBOL_COLOURS[1]).encode(
            x="target:Q", y=y, tooltip=tips
        ),
        base_chart.mark_text(align="left", dx=8, fontSize=11).encode(
            x="target:Q", y=y, text="to_go:N"
        ),
        alt.Chart(pd.DataFrame({"close": [close]}))
        .mark_rule(strokeDash=[4, 4])
        .encode(x="close:Q"),
    ).properties(height=40 * max(len(data), 1) + 40)


def target_path_chart(report: WeekReport, names: list[str], small: str) -> AnyChart:
    path = frame(report.series["target_path"])
    targets = frame(report.series["targets"])
    x = month_axis()
    line = base(path, "The index against the targets", "Weekly closes; dashed lines: targets")
    layers = [
        line.mark_line(strokeWidth=2, color=SYMBOL_COLOURS[1]).encode(
            x=x,
            y=alt.Y("close:Q", title="Index level", scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("week:T", format="%b %d, %Y"),
                alt.Tooltip("close:Q", format=",.2f"),
            ],
        )
    ]
    if len(targets):
        tips = [alt.Tooltip("label:N", title="Target"), alt.Tooltip("target:Q", format=",.0f")]
        rules = alt.Chart(targets)
        layers += [
            rules.mark_rule(strokeDash=[6, 4], opacity=0.7).encode(y="target:Q", tooltip=tips),
            rules.mark_text(align="left", baseline="bottom", dy=-2, x=4, fontSize=10).encode(
                y="target:Q", text="label:N"
            ),
        ]
    return alt.layer(*layers)


def _tooltip(data: pd.DataFrame, formats_by_field: Mapping[str, str]) -> list[alt.Tooltip]:
    tips = []
    for column in data.columns:
        kind = "T" if column == "week" else "Q" if column in formats_by_field else "N"
        fmt = "%b %d, %Y" if kind == "T" else formats_by_field.get(column, "")
        tips.append(
            alt.Tooltip(f"{column}:{kind}", format=fmt) if fmt else alt.Tooltip(f"{column}:{kind}")
        )
    return tips


Builder = Callable[[WeekReport, list[str], str], Any]

BUILDERS: dict[str, tuple[Builder, str, tuple[str, ...]]] = {
    "rotation": (rotation_chart, "rotation", ("prices", "events")),
    "performance": (performance_chart, "performance", ("prices",)),
    "spread": (spread_chart, "spread", ("prices",)),
    "sectors": (sectors_chart, "sectors", ("prices", "universe")),
    "targets": (targets_chart, "targets", ("targets", "prices")),
    "target_path": (target_path_chart, "target_path", ("prices", "targets")),
}


def spec(chart: Any, description: str = "") -> dict[str, Any]:
    """The chart as a Vega-Lite dict; charts fill their container's width. The description
    becomes the drawn SVG's accessible name (vega-embed's default is "Vega visualization")."""
    result: dict[str, Any] = chart.to_dict(validate=False)
    result["autosize"] = {"type": "fit-x", "contains": "padding"}
    if description:
        result["description"] = description
    return result


STATIC_WIDTH = 640
STATIC_CONFIG = {
    "font": "Helvetica, Arial, sans-serif",
    "background": "white",
    "view": {"stroke": None},
}


def static_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The spec at a fixed width (no container to measure) in the light palette."""
    fixed = json.loads(json.dumps(spec).replace('"container"', str(STATIC_WIDTH)))
    fixed["config"] = {**STATIC_CONFIG, **fixed.get("config", {})}
    return dict(fixed)


def week_charts(
    report: WeekReport,
    config: Config,
    names: Mapping[str, str],
    summaries: Mapping[str, str],
    files: Mapping[str, str],
) -> tuple[Chart, ...]:
    """Every chart of one week's page that has data to draw."""
    legend = legend_names(config, names)
    small = names.get(config.small_caps, config.small_caps)
    charts = []
    for name, (builder, series, sources) in BUILDERS.items():
        if report.series[series].rows:
            built = builder(report, legend, small)
            source = ", ".join(files[s] for s in sources)
            charts.append(
                Chart(
                    name,
                    _title(built),
                    spec(built, summaries.get(name, "")),
                    to_csv(report.series[series]),
                    summaries.get(name, ""),
                    source,
                )
            )
    return tuple(charts)


def legend_names(config: Config, names: Mapping[str, str]) -> list[str]:
    """The rotation series' names in their fixed order, which fixes their colours."""
    return [names.get(s, s) for s in config.rotation_symbols]


def _title(chart: Any) -> str:
    title = chart.title if not isinstance(chart, alt.LayerChart) else chart.layer[0].title
    return str(getattr(title, "text", title))
