"""Issue 16's big input: 5 million closes of 20,000 symbols, built once, with peak memory.

    python benchmarks/big_inputs.py OUT [--weeks 51] [--symbols 20000] [--command build]

Writes benchmarks/scale.py's project into OUT (deterministic: the same bytes every run; 51
weeks of sessions to 2025-12-31 are 250 sessions, 5,000,000 rows at 20,000 symbols), then runs
`python -m generator COMMAND` there with empty caches and prints the progress lines as they
come (each stamped with the seconds since the start), the wall time and the command's peak
resident memory (the kernel's high-water mark of the build and the processes it started, so it
counts what they really held, not Python's allocations alone). The target: under 1 GB, with
progress on stderr while it works. Not a timed test: it takes minutes and most of a GB.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
TARGET_MB = 1000


def build(folder: Path, command: str) -> tuple[int, float, float]:
    """Run the command with progress shown as it comes; its exit status, seconds and peak MB."""
    shutil.rmtree(folder / ".marketweek", ignore_errors=True)
    shutil.rmtree(folder / "site", ignore_errors=True)
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "generator", command],
        cwd=folder,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    for line in child.stderr:
        print(f"  [{time.monotonic() - started:6.1f} s] {line.rstrip()}", flush=True)
    code = child.wait()
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KB on Linux
    return code, time.monotonic() - started, peak_kb / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the project into")
    parser.add_argument("--weeks", type=int, default=51)
    parser.add_argument("--symbols", type=int, default=20_000)
    parser.add_argument("--command", default="build", choices=("build", "check"))
    parser.add_argument("--measure", action="store_true", help="only run and measure COMMAND")
    args = parser.parse_args(argv)
    if args.measure:
        return measure(args.out, args.command)
    # Each step in a process of its own: the peak memory of a process's children counts every
    # child it ever waited for, and the generator holds the 5 million rows it writes.
    shape = ["--weeks", str(args.weeks), "--symbols", str(args.symbols)]
    subprocess.run([sys.executable, str(BENCH / "scale.py"), str(args.out), *shape], check=True)
    command = ["--command", args.command, "--measure"]
    subprocess.run([sys.executable, __file__, str(args.out), *command], check=True)


def measure(folder: Path, command: str) -> None:
    code, seconds, peak = build(folder, command)
    verdict = "✓" if peak < TARGET_MB and code == 0 else "✗"
    print(
        f"{command}: exit {code}, {seconds:.1f} s, peak {peak:,.0f} MB "
        f"(target < {TARGET_MB:,} MB) {verdict}"
    )


if __name__ == "__main__":
    main()
