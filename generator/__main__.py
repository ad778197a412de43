"""`python -m generator` and the `marketweek` console script: the command-line interface."""

import atexit
import os
import sys
import threading

from generator import children


def run() -> None:
    """Ctrl-C and SIGTERM stop any command within seconds, its children with it: set before
    the command line's imports (a second of them), so a signal during them stops it too.
    (Not for click's test runner, in a test's own process.)"""
    children.stop_on_signals(say)
    try:
        from generator.cli import main
    except KeyboardInterrupt as exc:  # once the commands run, they say it themselves
        status, message = children.exit_status(exc)
        say(message)
        sys.exit(status)
    try:
        main()
    except SystemExit as exc:
        leave(exc.code)


def leave(code: str | int | None) -> None:
    """End the process without Python's teardown of its heap, which freed a large build's
    objects one by one for 0.8 s after the work was done (1,877 weeks): the exit handlers
    run and the streams are flushed first. With a thread of the work still running (not a
    daemon, which the usual exit would not wait for either), the usual exit."""
    main_thread = threading.main_thread()
    if any(t is not main_thread and not t.daemon for t in threading.enumerate()):
        sys.exit(code)
    if code is not None and not isinstance(code, int):
        say(str(code))  # what sys.exit does with a message
        code = 1
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    run()
