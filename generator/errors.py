"""One error type for everything a user can get wrong, carrying the file and line.

Every message renders as ``path:line: what is wrong — how to fix it``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class MarketweekError(Exception):
    """A problem in the user's data, commentary or configuration."""

    path: Path | str
    line: int | None
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{where(self.path, self.line)}: {self.what} — {self.fix}"


def where(path: Path | str, line: int | None) -> str:
    """``path:line`` as a user reads it: relative to the working folder when inside it."""
    shown = relative(Path(path), Path.cwd())
    return f"{shown}:{line}" if line else f"{shown}"


class ConfigError(MarketweekError):
    """The configuration file is missing, malformed or inconsistent."""


class DataError(MarketweekError):
    """A data file (prices, universe, targets, events, fed funds) is wrong."""


class CommentaryError(MarketweekError):
    """An author's commentary file is wrong."""


class PublishError(MarketweekError):
    """The publishing engine failed on the generated tree."""


def relative(path: Path, root: Path) -> Path:
    """Show ``path`` relative to ``root`` when it lies below it, for short messages."""
    try:
        return path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return path


def closest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """A hint naming the closest valid choice, for error messages."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.0)
    return f"did you mean {match[0]!r}?" if match else "no choices are defined"


class Warnings:
    """Collects warnings as they happen (and shows them); ``--strict`` makes any fatal."""

    def __init__(self, show: Callable[[str], None] = lambda _: None) -> None:
        self.messages: list[str] = []
        self.show = show

    def __call__(self, message: str) -> None:
        self.messages.append(message)
        self.show(message)

    def __len__(self) -> int:
        return len(self.messages)
