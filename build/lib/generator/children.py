"""Processes marketweek starts beside itself (the engine, a chart drawer): each ends when
marketweek ends, so a killed build leaves no orphan behind."""

from __future__ import annotations

import contextlib
import ctypes
import signal
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In the child: end when marketweek ends (Linux; elsewhere a no-op)."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def start(command: Sequence[str], **options: Any) -> subprocess.Popen[str]:
    """``command`` with pipes for its input, output and errors, as text."""
    return subprocess.Popen(
        list(command),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=die_with_parent if sys.platform == "linux" else None,
        **options,
    )


def stop(process: subprocess.Popen[str]) -> None:
    """Killed if it still runs, its pipes closed."""
    if process.poll() is None:
        process.kill()
    process.communicate()
