"""RSS 2.0 and Atom feeds of the latest weeks, written with feedgen.

Each entry carries the week's summary, its takeaways and the rotation chart as a static
image. Dates come from the weeks themselves, so two builds write the same bytes. Titles and
author names are plain text; the summary and the content are HTML (RSS readers render
``<description>`` as HTML), so every string from data in them is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time

from feedgen.feed import FeedGenerator

from generator.model import Chart, Config, Document, WeekReport
from generator.pages.escape import html_text, plain_text

LATEST = 20
CLOSE = time(21, 0, tzinfo=UTC)  # 4 p.m. in New York in winter: the week's last close


def week_url(config: Config, report: WeekReport) -> str:
    return f"{config.site_url.rstrip('/')}/{report.week.folder}/"


def entry_title(report: WeekReport) -> str:
    """'Week ending December 19, 2025: ' and the author's title, or for a week without one
    the headline its numbers make (what happened, in a few words)."""
    title = f"Week ending {report.week.end:%B} {report.week.end.day}, {report.week.end.year}"
    told = report.commentary.title if report.commentary and report.commentary.title else ""
    told = told or report.headline
    return f"{title}: {plain_text(told)}" if told else title


def entry_summary(report: WeekReport) -> str:
    if report.commentary and report.commentary.summary:
        return report.commentary.summary
    return report.takeaways[0] if report.takeaways else entry_title(report)


def entry_content(report: WeekReport, chart: Chart | None, url: str, data_note: str = "") -> str:
    items = "".join(f"<li>{html_text(line)}</li>" for line in report.takeaways)
    image = (
        f'<p><img src="{url}{chart.name}.svg" alt="{html_text(chart.summary)}" width="640"></p>'
        if chart and chart.svg
        else ""
    )
    note = f"<p>{html_text(data_note)}</p>" if data_note else ""
    revised = "".join(f"<p>{html_text(line)}</p>" for line in revision_lines(report))
    return (
        f"{revised}<p>{html_text(entry_summary(report))}</p><ul>{items}</ul>{image}{note}"
        f'<p><a href="{url}">Read the full issue</a></p>'
    )


def revision_lines(report: WeekReport) -> list[str]:
    """The week's revision notes, as its page words them (``revised.md.j2``)."""
    return [
        f"Revised {r.day.isoformat()}: {'; '.join(r.changes)}"
        + (
            ", after a data revision; the issue shows the numbers as first published"
            if r.pending
            else ""
        )
        + "."
        + (f" {r.note}" if r.note else "")
        for r in report.revisions
    ]


def updated(report: WeekReport) -> datetime:
    """When the week last changed: its close, or the day of its latest revision."""
    return datetime.combine(max([report.week.end, *(r.day for r in report.revisions)]), CLOSE)


def feed_generator(
    reports: tuple[WeekReport, ...],
    charts: Mapping[str, tuple[Chart, ...]],
    config: Config,
    name: str,
) -> FeedGenerator:
    feed = FeedGenerator()
    home = config.site_url.rstrip("/") + "/"
    feed.id(home)
    feed.title(config.site_name)
    subtitle = str(config.mkdocs.get("site_description") or config.site_name)
    feed.subtitle(f"{subtitle} {config.data_note}".strip())
    feed.link(href=f"{home}{name}", rel="self")
    feed.link(href=home, rel="alternate")
    feed.language("en")
    feed.author({"name": ", ".join(config.authors)})
    feed.updated(max(updated(r) for r in reports[-LATEST:]))
    feed.lastBuildDate(max(updated(r) for r in reports[-LATEST:]))
    for report in reports[-LATEST:]:
        add_entry(feed, report, charts.get(report.week.slug, ()), config)
    return feed


def add_entry(
    feed: FeedGenerator, report: WeekReport, charts: tuple[Chart, ...], config: Config
) -> None:
    url = week_url(config, report)
    rotation = next((c for c in charts if c.name == "rotation"), None)
    when = datetime.combine(report.week.end, CLOSE)
    entry = feed.add_entry(order="prepend")
    entry.id(url)
    entry.guid(url, permalink=True)
    entry.title(entry_title(report))
    entry.link(href=url)
    entry.summary(html_text(entry_summary(report)), type="html")
    entry.content(entry_content(report, rotation, url, config.data_note), type="html")
    entry.published(when)
    entry.updated(updated(report))
    names = (
        report.commentary.authors
        if report.commentary and report.commentary.authors
        else config.authors
    )
    entry.author([{"name": plain_text(name)} for name in names])


def feed_documents(
    reports: tuple[WeekReport, ...], charts: Mapping[str, tuple[Chart, ...]], config: Config
) -> list[Document]:
    """``feed.xml`` (RSS 2.0) and ``atom.xml`` (Atom) of the latest weeks."""
    rss = feed_generator(reports, charts, config, "feed.xml").rss_str(pretty=True)
    atom = feed_generator(reports, charts, config, "atom.xml").atom_str(pretty=True)
    return [Document("feed.xml", rss.decode("utf-8")), Document("atom.xml", atom.decode("utf-8"))]
