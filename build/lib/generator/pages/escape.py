"""Everything from data is text: the one home of escaping, and of sanitising commentary.

A string from a data file or from front matter may land in Markdown (a table cell, a list
item, a heading, a link's text), in a raw HTML block or in an attribute. ``text`` makes it
inert in all of these at once: HTML's ``& < > " '`` and every character Markdown gives a
meaning to become character references, which Markdown passes through untouched and browsers
show as the character itself. Line breaks become spaces, so a value never leaves its line (or
its table row). What is already safe is ``Markup``: our own HTML and our formatted numbers.

The author's commentary body is Markdown that may hold raw HTML: ``sanitize_markdown`` keeps
the Markdown and an allow-list of HTML (nh3), and turns links to any scheme but http, https
and mailto, and attribute lists that set anything but a free id or class, back into plain
text; an image from another site becomes a link to it (``remote_images`` says which hosts
may serve images), and nothing can take an id or class the theme or our scripts read.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection, Iterable
from typing import Any

import nh3
import yaml
from markupsafe import Markup

from generator.pages import guards

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

# Material's tooltips (`content.tooltips`) and its truncated nav and toc entries read text back
# as HTML: text never holds a tag's start. A word joiner (invisible) after the `<` breaks it.
_TAG_START = re.compile(r"<(?=[A-Za-z!/?])")
_ESCAPED_TAG_START = re.compile(r"&lt;(?=[A-Za-z!/?])")
WORD_JOINER = "\u2060"

_BREAKS = re.compile(r"[\t\n\r\f\v]+")
# C0 controls (STX and ETX are Markdown's own placeholder marks), DEL, and what XML forbids.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# What would open a block at the start of a line: a list, a setext underline, a definition.
_LEADING = re.compile(r"^( *)(?:([-+=:])|(\d+)([.)]))(?=[\s=\-]|$)")


def plain_text(value: Any) -> str:
    """``value`` on one line, without control characters or a tag's start: for plain-text
    fields (feed titles), and the ground of every other escape."""
    one_line = _CONTROLS.sub("", _BREAKS.sub(" ", str(value)))
    return _TAG_START.sub("<" + WORD_JOINER, one_line)


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
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f<]+")


def sanitize_markdown(
    source: str, keep: Iterable[str] = (), image_hosts: Collection[str] = ()
) -> str:
    """The author's Markdown with its raw HTML cut to the allow-list and its links made safe.

    Each string in ``keep`` (our own chart embeds, in order) is passed through as it is; the
    text around it is sanitised piece by piece, so that an embed never lands inside a tag.
    Images load only from this site and from ``image_hosts``.
    """
    pieces, rest = [], source
    for embed in keep:
        before, found, rest = rest.partition(embed)
        pieces += [_sanitize(before, image_hosts), found]
    return "".join([*pieces, _sanitize(rest, image_hosts)])


def _sanitize(source: str, image_hosts: Collection[str]) -> str:
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
        attribute_filter=lambda tag, name, value: _attribute(tag, name, value, image_hosts),
    )
    parts = _TAG.split(cleaned)
    for index, part in enumerate(parts):
        if index % 2 and _in_a_title("".join(parts[:index])):
            parts[index] = _ESCAPED_TAG_START.sub("&lt;&#8288;", html.escape(part, quote=False))
        elif index % 2:  # a tag: nothing in it may look like Markdown, or like a tag once read
            part = _VALUE.sub(lambda m: f'="{_in_attribute(m.group(1))}"', part)
            parts[index] = _HOLD.sub(lambda m: html.escape(held[int(m.group(1))]), part)
        else:  # text: give Markdown back its blockquotes and ampersands
            part = _AMP.sub("&", part.replace("&gt;", ">"))
            parts[index] = _ESCAPED_TAG_START.sub("&lt;&#8288;", part)
    markdown = guards.free_headings(_neutralise_links("".join(parts)))
    return _HOLD.sub(lambda m: held[int(m.group(1))], local_images(markdown, image_hosts))


_OPEN_LINK = re.compile(r"\]\s*\([^)]*$")
_DEFINITION_LINE = re.compile(r"^[ ]{0,3}\*?\[[^\]]*\]:")


def _in_a_title(before: str) -> bool:
    """Whether a tag after ``before`` would be inside a link's destination or title, or a
    definition's, where Markdown writes it into a ``title`` (which the theme reads as HTML)."""
    lines = before.rsplit("\n", 2)
    line, previous = lines[-1], lines[-2] if len(lines) > 1 else ""
    if _OPEN_LINK.search(line) or _DEFINITION_LINE.match(line):
        return True
    return bool(_DEFINITION_LINE.match(previous)) and line.lstrip()[:1] in ("'", '"', "(")


def _in_attribute(value: str) -> str:
    return _ESCAPED_TAG_START.sub("&lt;&#8288;", value.translate(_IN_ATTRIBUTE))


def _attribute(tag: str, name: str, value: str, image_hosts: Collection[str]) -> str | None:
    """An image from another site would tell that site who reads the page: only our own and
    those of ``image_hosts``. A class the theme or our scripts read is not the author's."""
    if tag == "img" and name in ("src", "srcset") and guards.remote_image(value, image_hosts):
        return None
    if name == "class":
        return " ".join(c for c in value.split() if not guards.reserved_class(c)) or None
    return value


def local_images(markdown: str, image_hosts: Collection[str] = ()) -> str:
    """Markdown images from another site than ``image_hosts`` become links to the image (the
    alt text, or "image", as the link's text); an image whose reference is defined nowhere we
    can see keeps its ``!`` as text."""
    for start, alt_end, urls in reversed(list(guards.images(markdown))):
        if urls is None:
            markdown = f"{markdown[:start]}&#33;{markdown[start + 1 :]}"
        elif any(guards.remote_image(url, image_hosts) for url in urls):
            alt = markdown[start + 2 : alt_end]
            markdown = f"{markdown[:start]}[{alt if alt.strip() else 'image'}{markdown[alt_end:]}"
    return markdown


def _neutralise_links(markdown: str) -> str:
    """Links and reference definitions to other schemes, and attribute lists that set an
    attribute (``{onclick=…}``) or a reserved id or class (``{: #__config }``), become text."""

    def link(match: re.Match[str]) -> str:
        if safe_url(match.group("dest")):
            return match.group(0)
        return match.group(0).replace("(", "&#40;", 1)

    def reference(match: re.Match[str]) -> str:
        if safe_url(match.group("dest")):
            return match.group(0)
        return match.group(0).replace("]:", "]&#58;", 1)

    def attr_list(match: re.Match[str]) -> str:
        if guards.free_attr_list(match.group("inside")):
            return match.group(0)
        return "&#123;" + match.group(0)[1:]

    markdown = _LINK.sub(link, markdown)
    markdown = _REFERENCE.sub(reference, markdown)
    return guards.ATTR_LIST.sub(attr_list, markdown)


def safe_url(url: str) -> bool:
    """A relative URL, an #anchor, or one whose scheme is allowed, as a browser reads it."""
    scheme = _SCHEME.match(_INVISIBLE.sub("", html.unescape(url)).lower())
    return scheme is None or scheme.group(1) in SCHEMES
