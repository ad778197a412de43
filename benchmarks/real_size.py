"""Issue 18's figures at real size, on benchmarks/scale.py's generator with ~60 symbols:

    .venv/bin/python benchmarks/real_size.py [--weeks 529 --weeks 1912] [--symbols 60]

For each size: the first build (empty caches: wall time and the peak resident memory of the
largest process), `check` after importing a new symbol's whole history, and a build after
appending one week of closes. Writes benchmarks/results-real-size.md (the table, with the
machine's load) and prints it. `serve` edit → visible is measured by benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(BENCH), str(REPO)]

from scale import LAST, append_week, scale_sessions, write_scale_project  # noqa: E402

# The calendar begins on 1990-01-02: the longest history scale.py can write (1,912 weeks, as
# in the issue, would begin in May 1989).
MOST_WEEKS = (LAST - date(1990, 1, 8)).days // 7

TARGETS = {"first build": "≤ 120 s, ≤ 1 GB", "check after import": "≤ 10 s (529 weeks)",
           "append a week": "≤ 5 s (1,912 weeks)"}  # fmt: skip


def timed(root: Path, *args: str) -> tuple[float, int]:
    """Seconds and the largest child's peak memory (MB) of `python -m generator ARGS`."""
    env = {**os.environ, "HOME": str(root / "home"), "XDG_CACHE_HOME": str(root / "xdg")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=root, env=env, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    seconds = time.monotonic() - started
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) // 1024
    return seconds, peak


def new_symbol_file(root: Path, weeks: int) -> Path:
    days = scale_sessions(weeks)
    path = root / "NEWCO.csv"
    rows = "".join(f"{d},{100 + (i % 50) * 0.5:.2f}\n" for i, d in enumerate(days))
    path.write_text("Date,Close\n" + rows)
    return path


def measure(weeks: int, symbols: int) -> list[tuple[str, str, str]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix=f"mw-{weeks}-") as scratch:
        root = Path(scratch) / "project"
        started = time.monotonic()
        counts = write_scale_project(root, weeks, symbols)
        rows.append(
            (
                f"generate {weeks} weeks × {symbols} symbols",
                f"{time.monotonic() - started:.1f} s",
                str(counts),
            )
        )
        seconds, peak = timed(root, "build")
        rows.append(
            (f"first build, {weeks} weeks", f"{seconds:.1f} s", f"peak {peak} MB (largest process)")
        )
        newco = str(new_symbol_file(root, weeks))
        command = [sys.executable, "-m", "generator", "import", newco]
        subprocess.run(command, cwd=root, capture_output=True, check=True)
        seconds, _ = timed(root, "check")
        rows.append(
            (
                f"check after importing a new symbol's whole history, {weeks} weeks",
                f"{seconds:.1f} s",
                "",
            )
        )
        seconds, _ = timed(root, "build")  # the new symbol changes every week's pages
        rows.append((f"build after that import, {weeks} weeks", f"{seconds:.1f} s", ""))
        append_week(root)
        seconds, _ = timed(root, "build")
        rows.append((f"append a week, build, {weeks} weeks", f"{seconds:.1f} s", ""))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weeks", type=int, action="append")
    parser.add_argument("--symbols", type=int, default=60)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    rows: list[tuple[str, str, str]] = []
    for weeks in args.weeks or [529, MOST_WEEKS]:
        rows += measure(min(weeks, MOST_WEEKS), args.symbols)
        write(rows, load)


def write(rows: list[tuple[str, str, str]], load: float) -> None:
    lines = [
        "# Real-size figures (issue 18)",
        "",
        f"- command: python benchmarks/real_size.py; date {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- nproc {os.cpu_count()}; load average {load:.2f} at the start, "
        f"{os.getloadavg()[0]:.2f} at the end (a shared machine: other builds ran meanwhile)",
        f"- targets: {'; '.join(f'{k} {v}' for k, v in TARGETS.items())}",
        "",
        "| figure | result | note |",
        "|---|---:|---|",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
    ]
    (BENCH / "results-real-size.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
