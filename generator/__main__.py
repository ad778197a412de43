"""`python -m generator` and the `marketweek` console script: the command-line interface."""

import atexit
import os
import sys
import threading
from typing import Any

from generator import children


def run() -> None:
    """Ctrl-C and SIGTERM stop any command within seconds, its children with it: set before
    the command line's imports (a second of them), so a signal during them stops it too.
    (Not for click's test runner, in a test's own process.)"""
    children.stop_on_signals(say)
    try:
        from generator.cli import main

        code = commands(main)
    except KeyboardInterrupt as exc:  # before a command took it: the imports, the arguments
        code, message = children.exit_status(exc)
        say(message)
    leave(code)


def commands(main: Any) -> str | int | None:
    """Click's own run of the command line, less its catch of Ctrl-C: it would end a command
    stopped while its arguments are read with "Aborted!" and exit 1, not as every stop ends."""
    import click

    try:
        main(standalone_mode=False)
    except click.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):
            raise exc.__cause__ from None
        say("Aborted!")
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except SystemExit as exc:
        return exc.code
    return 0


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
