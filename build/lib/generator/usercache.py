"""What is kept in the user's cache between commands (``$XDG_CACHE_HOME/marketweek``):
what costs an import or a second to work out and changes only with a library's version or
marketweek's own code: small JSON facts (an exchange's sessions, the charts' spec templates)
and compiled Jinja templates."""

from __future__ import annotations

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
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    text = json.dumps(make())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _forget_old(folder)
        kept.write_whole(path, text)
    except OSError:
        pass  # a read-only home: the next command works it out again
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
    return jinja2.FileSystemBytecodeCache(str(folder))
