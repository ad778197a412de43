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
import warnings

import pytest
from projects import REPO

from generator import children

TWO_CORES = pytest.mark.skipif(
    len(os.sched_getaffinity(0)) < 2, reason="a copy is made only with a second core"
)


def run_script(code: str, buffered: bool = False) -> subprocess.CompletedProcess[str]:
    """``code`` in a Python of its own (no test runner's threads), its output captured; with
    ``buffered``, its output buffered as Python buffers a pipe (whatever the caller's
    ``PYTHONUNBUFFERED``)."""
    env = {k: v for k, v in os.environ.items() if not (buffered and k == "PYTHONUNBUFFERED")}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=env,
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
        with children.forked(lambda: 7) as copy:
            result = copy.result()
        print(f"then the result: {result}")
        """,
        buffered=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "said before the fork, then the result: 7\n"
    assert done.stderr == "an error before, "


@TWO_CORES
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
import json, os, subprocess, sys
from pathlib import Path
sys.path.insert(0, "tests")
from projects import append_a_week, make_project, project_config
from generator import build, children
from generator.build import generate
from generator.errors import Warnings

how, folder, scenario = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
build.FORK_FROM = 2  # a copy for 2 weeks or more: it does the older half
forks = []
real_init = children.Forked.__init__
def counted(self, job):
    real_init(self, job)
    forks.append(self.pid)
children.Forked.__init__ = counted
parent = os.getpid()
if how == "the copy fails":
    real_parts = build.WeekRedo.kept_parts
    def fails_in_the_copy(self, order):
        if os.getpid() != parent:
            raise MemoryError("the copy ran out of memory")
        return real_parts(self, order)
    build.WeekRedo.kept_parts = fails_in_the_copy
if how == "the copy hangs":  # a lock held by a thread the fork left behind, say
    build.COPY_WAIT_S = 0.5
    real_parts_ = build.WeekRedo.kept_parts
    def hangs_in_the_copy(self, order):
        if os.getpid() != parent:
            __import__("time").sleep(3600)
        return real_parts_(self, order)
    build.WeekRedo.kept_parts = hangs_in_the_copy
if how == "the oldest and newest weeks fail":
    def fails(self, index, report):
        raise ValueError(f"week {self.weeks[index].slug} fails")
    real_work = build.WeekRedo.week_work
    build.WeekRedo.week_work = lambda self, i, r: (fails if i in (0, 3) else real_work)(self, i, r)

FIRST = (
    "import sys; sys.path.insert(0, 'tests'); from pathlib import Path; "
    "from projects import project_config; from generator.build import generate; "
    "from generator.errors import Warnings; "
    "generate(project_config(Path(sys.argv[1])), Warnings(), static_images=False)"
)

def project(name):
    root = make_project(folder / name)
    if scenario == "a week appended":  # generated once (in a Python of its own), then a fifth
        subprocess.run([sys.executable, "-c", FIRST, str(root)], check=True)
        append_a_week(root)
    return root

def generated(root):
    warn = Warnings()
    try:
        tree = generate(project_config(root), warn, static_images=False)
    except ValueError as error:
        return str(error)
    files = {d.path: d.data.decode() for d in tree.documents}
    reports = [repr(r).replace(str(root), "ROOT") for r in tree.reports]  # its path
    return [files, reports, warn.messages, list(tree.regenerated)]

shared = generated(project("shared"))
children.can_fork = lambda: False
alone = generated(project("alone"))
print(json.dumps([len(forks), shared, alone]))
"""


def shared_and_alone(tmp_path, how: str, scenario: str) -> tuple[int, object, object]:
    """In a Python of its own: the test runner's threads would keep the copy from being made."""
    done = subprocess.run(
        [sys.executable, "-c", SHARED_AND_ALONE, how, str(tmp_path), scenario],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    forks, shared, alone = json.loads(done.stdout)
    return forks, shared, alone


@TWO_CORES
@pytest.mark.parametrize("how", ["the copy does its share", "the copy fails", "the copy hangs"])
@pytest.mark.parametrize(
    ("scenario", "redone"),
    [
        ("every week", ["2025-11-21", "2025-11-28", "2025-12-05", "2025-12-12"]),
        # the copy's week follows a kept one; the newer week's previous is the copy's week
        ("a week appended", ["2025-12-12", "2025-12-19"]),
    ],
)
def test_weeks_redone_beside_a_copy_are_the_weeks_redone_in_one_process(
    tmp_path, how, scenario, redone
):
    """The copy's share comes back or, when it fails or hangs, is redone here: the same."""
    forks, shared, alone = shared_and_alone(tmp_path, how, scenario)
    assert forks == 1
    files, _, _, regenerated = alone  # type: ignore[misc]
    assert len(files) > 20 and regenerated == redone
    assert shared == alone  # every file, report, warning and week regenerated, in order


@TWO_CORES
def test_when_weeks_of_both_halves_fail_the_oldest_ones_error_is_said_as_in_one_process(
    tmp_path,
):
    how = "the oldest and newest weeks fail"
    forks, shared, alone = shared_and_alone(tmp_path, how, "every week")
    assert (forks, shared, alone) == (1, "week 2025-11-21 fails", "week 2025-11-21 fails")


def test_a_copy_silent_past_its_time_is_killed_and_gives_no_result():
    started = time.monotonic()
    with children.forked(lambda: time.sleep(60)) as copy:
        assert copy.result(within=0.5) is None
        took = time.monotonic() - started
    assert 0.5 <= took < 5
    assert copy.stuck and copy.status == -signal.SIGKILL
    with pytest.raises(ChildProcessError):  # waited for: not even a zombie is left
        os.waitpid(copy.pid, os.WNOHANG)


def test_a_copy_that_answers_in_time_is_read_whole_however_long_its_result():
    big = bytes(range(256)) * 40_000  # 10 MB: the first chunk comes in time, the rest after
    with children.forked(lambda: (time.sleep(0.2), big)[1]) as copy:
        assert copy.result(within=5) == big
    assert not copy.stuck and copy.status == 0


def test_a_copy_that_cannot_be_made_is_no_result_and_leaves_no_pipe(monkeypatch):
    def no_more_processes() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    open_before = len(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", no_more_processes)
    with children.forked(lambda: 7) as copy:
        assert copy.result() is None
    assert len(os.listdir("/proc/self/fd")) == open_before


def test_python_s_warning_of_a_fork_beside_threads_is_not_shown(monkeypatch):
    """Python 3.12 and later warn at every fork of a process with threads (the one waiting
    for Ctrl-C is one, and ``can_fork`` allows it); what 3.12's ``os.fork`` says, said here
    before the fork, as a test on 3.11 can."""
    fork = os.fork

    def fork_as_3_12_does() -> int:
        warnings.warn(
            f"This process (pid={os.getpid()}) is multi-threaded, use of fork() may lead to "
            "deadlocks in the child.",
            DeprecationWarning,
            stacklevel=2,
        )
        return fork()

    monkeypatch.setattr(os, "fork", fork_as_3_12_does)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # shown, it would fail here
        with children.forked(lambda: 7) as copy:
            assert copy.result() == 7


def test_a_copy_is_killed_with_the_commands_other_children():
    """On Ctrl-C the command kills its children (``kill_all``): a copy it waits to read
    from is one of them, so the wait ends at once."""
    started = time.monotonic()
    with children.forked(lambda: time.sleep(60)) as copy:
        children.kill_all()
        assert copy.result() is None
    assert time.monotonic() - started < 5
    assert copy.status == -signal.SIGKILL
