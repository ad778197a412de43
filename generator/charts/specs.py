"""Charts from the registry: each template drawn with Altair once, then filled week by week.

Filling a template is cheap: a shallow copy of its spec with the week's rows as datasets, the
layers whose dataset is empty left out, the title, a height and the description. Charts carry
only the rows they draw; a chart whose table has no rows is not drawn.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from generator import digests, formats, usercache
from generator.charts import templates
from generator.charts.registry import (
    LONG_RUN_CHARTS,
    LONG_RUN_PAGES,
    WEEK_CHARTS,
    ChartDef,
    SiteSeries,
    Source,
)
from generator.charts.templates import TABLE, Labels
from generator.model import Chart, Config, Series, WeekReport

Spec = dict[str, Any]


def labels(config: Config, names: Mapping[str, str]) -> Labels:
    """The rotation series' names in their fixed order, which fixes their colours."""
    return Labels(tuple(names.get(s, s) for s in config.rotation_symbols))


# Every chart a week page can hold, with the data it draws on (a week may have none of it)
WEEK_CHART_SOURCES = {chart.name: chart.sources for chart in WEEK_CHARTS}


def week_charts(report: WeekReport, labels: Labels, files: Mapping[str, str]) -> tuple[Chart, ...]:
    """Every chart of one week's page that has data to draw."""
    return _charts(WEEK_CHARTS, report, report.series, labels, files)


def page_charts(
    series: SiteSeries, labels: Labels, files: Mapping[str, str]
) -> dict[str, tuple[Chart, ...]]:
    """The charts of each long-run page that have data to draw, by page (every page named)."""
    return {
        page: _charts(
            tuple(c for c in LONG_RUN_CHARTS if c.page == page), series, series, labels, files
        )
        for page in LONG_RUN_PAGES
    }


def _charts(
    definitions: tuple[ChartDef[Source], ...],
    source: Source,
    series: SiteSeries,
    labels: Labels,
    files: Mapping[str, str],
) -> tuple[Chart, ...]:
    charts = []
    for chart in definitions:
        data = {name: series[key] for name, key in chart.draws.items()}
        if data[TABLE].rows:
            summary = chart.summary(source, labels)
            when = title_fields(source, data[TABLE], labels)
            spec = fill(chart, template(chart, labels), data, labels, summary, when)
            charts.append(
                Chart(
                    name=chart.name,
                    title=spec["title"]["text"],
                    spec=spec,
                    csv=to_csv(data[TABLE]),
                    summary=summary,
                    source=", ".join(files[s] for s in chart.sources),
                )
            )
    return tuple(charts)


@functools.cache
def template(chart: ChartDef[Any], labels: Labels) -> Spec:
    """The chart's spec without its data, drawn with Altair once per label set and kept in
    the user cache by marketweek's code, so most builds never import Altair.

    Shared by every week that fills it: never modified (``fill`` copies what it changes).
    """
    key = f"{chart.name} {labels!r} {digests.code_digest()}"
    spec: Spec = usercache.cached_json("templates", key, lambda: drawn_template(chart, labels))
    return spec


def drawn_template(chart: ChartDef[Any], labels: Labels) -> Spec:
    """The template drawn with Altair. Charts fill their container's width."""
    spec: Spec = chart.template.build(labels).to_dict(validate=False)
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    text = json.dumps(spec).lower()
    dark = {k: v for k, v in templates.DARK_COLOURS.items() if f'"{k}"' in text}
    if dark:  # the chart loader swaps these in on a dark page
        spec["usermeta"] = {**spec.get("usermeta", {}), "darkColours": dark}
    return spec


def title_fields(source: Source, table: Series, labels: Labels) -> dict[str, str]:
    """What a title may say about when and what: ``{end}``, the last day drawn (a week's own
    last session on a week page); on a week page, ``{index}`` and ``{year}``, the index the
    targets are for and the year they end (before any target is published: the large caps
    and the week's year)."""
    fields = {}
    if "week" in table.columns and table.rows:
        last = max(row[table.columns.index("week")] for row in table.rows)
        fields["end"] = formats.day(date.fromisoformat(str(last)[:10]))
    if isinstance(source, WeekReport):
        fields.update(end=formats.day(source.week.end), index=labels.large)
        fields["year"] = str(source.week.end.year)
        if source.targets:
            target = source.targets[0].target
            names = {q.symbol: q.name for q in source.scoreboard}
            fields.update(index=names.get(target.index, target.index))
            fields["year"] = str(target.horizon.year)
    return fields


def fill(
    chart: ChartDef[Any],
    template: Spec,
    data: Mapping[str, Series],
    labels: Labels,
    summary: str,
    when: Mapping[str, str] | None = None,
) -> Spec:
    """The template with a week's data: the rows, what they decide, the title, the summary.

    The summary becomes the drawn SVG's accessible name (vega-embed's default is
    "Vega visualization").
    """
    rows = {name: records(s) for name, s in data.items() if s.rows}
    extra = chart.template.fill(rows)
    datasets = {**template.get("datasets", {}), **rows}  # the template's own: constants
    fields = {"small": labels.small, "large": labels.large, **(when or {}), **extra.fields}
    spec = {
        **template,
        "datasets": datasets,
        "title": {
            "anchor": "start",
            "text": chart.title.format_map(fields),
            "subtitle": chart.subtitle.format_map(fields),
        },
    }
    if "layer" in template:
        spec["layer"] = [part for part in template["layer"] if _has_data(part, datasets)]
    if extra.height is not None:
        spec["height"] = extra.height
    if summary:
        spec["description"] = summary
    return spec


def _has_data(part: Mapping[str, Any], datasets: Mapping[str, Any]) -> bool:
    """A layer of a named dataset is drawn when that dataset has rows this week."""
    name = part.get("data", {}).get("name")
    return name is None or name in datasets


def records(series: Series) -> templates.Rows:
    """The rows as Vega-Lite reads them; a missing number (NaN) is null."""
    return [
        {c: (None if v != v else v) for c, v in zip(series.columns, row, strict=True)}
        for row in series.rows
    ]


def to_csv(series: Series) -> str:
    return formats.csv_text(series.columns, series.rows)
