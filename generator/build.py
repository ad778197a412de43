"""The build, stage by stage: load → compute → chart → render → publish."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from generator import errors
from generator.charts import specs as charts
from generator.charts import static
from generator.config_file import key_line
from generator.errors import (
    ConfigError,
    DataError,
    StrictError,
    Warnings,
    closest,
    first_line_with,
)
from generator.facts import factcheck, history, narrative, prose
from generator.facts import panel as compute
from generator.load import calendar as weeks
from generator.load import commentary as commentary_files
from generator.load import data as data_files
from generator.model import (
    BuildReport,
    Chart,
    Commentary,
    Config,
    DocsTree,
    MarketData,
    Series,
    Week,
    WeekReport,
)
from generator.pages import render
from generator.publish import engine as publish


def select_weeks(data: MarketData, config: Config) -> tuple[Week, ...]:
    """Complete trading weeks in the data, within the configured start and end."""
    first, last = data.closes.index[0].date(), data.closes.index[-1].date()
    check_calendar_range(data, config, first, last)
    found = weeks.complete_weeks(config.calendar, first, last)
    chosen = tuple(
        w
        for w in found
        if (config.start is None or w.end >= config.start)
        and (config.end is None or w.end <= config.end)
    )
    if not chosen:
        raise no_weeks(config, found, first, last)
    return chosen


def no_weeks(config: Config, found: tuple[Week, ...], first: date, last: date) -> ConfigError:
    """Why no week is left to publish, at the setting that left none."""
    span = f"the data run from {first} to {last}"
    if found and config.start and config.start > found[-1].end:
        return ConfigError(
            config.config_file,
            key_line(config.config_file, "start"),
            f"start {config.start} leaves no complete trading week to publish ({span})",
            f"set start to {found[-1].end} or earlier, or add prices",
        )
    if found and config.end:
        return ConfigError(
            config.config_file,
            key_line(config.config_file, "end"),
            f"end {config.end} leaves no complete trading week to publish ({span})",
            f"set end to {found[0].end} or later",
        )
    return ConfigError(
        config.data_dir / "prices.csv",
        None,
        f"no complete trading week in the prices ({span})",
        "add at least one full week (Monday to Friday) of closes",
    )


def check_calendar_range(data: MarketData, config: Config, first: date, last: date) -> None:
    """Every date must lie within the exchange calendar's range, or weeks cannot be told."""
    lo, hi = weeks.calendar_range(config.calendar)
    for day, side, bound in ((first, "before the first", lo), (last, "after the last", hi)):
        if (day < lo) if side.startswith("before") else (day > hi):
            prices = data.sources["prices"]
            raise DataError(
                prices,
                first_line_with(prices, day.isoformat()),
                f"date {day} is {side} session of the {config.calendar} calendar ({bound})",
                "fix the date, or leave out rows the calendar does not cover",
            )


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


def check_settings(config: Config, data: MarketData, warn: Warnings) -> None:
    """The symbols and the basket the settings name must exist in the data."""
    symbols = sorted(data.closes.columns)
    prices = errors.relative(data.sources["prices"], config.root)
    for key in ("small_caps", "large_caps", "nasdaq"):
        symbol = getattr(config, key)
        if symbol not in symbols:
            problem = ConfigError(
                config.config_file,
                key_line(config.config_file, key),
                f"{key} {symbol!r} has no prices in {prices}",
                f"set it to a symbol that has prices ({closest(symbol, symbols)})",
            )
            if key != "nasdaq":
                raise problem
            warn(f"{problem} (until then the charts leave it out)")
    groups = sorted({g for security in data.universe.values() for g in security.groups})
    if not any(config.basket in s.groups for s in data.universe.values()):
        raise ConfigError(
            config.config_file,
            key_line(config.config_file, "basket"),
            f"basket {config.basket!r} is no group in universe.csv, so the basket has no members",
            f"name a group from the groups column ({closest(config.basket, groups)})",
        )


def publishable(
    commentary: Mapping[date, Commentary], drafts: bool, now: datetime | None = None
) -> dict[date, Commentary]:
    """Drafts and commentary scheduled for later leave no trace, unless ``drafts`` (preview)."""
    now = now or datetime.now(UTC)
    shown = {}
    for day, item in commentary.items():
        waiting = item.draft or (item.publish_at is not None and item.publish_at > now)
        if not waiting:
            shown[day] = item
        elif drafts:
            shown[day] = replace(item, draft=True)
    return shown


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
