"""Charts compiled from Vega-Lite to Vega when the site is built, so the browser runs Vega alone.

Compiling in the browser needs vega-lite and vega-embed beside vega (a third more script to
load) and cost ~45 ms a chart before the first could paint. A week's spec differs from its
kind's template only in its rows, title, description and height, so each shape is compiled
once (and kept in the cache folder: a repeat build does not start vl-convert) and each week's
values are put into a copy of the result.

The chart loader (``pages/assets/marketweek.js``) draws a spec in the light palette it was
compiled in, or, on a dark page, with ``usermeta.dark``: the dark palette's config, and the
colours to swap in the marks (the chart's own, ``templates.DARK_COLOURS``, and the palette's
text and rule colours, which Vega-Lite writes into the marks rather than the config).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import vl_convert

from generator import kept

Spec = dict[str, Any]

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
PER_WEEK = ("datasets", "title", "description", "height")  # put in after compiling
HEIGHT = 100  # compiled with this height in pixels, then the week's own is put in
COMPILER = f"vl-convert {metadata.version('vl-convert-python')}"  # a new one compiles anew
PROBE = json.dumps({"mark": "point", "data": {"values": []}})  # a chart to read a config from


def palette(dark: bool) -> Spec:
    """The page's light or dark palette as Vega-Lite config. Legends take as many columns as
    the chart's width holds: the loader sets that when it draws."""
    text = "#e2e4e9" if dark else "#1f2328"
    grid = "#3d4250" if dark else "#e3e6ea"
    return {
        "background": None,
        "font": FONT,
        "title": {
            "color": text,
            "subtitleColor": "#aeb4c0" if dark else "#57606a",
            "fontSize": 15,
            "subtitleFontSize": 12,
            "subtitlePadding": 4,
        },
        "axis": {  # no chart text under 11 px: a phone shows the chart at its drawn size
            "labelFontSize": 11,
            "titleFontSize": 11,
            "labelColor": text,
            "titleColor": text,
            "gridColor": grid,
            "domainColor": grid,
            "tickColor": grid,
        },
        "legend": {
            "labelColor": text,
            "titleColor": text,
            "labelFontSize": 11,
            "titleFontSize": 11,
        },
        "text": {"color": text},
        "rule": {"color": "#c9ced8" if dark else "#57606a"},
        "view": {"stroke": None},
    }


LIGHT, DARK = palette(dark=False), palette(dark=True)
LIGHT_TEXT, DARK_TEXT = json.dumps(LIGHT, sort_keys=True), json.dumps(DARK, sort_keys=True)
# The palette's colours that Vega-Lite writes into the marks: swapped like the charts' own.
MARK_COLOURS = {LIGHT[mark]["color"]: DARK[mark]["color"] for mark in ("text", "rule")}


def vega_json(spec: Mapping[str, Any], cache: Path | None = None) -> str:
    """The Vega spec as the chart loader fetches it: sorted keys, so builds are identical."""
    drawn = vega(spec, cache)
    return json.dumps(drawn, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def vega(spec: Mapping[str, Any], cache: Path | None = None) -> Spec:
    """A filled Vega-Lite spec as Vega: its shape compiled once, this week's values put in.
    Compilations are kept in ``cache`` (the build's cache folder) when given.

    The result shares its unchanged parts with the cached compilation: read it, never modify it.
    """
    compiled = _compiled(json.dumps(shape(spec), sort_keys=True), LIGHT_TEXT, cache)
    rows = spec.get("datasets", {})
    result = {
        **compiled,
        "data": [
            {**d, "values": rows[d["name"]]} if d["name"] in rows else d for d in compiled["data"]
        ],
        **{key: spec[key] for key in PER_WEEK[1:] if key in spec},
        "usermeta": {**compiled.get("usermeta", {}), "dark": dark(spec, cache)},
    }
    result["usermeta"].pop("darkColours", None)
    return result


def shape(spec: Mapping[str, Any]) -> Spec:
    """The spec without what changes week by week: what its compilation depends on."""
    fixed = {key: value for key, value in spec.items() if key not in PER_WEEK}
    fixed["datasets"] = {name: [] for name in spec.get("datasets", {})}
    if "height" in spec:  # a number of pixels is put in after; "container" or a step shape it
        fixed["height"] = HEIGHT if isinstance(spec["height"], int) else spec["height"]
    return fixed


def dark(spec: Mapping[str, Any], cache: Path | None = None) -> Spec:
    """What the loader changes on a dark page: the config, and colours in the marks."""
    own = spec.get("usermeta", {}).get("darkColours", {})
    return {"config": dark_config(cache), "colours": {**MARK_COLOURS, **own}}


def dark_config(cache: Path | None = None) -> Spec:
    """The dark palette as Vega config (the same for every chart: Vega-Lite copies it across)."""
    return dict(_compiled(PROBE, DARK_TEXT, cache)["config"])


@functools.lru_cache(maxsize=512)
def _compiled(text: str, config: str, cache: Path | None) -> Spec:
    """vl-convert's Vega for a Vega-Lite ``text`` in a palette, read from ``cache`` if there,
    else compiled and kept there, keyed by everything it depends on."""
    key = hashlib.sha256(f"{COMPILER}\n{config}\n{text}".encode()).hexdigest()[:32]
    path = cache / "vega" / f"{key}.json" if cache else None
    found = kept.read(path, json.loads, _is_vega) if path else None
    if found is not None:
        return dict(found)
    result = dict(vl_convert.vegalite_to_vega(text, config=json.loads(config)))
    if path:
        kept.keep(path, json.dumps(result))
    return result


def _is_vega(spec: Any) -> bool:
    """A whole compiled spec (JSON cut short does not parse; another JSON lacks these)."""
    return isinstance(spec, dict) and "$schema" in spec and isinstance(spec.get("data"), list)
