"""Static SVG renderings of the charts, for readers without JavaScript, feeds and print.

Only the charts marked ``static`` are drawn: the newest weeks' (``static_charts``) and the
long-run pages'.

Rendered with vl-convert (no browser), cached by the content of the spec. vl-convert draws
with one JavaScript runtime per process, so threads draw no faster than one: the charts not
in the cache are drawn by one worker process per core.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

import vl_convert

from generator import children, kept
from generator.model import Chart

Charts = Mapping[str, tuple[Chart, ...]]
# a new renderer (or a new way of writing its SVG) redraws all
RENDERER = f"vl-convert {metadata.version('vl-convert-python')}, ids numbered per chart"
POOL_FROM = 24  # fewer charts are drawn here: vl-convert starts in 0.4 s, a worker in 0.7 s+

STATIC_WIDTH = 640
STATIC_CONFIG = {
    "font": "Helvetica, Arial, sans-serif",
    "background": "white",
    "view": {"stroke": None},
    # An SVG shown as an <img> is one image to assistive technology, named by its alt text
    # (the chart's summary): a label on each of its marks is never read, and the heat map's
    # 1,144 labels made its file 2.6 times larger and slower to draw.
    "aria": False,
}


def static_spec(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The spec at a fixed width (no container to measure) in the light palette."""
    fixed = json.loads(json.dumps(spec).replace('"container"', str(STATIC_WIDTH)))
    fixed["config"] = {**STATIC_CONFIG, **fixed.get("config", {})}
    return dict(fixed)


def static_text(spec: Mapping[str, Any]) -> str:
    """The static spec as JSON with sorted keys: what is drawn, and what the cache is keyed by."""
    return json.dumps(static_spec(spec), sort_keys=True, separators=(",", ":"))


def spec_key(text: str) -> str:
    return hashlib.sha256(f"{RENDERER}\n{text}".encode()).hexdigest()[:32]


def marked(charts: tuple[Chart, ...], static: bool = True) -> tuple[Chart, ...]:
    """The charts marked to be drawn as static SVG too (their page links to the SVG)."""
    return tuple(replace(c, static=static) for c in charts)


class Drawer:
    """A worker process started ahead, with the build: its vl-convert runtime starts while
    the build loads its data; later it draws the build's few new charts while the build
    goes on (reading the weeks it kept). Unused, it is stopped."""

    def __init__(self) -> None:
        self.process = children.start([sys.executable, "-c", WARM_WORKER])
        self.drawn: Future[list[str]] | None = None

    def draw(self, texts: list[str]) -> Future[list[str]]:
        """Start drawing ``texts`` (once); the future holds their SVGs, in order."""
        pool = ThreadPoolExecutor(1)  # the thread waits on the process, without the GIL
        self.drawn = pool.submit(self._drawn, texts)
        pool.shutdown(wait=False)
        return self.drawn

    def _drawn(self, texts: list[str]) -> list[str]:
        out, err = self.process.communicate("\n".join(texts) + "\n")
        if self.process.returncode:
            raise RuntimeError(f"vl-convert failed: {err.strip()[-2000:]}")
        return [json.loads(line) for line in out.splitlines()]

    def close(self) -> None:
        if self.drawn is None:
            children.stop(self.process)
        elif not self.drawn.done():  # the build stopped while it drew: its thread ends too
            self.process.kill()


@contextlib.contextmanager
def drawer_started() -> Iterator[Drawer]:
    drawer = Drawer()
    try:
        yield drawer
    finally:
        drawer.close()


class Drawing:
    """The static SVGs of groups of charts: read from the cache, or drawn, by ``drawer``
    while the caller goes on when there are few (else across the cores at once)."""

    def __init__(
        self,
        groups: Sequence[Charts],
        cache: Path,
        progress: Callable[[str], None] = lambda _: None,
        drawer: Drawer | None = None,
    ) -> None:
        self.cache = cache
        self.texts = [
            {
                name: [(c, static_text(c.spec) if c.static else "") for c in charts]
                for name, charts in group.items()
            }
            for group in groups
        ]
        every = {
            spec_key(text): text
            for group in self.texts
            for pairs in group.values()
            for _, text in pairs
            if text
        }
        self.paths = {key: cache / f"{key}.svg" for key in every}
        found = {key: kept.read(path, bytes.decode, _is_svg) for key, path in self.paths.items()}
        self.svgs = {key: svg for key, svg in found.items() if svg is not None}
        self.missing = sorted(key for key in self.paths if key not in self.svgs)
        progress(
            f"rendering {len(self.missing)} static charts ({len(every) - len(self.missing)} cached)"
        )
        todo = [every[k] for k in self.missing]
        self.drawn: Future[list[str]] | list[str] = (
            []
            if not todo
            else drawer.draw(todo)
            if drawer and len(todo) < POOL_FROM
            else draw(todo)
        )

    def result(self) -> list[dict[str, tuple[Chart, ...]]]:
        """The groups with their SVGs (waiting for the drawing), the new ones cached."""
        drawn = self.drawn if isinstance(self.drawn, list) else self.drawn.result()
        for key, svg in zip(self.missing, map(numbered_alike, drawn), strict=True):
            self.svgs[key] = svg
            kept.keep(self.paths[key], svg)
        svgs = self.svgs
        return [
            {
                name: tuple(
                    replace(c, svg=svgs[spec_key(text)]) if text else c for c, text in pairs
                )
                for name, pairs in group.items()
            }
            for group in self.texts
        ]


def _is_svg(text: str) -> bool:
    """A whole SVG, as vl-convert writes it (a kept one cut short lacks its end)."""
    return text.startswith("<svg") and text.rstrip().endswith("</svg>")


def draw(texts: list[str]) -> list[str]:
    """Vega-Lite specs (JSON text) drawn as SVG, across the cores when there are enough."""
    workers = os.cpu_count() or 1
    if workers < 2 or len(texts) < POOL_FROM:
        return [vl_convert.vegalite_to_svg(text) for text in texts]
    svgs = [""] * len(texts)
    # each thread waits on its own process (killed on Ctrl-C, before the pool waits on them)
    with ThreadPoolExecutor(workers) as pool, children.killed_on_interrupt():
        shares = pool.map(draw_in_a_process, [texts[i::workers] for i in range(workers)])
        for i, share in enumerate(shares):
            svgs[i::workers] = share
    return svgs


NUMBERED_ID = re.compile(r'(id="|url\(#)(gradient_|clip)(\d+)')


def numbered_alike(svg: str) -> str:
    """An SVG whose gradient and clip ids are numbered from 0 within it: the renderer counts
    them across every chart it drew before, so one chart's bytes depended on which charts
    the same process drew first (a clean build and a cached one differed)."""
    numbers: dict[str, str] = {}

    def renumbered(match: re.Match[str]) -> str:
        key = match.group(2) + match.group(3)
        numbers.setdefault(key, str(len(numbers)))
        return f"{match.group(1)}{match.group(2)}{numbers[key]}"

    return NUMBERED_ID.sub(renumbered, svg)


# A worker: specs in, SVGs out, one JSON text a line (JSON text holds no raw newline).
WORKER = """\
import json, sys, vl_convert
for spec in sys.stdin:
    print(json.dumps(vl_convert.vegalite_to_svg(spec)))
"""
# The same, its runtime started before any spec comes (a drawing of nothing).
WARM_WORKER = WORKER.replace(
    "for spec", 'vl_convert.vegalite_to_svg(\'{"mark": "point"}\')\nfor spec', 1
)


def draw_in_a_process(texts: list[str]) -> list[str]:
    """Specs drawn by a Python process of their own, which imports nothing but vl-convert.

    Not ``multiprocessing``: its spawned workers re-run the caller's main script, and a fork
    of a process whose vl-convert runtime has started hangs.
    """
    process = children.start([sys.executable, "-c", WORKER])
    out, err = process.communicate("\n".join(texts) + "\n")
    if process.returncode:
        raise RuntimeError(f"vl-convert failed: {err.strip()[-2000:]}")
    return [json.loads(line) for line in out.splitlines()]
