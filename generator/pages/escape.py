"""Everything from data is text: the one home of escaping, and of sanitising commentary.

A string from a data file or from front matter may land in Markdown (a table cell, a list
item, a heading, a link's text), in a raw HTML block or in an attribute. ``text`` makes it
inert in all of these at once: HTML's ``& < > " '`` and every character Markdown gives a
meaning to become character references, which Markdown passes through untouched and browsers
show as the character itself. Line breaks become spaces, so a value never leaves its line (or
its table row). What is already safe is ``Markup``: our own HTML and our formatted numbers.

The author's commentary body is Markdown that may hold raw HTML: ``sanitize_markdown`` keeps
the Markdown and an allow-list of HTML (nh3), and turns links to any scheme but http, https
and mailto, and attribute lists that set attributes, back into plain text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from typing import Any

import nh3
import yaml
from markupsafe import Markup

SCHEMES = frozenset({"http", "https", "mailto"})  # besides relative URLs and #anchors
TAGS = frozenset(nh3.ALLOWED_TAGS)
ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "*": {"class", "lang", "title"}}

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
# Braces too: `{{` from data must never reach a later template engine or an attribute list.
_HTML.update({"{": "&#123;", "}": "&#125;"})
_MARKDOWN = {char: f"&#{ord(char)};" for char in "\\`*_[]|~^#"}
_TEXT = str.maketrans({**_HTML, **_MARKDOWN})
_HTML_TEXT = str.maketrans(_HTML)
# Inside a tag nh3 wrote: what Markdown's link, code and autolink patterns would act on.
_IN_ATTRIBUTE = str.maketrans({**_MARKDOWN, "{": "&#123;", "}": "&#125;", ":": "&#58;"})
_IN_ATTRIBUTE.update({ord("\n"): "&#10;", ord("\r"): "&#13;"})

_BREAKS = re.compile(r"[\t\n\r\f\v]+")
# C0 controls (STX and ETX are Markdown's own placeholder marks), DEL, and what XML forbids.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# What would open a block at the start of a line: a list, a setext underline, a definition.
_LEADING = re.compile(r"^( *)(?:([-+=:])|(\d+)([.)]))(?=[\s=\-]|$)")


def plain_text(value: Any) -> str:
    """``value`` on one line, without control characters: for plain-text fields (feed titles)."""
    return _CONTROLS.sub("", _BREAKS.sub(" ", str(value)))


def _leading(match: re.Match[str]) -> str:
    spaces, marker, digits, dot = match.groups()
    if marker:
        return f"{spaces}&#{ord(marker)};"
    return f"{spaces}{digits}&#{ord(dot)};"


def text(value: Any) -> Markup:
    """``value`` as inert text for Markdown, HTML and (double- or single-quoted) attributes."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(_LEADING.sub(_leading, plain_text(value).translate(_TEXT), count=1))


def html_text(value: Any) -> str:
    """``value`` as text for HTML (and attributes) where no Markdown is read: front matter."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return plain_text(value).translate(_HTML_TEXT)


def yaml_str(value: Any) -> Markup:
    """A front-matter value: HTML-escaped text (themes print titles as HTML), as a YAML
    double-quoted scalar written by the YAML serializer."""
    dumped = yaml.safe_dump(
        html_text(value), default_style='"', allow_unicode=True, width=float("inf")
    )
    return Markup(dumped.strip())


def safe(function: Callable[..., str]) -> Callable[..., Markup]:
    """A formatter of ours (numbers, dates, signed changes) whose output needs no escaping."""

    def formatted(*args: Any, **kwargs: Any) -> Markup:
        return Markup(function(*args, **kwargs))

    return formatted


# ─── the commentary body ──────────────────────────────────────────────────────────────────

_CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_AUTOLINK = re.compile(
    r"<(?:(?:https?|ftp)://|mailto:)[^\s<>\"'`]+>|<[^\s<>\"'`@!]+@[^\s<>\"'`@]+>", re.IGNORECASE
)
_HOLD = re.compile(r"\x0e(\d+)\x0f")
# A tag as nh3 writes it: attribute values always in double quotes, `"` inside escaped.
_TAG = re.compile(r"(</?[a-zA-Z][^\s/>]*(?:\s+[^\s=/>]+(?:=\"[^\"]*\")?)*\s*/?>)")
_VALUE = re.compile(r'="([^"]*)"')
_AMP = re.compile(r"&amp;(?![a-zA-Z][a-zA-Z0-9]*;|#[0-9]+;|#[xX][0-9a-fA-F]+;)")
_LINK = re.compile(r"\]\s*\((?P<dest>[^)\"']*)")
_REFERENCE = re.compile(r"\[[^\[\]\n]*\]:(?P<dest>[ \t]*\n?[ \t]*\S+)")
_ATTR_LIST = re.compile(r"\{(?=:?[ ]*[^\}\n ][^\}\n]*=[^\}\n]*\})")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f<]+")


def sanitize_markdown(source: str, keep: Iterable[str] = ()) -> str:
    """The author's Markdown with its raw HTML cut to the allow-list and its links made safe.

    Each string in ``keep`` (our own chart embeds, in order) is passed through as it is; the
    text around it is sanitised piece by piece, so that an embed never lands inside a tag.
    """
    pieces, rest = [], source
    for embed in keep:
        before, found, rest = rest.partition(embed)
        pieces += [_sanitize(before), found]
    return "".join([*pieces, _sanitize(rest)])


def _sanitize(source: str) -> str:
    held: list[str] = []

    def hold(kept: str) -> str:
        held.append(kept)
        return f"\x0e{len(held) - 1}\x0f"

    source = _CONTROLS.sub("", source)
    source = _CODE_SPAN.sub(lambda m: hold(f"<code>{text(m.group(2).strip())}</code>"), source)
    source = _AUTOLINK.sub(lambda m: hold(m.group(0)), source)
    cleaned = nh3.clean(
        source,
        tags=set(TAGS),
        attributes=ATTRIBUTES,
        url_schemes=set(SCHEMES),
        attribute_filter=_local_images,
    )
    parts = _TAG.split(cleaned)
    for index, part in enumerate(parts):
        if index % 2:  # a tag: nothing in it may look like Markdown
            part = _VALUE.sub(lambda m: f'="{m.group(1).translate(_IN_ATTRIBUTE)}"', part)
            parts[index] = _HOLD.sub(lambda m: html.escape(held[int(m.group(1))]), part)
        else:  # text: give Markdown back its blockquotes and ampersands
            parts[index] = _AMP.sub("&", part.replace("&gt;", ">"))
    markdown = _neutralise_links("".join(parts))
    return _HOLD.sub(lambda m: held[int(m.group(1))], markdown)


def _local_images(tag: str, attribute: str, value: str) -> str | None:
    """An image from another site would tell that site who reads the page: only our own."""
    if tag == "img" and attribute in ("src", "srcset") and _REMOTE.match(value.strip()):
        return None
    return value


_REMOTE = re.compile(r"([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def _neutralise_links(markdown: str) -> str:
    """Links and reference definitions to other schemes, and attribute lists that set
    attributes (``{onclick=…}``), become text."""

    def link(match: re.Match[str]) -> str:
        if safe_url(match.group("dest")):
            return match.group(0)
        return match.group(0).replace("(", "&#40;", 1)

    def reference(match: re.Match[str]) -> str:
        if safe_url(match.group("dest")):
            return match.group(0)
        return match.group(0).replace("]:", "]&#58;", 1)

    markdown = _LINK.sub(link, markdown)
    markdown = _REFERENCE.sub(reference, markdown)
    return _ATTR_LIST.sub("&#123;", markdown)


def safe_url(url: str) -> bool:
    """A relative URL, an #anchor, or one whose scheme is allowed, as a browser reads it."""
    scheme = _SCHEME.match(_INVISIBLE.sub("", html.unescape(url)).lower())
    return scheme is None or scheme.group(1) in SCHEMES
