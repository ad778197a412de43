"""Static SVG renderings of the charts, for readers without JavaScript, feeds and print.

Rendered with vl-convert (no browser), cached by the content of the spec, two at a time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

import vl_convert

from generator.charts.specs import static_spec
from generator.model import Chart

Charts = Mapping[str, tuple[Chart, ...]]
RENDERER = f"vl-convert {metadata.version('vl-convert-python')}"  # a new renderer redraws all


def spec_key(spec: Mapping[str, Any]) -> str:
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{RENDERER}\n{text}".encode()).hexdigest()[:32]


def render_svg(spec: Mapping[str, Any], cache: Path) -> str:
    """One chart's SVG, from the cache when this exact spec was rendered before."""
    static = static_spec(spec)
    path = cache / f"{spec_key(static)}.svg"
    if path.exists():
        return path.read_text(encoding="utf-8")
    svg: str = vl_convert.vegalite_to_svg(static)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(svg, encoding="utf-8")
    partial.replace(path)
    return svg


def add_static_svgs(
    charts: Charts, cache: Path, progress: Callable[[str], None] = lambda _: None
) -> dict[str, tuple[Chart, ...]]:
    """Every chart with its static SVG filled in."""
    flat = [(key, chart) for key, group in charts.items() for chart in group]
    progress(f"rendering {len(flat)} static charts (cached ones are reused)")
    with ThreadPoolExecutor(max_workers=2) as pool:
        svgs = list(pool.map(lambda item: render_svg(item[1].spec, cache), flat))
    result: dict[str, list[Chart]] = {key: [] for key in charts}
    for (key, chart), svg in zip(flat, svgs, strict=True):
        result[key].append(replace(chart, svg=svg))
    return {key: tuple(group) for key, group in result.items()}
