"""The benchmark's instruments: a timed build with its peak memory, servers started and stopped
by process id, HTTP polling, and the headless browser.

Nothing here knows marketweek's internals: builds are `python -m generator build` in a
project folder, as a user runs them.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = next(
    (p for p in ("/usr/lib/chromium/chromium", "/usr/bin/chromium") if Path(p).exists()),
    "/usr/bin/chromium",
)
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


class StepError(Exception):
    """A measurement that could not be taken; the message says why, in one line or a few."""


class BuildFailed(StepError):
    """A build that exited non-zero (or left no site); ``run`` has its time and memory."""

    def __init__(self, message: str, run: Run) -> None:
        super().__init__(message)
        self.run = run


# ---------------------------------------------------------------- projects and environments


def copy_sample(folder: Path) -> Path:
    """The repository's mkdocs.yml, and content/ in ``folder`` (nothing else)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(REPO / "content", folder / "content")
    return folder


def cold_start(project: Path, home: Path) -> None:
    """Empty every cache a build could reuse: the project's .marketweek/ and the user caches."""
    shutil.rmtree(project / ".marketweek", ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)


def build_env(home: Path) -> dict[str, str]:
    """The environment of every build and server: caches under ``home`` (per project, emptied
    for a cold start), no MARKETWEEK_*CACHE* override, the repository's generator on the path."""
    env = {k: v for k, v in os.environ.items() if not (k.startswith("MARKETWEEK") and "CACHE" in k)}
    env.pop("MARKETWEEK_SITE_URL", None)
    env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        NO_MKDOCS_2_WARNING="1",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        PYTHONUNBUFFERED="1",
    )
    return env


def count_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("index.html"))


# ---------------------------------------------------------------- a timed process and its memory


@dataclass(frozen=True)
class Run:
    seconds: float
    status: int
    maxrss: int  # bytes: the largest single process of the tree (rusage of the waited child)
    tree_pss: int  # bytes: the whole tree's proportional set size, sampled every 0.2 s
    output: str

    @property
    def peak(self) -> int:
        """Peak memory in bytes: the larger of the two measures."""
        return max(self.maxrss, self.tree_pss)

    def tail(self, lines: int = 6) -> str:
        return "\n".join(self.output.strip().splitlines()[-lines:])

    def error_line(self) -> str:
        """The line of the output that best says what went wrong."""
        lines = [line.strip() for line in self.output.splitlines() if line.strip()]
        for pattern in (r"^error:", r"^\w[\w.]*(Error|Exception)\b.*:", r"(?i)error"):
            found = [line for line in lines if re.search(pattern, line)]
            if found:
                return found[-1]
        return lines[-1] if lines else "(no output)"


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants, from /proc."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in (task / "children").read_text().split()]
    return found


def pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
    return int(match.group(1)) if match else 0


def run_timed(args: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Run:
    """Run ``args`` to completion: wall time, exit status, peak memory, combined output."""
    peak = [0]
    with tempfile.TemporaryFile() as out:
        started = time.monotonic()
        proc = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.2):
                peak[0] = max(peak[0], sum(pss_kb(p) for p in tree(proc.pid)))

        def deadline() -> None:
            if not done.wait(timeout):
                kill_group(proc.pid)

        threads = [threading.Thread(target=f, daemon=True) for f in (sample, deadline)]
        for thread in threads:
            thread.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C: the child has its own session, so end it here
            kill_group(proc.pid)
            os.wait4(proc.pid, 0)
            raise
        seconds = time.monotonic() - started
        done.set()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    if seconds >= timeout:
        output += f"\n(killed after {timeout:.0f} s)"
    return Run(seconds, proc.returncode, usage.ru_maxrss * 1024, peak[0] * 1024, output)


def build(project: Path, env: dict[str, str], timeout: float = 1800) -> Run:
    """`python -m generator build` in ``project``; a failure raises with the last lines."""
    run = run_timed([sys.executable, "-m", "generator", "build"], project, env, timeout)
    if run.status != 0:
        raise BuildFailed(f"build failed (exit {run.status}): {run.error_line()}", run)
    if not (project / "site" / "index.html").exists():
        raise BuildFailed(f"build exited 0 but left no site/index.html: {run.error_line()}", run)
    return run


# ---------------------------------------------------------------- servers


def kill_group(pid: int) -> None:
    """SIGKILL the process group this harness created for ``pid`` (start_new_session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def stop(proc: subprocess.Popen) -> str:
    """Stop a server started by this harness, by its pid: Ctrl-C, then SIGTERM, then SIGKILL."""
    if proc.poll() is not None:
        return f"had already exited ({proc.returncode})"
    for sig, wait in ((signal.SIGINT, 10), (signal.SIGTERM, 5)):
        proc.send_signal(sig)
        try:
            proc.wait(wait)
            kill_group(proc.pid)  # anything it left behind in its own group
            return f"stopped by {sig.name}"
        except subprocess.TimeoutExpired:
            pass
    kill_group(proc.pid)
    proc.wait(5)
    return "killed (SIGKILL)"


def static_server(site: Path) -> tuple[subprocess.Popen, str]:
    """`python -m http.server` on 127.0.0.1 with an ephemeral port; returns it and its URL."""
    proc = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 15)
    line = proc.stdout.readline().decode() if ready else ""
    match = re.search(r"port (\d+)", line)
    if not match:
        stop(proc)
        raise StepError(f"http.server did not say its port: {line!r}")
    threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep the pipe drained
    return proc, f"http://127.0.0.1:{match.group(1)}/"


def fetch(url: str, timeout: float = 5) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
    except (OSError, ValueError):
        return 0, b""


def wait_for_page(
    url: str, timeout: float, alive: subprocess.Popen | None = None, contains: bytes = b""
) -> float | None:
    """Seconds until ``url`` answers 200 with a non-empty body (containing ``contains``);
    None on timeout or if the ``alive`` process exits first."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        status, body = fetch(url, timeout=2)
        if status == 200 and body.strip() and contains in body:
            return time.monotonic() - started
        if alive is not None and alive.poll() is not None:
            return None
        time.sleep(0.05)
    return None


def wait_quiet(log: Path, quiet: float, timeout: float) -> None:
    """Wait until ``log`` has not grown for ``quiet`` seconds (a server done with its work)."""
    started, size, since = time.monotonic(), -1, time.monotonic()
    while time.monotonic() - started < timeout:
        now = log.stat().st_size if log.exists() else 0
        if now != size:
            size, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.1)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# ---------------------------------------------------------------- the browser


def launch(playwright):  # type: ignore[no-untyped-def]
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


FIRST_CHART = """() => {
  for (const el of document.querySelectorAll('.mw-vega, [data-drawn=yes]')) {
    const svg = el.querySelector('svg');
    if (!svg) continue;
    const box = svg.getBoundingClientRect();
    if (box.width <= 0 || box.height <= 0) continue;
    for (const mark of svg.querySelectorAll('.role-mark > *')) {
      const r = mark.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) return performance.now();
    }
  }
  return false;
}"""
