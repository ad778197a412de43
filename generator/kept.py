"""What a build keeps for the next one, and the one way in and out of it.

Every kept file (weeks, compiled specs, static charts, closes, fact checks, the user's cache)
is read through ``read``: an absent file and a damaged one (cut short, overwritten: a CI cache
restored half-way) are the same, a miss, worked out again; damage is said once. Every kept file
is written through ``keep``, whole (``write_whole``: a reader, or a build beside this one,
never sees half of one); a cache that cannot be written (a full disk, a read-only folder, a
file where its folder should be) is no cache: said once, and the command goes on without it.

``Memo`` keeps small results by key in one file. ``same_inputs`` and ``ByObject`` hold results
in the process alone, for a preview that regenerates on every edit from the very objects the
last regeneration used.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from generator.errors import fault, where

T = TypeVar("T")
Item = TypeVar("Item")
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
    weeks). Inside ``settled``, what was read is settled too: left young, the next
    collections walked every object read (0.25 s, then 0.3 s, at 1,900 weeks)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if _settling[0]:
            gc.freeze()
        if enabled:
            gc.enable()


@contextlib.contextmanager
def settled() -> Iterator[None]:
    """What is alive now, and what ``bulk`` reads inside the block, kept out of the cycle
    collector's passes until the block ends: a build holds half a million objects it will
    not free (its kept weeks, its tree), and a full pass while it stages 28,000 files walked
    them all (0.3 s). (Cycles that become garbage meanwhile are freed after the block.)"""
    gc.freeze()
    _settling[0] += 1
    try:
        yield
    finally:
        _settling[0] -= 1
        if not _settling[0]:
            gc.unfreeze()


_settling = [0]  # how many settled() blocks are open


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
        """The entries used, written when they differ from the file's by more than a few: a
        week appended to 1,900 published ones rewrote 18 MB to add one record (0.15 s). The
        few left out are worked out again next time (and held in this process meanwhile)."""
        if self.used == self.kept:
            return
        differ = len(self.used.keys() ^ self.kept.keys())
        if differ and differ <= len(self.kept) // FEW_OF:
            if (held := self.held.get(self.path)) is not None:
                self.held[self.path] = (held[0], self.kind, {**self.kept, **self.used})
            return
        if keep(self.path, pickled({"kind": self.kind, "entries": self.used})) and (
            written := signature(self.path)
        ):
            self.held[self.path] = (written, self.kind, dict(self.used))


FEW_OF = 50  # a Memo is written when more than one entry in 50 is new or gone


class ByFile:
    """Results worked out from one file each, held in this process while the file keeps its
    size, time and inode (``signature``): a preview reads the same hundreds of files on every
    edit."""

    def __init__(self) -> None:
        self.held: dict[Path, tuple[Any, Any]] = {}

    def get(self, path: Path, make: Callable[[], T]) -> T:
        found = self.sign(path)
        held = self.held.get(path)
        if found is not None and held is not None and held[0] == found:
            return held[1]  # type: ignore[no-any-return]
        value = make()
        if found is not None:
            self.held[path] = (found, value)
        return value

    @staticmethod
    def sign(path: Path) -> Any:
        return signature(path)


class ByFolder(ByFile):
    """Results worked out from the files of one folder (the data files, the published
    records), held while no file in it is added, removed or written (``folder_signature``)."""

    @staticmethod
    def sign(path: Path) -> Any:
        return folder_signature(path)


def signature(path: Path) -> tuple[int, int, int] | None:
    """The file's size, time and inode: another process's write changes one of them."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino


def folder_signature(folder: Path) -> tuple[tuple[str, int, int, int], ...] | None:
    """Each file's name and ``signature`` in ``folder`` (not below it)."""
    try:
        with os.scandir(folder) as entries:
            found = []
            for entry in entries:
                status = entry.stat(follow_symlinks=True)
                found.append((entry.name, status.st_size, status.st_mtime_ns, status.st_ino))
    except OSError:
        return None
    return tuple(sorted(found))


def _is_record(record: Any) -> bool:
    return isinstance(record, dict) and isinstance(record.get("entries"), dict)


def same_inputs(make: Callable[..., T]) -> Callable[..., T]:
    """``make`` with its last result held while it is called again with the very same
    arguments (each one ``is`` the last call's, or the same text; positional arguments
    only): a preview's edit to one week's text hands a site-wide step (the panel of closes,
    the long-run series) the objects it had last time, and the step need not be worked out
    again. Only the last call is held; the arguments must not change in place (frozen
    data)."""
    last: list[Any] = []

    @functools.wraps(make)
    def held(*args: Any) -> T:
        if last and _all_same(last[0], args):
            return last[1]  # type: ignore[no-any-return]
        result = make(*args)
        last[:] = [args, result]
        return result

    return held


def _all_same(before: tuple[Any, ...], now: tuple[Any, ...]) -> bool:
    """Each the very same object, or the same text (a template's source read again)."""
    return len(before) == len(now) and all(map(_same, before, now))


def _same(a: Any, b: Any) -> bool:
    return a is b or (type(a) is type(b) is str and a == b)


_MISS = (object(), None)  # no object is this one


class ByObject:
    """Results worked out from one object each (a week's report, a commentary), held while
    the very object comes back in the next call with the same ``context`` (compared as
    ``same_inputs`` compares): a preview's kept weeks are the objects it had, and an edit
    changes one of them. Only the objects of the last call are held."""

    def __init__(self) -> None:
        self.context: tuple[Any, ...] = ()
        self.held: dict[int, tuple[Any, Any]] = {}

    def each(
        self, objects: Iterable[Item], make: Callable[[list[Item]], list[T]], *context: Any
    ) -> list[T]:
        """A result for each of ``objects``, in order: the last call's where the object is
        the same, the others from ``make`` (given them all at once, a result for each)."""
        objects = list(objects)
        last = self.held if _all_same(self.context, context) else {}
        hits = [last.get(id(item), _MISS) for item in objects]
        held = [hit[0] is item for item, hit in zip(objects, hits, strict=True)]
        todo = [item for item, h in zip(objects, held, strict=True) if not h]
        made = iter(make(todo) if todo else [])
        found = [hit[1] if h else next(made) for hit, h in zip(hits, held, strict=True)]
        self.context = context
        self.held = {id(item): (item, result) for item, result in zip(objects, found, strict=True)}
        return found
