"""The record of a published week: ``content/published/YYYY-MM-DD.json``, meant to be committed.

One JSON object with sorted keys and one value per line, so a diff shows each number that
changed; a digest of its content, so a number edited by hand is an error at the file's line
rather than a silently different page. Written whole (``kept.write_whole``), never partly.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from generator import errors, kept
from generator.errors import RecordError
from generator.model import Config, Revision
from generator.published.numbers import Value

FORMAT = "marketweek published week 1"
KEYS = ("digest", "format", "revisions", "values", "week")


@dataclass(frozen=True)
class PublishedWeek:
    """A week as it went out: the numbers its page showed, and the revisions accepted since."""

    path: Path
    week: str
    values: Mapping[str, Value]
    revisions: tuple[Revision, ...]
    text: str  # the file as read, for the line of each value

    def line_of(self, key: str) -> int | None:
        """The line where ``key`` starts a line (whitespace before it), or None. Found with
        ``str.find``, not line by line: a revision names thousands of numbers."""
        needle, text, start = json.dumps(key, ensure_ascii=False) + ":", self.text, 0
        while (at := text.find(needle, start)) >= 0:
            if not text[text.rfind("\n", 0, at) + 1 : at].strip():
                return text.count("\n", 0, at) + 1
            start = at + 1
        return None


def folder(config: Config) -> Path:
    """Where the records live: beside the author's data and commentary, committed with them."""
    return config.content_dir / "published"


ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(", ", ": "))


def compact(value: Any) -> str:
    """``value`` as JSON on one line; numbers, plain names and lists of numbers written
    directly (a record has thousands: the general encoder would cost a build ~0.5 s)."""
    if value is None:
        return "null"
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    plain = isinstance(value, str) and value.isascii() and value.isprintable()
    if plain and '"' not in value and "\\" not in value:
        return f'"{value}"'
    if isinstance(value, list) and all(v is None or _is_number(v) for v in value):
        return "[" + ", ".join(map(compact, value)) + "]"
    return ENCODER.encode(value)


def digest(week: str, values: Mapping[str, Value], revisions: tuple[Revision, ...]) -> str:
    content = compact([week, dict(values), [_revision(r) for r in revisions]])
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:20]


def _revision(revision: Revision) -> dict[str, Any]:
    return {
        "changes": list(revision.changes),
        "date": revision.day.isoformat(),
        "note": revision.note,
    }


def dump(week: str, values: Mapping[str, Value], revisions: tuple[Revision, ...] = ()) -> str:
    """The record's text, exactly as marketweek writes it (and reads it back)."""
    items = [f"  {compact(_revision(r))}" for r in revisions]
    numbers = [f"  {compact(key)}: {compact(values[key])}" for key in sorted(values)]
    return "\n".join(
        [
            "{",
            f' "digest": {compact(digest(week, values, revisions))},',
            f' "format": {compact(FORMAT)},',
            ' "revisions": [' + ("\n" + ",\n".join(items) + "\n ]," if items else "],"),
            ' "values": {' + ("\n" + ",\n".join(numbers) + "\n }," if numbers else "},"),
            f' "week": {compact(week)}',
            "}",
            "",
        ]
    )


def write(path: Path, text: str) -> None:
    kept.write_whole(path, text)


# ─── reading, with every problem at its line ─────────────────────────────────────────────────


def fix(path: Path) -> str:
    shown = errors.relative(path, Path.cwd())
    return (
        f"restore it as marketweek wrote it (git checkout -- {shown}); to accept new numbers "
        'run marketweek revise WEEK --note "why"'
    )


def load_all(config: Config) -> dict[str, PublishedWeek]:
    """Every record in the project, by week; a damaged one is an error at its line. A record
    read before, byte for byte, is not checked again (the build cache keeps what it says);
    while no record is added, removed or written, the same object again (a preview loads
    them on every edit)."""
    return LOADED.get(folder(config), partial(_load_all, config))


LOADED = kept.ByFolder()


def _load_all(config: Config) -> dict[str, PublishedWeek]:
    where = folder(config)
    paths = sorted(where.glob("*.json")) if where.is_dir() else []
    memo = kept.Memo(config.cache_dir / "published.pickle", "published records 2")
    found = {}
    for path in paths:
        key, data, text = READ.get(path, partial(_read_once, path))
        said = memo.get(key, partial(_said, path, data))  # not where: the project may move
        if not (isinstance(said, tuple) and len(said) == 3):  # a damaged cache is a miss
            said = _said(path, data)
        found[path.stem] = PublishedWeek(path, *said, text)
    memo.save()
    return found


READ = kept.ByFile()  # each record's key, bytes and text, while its file is unchanged


def _read_once(path: Path) -> tuple[str, bytes, str]:
    data = path.read_bytes()
    key = hashlib.sha256(path.stem.encode() + b"\0" + data).hexdigest()
    return key, data, data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")


def _said(path: Path, data: bytes) -> tuple[str, Mapping[str, Value], tuple[Revision, ...]]:
    found = read(path, data)
    return found.week, found.values, found.revisions


def read(path: Path, data: bytes | None = None) -> PublishedWeek:
    data = path.read_bytes() if data is None else data
    text = errors.decode_text(path, data, RecordError).replace("\r\n", "\n")
    try:
        found = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(path, exc.lineno, f"not valid JSON ({exc.msg})", fix(path)) from exc
    if not isinstance(found, dict) or sorted(found) != sorted(KEYS):
        raise RecordError(path, 1, f"not a published record (keys {', '.join(KEYS)})", fix(path))
    week = _week(path, text, found)
    values = _values(path, text, found["values"])
    revisions = _revisions(path, text, found["revisions"])
    _as_written(path, text, dump(week, values, revisions))
    return PublishedWeek(path, week, values, revisions, text)


def _line(text: str, needle: str) -> int:
    return next((n for n, line in enumerate(text.splitlines(), 1) if needle in line), 1)


def _week(path: Path, text: str, found: Mapping[str, Any]) -> str:
    if found["format"] != FORMAT:
        what = f"unknown format {found['format']!r} (this marketweek reads {FORMAT!r})"
        raise RecordError(path, _line(text, '"format"'), what, fix(path))
    if found["week"] != path.stem:
        what = f"the record of week {found['week']!r} is in the file of week {path.stem}"
        raise RecordError(path, _line(text, '"week"'), what, fix(path))
    return str(found["week"])


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _values(path: Path, text: str, values: Any) -> dict[str, Value]:
    if not isinstance(values, dict):
        raise RecordError(path, _line(text, '"values"'), "values is not an object", fix(path))
    for key, value in values.items():
        fine = value is None or isinstance(value, str) or _is_number(value)
        if isinstance(value, list):
            fine = all(v is None or _is_number(v) for v in value)
        if not fine:
            line = _line(text, json.dumps(key, ensure_ascii=False))
            what = f"{key!r} is {compact(value)}, not a number, a list of numbers, a text or null"
            raise RecordError(path, line, what, fix(path))
    return dict(values)


def _revisions(path: Path, text: str, revisions: Any) -> tuple[Revision, ...]:
    found = [_revision_of(item) for item in (revisions if isinstance(revisions, list) else [0])]
    for number, revision in enumerate(found):
        if revision is None:
            what = (
                f"revision {number + 1} is not "
                '{"changes": ["..."], "date": "YYYY-MM-DD", "note": "..."}'
            )
            raise RecordError(path, _line(text, '"revisions"') + number + 1, what, fix(path))
    return tuple(r for r in found if r is not None)


def _revision_of(item: Any) -> Revision | None:
    if not isinstance(item, dict) or sorted(item) != ["changes", "date", "note"]:
        return None
    changes, note = item["changes"], item["note"]
    if not isinstance(changes, list) or not all(isinstance(c, str) for c in changes):
        return None
    if not isinstance(note, str) or not isinstance(item["date"], str):
        return None
    try:
        return Revision(date.fromisoformat(item["date"]), tuple(changes), note)
    except ValueError:
        return None


def _as_written(path: Path, text: str, written: str) -> None:
    """The file must read exactly as marketweek writes it: a changed number, an added or a
    moved line is an edit by hand, found at its line (a changed number: at the digest's)."""
    if text == written:
        return
    ours, theirs = written.splitlines(), text.splitlines()
    line = next(
        (n for n, (a, b) in enumerate(zip(ours, theirs, strict=False), 1) if a != b),
        min(len(ours), len(theirs)) + 1,
    )
    if line == 2 and ours[2:] == theirs[2:]:
        what = "the numbers do not match the record's digest: a number was edited by hand"
    else:
        got = theirs[line - 1].strip() if line <= len(theirs) else "the end of the file"
        what = f"{got[:60]!r} is not as marketweek writes this record (an edit by hand?)"
    raise RecordError(path, line, what, fix(path))
