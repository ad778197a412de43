"""The machine's faults (issue 16, part 3): a damaged or unwritable cache, a full disk, a
read-only site/, a taken port, Ctrl-C and SIGTERM. Each ends in one line (``what — how to
fix``) and exit 1, no traceback, the previous site/ whole and the author's files unchanged;
or works, said once, where a user would expect it to: a damaged cache entry is worked out
again, an unwritable cache is done without, a taken port gives the next free one.

Every case runs ``python -m generator`` in its own copy of a tiny project built once. The
file-system cases use what a test has: a file where a folder should be, and, as root, a small
tmpfs (full, or read-only); they are skipped with the reason otherwise. Signals are sent to
the real process, which runs in a session of its own: the session must be empty after it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from projects import REPO, make_project, snapshot

from generator.build import Ticker
from generator.cli import main
from generator.publish import output

EPOCH = "1765584000"  # a fixed build date: two builds of the same input are identical
WEEK = "content/weeks/2025-12-12.md"
CACHE = ".marketweek/cache"
STOP_WITHIN_S = 2.0
AS_ROOT = pytest.mark.skipif(
    os.geteuid() != 0, reason="a tmpfs can be mounted only as root (and root ignores chmod)"
)


# ─── helpers ────────────────────────────────────────────────────────────────────────────────


def env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}


def cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env=env(),
        timeout=300,
    )


def author_files(root: Path) -> dict[str, bytes]:
    files = {f"content/{k}": v for k, v in snapshot(root / "content").items()}
    return {**files, "mkdocs.yml": (root / "mkdocs.yml").read_bytes()}


def said(stderr: str, text: str) -> list[str]:
    return [line for line in stderr.splitlines() if text in line]


def assert_no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr, done.stderr


def set_option(root: Path, key: str, value: str) -> None:
    """``extra.marketweek.KEY: VALUE`` in the project's mkdocs.yml (the test's setup)."""
    config = root / "mkdocs.yml"
    text = config.read_text().replace("  marketweek:\n", f"  marketweek:\n    {key}: {value}\n")
    config.write_text(text)


@contextlib.contextmanager
def tmpfs(folder: Path, size: str, read_only: bool = False) -> Iterator[Path]:
    """A small tmpfs mounted at ``folder`` (made), unmounted after."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("machine"))
    done = cli(root, "build")
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project (its site and cache too)."""
    root = tmp_path / "copy"
    shutil.copytree(built, root, symlinks=True)
    return root


def edit_week(root: Path) -> None:
    """A change, so the engine runs: an unchanged site is not rebuilt."""
    week = root / WEEK
    week.write_text(week.read_text() + "\nOne more line.\n")


# ─── a damaged cache is a miss ──────────────────────────────────────────────────────────────

DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "cut short": lambda data: data[: len(data) // 2],
    "emptied": lambda data: b"",
    "overwritten": lambda data: b"{}" if data[:1] == b"{" else b"\x80garbage\x00" * 3,
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_cache_is_a_miss_redone_and_said_once(project, damage):
    """Every kept file damaged at once (a CI cache restored half-way): the build works them
    out again, says so in one warning, and the site is the one an intact cache gives (the
    engine finds nothing new to build)."""
    site = snapshot(project / "site")
    kept = [p for p in (project / CACHE).rglob("*") if p.is_file()]
    assert {p.parent.name for p in kept} >= {"vega", "svg", "weeks", "cache"}
    for path in kept:
        path.write_bytes(DAMAGES[damage](path.read_bytes()))
    done = cli(project, "build")
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done)
    assert len(said(done.stderr, "warning:")) == 1, done.stderr
    assert said(done.stderr, "a kept file of the cache is unreadable"), done.stderr
    assert said(done.stderr, "MkDocs has nothing new to build"), done.stderr
    assert snapshot(project / "site") == site
    again = cli(project, "build")
    assert again.returncode == 0 and "warning:" not in again.stderr, again.stderr


# ─── a cache that cannot be written is no cache ─────────────────────────────────────────────


@pytest.mark.parametrize("in_the_way", [CACHE, f"{CACHE}/vega", f"{CACHE}/weeks", f"{CACHE}/svg"])
def test_a_file_where_the_cache_folder_should_be_is_no_cache(project, in_the_way):
    shutil.rmtree(project / CACHE)
    (project / in_the_way).parent.mkdir(parents=True, exist_ok=True)
    (project / in_the_way).write_text("a file, not a folder\n")
    edit_week(project)
    before = author_files(project)
    done = cli(project, "build")
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done)
    warnings = said(done.stderr, "warning:")
    assert len(warnings) == 1, done.stderr
    assert warnings[0].startswith(f"warning: {in_the_way}: cannot write the cache ("), warnings
    assert warnings[0].endswith("— going on without it (slower); move that file away")
    assert "One more line." in (project / "site/weeks/2025-12-12/index.html").read_text()
    assert author_files(project) == before


@AS_ROOT
def test_a_full_cache_disk_is_no_cache(project, tmp_path):
    """The cache's disk fills during the build: one warning, and the site is built."""
    with tmpfs(tmp_path / "small", "64k") as small:
        set_option(project, "cache_dir", f"{small}/cache")
        edit_week(project)
        done = cli(project, "build")
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done)
    warnings = said(done.stderr, "warning:")
    assert len(warnings) == 1, done.stderr
    assert "cannot write the cache (no space left on the disk)" in warnings[0]
    assert warnings[0].endswith("— going on without it (slower); free space on it")
    assert "One more line." in (project / "site/weeks/2025-12-12/index.html").read_text()


@AS_ROOT
def test_a_full_staging_disk_is_one_line_and_the_site_is_kept(project):
    """``.marketweek`` (cache and staging) on a disk too small for the docs tree."""
    site = snapshot(project / "site")
    shutil.rmtree(project / ".marketweek")
    with tmpfs(project / ".marketweek", "600k"):
        edit_week(project)
        before = author_files(project)
        done = cli(project, "build")
    assert done.returncode == 1, done.stderr
    assert_no_traceback(done)
    assert done.stderr.strip().splitlines()[-1] == (
        "error: .marketweek/staging: no space left on the disk — free space on it, or set "
        "staging_dir to a folder on another disk; the previous site/ is unchanged"
    )
    assert snapshot(project / "site") == site
    assert author_files(project) == before


# ─── site/ that cannot be written ───────────────────────────────────────────────────────────


@AS_ROOT
def test_a_read_only_site_is_one_line_and_the_site_is_kept(project, tmp_path):
    with tmpfs(tmp_path / "disk", "20m") as disk:
        set_option(project, "site_dir", f"{disk}/site")
        first = cli(project, "build")
        assert first.returncode == 0, first.stderr
        site = snapshot(disk / "site")
        remount_read_only(disk)
        edit_week(project)
        before = author_files(project)
        done = cli(project, "build")
        assert snapshot(disk / "site") == site
    assert done.returncode == 1, done.stderr
    assert_no_traceback(done)
    assert done.stderr.strip().splitlines()[-1] == (
        f"error: {disk}/site: the file system is read-only — make it writable, or set "
        "site_dir to a folder on another disk; the previous site/ is unchanged"
    )
    assert author_files(project) == before


def test_a_site_without_permission_is_one_line(project, monkeypatch):
    """EACCES as a user meets it (root passes any chmod, so the refusal is the system's
    answer, put where the build makes its work folder beside site/)."""

    @contextlib.contextmanager
    def refused(site: Path) -> Iterator[Path]:
        raise PermissionError(13, "Permission denied", str(site.parent / ".site-build-x"))
        yield site

    monkeypatch.setattr(output, "work_folder", refused)
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    edit_week(project)
    site = snapshot(project / "site")
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines()[-1] == (
        "error: site: permission denied — make it writable for this user, or set site_dir "
        "to a folder on another disk; the previous site/ is unchanged"
    )
    assert snapshot(project / "site") == site


def test_a_failure_beside_mkdocs_stops_it_before_its_folder_is_removed(project, tmp_path):
    """The files published as they are are linked while MkDocs builds; if that fails (a full
    disk), MkDocs is stopped at once, not left writing into the folder being removed."""
    from generator.publish.engine import Engine

    def disk_full() -> None:
        raise OSError(28, "No space left on device")

    config_file = project / ".marketweek/staging/mkdocs.yml"
    engine = Engine(config_file)
    try:
        with pytest.raises(OSError, match="No space left"):
            engine.run(config_file, tmp_path / "out", 0, dirty=True, meanwhile=disk_full)
        assert engine.process.returncode == -signal.SIGKILL  # stopped, not ended by itself
    finally:
        engine.close()


# ─── processes: a taken port, Ctrl-C and SIGTERM ────────────────────────────────────────────


def in_session(sid: int) -> list[str]:
    """Live processes (not zombies) of the session ``sid``: the command and its children."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, UnicodeDecodeError):
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(f"{entry.name}: {command[:120]}")
    return found


class Running:
    """A command in a session of its own, its stderr read line by line as it comes."""

    def __init__(self, root: Path, command: list[str]) -> None:
        self.process = subprocess.Popen(
            command,
            cwd=root,
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, condition: Callable[[], bool], limit_s: float = 120) -> None:
        ends = time.monotonic() + limit_s
        while not condition() and self.process.poll() is None:
            assert time.monotonic() < ends, "\n".join(self.lines)
            time.sleep(0.01)

    def said(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def children(self) -> list[str]:
        return [p for p in in_session(self.process.pid) if not p.startswith(f"{self.process.pid}:")]

    def stop(self, signum: int) -> tuple[float, list[str]]:
        """Send ``signum``; the seconds until the whole session is gone, and what is left."""
        sent = time.monotonic()
        self.process.send_signal(signum)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        while in_session(self.process.pid) and time.monotonic() < sent + 10:
            time.sleep(0.01)
        took = time.monotonic() - sent
        left = in_session(self.process.pid)
        for line in left:  # never leave one behind, whatever the test finds
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(line.split(":")[0]), signal.SIGKILL)
        time.sleep(0.1)  # the reader thread takes the last lines
        return took, left


def marketweek(*args: str) -> list[str]:
    return [sys.executable, "-m", "generator", *args]


SIGNALS = {"Ctrl-C": signal.SIGINT, "SIGTERM": signal.SIGTERM}


def assert_stopped(running: Running, name: str, took: float, left: list[str]) -> None:
    assert left == [], left
    assert took < STOP_WITHIN_S, f"{took:.2f} s\n" + "\n".join(running.lines)
    assert running.process.returncode == 128 + SIGNALS[name], "\n".join(running.lines)
    assert running.lines[-1] == (
        f"stopped by {name} — nothing half-done was kept; run the command again"
    ), running.lines
    assert not running.said("Traceback"), "\n".join(running.lines)


BUILD_POINTS: dict[str, Callable[[Running], None]] = {
    # its libraries (a second of imports), once the thread that waits for signals runs (a
    # signal within the interpreter's own start, before marketweek's first line, has the
    # system's default effect: it ends, nothing started; a loaded machine can take 0.3 s there)
    "as it imports its libraries": lambda running: running.wait_for(
        lambda: len(os.listdir(f"/proc/{running.process.pid}/task")) > 1
    ),
    "with its children started": lambda running: running.wait_for(lambda: running.children()),
    "as MkDocs builds": lambda running: running.wait_for(
        lambda: running.said("publishing with MkDocs")
    ),
}


@pytest.mark.parametrize("name", sorted(SIGNALS))
@pytest.mark.parametrize("point", list(BUILD_POINTS))
def test_a_signal_stops_a_build_with_its_children(project, point, name):
    site = snapshot(project / "site")
    edit_week(project)
    running = Running(project, marketweek("build"))
    BUILD_POINTS[point](running)
    took, left = running.stop(SIGNALS[name])
    assert_stopped(running, name, took, left)
    assert snapshot(project / "site") == site
    assert output.leftovers(project / "site") == []


def copies(running: Running) -> list[str]:
    """The command's forked copies (a build shares many weeks with one): its own command line."""
    return [p for p in running.children() if p.endswith(" -m generator build ")]


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="a copy needs a second core")
@pytest.mark.parametrize("name", sorted(SIGNALS))
def test_a_signal_stops_a_build_while_a_copy_of_it_computes_weeks(tmp_path, name):
    root = make_project(tmp_path, source=REPO)  # the sample's 190 weeks: 95 done by a copy
    running = Running(root, marketweek("build"))
    seen: list[str] = []
    running.wait_for(lambda: bool(seen.extend(copies(running)) or seen))
    assert seen, "\n".join(running.lines)  # (checked once: the copy's second of work may end)
    took, left = running.stop(SIGNALS[name])
    assert_stopped(running, name, took, left)
    assert not (root / "site").exists()


@pytest.mark.parametrize("name", sorted(SIGNALS))
def test_serve_on_a_taken_port_takes_the_next_and_stops_on_a_signal(project, name):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        running = Running(project, marketweek("serve", "--port", str(port)))
        running.wait_for(lambda: running.said("serving http://"))
        took, left = running.stop(SIGNALS[name])
    assert f"port {port} is in use; serving on port {port + 1} instead (or --port)" in (
        running.lines
    ), running.lines
    assert running.said(f"serving http://127.0.0.1:{port + 1}/")
    assert left == [] and took < STOP_WITHIN_S, (took, left)
    assert running.lines[-1] == "stopped", running.lines
    assert not running.said("Traceback"), "\n".join(running.lines)


def big_closes(path: Path, days: int = 2500, symbols: int = 60) -> None:
    """A long CSV that takes `import` a few seconds (weekdays from 2010; holidays skipped
    with --skip-non-sessions)."""
    start = 14610  # 2010-01-01, in days since the epoch
    rows = ["date,symbol,close"]
    for day in range(start, start + days * 7 // 5):
        if (day + 3) % 7 < 5:  # Monday to Friday
            stamp = time.strftime("%Y-%m-%d", time.gmtime(day * 86400))
            rows += [f"{stamp},S{s:03d},{100 + s + day % 17}.5" for s in range(symbols)]
    path.write_text("\n".join(rows) + "\n")


@pytest.mark.parametrize("name", sorted(SIGNALS))
def test_a_signal_stops_an_import_and_writes_nothing(project, tmp_path, name):
    big = tmp_path / "big.csv"
    big_closes(big)
    before = author_files(project)
    running = Running(project, marketweek("import", "--skip-non-sessions", str(big)))
    time.sleep(1.5)
    assert running.process.poll() is None, "\n".join(running.lines)  # still working
    took, left = running.stop(SIGNALS[name])
    assert_stopped(running, name, took, left)
    assert author_files(project) == before


# `python -m generator` with the network replaced; the signals blocked first, as `run` does
# before any import (threads that numpy starts as it is imported would take them otherwise).
SLOW_NETWORK = textwrap.dedent(
    """\
    import signal, time
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    from generator import __main__
    from generator.load import fetch
    fetch.download = lambda request: time.sleep(3600)  # an answer that never comes
    fetch.exchange_today = lambda code: __import__("datetime").date(2025, 12, 20)
    __main__.run()
    """
)


@pytest.mark.parametrize("name", sorted(SIGNALS))
def test_a_signal_stops_a_fetch_waiting_on_the_network(project, name):
    before = author_files(project)
    command = [sys.executable, "-c", SLOW_NETWORK, "fetch", "--symbols", "RUT", "--no-fed"]
    running = Running(project, command)
    time.sleep(2.0)  # imported, planned, and waiting for the answer
    assert running.process.poll() is None, "\n".join(running.lines)
    took, left = running.stop(SIGNALS[name])
    assert_stopped(running, name, took, left)
    assert author_files(project) == before


# `python -m generator` stopped while click reads its arguments: the signal sent from there.
WHILE_READING_ARGUMENTS = textwrap.dedent(
    """\
    import os, signal, sys, time
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    import click
    from generator import __main__
    reads, signum = click.Group.parse_args, getattr(signal, sys.argv[1])
    def parse_args(self, ctx, args):
        os.kill(os.getpid(), signum)
        for _ in range(3000):  # the interrupt lands here, between two lines
            time.sleep(0.01)
        return reads(self, ctx, args)
    click.Group.parse_args = parse_args
    sys.argv[1:] = ["build"]
    __main__.run()
    """
)


@pytest.mark.parametrize("name", sorted(SIGNALS))
def test_a_signal_while_the_arguments_are_read_stops_as_any_other(project, name):
    """Click takes Ctrl-C there itself: "Aborted!" and exit 1 (a CI run sent SIGTERM 0.3 s
    in, under load, and got that)."""
    site = snapshot(project / "site")
    running = Running(project, [sys.executable, "-c", WHILE_READING_ARGUMENTS, SIGNALS[name].name])
    running.process.wait(timeout=20)
    time.sleep(0.1)  # the reader thread takes the last lines
    assert not running.said("Aborted"), running.lines
    assert running.process.returncode == 128 + SIGNALS[name], running.lines
    assert running.lines[-1] == (
        f"stopped by {name} — nothing half-done was kept; run the command again"
    ), running.lines
    assert not running.said("Traceback"), running.lines
    assert snapshot(project / "site") == site


# ─── progress ───────────────────────────────────────────────────────────────────────────────


def test_long_loops_say_their_progress_every_few_seconds(monkeypatch):
    said_lines: list[str] = []
    now = [0.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    tick = Ticker(said_lines.append, 1040, "weeks computed")
    for done in range(1040):
        now[0] = done * 0.01  # 10 ms a week: 10.4 s in all
        tick(done)
    assert said_lines == [f"{n:,} of 1,040 weeks computed" for n in (200, 400, 600, 800, 1000)]


LEAVING = """
import atexit, sys, threading, time
from generator.__main__ import leave
atexit.register(lambda: print("the exit handler ran"))
print("said before, ", end="")
if sys.argv[1] == "thread":  # a thread of the work still running: waited for, as usual
    threading.Thread(target=lambda: (time.sleep(0.3), print("the thread ended, ", end=""))).start()
leave(int(sys.argv[2]) if sys.argv[2].isdigit() else sys.argv[2])
"""


@pytest.mark.parametrize(
    ("how", "code", "status", "out"),
    [
        ("plain", "0", 0, "said before, the exit handler ran\n"),
        ("plain", "2", 2, "said before, the exit handler ran\n"),
        ("plain", "a message", 1, "said before, the exit handler ran\n"),
        ("thread", "3", 3, "said before, the thread ended, the exit handler ran\n"),
    ],
)
def test_the_command_line_leaves_with_its_status_its_output_and_its_exit_handlers(
    how, code, status, out
):
    """The command line ends without Python's teardown (``leave``): still with the command's
    status, everything it printed (to a pipe, which buffers), the exit handlers run."""
    done = subprocess.run(
        [sys.executable, "-c", LEAVING, how, code], capture_output=True, text=True, env=env()
    )
    assert (done.returncode, done.stdout) == (status, out)
    assert done.stderr == ("a message\n" if code == "a message" else "")
