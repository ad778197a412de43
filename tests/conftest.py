"""Shared fixtures: the repository, a site built once per session and served over http on
127.0.0.1, a real (Debian) Chromium, and pages that record every console problem and every
request that would leave this machine.

Sections, in order: paths · built and served site · browser · watched pages.
"""

from __future__ import annotations

import gc
import inspect
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from projects import REPO

from generator.config import load_config
from generator.errors import Warnings
from generator.facts import panel as compute
from generator.load import data as data_files
from generator.load.selection import history_weeks, select_weeks

REPO_ROOT = Path(__file__).resolve().parents[1]

# A shell that starts a command in the background (`pytest … &` in a script) starts it with
# Ctrl-C ignored, and every command the tests run inherits that: the tests of Ctrl-C would
# then test nothing. They run as from a terminal, where Ctrl-C interrupts.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# ─── the fast subset: `pytest -m "not slow"` ───────────────────────────────────────────────

# A development run leaves out the tests marked `slow` (README, "Development"); CI (.ci/run)
# runs everything. Slow: whatever builds a site or runs the command in a subprocess — the
# browser and whole-site files, the files of end-to-end contracts (one build or `check` per
# case), and any test elsewhere that calls the command (`run(...)`) or uses a built site.
SLOW_FIXTURES = frozenset({"built_site", "browser", "page_watch"})
SLOW_FILES = frozenset(
    {
        "test_archive.py",
        "test_bad_inputs.py",
        "test_browser.py",
        "test_budget.py",
        "test_charts.py",
        "test_claims_corpus.py",
        "test_cli.py",
        "test_code.py",
        "test_commands.py",
        "test_drafts.py",
        "test_escaping.py",
        "test_feeds.py",
        "test_golden.py",
        "test_incremental.py",
        "test_init.py",
        "test_layout.py",
        "test_machine.py",
        "test_output.py",
        "test_point_in_time.py",
        "test_properties.py",
        "test_publish.py",
        "test_reader.py",
        "test_search.py",
        "test_site_checks.py",
        "test_start_to_site.py",
        "test_truth.py",
        "test_usercache.py",
        "test_workflow.py",
    }
)
RUNS_THE_COMMAND = ("run(", "marketweek(", "subprocess", "build(", "generate(")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        named = set(getattr(item, "fixturenames", ()))
        if named & SLOW_FIXTURES or item.path.name in SLOW_FILES or _runs_the_command(item):
            item.add_marker(pytest.mark.slow)


def _runs_the_command(item: pytest.Item) -> bool:
    function = getattr(item, "function", None)
    try:
        source = inspect.getsource(function) if function is not None else ""
    except (OSError, TypeError):
        return False
    return any(call in source for call in RUNS_THE_COMMAND)


# ─── paths ──────────────────────────────────────────────────────────────────────────────────


@pytest.fixture(autouse=True)
def _nothing_left_frozen():
    """A preview run in a test's process freezes what it holds (``gc.freeze``) for good, as
    the preview does; the next test in the process starts with nothing frozen."""
    yield
    gc.unfreeze()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository checkout the tests run from."""
    return REPO_ROOT


# ─── built and served site ──────────────────────────────────────────────────────────────────

# What a marketweek project consists of: copied into a scratch directory before building.
PROJECT_FILES = ("mkdocs.yml", "templates", "content")
BUILD_TIMEOUT_S = 300
SERVER_START_TIMEOUT_S = 15


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # the scratch project directory the build ran in
    site: Path  # root / "site", the built static site
    url: str  # http://127.0.0.1:PORT/ — always ends with "/"

    def page_url(self, path: str = "") -> str:
        """Absolute http URL of a site-relative path such as "weeks/2025-12-12/"."""
        return self.url + path.lstrip("/")


def free_port() -> int:
    """An ephemeral port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def copy_project(src: Path, dest: Path) -> None:
    for name in PROJECT_FILES:
        path = src / name
        if not path.exists():  # templates/: optional, the package has them
            continue
        if path.is_dir():
            shutil.copytree(path, dest / name)
        else:
            shutil.copy2(path, dest / name)


def build_site(project: Path, site_url: str) -> None:
    """Run `python -m generator build` in `project`; on failure, fail with its output."""
    env = {**os.environ, "MARKETWEEK_SITE_URL": site_url}
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )
    assert result.returncode == 0, (
        f"marketweek build exited {result.returncode}\n"
        f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    )


def wait_until_serving(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        if server.poll() is not None:
            pytest.fail(f"http.server exited {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(
                f"http.server did not answer {url} within {SERVER_START_TIMEOUT_S} s:\n"
                f"{log.read_text()}"
            )
        time.sleep(0.1)


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """Stop one process we started, by its pid: SIGTERM, then SIGKILL if it lingers."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def built_site(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The repository's project built once, with site_url pointing at the port it is served on.

    The port is chosen before building: Material's instant navigation only works when the site
    is served at exactly `site_url`.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    project = tmp_path_factory.mktemp("project")
    copy_project(repo_root, project)
    build_site(project, url)
    site = project / "site"
    assert (site / "index.html").is_file(), f"the build wrote no {site / 'index.html'}"

    log = project / "http-server.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            # http.server plus a `LinkChecker` header (see serve_site.py).
            [sys.executable, str(Path(__file__).with_name("serve_site.py")), str(port), str(site)],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(url, server, log)
        yield BuiltSite(root=project, site=site, url=url)
    finally:
        stop_process(server)


# ─── browser ────────────────────────────────────────────────────────────────────────────────

# Debian's chromium package; /usr/lib/chromium/chromium skips the wrapper script's warning.
CHROMIUM_PATHS = (Path("/usr/lib/chromium/chromium"), Path("/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> Path:
    for path in CHROMIUM_PATHS:
        if path.exists():
            return path
    pytest.fail(
        "No Chromium found at " + " or ".join(map(str, CHROMIUM_PATHS)) + ". Install Debian's "
        "package: apt-get install -y --no-install-recommends chromium "
        "(never `playwright install`).",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by playwright, shared by the whole session."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


# ─── watched pages ──────────────────────────────────────────────────────────────────────────

LOCAL_HOSTS = frozenset({"127.0.0.1"})
# Schemes that never reach the network.
LOCAL_SCHEMES = frozenset({"data", "blob", "about", "file"})
CONSOLE_PROBLEM_TYPES = frozenset({"error", "warning"})


def is_off_machine(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return parts.hostname not in LOCAL_HOSTS


@dataclass
class WatchedPage:
    """A playwright page plus everything that went wrong on it.

    Off-machine requests are recorded and aborted, so a test can never reach the network and
    never waits on it.
    """

    page: Any
    console: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    off_machine: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console {line}" for line in self.console]
            + [f"page error: {err}" for err in self.page_errors]
            + [f"off-machine request: {url}" for url in self.off_machine]
        )

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, f"{len(problems)} problem(s) on {self.page.url}:\n  " + "\n  ".join(
            problems
        )


def _record_console(watched: WatchedPage, message: Any) -> None:
    if message.type in CONSOLE_PROBLEM_TYPES:
        where = message.location or {}
        source = f" ({where.get('url')}:{where.get('lineNumber')})" if where.get("url") else ""
        watched.console.append(f"{message.type}: {message.text}{source}")


def _record_request(watched: WatchedPage, request: Any) -> None:
    if is_off_machine(request.url):
        watched.off_machine.append(request.url)


@pytest.fixture
def page_watch(browser: Any) -> Iterator[Callable[..., WatchedPage]]:
    """Factory: `page_watch()` opens a fresh 1280×900 page (own context, light colour scheme)
    whose console errors/warnings, page errors and off-machine requests are recorded;
    `page_watch(width=390, height=844)` for other viewports. Closed after the test."""
    contexts: list[Any] = []

    def open_page(width: int = 1280, height: int = 900, **context_options: Any) -> WatchedPage:
        context_options.setdefault("color_scheme", "light")
        context = browser.new_context(
            viewport={"width": width, "height": height}, **context_options
        )
        contexts.append(context)
        context.route(is_off_machine, lambda route: route.abort())
        page = context.new_page()
        watched = WatchedPage(page)
        page.on("console", lambda message: _record_console(watched, message))
        page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
        page.on("request", lambda request: _record_request(watched, request))
        return watched

    yield open_page
    for context in contexts:
        context.close()


# --- The sample project's computed weeks ------------------------------------------------------


@pytest.fixture(scope="session")
def sample():
    """The sample content loaded and computed once: (config, data, weeks, panel)."""
    config = load_config(REPO / "mkdocs.yml", Warnings())
    data = data_files.load_data(config.data_dir)
    weeks = select_weeks(data, config)
    return (
        config,
        data,
        weeks,
        compute.make_panel(data, config, weeks, history_weeks(data, config, weeks)),
    )
