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


def _warm_up() -> None:
    """What every build imports: the build command, Material and its search, Markdown."""
    import markdown  # noqa: F401
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build  # noqa: F401


if __name__ == "__main__":
    main()
