"""`python -m generator` and the `marketweek` console script: the command-line interface."""

import sys

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
    main()


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    run()
