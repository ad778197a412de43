"""The folders a build writes: claimed, locked, built aside and swapped in atomically.

Every folder a build creates carries a marker file, and a build deletes or replaces only
folders that carry it (or a site an earlier marketweek built). The new site is built in a
marked folder beside ``site/`` and exchanged with it in one system call where the platform
has one (Linux ``renameat2``), so a kill at any moment leaves the old or the new site whole;
whatever a killed build left behind is cleared by the next one, under a lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

MARK = ".marketweek-output"
LOCK_WAIT_S = 600
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@dataclass(frozen=True)
class Stamp:
    """What a site was built from (a digest of the staged tree) and what MkDocs warned of."""

    tree: str
    warnings: tuple[str, ...] = ()
    frame: str = ""  # the digest of all but the pages: same frame, pages may be redone
    paths: tuple[str, ...] = ()  # the staged files it was built from


def read_stamp(site: Path) -> Stamp | None:
    """The stamp in a site's marker; None for a site without one (or an unreadable one)."""
    try:
        data = json.loads((site / MARK).read_text(encoding="utf-8"))
        warnings = tuple(str(w) for w in data["warnings"])
        paths = tuple(str(p) for p in data.get("paths", ()))
        return Stamp(str(data["tree"]), warnings, str(data.get("frame", "")), paths)
    except (OSError, ValueError, KeyError, TypeError):
        return None


class NotOurs(Exception):
    """A folder that a build would replace holds files marketweek did not write."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder


def is_ours(folder: Path) -> bool:
    """Marked by a build, or a site or staging folder an earlier marketweek made unmarked."""
    if (folder / MARK).is_file():
        return True
    if (folder / "index.html").is_file() and (folder / "assets/marketweek.js").is_file():
        return True
    staged = folder / "mkdocs.yml"
    return staged.is_file() and staged.read_bytes().startswith(b"# Written by marketweek")


def claim(folder: Path) -> Path:
    """Create ``folder`` (or accept it when empty or ours) and mark it as ours."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise NotOurs(folder)
    if folder.exists() and any(folder.iterdir()) and not is_ours(folder):
        raise NotOurs(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARK).touch()
    return folder


@contextlib.contextmanager
def locked(folder: Path, say: Callable[[str], None]) -> Iterator[None]:
    """One build at a time per project: a second one waits for the first."""
    lock = FileLock(folder / ".lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        say("waiting for another build of this project to finish")
        lock.acquire(timeout=LOCK_WAIT_S)
    try:
        yield
    finally:
        lock.release()


def leftovers(site: Path) -> list[Path]:
    """Marked work folders beside ``site`` (only a killed build leaves any)."""
    pattern = f".{site.name}-build-*"
    return sorted(p for p in site.parent.glob(pattern) if p.is_dir() and (p / MARK).is_file())


def clear_leftovers(site: Path) -> None:
    """Put back a site a killed swap had moved aside, then delete the work folders."""
    for folder in leftovers(site):
        old = folder / "old"
        if not site.exists() and old.is_dir():
            old.rename(site)
        remove(folder)


@contextlib.contextmanager
def work_folder(site: Path) -> Iterator[Path]:
    """A marked folder beside ``site`` (same filesystem, so renames are atomic)."""
    site.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{site.name}-build-", dir=site.parent))
    (folder / MARK).touch()
    try:
        yield folder
    finally:
        remove(folder)


def copy_site(site: Path, new: Path) -> None:
    """A copy of the built site to build over: hard links, so it keeps the files' times (the
    engine compares them with its sources' to see what changed). The engine's process writes
    every file as a new one (``engine_process``), so the live site is never written to.

    The copy is the site the last build replaced (its ``spare``), brought up to date: its
    files are links to the live site's but for the few the last build changed, so a pass
    over the names finds those (28,000 files at 1,900 weeks: a tenth of a second, where
    linking them all anew and deleting the replaced site took one to three seconds). Without
    a spare, or with anything in it but folders and files, it is made afresh."""
    spare = spare_of(site)
    if _ours(spare):
        with contextlib.suppress(OSError):  # cannot be moved or brought up to date: a copy
            spare.rename(new)
            if _mirrored_unmarked(site, new):
                return
        if new.exists():
            remove(new)
    shutil.copytree(site, new, copy_function=link, ignore=shutil.ignore_patterns(MARK))


def spare_of(site: Path) -> Path:
    """Where the site a build replaced is kept, marked, for the next build to copy over."""
    return site.with_name(f".{site.name}-spare")


def keep_spare(work: Path, site: Path, refresh: bool = False) -> None:
    """The site a build has just replaced (in its work folder ``work``) kept as the spare;
    when it replaced none (the first site), a copy of links to the new one, so the second
    build need not make one. An older spare (left by a build that did not use it, a full
    rebuild) is deleted first. With ``refresh`` (the build changed most of the site), the
    spare is brought up to date with the new site now, in a build that is long anyway: the
    next one, a week appended, would otherwise relink every page (1.1 s at 1,877 weeks)."""
    spare = spare_of(site)
    if spare.exists() and not _ours(spare):  # someone else's: never touched
        return
    replaced = next((work / name for name in ("new", "old") if (work / name).is_dir()), None)
    # the site is in place: a spare that cannot be made (a full disk) is only not made
    with contextlib.suppress(OSError):
        if replaced is None:
            replaced = work / "spare"
            copy_site(site, replaced)
            (replaced / MARK).touch()  # last: a copy cut short is never taken for a spare
        elif refresh and (replaced / MARK).is_file() and _mirrored_unmarked(site, replaced):
            (replaced / MARK).touch()  # unmarked until mirrored whole
        if not (replaced / MARK).is_file():  # not ours: the work folder's clean-up deletes it
            return
        if spare.exists():
            remove(spare)
        replaced.rename(spare)


def _ours(spare: Path) -> bool:
    return spare.is_dir() and not spare.is_symlink() and (spare / MARK).is_file()


def _mirrored_unmarked(site: Path, copy: Path) -> bool:
    """A marked copy of an earlier site (a spare) unmarked, then made to hold ``site``."""
    (copy / MARK).unlink()
    return _mirrored(str(site), str(copy))


def _mirrored(site: str, copy: str) -> bool:
    """``copy`` made to hold exactly ``site``'s folders and a hard link to each of its files
    (a file linked already is left as it is); False at anything else (a symbolic link)."""
    with os.scandir(site) as entries:
        wanted = {e.name: e for e in entries if e.name != MARK}
    with os.scandir(copy) as entries:
        there = {e.name: e for e in entries}
    for name, entry in list(there.items()):
        source = wanted.get(name)
        if source is None or source.is_dir() != entry.is_dir(follow_symlinks=False):
            _delete(entry)
            del there[name]
    for name, source in wanted.items():
        if source.is_symlink():
            return False
        target = os.path.join(copy, name)
        held = there.get(name)
        if source.is_dir():
            if held is None:
                os.mkdir(target)
            if not _mirrored(source.path, target):
                return False
        elif held is None or held.inode() != source.inode():
            if held is not None:
                os.unlink(target)
            link(source.path, target)
    return True


def _delete(entry: os.DirEntry[str]) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def link(source: str, target: str) -> None:
    """A hard link; a copy where the file system has none."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def remove(folder: Path) -> None:
    """Delete a marked work folder, its marker last, so a kill never leaves it unmarked."""
    for child in folder.iterdir():
        if child.name != MARK:
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)


def make_readable(folder: Path) -> None:
    """Folders 0755 and files 0644 at least, whatever the umask: a web server must read them.
    (Under a umask that already allows it, as the usual 022 does, there is nothing to do.)"""
    umask = os.umask(0o022)
    os.umask(umask)
    if not umask & 0o055:
        return
    for path in (folder, *folder.rglob("*")):
        mode = path.stat().st_mode
        wanted = 0o755 if stat.S_ISDIR(mode) else 0o644
        if mode & wanted != wanted:
            path.chmod(stat.S_IMODE(mode) | wanted)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one system call; False where the platform cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    return int(done) == 0


def swap_in(new: Path, site: Path, stamp: Stamp) -> None:
    """Make ``new`` the site: one atomic exchange, else two renames a next build can undo."""
    record = {
        "tree": stamp.tree,
        "warnings": list(stamp.warnings),
        "frame": stamp.frame,
        "paths": list(stamp.paths),
    }
    (new / MARK).write_text(json.dumps(record, sort_keys=True) + "\n", encoding="utf-8")
    make_readable(new)
    if not site.exists():
        new.rename(site)
    elif not exchange(new, site):
        site.rename(new.with_name("old"))
        new.rename(site)
