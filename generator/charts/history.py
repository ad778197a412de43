"""Charts of the long-run pages: rotation history, sector heat map, yearly returns, targets."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt

from generator.charts.specs import (
    AnyChart,
    base,
    colour_scale,
    frame,
    spec,
    to_csv,
)
from generator.model import Chart, Series


def rotation_history_chart(series: Series, names: list[str]) -> AnyChart:
    data = frame(series)
    return (
        base(
            data,
            f"{names[0]} relative strength since {data['week'].min()[:4]}",
            "Ratio of weekly closes, rebased to 100 at the first week",
        )
        .mark_line(strokeWidth=1.5)
        .encode(
            x=alt.X("week:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y(
                "strength:Q", title="Relative strength (start = 100)", scale=alt.Scale(zero=False)
            ),
            color=alt.Color(
                "against:N",
                title=f"{names[0]} against",
                scale=colour_scale(names, names[1:]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("week:T", title="Week ending", format="%b %d, %Y"),
                alt.Tooltip("against:N"),
                alt.Tooltip("strength:Q", format=",.1f"),
            ],
        )
    )


def yearly_chart(series: Series, names: list[str]) -> AnyChart:
    data = frame(series).assign(year=lambda d: d["year"].astype(str))
    return (
        base(data, "Calendar-year returns", "Price change; the first and current year are partial")
        .mark_bar()
        .encode(
            x=alt.X("year:N", title=None),
            xOffset=alt.XOffset("index:N", sort=names),
            y=alt.Y("change:Q", title="Change (%)", axis=alt.Axis(format="+.0f")),
            color=alt.Color(
                "index:N", title=None, scale=colour_scale(names), legend=alt.Legend(orient="bottom")
            ),
            tooltip=[
                alt.Tooltip("year:N"),
                alt.Tooltip("index:N"),
                alt.Tooltip("change:Q", title="Change (%)", format="+.2f"),
            ],
        )
    )


def sector_heat_chart(series: Series, names: list[str]) -> AnyChart:
    data = frame(series)
    return (
        base(
            data,
            "Sector returns week by week, last two years",
            "Weekly price change of each SPDR sector ETF; green up, red down",
        )
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
        .properties(height=24 * len(set(data["sector"])))
    )


def target_history_chart(series: Series, names: list[str]) -> AnyChart:
    data = frame(series)
    return (
        base(
            data,
            "Gain still needed to reach each target",
            "At each week's close, since the target was published",
        )
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("week:T", title=None, axis=alt.Axis(format="%b %d")),
            y=alt.Y("gap:Q", title="Gain still needed (%)", axis=alt.Axis(format="+.0f")),
            color=alt.Color("target:N", title=None, legend=alt.Legend(orient="bottom", columns=1)),
            tooltip=[
                alt.Tooltip("week:T", title="Week ending", format="%b %d, %Y"),
                alt.Tooltip("target:N"),
                alt.Tooltip("gap:Q", format="+.1f"),
            ],
        )
    )


PAGES = {
    "rotation": (
        ("rotation_history", rotation_history_chart, ("prices",)),
        ("yearly", yearly_chart, ("prices",)),
    ),
    "sectors": (("sector_heat", sector_heat_chart, ("prices", "universe")),),
    "outlook": (("target_history", target_history_chart, ("targets", "prices")),),
}


def history_charts(
    series: Mapping[str, Series],
    names: list[str],
    summaries: Mapping[str, str],
    files: Mapping[str, str],
) -> dict[str, tuple[Chart, ...]]:
    """The charts of each long-run page that has data to draw, by page."""
    pages: dict[str, tuple[Chart, ...]] = {}
    for page, entries in PAGES.items():
        built = []
        for name, builder, sources in entries:
            if series[name].rows:
                chart = builder(series[name], names)
                built.append(
                    Chart(
                        name,
                        name,
                        spec(chart, summaries.get(name, "")),
                        to_csv(series[name]),
                        summaries.get(name, ""),
                        ", ".join(files[s] for s in sources),
                    )
                )
        pages[page] = tuple(built)
    return pages
