"""Processes marketweek starts beside itself (the engine, chart drawers, a fork that takes
half of a long job): each ends when marketweek ends, so a killed build leaves no orphan
behind; and how a command stops on Ctrl-C or SIGTERM: its children at once, itself within
``GRACE_S``, wherever it was.
"""

from __future__ import annotations

import _thread
import contextlib
import ctypes
import os
import pickle
import select
import signal
import subprocess
import sys
import threading
import time
import warnings
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_PR_SET_PDEATHSIG = 1
STOPS = frozenset({signal.SIGINT, signal.SIGTERM})
GRACE_S = 1.0  # to unwind (work folders removed, locks released) before a hard exit
_running: weakref.WeakSet[subprocess.Popen[str]] = weakref.WeakSet()
_copies: set[int] = set()  # the forked copies running (their process ids)
_said = threading.Event()  # the command said it stopped: the hard exit says nothing more
_swallowed = threading.Event()  # the interrupt landed where Python drops it: raise it again
_signalled: list[signal.Signals] = []  # the signal that came: what fails now, failed by it


def in_child() -> None:
    """In the child: end when marketweek ends (Linux; elsewhere a no-op), and take Ctrl-C
    and SIGTERM as any process does (marketweek waits for them in one thread of its own)."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)  # a child inherits the blocked mask


def start(command: Sequence[str], **options: Any) -> subprocess.Popen[str]:
    """``command`` with pipes for its input, output and errors, as text."""
    process = subprocess.Popen(
        list(command),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=in_child if os.name == "posix" else None,
        **options,
    )
    _running.add(process)
    return process


def stop(process: subprocess.Popen[str]) -> None:
    """Killed if it still runs, its pipes closed."""
    if process.poll() is None:
        process.kill()
    process.communicate()


def kill_all() -> None:
    """Every child still running, killed (whoever waits on one sees it end)."""
    for process in list(_running):
        with contextlib.suppress(OSError):
            if process.poll() is None:
                process.kill()
    for pid in list(_copies):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


@contextlib.contextmanager
def killed_on_interrupt() -> Iterator[None]:
    """Around threads that wait on children: on Ctrl-C the children end, so the threads do."""
    try:
        yield
    except BaseException:
        kill_all()
        raise


class Stopped(KeyboardInterrupt):
    """SIGTERM, raised where the command stands, as Ctrl-C raises KeyboardInterrupt."""


def stop_on_signals(say: Callable[[str], None]) -> None:
    """From now on Ctrl-C and SIGTERM stop the command: its children killed at once, the
    command interrupted where it stands, and ended ``GRACE_S`` later if it has not (a long
    call into pandas or vl-convert does not see Python's signals). Call it first, in the main
    thread: the signals are blocked in every thread but the one that waits for them."""
    if os.name != "posix":  # Windows: Python's own Ctrl-C, and no SIGTERM to take
        return
    signal.signal(signal.SIGTERM, _raise_stopped)
    signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    sys.unraisablehook = _raised_again(sys.unraisablehook)
    threading.Thread(target=_wait_for_stop, args=(say,), name=WAITER, daemon=True).start()


WAITER = "marketweek: waits for Ctrl-C"  # the thread that waits for the stopping signals


def can_fork() -> bool:
    """Whether a fork can take half of a long job here: Linux with two cores or more for this
    process, called from the main thread while no other thread runs but the one that waits
    for signals (a fork copies only the calling thread: a lock another thread held, in the
    logging or output of a preview's server, would stay held in the copy), and no runtime
    a library started in threads of its own (vl-convert's JavaScript: the copy hangs on its
    first call into it)."""
    cores = getattr(os, "sched_getaffinity", lambda _: range(os.cpu_count() or 1))(0)
    main = threading.main_thread()
    return (
        hasattr(os, "fork")
        and len(cores) > 1
        and threading.current_thread() is main
        and all(t is main or t.name == WAITER for t in threading.enumerate())
        and not _runtime_threads()
    )


def _runtime_threads() -> bool:
    """Threads started outside Python under a name of their own (vl-convert's are named
    ``tokio-runtime-w`` and ``V8 DefaultWorke``; a numerical library's workers keep the
    process's name and wait idle). Where threads cannot be listed (not Linux): assumed."""
    try:
        tasks = {int(task) for task in os.listdir("/proc/self/task")}
        python = {t.native_id for t in threading.enumerate()}
        own = _thread_name(threading.main_thread().native_id)
        return any(_thread_name(task) != own for task in tasks - python)
    except (OSError, ValueError):
        return True


def _thread_name(task: int | None) -> str:
    with open(f"/proc/self/task/{task}/comm", encoding="utf-8", errors="replace") as name:
        return name.read().strip()


class Forked(Generic[T]):
    """``job`` run in a copy of this process (``os.fork``: it shares what is computed so
    far, nothing is sent to it) while this one goes on; its result comes back pickled
    through a pipe. The copy ends with marketweek, Ctrl-C or not; a failure of any kind in
    it (an error in the data, a signal) is no result, and the caller does the job itself,
    where an error is said as usual."""

    def __init__(self, job: Callable[[], T]) -> None:
        sys.stdout.flush()  # else what waits in the buffers would be written twice
        sys.stderr.flush()
        self.reading: int | None = None
        self.status: int | None = None  # the copy's exit code, once waited for
        self.stuck = False  # killed for not answering in time
        reading, writing = os.pipe()
        parent = os.getpid()
        try:
            with warnings.catch_warnings():  # Python 3.12+: the waiter thread, known harmless
                warnings.filterwarnings("ignore", "This process", DeprecationWarning)
                self.pid = os.fork()
        except OSError:  # no memory or process left for a copy: no result
            os.close(reading)
            os.close(writing)
            self.status = -1
            return
        if self.pid == 0:
            os.close(reading)
            _run_forked(job, writing, parent)  # never returns
        _copies.add(self.pid)  # killed with the other children on Ctrl-C, even as it is read
        self.reading = reading
        os.close(writing)

    def result(self, within: float | None = None) -> T | None:
        """The job's result, once the copy has done it (None: it failed, or was never made);
        waited for ``within`` seconds at most, if given: a copy still silent then is killed
        and gives no result (one that hangs on a lock a thread the fork left behind held)."""
        if self.reading is None:
            return None
        ends = None if within is None else time.monotonic() + within
        chunks = []
        while True:
            left = None if ends is None else max(0.0, ends - time.monotonic())
            if left is not None and not select.select([self.reading], [], [], left)[0]:
                self.stuck = True
                self.close()
                return None
            if not (chunk := os.read(self.reading, 1 << 20)):
                break
            chunks.append(chunk)
            ends = None  # it answers: the rest of its result comes at once
        _copies.discard(self.pid)  # it ends by itself now: its id is not to be killed again
        self.status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
        self.close()
        return pickle.loads(b"".join(chunks)) if self.status == 0 and chunks else None

    def close(self) -> None:
        """The pipe closed; the copy killed if it still runs, and waited for."""
        if self.reading is not None:
            os.close(self.reading)
            self.reading = None
        if self.status is None:
            _copies.discard(self.pid)
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])


@contextlib.contextmanager
def forked(job: Callable[[], T]) -> Iterator[Forked[T]]:
    """``job`` under way in a copy of this process for the block (killed if the block fails)."""
    copy = Forked(job)
    try:
        yield copy
    finally:
        copy.close()


def _run_forked(job: Callable[[], Any], writing: int, parent: int) -> None:
    """In the copy: the job done and its result written, then out at once (``os._exit``: the
    copy must not run the parent's exit handlers or flush its buffers again). A parent gone
    before the copy could ask to end with it: nothing to do."""
    code = 1
    try:
        in_child()
        if os.getppid() != parent:
            return
        view = memoryview(pickle.dumps(job(), protocol=pickle.HIGHEST_PROTOCOL))
        while view:
            view = view[os.write(writing, view) :]
        code = 0
    except BaseException:  # anything: no result, the parent does the job
        pass
    finally:
        os._exit(code)


def _raised_again(hook: Callable[[Any], None]) -> Callable[[Any], None]:
    """The interrupt, when it lands where Python cannot raise it (a fork's logging hook, a
    ``__del__``): raised again at the next line, not printed as an ignored exception."""

    def unraisable(what: Any) -> None:
        if isinstance(what.exc_value, KeyboardInterrupt) and _signalled:
            _swallowed.set()  # the waiting thread raises it again (here it would be lost too)
        else:
            hook(what)

    return unraisable


def _raise_stopped(signum: int, frame: Any) -> None:
    raise Stopped(signum)


def _wait_for_stop(say: Callable[[str], None]) -> None:
    """The thread that waits for Ctrl-C or SIGTERM."""
    signum = signal.Signals(signal.sigwait(STOPS))
    _signalled.append(signum)
    _thread.interrupt_main(signum)  # first: a wait the kills end sees the interrupt at once
    kill_all()
    ends = time.monotonic() + GRACE_S
    while time.monotonic() < ends:
        if _swallowed.wait(0.02):
            _swallowed.clear()
            _thread.interrupt_main(signum)
    if not _said.is_set():
        say(stopped_message(signum))
    os._exit(128 + signum)


def stopped_message(signum: int) -> str:
    name = "Ctrl-C" if signum == signal.SIGINT else signal.Signals(signum).name
    return f"stopped by {name} — nothing half-done was kept; run the command again"


def signalled() -> signal.Signals | None:
    """The signal that is stopping the command, if one came."""
    return _signalled[0] if _signalled else None


def exit_status(interrupt: BaseException | None = None) -> tuple[int, str]:
    """The exit status and line of a command stopped by a signal (``interrupt``: what it
    raised, when the signal did not come through ``stop_on_signals``)."""
    signum = signalled() or (interrupt.args[0] if isinstance(interrupt, Stopped) else None)
    signum = signum or signal.SIGINT
    _said.set()
    return 128 + signum, stopped_message(signum)
