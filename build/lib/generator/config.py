"""The project's configuration: one declared schema, read from ``mkdocs.yml``.

MkDocs settings (site name, theme, ...) stay where MkDocs expects them; marketweek's own
settings live under ``extra: marketweek:``. Every key is declared once in ``OPTIONS`` with its
default and meaning; paths are resolved against the config file's folder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import generator
from generator.config_file import EnvTag, check_duplicates, key_line, read_yaml
from generator.errors import ConfigError, closest, where
from generator.load import calendar as weeks
from generator.model import Config
from generator.publish import folders
from generator.publish.settings import check_engine_settings

# The page templates and theme overrides that ship with marketweek; a project's own
# ``templates/`` replaces them file by file.
PACKAGED_TEMPLATES = generator.PACKAGED_TEMPLATES


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    doc: str
    check: Callable[[Any], bool]
    expect: str


def _is_path(value: Any) -> bool:
    return _is_str(value) and "\0" not in value


def _is_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_date(value: Any) -> bool:
    return value is None or isinstance(value, date)


_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*")


def _is_host(value: Any) -> bool:
    """A host name as a URL holds it, lower case, without scheme, port, path or wildcard."""
    return isinstance(value, str) and bool(_HOST.fullmatch(value))


def _is_names(value: Any) -> bool:
    return isinstance(value, list) and all(_is_str(v) for v in value)


OPTIONS: tuple[Option, ...] = (
    Option(
        "content",
        "content",
        "Folder of the author's side: `data/` and `weeks/`.",
        _is_path,
        "a folder path",
    ),
    Option(
        "templates",
        "templates",
        "Optional folder of your own page templates; each file replaces the packaged one.",
        _is_path,
        "a folder path",
    ),
    Option(
        "site_dir",
        "site",
        "Where the built site goes (replaced whole on success).",
        _is_path,
        "a folder path",
    ),
    Option(
        "staging_dir",
        ".marketweek/staging",
        "Where the docs tree is staged for MkDocs.",
        _is_path,
        "a folder path",
    ),
    Option(
        "cache_dir",
        ".marketweek/cache",
        "Where rendered chart images are kept between builds (CI may restore it).",
        _is_path,
        "a folder path",
    ),
    Option("small_caps", "RUT", "Symbol of the small-cap index.", _is_str, "a symbol"),
    Option("large_caps", "SPX", "Symbol of the large-cap index.", _is_str, "a symbol"),
    Option("nasdaq", "IXIC", "Symbol of the Nasdaq index.", _is_str, "a symbol"),
    Option(
        "basket",
        "mag7",
        "Universe group whose equal-weighted basket is charted.",
        _is_str,
        "a group name from universe.csv",
    ),
    Option(
        "basket_name",
        "Magnificent Seven basket",
        "How the basket is named on the site.",
        _is_str,
        "a name",
    ),
    Option(
        "start",
        None,
        "First week to publish (default: the first complete week).",
        _is_date,
        "a date like 2023-01-06",
    ),
    Option(
        "end",
        None,
        "Last week to publish (default: the last complete week).",
        _is_date,
        "a date like 2025-12-26",
    ),
    Option(
        "authors",
        ["The marketweek desk"],
        "Byline for weeks whose commentary names none.",
        _is_names,
        "a list of names",
    ),
    Option(
        "calendar",
        "XNYS",
        "Exchange calendar (exchange_calendars code) defining weeks.",
        _is_str,
        "a calendar code such as XNYS",
    ),
    Option(
        "data_note",
        "",
        "Shown on every page under the data: e.g. that data are illustrative.",
        lambda v: isinstance(v, str),
        "a sentence",
    ),
    Option(
        "disclaimer",
        "For information only; not investment advice.",
        "Short disclaimer at the foot of every issue.",
        _is_str,
        "a sentence",
    ),
    Option(
        "max_daily_move",
        0.25,
        "A one-day move larger than this (0.25 = 25%) is a warning: a split, a bad tick?",
        lambda v: isinstance(v, int | float) and not isinstance(v, bool) and v > 0,
        "a positive fraction such as 0.25",
    ),
    Option(
        "static_charts",
        12,
        "How many of the newest weeks also get their charts as static images (for readers "
        "without JavaScript, print and the feeds); older weeks' charts are drawn in the "
        "browser only. `all` draws every week's: about 70 ms a chart on a first build.",
        lambda v: v == "all" or (isinstance(v, int) and not isinstance(v, bool) and v >= 0),
        "a number of weeks such as 20, or all",
    ),
    Option(
        "allow_raw_html",
        False,
        "Trust the authors: keep raw HTML in commentary as written (default: sanitised).",
        lambda v: isinstance(v, bool),
        "true or false",
    ),
    Option(
        "remote_image_hosts",
        [],
        "Hosts, by name, that commentary's images may load from (default: none; an image "
        "from another site is shown as a link, so no reader's visit is seen off the site).",
        lambda v: isinstance(v, list) and all(_is_host(h) for h in v),
        "a list of host names such as [images.example.com]",
    ),
)


def load_config(path: Path, warn: Callable[[str], None]) -> Config:
    """Read and validate ``mkdocs.yml``; unknown marketweek keys are warnings."""
    path = path.resolve()
    raw = read_yaml(path)
    check_duplicates(path)
    extra = raw.get("extra") or {}
    if not isinstance(extra, dict):
        raise ConfigError(
            path,
            key_line(path, "extra"),
            "extra is not a mapping",
            "indent its keys under `extra:`",
        )
    ours = extra.get("marketweek") or {}
    if not isinstance(ours, dict):
        raise ConfigError(
            path,
            key_line(path, "marketweek"),
            "extra.marketweek is not a mapping",
            "indent its keys under `marketweek:`",
        )
    known = {option.name for option in OPTIONS}
    for key in sorted(set(ours) - known):
        warn(
            f"{where(path, key_line(path, key))}: unknown setting extra.marketweek.{key} — "
            f"remove it or use one of: {', '.join(sorted(known))}"
        )
    values = {option.name: _checked(path, option, ours) for option in OPTIONS}
    written = {name: values[name] for name in (*folders.OUTPUTS, "content", "templates")}
    folders.check_layout(
        path, {**written, "docs_dir": str(raw.get("docs_dir") or "docs")}, partial(key_line, path)
    )
    _check_content(path, values["content"])
    check_engine_settings(path, raw)
    _check_calendar(path, values["calendar"])
    return _make_config(path, raw, values)


def _check_content(path: Path, content: str) -> None:
    if not (path.parent / content).is_dir():
        raise ConfigError(
            path,
            key_line(path, "content"),
            f"content folder {content!r} does not exist",
            "fix content, or create the folder with data/ and weeks/ in it",
        )


def _check_calendar(path: Path, code: str) -> None:
    if not weeks.is_calendar(code):
        raise ConfigError(
            path,
            key_line(path, "calendar"),
            f"calendar {code!r} is not an exchange calendar",
            f"use an exchange_calendars code such as XNYS ({closest(code, weeks.calendars())})",
        )


def _checked(path: Path, option: Option, given: dict[str, Any]) -> Any:
    value = given.get(option.name, option.default)
    if not option.check(value):
        raise ConfigError(
            path,
            key_line(path, option.name),
            f"extra.marketweek.{option.name} must be {option.expect}, got {value!r}",
            f"set it to {option.expect} ({option.doc.lower().rstrip('.')})",
        )
    return value


def _make_config(path: Path, raw: dict[str, Any], values: dict[str, Any]) -> Config:
    site_name = raw.get("site_name")
    if not _is_str(site_name):
        raise ConfigError(
            path,
            key_line(path, "site_name"),
            "site_name is missing",
            "add `site_name: Your report's title` to mkdocs.yml",
        )
    site_url = raw.get("site_url", "")
    site_url = site_url.resolve() if isinstance(site_url, EnvTag) else site_url
    mkdocs = {k: v for k, v in raw.items() if k != "extra"}
    extra = {k: v for k, v in (raw.get("extra") or {}).items() if k != "marketweek"}
    if extra:
        mkdocs["extra"] = extra
    root = path.parent
    return Config(
        config_file=path,
        site_name=str(site_name),
        site_url=str(site_url or ""),
        mkdocs=mkdocs,
        content_dir=root / values["content"],
        templates_dir=root / values["templates"],
        site_dir=root / values["site_dir"],
        staging_dir=root / values["staging_dir"],
        cache_dir=root / values["cache_dir"],
        small_caps=values["small_caps"],
        large_caps=values["large_caps"],
        nasdaq=values["nasdaq"],
        basket=values["basket"],
        basket_name=values["basket_name"],
        start=values["start"],
        end=values["end"],
        authors=tuple(values["authors"]),
        calendar=values["calendar"],
        data_note=values["data_note"],
        disclaimer=values["disclaimer"],
        allow_raw_html=values["allow_raw_html"],
        remote_image_hosts=tuple(values["remote_image_hosts"]),
        max_daily_move=float(values["max_daily_move"]),
        static_charts=None if values["static_charts"] == "all" else values["static_charts"],
    )
