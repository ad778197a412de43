"""The closes of the last build, kept with the bytes they were read from, so that a prices
file of millions of rows is not parsed again when it is unchanged or only grew at its end
(a week of closes appended): then only the new rows are read and added.

The kept closes are trusted only while the file starts with exactly the bytes they were read
from; anything else (a revised close, a reordered file) is read whole again.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from generator import digests
from generator import kept as keep

FORMAT = "marketweek closes 2"  # 2: closes outside MIN_CLOSE..MAX_CLOSE are not plain
Reader = Callable[[bytes], pd.DataFrame | None]  # a whole file's bytes → closes (None: not plain)


@dataclass(frozen=True)
class Kept:
    format: str
    length: int  # bytes of the file they were read from
    digest: str  # of those bytes
    closes: pd.DataFrame


def closes(content: bytes, cache: Path, read: Reader, header: bytes) -> pd.DataFrame | None:
    """The closes of ``content``: kept, kept plus the rows appended since, or read whole."""
    kept = _load(cache)
    if kept is not None and _starts_with(content, kept):
        tail = content[kept.length :]
        if not tail:
            return kept.closes
        added = read(header + tail)
        if added is not None and not _overlap(kept.closes, added):
            return _keep(cache, content, _joined(kept.closes, added))
    whole = read(content)
    return _keep(cache, content, whole) if whole is not None else None


def _starts_with(content: bytes, kept: Kept) -> bool:
    return (
        len(content) >= kept.length
        and content[kept.length - 1 : kept.length] == b"\n"
        and digests.digest(content[: kept.length]) == kept.digest
    )


def _overlap(old: pd.DataFrame, added: pd.DataFrame) -> bool:
    """A row appended for a day and symbol the file already had: a duplicate, which the
    whole-file reader reports at its line."""
    days = old.index.intersection(added.index)
    symbols = old.columns.intersection(added.columns)
    if days.empty or symbols.empty:
        return False
    both = old.loc[days, symbols].notna() & added.loc[days, symbols].notna()
    return bool(both.to_numpy().any())


def _joined(old: pd.DataFrame, added: pd.DataFrame) -> pd.DataFrame:
    """One wide frame, as the whole file read at once gives it: days in order, symbols by
    name."""
    columns = sorted(old.columns.union(added.columns))
    if len(added.index) and (not len(old.index) or added.index.min() > old.index.max()):
        joined = pd.concat([old.reindex(columns=columns), added.reindex(columns=columns)])
    else:  # rows for earlier days too (a symbol's history added): the slower general join
        joined = old.combine_first(added).sort_index().reindex(columns=columns)
    joined.index.name, joined.columns.name = old.index.name, old.columns.name
    return joined


def _load(path: Path) -> Kept | None:
    kept = keep.read(path, pickle.loads, lambda found: isinstance(found, Kept))
    return kept if kept is not None and kept.format == FORMAT else None  # else an older format


def _keep(path: Path, content: bytes, frame: pd.DataFrame) -> pd.DataFrame:
    kept = Kept(FORMAT, len(content), digests.digest(content), frame)
    keep.keep(path, keep.pickled(kept))  # unwritable: the next build reads it whole
    return frame
