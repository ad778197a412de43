"""A long job shared with a forked copy of the process (``children.forked``), and the weeks
a build redoes that way: the same weeks, byte for byte, as done in one process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from projects import REPO

from generator import children


def run_script(code: str) -> subprocess.CompletedProcess[str]:
    """``code`` in a Python of its own (no test runner's threads), its output captured."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_the_copy_does_the_job_in_a_process_of_its_own_and_sends_back_its_result():
    big = bytes(range(256)) * 40_000  # 10 MB: many times what a pipe holds at once
    with children.forked(lambda: (os.getpid(), {"weeks": [1, 2], "data": big})) as copy:
        pid, result = copy.result()  # type: ignore[misc]
    assert pid == copy.pid != os.getpid()
    assert result == {"weeks": [1, 2], "data": big}


def fails() -> None:
    raise ValueError("bad data in week 12")


def killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize("job", [fails, killed], ids=["an error", "a signal"])
def test_a_copy_that_fails_gives_no_result(job):
    with children.forked(job) as copy:
        assert copy.result() is None
    assert copy.status != 0


def test_a_block_that_fails_ends_its_copy_at_once_and_leaves_no_process():
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), children.forked(lambda: time.sleep(60)) as copy:
        raise KeyboardInterrupt
    assert time.monotonic() - started < 5
    assert copy.status == -signal.SIGKILL
    with pytest.raises(ChildProcessError):  # waited for: not even a zombie is left
        os.waitpid(copy.pid, os.WNOHANG)


def test_what_waits_in_the_output_buffers_is_written_once():
    done = run_script(
        """
        import sys
        from generator import children
        print("said before the fork, ", end="")  # buffered: the output is a pipe
        print("an error before, ", end="", file=sys.stderr)
        with children.forked(lambda: print("the copy prints, ", end="") or 7) as copy:
            result = copy.result()
        print(f"then the result: {result}")
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "said before the fork, the copy prints, then the result: 7\n"
    assert done.stderr == "an error before, "


def test_a_fork_is_taken_only_while_no_other_thread_could_hold_a_lock():
    done = run_script(
        """
        import threading
        from generator import children
        alone = children.can_fork()
        stop = threading.Event()
        server = threading.Thread(target=stop.wait)
        server.start()
        with_a_server_thread = children.can_fork()
        stop.set()
        server.join()
        children.stop_on_signals(print)  # the command line's signal thread, as a build has
        with_the_signal_thread = children.can_fork()
        import vl_convert
        vl_convert.vegalite_to_vega('{"mark": "point"}')  # its JavaScript runtime started
        with_a_runtime = children.can_fork()
        print(alone, with_a_server_thread, with_the_signal_thread, with_a_runtime)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False", "True", "False"]


# ─── the weeks a build redoes, shared with a copy ──────────────────────────────────────────

SHARED_AND_ALONE = """
import json, os, sys
from pathlib import Path
sys.path.insert(0, "tests")
from projects import make_project, project_config
from generator import build, children
from generator.build import generate
from generator.errors import Warnings

build.FORK_FROM = 2  # the tiny project's 4 weeks: 2 done by the copy
forks = []
real_init = children.Forked.__init__
def counted(self, job):
    real_init(self, job)
    forks.append(self.pid)
children.Forked.__init__ = counted
if sys.argv[1] == "the copy fails":
    real_parts, parent = build.WeekRedo.kept_parts, os.getpid()
    def fails_in_the_copy(self, order):
        if os.getpid() != parent:
            raise MemoryError("the copy ran out of memory")
        return real_parts(self, order)
    build.WeekRedo.kept_parts = fails_in_the_copy

def generated(name):
    warn, root = Warnings(), make_project(Path(sys.argv[2]) / name)
    tree = generate(project_config(root), warn, static_images=False)
    files = {d.path: d.data.decode() for d in tree.documents}
    reports = [repr(r).replace(str(root), "ROOT") for r in tree.reports]  # its path
    return [files, reports, warn.messages, list(tree.regenerated)]

shared = generated("shared")  # first: before vl-convert's runtime starts here
shared_forks = len(forks)
alone_could_fork = children.can_fork()  # now it has started: no fork
alone = generated("alone")
print(json.dumps([shared_forks, len(forks), alone_could_fork, shared, alone]))
"""


@pytest.mark.parametrize("how", ["the copy does its share", "the copy fails"])
def test_weeks_redone_beside_a_copy_are_the_weeks_redone_in_one_process(tmp_path, how):
    """In a Python of its own: the test runner's threads would keep the copy from being made.
    The copy's share comes back or, when it fails, is redone here: the same either way."""
    done = subprocess.run(
        [sys.executable, "-c", SHARED_AND_ALONE, how, str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    shared_forks, forks, alone_could_fork, shared, alone = json.loads(done.stdout)
    assert (shared_forks, forks, alone_could_fork) == (1, 1, False)
    files, reports, _, regenerated = alone
    assert len(files) > 20 and len(reports) == len(regenerated) == 4
    assert shared == alone  # every file, report, warning and week regenerated, in order


def test_a_copy_that_cannot_be_made_is_no_result_and_leaves_no_pipe(monkeypatch):
    def no_more_processes() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    open_before = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", no_more_processes)
    with children.forked(lambda: 7) as copy:
        assert copy.result() is None
    assert len(os.listdir("/proc/self/fd")) == open_before
