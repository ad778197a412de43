"""Render the docs tree: Markdown pages from Jinja2 templates, chart embeds, data and assets.

Templates run with ``StrictUndefined``; the author's commentary runs in a sandbox that offers
the prose functions and ``chart()``, and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
import vl_convert
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from generator import formats
from generator.errors import CommentaryError, ConfigError, closest
from generator.model import Chart, Commentary, Config, DocsTree, Document, Series, WeekReport
from generator.pages import escape, feeds, sandbox

ProseFunctions = Mapping[str, Callable[..., str]]
VEGA_BUNDLE = "assets/vendor/vega-bundle.js"
ASSETS = ("marketweek.js", "marketweek.css")


def template_env(config: Config) -> jinja2.Environment:
    """The environment of our page templates: every ``{{ value }}`` is escaped as text.

    Templates write Markdown with HTML in it, which HTML autoescape does not cover; instead
    ``finalize`` passes every printed value through ``escape.text`` (HTML and Markdown), so a
    new field in a template cannot forget it. Our own HTML and formatted numbers are
    ``Markup`` and pass unchanged; ``| text`` (alias ``| e``) does the same explicitly.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(config.templates_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: `finalize` escapes for both
        finalize=escape.text,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
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
    return env


def signed(value: float | None, decimals: int = 2) -> str:
    """A change with its arrow, coloured by sign: colour is never the only cue."""
    if value is None:
        return formats.DASH
    css = "mw-up" if value > 0 else "mw-down" if value < 0 else "mw-flat"
    return f'<span class="{css}">{formats.arrow(value)} {formats.change(value, decimals)}</span>'


def chart_html(chart: Chart, base_url: str = "") -> Markup:
    """A chart embed: spec in a data attribute (survives instant navigation), alt text, CSV.

    Every string in it is escaped for HTML and Markdown alike (``escape.text``), so it stays
    inert even where Markdown would read the figure as inline text.
    """
    spec = json.dumps(chart.spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    summary = escape.text(chart.summary or chart.title)
    return Markup(
        f'<figure class="mw-chart" id="chart-{chart.name}">\n'
        f'<div class="mw-vega" role="img" aria-label="{summary}" '
        f'data-spec="{escape.text(spec)}">'
        f'<noscript><img class="mw-static" src="{base_url}{chart.name}.svg" alt="{summary}">'
        f"</noscript></div>\n"
        f'<img class="mw-print" src="{base_url}{chart.name}.svg" alt="{summary}" '
        f'loading="lazy">\n'
        f'<figcaption>{escape.text(chart.summary)} <span class="mw-source">Source: '
        f'{escape.text(chart.source)} · <a href="{base_url}{chart.name}.csv" download>'
        f"Data (CSV)</a></span></figcaption>\n</figure>\n"
    )


class CommentaryRenderer:
    """Evaluates one commentary file in the sandbox, reporting errors at the author's line."""

    def __init__(
        self, item: Commentary, functions: ProseFunctions, charts: Mapping[str, Chart]
    ) -> None:
        self.item, self.functions, self.charts = item, functions, charts
        self.used: list[str] = []

    def render(self) -> str:
        env = sandbox.environment({**self.functions, "chart": self.chart})
        name = str(self.item.path)
        try:
            return sandbox.render(env, self.item.body, name) if self.item.body else ""
        except sandbox.Runaway as exc:
            raise self.error(
                _template_line(exc.__traceback__, name),
                f"commentary stopped: {exc.what}",
                'write text and calls such as {{ close("RUT") }}; loops and big sums are not '
                "what commentary is for",
            ) from exc
        except (ArithmeticError, ValueError) as exc:
            raise self.error(
                _template_line(exc.__traceback__, name),
                f"cannot compute this: {exc}",
                "check the numbers in that expression",
            ) from exc
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
            word = str(exc.message).split("'")[1] if "'" in str(exc.message) else ""
            raise self.error(
                _template_line(exc.__traceback__, name),
                f"unknown function {word!r}",
                closest(word, self.names()),
            ) from exc
        except LookupError as exc:
            what, fix = exc.args if len(exc.args) == 2 else (str(exc), "check the name")
            raise self.error(_template_line(exc.__traceback__, name), what, fix) from exc
        except TypeError as exc:
            raise self.error(
                _template_line(exc.__traceback__, name),
                f"bad call: {exc}",
                "see the list of prose functions in the docs",
            ) from exc

    def names(self) -> list[str]:
        return sorted([*self.functions, "chart"])

    def chart(self, name: str) -> str:
        if name not in self.charts:
            raise LookupError(f"unknown chart {name!r}", closest(name, sorted(self.charts)))
        self.used.append(name)
        return "\n" + chart_html(self.charts[name]) + "\n"

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
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise ConfigError(
            Path(context["config"].templates_dir) / name,
            None,
            "template not found",
            "restore it from the marketweek sample",
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(
            exc.filename or name, exc.lineno, f"template error: {exc.message}", "fix the template"
        ) from exc
    except jinja2.UndefinedError as exc:
        raise _template_error(
            exc, env, name, f"template uses an unknown name: {exc.message}"
        ) from exc
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        raise _template_error(exc, env, name, f"template error: {exc}") from exc


def _template_error(exc: Exception, env: jinja2.Environment, name: str, what: str) -> ConfigError:
    """An error raised while a template of ours ran, at that template's line."""
    _, filename, _ = env.loader.get_source(env, name) if env.loader else ("", name, None)
    path = filename or name
    return ConfigError(
        path, _template_line(exc.__traceback__, path), what, "fix that line of the template"
    )


def week_page(
    env: jinja2.Environment,
    report: WeekReport,
    charts: tuple[Chart, ...],
    functions: ProseFunctions,
    config: Config,
) -> list[Document]:
    by_name = {c.name: c for c in charts}
    body, used = Markup(), list[str]()
    if report.commentary:  # a build has left drafts out; a preview shows them, marked
        renderer = CommentaryRenderer(report.commentary, functions, by_name)
        rendered, used = renderer.render(), renderer.used
        body = commentary_body(rendered, used, by_name, config)
    text = render_template(
        env,
        "week.md.j2",
        r=report,
        config=config,
        commentary=body,
        chart=lambda n: chart_html(by_name[n]) if n in by_name and n not in used else "",
        has_chart=lambda n: n in by_name,
    )
    folder = f"weeks/{report.week.slug}"
    return [
        Document(f"{folder}/index.md", text),
        *chart_files(folder, charts),
    ]


def commentary_body(
    body: str, used: list[str], charts: Mapping[str, Chart], config: Config
) -> Markup:
    """The evaluated commentary, its raw HTML sanitised unless the authors are trusted.

    The chart embeds ``chart()`` put in (``used``, in order) are ours and are kept whole.
    """
    if config.allow_raw_html:
        return Markup(body)
    embeds = [chart_html(charts[name]) for name in used]
    return Markup(escape.sanitize_markdown(body, keep=embeds))


def chart_files(folder: str, charts: tuple[Chart, ...]) -> list[Document]:
    """Each chart's data as CSV and its static SVG, beside the page that shows it."""
    files = [Document(f"{folder}/{c.name}.csv", c.csv) for c in charts]
    return files + [Document(f"{folder}/{c.name}.svg", c.svg) for c in charts if c.svg]


def home_page(
    env: jinja2.Environment,
    reports: tuple[WeekReport, ...],
    charts: tuple[Chart, ...],
    config: Config,
) -> Document:
    latest = reports[-1]
    by_name = {c.name: c for c in charts}
    base = f"weeks/{latest.week.slug}/"
    text = render_template(
        env,
        "home.md.j2",
        r=latest,
        recent=tuple(reversed(reports[-5:-1])),
        config=config,
        chart=lambda n: chart_html(by_name[n], base) if n in by_name else "",
    )
    return Document("index.md", text)


def archive_page(
    env: jinja2.Environment, reports: tuple[WeekReport, ...], config: Config
) -> Document:
    years: dict[int, list[WeekReport]] = {}
    for report in reversed(reports):
        years.setdefault(report.week.end.year, []).append(report)
    return Document(
        "weeks/index.md", render_template(env, "archive.md.j2", years=years, config=config)
    )


def asset_documents() -> list[Document]:
    """Our chart loader and styles, and the vega JavaScript, served from the site itself."""
    folder = resources.files("generator.pages") / "assets"
    ours = [
        Document(f"assets/{name}", (folder / name).read_text(encoding="utf-8")) for name in ASSETS
    ]
    # The stub marks `snippet` required; without it the function returns the whole bundle.
    bundle = "(function(){\n" + vl_convert.javascript_bundle() + "\n})();\n"  # type: ignore[call-arg]
    return [*ours, Document(VEGA_BUNDLE, bundle)]


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
            chart=lambda n, b=by_name: chart_html(b[n]) if n in b else "",
        )
        documents += [Document(f"{page}/index.md", text), *chart_files(page, page_charts)]
    return documents


def render_site(
    reports: tuple[WeekReport, ...],
    charts: Mapping[str, tuple[Chart, ...]],
    functions: Mapping[str, ProseFunctions],
    config: Config,
    history: tuple[Mapping[str, Series], Mapping[str, tuple[Chart, ...]]],
    names: Mapping[str, str],
    files: Mapping[str, str],
) -> DocsTree:
    env = template_env(config)
    documents = [
        home_page(env, reports, charts[reports[-1].week.slug], config),
        archive_page(env, reports, config),
        *history_pages(env, history[0], history[1], reports[-1], config, names, files),
        *feeds.feed_documents(reports, charts, config),
        *asset_documents(),
    ]
    for report in reports:
        documents += week_page(
            env, report, charts[report.week.slug], functions[report.week.slug], config
        )
    return DocsTree(
        tuple(documents),
        nav=(
            {"Latest issue": "index.md"},
            {"Archive": "weeks/index.md"},
            {"Rotation": "rotation/index.md"},
            {"Sectors": "sectors/index.md"},
            {"Outlook": "outlook/index.md"},
        ),
        extra_css=("assets/marketweek.css",),
        extra_javascript=(VEGA_BUNDLE, "assets/marketweek.js"),
        overrides=theme_overrides(config),
        epoch=int(datetime.combine(reports[-1].week.end, feeds.CLOSE).timestamp()),
    )


def theme_overrides(config: Config) -> tuple[Document, ...]:
    """The theme overrides in ``templates/overrides`` (Open Graph tags, feed links)."""
    folder = config.templates_dir / "overrides"
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    return tuple(Document(str(p.relative_to(folder)), p.read_text(encoding="utf-8")) for p in files)
