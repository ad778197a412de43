"""What commentary may not reach: the names the theme and our scripts find elements by, and
images from other sites. ``escape.sanitize_markdown`` enforces both; ``problems`` says where.

The theme (Material) finds its configuration, search box, drawer and palette by id
(``__config``, ``__search``, ``__drawer``, ``__palette_0``), code blocks and footnotes by class,
and our chart loader finds charts by ``.mw-vega`` and ``data-spec-url``. An element of the
author's with one of those names would be read instead of the real one: a ``{: #__config }``
paragraph became the theme's configuration. tests/test_escaping.py reads the theme's templates
and scripts and ours, and fails on any id, class or attribute they read that is not covered
here.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Collection, Iterator
from urllib.parse import urlsplit

# Every id in the theme's templates and scripts starts so: __config, __search, __drawer,
# __palette_0, __toc, __nav_1_2, __consent, __codelineno-0-1 …
RESERVED_ID_PREFIX = "__"
# The theme's own namespace (md-…) and code blocks' language (its `[class|=language]`).
RESERVED_CLASS_PREFIXES = ("md-", "language")
RESERVED_CLASSES = frozenset(
    {
        *("annotate", "copy", "footnote-ref", "highlight", "hll", "mermaid", "no-copy"),
        *("no-select", "select", "tabbed-labels"),
        # ours (generator/pages/assets): the chart loader and the archive filter
        *("mw-archive", "mw-archive-count", "mw-archive-filter", "mw-archive-year"),
        *("mw-has-static", "mw-more", "mw-print", "mw-vega"),
    }
)


def reserved_id(name: str) -> bool:
    return name.startswith(RESERVED_ID_PREFIX)


def reserved_class(name: str) -> bool:
    name = name.lower()
    return name.startswith(RESERVED_CLASS_PREFIXES) or name in RESERVED_CLASSES


# ─── attribute lists: `{: #id .class }` ───────────────────────────────────────────────────

# From a `{` as Python-Markdown's attr_list reads one to the first `}` (its scanner stops there).
ATTR_LIST = re.compile(r"\{(?=:?[ ]*[^\}\n ])(?P<inside>[^\}\n]*)\}")
_NAME = re.compile(r"[\w-]+")


def free_attr_list(inside: str) -> bool:
    """Only ids and classes, none of them reserved: a bare word or ``key=value`` sets an
    attribute (``{: data-spec-url }`` too), which commentary never does."""
    return all(_free_token(token) for token in inside.lstrip(":").split())


def _free_token(token: str) -> bool:
    kind, name = token[:1], token[1:]
    if not _NAME.fullmatch(name):
        return False
    return (kind == "#" and not reserved_id(name)) or (kind == "." and not reserved_class(name))


def reserved_names(inside: str) -> list[str]:
    """The ``#id`` and ``.class`` tokens of an attribute list that the theme or our scripts read."""
    tokens = inside.lstrip(":").split()
    return [
        t
        for t in tokens
        if (t[:1] == "#" and reserved_id(t[1:])) or (t[:1] == "." and reserved_class(t[1:]))
    ]


# ─── headings: their ids come from their text ─────────────────────────────────────────────

_ATX = re.compile(r"^(?P<marks>#{1,6}[ \t]+)(?P<text>.+)$", re.MULTILINE)
_SETEXT = re.compile(r"^(?P<marks>)(?P<text>[^\n]*\S[^\n]*)(?=\n[ ]{0,3}(?:=+|-+)[ \t]*$)", re.M)
_TRAILING = re.compile(r"[ ]+\{:?(?P<inside>[^\}\n]*)\}[ ]*$")


def free_headings(markdown: str) -> str:
    """A heading whose id (the toc extension's slug of its text) would start with ``__`` gets
    an id of its own, the slug without its leading underscores, in its attribute list."""
    return _SETEXT.sub(_free_heading, _ATX.sub(_free_heading, markdown))


def _free_heading(match: re.Match[str]) -> str:
    text = match.group("text")
    trailing = _TRAILING.search(text)
    if trailing and "#" in trailing["inside"]:
        return match.group(0)  # an id of the author's, checked as every attribute list is
    title = text[: trailing.start()] if trailing else text
    slug = _slug(title.rstrip("# "))
    if not slug.startswith(RESERVED_ID_PREFIX):
        return match.group(0)
    inside = trailing["inside"].lstrip(":") if trailing else ""
    return f"{match.group('marks')}{title} {{: #{slug.lstrip('_') or 'section'} {inside}}}"


def _slug(text: str) -> str:
    """toc's default slugify, which custom ones resemble: ASCII, words, spaces to dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_text).strip().lower())


# ─── images from other sites ──────────────────────────────────────────────────────────────

_SCHEME_OR_HOST = re.compile(r"([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")  # what browsers strip from or around a URL


def image_host(url: str) -> str | None:
    """The host another site's image would be fetched from (``""`` when it has none, such as
    ``data:``); ``None`` for our own (relative) image. Read as a browser reads it: entities
    decoded, tabs and line breaks dropped, ``\\`` taken as ``/``."""
    address = _URL_NOISE.sub("", html.unescape(url)).replace("\\", "/")
    if not _SCHEME_OR_HOST.match(address):
        return None
    try:
        parts = urlsplit(address)
        return (parts.hostname or "") if parts.scheme in ("", "http", "https") else ""
    except ValueError:  # a bad [IPv6] host
        return ""


def remote_image(url: str, hosts: Collection[str]) -> bool:
    """An image that would load from another site than one of ``hosts`` (by name)."""
    host = image_host(url)
    return host is not None and (not host or host not in hosts)


_IMAGE = re.compile(r"!\[")
_DEFINITION = re.compile(r"\[(?P<label>[^\[\]]*)\]:[ \t]*\n?[ \t>]*(?P<dest>\S+)")
_REFERENCE_LABEL = re.compile(r"\s?\[(?P<label>[^\]]*)\]")


def images(markdown: str) -> Iterator[tuple[int, int, list[str] | None]]:
    """Each Markdown image, inline or by reference: where its ``!`` is, where its alt text
    ends, and its addresses (every definition of its reference, for a later one wins; None
    for a reference defined nowhere we can see). Definitions are found wherever they could
    be (in a quote, a list), which can only make more images count as remote."""
    defined: dict[str, list[str]] = {}
    for found in _DEFINITION.finditer(markdown):
        defined.setdefault(_label(found.group("label")), []).append(_address(found["dest"]))
    for found in _IMAGE.finditer(markdown):
        end = _closing_bracket(markdown, found.end())
        if end is None:
            continue
        if markdown.startswith("(", end + 1):
            yield found.start(), end, [_address(markdown[end + 2 :])]
            continue
        ref = _REFERENCE_LABEL.match(markdown, end + 1)
        label = ref["label"] if ref and ref["label"].strip() else markdown[found.end() : end]
        yield found.start(), end, defined.get(_label(label))


def _closing_bracket(text: str, start: int) -> int | None:
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 1
        elif char == "[":
            depth += 1
        elif char == "]":
            if depth == 0:
                return index
            depth -= 1
        index += 1
    return None


def _address(text: str) -> str:
    """The address at the start of a link's destination: in ``<…>``, or to the first space."""
    text = text.lstrip()
    if text.startswith("<"):
        return text[1:].split(">", 1)[0]
    return re.split(r"[\s)]", text, maxsplit=1)[0]


def _label(label: str) -> str:
    return " ".join(label.split()).lower()


# ─── where the sanitiser will change what the author wrote ───────────────────────────────


def problems(source: str, hosts: Collection[str], names: bool) -> list[tuple[int, str, str]]:
    """Each remote image (and, with ``names``, each reserved id or class in an attribute list)
    in the commentary ``source``: its line in ``source``, what is wrong, how to fix it."""
    found = [_image_problem(source, start, urls, hosts) for start, _, urls in images(source)]
    if names:
        for match in ATTR_LIST.finditer(source):
            for token in reserved_names(match["inside"]):
                found.append(
                    (
                        _line(source, match.start()),
                        f"{token} is a name the theme or the chart loader reads; it is shown "
                        "as text",
                        f"choose another name than {token}",
                    )
                )
    return sorted(p for p in found if p)


def _image_problem(
    source: str, start: int, urls: list[str] | None, hosts: Collection[str]
) -> tuple[int, str, str] | None:
    remote = [u for u in urls or () if remote_image(u, hosts)]
    if not remote:
        return None
    host = image_host(remote[-1]) or remote[-1][:40]
    return (
        _line(source, start),
        f"an image from another site ({host}) would tell that site who reads the page; it is "
        "shown as a link",
        f"link to it instead, or allow {host} by name in remote_image_hosts (mkdocs.yml)",
    )


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1
