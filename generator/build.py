"""The build, stage by stage: load → compute → chart → render → publish."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from generator import errors
from generator.charts import specs as charts
from generator.charts import static
from generator.errors import (
    StrictError,
    Warnings,
)
from generator.facts import factcheck, history, narrative, prose
from generator.facts import panel as compute
from generator.load import commentary as commentary_files
from generator.load import data as data_files
from generator.load.selection import check_settings, publishable, select_weeks
from generator.model import (
    BuildReport,
    Chart,
    Commentary,
    Config,
    DocsTree,
    MarketData,
    Series,
    WeekReport,
)
from generator.pages import render
from generator.publish import engine as publish


def generate(
    config: Config,
    warn: Warnings,
    progress: Callable[[str], None] = lambda _: None,
    static_images: bool = True,
    drafts: bool = False,
) -> DocsTree:
    """Everything but the engine: the plain docs tree any MkDocs-like engine can build.

    With ``drafts`` (preview and check), unpublished commentary is shown, marked as a draft.
    """
    progress("loading data and commentary")
    data = data_files.load_data(config.data_dir)
    check_settings(config, data, warn)
    all_weeks = select_weeks(data, config)
    commentary = commentary_files.load_commentary(
        config.weeks_dir, {w.end for w in all_weeks}, warn
    )
    fact_check(commentary, data, warn)
    commentary = publishable(commentary, drafts)
    progress(f"computing {len(all_weeks)} weeks")
    panel = compute.make_panel(data, config, all_weeks)
    reports = compute.week_reports(panel, data, config, all_weeks, commentary)
    reports = narrative.narrate(reports, config, panel.names)
    series = history.site_series(panel, data, config, all_weeks)
    progress("drawing charts")
    files = source_files(data, config)
    week_charts = draw_week_charts(reports, config, panel.names, files)
    page_charts = draw_history_charts(series, config, panel.names, files)
    if static_images:
        week_charts, page_charts = static.add_static_svgs(
            (week_charts, page_charts), svg_cache(config), progress
        )
    progress("rendering pages")
    functions = {r.week.slug: prose.prose_functions(panel, data, r.week.end) for r in reports}
    return render.render_site(
        reports, week_charts, functions, config, (series, page_charts), panel.names, files
    )


def fact_check(commentary: Mapping[date, Commentary], data: MarketData, warn: Warnings) -> None:
    for item in commentary.values():
        for problem in factcheck.check_commentary(item, data.closes):
            warn(problem)


def draw_week_charts(
    reports: tuple[WeekReport, ...],
    config: Config,
    names: Mapping[str, str],
    files: Mapping[str, str],
) -> dict[str, tuple[Chart, ...]]:
    labels = charts.labels(config, names)
    return {r.week.slug: charts.week_charts(r, labels, files) for r in reports}


def draw_history_charts(
    series: Mapping[str, Series],
    config: Config,
    names: Mapping[str, str],
    files: Mapping[str, str],
) -> dict[str, tuple[Chart, ...]]:
    return charts.page_charts(series, charts.labels(config, names), files)


def build(
    config: Config,
    warn: Warnings,
    strict: bool = False,
    progress: Callable[[str], None] = lambda _: None,
    drafts: bool = False,
) -> BuildReport:
    """Generate the docs tree and publish it; ``site/`` changes only on success."""
    started = time.monotonic()
    tree = generate(config, warn, progress, drafts=drafts)
    if strict and len(warn):
        raise StrictError(warn.messages)
    progress("publishing with MkDocs")
    publish.publish(tree, config, warn, strict, progress)
    return BuildReport(
        pages=sum(d.path.endswith(".md") for d in tree.documents),
        weeks=sum(d.path.startswith("weeks/2") and d.path.endswith(".md") for d in tree.documents),
        warnings=tuple(warn.messages),
        seconds=time.monotonic() - started,
    )


def svg_cache(config: Config) -> Path:
    """Static charts are cached between builds, keyed by their spec."""
    return config.cache_dir / "svg"


def source_files(data: MarketData, config: Config) -> dict[str, str]:
    """Each data file as a reader sees it named under a chart: ``content/data/prices.csv``."""
    return {stem: str(errors.relative(path, config.root)) for stem, path in data.sources.items()}
