"""The site's scripts and styles, under content-hashed names so browsers may cache them for good.

The chart JavaScript comes from vl-convert (never a CDN, never committed): vega and
vega-tooltip alone, since the charts are compiled to Vega when the site is built
(``charts/compiled.py``), a third less script for the browser than vega-lite and vega-embed
beside them. vl-convert bundles the modules it holds offline, named by their jsDelivr address;
one without this vega-tooltip gets vega alone (the browser's own tooltips). Extracting takes
seconds, so the bundle is kept in the cache folder by vl-convert's version and read from there
on every later build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import vl_convert

from generator import kept
from generator.model import Document

OURS = ("marketweek.js", "archive.js", "marketweek.css")  # scripts load in this order
VERSION = metadata.version("vl-convert-python")
MODULE = "https://cdn.jsdelivr.net/npm/{}/+esm"  # how vl-convert names a module it holds
TOOLTIP = "vega-tooltip@1.0.0"  # the one vega-embed uses in vl-convert 1.9
VEGA_ONLY = (  # the bundle's global: vega (vl-convert's own `vega` is null), no vega-lite
    f'import * as vegaModule from "{MODULE.format("vega@" + vl_convert.get_vega_version())}";\n'
    "window.vega = vegaModule;\n"
)
SNIPPET = (  # and vega-tooltip's handler
    f'{VEGA_ONLY}import {{ Handler as TooltipHandler }} from "{MODULE.format(TOOLTIP)}";\n'
    "window.vegaTooltip = TooltipHandler;"
)


@dataclass(frozen=True)
class Assets:
    documents: tuple[Document, ...]
    css: tuple[str, ...]
    javascript: tuple[str, ...]  # the page's scripts in load order (the loader loads vega)


def hashed(name: str, content: str) -> str:
    """``assets/marketweek.js`` → ``assets/marketweek.3f2a9c1b7d.js``: a new name per content."""
    stem, _, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(content.encode()).hexdigest()[:10]}.{suffix}"


def vega_bundle(cache: Path) -> str:
    """vl-convert's bundle of vega (``window.vega``, ``window.vegaTooltip``), wrapped so that
    loading it twice cannot clash; cached by version."""
    path = cache / hashed(f"vega-bundle-{VERSION}.js", SNIPPET)  # a new snippet, a new file
    found = kept.read(path, bytes.decode, lambda text: text.endswith(END))  # else cut short
    if found is not None:
        return found
    bundle = "(function(){\n" + _bundle() + END
    kept.keep(path, bundle)
    return bundle


END = "\n})();\n"  # the bundle's last bytes: a kept one without them was cut short


def _bundle() -> str:
    try:
        return str(vl_convert.javascript_bundle(SNIPPET))
    except Exception:  # a vl-convert without that vega-tooltip: vega alone draws the same
        return str(vl_convert.javascript_bundle(VEGA_ONLY))


def site_assets(cache: Path) -> Assets:
    """Our chart loader and styles and the vega bundle, each under its hashed name. The page
    loads our scripts; the chart loader loads the bundle when the first chart nears the screen,
    by the name written into it here (``@VEGA_BUNDLE@``, relative to the loader)."""
    folder = resources.files("generator.pages") / "assets"
    bundle = vega_bundle(cache)
    bundle_name = hashed("assets/vendor/vega-bundle.js", bundle)
    files = {f"assets/{name}": (folder / name).read_text(encoding="utf-8") for name in OURS}
    files["assets/marketweek.js"] = files["assets/marketweek.js"].replace(
        "@VEGA_BUNDLE@", bundle_name.removeprefix("assets/")
    )
    named = {hashed(name, content): content for name, content in files.items()}
    named[bundle_name] = bundle
    return Assets(
        documents=tuple(Document(name, content) for name, content in named.items()),
        css=tuple(n for n in named if n.endswith(".css")),
        javascript=tuple(
            sorted((n for n in named if n.endswith(".js") and n != bundle_name), key=_load_order)
        ),
    )


def _load_order(name: str) -> int:
    """Our scripts in the order of ``OURS``."""
    return next(i for i, n in enumerate(OURS) if name.startswith(f"assets/{n[:-3]}."))
