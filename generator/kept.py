"""What a build keeps for the next one, and the one way in and out of it.

Every kept file (weeks, compiled specs, static charts, closes, fact checks, the user's cache)
is read through ``read``: an absent file and a damaged one (cut short, overwritten: a CI cache
restored half-way) are the same, a miss, worked out again; damage is said once. Every kept file
is written through ``keep``, whole (``write_whole``: a reader, or a build beside this one,
never sees half of one); a cache that cannot be written (a full disk, a read-only folder, a
file where its folder should be) is no cache: said once, and the command goes on without it.

``Memo`` keeps small results by key in one file.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from generator.errors import fault, where

T = TypeVar("T")
Say = Callable[[str], None]

_say: list[Say] = [lambda _: None]  # where the notices go: the command line sets it
_said: set[str] = set()  # each notice once per command, however many files it concerns


def tell(say: Say) -> None:
    """Send the cache's notices to ``say`` from now on (each said once per command)."""
    _say[0] = say
    _said.clear()


def _once(kind: str, message: str) -> None:
    if kind not in _said:
        _said.add(kind)
        _say[0](message)


def read(
    path: Path, parse: Callable[[bytes], T], valid: Callable[[T], bool] = lambda _: True
) -> T | None:
    """``path`` parsed, or None when it is absent, unreadable, or not ``valid`` once parsed:
    the caller works it out again (and writes it anew)."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:  # a folder where the file should be, no permission…
        _damaged(path, exc.strerror or str(exc))
        return None
    try:
        value = parse(data)
    except Exception:  # damaged bytes can make a parser (pickle above all) raise anything
        value = None
    if value is None or not valid(value):
        _damaged(path, "cut short or overwritten")
        return None
    return value


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Python's cycle collector paused while many objects are read back and none freed: it
    would walk the growing heap again and again (half the time of reading 1,900 kept
    weeks)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def settled() -> Iterator[None]:
    """What is alive now kept out of the cycle collector's full passes until the block ends:
    a build holds half a million objects it will not free (its kept weeks, its tree), and a
    full pass while it stages 28,000 files walked them all (0.3 s)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _damaged(path: Path, why: str) -> None:
    _once(
        "damaged",
        f"{_shown(path)}: a kept file of the cache is unreadable ({why}) — it is worked out "
        "again, and any other such file too; nothing to do",
    )


def write_whole(path: Path, content: bytes | str) -> None:
    """``content`` at ``path``, written beside it first and renamed over it (its folder made);
    on failure, no half file is left."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            partial.write_text(content, encoding="utf-8")
        else:
            partial.write_bytes(content)
        partial.replace(path)
    except OSError:
        with contextlib.suppress(OSError):  # half a file on a full disk: give the space back
            partial.unlink(missing_ok=True)
        raise


def keep(path: Path, content: bytes | str) -> bool:
    """``content`` kept at ``path`` (``write_whole``); False when the cache cannot be written,
    which is said once: the command goes on without it."""
    try:
        write_whole(path, content)
    except OSError as exc:
        unwritable(path, exc)
        return False
    return True


def unwritable(path: Path, exc: OSError) -> None:
    """Say (once) that the cache cannot be written: the command goes on without it."""
    what, fix = fault(exc)
    _once(
        "unwritable",
        f"{_shown(path.parent)}: cannot write the cache ({what}) — going on without it "
        f"(slower); {fix}",
    )


def _shown(path: Path) -> str:
    return where(os.path.normpath(path), None)  # a cache_dir of ../cache: without the ..


def pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class Memo:
    """Results by key (a digest of what each depends on) in one pickle of the build cache.
    Saving keeps only the entries this build used: the others were for inputs now gone.

    What this process read or wrote is also held in memory, with the file's size and time:
    a preview opens the same memos on every edit, and reads the file again only when another
    process has written it since."""

    held: dict[Path, tuple[tuple[int, int, int], str, dict[str, Any]]] = {}  # noqa: RUF012

    def __init__(self, path: Path, kind: str) -> None:
        self.path, self.kind = path, kind
        held = self._held()
        self.kept: dict[str, Any] = self._read() if held is None else held
        self.used: dict[str, Any] = {}

    def _held(self) -> dict[str, Any] | None:
        held, kind, entries = self.held.get(self.path, (None, "", {}))
        if held is None or kind != self.kind or held != signature(self.path):
            return None
        return dict(entries)

    def _read(self) -> dict[str, Any]:
        with bulk():
            record = read(self.path, pickle.loads, _is_record)
        same = record is not None and record["kind"] == self.kind  # another kind: older
        entries = dict(record["entries"]) if record and same else {}
        if (found := signature(self.path)) and same:
            self.held[self.path] = (found, self.kind, entries)
        return dict(entries)

    def get(self, key: str, make: Callable[[], T]) -> T:
        """The result kept for ``key``, else ``make()`` (kept from now on)."""
        value: T = self.kept[key] if key in self.kept else make()
        self.used[key] = value
        return value

    def save(self) -> None:
        if self.used == self.kept:
            return
        if keep(self.path, pickled({"kind": self.kind, "entries": self.used})) and (
            written := signature(self.path)
        ):
            self.held[self.path] = (written, self.kind, dict(self.used))


class ByFile:
    """Results worked out from one file each, held in this process while the file keeps its
    size, time and inode (``signature``): a preview reads the same hundreds of files on every
    edit."""

    def __init__(self) -> None:
        self.held: dict[Path, tuple[tuple[int, int, int], Any]] = {}

    def get(self, path: Path, make: Callable[[], T]) -> T:
        found = signature(path)
        held = self.held.get(path)
        if found is not None and held is not None and held[0] == found:
            return held[1]  # type: ignore[no-any-return]
        value = make()
        if found is not None:
            self.held[path] = (found, value)
        return value


def signature(path: Path) -> tuple[int, int, int] | None:
    """The file's size, time and inode: another process's write changes one of them."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino


def _is_record(record: Any) -> bool:
    return isinstance(record, dict) and isinstance(record.get("entries"), dict)
