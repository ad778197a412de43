"""`marketweek serve`: build a preview (drafts shown), serve it here, rebuild on every change.

Edits to content/, templates/ or mkdocs.yml trigger a rebuild within a second or two; a
build that fails prints its error line and keeps serving the last good site.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from generator.build import build
from generator.config import load_config
from generator.errors import MarketweekError, Warnings
from generator.model import Config


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def watched_state(config_file: Path) -> dict[str, float]:
    """Modification times of everything a build reads."""
    root = config_file.parent
    paths = [config_file, *(root / "content").rglob("*"), *(root / "templates").rglob("*")]
    return {str(p): p.stat().st_mtime for p in paths if p.is_file()}


def preview_config(config_file: Path, warn: Warnings) -> Config:
    """The project's config, building into a preview folder: drafts never reach site/."""
    config = load_config(config_file, warn)
    return replace(config, site_dir=config.staging_dir.with_name("preview"))


def rebuild(config_file: Path, say: Callable[[str], None]) -> None:
    warn = Warnings(lambda message: say(f"warning: {message}"))
    started = time.monotonic()
    try:
        report = build(preview_config(config_file, warn), warn, drafts=True)
        say(f"built {report.pages} pages in {time.monotonic() - started:.1f} s")
    except MarketweekError as exc:
        say(f"error: {exc} (still serving the last good site)")


def serve(
    config_file: Path,
    port: int,
    say: Callable[[str], None],
    poll: float = 1.0,
    rounds: int | None = None,
) -> None:
    """Serve until interrupted (or for ``rounds`` polls, for tests)."""
    os.environ["MARKETWEEK_SITE_URL"] = f"http://127.0.0.1:{port}/"
    config_file = config_file.resolve()
    rebuild(config_file, say)
    site = preview_config(config_file, Warnings()).site_dir
    handler = partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    say(f"serving http://127.0.0.1:{port}/ — edit content/ or templates/ to rebuild; Ctrl-C stops")
    try:
        watch(config_file, say, poll, rounds)
    finally:
        server.shutdown()


def watch(config_file: Path, say: Callable[[str], None], poll: float, rounds: int | None) -> None:
    state = watched_state(config_file)
    while rounds is None or rounds > 0:
        time.sleep(poll)
        rounds = None if rounds is None else rounds - 1
        current = watched_state(config_file)
        if current != state:
            changed = sorted(set(current.items()) ^ set(state.items()))
            say(f"changed: {Path(changed[0][0]).name} — rebuilding")
            rebuild(config_file, say)
            state = watched_state(config_file)
