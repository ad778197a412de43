"""Render the docs tree: Markdown pages from Jinja2 templates, chart embeds, data and assets.

Templates run with ``StrictUndefined``; the author's commentary runs in a sandbox that offers
the prose functions and ``chart()``, and nothing else.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from generator import formats, usercache
from generator.charts import compiled
from generator.config import PACKAGED_TEMPLATES
from generator.errors import CommentaryError, ConfigError, closest, decode_text, where
from generator.kept import ByObject
from generator.model import (
    DATA_FILES,
    Chart,
    Commentary,
    Config,
    DocsTree,
    Document,
    RateLine,
    Series,
    WeekReport,
)
from generator.pages import bundle, escape, feeds, sandbox, tables

ProseFunctions = Mapping[str, Callable[..., str]]
TEMPLATE_FIX = "fix that line of the template"
QUALIFIER = re.compile(r"\b(?:\w+\.(?:<locals>\.)?)+(?=\w+\(\))")  # where a function is defined


def template_env(config: Config) -> jinja2.Environment:
    """The environment of our page templates: every ``{{ value }}`` is escaped as text.

    Templates write Markdown with HTML in it, which HTML autoescape does not cover; instead
    ``finalize`` passes every printed value through ``escape.text`` (HTML and Markdown), so a
    new field in a template cannot forget it. Our own HTML and formatted numbers are
    ``Markup`` and pass unchanged; ``| text`` (alias ``| e``) does the same explicitly.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([config.templates_dir, PACKAGED_TEMPLATES]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: `finalize` escapes for both
        finalize=escape.text,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=usercache.compiled_templates("jinja-pages"),  # apart from the theme's
    )
    numbers: dict[str, Callable[..., str]] = dict(
        level=formats.level,
        percent=formats.percent,
        change=formats.change,
        points=formats.points,
        arrow=formats.arrow,
        day=formats.day,
        short_day=formats.short_day,
        rate=lambda r: formats.rate_range(r.lower, r.upper),
        signed_points=lambda v: signed(None if v is None else v / 100),
        signed=signed,
    )
    env.filters.update({name: escape.safe(f) for name, f in numbers.items()})
    env.filters.update(
        text=escape.text,
        e=escape.text,
        yaml_str=escape.yaml_str,
        week_title=feeds.entry_title,
    )
    env.filters.update(story_filters())
    return env


def story_filters() -> dict[str, Callable[..., Any]]:
    """Filters over a report's values. The sentences and labels themselves are the report's
    (``facts/narrative.py`` tells each once), so a number reads the same wherever it appears.

    Sentences carry names from the data, so they stay plain text, escaped where they land;
    only the number formats are marked safe.
    """
    return {
        "headline": lambda report: report.headline,
        "tags": lambda report: report.tags,
        "target": escape.safe(formats.target),
        "tag_slug": tag_slug,
        "spread_points": escape.safe(spread_points),
        "search_boost": search_boost,
        "rate_value": escape.safe(rate_value),
        "rate_change": escape.safe(rate_change),
    }


def tag_slug(tag: str) -> str:
    """A tag as an attribute value and filter key: ``Fed decision`` → ``fed-decision``."""
    return re.sub(r"[^a-z0-9]+", "-", tag.casefold()).strip("-") or "tag"


def search_boost(day: date) -> str:
    """A week's weight in search: the same words rank the newer week first. It grows with
    the date alone (about 1% a year, never reaching the weight of a better match), so a
    week's page does not change when later weeks are added."""
    return f"{1 + (day.toordinal() - date(2000, 1, 1).toordinal()) / 36525:.4f}"


def rate_value(line: RateLine) -> str:
    """A rate as a percent with two decimals (4.12%), a level with thousands separators."""
    return f"{line.value:.2f}%" if line.unit == "%" else formats.level(line.value)


def rate_change(line: RateLine) -> str:
    """A yield's weekly change in basis points (▲ +12 bp), a level's in percent; signed, with
    its arrow, neutral when it rounds to nothing."""
    if line.change is None:
        return formats.DASH
    if line.unit == "%":
        points = round(line.change * 100)
        css = "mw-up" if points > 0 else "mw-down" if points < 0 else "mw-flat"
        sign = "+" if points > 0 else "−" if points < 0 else ""
        return f'<span class="{css}">{formats.arrow(points)} {sign}{abs(points)} bp</span>'
    return signed(line.change)


def spread_points(value: float | None) -> str:
    """A week's small-cap minus large-cap spread, signed, with its arrow: ▲ +1.8 pp; a spread
    that rounds to 0.0 is neutral."""
    if value is None:
        return formats.DASH
    value = 0.0 if round(value, 1) == 0 else value
    css = "mw-up" if value > 0 else "mw-down" if value < 0 else "mw-flat"
    return f'<span class="{css}">{formats.arrow(value)} {formats.points(value, 1)}</span>'


def signed(value: float | None, decimals: int = 2) -> str:
    """A change with its arrow, coloured by sign: colour is never the only cue."""
    if value is None:
        return formats.DASH
    css = "mw-up" if value > 0 else "mw-down" if value < 0 else "mw-flat"
    return f'<span class="{css}">{formats.arrow(value)} {formats.change(value, decimals)}</span>'


def chart_html(chart: Chart, base_url: str = "", as_of: date | None = None) -> Markup:
    """A chart embed: the URL of its spec (a JSON file beside the page, fetched by the chart
    loader, so pages stay light), its static SVG for readers without JavaScript and for print
    where one is drawn (``chart.static``; else a note), alt text, CSV.

    Every string in it is escaped for HTML and Markdown alike (``escape.text``), so it stays
    inert even where Markdown would read the figure as inline text.
    """
    summary = escape.text(chart.summary or chart.title)
    svg = f"{base_url}{chart.name}.svg"
    fallback, printed = (
        (
            f'<img class="mw-static" src="{svg}" alt="{summary}">',
            f'<img class="mw-print" src="{svg}" alt="{summary}" loading="lazy">\n',
        )
        if chart.static
        else (NO_SCRIPT_NOTE, "")
    )
    return Markup(
        f'<figure data-search-exclude class="mw-chart{" mw-has-static" if chart.static else ""}" '
        f'id="chart-{chart.name}">\n'
        f'{SPEC_TAG}{base_url}{chart.name}.json" role="img" aria-label="{summary}">'
        f"<noscript>{fallback}</noscript></div>\n"
        f"{printed}"
        f'<figcaption>{escape.text(chart.summary)} <span class="mw-source">Source: '
        f"{escape.text(chart.source)}{as_of_text(as_of)} · "
        f'<a href="{base_url}{chart.name}.csv" download>Data (CSV)</a></span></figcaption>\n'
        "</figure>\n"
    )


# How a chart embed starts: the theme override's prefetch looks for exactly this, which
# sanitised commentary cannot write (the sanitiser drops `data-` attributes and `.mw-vega`).
SPEC_TAG = '<div class="mw-vega" data-spec-url="'

NO_SCRIPT_NOTE = (
    '<p class="mw-note">This chart is drawn in the browser; its data are in the CSV below.</p>'
)


def as_of_text(as_of: date | None) -> str:
    """' · closes to December 19, 2025' for a source line (nothing without a date)."""
    return f" · closes to {formats.day(as_of)}" if as_of else ""


class CommentaryRenderer:
    """Evaluates one commentary file in the sandbox, reporting errors at the author's line."""

    def __init__(
        self,
        item: Commentary,
        functions: ProseFunctions,
        charts: Mapping[str, Chart],
        empty: Mapping[str, str] | None = None,
    ) -> None:
        self.item, self.functions, self.charts = item, functions, charts
        self.empty = empty or {}  # the week's charts with nothing to draw: the data they need
        self.used: list[str] = []

    def render(self) -> str:
        env = sandbox.environment({**self.functions, "chart": self.chart})
        name = str(self.item.path)
        try:
            return sandbox.render(env, self.item.body, name) if self.item.body else ""
        except sandbox.Runaway as exc:
            raise self.error(
                exc.line or _template_line(exc.__traceback__, name),
                f"commentary stopped: {exc.what}",
                exc.fix
                or 'write text and calls such as {{ close("RUT") }}; loops and big sums are not '
                "what commentary is for",
            ) from exc
        except sandbox.Refused as exc:
            raise self.error(
                exc.line,
                f"{{% {exc.tag} %}} is not available in commentary (no includes, imports or "
                "extends)",
                'write the text in this file, with calls such as {{ close("RUT") }}',
            ) from exc
        except (ArithmeticError, ValueError) as exc:
            raise self.error(
                _template_line(exc.__traceback__, name),
                f"cannot compute this: {exc}",
                "check the numbers in that expression",
            ) from exc
        except jinja2.TemplateAssertionError as exc:  # an unknown filter or test, mostly
            raise self.error(exc.lineno, *self.assertion(str(exc.message))) from exc
        except jinja2.TemplateSyntaxError as exc:
            raise self.error(
                exc.lineno,
                f"template syntax error: {exc.message}",
                "close every {{ with }} and check the quotes",
            ) from exc
        except SecurityError as exc:
            raise self.error(
                _template_line(exc.__traceback__, name),
                f"not allowed in commentary: {exc}",
                f"use only {', '.join(self.names())}",
            ) from exc
        except jinja2.UndefinedError as exc:
            line = _template_line(exc.__traceback__, name)
            raise self.error(line, *self.unknown(str(exc.message), line)) from exc
        except LookupError as exc:
            what, fix = exc.args if len(exc.args) == 2 else (str(exc), "check the name")
            raise self.error(_template_line(exc.__traceback__, name), what, fix) from exc
        except TypeError as exc:
            message = QUALIFIER.sub("", str(exc))  # close(), not prose_functions.<locals>.close()
            what, fix = (
                (f"bad call: {message}", "see the list of prose functions in the docs")
                if "()" in message  # about a call; else about values, such as 1 + "a"
                else (f"cannot compute this: {message}", "check the values in that expression")
            )
            raise self.error(_template_line(exc.__traceback__, name), what, fix) from exc

    def names(self) -> list[str]:
        return sorted([*self.functions, "chart"])

    def unknown(self, message: str, line: int | None) -> tuple[str, str]:
        """What is wrong and the fix for a name that is not defined: a symbol without quotes
        (all capitals, as symbols are), a misspelt function, or some other name."""
        match = re.fullmatch(r"'(.+)' is undefined", message)
        if not match:
            return f"unknown name: {message}", f"use only {', '.join(self.names())}"
        word, source = match.group(1), self.source_line(line)
        if word.isupper():
            call = re.search(rf"(\w+)\([^()]*\b{re.escape(word)}\b", source)
            return f"unknown name {word!r}", (
                f'put symbols in quotes: {call.group(1) if call else "close"}("{word}")'
            )
        called = re.search(rf"\b{re.escape(word)}\s*\(", source)
        return f"unknown {'function' if called else 'name'} {word!r}", closest(word, self.names())

    def assertion(self, message: str) -> tuple[str, str]:
        """What is wrong and the fix for a filter or test that commentary does not offer."""
        match = re.match(r"No (filter|test) named '([^']*)'", message)
        if match and match.group(1) == "filter":
            return (
                f"filter {match.group(2)!r} is not available in commentary",
                f"use one of {', '.join(sorted(sandbox.SAFE_FILTERS))}",
            )
        if match:
            return (
                f"the test 'is {match.group(2)}' is not available in commentary",
                "commentary has no tests: compare values with ==, < or >",
            )
        return f"template error: {message}", "fix that line of the commentary"

    def source_line(self, line: int | None) -> str:
        lines = self.item.body.splitlines()
        return lines[line - 1] if line and line <= len(lines) else ""

    def chart(self, *names: object) -> str:
        if len(names) != 1 or not isinstance(names[0], str):
            example = next(iter(sorted(self.charts)), "rotation")
            raise LookupError(
                "chart() needs one chart name in quotes", f'write e.g. chart("{example}")'
            )
        name = names[0]
        if name in self.empty:
            raise LookupError(
                f"the {name} chart has nothing to draw up to {formats.day(self.item.week)}",
                f'take chart("{name}") out of this week, or add the data it draws '
                f"({self.empty[name]})",
            )
        if name not in self.charts:
            raise LookupError(f"unknown chart {name!r}", closest(name, sorted(self.charts)))
        self.used.append(name)
        return "\n" + chart_html(self.charts[name], as_of=self.item.week) + "\n"

    def error(self, line: int | None, what: str, fix: str) -> CommentaryError:
        at = self.item.body_line + line - 1 if line else None
        return CommentaryError(self.item.path, at, what, fix)


def _template_line(tb: TracebackType | None, name: str) -> int | None:
    """The line of the innermost template frame in a traceback."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in (name, "<template>"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    folder = Path(context["config"].templates_dir)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        if exc.name != name:  # the template is there; one it includes is not
            raise _template_error(
                exc,
                folder,
                name,
                f"template {exc.name!r} (included here) not found",
                f"fix the name, or add the file to {where(folder, None)}/",
            ) from exc
        raise ConfigError(
            folder / name, None, "template not found", "restore it from the marketweek sample"
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(
            exc.filename or name, exc.lineno, f"template error: {exc.message}", "fix the template"
        ) from exc
    except jinja2.UndefinedError as exc:
        raise _template_error(
            exc, folder, name, f"template uses an unknown name: {exc.message}"
        ) from exc
    except UnicodeDecodeError as exc:  # a ValueError: before that one
        raise _not_utf8(exc, folder, name) from exc
    except RecursionError as exc:
        raise _endless(exc, folder, name) from exc
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        raise _template_error(exc, folder, name, f"template error: {exc}") from exc


def _template_error(
    exc: BaseException, folder: Path, name: str, what: str, fix: str = TEMPLATE_FIX
) -> ConfigError:
    """An error raised while a template of ours ran, at the line of the innermost template
    that ran (``name``, or a template it includes)."""
    frames = _template_frames(exc.__traceback__, folder)
    path, line = frames[-1] if frames else (str(folder / name), None)
    return ConfigError(path, line, what, fix)


def _template_frames(tb: TracebackType | None, folder: Path) -> list[tuple[str, int]]:
    """File and line of each template in ``folder`` that was running, outermost first: a
    template's top-level code starts one (an include does), and the frames of its blocks and
    macros that follow in a row count as it, at the innermost one's line."""
    inside = tuple(os.path.join(os.path.abspath(f), "") for f in (folder, PACKAGED_TEMPLATES))
    frames: list[tuple[str, int]] = []
    while tb is not None:
        code = tb.tb_frame.f_code
        if os.path.abspath(code.co_filename).startswith(inside):
            top = code.co_name == "top-level template code"  # Jinja's name for it
            if frames and frames[-1][0] == code.co_filename and not top:
                frames.pop()
            frames.append((code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return frames


def _endless(exc: RecursionError, folder: Path, name: str) -> ConfigError:
    """Python's recursion limit, reached by templates: at the line of the first template
    that includes itself (directly or through others), else of the innermost."""
    frames = _template_frames(exc.__traceback__, folder)
    paths = [path for path, _ in frames]
    for end, path in enumerate(paths):
        if path in paths[:end]:
            start = paths.index(path)
            through = [os.path.relpath(p, folder) for p in paths[start + 1 : end]]
            what = "template error: the template includes itself" + (
                f" (through {', '.join(through)})" if through else ""
            )
            return ConfigError(path, frames[start][1], what, TEMPLATE_FIX)
    return _template_error(
        exc,
        folder,
        name,
        "template error: it calls itself without end (a macro that calls itself?)",
    )


def _not_utf8(exc: UnicodeDecodeError, folder: Path, name: str) -> ConfigError:
    """The template that is not UTF-8 text (``name`` or one it includes), at its first bad byte."""
    template, tb = name, exc.__traceback__
    while tb is not None:  # the loader's frame knows which template it was reading
        if tb.tb_frame.f_code.co_name == "get_source":
            template = tb.tb_frame.f_locals.get("template", template)
        tb = tb.tb_next
    path = folder / template
    try:
        decode_text(path, path.read_bytes(), ConfigError)
    except ConfigError as error:
        return error
    return ConfigError(path, None, f"not UTF-8 text ({exc.reason})", "save the file as UTF-8")


def week_page(
    env: jinja2.Environment,
    report: WeekReport,
    charts: tuple[Chart, ...],
    functions: ProseFunctions,
    config: Config,
    files: Mapping[str, str] | None = None,
    drawable: Mapping[str, tuple[str, ...]] | None = None,
) -> list[Document]:
    """The week's page and its charts' files; ``drawable``: every chart a week can hold, with
    the data it draws on (commentary naming one with nothing to draw this week is told so)."""
    by_name = {c.name: c for c in charts}
    body, used = Markup(), list[str]()
    if report.commentary:  # a build has left drafts out; a preview shows them, marked
        empty = {
            name: ", ".join(DATA_PATHS.get(source, source) for source in sources)
            for name, sources in (drawable or {}).items()
            if name not in by_name
        }
        renderer = CommentaryRenderer(report.commentary, functions, by_name, empty)
        rendered, used = renderer.render(), renderer.used
        body = commentary_body(rendered, used, by_name, config, report.week.end)
    text = render_template(
        env,
        "week.md.j2",
        r=report,
        config=config,
        commentary=body,
        chart=lambda n: (
            chart_html(by_name[n], as_of=report.week.end) if n in by_name and n not in used else ""
        ),
        has_chart=lambda n: n in by_name,
        files=files or DATA_PATHS,
    )
    folder = report.week.folder
    return [
        Document(f"{folder}/index.md", text),
        *chart_files(folder, charts, config.cache_dir),
        *table_files(folder, report),
    ]


DATA_PATHS = {s: f"content/data/{s}.csv" for s in (*DATA_FILES, "rates")}


def table_files(folder: str, report: WeekReport) -> list[Document]:
    """The week's tables as CSV beside the page (the charts' data are beside it already)."""
    return [
        Document(f"{folder}/{name}.csv", csv_text(series))
        for name, series in tables.week_tables(report).items()
    ]


def csv_text(series: Series) -> str:
    return formats.csv_text(series.columns, series.rows)


def commentary_body(
    body: str,
    used: list[str],
    charts: Mapping[str, Chart],
    config: Config,
    as_of: date | None = None,
) -> Markup:
    """The evaluated commentary, its raw HTML sanitised unless the authors are trusted; its
    Markdown images from other sites are links either way (unless their host is allowed).

    The chart embeds ``chart()`` put in (``used``, in order) are ours and are kept whole.
    """
    hosts = config.remote_image_hosts
    if config.allow_raw_html:
        return Markup(escape.local_images(body, hosts))
    embeds = [chart_html(charts[name], as_of=as_of) for name in used]
    return Markup(escape.sanitize_markdown(body, keep=embeds, image_hosts=hosts))


def chart_files(
    folder: str, charts: tuple[Chart, ...], cache: Path | None = None
) -> list[Document]:
    """Each chart's spec (JSON), data (CSV) and static SVG, beside the page that shows it."""
    files = [Document(f"{folder}/{c.name}.json", spec_json(c, cache)) for c in charts]
    files += [Document(f"{folder}/{c.name}.csv", c.csv) for c in charts]
    return files + svg_files(folder, charts)


def svg_files(folder: str, charts: tuple[Chart, ...]) -> list[Document]:
    """The static SVGs of the charts that have one."""
    return [Document(f"{folder}/{c.name}.svg", c.svg) for c in charts if c.svg]


def spec_json(chart: Chart, cache: Path | None = None) -> str:
    """The spec as the loader fetches it: compiled to Vega (compilations kept in ``cache``),
    sorted keys (builds are identical)."""
    return compiled.vega_json(chart.spec, cache)


def home_page(
    env: jinja2.Environment,
    reports: tuple[WeekReport, ...],
    charts: tuple[Chart, ...],
    config: Config,
) -> Document:
    latest = reports[-1]
    by_name = {c.name: c for c in charts}
    base = f"{latest.week.folder}/"
    text = render_template(
        env,
        "home.md.j2",
        r=latest,
        recent=tuple(reversed(reports[-5:-1])),
        config=config,
        chart=lambda n: chart_html(by_name[n], base, latest.week.end) if n in by_name else "",
    )
    return Document("index.md", text)


def archive_page(
    env: jinja2.Environment, reports: tuple[WeekReport, ...], config: Config
) -> Document:
    years: dict[int, list[WeekReport]] = {}
    for report in reversed(reports):
        years.setdefault(report.week.end.year, []).append(report)
    lines = iter(archive_lines(env, list(reversed(reports)), config))
    rows = {year: [next(lines) for _ in weeks] for year, weeks in years.items()}
    pair = [q.name for q in reports[-1].scoreboard[:2]]
    text = render_template(
        env,
        "archive.md.j2",
        years=years,  # each year's reports, for a project's own archive.md.j2 written before rows
        rows=rows,
        config=config,
        count=len(reports),
        all_tags=sorted({t for r in reports for t in r.tags}, key=str.casefold),
        spread_label=" minus ".join(pair) if len(pair) == 2 else "small minus large caps",
    )
    return Document("weeks/index.md", text)


def archive_lines(
    env: jinja2.Environment, reports: list[WeekReport], config: Config
) -> list[Markup]:
    """Each week's line in the archive (``archive_week.md.j2``), held while the week's report
    and the template are the same: a preview's edit to one week redoes one line, not 1,900."""
    name = "archive_week.md.j2"
    try:
        source = env.loader.get_source(env, name)[0] if env.loader else ""
    except jinja2.TemplateNotFound:
        source = ""  # said by render_template, below
    return _LINES.each(reports, partial(_archive_lines, env, config), config, source)


_LINES = ByObject()


def _archive_lines(
    env: jinja2.Environment, config: Config, reports: list[WeekReport]
) -> list[Markup]:
    return [Markup(render_template(env, "archive_week.md.j2", w=r, config=config)) for r in reports]


def history_pages(
    env: jinja2.Environment,
    series: Mapping[str, Series],
    charts: Mapping[str, tuple[Chart, ...]],
    latest: WeekReport,
    config: Config,
    names: Mapping[str, str],
    files: Mapping[str, str],
) -> list[Document]:
    """The long-run pages: rotation history, sector history and the outlook tracker."""
    yearly = {(year, name): change for year, name, change in series["yearly"].rows}
    context = dict(
        config=config,
        last=latest.week,
        names=names,
        files=files,
        report=latest,
        yearly=yearly,
        years=sorted({y for y, _ in yearly}, reverse=True),
        indices=list(dict.fromkeys(n for _, n in yearly)),
        table=series["sector_table"].rows,
    )
    documents = []
    for page, page_charts in charts.items():
        by_name = {c.name: c for c in page_charts}
        text = render_template(
            env,
            f"{page}.md.j2",
            **context,
            chart=lambda n, b=by_name: chart_html(b[n], as_of=latest.week.end) if n in b else "",
        )
        documents += [
            Document(f"{page}/index.md", text),
            *chart_files(page, page_charts, config.cache_dir),
        ]
    return documents


def render_site(
    reports: tuple[WeekReport, ...],
    charts: Mapping[str, tuple[Chart, ...]],
    week_documents: tuple[Document, ...],
    config: Config,
    history: tuple[Mapping[str, Series], Mapping[str, tuple[Chart, ...]]],
    names: Mapping[str, str],
    files: Mapping[str, str],
) -> DocsTree:
    env = template_env(config)
    assets = bundle.site_assets(config.cache_dir)
    documents = [
        home_page(env, reports, charts[reports[-1].week.slug], config),
        archive_page(env, reports, config),
        *history_pages(env, history[0], history[1], reports[-1], config, names, files),
        *feeds.feed_documents(reports, charts, config),
        *assets.documents,
        *week_documents,
    ]
    return DocsTree(
        tuple(documents),
        nav=(
            {"Latest issue": "index.md"},
            {"Archive": "weeks/index.md"},
            {"Rotation": "rotation/index.md"},
            {"Sectors": "sectors/index.md"},
            {"Outlook": "outlook/index.md"},
        ),
        extra_css=assets.css,
        extra_javascript=assets.javascript,
        overrides=theme_overrides(config),
        epoch=int(datetime.combine(reports[-1].week.end, feeds.CLOSE).timestamp()),
    )


def theme_overrides(config: Config) -> tuple[Document, ...]:
    """The theme overrides (Open Graph tags, feed links): the package's, each replaced by the
    project's file of the same name in ``templates/overrides``, plus the project's own."""
    files: dict[str, Path] = {}
    for folder in (PACKAGED_TEMPLATES / "overrides", config.templates_dir / "overrides"):
        if folder.is_dir():
            files |= {str(p.relative_to(folder)): p for p in folder.rglob("*") if p.is_file()}
    return tuple(
        Document(name, decode_text(path, path.read_bytes(), ConfigError))
        for name, path in sorted(files.items())
    )
