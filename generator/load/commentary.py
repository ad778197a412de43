"""The weekly commentary in ``content/weeks``: front matter read with its lines, and the body."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from yaml.reader import ReaderError

from generator import digests
from generator.errors import (
    CommentaryError,
    closest,
    line_of,
    where,
)
from generator.kept import ByFile, Memo
from generator.load.files import content_folder, quoted, read_text
from generator.model import Commentary

FRONT_MATTER_KEYS = ("title", "authors", "summary", "tags", "draft", "publish_at")
PUBLISH_ZONE = ZoneInfo("America/New_York")  # publish_at without a time zone: exchange time
# A week's commentary runs to 5-30 KB. Fact-checking takes ~8 ms a sentence with numbers, so
# a file of this size is checked in seconds at worst; a 20 MB one ran 102 s before it failed.
# A larger file is refused before it is read.
MAX_BYTES = 100_000


# ─── commentary ─────────────────────────────────────────────────────────────────────────────


def load_commentary(
    folder: Path, weeks: set[date], warn: Callable[[str], None], cache: Path | None = None
) -> dict[date, Commentary]:
    """Read every ``YYYY-MM-DD.md`` in ``folder``; each must name a published week.

    Hidden files (an editor's ``.#2025-12-12.md`` lock, say) are not commentary. With
    ``cache`` (a file in the build cache), a file whose text is unchanged since the last
    build is not parsed again (its warnings are said again).
    """
    memo = Memo(cache, "commentary 1") if cache else None
    found: dict[date, Commentary] = {}
    warn_misnamed(folder, warn)
    last = max(weeks) if weeks else None
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.name.startswith("."):
            continue
        item = _read_before(path, warn, memo)
        if last is not None and item.week > last:
            warn(
                f"{where(path, None)}: the data hold no week ending {item.week} yet (their last "
                f"is {last}) — it is published once its prices are in the data"
            )
            continue
        if item.week not in weeks:
            raise _not_a_week(path, item.week, weeks)
        if item.week in found:
            raise CommentaryError(
                path,
                None,
                f"a second file for the week of {item.week}",
                f"merge it into {found[item.week].path.name} and delete it",
            )
        found[item.week] = item
    if memo:
        memo.save()
    return found


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".txt")


def warn_misnamed(folder: Path, warn: Callable[[str], None]) -> None:
    """A file named after a week that does not end in ``.md`` exactly (``.MD``, ``.markdown``)
    is not read: say so, or a week's text goes missing without a word."""
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        wrong = path.suffix != ".md" and path.suffix.lower() in MARKDOWN_SUFFIXES
        if wrong and re.fullmatch(r"\d{4}-\d{2}-\d{2}", path.stem):
            warn(
                f"{where(path, None)}: not read: commentary files end in .md (lower case) — "
                f"rename it to {path.stem}.md"
            )


def _read_before(path: Path, warn: Callable[[str], None], memo: Memo | None) -> Commentary:
    """The file's commentary, as an earlier build read it when its path and text are the
    same (parsing front matter with pure-Python YAML was a third of a second of every build
    with 260 files); its warnings said again."""
    if memo is None:
        return read_commentary(path, warn)
    key, text = READ.get(path, partial(_keyed_text, path))

    def read() -> tuple[Commentary, list[str]]:
        said: list[str] = []
        return read_commentary(path, said.append, text), said

    item, said = memo.get(key, read)
    for message in said:
        warn(message)
    return item


READ = ByFile()  # each file's key and text, while it is unchanged (a preview reads them often)


def _keyed_text(path: Path) -> tuple[str, str]:
    text = read_text(path, CommentaryError, content_folder(path), MAX_BYTES)
    return digests.digest(str(path).encode(), text.encode()), text


def _not_a_week(path: Path, day: date, weeks: set[date]) -> CommentaryError:
    """A file named after no published week: outside the data, or not a week's last session."""
    if weeks and day < min(weeks) and day.isocalendar()[:2] != min(weeks).isocalendar()[:2]:
        return CommentaryError(
            path,
            None,
            f"{day} is before the first published week ({min(weeks)})",
            "rename the file, or widen start in mkdocs.yml",
        )
    return CommentaryError(
        path,
        None,
        f"{day} is not the last session of a week",
        f"rename the file to {_nearest_week(day, weeks)}.md",
    )


def _nearest_week(day: date, weeks: set[date]) -> str:
    if not weeks:
        return "a week's last trading session"
    return min(weeks, key=lambda w: abs((w - day).days)).isoformat()


@dataclass(frozen=True)
class FrontMatter:
    """A commentary file split: front matter values, the line of each key, and the body."""

    values: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int


def read_commentary(path: Path, warn: Callable[[str], None], text: str | None = None) -> Commentary:
    try:
        week = date.fromisoformat(path.stem)
    except ValueError as exc:
        raise CommentaryError(
            path,
            None,
            "file name is not a date",
            "name commentary files YYYY-MM-DD.md after the week's last session",
        ) from exc
    if text is None:
        text = read_text(path, CommentaryError, content_folder(path), MAX_BYTES)
    front = split_front_matter(path, text)
    for key in sorted(set(front.values) - set(FRONT_MATTER_KEYS)):
        warn(
            f"{where(path, front.lines[key])}: unknown front matter key {quoted(key)} — "
            f"use one of {', '.join(FRONT_MATTER_KEYS)} ({closest(key, FRONT_MATTER_KEYS)})"
        )
    return Commentary(
        path=path,
        week=week,
        title=_meta_text(path, front, "title"),
        authors=_meta_list(path, front, "authors"),
        summary=_meta_text(path, front, "summary"),
        tags=_meta_list(path, front, "tags"),
        draft=_meta_bool(path, front, "draft"),
        body=front.body,
        body_line=front.body_line,
        publish_at=_meta_time(path, front, "publish_at"),
    )


def split_front_matter(path: Path, text: str) -> FrontMatter:
    """Front matter runs from a first line ``---`` to the next line ``---``; the rest is body."""
    lines = io.StringIO(text, newline="").readlines()
    first = next((n for n, line in enumerate(lines) if line.strip()), len(lines))
    if first == len(lines) or lines[first].rstrip() != "---":
        return FrontMatter({}, {}, *_body(lines, 0))
    end = next((n for n in range(first + 1, len(lines)) if lines[n].rstrip() == "---"), None)
    if end is None:
        raise CommentaryError(
            path,
            first + 1,
            "front matter is never closed",
            "end it with a line of three dashes: ---",
        )
    values, key_lines = _parse_yaml(path, "".join(lines[first + 1 : end]), first + 2)
    return FrontMatter(values, key_lines, *_body(lines, end + 1))


def _body(lines: list[str], start: int) -> tuple[str, int]:
    """The body from line index ``start``, stripped, and the line its first text is on."""
    blank = next((n for n in range(start, len(lines)) if lines[n].strip()), len(lines))
    return "".join(lines[start:]).strip(), blank + 1


def _parse_yaml(path: Path, text: str, offset: int) -> tuple[dict[str, Any], dict[str, int]]:
    """Front matter ``text`` (starting on line ``offset``): each key's value and line."""
    try:
        loader = yaml.SafeLoader(text)  # checks the characters at once
        node = loader.get_single_node()
        if node is not None and isinstance(node, yaml.MappingNode):
            loader.flatten_mapping(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CommentaryError(
            path,
            offset + line_of(text, mark.index) - 1 if mark else offset - 1,
            f"front matter is not valid YAML: {_reason(exc)}{_context(exc, text, offset)}",
            "fix the quoting or indentation; quote titles that contain ':'",
        ) from exc
    except ReaderError as exc:
        raise CommentaryError(
            path,
            offset + line_of(text, exc.position) - 1,
            f"front matter holds the control character U+{exc.character:04X}",
            "delete it",
        ) from exc
    except (yaml.YAMLError, RecursionError) as exc:
        raise CommentaryError(
            path,
            offset - 1,
            f"front matter cannot be read: {_reason(exc)}",
            "write plain `key: value` lines",
        ) from exc
    if node is None:
        return {}, {}
    if not isinstance(node, yaml.MappingNode):
        raise CommentaryError(
            path,
            offset + line_of(text, node.start_mark.index) - 1,
            "front matter is not a mapping",
            "write `key: value` lines",
        )
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = offset + line_of(text, key_node.start_mark.index) - 1
        key = _front_matter_key(path, line, key_node, lines)
        lines[key] = line
        values[key] = _construct(path, line, key, loader, value_node)
    return values, lines


def _front_matter_key(path: Path, line: int, node: yaml.Node, seen: dict[str, int]) -> str:
    if not isinstance(node, yaml.ScalarNode) or not isinstance(node.value, str):
        raise CommentaryError(
            path, line, "a front matter key is not a name", "write `key: value` lines"
        )
    key: str = node.value
    if key in seen:
        raise CommentaryError(
            path,
            line,
            f"second {quoted(key)} in the front matter",
            f"delete one of them (the first is on line {seen[key]})",
        )
    return key


def _construct(path: Path, line: int, key: str, loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except Exception as exc:  # PyYAML's constructors raise what they hit: `!!bool maybe` a KeyError
        raise CommentaryError(
            path,
            line,
            f"{quoted(key)} cannot be read: {_reason(exc)}",
            "fix the value, or put it in quotes to keep it as text",
        ) from exc


def _context(exc: yaml.MarkedYAMLError, text: str, offset: int) -> str:
    """Where the construct that failed began, when that was on an earlier line."""
    if not (exc.context and exc.context_mark and exc.problem_mark):
        return ""
    start = line_of(text, exc.context_mark.index)
    if start >= line_of(text, exc.problem_mark.index):
        return ""
    return f" ({exc.context} that starts on line {offset + start - 1})"


def _reason(exc: BaseException) -> str:
    """The gist of a library's error, on one line."""
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    if not isinstance(exc, yaml.YAMLError | ValueError):  # `!!int ''`: an IndexError inside
        return "it does not fit its type"
    problem = str(getattr(exc, "problem", None) or exc)
    return problem.splitlines()[0] if problem.strip() else type(exc).__name__


def _meta_text(path: Path, front: FrontMatter, key: str) -> str:
    value = front.values.get(key, "")
    if not isinstance(value, str):
        raise CommentaryError(
            path,
            front.lines[key],
            f"{key} must be text, got {quoted(repr(value))}",
            f"quote the {key}",
        )
    return value.strip()


def _meta_list(path: Path, front: FrontMatter, key: str) -> tuple[str, ...]:
    value = front.values.get(key, [])
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CommentaryError(
            path,
            front.lines[key],
            f"{key} must be a list of names",
            f"write {key}: [First Name, Second Name]",
        )
    return tuple(value)


def _meta_bool(path: Path, front: FrontMatter, key: str) -> bool:
    value = front.values.get(key, False)
    if not isinstance(value, bool):
        raise CommentaryError(
            path,
            front.lines[key],
            f"{key} must be true or false",
            f"write {key}: true or {key}: false",
        )
    return value


def _meta_time(path: Path, front: FrontMatter, key: str) -> datetime | None:
    """A date and time with its time zone; without one it is New York (exchange) time, and a
    date alone is midnight there."""
    value = front.values.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = datetime.fromisoformat(value.strip())
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=PUBLISH_ZONE)
        try:
            moment.astimezone(UTC)
            return moment
        except (OverflowError, ValueError):
            pass
    raise CommentaryError(
        path,
        front.lines[key],
        f"{key} {quoted(str(value))} is not a date and time",
        f"write e.g. {key}: 2025-12-13T08:00:00-05:00 (without a time zone: New York time)",
    )
