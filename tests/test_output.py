"""The output guard (issue 7): no setting lets a build eat the project, site/ is swapped in
whole, a killed build leaves the old or new site and nothing running, and the site is
world-readable and byte-for-byte reproducible.

Every case runs the command line in its own copy of a tiny project built once: as a
subprocess, or in this process (click's runner) for the refusals made while mkdocs.yml is
read, which would otherwise spend most of their time importing. The other refusals and the
fresh builds are independent, so each group runs side by side to keep the file fast.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from filelock import FileLock
from projects import TINY, make_project, snapshot

from generator.cli import main
from generator.publish import output

MARK = ".marketweek-output"  # the marker file the issue names, spelled out, not imported
BUILD_TIMEOUT_S = 180
WORKERS = 4


# ─── helpers ────────────────────────────────────────────────────────────────────────────────


def clean_env(**extra: str) -> dict[str, str]:
    """The test's environment without a build date of its own, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return {**env, **extra}


def cli(
    root: Path, *args: str, env: dict[str, str] | None = None, umask: int | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in ``root``, as a user would type it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env=env or clean_env(),
        preexec_fn=None if umask is None else lambda: os.umask(umask),
        timeout=BUILD_TIMEOUT_S,
    )


def invoke(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The same command line in this process (no second of imports): for fast refusals.

    An exception the CLI let through is added to stderr as the traceback a user would see.
    """
    with contextlib.chdir(root):
        result = CliRunner().invoke(main, list(args))
    stderr = result.stderr
    if result.exc_info and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, stderr)


def in_parallel(jobs: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run independent jobs (each in its own project copy) side by side."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = {name: pool.submit(job) for name, job in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


def digests(folder: Path) -> dict[str, str]:
    """``snapshot`` as short hashes, so a failing comparison prints a readable diff."""
    return {name: hashlib.sha256(data).hexdigest()[:16] for name, data in snapshot(folder).items()}


def user_files(root: Path, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """What the author owns (and the built site), to prove a refused build changed nothing."""
    state: dict[str, Any] = {
        "content": digests(root / "content"),
        "templates": digests(root / "templates"),
        "mkdocs.yml": (root / "mkdocs.yml").read_bytes(),
        "site": digests(root / "site"),
    }
    for name in extra:
        state[name] = digests(root / name)
    return state


def last_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    return lines[-1] if lines else ""


def line_of_key(text: str, key: str) -> int:
    """The line (from 1) on which ``key:`` is written in ``text``."""
    lines = text.splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.lstrip().startswith(f"{key}:"))


def with_setting(root: Path, setting: str) -> None:
    """Write ``setting`` (``key: value``) under ``extra: marketweek:`` in mkdocs.yml."""
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    assert "  marketweek:\n" in text
    path.write_text(text.replace("  marketweek:\n", f"  marketweek:\n    {setting}\n"), "utf-8")


class _Closes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.closed_html = False

    def handle_endtag(self, tag: str) -> None:
        self.closed_html = self.closed_html or tag == "html"


def page_parses(data: bytes) -> bool:
    """A whole HTML page: UTF-8 text that parses through to ``</html>``."""
    parser = _Closes()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser.closed_html


def processes_mentioning(text: str) -> list[str]:
    """Live processes (not zombies, not this one) whose command line contains ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, UnicodeDecodeError):
            continue
        if text in cmdline:
            found.append(f"{entry.name}: {cmdline.strip()}")
    return found


def work_folders(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob(".site-build-*"))


def copy_of(built: Built, dest: Path) -> Path:
    root = dest / "project"
    shutil.copytree(built.root, root, symlinks=True)
    return root


# ─── the project built once ─────────────────────────────────────────────────────────────────


@dataclass
class Built:
    root: Path
    site: dict[str, bytes]
    finished: float = field(default_factory=time.monotonic)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    root = make_project(tmp_path_factory.mktemp("built"))
    done = cli(root, "build")
    assert done.returncode == 0, done.stderr
    return Built(root, snapshot(root / "site"))


# ─── 1. an output that cannot eat the project ───────────────────────────────────────────────

WHY = {
    "site_dir": "a build replaces it whole — give site_dir a folder of its own, such as site",
    "staging_dir": "a build rewrites it — give staging_dir a folder of its own, "
    "such as .marketweek/staging",
    "cache_dir": "a build writes into it — give cache_dir a folder of its own, "
    "such as .marketweek/cache",
}
ABOVE = "is the project folder or above it"

# id: (setting written under extra.marketweek, the key whose line is blamed, message after
# "mkdocs.yml:LINE: ")
LAYOUT = {
    "site_dir .": ("site_dir: .", "site_dir", f"site_dir '.' {ABOVE}, and {WHY['site_dir']}"),
    "site_dir ..": ("site_dir: ..", "site_dir", f"site_dir '..' {ABOVE}, and {WHY['site_dir']}"),
    "site_dir /": ("site_dir: /", "site_dir", f"site_dir '/' {ABOVE}, and {WHY['site_dir']}"),
    "site_dir content": (
        "site_dir: content",
        "site_dir",
        f"site_dir 'content' overlaps the content folder, and {WHY['site_dir']}",
    ),
    "site_dir content/data": (
        "site_dir: content/data",
        "site_dir",
        f"site_dir 'content/data' overlaps the content folder, and {WHY['site_dir']}",
    ),
    "site_dir templates": (
        "site_dir: templates",
        "site_dir",
        f"site_dir 'templates' overlaps the templates folder, and {WHY['site_dir']}",
    ),
    "site_dir docs": (
        "site_dir: docs",
        "site_dir",
        f"site_dir 'docs' overlaps the MkDocs docs_dir, and {WHY['site_dir']}",
    ),
    "staging_dir .": (
        "staging_dir: .",
        "staging_dir",
        f"staging_dir '.' {ABOVE}, and {WHY['staging_dir']}",
    ),
    "staging_dir content": (
        "staging_dir: content",
        "staging_dir",
        f"staging_dir 'content' overlaps the content folder, and {WHY['staging_dir']}",
    ),
    "staging_dir site": (
        "staging_dir: site",
        "staging_dir",
        f"staging_dir 'site' overlaps the site_dir, and {WHY['staging_dir']}",
    ),
    "cache_dir templates": (
        "cache_dir: templates",
        "cache_dir",
        f"cache_dir 'templates' overlaps the templates folder, and {WHY['cache_dir']}",
    ),
    "cache_dir site/cache": (
        "cache_dir: site/cache",
        "cache_dir",
        f"cache_dir 'site/cache' overlaps the site_dir, and {WHY['cache_dir']}",
    ),
    # Only `content:` is written: the line must be that one, the setting the author can edit.
    "content site": (
        "content: site",
        "content",
        f"site_dir 'site' overlaps the content folder, and {WHY['site_dir']}",
    ),
    # out -> content: the link is followed, so site_dir would replace content/ through it.
    "site_dir link to content": (
        "site_dir: out",
        "site_dir",
        f"site_dir 'out' overlaps the content folder, and {WHY['site_dir']}",
    ),
}
NOT_OURS = (
    "site_dir 'public' holds files marketweek did not write, and a build would replace "
    "them — point site_dir at a new or empty folder, or move those files away yourself"
)


@dataclass
class Refused:
    root: Path
    text: str  # mkdocs.yml as written for the case
    before: dict[str, Any]
    runs: dict[str, subprocess.CompletedProcess[str]]
    after: dict[str, Any]
    everything_before: dict[str, str] = field(default_factory=dict)
    everything_after: dict[str, str] = field(default_factory=dict)


def refuse_layout(built: Built, dest: Path, setting: str) -> Refused:
    root = copy_of(built, dest)
    with_setting(root, setting)
    if setting == "site_dir: out":
        (root / "out").symlink_to("content")
    before, everything = user_files(root), digests(dest)
    runs = {command: invoke(root, command) for command in ("build", "check")}
    return Refused(
        root,
        (root / "mkdocs.yml").read_text(),
        before,
        runs,
        user_files(root),
        everything,
        digests(dest),
    )


def refuse_not_ours(built: Built, dest: Path) -> Refused:
    root = copy_of(built, dest)
    with_setting(root, "site_dir: public")
    (root / "public").mkdir()
    (root / "public/notes.txt").write_text("my notes, not a site\n")
    before = user_files(root, ("public",))
    runs = {"build": cli(root, "build")}
    return Refused(
        root, (root / "mkdocs.yml").read_text(), before, runs, user_files(root, ("public",))
    )


# ─── 5. MkDocs errors said of the user's files ──────────────────────────────────────────────

BROKEN_OVERRIDE = '{% extends "base.html" %}\n\n{{ foo( }}\n'


def break_engine(built: Built, dest: Path, case: str) -> Refused:
    root = copy_of(built, dest)
    config = root / "mkdocs.yml"
    text = config.read_text()
    if case == "extension":
        assert "  - md_in_html\n" in text
        config.write_text(text.replace("  - md_in_html\n", "  - md_in_html\n  - no_such_ext\n"))
    else:
        (root / "templates/overrides").mkdir(exist_ok=True)
        (root / "templates/overrides/main.html").write_text(BROKEN_OVERRIDE)
    before = user_files(root)
    runs = {"build": cli(root, "build")}
    return Refused(root, config.read_text(), before, runs, user_files(root))


# A wrong theme is refused before MkDocs runs (tests/test_init.py); an extension MkDocs cannot
# load is found by MkDocs itself.
ENGINE_CASES = ("extension", "override")


@pytest.fixture(scope="module")
def layout(built, tmp_path_factory) -> dict[str, Refused]:
    """Each overlapping setting in its own copy of the built project (refused in-process)."""
    return {
        case: refuse_layout(built, tmp_path_factory.mktemp("layout"), setting)
        for case, (setting, _, _) in LAYOUT.items()
    }


@pytest.fixture(scope="module")
def refused(built, tmp_path_factory) -> dict[str, Refused]:
    """The refusals that come only once data is read or MkDocs ran, run side by side."""
    jobs: dict[str, Callable[[], Refused]] = {}
    dest = tmp_path_factory.mktemp("notours")
    jobs["not ours"] = lambda d=dest: refuse_not_ours(built, d)
    for case in ENGINE_CASES:
        dest = tmp_path_factory.mktemp("engine")
        jobs[case] = lambda d=dest, c=case: break_engine(built, d, c)
    return in_parallel(jobs)


def assert_refused(result: Refused, command: str, expected: str) -> None:
    done = result.runs[command]
    assert done.returncode == 1, done.stdout + done.stderr
    assert last_line(done.stderr) == expected
    assert "Traceback" not in done.stderr
    assert result.after == result.before


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("case", list(LAYOUT))
def test_an_output_overlapping_the_project_is_refused(layout, case, command):
    _, key, message = LAYOUT[case]
    result = layout[case]
    line = line_of_key(result.text, key)
    assert_refused(result, command, f"error: mkdocs.yml:{line}: {message}")


@pytest.mark.parametrize("case", list(LAYOUT))
def test_a_refused_layout_writes_nothing_anywhere(layout, case):
    """Refused while the config is read: not one byte changes beside or inside the project."""
    result = layout[case]
    assert result.everything_after == result.everything_before
    if case == "site_dir link to content":
        assert os.readlink(result.root / "out") == "content"


def test_a_site_dir_holding_someone_elses_files_is_refused(refused):
    result = refused["not ours"]
    line = line_of_key(result.text, "site_dir")
    assert_refused(result, "build", f"error: mkdocs.yml:{line}: {NOT_OURS}")
    assert (result.root / "public/notes.txt").read_text() == "my notes, not a site\n"


@pytest.mark.parametrize("case", ENGINE_CASES)
def test_mkdocs_errors_name_the_users_file_and_line(refused, case):
    result = refused[case]
    done = result.runs["build"]
    if case == "override":
        path = "templates/overrides/main.html"
        line = BROKEN_OVERRIDE.splitlines().index("{{ foo( }}") + 1
        start = f"error: {path}:{line}: theme override error: "
        end = " — fix the template (it extends the theme's base.html)"
        named = "}"
    else:
        key = "markdown_extensions"
        line = line_of_key(result.text, key)
        start = f"error: mkdocs.yml:{line}: MkDocs cannot use the {key} setting: "
        end = f" — fix {key} in mkdocs.yml (see the MkDocs documentation for it)"
        named = "'no_such_ext'"
    message = last_line(done.stderr)
    assert done.returncode == 1, done.stdout + done.stderr
    assert message.startswith(start) and message.endswith(end), message
    assert named in message.removeprefix(start)
    assert ".marketweek/staging" not in done.stderr
    assert "Traceback" not in done.stderr
    assert result.after == result.before


# ─── 2. atomic swap, kills and leftovers ────────────────────────────────────────────────────

# A build that pauses right after the exchange, so a kill lands between swap and clean-up.
PAUSE_AFTER_EXCHANGE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from generator.publish import output
    flag, real = Path(sys.argv[1]), output.exchange
    def exchange_then_pause(a, b):
        done = real(a, b)
        flag.touch()
        time.sleep(60)
        return done
    output.exchange = exchange_then_pause
    from generator.cli import main
    sys.argv = ["marketweek", "build"]
    main()
    """
)
KILL_POINTS = (
    "after 0.5 s",
    "after 1.5 s",
    "after 2.5 s",
    "as the engine starts",
    "as the engine ends",
    "after the exchange",
)
RACY = {"as the engine ends", "after 1.5 s", "after 2.5 s"}  # the build may finish first


@dataclass
class Killed:
    returncode: int | None
    site: dict[str, bytes]
    orphans: list[str]
    stderr: bytes
    lingered: float  # seconds until no process named the project after the build was reaped


@dataclass
class Kills:
    root: Path
    old: dict[str, bytes]
    listing: list[str]
    killed: dict[str, Killed]
    recovery: subprocess.CompletedProcess[str] | None = None
    listing_after: list[str] = field(default_factory=list)
    work_after: list[str] = field(default_factory=list)


def wait_until(condition: Callable[[], bool], proc: subprocess.Popen, limit: float = 60) -> None:
    ends = time.monotonic() + limit
    while not condition() and proc.poll() is None and time.monotonic() < ends:
        time.sleep(0.005)


def engine_running(root: Path) -> bool:
    staging = str(root / ".marketweek/staging")
    return any("mkdocs" in p for p in processes_mentioning(staging))


def kill_build(root: Path, point: str, flag: Path) -> Killed:
    if point == "after the exchange":
        command = [sys.executable, "-c", PAUSE_AFTER_EXCHANGE, str(flag)]
    else:
        command = [sys.executable, "-m", "generator", "build"]
    proc = subprocess.Popen(
        command, cwd=root, env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    if point.startswith("after ") and point.endswith(" s"):
        time.sleep(float(point.split()[1]))
    elif point == "as the engine starts":
        wait_until(lambda: engine_running(root), proc)
    elif point == "as the engine ends":
        wait_until(lambda: engine_running(root), proc)
        wait_until(lambda: not engine_running(root), proc)
    else:
        wait_until(flag.exists, proc)
    proc.send_signal(signal.SIGKILL)
    _, stderr = proc.communicate(timeout=30)
    reaped = time.monotonic()
    while processes_mentioning(str(root)) and time.monotonic() < reaped + 1:
        time.sleep(0.01)
    lingered = time.monotonic() - reaped
    site = snapshot(root / "site") if (root / "site").is_dir() else {}
    return Killed(proc.returncode, site, processes_mentioning(str(root)), stderr, lingered)


@pytest.fixture(scope="module")
def kills(built, tmp_path_factory) -> Kills:
    """One built project, killed at each point in turn, then built once more."""
    dest = tmp_path_factory.mktemp("kills")
    root = copy_of(built, dest)
    (root / ".site-build-foo").mkdir()  # the author's, unmarked: never to be deleted
    (root / ".site-build-foo/keep.txt").write_text("mine\n")
    result = Kills(root, snapshot(root / "site"), sorted(os.listdir(root)), {})
    week = root / "content/weeks/2025-12-12.md"
    for point in KILL_POINTS:
        # A change each time, so the engine must run (an unchanged site is not rebuilt).
        week.write_text(week.read_text() + f"\nKilled {point}.\n")
        result.killed[point] = kill_build(root, point, dest / "swapped")
    result.recovery = cli(root, "build")
    result.listing_after = sorted(os.listdir(root))
    result.work_after = work_folders(root)
    return result


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_killed_build_leaves_the_old_or_a_whole_new_site(kills, point):
    killed = kills.killed[point]
    if point not in RACY:
        # else the kill came too late to test anything
        assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert killed.site, "site/ is gone"
    if killed.site != kills.old:
        assert set(killed.site) == set(kills.old)
        assert page_parses(killed.site["index.html"])


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_killed_build_leaves_no_engine_running(kills, point):
    assert kills.killed[point].orphans == []


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_killed_builds_engine_dies_with_it(kills, point):
    """At once, not when it next writes to the dead build's pipe (the tiny site's engine
    would then end within a second anyway; a large site's would run on for minutes)."""
    assert kills.killed[point].lingered < 0.5


def test_the_next_build_clears_what_killed_builds_left(kills):
    done = kills.recovery
    assert done is not None and done.returncode == 0, done and done.stderr
    assert kills.work_after == [".site-build-foo"]
    # as before, but the spare (the replaced site kept to build over): a killed build had
    # taken it, and the next build that replaces the site keeps one again
    assert [n for n in kills.listing_after if n != ".site-spare"] == [
        n for n in kills.listing if n != ".site-spare"
    ]
    assert (kills.root / ".site-build-foo/keep.txt").read_text() == "mine\n"
    site = snapshot(kills.root / "site")
    assert set(site) == set(kills.old) and page_parses(site["index.html"])


def write_tree(folder: Path, files: dict[str, str]) -> dict[str, bytes]:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return snapshot(folder)


OLD_SITE = {MARK: "", "index.html": "<html>old</html>", "weeks/a/index.html": "old week"}
NEW_SITE = {"index.html": "<html>new</html>", "weeks/b/index.html": "new week"}


def test_without_an_atomic_exchange_two_renames_swap_the_site(tmp_path, monkeypatch):
    site, work = tmp_path / "site", tmp_path / ".site-build-x"
    old = write_tree(site, OLD_SITE)
    new = write_tree(work / "new", NEW_SITE)
    (work / MARK).touch()
    monkeypatch.setattr(output, "exchange", lambda a, b: False)
    output.swap_in(work / "new", site, output.Stamp("x"))
    marker = json.loads(snapshot(site).pop(MARK))
    assert marker == {"tree": "x", "warnings": [], "frame": "", "paths": []}
    assert {k: v for k, v in snapshot(site).items() if k != MARK} == new
    assert snapshot(work / "old") == old  # set aside, for the work folder's clean-up
    assert not (work / "new").exists()


def test_a_kill_between_the_two_renames_is_undone_by_the_next_build(tmp_path):
    site, work = tmp_path / "site", tmp_path / ".site-build-x"
    old = write_tree(work / "old", OLD_SITE)  # moved aside; the new site not yet in place
    write_tree(work / "new", NEW_SITE)
    (work / MARK).touch()
    output.clear_leftovers(site)
    assert snapshot(site) == old
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_an_unmarked_build_folder_is_never_deleted(tmp_path):
    site = tmp_path / "site"
    old = write_tree(site, OLD_SITE)
    mine = write_tree(tmp_path / ".site-build-foo", {"keep.txt": "mine", "old/index.html": "x"})
    output.clear_leftovers(site)
    assert snapshot(tmp_path / ".site-build-foo") == mine
    assert snapshot(site) == old


def test_an_unmarked_build_folder_is_not_taken_for_a_site_set_aside(tmp_path):
    """No site/ and a folder with old/ in it, but unmarked: it is left exactly as it is."""
    mine = write_tree(tmp_path / ".site-build-foo", {"keep.txt": "mine", "old/index.html": "x"})
    output.clear_leftovers(tmp_path / "site")
    assert snapshot(tmp_path / ".site-build-foo") == mine
    assert sorted(os.listdir(tmp_path)) == [".site-build-foo"]


def inodes(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_ino
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def test_the_copy_to_build_over_is_the_replaced_site_brought_up_to_date(tmp_path):
    """The spare (the site the last build replaced) becomes a copy of the live site: each
    file a hard link to the live one, whatever the spare held (a stale file, a file gone
    from the site, a folder where the site has a file and the reverse, its old marker)."""
    site, spare = tmp_path / "site", tmp_path / ".site-spare"
    live = write_tree(site, {MARK: "{}", **NEW_SITE, "a/b.txt": "b", "c": "a file"})
    write_tree(spare, {MARK: "{}", **OLD_SITE, "a/b.txt": "stale", "c/d.txt": "a folder"})
    os.link(site / "index.html", spare / "index.html.gz")  # a file the site does not have
    (spare / "index.html").unlink()
    os.link(site / "index.html", spare / "index.html")  # linked already: left as it is
    spare_dir = spare.stat().st_ino
    output.copy_site(site, tmp_path / "new")
    copy = tmp_path / "new"
    assert not spare.exists() and copy.stat().st_ino == spare_dir  # the spare, renamed
    expected = {k: v for k, v in live.items() if k != MARK}
    assert snapshot(copy) == expected
    assert inodes(copy) == {k: v for k, v in inodes(site).items() if k != MARK}
    assert snapshot(site) == live  # the live site untouched


def test_a_spare_with_a_link_in_the_site_is_copied_afresh(tmp_path):
    site, spare = tmp_path / "site", tmp_path / ".site-spare"
    write_tree(site, {"index.html": "new", "weeks/a/index.html": "a"})
    (site / "latest").symlink_to("weeks/a")
    write_tree(spare, {MARK: "", "index.html": "old"})
    output.copy_site(site, tmp_path / "new")
    copy = tmp_path / "new"
    assert not spare.exists()
    # as shutil.copytree copies it: the linked folder as a folder
    assert snapshot(copy) == {**snapshot(site), "latest/index.html": b"a"}
    assert (copy / "latest").is_dir() and not (copy / "latest").is_symlink()


def test_the_replaced_site_is_kept_as_the_spare_and_an_unmarked_one_is_not(tmp_path):
    site, work = tmp_path / "site", tmp_path / ".site-build-x"
    replaced = write_tree(work / "new", OLD_SITE)  # exchanged with the new site
    output.keep_spare(work, site)
    assert snapshot(tmp_path / ".site-spare") == replaced and not (work / "new").exists()
    mine = write_tree(work / "old", {"index.html": "not marked"})  # set aside, not ours
    output.keep_spare(work, site)
    assert snapshot(work / "old") == mine  # left for the work folder's clean-up
    assert snapshot(tmp_path / ".site-spare") == replaced


def test_after_a_build_that_changed_most_of_the_site_the_spare_is_brought_up_to_date_at_once(
    tmp_path,
):
    """``refresh``: the replaced site is made a copy of links to the new one before it is
    kept (the next build, a week appended, need not relink every page); without it, it is
    kept as it was (a few files changed: the next build's pass over the names finds them)."""
    site, work = tmp_path / "site", tmp_path / ".site-build-x"
    live = write_tree(site, {MARK: "{}", **NEW_SITE, "a/b.txt": "b"})
    write_tree(work / "new", OLD_SITE)
    folder = (work / "new").stat().st_ino
    output.keep_spare(work, site, refresh=True)
    spare = tmp_path / ".site-spare"
    assert spare.stat().st_ino == folder  # the replaced site's folder, not a new copy
    assert snapshot(spare) == {**{k: v for k, v in live.items() if k != MARK}, MARK: b""}
    assert {k: v for k, v in inodes(spare).items() if k != MARK} == {
        k: v for k, v in inodes(site).items() if k != MARK
    }
    assert snapshot(site) == live  # the live site untouched
    replaced = write_tree(work / "old", OLD_SITE)
    output.keep_spare(work, site)  # no refresh: kept as it was
    assert snapshot(spare) == replaced


def test_a_spare_that_cannot_be_brought_up_to_date_is_not_kept(tmp_path):
    site, work = tmp_path / "site", tmp_path / ".site-build-x"
    write_tree(site, {MARK: "{}", **NEW_SITE})
    (site / "latest").symlink_to("weeks/b")  # not ours to mirror: copied afresh next time
    replaced = write_tree(work / "new", OLD_SITE)
    output.keep_spare(work, site, refresh=True)
    assert not (tmp_path / ".site-spare").exists()
    assert not (work / "new" / MARK).exists()  # unmarked: the work folder's clean-up takes it
    assert set(snapshot(work / "new")) - {MARK} <= set(replaced) | set(NEW_SITE)


def test_a_spare_folder_of_someone_elses_is_never_used_or_replaced(tmp_path):
    """An unmarked .site-spare (the author's own folder, say) is left exactly as it is: the
    copy is made afresh, and the replaced site is left for the work folder's clean-up."""
    site, work = tmp_path / "site", tmp_path / ".site-build-x"
    live = write_tree(site, {MARK: "{}", **NEW_SITE})
    mine = write_tree(tmp_path / ".site-spare", {"notes.txt": "mine", "index.html": "x"})
    output.copy_site(site, work / "copy")
    assert snapshot(work / "copy") == {k: v for k, v in live.items() if k != MARK}
    replaced = write_tree(work / "new", OLD_SITE)
    output.keep_spare(work, site)
    assert snapshot(tmp_path / ".site-spare") == mine
    assert snapshot(work / "new") == replaced


def test_the_first_site_gets_a_spare_of_links_to_it(tmp_path):
    site, work = tmp_path / "site", tmp_path / ".site-build-x"
    live = write_tree(site, {MARK: "{}", **NEW_SITE})
    work.mkdir()
    output.keep_spare(work, site)  # nothing replaced: the site was the first
    spare = tmp_path / ".site-spare"
    assert snapshot(spare) == {**{k: v for k, v in live.items() if k != MARK}, MARK: b""}
    assert {k: v for k, v in inodes(spare).items() if k != MARK} == {
        k: v for k, v in inodes(site).items() if k != MARK
    }
    assert sorted(os.listdir(work)) == []


# ─── 3, 4. fresh builds: world-readable and reproducible ────────────────────────────────────

EPOCH = "1700000000"  # 2023-11-14 22:13:20 UTC


@pytest.fixture(scope="module")
def fresh(built, tmp_path_factory) -> dict[str, Path]:
    """Two more copies built from nothing: one under umask 077, one with SOURCE_DATE_EPOCH."""
    time.sleep(max(0.0, 1.1 - (time.monotonic() - built.finished)))
    private = make_project(tmp_path_factory.mktemp("umask"))
    dated = make_project(tmp_path_factory.mktemp("epoch"))
    runs = in_parallel(
        {
            "umask": lambda: cli(private, "build", umask=0o077),
            "epoch": lambda: cli(dated, "build", env=clean_env(SOURCE_DATE_EPOCH=EPOCH)),
        }
    )
    for done in runs.values():
        assert done.returncode == 0, done.stderr
    return {"umask": private, "epoch": dated}


def test_the_site_is_world_readable_whatever_the_umask(fresh):
    site = fresh["umask"] / "site"
    unreadable = []
    for path in (site, *site.rglob("*")):
        mode = path.stat().st_mode
        wanted = 0o755 if stat.S_ISDIR(mode) else 0o644
        if mode & wanted != wanted:
            unreadable.append(f"{path.relative_to(site)} {stat.filemode(mode)}")
    assert unreadable == []


def test_two_builds_of_the_same_project_are_byte_identical(built, fresh):
    """Built in different folders, at different times, under different umasks."""
    again = snapshot(fresh["umask"] / "site")
    assert sorted(again) == sorted(built.site)
    differ = sorted(name for name in built.site if built.site[name] != again[name])
    assert differ == []
    assert again["sitemap.xml.gz"] == built.site["sitemap.xml.gz"]


def last_complete_week(prices: Path) -> date:
    """The last Friday whose Monday-to-Friday sessions are all in the data."""
    with prices.open(newline="") as handle:
        days = {date.fromisoformat(row["date"]) for row in csv.DictReader(handle)}
    fridays = [d for d in days if d.weekday() == 4]
    return max(f for f in fridays if all(f - timedelta(n) in days for n in range(5)))


def lastmods(sitemap: bytes) -> set[str]:
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    return {node.text or "" for node in ET.fromstring(sitemap).iter(f"{namespace}lastmod")}


def test_the_sitemap_is_dated_by_the_last_week_in_the_data(built):
    expected = last_complete_week(TINY / "content/data/prices.csv")
    assert expected == date(2025, 12, 12)  # the fixture as written; guards the helper above
    assert lastmods(built.site["sitemap.xml"]) == {expected.isoformat()}


def test_source_date_epoch_dates_the_sitemap(fresh):
    assert lastmods((fresh["epoch"] / "site/sitemap.xml").read_bytes()) == {"2023-11-14"}


# ─── 6. the lock ────────────────────────────────────────────────────────────────────────────


WAITING = "waiting for another build of this project to finish"


def start_logged(root: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as handle:
        return subprocess.Popen(
            [sys.executable, "-m", "generator", "build"],
            cwd=root,
            env=clean_env(),
            stdout=handle,
            stderr=subprocess.STDOUT,
        )


def test_two_builds_at_once_wait_their_turn_and_both_succeed(built, tmp_path):
    """Both start together while a third holder keeps the project's build lock: both say
    they wait and leave site/ alone; once it is let go, both finish and site/ is whole."""
    root = copy_of(built, tmp_path)
    logs = [tmp_path / f"build{n}.log" for n in range(2)]
    holder = FileLock(root / ".marketweek/staging/.lock")
    holder.acquire(timeout=0)
    try:
        procs = [start_logged(root, log) for log in logs]
        for proc, log in zip(procs, logs, strict=True):
            wait_until(lambda log=log: WAITING in log.read_text(), proc, BUILD_TIMEOUT_S)
        waited = [WAITING in log.read_text() for log in logs]
        site_while_held = snapshot(root / "site")
    finally:
        holder.release()
    codes = [proc.wait(timeout=BUILD_TIMEOUT_S) for proc in procs]
    assert codes == [0, 0], [log.read_text() for log in logs]
    assert waited == [True, True]
    assert site_while_held == built.site
    site = snapshot(root / "site")
    assert set(site) == set(built.site) and page_parses(site["index.html"])
    assert work_folders(root) == []
