"""The engine's own process: MkDocs' command line, every file it writes a new file.

A build that redoes only changed pages runs MkDocs over hard links to the live site (a copy
of thousands of files in milliseconds). MkDocs writes by opening a path for writing, which
would write into the file the live site shares; here a file opened for writing that has
another link is first unlinked, so MkDocs writes a new file and the live site is untouched.

    python -m generator.publish.engine_process build --dirty -f staging/mkdocs.yml -d DIR
"""

from __future__ import annotations

import builtins
import io
import json
import os
import stat
import sys
from typing import Any

_open = builtins.open


def open_unshared(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
    """``open``, but a write never goes into a file that has another hard link."""
    if isinstance(file, str | bytes | os.PathLike) and any(m in mode for m in "wax+"):
        _unshare(file, keep="w" not in mode)
    return _open(file, mode, *args, **kwargs)


def _unshare(path: Any, keep: bool) -> None:
    """Give ``path`` an inode of its own: unlinked (its content kept with ``keep``)."""
    try:
        status = os.stat(path)
        if status.st_nlink < 2 or not stat.S_ISREG(status.st_mode):
            return
        content = _read(path) if keep else b""
        os.unlink(path)
    except FileNotFoundError:
        return
    if keep:
        with _open(path, "wb") as copy:
            copy.write(content)


def _read(path: Any) -> bytes:
    with _open(path, "rb") as source:
        return bytes(source.read())


def main() -> None:
    """MkDocs' command line; with ``--wait CONFIG`` first, its imports done before the command
    is known: it reads ``{"args": [...], "env": {...}}`` as one JSON line from stdin (nothing:
    it ends), so the engine starts while marketweek is still generating the tree."""
    builtins.open = io.open = open_unshared
    from mkdocs.__main__ import cli

    compiled_templates_kept()
    theme_listed_without_dot_folders()
    if sys.argv[1:2] == ["--wait"]:  # the config file after it is only for ps to show
        _warm_up()
        line = sys.stdin.readline()
        if not line.strip():
            return
        order = json.loads(line)
        os.environ.update(order["env"])
        sys.argv[1:] = order["args"]
    sys.argv[0] = "mkdocs"
    cli()


def compiled_templates_kept() -> None:
    """The theme's Jinja templates compiled once and kept in the user's cache (Jinja's own
    bytecode cache, keyed by each template's source): compiling Material's templates was a
    third of a second of every build, even one that redoes a single page."""
    from mkdocs.theme import Theme

    from generator import usercache

    kept = usercache.compiled_templates("jinja")
    if kept is None:
        return
    get_env = Theme.get_env

    def get_env_with_cache(theme: Theme) -> Any:  # Any: jinja2.Environment
        env = get_env(theme)
        env.bytecode_cache = kept
        return env

    Theme.get_env = get_env_with_cache  # type: ignore[method-assign,assignment]


def theme_listed_without_dot_folders() -> None:
    """MkDocs finds the theme's static files by listing every file of the theme's folders
    and then leaving out, among others, whatever lies in a folder whose name starts with a
    dot (``*/.*``): Material's ``.icons`` alone holds 14,000 of its 14,500 files, a fifth of a
    second of every build. Here such folders are not entered; the same files are found."""
    from mkdocs.structure.files import Files

    add_files = Files.add_files_from_theme

    class Listed:
        """The one thing MkDocs asks of the theme's environment here: its files, filtered."""

        def __init__(self, folders: list[str]) -> None:
            self.folders = folders

        def list_templates(self, filter_func: Any) -> list[str]:
            found: set[str] = set()
            for folder in self.folders:
                for at, folders, files in os.walk(folder):
                    folders[:] = [f for f in folders if not f.startswith(".")]
                    inside = os.path.relpath(at, folder).replace(os.sep, "/")
                    prefix = "" if inside == "." else f"{inside}/"
                    found.update(prefix + name for name in files)
            return sorted(name for name in found if filter_func(name))

    def add_listed(self: Files, env: Any, config: Any) -> None:
        add_files(self, Listed(list(config.theme.dirs)), config)  # type: ignore[arg-type]

    Files.add_files_from_theme = add_listed  # type: ignore[method-assign]


def _warm_up() -> None:
    """What every build imports: the build command, Material and its search, Markdown."""
    import markdown  # noqa: F401
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build  # noqa: F401


if __name__ == "__main__":
    main()
