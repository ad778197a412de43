"""Where a build may write: the folder rules that keep every output away from the author's files.

A build replaces ``site_dir`` whole and rewrites the staging and cache folders, so none of
them may be, contain or lie inside the project folder, ``content/``, ``templates/``, the
MkDocs ``docs_dir`` or each other, nor be the filesystem root.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from generator.errors import ConfigError

OUTPUTS = ("site_dir", "staging_dir", "cache_dir")
INPUTS = ("content", "templates", "docs_dir")
WHY = {
    "site_dir": "a build replaces it whole",
    "staging_dir": "a build rewrites it",
    "cache_dir": "a build writes into it",
}
INPUT_DEFAULTS = {"content": "content", "templates": "templates", "docs_dir": "docs"}
SUGGESTED = {
    "site_dir": "site",
    "staging_dir": ".marketweek/staging",
    "cache_dir": ".marketweek/cache",
}


def overlaps(a: Path, b: Path) -> bool:
    """Whether one folder is, contains or lies inside the other."""
    return a == b or a in b.parents or b in a.parents


def check_layout(
    config_file: Path, folders: Mapping[str, str], line_of: Callable[[str], int | None]
) -> None:
    """Refuse any output folder that could overwrite or delete what the author wrote.

    ``folders`` holds each folder setting as written, relative to the config file's folder.
    """
    root = config_file.parent.resolve()
    resolved = {name: (root / folder).resolve() for name, folder in folders.items()}
    for index, first in enumerate(INPUTS):
        if resolved[first] == root or resolved[first] in root.parents:
            _refuse_input(config_file, line_of(first), first, folders[first], "the project folder")
        for second in INPUTS[index + 1 :]:
            if overlaps(resolved[first], resolved[second]):
                name = second if line_of(second) else first
                other = first if name == second else second
                _refuse_input(config_file, line_of(name), name, folders[name], _label(other))
    for name in OUTPUTS:
        out = resolved[name]
        if out == Path(out.anchor) or out == root or out in root.parents:
            _refuse(
                config_file, line_of(name), name, folders[name], "is the project folder or above it"
            )
        for other in INPUTS:
            if overlaps(out, resolved[other]):
                line = line_of(name) or line_of(other)
                _refuse(config_file, line, name, folders[name], f"overlaps the {_label(other)}")
    for index, first in enumerate(OUTPUTS):
        for second in OUTPUTS[index + 1 :]:
            if overlaps(resolved[first], resolved[second]):
                name, other = (second, first) if line_of(first) is None else (first, second)
                _refuse(config_file, line_of(name), name, folders[name], f"overlaps the {other}")


def _label(name: str) -> str:
    return {"docs_dir": "MkDocs docs_dir"}.get(name, f"{name} folder")


def _refuse(config_file: Path, line: int | None, name: str, folder: str, what: str) -> None:
    raise ConfigError(
        config_file,
        line,
        f"{name} {folder!r} {what}, and {WHY[name]}",
        f"give {name} a folder of its own, such as {SUGGESTED[name]}",
    )


def _refuse_input(config_file: Path, line: int | None, name: str, folder: str, other: str) -> None:
    raise ConfigError(
        config_file,
        line,
        f"{name} {folder!r} overlaps the {other}",
        f"give {name} a folder of its own, such as {INPUT_DEFAULTS[name]}",
    )
