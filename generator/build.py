"""The build, stage by stage: load → compute → chart → render → publish."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path

from jinja2 import Environment

from generator import children, errors, weekcache
from generator.charts import specs as charts
from generator.charts import static
from generator.charts.templates import Labels
from generator.errors import (
    MarketweekError,
    StrictError,
    Warnings,
)
from generator.facts import factcheck, history, narrative, prose, provenance
from generator.facts import panel as compute
from generator.kept import ByObject, Memo, same_inputs, settled
from generator.kept import bulk as kept_bulk
from generator.load import commentary as commentary_files
from generator.load import data as data_files
from generator.load import health
from generator.load.selection import (
    check_settings,
    history_weeks,
    publishable,
    select_weeks,
    week_index,
)
from generator.load.universe import check_universe
from generator.model import (
    BuildReport,
    Chart,
    Commentary,
    Config,
    DocsTree,
    Document,
    MarketData,
    Revision,
    Series,
    Week,
    WeekFacts,
    WeekReport,
    is_week_page,
)
from generator.pages import guards, render
from generator.publish import engine as publish
from generator.published import weeks as published_weeks
from generator.published.store import PublishedWeek


def generate(
    config: Config,
    warn: Warnings,
    progress: Callable[[str], None] = lambda _: None,
    static_images: bool = True,
    drafts: bool = False,
    newest: int | None = None,
    drawer: static.Drawer | None = None,
    record: bool = False,
) -> DocsTree:
    """Everything but the engine: the plain docs tree any MkDocs-like engine can build.

    With ``drafts`` (preview and check), unpublished commentary is shown, marked as a draft.
    With ``newest``, only the newest weeks are in the tree (a preview's first pages). The
    weeks whose inputs changed are redone first, and their new static charts drawn (by
    ``drawer``, started ahead) while the unchanged weeks are read back. Published weeks keep
    their published numbers (``generator/published/``); with ``record`` (a build), the weeks
    published for the first time get records, in the tree for the build to write.
    """
    progress("loading data and commentary")
    data, all_weeks = market(config, warn, progress)
    published = published_weeks.load(config)
    written = commentary_files.load_commentary(
        config.weeks_dir, {w.end for w in all_weeks}, warn, config.cache_dir / "commentary.pickle"
    )
    if newest:  # an older week's commentary is no error, only not in this tree
        all_weeks = all_weeks[-newest:]
        written = {day: item for day, item in written.items() if day >= all_weeks[0].end}
    markup_check(written, config, warn)
    fact_check(written, data, config, warn, progress)
    commentary = publishable(written, drafts)
    drawn = static_weeks(all_weeks, config, static_images)
    keys = weekcache.week_keys(
        data, config, all_weeks, commentary, drawn, record_parts(published, all_weeks)
    )
    store = weekcache.WeekStore(config.cache_dir / "weeks")
    # a week that notes a pending revision is dated today: kept under its key and the date
    dated = weekcache.dated(keys, published, published_weeks.today())
    keys = {slug: weekcache.kept_key(store, key, dated.get(slug)) for slug, key in keys.items()}
    stale, kept = weekcache.stale_weeks(store, keys, all_weeks)
    panel = panel_of(data, config, all_weeks)
    progress(f"computing {len(stale)} of {len(all_weeks)} weeks (the rest unchanged)")
    files = source_files(data, config)
    redo = WeekRedo(panel, data, config, all_weeks, commentary, kept, files, drawn, published)
    fresh = regenerate_weeks(redo, stale, progress)
    series = history.site_series(panel, data, config, all_weeks)
    page_charts = draw_history_charts(series, config, panel.names, files, static_images)
    drawing = static.Drawing(
        ({w.report.week.slug: w.charts for w in fresh}, page_charts),
        svg_cache(config),
        progress,
        drawer,
    )
    kept, lost = weekcache.read_the_rest(store, keys, all_weeks, stale, kept)
    if lost:
        # kept, but unreadable (a damaged cache file): redone, after the weeks before them
        before = kept | {w.report.week.slug: w for w in fresh}
        fresh += regenerate_weeks(replace(redo, kept=before), lost)
        drawing = static.Drawing(
            ({w.report.week.slug: w.charts for w in fresh}, page_charts), svg_cache(config)
        )
    fresh, page_charts = with_static_svgs(fresh, drawing)
    pending = {w.report.week.slug for w in fresh if published_weeks.pending(w.report)}
    store.put(keys, [w for w in fresh if w.report.week.slug not in pending])
    store.put(dated, [w for w in fresh if w.report.week.slug in pending])
    store.prune(keys | {slug: dated[slug] for slug in pending})
    work = {w.report.week.slug: w for w in (*kept.values(), *fresh)}
    reports = tuple(work[w.slug].report for w in all_weeks)
    published_weeks.warn_revisions(reports, published, warn, complete=newest is None)
    held = {day.isoformat() for day in written if day not in commentary}
    records = published_weeks.new_records(reports, published, held) if record else ()
    keep_as_recorded(store, records, work, published, (data, config, all_weeks, commentary, drawn))
    progress("rendering pages")
    tree = render.render_site(
        reports,
        {slug: w.charts for slug, w in work.items()},
        tuple(d for w in all_weeks for d in work[w.slug].documents),
        config,
        (series, page_charts),
        panel.names,
        files,
    )
    return replace(
        tree,
        regenerated=tuple(w.report.week.slug for w in fresh),
        reports=reports,
        records=records,
    )


def keep_as_recorded(
    store: weekcache.WeekStore,
    records: tuple[Document, ...],
    work: Mapping[str, weekcache.WeekWork],
    published: Mapping[str, PublishedWeek],
    inputs: tuple[MarketData, Config, tuple[Week, ...], Mapping[date, Commentary], frozenset[str]],
) -> None:
    """The weeks about to be recorded are kept under the keys they will have once recorded:
    a record that agrees with the numbers changes nothing on the page, so the next build need
    not redo them."""
    if not records:
        return
    data, config, weeks, commentary, drawn = inputs
    new = {Path(d.path).stem: str(d.content) for d in records}
    after = published_weeks.key_parts(published, [w.slug for w in weeks], new)
    keys = weekcache.week_keys(data, config, weeks, commentary, drawn, after)
    store.put(keys, [work[slug] for slug in new])


def market(
    config: Config, warn: Warnings, progress: Callable[[str], None] = lambda _: None
) -> tuple[MarketData, tuple[Week, ...]]:
    """The data, checked against the settings, and the weeks to publish (their health said)."""
    data = data_files.load_data(config.data_dir, config.cache_dir)
    progress(data_files.summary(data))
    weeks, said, error = checked_market(config, data, warn.every)
    for message in said:
        warn(message)
    if error is not None:
        raise error
    return data, weeks


@same_inputs
def checked_market(
    config: Config, data: MarketData, every: bool
) -> tuple[tuple[Week, ...], list[str], MarketweekError | None]:
    """The weeks to publish, the warnings on the way (``every``: none summed up) and the
    error that stopped the checks, if one did: the same again for the same data and settings
    (a preview's edit to a week's text)."""
    said = Warnings()
    said.every = every
    try:
        check_settings(config, data, said)
        check_universe(data.sources["universe"], config.basket, said)
        weeks = select_weeks(data, config)
        health.check_health(data, config, weeks, said)
    except MarketweekError as exc:
        return (), said.messages, exc
    return weeks, said.messages, None


@same_inputs
def panel_of(data: MarketData, config: Config, weeks: tuple[Week, ...]) -> compute.Panel:
    """The closes as the facts read them, the weekly history from the data's first close."""
    return compute.make_panel(data, config, weeks, history_weeks(data, config, weeks))


def week_report(config: Config, warn: Warnings, day: date | None) -> WeekReport:
    """One week told as a build tells it (default: the latest complete week): ``new`` writes
    its facts into a draft."""
    data, weeks = market(config, warn)
    index = week_index(weeks, day, config)
    panel = panel_of(data, config, weeks)
    facts = [compute.week_facts(panel, data, config, weeks, i, None) for i in (index - 1, index)]
    previous = facts[0] if index else None
    return narrative.tell(facts[1], previous, config, panel.names, panel)


def explain_claims(config: Config, warn: Warnings) -> list[str]:
    """What the fact check read in each commentary file (``check --explain``)."""
    data, weeks = market(config, warn)
    items = commentary_files.load_commentary(config.weeks_dir, {w.end for w in weeks}, warn)
    return [line for item in items.values() for line in factcheck.explain_commentary(item, data)]


def regenerate_weeks(
    redo: WeekRedo,
    stale: frozenset[str] | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> tuple[weekcache.WeekWork, ...]:
    """The ``stale`` weeks (default: those not kept) worked out by ``redo``: numbers,
    narrative, charts and page, from scratch. The week before each must be stale too or kept
    (its report goes into the narrative).

    Many weeks are shared with a copy of this process (``children.forked``) where a second
    core is free: it does the older ones, none of them drawn, and sends back what the cache
    keeps of them; the same weeks as done here, byte for byte."""
    weeks = redo.weeks
    todo = stale if stale is not None else frozenset(w.slug for w in weeks) - set(redo.kept)
    order = [index for index, week in enumerate(weeks) if week.slug in todo]
    older = shared_out(order, weeks, redo.drawn)
    if not older:
        return redo(order, Ticker(progress, len(order), "weeks computed"))
    newer = sorted(set(order) - set(older))
    with children.forked(partial(redo.kept_parts, older)) as beside:
        what = f"weeks computed ({len(older):,} more in a second process)"
        started = time.monotonic()
        try:
            mine = redo(newer, Ticker(progress, len(newer), what))
        except Exception:
            if beside.result(copy_wait(started)) is None:  # an older week's error first
                redo(older)
            raise
        with kept_bulk():
            theirs = beside.result(copy_wait(started))
    if beside.stuck:
        progress(f"the second process did not answer: its {len(older):,} weeks computed here")
    return (*(redo(older) if theirs is None else theirs), *mine)


COPY_WAIT_S = 60  # beyond twice this process's half: a copy still silent then is stuck


def copy_wait(started: float) -> float:
    """Seconds to wait for the copy once this process's half is done (its half, as long)."""
    return COPY_WAIT_S + 2 * (time.monotonic() - started)


FORK_FROM = 64  # weeks to redo: fewer are done here alone (a fork and its result cost more)


def shared_out(order: list[int], weeks: tuple[Week, ...], drawn: frozenset[str]) -> list[int]:
    """The weeks (indices) a copy of this process can do beside this one: the older half
    (a newer week costs more: more symbols, longer histories; the older half's result is
    sent back meanwhile), none of them drawn (their charts stay whole here); none when they
    are few or there is no second core."""
    older = [index for index in order[: len(order) // 2] if weeks[index].slug not in drawn]
    return older if 2 * len(older) >= FORK_FROM and children.can_fork() else []


@dataclass(frozen=True, eq=False)
class WeekRedo:
    """Weeks worked out from scratch, with everything they are worked out from: the charts
    of the weeks in ``drawn`` marked to be drawn as static SVG too, the ``published`` weeks
    with their published numbers unless the author accepted new ones."""

    panel: compute.Panel
    data: MarketData
    config: Config
    weeks: tuple[Week, ...]
    commentary: Mapping[date, Commentary]
    kept: Mapping[str, weekcache.WeekWork]
    files: Mapping[str, str]
    drawn: frozenset[str] = frozenset()
    published: Mapping[str, PublishedWeek] = field(default_factory=dict)

    today: date = field(default_factory=lambda: published_weeks.today())  # one for all weeks
    env: Environment = field(init=False, repr=False, compare=False)
    labels: Labels = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """The page templates and chart labels, made once, before any copy shares them."""
        object.__setattr__(self, "env", render.template_env(self.config))
        object.__setattr__(self, "labels", charts.labels(self.config, self.panel.names))

    def __call__(
        self, order: list[int], tick: Callable[[int], None] = lambda _: None
    ) -> tuple[weekcache.WeekWork, ...]:
        """The weeks at the indices ``order`` (ascending)."""
        fresh: dict[int, WeekFacts] = {}
        work: list[weekcache.WeekWork] = []
        for index in order:
            tick(len(work))
            facts = self.facts(index)
            report = narrative.tell(
                facts, self.previous(index, fresh), self.config, self.panel.names, self.panel
            )
            fresh[index] = facts
            work.append(self.week_work(index, report))
        return tuple(work)

    def kept_parts(self, order: list[int]) -> tuple[weekcache.WeekWork, ...]:
        """The weeks at ``order`` as the cache keeps them (what a forked copy sends back)."""
        return tuple(weekcache.kept_part(work) for work in self(order))

    def facts(self, index: int) -> WeekFacts:
        week = self.weeks[index]
        facts = compute.week_facts(
            self.panel, self.data, self.config, self.weeks, index, self.commentary.get(week.end)
        )
        return published_weeks.as_published(
            facts, self.published.get(week.slug), self.data.universe, self.panel.names, self.today
        )

    def previous(self, index: int, fresh: Mapping[int, WeekFacts]) -> WeekFacts | None:
        """The week before ``index``: just redone, kept, or (the first of the newer weeks,
        the older ones done by a copy of this process) its numbers worked out again."""
        if not index:
            return None
        if index - 1 in fresh:
            return fresh[index - 1]
        if (kept := self.kept.get(self.weeks[index - 1].slug)) is not None:
            return kept.report
        return self.facts(index - 1)

    def week_work(self, index: int, report: WeekReport) -> weekcache.WeekWork:
        week = self.weeks[index]
        week_charts = static.marked(
            charts.week_charts(report, self.labels, self.files), week.slug in self.drawn
        )
        functions = published_weeks.prose_as_published(
            prose.prose_functions(self.panel, self.data, week.end),
            report,
            self.published.get(week.slug),
        )
        documents = render.week_page(
            self.env, report, week_charts, functions, self.config, self.files,
            charts.WEEK_CHART_SOURCES,
        )  # fmt: skip
        return weekcache.WeekWork(report, week_charts, tuple(documents))


class Ticker:
    """Progress through a long loop, said every few seconds ("120 of 1,040 weeks computed");
    a loop done within the first interval says nothing."""

    EVERY_S = 2.0

    def __init__(self, say: Callable[[str], None], total: int, what: str) -> None:
        self.say, self.total, self.what = say, total, what
        self.next = time.monotonic() + self.EVERY_S

    def __call__(self, done: int) -> None:
        if time.monotonic() >= self.next:
            self.say(f"{done:,} of {self.total:,} {self.what}")
            self.next = time.monotonic() + self.EVERY_S


def with_static_svgs(
    work: tuple[weekcache.WeekWork, ...], drawing: static.Drawing
) -> tuple[tuple[weekcache.WeekWork, ...], dict[str, tuple[Chart, ...]]]:
    """The fresh weeks' charts with their SVGs, and their page files with the SVG files; the
    long-run pages' charts with theirs."""
    drawn, page_charts = drawing.result()
    return tuple(
        replace(
            w,
            charts=drawn[w.report.week.slug],
            documents=(
                *w.documents,
                *render.svg_files(w.report.week.folder, drawn[w.report.week.slug]),
            ),
        )
        for w in work
    ), page_charts


@same_inputs
def record_parts(published: Mapping[str, PublishedWeek], weeks: tuple[Week, ...]) -> dict[str, str]:
    """What each week's key reads of the published records (``published.weeks.key_parts``)."""
    return published_weeks.key_parts(published, [w.slug for w in weeks])


@same_inputs
def static_weeks(weeks: tuple[Week, ...], config: Config, static_images: bool) -> frozenset[str]:
    """The weeks whose charts are drawn as static SVG too: the newest ``static_charts``
    (every week with ``all``); none for a preview, which is read with JavaScript."""
    if not static_images:
        return frozenset()
    count = len(weeks) if config.static_charts is None else config.static_charts
    return frozenset(w.slug for w in weeks[len(weeks) - count :]) if count else frozenset()


def markup_check(commentary: Mapping[date, Commentary], config: Config, warn: Warnings) -> None:
    """What the sanitiser will change in each commentary, said at its line: an image from
    another site (shown as a link), a name the theme reads (shown as text)."""
    for said in _MARKUP.each(commentary.values(), partial(_markup_problems, config), config):
        for message in said:
            warn(message)


_MARKUP = ByObject()  # each commentary's markup warnings, while it is the same object


def _markup_problems(config: Config, items: list[Commentary]) -> list[list[str]]:
    names = not config.allow_raw_html
    return [
        [
            f"{errors.where(item.path, item.body_line + line - 1)}: {what} — {fix}"
            for line, what, fix in guards.problems(item.body, config.remote_image_hosts, names)
        ]
        for item in items
    ]


def fact_check(
    commentary: Mapping[date, Commentary],
    data: MarketData,
    config: Config,
    warn: Warnings,
    progress: Callable[[str], None] = lambda _: None,
) -> None:
    """Every commentary checked against the data as of its week; a commentary whose text and
    data are unchanged since a build checked it gives the same warnings, kept in the cache."""
    memo = Memo(config.cache_dir / "factcheck.pickle", "fact check 1")
    tick = Ticker(progress, len(commentary), "commentary files fact-checked")
    items = list(commentary.values())
    keys = _CHECKED.each(items, partial(weekcache.commentary_keys, data, config), data, config)
    for done, (item, key) in enumerate(zip(items, keys, strict=True)):
        tick(done)
        for problem in memo.get(key, partial(factcheck.check_commentary, item, data)):
            warn(problem)
    memo.save()


_CHECKED = ByObject()  # each commentary's fact-check key, while it and the data are the same


@same_inputs
def draw_history_charts(
    series: Mapping[str, Series],
    config: Config,
    names: Mapping[str, str],
    files: Mapping[str, str],
    static_images: bool = False,
) -> dict[str, tuple[Chart, ...]]:
    """The long-run pages' charts, marked to be drawn as static SVG too for a build."""
    drawn = charts.page_charts(series, charts.labels(config, names), files)
    return {page: static.marked(c, static_images) for page, c in drawn.items()}


def build(
    config: Config,
    warn: Warnings,
    strict: bool = False,
    progress: Callable[[str], None] = lambda _: None,
    drafts: bool = False,
) -> BuildReport:
    """Generate the docs tree and publish it; ``site/`` changes only on success."""
    started = time.monotonic()
    # MkDocs and a chart drawer start up while the tree is generated
    with publish.engine_started(config) as engine, static.drawer_started() as drawer, settled():
        tree = generate(config, warn, progress, drafts=drafts, drawer=drawer, record=not drafts)
        if strict and len(warn):
            raise StrictError(warn.messages)
        progress("publishing with MkDocs")
        publish.publish(tree, config, warn, strict, progress, engine)
    if recorded := published_weeks.write_records(config, tree.records):
        progress(f"recorded {len(recorded)} newly published week(s) in content/published/")
    return BuildReport(
        pages=sum(d.path.endswith(".md") for d in tree.documents),
        weeks=sum(is_week_page(d.path) for d in tree.documents),
        warnings=tuple(warn.messages),
        seconds=time.monotonic() - started,
    )


def svg_cache(config: Config) -> Path:
    """Static charts are cached between builds, keyed by their spec."""
    return config.cache_dir / "svg"


@same_inputs
def source_files(data: MarketData, config: Config) -> dict[str, str]:
    """Each data file as a source line names it: its providers (``sources.csv``), else the
    file as the reader knows it, ``content/data/prices.csv``."""
    files = {stem: str(errors.relative(path, config.root)) for stem, path in data.sources.items()}
    return provenance.source_names(files, data.providers, list(data.closes.columns))


def revise(config: Config, week: str, note: str) -> tuple[Path, Revision]:
    """``marketweek revise``: the week's record takes the numbers the data give now."""
    tree = generate(config, Warnings(), static_images=False)
    return published_weeks.revise(config, tree.reports, published_weeks.load(config), week, note)
