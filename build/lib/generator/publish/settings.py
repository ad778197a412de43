"""The MkDocs settings our pages rely on, checked before any work, and the starter
``mkdocs.yml`` of ``marketweek init`` that has them all.

The pages are Markdown with HTML blocks inside (``md_in_html``: the previous/next links, the
takeaways), tables and attribute lists; the theme overrides extend Material's ``base.html``.
Without one of these, MkDocs builds without a warning and the pages show raw Markdown.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.config_file import key_line
from generator.errors import ConfigError

THEME = "material"
EXTENSIONS = {
    "tables": "the scoreboard and leader tables",
    "attr_list": "the chart and table attributes",
    "md_in_html": "the takeaways and the previous/next links, Markdown inside HTML",
}
# Material's search plugin as the pages need it: lunr's trimmer on, so that the ticker in
# "Viking Therapeutics, Inc. (VKTX)" is the word `vktx` (Material's English default keeps only
# the stop-word filter, and `(vktx)` matches no query). The engine's config, when the user's
# mkdocs.yml lists no plugins: `plugins: [{"search": SEARCH}]`.
SEARCH = {"pipeline": ["stopWordFilter", "trimmer"]}


def check_engine_settings(path: Path, raw: Mapping[str, Any]) -> None:
    """The theme and Markdown extensions the pages need, each missing one an error at its
    line of ``mkdocs.yml`` that says what to add."""
    theme = raw.get("theme")
    name = theme.get("name") if isinstance(theme, Mapping) else theme
    if name != THEME:
        line = key_line(path, "theme") if theme is not None else None
        what = "no theme is set" if theme is None else f"the theme is {name!r}"
        raise ConfigError(
            path,
            line,
            f"{what}; marketweek's pages are made for MkDocs Material",
            "set `theme:` to `name: material` (marketweek init writes a complete one)",
        )
    have = {_extension_name(e) for e in raw.get("markdown_extensions") or []}
    for extension, needed_for in EXTENSIONS.items():
        if extension not in have:
            listed = "markdown_extensions" in raw
            raise ConfigError(
                path,
                key_line(path, "markdown_extensions") if listed else None,
                f"the Markdown extension {extension} is not enabled; the pages need it for "
                f"{needed_for}",
                f"add `- {extension}` under markdown_extensions:",
            )


def _extension_name(entry: Any) -> str:
    if isinstance(entry, Mapping):
        return str(next(iter(entry), ""))
    return str(entry)


STARTER = """\
# The report's configuration. MkDocs reads its own settings as usual; marketweek's settings
# live under `extra: marketweek:` (each is explained below; uncomment to change one).
site_name: {site_name}
site_description: A weekly market report, one page per trading week.
site_url: !ENV [MARKETWEEK_SITE_URL, "http://127.0.0.1:8000/"]
copyright: {copyright}

# What the pages need: the Material theme and these Markdown extensions (`marketweek check`
# says so if one goes missing).
theme:
  name: material
  font: false  # no requests to Google Fonts
  features:
    - navigation.instant
    - navigation.top
    - search.suggest
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode

markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - toc:
      permalink: true

extra:
  generator: false  # no "Made with Material" link: the site links nowhere off itself
  marketweek:
{settings}
"""
