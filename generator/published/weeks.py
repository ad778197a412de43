"""What the build asks of the records: each week's page as published (or revised, once the
author accepts), the revisions still to review as warnings, the records of newly published
weeks, and ``marketweek revise``."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from generator import digests, errors, formats, kept
from generator.errors import RecordError, Warnings
from generator.facts import sentences
from generator.model import Config, Document, Revision, Security, WeekFacts, WeekReport
from generator.published import numbers, store
from generator.published.store import PublishedWeek

NEW_YORK = ZoneInfo("America/New_York")


def today() -> date:
    """The build's date: ``SOURCE_DATE_EPOCH`` when set (the same commit builds the same
    site), else today in New York."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return datetime.now(NEW_YORK).date()


def load(config: Config) -> dict[str, PublishedWeek]:
    return store.load_all(config)


def key_parts(
    published: Mapping[str, PublishedWeek],
    slugs: list[str],
    new: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """What each week's cached work depends on of the records: its own and the previous
    week's (whose numbers its "what changed" reads), byte for byte; ``new``: records about to
    be written, by week."""
    texts = {slug: week.text for slug, week in published.items()} | dict(new or {})
    found = {}
    for index, slug in enumerate(slugs):
        before = slugs[index - 1] if index else ""
        found[slug] = digests.digest(texts.get(before, "").encode(), texts.get(slug, "").encode())
    return found


def as_published(
    report: WeekFacts,
    published: PublishedWeek | None,
    universe: Mapping[str, Security],
    names: Mapping[str, str],
    day: date,
) -> WeekFacts:
    """``report`` as its page went out. Numbers that differ from the record are kept as
    published, and a pending revision dated ``day`` says what the data say now; revisions the
    author accepted are shown with their notes."""
    if published is None:
        return report
    found = numbers.changes(published.values, numbers.numbers(report))
    if not found:
        return replace(report, revisions=published.revisions)
    said = numbers.describe(found, names)
    pending = Revision(
        day,
        said,
        pending=True,
        where=tuple(_first_keys(found)),
        updates={c.key: c.new for c in found},
    )
    restored = numbers.as_published(report, published.values, universe)
    return replace(restored, revisions=(*published.revisions, pending))


def _first_keys(found: tuple[numbers.Change, ...]) -> list[str]:
    """The key of each line ``numbers.describe`` writes: one per number, one per chart."""
    keys = [c.key for c in found if not c.key.startswith("chart ")]
    charts: dict[str, str] = {}
    for change in found:
        if change.key.startswith("chart "):
            charts.setdefault(change.key.split(" ")[1], change.key)
    return keys + list(charts.values())


def prose_as_published(
    functions: dict[str, Callable[..., str]],
    report: WeekFacts,
    published: PublishedWeek | None,
) -> dict[str, Callable[..., str]]:
    """The values commentary may use, as published where the week keeps its published numbers:
    a symbol's close and its changes over 1, 4 and 52 weeks and the year to date (the other
    values are today's)."""
    if published is None or pending(report) is None:
        return functions
    values, day = published.values, report.week.end.isoformat()
    said = {
        "close": lambda v: formats.level(v),
        "change": lambda v: formats.change(v, 1),
        "ytd": lambda v: formats.change(v, 1),
        "move": sentences.moved,
        "size": formats.percent,
    }

    def wrapped(name: str, function: Callable[..., str]) -> Callable[..., str]:
        def call(*args: Any, **kwargs: Any) -> str:
            now = function(*args, **kwargs)  # its checks and errors first
            weeks = kwargs.get("weeks", args[1] if len(args) > 1 else 1)
            period = "year to date" if name == "ytd" else PERIOD_OF.get(weeks)
            key = f"close {args[0]} {day}" if name == "close" else f"change {args[0]} {period}"
            value = values.get(key) if args and isinstance(args[0], str) else None
            return said[name](value) if isinstance(value, int | float) else now

        return call

    return {n: wrapped(n, f) if n in said else f for n, f in functions.items()}


PERIOD_OF = {1: "week", 4: "4 weeks", 52: "52 weeks"}


def pending(report: WeekFacts) -> Revision | None:
    return next((r for r in report.revisions if r.pending), None)


def warn_revisions(
    reports: tuple[WeekReport, ...],
    published: Mapping[str, PublishedWeek],
    warn: Warnings,
    complete: bool = True,
) -> None:
    """Each number of a published week that the data now give differently, at its line of
    the record; with ``complete`` (every week built), each record of a week no longer built."""
    folder = next(iter(published.values())).path.parent if published else Path()
    found = [
        line
        for lines in _REVISED.each(reports, partial(_revised, published, folder), published)
        for line in lines
    ]
    if found:
        warn.some(found, "revision", errors.where(folder, None))
    built = {r.week.slug for r in reports}
    for slug, record in published.items() if complete else ():
        if slug not in built:
            warn(
                f"{errors.where(record.path, 1)}: week {slug} was published but is not in this "
                "build (its data, or the start and end settings, leave it out) — restore its "
                "data, or delete the record to withdraw the week"
            )


_REVISED = kept.ByObject()  # each week's revision warnings, while its report is the same


def _revised(
    published: Mapping[str, PublishedWeek], folder: Path, reports: list[WeekReport]
) -> list[list[str]]:
    shown = errors.shown_in(folder)
    found: list[list[str]] = []
    for report in reports:
        revision, slug = pending(report), report.week.slug
        if revision is None:
            found.append([])
            continue
        record = published[slug]
        found.append(
            [
                f"{shown(record.path, record.line_of(key))}: week {slug} was published "
                f"with other numbers: {text} — the page keeps the published numbers; accept the "
                f'new ones with marketweek revise {slug} --note "why", or correct the data'
                for text, key in zip(revision.changes, revision.where, strict=True)
            ]
        )
    return found


def new_records(
    reports: tuple[WeekReport, ...],
    published: Mapping[str, PublishedWeek],
    held: Collection[str],
) -> tuple[Document, ...]:
    """The records of the weeks this build publishes for the first time: not recorded yet,
    their commentary not held back (a draft, a later ``publish_at``)."""
    return tuple(
        Document(f"{r.week.slug}.json", store.dump(r.week.slug, numbers.numbers(r)))
        for r in reports
        if r.week.slug not in published and r.week.slug not in held
    )


def write_records(config: Config, records: tuple[Document, ...]) -> list[Path]:
    """The new records, each written whole; a record already there is never replaced."""
    written = []
    for document in records:
        path = store.folder(config) / document.path
        if not path.exists():
            store.write(path, str(document.content))
            written.append(path)
    return written


def revise(
    config: Config,
    reports: tuple[WeekReport, ...],
    published: Mapping[str, PublishedWeek],
    slug: str,
    note: str,
) -> tuple[Path, Revision]:
    """Accept week ``slug``'s new numbers: its record takes them, with a revision dated today
    that lists what changed and the author's ``note``."""
    record = published.get(slug)
    if record is None:
        choices = sorted(published)
        hint = errors.closest(slug, choices) if choices else "no week is published yet"
        raise RecordError(
            store.folder(config) / f"{slug}.json",
            None,
            f"week {slug} has no published record",
            f"name a published week ({hint})",
        )
    if not note.strip():
        raise RecordError(record.path, None, "the note is empty", 'say why: --note "why"')
    report = next((r for r in reports if r.week.slug == slug), None)
    revision = pending(report) if report else None
    if revision is None:
        raise RecordError(
            record.path,
            None,
            f"week {slug}'s numbers agree with its record: there is nothing to revise",
            "change the data first; marketweek check lists every revision",
        )
    values = {k: v for k, v in {**record.values, **revision.updates}.items() if v is not None}
    accepted = Revision(today(), revision.changes, note.strip())
    store.write(record.path, store.dump(slug, values, (*record.revisions, accepted)))
    return record.path, accepted
