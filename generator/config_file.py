"""Reading ``mkdocs.yml``: YAML with MkDocs' ``!ENV`` tag, every problem at its line, and the
line where each key was written (for messages about it), duplicate keys refused."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.reader import ReaderError

from generator.errors import ConfigError, decode_text, line_of

MARKETWEEK = ("extra", "marketweek")


class EnvTag:
    """MkDocs' ``!ENV [NAME, default]`` tag, kept so the staged config can say it again."""

    def __init__(self, args: list[Any]) -> None:
        self.args = args

    def __repr__(self) -> str:  # with its value now: the build cache keys on it
        return f"EnvTag({self.args!r} → {self.resolve()!r})"

    def __eq__(self, other: object) -> bool:  # the same settings read twice are equal
        return isinstance(other, EnvTag) and repr(self) == repr(other)

    def __hash__(self) -> int:
        return hash(repr(self))

    def resolve(self) -> Any:
        *names, default = self.args if len(self.args) > 1 else (*self.args, None)
        for name in names:
            if os.environ.get(name):
                return os.environ[name]
        return default


# Values in mkdocs.yml with every alias (*name) expanded. A real config holds hundreds; ten
# lines of aliases to aliases hold billions (the "billion laughs"), and everything that walks
# the values (MkDocs, the build cache's key) would expand them: 5 GB in 40 s.
MAX_VALUES = 100_000


class TooManyValues(yaml.YAMLError):
    """Aliases expand the document past ``MAX_VALUES``, or an alias sits inside the value it
    names (a loop): ``mark`` is where that alias was written."""

    def __init__(self, what: str, mark: yaml.Mark) -> None:
        super().__init__(what)
        self.what, self.mark = what, mark


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader that counts the values as it composes them, each alias as the
    size of what it names, and stops at ``MAX_VALUES`` before anything is built from them."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.sizes: dict[int, int] = {}  # id of a composed node -> its values, aliases expanded
        self.expanded = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        alias = self.peek_event() if self.check_event(yaml.AliasEvent) else None  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it untyped
        node: yaml.Node = super().compose_node(parent, index)  # type: ignore[assignment]  # None only at the end of a stream, never for a node
        if alias is None:
            inside = sum(self.sizes[id(child)] for child in _children(node))
            self.sizes[id(node)] = 1 + inside
            self._count(1, node.start_mark)
        elif id(node) not in self.sizes:  # named by an alias while still being composed
            raise TooManyValues("an alias (*name) inside the value it names", alias.start_mark)
        else:
            self._count(self.sizes[id(node)], alias.start_mark)
        return node

    def _count(self, values: int, mark: yaml.Mark) -> None:
        self.expanded += values
        if self.expanded > MAX_VALUES:
            what = f"aliases (*name) expand the config past {MAX_VALUES:,} values"
            raise TooManyValues(what, mark)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _construct_env(loader: yaml.SafeLoader, node: yaml.Node) -> EnvTag:
    if isinstance(node, yaml.ScalarNode):
        return EnvTag([loader.construct_scalar(node)])
    return EnvTag(loader.construct_sequence(node))  # type: ignore[arg-type]


_Loader.add_constructor("!ENV", _construct_env)


def read_yaml(path: Path) -> dict[str, Any]:
    """Read a MkDocs config, keeping ``!ENV`` tags; report any problem with its line."""
    try:
        if path.is_dir() or (path.exists() and not path.is_file()):
            raise ConfigError(
                path,
                None,
                "is a folder or a special file, not a config file",
                "pass the path of mkdocs.yml itself with --config",
            )
        text = decode_text(path, path.read_bytes(), ConfigError)
    except FileNotFoundError as exc:
        raise ConfigError(
            path,
            None,
            "config file not found",
            "run marketweek in the folder that holds mkdocs.yml or pass --config",
        ) from exc
    except OSError as exc:
        raise ConfigError(
            path, None, f"cannot be read ({exc.strerror or exc})", "check that you may read it"
        ) from exc
    try:
        data = yaml.load(text, Loader=_Loader)
    except TooManyValues as exc:
        raise ConfigError(
            path,
            line_of(text, exc.mark.index),
            exc.what,
            "write the values out, or use fewer aliases",
        ) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigError(
            path,
            line_of(text, mark.index) if mark else None,
            f"YAML syntax error: {exc.problem or exc.context}",
            "fix the indentation or quoting on that line",
        ) from exc
    except ReaderError as exc:
        raise ConfigError(
            path,
            line_of(text, exc.position),
            f"the control character U+{exc.character:04X} is not allowed in YAML",
            "delete it",
        ) from exc
    except Exception as exc:  # PyYAML's constructors raise what they hit: `!!bool maybe` a KeyError
        reason = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
        if not isinstance(exc, yaml.YAMLError | ValueError):  # `!!int ''`: an IndexError
            reason = "nested too deeply" if isinstance(exc, RecursionError) else "wrong type"
        raise ConfigError(
            path,
            _unreadable_value_line(text),
            f"a value cannot be read: {reason}",
            "fix the value, or put it in quotes to keep it as text",
        ) from exc
    if not isinstance(data, dict):
        line = 1 if text.strip() else None
        raise ConfigError(path, line, "config is not a mapping", "write `key: value` lines")
    return data


def _unreadable_value_line(text: str) -> int | None:
    """The line of the first value that is YAML but no Python value (a date like 2025-02-30)."""
    try:
        todo = [yaml.compose(text, Loader=_Loader)]
    except (yaml.YAMLError, RecursionError):
        return None
    seen: set[int] = set()
    while todo:
        node = todo.pop(0)
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                _Loader("").construct_object(node)
            except Exception:  # whatever the constructor raised, this is the value
                return line_of(text, node.start_mark.index)
        elif isinstance(node, yaml.SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            todo.extend(part for pair in node.value for part in pair)
    return None


def key_line(path: Path, key: str) -> int | None:
    """The line of ``key`` under ``extra: marketweek:``, else at the top level, else anywhere."""
    positions = _positions_of(path)
    anywhere = sorted(line for where, line in positions.items() if where[-1] == key)
    return positions.get((*MARKETWEEK, key)) or positions.get((key,)) or next(iter(anywhere), None)


def _positions_of(path: Path) -> dict[tuple[str, ...], int]:
    try:
        stat = path.stat()
        return key_positions(path, stat.st_mtime_ns, stat.st_size)[0]
    except OSError:
        return {}


@lru_cache(maxsize=16)
def key_positions(
    path: Path, mtime: int = 0, size: int = 0
) -> tuple[dict[tuple[str, ...], int], tuple[tuple[tuple[str, ...], int, int], ...]]:
    """Where each mapping key was first written (by its path of keys), and every key written
    twice in one mapping as (path, first line, second line)."""
    try:
        text = decode_text(path, path.read_bytes(), ConfigError)
        root = yaml.compose(text, Loader=_Loader)
    except (OSError, ConfigError, yaml.YAMLError, RecursionError):
        return {}, ()
    positions: dict[tuple[str, ...], int] = {}
    twice: list[tuple[tuple[str, ...], int, int]] = []
    todo: list[tuple[tuple[str, ...], Any]] = [((), root)]
    # In document order, so that a mapping an alias names again is walked where its anchor
    # wrote it, once: aliases to aliases would otherwise be followed billions of times.
    seen: set[int] = set()
    while todo:
        where, node = todo.pop()
        if not isinstance(node, yaml.MappingNode) or id(node) in seen:
            continue
        seen.add(id(node))
        inside = []
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            here = (*where, str(key.value))
            line = key.start_mark.line + 1
            if here in positions:
                twice.append((here, positions[here], line))
            else:
                positions[here] = line
            inside.append((here, value))
        todo.extend(reversed(inside))
    return positions, tuple(sorted(twice, key=lambda t: t[2]))


def check_duplicates(path: Path) -> None:
    """A key written twice in one mapping: YAML keeps the last silently; we refuse it."""
    stat = path.stat()
    for where, first, second in key_positions(path, stat.st_mtime_ns, stat.st_size)[1]:
        section = ".".join(where[:-1]) or path.name
        raise ConfigError(
            path,
            second,
            f"second {where[-1]!r} in {section}",
            f"delete one of them (the first is on line {first})",
        )
