"""Content-addressed, per-week work: a week's report, charts and page files are kept under a
hash of exactly what they depend on, so a build regenerates only the weeks whose inputs changed.

A week depends on: the closes up to its last session (a running hash over the rows in date
order, so appending a week or revising a close changes the keys of the weeks from that date
on and of no earlier week), every other data file (universe, targets, events, sources…), its
own commentary, its neighbours (the previous/next links), the settings, the project's
templates and marketweek's own code, templates and assets.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from generator import digests, errors, kept
from generator.kept import ByObject, same_inputs
from generator.model import Chart, Commentary, Config, Document, MarketData, Week, WeekReport

FORMAT = b"marketweek week cache 2"
KEEP_UNUSED_S = 7 * 24 * 3600  # another mode's entries (preview, drafts) live on a week
PRUNE_EVERY_S = 24 * 3600  # unused entries are looked for once a day
PRUNED = ".pruned"  # in the folder: its time is when unused entries were last looked for


@dataclass(frozen=True)
class WeekWork:
    """Everything a week contributes to the site: its report, its charts, its page files."""

    report: WeekReport
    charts: tuple[Chart, ...]
    documents: tuple[Document, ...]


def week_keys(
    data: MarketData,
    config: Config,
    weeks: tuple[Week, ...],
    commentary: Mapping[date, Commentary],
    drawn: frozenset[str] = frozenset(),
    published: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Each week's key (its slug → a hex digest); ``drawn``: the weeks whose charts are drawn
    as static SVG too (their pages link to the SVGs); ``published``: what each week's page
    reads of the published records (``published.weeks.key_parts``). A preview and a build
    share the keys of every other week."""
    shared = digests.digest(
        FORMAT,
        digests.code_digest().encode(),
        digests.files_digest(config.templates_dir).encode(),
        repr(settings(config)).encode(),
        digests.shared_repr(mkdocs_settings(config)).encode(),  # aliases not expanded
        digests.files_digest(config.data_dir, skip="prices").encode(),  # all data files but closes
    ).encode()
    parts = week_parts(data, weeks, drawn, published or {})
    items = [commentary.get(week.end) for week in weeks]
    said = _SAID.each(items, partial(_as_keyed, config.root), config)
    return {
        week.slug: digests.digest(shared, part, text)
        for week, part, text in zip(weeks, parts, said, strict=True)
    }


@same_inputs
def week_parts(
    data: MarketData,
    weeks: tuple[Week, ...],
    drawn: frozenset[str],
    published: Mapping[str, str],
) -> list[bytes]:
    """What each week's key reads of the closes (up to its last session), of its place among
    the weeks, of its static charts and of the published records."""
    windows = closes_digests(data, [w.end for w in weeks])
    found = []
    for index, week in enumerate(weeks):
        neighbours = [weeks[i].slug for i in (index - 1, index + 1) if 0 <= i < len(weeks)]
        found.append(
            digests.digest(
                windows[index].encode(),
                repr((index > 0, *neighbours)).encode(),
                b"static" if week.slug in drawn else b"plain",
                published.get(week.slug, "").encode(),
            ).encode()
        )
    return found


_SAID = ByObject()  # each commentary as its week's key reads it, while it is the same object


def _as_keyed(root: Path, items: list[Commentary | None]) -> list[bytes]:
    return [repr(where_it_is(item, root)).encode() if item else b"" for item in items]


def dated(keys: Mapping[str, str], published: Iterable[str], day: date) -> dict[str, str]:
    """The keys of the ``published`` weeks as kept when their pages note a pending revision,
    which is dated ``day``: such a page is redone the next day, not on every build."""
    return {
        s: digests.digest(keys[s].encode(), day.isoformat().encode())
        for s in published
        if s in keys
    }


def kept_key(store: WeekStore, key: str, dated: str | None) -> str:
    """The week's key, or its dated key (``dated``) when only that one is kept."""
    return dated if dated is not None and not store.has(key) and store.has(dated) else key


def settings(config: Config) -> Config:
    """The settings a week page depends on: not where the build writes (site, staging and
    cache folders) nor the site's address, which only site-level pages (feeds) use, so the
    preview (its own staging folder, a local address) reuses the build's weeks; the project's
    folders as the project names them, so a moved or freshly cloned project keeps its weeks.
    The MkDocs settings are keyed apart (``mkdocs_settings``)."""
    root = config.root
    return replace(
        config,
        config_file=Path(config.config_file.name),
        content_dir=errors.relative(config.content_dir, root),
        templates_dir=errors.relative(config.templates_dir, root),
        site_dir=Path(),
        staging_dir=Path(),
        cache_dir=Path(),
        site_url="",
        mkdocs={},
    )


def where_it_is(item: Commentary | None, root: Path) -> Commentary | None:
    """A commentary as its week's key reads it: its file named inside the project."""
    return item and replace(item, path=errors.relative(item.path, root))


def mkdocs_settings(config: Config) -> dict[str, Any]:
    """The user's MkDocs settings but the site's address (see ``settings``)."""
    return {k: v for k, v in config.mkdocs.items() if k != "site_url"}


def closes_digests(data: MarketData, ends: list[date]) -> list[str]:
    """A running hash of the closes, read at each of ``ends`` (in order): row by row, so a
    week's digest covers every close up to its last session and nothing after it."""
    closes = data.closes
    running = hashlib.sha256(repr(tuple(closes.columns)).encode())
    days = np.asarray(closes.index, dtype="datetime64[D]")
    values = np.ascontiguousarray(closes.to_numpy(dtype="float64"))
    found, row = [], 0
    for end in ends:
        stop = int(np.searchsorted(days, np.datetime64(end, "D"), side="right"))
        if stop > row:
            running.update(days[row:stop].tobytes())
            running.update(values[row:stop].tobytes())
            row = stop
        found.append(running.hexdigest())
    return found


def commentary_keys(data: MarketData, config: Config, items: list[Commentary]) -> list[str]:
    """Each commentary's fact-check key: what the check reads, as of its week (the closes up
    to the week's end, the other data files), the commentary itself with its file named as
    its warnings name it (from the working folder: the same for a moved project built from
    its own folder), and marketweek's code."""
    shared = digests.digest(
        FORMAT,
        digests.code_digest().encode(),
        digests.files_digest(config.data_dir, skip="prices").encode(),
    )
    ends = sorted({item.week for item in items})
    windows = dict(zip(ends, closes_digests(data, ends), strict=True))
    shown = errors.shown_in(config.weeks_dir)
    return [
        digests.digest(
            shared.encode(),
            windows[item.week].encode(),
            repr(replace(item, path=Path(shown(item.path, None)))).encode(),
        )
        for item in items
    ]


def kept_part(work: WeekWork) -> WeekWork:
    """What a later build reads of a week: its charts without their specs and rows, which
    are in its page files already (a third of the bytes to read back, and the slow part);
    its files with their digests (staging compares them without hashing 28,000 files)."""
    return replace(
        work,
        charts=tuple(replace(c, spec={}, csv="") for c in work.charts),
        documents=tuple(
            d if d.digest else replace(d, digest=digests.digest(d.data)) for d in work.documents
        ),
    )


class WeekStore:
    """The kept week work, one pickle per key, in a folder of the build cache; what this
    process read or wrote is also held in memory (a preview regenerates many times)."""

    held: dict[str, WeekWork] = {}  # noqa: RUF012 — one memory for the process, by design
    pruned: set[Path] = set()  # noqa: RUF012 — the folders this process pruned

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def has(self, key: str) -> bool:
        return os.path.isfile(self._name(key))

    def get(self, keys: Mapping[str, str]) -> dict[str, WeekWork]:
        with kept.bulk():
            return self._get(keys)

    def _get(self, keys: Mapping[str, str]) -> dict[str, WeekWork]:
        """The weeks kept under ``keys``: held in memory while their files are there, else
        read back (absent or damaged: not found, the week is regenerated). A file read back
        is touched, so it is not pruned as unused; one held was touched when first read."""
        found = {}
        for slug, key in keys.items():
            name = self._name(key)
            work = self.held.get(name) if os.path.exists(name) else None
            if work is None:
                work = kept.read(Path(name), pickle.loads, lambda w: isinstance(w, WeekWork))
                if work is not None:
                    with contextlib.suppress(OSError):  # read-only: pruned a week early
                        os.utime(name)
            if work is not None and work.report.week.slug == slug:
                found[slug] = work
                self.held[name] = work
        return found

    def put(self, keys: Mapping[str, str], work: Iterable[WeekWork]) -> None:
        for fresh in work:
            item = kept_part(fresh)
            name = self._name(keys[item.report.week.slug])
            kept.keep(Path(name), kept.pickled(item))
            self.held[name] = item

    def prune(self, keys: Mapping[str, str]) -> None:
        """Forget entries no build has used for a week (the current ones are kept), looked
        for once a day (a folder of 20,000 entries took a quarter of a second to walk); hold
        in memory only this build's."""
        current = {self._name(k) for k in keys.values()}
        WeekStore.held = {p: w for p, w in self.held.items() if p in current}
        if self.folder in self.pruned:  # once a process: a preview prunes on every edit
            return
        self.pruned.add(self.folder)
        stamp = self.folder / PRUNED
        with contextlib.suppress(OSError):  # none yet: walked now
            if 0 <= time.time() - stamp.stat().st_mtime < PRUNE_EVERY_S:  # (not a future one)
                return
        used = {f"{k}.pickle" for k in keys.values()}
        cutoff = time.time() - KEEP_UNUSED_S
        for path in self.folder.glob("*.pickle") if self.folder.is_dir() else ():
            with contextlib.suppress(OSError):  # a read-only cache keeps them
                if path.name not in used and path.stat().st_mtime < cutoff:
                    path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            stamp.touch()

    def _name(self, key: str) -> str:
        """The file of ``key`` (a string, not a Path: 5,000 of them at each build)."""
        return f"{self.folder}{os.sep}{key}.pickle"


def stale_weeks(
    store: WeekStore, keys: Mapping[str, str], weeks: tuple[Week, ...]
) -> tuple[frozenset[str], dict[str, WeekWork]]:
    """The weeks to redo (not kept, or kept unreadably) and the kept weeks just before them,
    read back: their reports go into the redone weeks' narrative."""
    stale = frozenset(w.slug for w in weeks if not store.has(keys[w.slug]))
    kept: dict[str, WeekWork] = {}
    while need := before_each(weeks, stale) - set(kept):
        found = store.get({slug: keys[slug] for slug in need})
        kept |= found
        stale |= need - set(found)
    return stale, kept


def before_each(weeks: tuple[Week, ...], stale: frozenset[str]) -> set[str]:
    """The weeks just before stale ones that are not stale themselves."""
    return {
        weeks[i - 1].slug
        for i, week in enumerate(weeks)
        if i and week.slug in stale and weeks[i - 1].slug not in stale
    }


def read_the_rest(
    store: WeekStore,
    keys: Mapping[str, str],
    weeks: tuple[Week, ...],
    stale: frozenset[str],
    kept: dict[str, WeekWork],
) -> tuple[dict[str, WeekWork], frozenset[str]]:
    """The unchanged weeks read back (with those already read), and the ones lost: kept, but
    unreadable (a damaged cache file), to be redone after the weeks before them."""
    known = stale | set(kept)
    kept = kept | store.get({w.slug: keys[w.slug] for w in weeks if w.slug not in known})
    lost = frozenset(w.slug for w in weeks if w.slug not in kept and w.slug not in stale)
    return kept, lost
