"""What a build keeps for the next one: files written whole (a reader, or a build beside this
one, never sees half of one) and small results by key in one file (``Memo``)."""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def write_whole(path: Path, content: bytes | str) -> None:
    """``content`` at ``path``, written beside it first and renamed over it (its folder made)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    if isinstance(content, str):
        partial.write_text(content, encoding="utf-8")
    else:
        partial.write_bytes(content)
    partial.replace(path)


class Memo:
    """Results by key (a digest of what each depends on) in one pickle of the build cache.
    Saving keeps only the entries this build used: the others were for inputs now gone."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path, self.kind = path, kind
        self.kept: dict[str, Any] = {}
        with contextlib.suppress(OSError, EOFError, pickle.UnpicklingError, AttributeError):
            record = pickle.loads(path.read_bytes())
            if isinstance(record, dict) and record.get("kind") == kind:
                self.kept = dict(record["entries"])
        self.used: dict[str, Any] = {}

    def get(self, key: str, make: Callable[[], T]) -> T:
        """The result kept for ``key``, else ``make()`` (kept from now on)."""
        value: T = self.kept[key] if key in self.kept else make()
        self.used[key] = value
        return value

    def save(self) -> None:
        if self.used != self.kept:
            record = {"kind": self.kind, "entries": self.used}
            with contextlib.suppress(OSError):  # unwritable: the next build works them out
                write_whole(self.path, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
