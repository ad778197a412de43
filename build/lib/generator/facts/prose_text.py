"""The prose of a commentary body as a reader reads it: sentences, each with its line.

Code blocks and spans, template expressions (``{{ … }}``, ``{% … %}``), HTML, tables and link
targets are blanked out, character for character, so every position still falls on the line
the author wrote it on. A computed value ``{{ close("RUT") }}`` leaves a ``§`` in its place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

FENCE = re.compile(r"^ {0,3}(```|~~~)")
BLANKED = re.compile(
    r"<!--.*?-->|`+[^`]*`+|<[^>]*>|\]\([^)]*\)|\{#.*?#\}|https?://\S+|[*_#>\[\]]", re.S
)
EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
BLOCK_START = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+|^\s*#")
ABBREVIATIONS = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Inc|Corp|Co|Ltd|St|vs|Mr|Ms|"
    r"Dr|No|approx|e\.g|i\.e|U\.S|N\.A)|\b[A-Z])\.$"
)
END = re.compile(r"[.!?]+[\"”’)]*(?=\s+[\"“(§A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    text: str  # the sentence as cleaned (same length as written, blanks where code was)
    start: int  # offset in the body
    body: str  # the whole body (to find the line of any offset)

    def line_of(self, index: int) -> int:
        """Line (from 0) within the body of ``self.text[index]``."""
        return self.body.count("\n", 0, self.start + index)

    @property
    def written(self) -> str:
        """The sentence as shown in messages: a computed value as ``{{…}}``."""
        return " ".join(self.text.replace("§", "{{…}}").split())


def clean(body: str) -> str:
    """``body`` with everything but prose blanked out, keeping every newline in place."""
    lines = []
    fenced = False
    for line in body.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
            lines.append(" " * len(line))
        elif fenced or line.lstrip().startswith("|") or line.startswith(("    ", "\t")):
            lines.append(" " * len(line))
        else:
            lines.append(line)
    text = "\n".join(lines)
    text = EXPRESSION.sub(lambda m: "§" + _blank(m.group(0)[1:]), text)
    return BLANKED.sub(lambda m: _blank(m.group(0)), text)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def sentences(body: str) -> Iterator[Sentence]:
    """The sentences of the body's prose, in order."""
    text = clean(body)
    for start, end in _blocks(body):
        yield from _split(text[start:end], start, body)


def _blocks(body: str) -> Iterator[tuple[int, int]]:
    """Paragraphs, list items and headings (start, end): no sentence crosses one's end."""
    start = offset = 0
    for line in body.split("\n"):
        if BLOCK_START.match(line) and offset > start:
            yield start, offset
            start = offset
        offset += len(line) + 1
        if not line.strip():
            yield start, offset
            start = offset
    yield start, len(body)


def _split(block: str, start: int, body: str) -> Iterator[Sentence]:
    begin = 0
    for match in END.finditer(block):
        if ABBREVIATIONS.search(block[: match.start() + 1]):
            continue
        yield from _sentence(block, begin, match.end(), start, body)
        begin = match.end()
    yield from _sentence(block, begin, len(block), start, body)


def _sentence(block: str, begin: int, end: int, start: int, body: str) -> Iterator[Sentence]:
    piece = block[begin:end]
    if piece.strip():
        yield Sentence(piece, start + begin, body)
