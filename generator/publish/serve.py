"""`marketweek serve`: a live preview on MkDocs' own live-reload server, drafts shown.

The docs tree is generated (drafts marked) into a preview staging folder of its own, apart
from the build's and from ``site/``: first the newest weeks only, so the first page is served
within seconds, then, once it answers, every week behind it (the browser reloads). Weeks
are kept in the build's week cache, shared with ``build`` for all but the newest
``static_charts`` weeks. MkDocs serves it with automatic browser reload and
rebuilds only the pages whose staged files changed (its "dirty" mode). An edit to
``content/``, ``templates/`` or ``mkdocs.yml`` regenerates the tree; only files whose bytes
changed are rewritten, so MkDocs rebuilds just those pages and the open browser reloads. A
broken edit prints its error line and shows it at the top of the page, over the last good
content.
"""

from __future__ import annotations

import contextlib
import gc
import html
import logging
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from generator.errors import MachineError, MarketweekError, Warnings, machine_error
from generator.model import Config, DocsTree, Document, is_week_page
from generator.publish import engine, engine_process, output

CHANGES = frozenset({"modified", "created", "deleted", "moved"})
SETTLE_S = 0.05  # wait this long for a burst of file events to end before regenerating
FIRST_WEEKS = 8  # served first, before the other weeks are generated behind them


@dataclass(frozen=True)
class Pipeline:
    """What the preview runs, handed down by the command (this package knows no stage but
    its own): the settings' loader and the generator of the docs tree."""

    load_config: Callable[[Path, Warnings], Config]
    generate: Callable[..., DocsTree]

    def config(self, config_file: Path, warn: Warnings) -> Config:
        """The project's config, staged apart from the build: drafts never reach site/."""
        config = self.load_config(config_file, warn)
        return replace(config, staging_dir=config.staging_dir.with_name("preview"))


class Preview:
    """Regenerates the staged tree on demand; reports what went wrong, in the page too."""

    def __init__(self, config_file: Path, say: Callable[[str], None], pipeline: Pipeline) -> None:
        self.config_file, self.say, self.pipeline = config_file, say, pipeline
        self.config = pipeline.config(config_file, Warnings())
        output.claim(self.config.staging_dir)
        self.lock = threading.Lock()  # the filling-in and an edit never stage at once
        self.staging = threading.Lock()  # and MkDocs never builds a half-staged tree
        self.after_build = ""  # said once MkDocs has built what was staged
        self.warned: frozenset[str] = frozenset()  # said at the last regeneration
        self.staged = ""  # the stamp of what was staged last
        self.contents: dict[str, Any] = {}  # each staged file's content, as last staged
        self.changed: set[str] | None = None  # staged since MkDocs' last build (None: all)
        self.copying: set[str] | None = None  # the files MkDocs' build in progress copies
        self.overrides: tuple[Document, ...] = ()
        self.as_they_are: tuple[str, ...] = ()  # the staged files MkDocs does not build
        self.listing: tuple[str, tuple[str, ...]] = ("", ())  # the staged settings and paths
        self.rebuild: Callable[[], None] = lambda: None  # MkDocs' server, once it runs
        self.settled = False  # every week generated once, and the heap frozen (settle_memory)

    def regenerate(
        self, changed: Path | None = None, newest: int | None = None, after_build: str = ""
    ) -> bool:
        """Generate and stage the tree (only the ``newest`` weeks, for the first pages);
        ``after_build`` is said once MkDocs has built it."""
        with self.lock:
            return self._regenerate(changed, newest, after_build)

    def _regenerate(self, changed: Path | None, newest: int | None, after_build: str) -> bool:
        started = time.monotonic()
        warn = Warnings()
        try:
            config = self.pipeline.config(self.config_file, warn)
            # the same settings, the same object: what was worked out from them is held
            self.config = self.config if config == self.config else config
            # No static SVGs: the preview is read in a browser with JavaScript.
            tree = self.pipeline.generate(
                self.config, warn, drafts=True, static_images=False, newest=newest
            )
            with self.staging:
                _, stamp = engine.stage(tree, self.config)
                self.after_build = after_build
                self.listing = (stamp.frame, stamp.paths)
                self.note_changes(tree)
            if stamp.tree != self.staged:
                self.staged = stamp.tree
                self.rebuild()
        except (MarketweekError, OSError) as exc:  # OSError: a full disk, a read-only folder
            self.say_warnings(warn.messages, whole=False)  # those said after it: not known
            shown = exc if isinstance(exc, MarketweekError) else machine_error(exc)
            self.say(f"error: {shown} (the preview keeps the last good pages)")
            self.show_error(str(shown), changed)
            return False
        self.say_warnings(warn.messages, newest is None)
        weeks = sum(is_week_page(d.path) for d in tree.documents)
        self.say(
            f"regenerated {len(tree.regenerated)} of {weeks} weeks "
            f"in {time.monotonic() - started:.1f} s"
        )
        if newest is None and not self.settled:  # (gc.get_freeze_count walks them all)
            settle_memory()
            self.settled = True
        return True

    def note_changes(self, tree: DocsTree) -> None:
        """The staged files whose content changed, for MkDocs' next build to copy (a kept
        week's files are the very objects staged before: compared by identity first)."""
        contents = {d.path: d.content for d in tree.documents}
        self.as_they_are = tuple(d.path for d in engine.split(tree)[1])
        if self.changed is not None:
            last = self.contents
            self.changed |= {p for p, c in contents.items() if not _same(last.get(p), c)}
            if self.overrides != tree.overrides:  # the theme's own files: MkDocs copies all
                self.changed = None
        self.contents, self.overrides = contents, tree.overrides

    def say_warnings(self, messages: list[str], whole: bool) -> None:
        """The warnings not said at the last regeneration (an edit repeats the data's
        warnings word for word: they are counted, not said again); ``whole``: all weeks were
        generated (the first pages' warnings are a part of them)."""
        new = [message for message in messages if message not in self.warned]
        for message in new:
            self.say(f"warning: {message}")
        if repeated := len(messages) - len(new):
            self.say(f"{repeated} warning(s) as before (said above, not repeated)")
        self.warned = frozenset(messages) if whole else self.warned | frozenset(messages)

    def show_error(self, message: str, changed: Path | None) -> None:
        """Put the error at the top of the staged page the edit belongs to (else the home)."""
        with self.staging:
            self._show_error(message, changed)
        self.staged = ""
        self.rebuild()

    def _show_error(self, message: str, changed: Path | None) -> None:
        docs = self.config.staging_dir / "docs"
        page = docs / "index.md"
        if changed is not None and changed.suffix == ".md" and changed.parent.name == "weeks":
            page = docs / "weeks" / changed.stem / "index.md"
        if not page.is_file():
            return
        text = page.read_text(encoding="utf-8").split(ERROR_END, 1)[-1]
        banner = (
            f'<div class="mw-draft mw-build-error"><p><strong>This page is out of date.</strong> '
            f"{html.escape(message)}</p></div>{ERROR_END}"
        )
        page.write_text(_after_front_matter(text, banner), encoding="utf-8")
        engine.written_over(docs)  # the next good edit rewrites the page without its banner


def settle_memory() -> None:
    """Once every week is held in memory (half a million objects at 1,900 weeks), they are
    moved out of the cycle collector's sight: its full passes, every few edits, walked them
    all for 0.4 s in the middle of a regeneration. What they free later is still freed."""
    gc.collect()
    gc.freeze()


def _same(last: Any, content: Any) -> bool:
    return last is content or last == content


ERROR_END = "\n<!-- end of marketweek error -->\n"


def _after_front_matter(text: str, insert: str) -> str:
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        end = text.index("\n---\n", 4) + 5
        return text[:end] + "\n" + insert + text[end:]
    return insert + text


class Watcher(FileSystemEventHandler):
    """Wakes the regenerating thread on any change to what a build reads."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        self.changed: Path | None = None
        self.wake = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        """Writes, new files, deletions and renames; never reads (regenerating reads them)."""
        if event.event_type not in CHANGES or event.is_directory or "/." in str(event.src_path):
            return
        self.changed = Path(str(event.src_path))
        self.wake.set()

    def run(self) -> None:
        while True:
            self.wake.wait()
            time.sleep(SETTLE_S)
            self.wake.clear()
            changed = self.changed
            if changed is not None:
                self.preview.say(f"changed: {changed.name} — regenerating")
            self.preview.regenerate(changed)


def fill_in(preview: Preview, url: str) -> None:
    """Once the first pages are served, the rest of the weeks, generated behind them."""

    def run() -> None:
        if _answers(url):
            preview.say("generating the other weeks behind the first pages…")
            preview.regenerate(after_build="every week is in the preview now")

    threading.Thread(target=run, daemon=True).start()


def _answers(url: str, limit_s: float = 120) -> bool:
    ends = time.monotonic() + limit_s
    while time.monotonic() < ends:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5) as response:
            if response.status == 200:
                return True
        time.sleep(0.1)
    return False


def watch(preview: Preview) -> BaseObserver:
    watcher = Watcher(preview)
    observer = Observer()
    root = preview.config_file.parent
    observer.schedule(watcher, str(preview.config_file), recursive=False)
    for folder in (preview.config.content_dir, preview.config.templates_dir):
        if folder.is_dir():
            observer.schedule(watcher, str(folder), recursive=True)
    observer.start()
    threading.Thread(target=watcher.run, daemon=True).start()
    preview.say(f"watching {', '.join(_shown(p, root) for p in _watched(preview))}")
    return observer


def _watched(preview: Preview) -> list[Path]:
    config = preview.config
    return [preview.config_file, config.content_dir, config.templates_dir]


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _not_the_dirty_build_notice(record: logging.LogRecord) -> bool:
    """MkDocs warns on every rebuild that only changed pages are rebuilt: that is the point."""
    return "'dirty' build" not in record.getMessage()


def _told_when_staged(mkdocs_serve: Any, preview: Preview) -> None:
    """MkDocs' server polls the folders it serves every half second (a scan of every staged
    file: 28,000 at 1,900 weeks) and then waits 0.1 s for quiet; the preview knows when it
    has staged a change, and tells the server to rebuild at once instead."""
    server_class = mkdocs_serve.LiveReloadServer

    class ToldServer(server_class):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.build_delay = 0.0
            preview.rebuild = self.rebuild

        def watch(self, path: str, *args: Any, **kwargs: Any) -> None:
            """Listed, not polled: the preview tells (``rebuild``); MkDocs puts its reload
            script in the pages while any path is listed."""
            self._watched_paths[os.path.abspath(path)] = 1

        def rebuild(self) -> None:
            with self._rebuild_cond:  # as MkDocs' own watch callback wakes its build loop
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

    mkdocs_serve.LiveReloadServer = ToldServer


def _copy_what_changed(preview: Preview) -> None:
    """In a dirty build MkDocs compares the times of every static file and its copy (56,000
    calls at 1,900 weeks); the preview knows which files it staged since the last build,
    and MkDocs copies those."""
    from mkdocs.structure.files import Files, InclusionLevel

    copy_all = Files.copy_static_files

    def copy_changed(
        self: Files, dirty: bool = False, *, inclusion: Any = InclusionLevel.is_included
    ) -> None:
        changed = preview.copying
        if not dirty or changed is None:
            copy_all(self, dirty, inclusion=inclusion)
            return
        static = (f for f in self if f.src_uri in changed and not f.is_documentation_page())
        for file in static:
            if inclusion(file.inclusion):
                file.copy_file(dirty)

    Files.copy_static_files = copy_changed  # type: ignore[method-assign]


def _files_listed_once(preview: Preview) -> None:
    """MkDocs walks the staged folder at every build and makes an entry of every file
    (28,000 at 1,900 weeks); while the staged settings and paths are those of its last
    build, the static files' entries are used again (the pages' are made anew: MkDocs ties
    each build's page to them)."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.structure.files import File, Files, set_exclusions

    walk = mkdocs_build.get_files  # type: ignore[attr-defined]
    last: dict[str, Any] = {}

    def get_files(config: Any) -> Files:
        key = (config["docs_dir"], config["site_dir"], config["use_directory_urls"])
        if last.get("key") != (*key, preview.listing):
            files = walk(config)
            last.update(key=(*key, preview.listing), files=list(files))
            return files
        listed = [File(f.src_uri, *key) if f.is_documentation_page() else f for f in last["files"]]
        set_exclusions(listed, config)  # the new pages' (the others keep theirs)
        return Files(listed)

    mkdocs_build.get_files = get_files  # type: ignore[attr-defined]


def _build_when_staged(mkdocs_serve: Any, preview: Preview) -> None:
    """MkDocs' server rebuilds as soon as the staged files settle for 0.1 s; staging a
    hundred new weeks takes longer, so each rebuild waits until the tree is whole."""
    build = mkdocs_serve.build

    def build_staged(*args: Any, **kwargs: Any) -> Any:
        with preview.staging:
            said, preview.after_build = preview.after_build, ""
            preview.copying, preview.changed = preview.changed, set()
            try:
                built = build(*args, **kwargs)
                copying = preview.copying
                paths = [p for p in preview.as_they_are if copying is None or p in copying]
                engine.publish_files(preview.config.staging_dir, Path(args[0]["site_dir"]), paths)
            except BaseException:
                preview.changed = None  # what it left uncopied: the next build copies all
                raise
        if said:
            preview.say(said)
        return built

    mkdocs_serve.build = build_staged


PORTS_TRIED = 20  # from the one asked for: a few previews side by side find a port


def free_port(port: int, say: Callable[[str], None]) -> int:
    """``port``, else the next free one after it (said so): another program listens there."""
    last = min(port + PORTS_TRIED, 65536) - 1
    for candidate in range(port, last + 1):
        if _free(candidate):
            if candidate != port:
                say(f"port {port} is in use; serving on port {candidate} instead (or --port)")
            return candidate
    raise MachineError(
        "--port",
        None,
        f"ports {port} to {last} on 127.0.0.1 are all in use",
        "stop what listens there, or choose another port with --port",
    )


def _free(port: int) -> bool:
    """Whether MkDocs' server can listen on ``port`` (it reuses addresses, as this probe)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def serve(config_file: Path, port: int, say: Callable[[str], None], pipeline: Pipeline) -> None:
    """Generate, then serve with live reload until interrupted (Ctrl-C)."""
    from mkdocs.commands import serve as mkdocs_serve

    port = free_port(port, say)
    url = f"http://127.0.0.1:{port}/"
    os.environ["MARKETWEEK_SITE_URL"] = url
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    config_file = config_file.resolve()
    preview = Preview(config_file, say, pipeline)
    first = preview.regenerate(newest=FIRST_WEEKS)
    if not first and not (preview.config.staging_dir / "mkdocs.yml").is_file():
        raise MarketweekError(
            config_file, None, "nothing to preview yet", "fix the error above, then run serve again"
        )
    _build_when_staged(mkdocs_serve, preview)
    _told_when_staged(mkdocs_serve, preview)
    _copy_what_changed(preview)
    _files_listed_once(preview)
    engine_process.theme_listed_without_dot_folders()
    observer = watch(preview)
    fill_in(preview, url)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:  # a logger's filter misses its children's
        handler.addFilter(_not_the_dirty_build_notice)
    engine_process.compiled_templates_kept()  # MkDocs runs here: each rebuild compiles less
    say(f"serving {url} — edits reload the open page; Ctrl-C stops")
    try:
        mkdocs_serve.serve(
            config_file=str(preview.config.staging_dir / "mkdocs.yml"),
            livereload=True,
            build_type="dirty",
            dev_addr=f"127.0.0.1:{port}",
        )
    finally:
        observer.stop()
