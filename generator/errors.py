"""One error type for everything a user can get wrong, carrying the file and line.

Every message renders as ``path:line: what is wrong — how to fix it``.
"""

from __future__ import annotations

import difflib
import errno
import os
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


def shown_in(folder: Path) -> Callable[[Path, int | None], str]:
    """``where`` for the files of one ``folder``, its part worked out once (1,300 revision
    warnings, at every edit of a preview)."""
    prefix = where(folder, None)

    def at(path: Path, line: int | None) -> str:
        if path.parent != folder:
            return where(path, line)
        shown = path.name if prefix == "." else f"{prefix}{os.sep}{path.name}"
        return f"{shown}:{line}" if line else shown

    return at


class StrictError(MarketweekError):
    """``--strict``: the first warning, now an error (every warning was shown as it came)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("", None, "", "")
        self.messages = tuple(messages)

    def __str__(self) -> str:
        more = len(self.messages) - 1
        tail = f" ({more} more warning(s) above; --strict makes warnings fatal)" if more else ""
        return self.messages[0] + tail


class ConfigError(MarketweekError):
    """The configuration file is missing, malformed or inconsistent."""


class DataError(MarketweekError):
    """A data file (prices, universe, targets, events, fed funds) is wrong."""


class CommentaryError(MarketweekError):
    """An author's commentary file is wrong."""


class RecordError(MarketweekError):
    """A published week's record (``content/published/``) is damaged or was edited by hand."""


class PublishError(MarketweekError):
    """The publishing engine failed on the generated tree."""


class MachineError(MarketweekError):
    """The machine refused: a full disk, a read-only folder, a file where a folder should be,
    a port in use. Nothing the user wrote is wrong; the fix is on the machine."""


# What an OSError means to a user, and the usual fix, by its errno.
MACHINE_FAULTS = {
    errno.ENOSPC: ("no space left on the disk", "free space on it"),
    errno.EDQUOT: ("the disk quota is used up", "free space on it"),
    errno.EROFS: ("the file system is read-only", "make it writable"),
    errno.EACCES: ("permission denied", "make it writable for this user"),
    errno.EPERM: ("permission denied", "make it writable for this user"),
    errno.ENOTDIR: ("a file stands where a folder is needed", "move that file away"),
    errno.EEXIST: ("a file stands where a folder is needed", "move that file away"),
    errno.EISDIR: ("a folder stands where a file is needed", "move that folder away"),
    errno.EADDRINUSE: ("the port is in use", "choose another with --port"),
}


def machine_error(exc: OSError, path: Path | str | None = None, fix: str = "") -> MachineError:
    """``exc`` as one line: the path (``path`` when given: a folder the user named rather
    than a file inside our work folders), what the system said, and how to fix it."""
    what, usual = fault(exc)
    shown = path if path is not None else exc.filename or "marketweek"
    return MachineError(shown, None, what, fix or f"{usual}, then try again")


def fault(exc: OSError) -> tuple[str, str]:
    """What went wrong, and the usual fix (``free space on it``)."""
    return MACHINE_FAULTS.get(exc.errno or 0, (exc.strerror or str(exc), "fix that"))


def relative(path: Path, root: Path) -> Path:
    """Show ``path`` relative to ``root`` when it lies below it, for short messages."""
    try:  # as written first: a link inside the project is shown where it is, not its target
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return path


def line_of(text: str, index: int) -> int:
    """The line (from 1) of ``text[index]``; lines end at ``\\n``, ``\\r\\n`` or ``\\r``.

    An index past the last line's end (where YAML reports "end of file") counts as the last
    line, so the line given is always one the user can open.
    """
    return position(text, min(index, len(text.rstrip("\r\n"))))[0]


def position(text: str, index: int) -> tuple[int, int]:
    """Line and column (both from 1) of ``text[index]``."""
    before = text[:index]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    return line, index - max(before.rfind("\n"), before.rfind("\r"))


def decode_text(path: Path, data: bytes, error: type[MarketweekError]) -> str:
    """A file's bytes as UTF-8 text (a leading byte-order mark dropped), else one ``error``
    at the line of the first byte that is not UTF-8, or of a NUL byte (a binary file)."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    fix = "save the file as UTF-8"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise error(path, 1, "UTF-16 text, not UTF-8", fix)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line, column = position(good, len(good))
        what = f"not UTF-8 text (byte 0x{data[exc.start]:02x} at column {column})"
        raise error(path, line, what, fix) from exc
    if "\0" in text:
        line, column = position(text, text.index("\0"))
        raise error(path, line, f"not a text file (a NUL byte at column {column})", f"{fix} text")
    return text


def first_line_with(path: Path, text: str) -> int | None:
    """The first line of a text file that contains ``text``, for messages about a value."""
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                if text in line:
                    return number
    except OSError:
        return None
    return None


def closest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """A hint naming the closest valid choice, for error messages: compared without regard to
    case (``rut`` is ``RUT``), named as the choice is spelt."""
    spelt: dict[str, str] = {}
    for choice in choices:
        spelt.setdefault(choice.casefold(), choice)
    match = difflib.get_close_matches(word.casefold(), list(spelt), n=1, cutoff=0.0)
    return f"did you mean {spelt[match[0]]!r}?" if match else "no choices are defined"


class Warnings:
    """Collects warnings as they happen (and shows them); ``--strict`` makes any fatal."""

    def __init__(self, show: Callable[[str], None] = lambda _: None) -> None:
        self.messages: list[str] = []
        self.show = show
        self.every = False  # `check --all`: every warning of a kind, none summed up

    def __call__(self, message: str) -> None:
        self.messages.append(message)
        self.show(message)

    def __len__(self) -> int:
        return len(self.messages)

    MOST = 12  # warnings of one kind listed; the rest counted in one more line

    def some(self, found: list[str], kind: str, place: str) -> None:
        """The first ``MOST`` of ``found`` (every one with ``check --all``), the rest counted
        in one line at ``place``: a thousand alike would hide every other warning."""
        most = len(found) if self.every else self.MOST
        for message in found[:most]:
            self(message)
        if len(found) > most:
            self(
                f"{place}: {len(found) - most} more {kind} warning(s) like these — "
                "marketweek check --all lists every one"
            )
