"""What is kept in the user's cache between commands (``$XDG_CACHE_HOME/marketweek``):
what costs an import or a second to work out and changes only with a library's version or
marketweek's own code: small JSON facts (an exchange's sessions, the charts' spec templates)
and compiled Jinja templates."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from generator import kept


def cached_json(kind: str, key: str, make: Callable[[], Any]) -> Any:
    """``make()``, kept as JSON under ``kind`` for ``key`` (older keys of a kind are dropped
    when there are many); recomputed whenever the file is absent or unreadable."""
    folder = folder_of(kind)
    path = folder / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"
    found = kept.read(path, json.loads, lambda _: True)
    if found is not None:
        return found
    text = json.dumps(make())
    with contextlib.suppress(OSError):  # a read-only home: keep says so
        _forget_old(folder)
    kept.keep(path, text)  # unwritable: the next command works it out again
    return json.loads(text)  # as a later command reads it back


KEEP = 64  # entries of one kind: enough for several projects and versions side by side


def _forget_old(folder: Path) -> None:
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
    for old in entries[: max(0, len(entries) - KEEP + 1)]:
        old.unlink(missing_ok=True)


def folder_of(kind: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "marketweek" / kind


@functools.cache
def compiled_templates(kind: str) -> jinja2.BytecodeCache | None:
    """Jinja's bytecode cache in the user's cache (templates compiled once, keyed by each
    template's name and source); None where the folder cannot be made."""
    folder = folder_of(kind)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _BytecodeCache(str(folder))


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's, but a template that cannot be kept (a full disk) is compiled next time."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:
            kept.unwritable(Path(self._get_cache_filename(bucket)), exc)
