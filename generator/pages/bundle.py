"""The site's scripts and styles, under content-hashed names so browsers may cache them for good.

The vega, vega-lite and vega-embed JavaScript comes from vl-convert (never a CDN, never
committed); extracting it takes seconds, so it is kept in the cache folder by vl-convert's
version and read from there on every later build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import vl_convert

from generator.model import Document

OURS = ("marketweek.js", "archive.js", "marketweek.css")  # scripts load in this order
VERSION = metadata.version("vl-convert-python")


@dataclass(frozen=True)
class Assets:
    documents: tuple[Document, ...]
    css: tuple[str, ...]
    javascript: tuple[str, ...]  # in load order: the vega bundle first


def hashed(name: str, content: str) -> str:
    """``assets/marketweek.js`` → ``assets/marketweek.3f2a9c1b7d.js``: a new name per content."""
    stem, _, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(content.encode()).hexdigest()[:10]}.{suffix}"


def vega_bundle(cache: Path) -> str:
    """vl-convert's bundle, wrapped so that loading it twice cannot clash; cached by version."""
    path = cache / f"vega-bundle-{VERSION}.js"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    # The stub marks `snippet` required; without it the function returns the whole bundle.
    bundle = "(function(){\n" + vl_convert.javascript_bundle() + "\n})();\n"  # type: ignore[call-arg]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{VERSION}.tmp")
    partial.write_text(bundle, encoding="utf-8")
    partial.replace(path)
    return bundle


def site_assets(cache: Path) -> Assets:
    """Our chart loader and styles and the vega bundle, each under its hashed name."""
    folder = resources.files("generator.pages") / "assets"
    files = {f"assets/{name}": (folder / name).read_text(encoding="utf-8") for name in OURS}
    files["assets/vendor/vega-bundle.js"] = vega_bundle(cache)
    named = {hashed(name, content): content for name, content in files.items()}
    return Assets(
        documents=tuple(Document(name, content) for name, content in named.items()),
        css=tuple(n for n in named if n.endswith(".css")),
        javascript=tuple(sorted((n for n in named if n.endswith(".js")), key=_load_order)),
    )


def _load_order(name: str) -> int:
    """The vega bundle first, then our scripts in the order of ``OURS``."""
    ours = [n for n in OURS if name.startswith(f"assets/{n.removesuffix('.js')}.")]
    return OURS.index(ours[0]) + 1 if ours else 0
