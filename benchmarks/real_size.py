"""Issue 18's figures at real size, on benchmarks/scale.py's generator with ~60 symbols:

    .venv/bin/python benchmarks/real_size.py [--weeks 529 --weeks 1912] [--symbols 60]

The project is shaped like real exports: an index from 1990 at the longest, sector funds
and listed stocks that begin at their real first sessions (XLRE in 2015, XLC in 2018, META in
2012…), a third of the synthetic stocks listed part-way. For each size: the first build
(empty caches: wall time and the peak resident memory of the largest process), `serve` edit
→ visible (three weeks' commentary edited in turn, each with its page open in headless
Chromium: seconds from the write until the word shows in the open page, which MkDocs' reload
script reloads), `check` after importing a new symbol's whole history, the build after it,
and a build after appending one week of closes. Writes the table, with the machine's load,
into benchmarks/results.md after benchmarks/run.py's table (each keeps the other's part),
and prints it.
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

import measure  # noqa: E402
import report  # noqa: E402
from scale import LAST, append_week, scale_sessions, write_scale_project  # noqa: E402

# The calendar begins on 1990-01-02: the longest history scale.py can write (1,912 weeks, as
# in the issue, would begin in May 1989).
MOST_WEEKS = (LAST - date(1990, 1, 8)).days // 7

TARGETS = {"first build": "≤ 120 s, ≤ 1 GB", "serve edit → visible": "≤ 1 s",
           "check after import": "≤ 10 s (529 weeks)",
           "append a week": "≤ 5 s (1,912 weeks)"}  # fmt: skip
EDITS = 3  # weeks edited in turn in the preview


def environment(root: Path) -> dict[str, str]:
    return {**os.environ, "HOME": str(root / "home"), "XDG_CACHE_HOME": str(root / "xdg")}


def timed(root: Path, *args: str) -> tuple[float, int]:
    """Seconds and the largest child's peak memory (MB) of `python -m generator ARGS`."""
    env = environment(root)
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


def serve_edits(root: Path) -> tuple[list[float], str]:
    """Seconds from each commentary edit until the open page shows it, and what the preview
    said of its regenerations (once every week is in it)."""
    from playwright.sync_api import sync_playwright

    port, log = measure.free_port(), root / "serve.log"
    command = [sys.executable, "-m", "generator", "serve", "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(
            command, cwd=root, env=environment(root), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        ready = time.monotonic() + 1800
        while b"every week is in the preview now" not in log.read_bytes():
            if server.poll() is not None or time.monotonic() > ready:
                raise SystemExit(f"serve never filled in every week:\n{log.read_text()[-2000:]}")
            time.sleep(0.5)
        measure.wait_quiet(log, quiet=2.0, timeout=120)
        said_before = len(log.read_bytes())
        files = sorted((root / "content" / "weeks").glob("*.md"))
        seconds = []
        with sync_playwright() as playwright:
            browser = measure.launch(playwright)
            for number, path in enumerate(files[-2 :: -max(1, len(files) // EDITS)][:EDITS]):
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/weeks/{path.stem}/", wait_until="load")
                page.wait_for_timeout(1000)  # the reload script has started polling
                word = f"mwedit{number}x{os.getpid()}"
                edited = time.monotonic()
                with path.open("a", encoding="utf-8") as out:
                    out.write(f"\nA word for the benchmark: {word}.\n")
                page.get_by_text(word).first.wait_for(timeout=60_000)
                seconds.append(time.monotonic() - edited)
                page.close()
            browser.close()
        measure.wait_quiet(log, quiet=1.0, timeout=60)
        said = log.read_bytes()[said_before:].decode("utf-8", "replace")
    finally:
        measure.stop(server)
    return seconds, said


def serve_row(weeks: int, seconds: list[float], said: str) -> tuple[str, str, str]:
    redone = [line.split(" in ")[0] for line in said.splitlines() if "regenerated" in line]
    warned = [line for line in said.splitlines() if line.startswith("warning:")]
    note = (
        f"runs {', '.join(f'{s:.2f}' for s in seconds)} s; the preview said "
        f"{'; '.join(sorted(set(redone)))}; {len(warned) - len(set(warned))} warning(s) "
        f"said twice, {len(set(warned))} new"
    )
    return (f"serve edit → visible in the open page, {weeks} weeks", f"{max(seconds):.2f} s", note)


def measure_size(weeks: int, symbols: int) -> list[tuple[str, str, str]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix=f"mw-{weeks}-") as scratch:
        root = Path(scratch) / "project"
        started = time.monotonic()
        counts = write_scale_project(root, weeks, symbols, staggered=True)
        rows.append(
            (
                f"generate {weeks} weeks × {symbols} symbols",
                f"{time.monotonic() - started:.1f} s",
                f"{counts['sessions']:,} sessions, {counts['rows']:,} closes, "
                f"{counts['commentaries']} commentaries; symbols begin at different dates",
            )
        )
        seconds, peak = timed(root, "build")
        rows.append(
            (f"first build, {weeks} weeks", f"{seconds:.1f} s", f"peak {peak} MB (largest process)")
        )
        rows.append(serve_row(weeks, *serve_edits(root)))
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
        rows += measure_size(min(weeks, MOST_WEEKS), args.symbols)
        write(rows, load)


def write(rows: list[tuple[str, str, str]], load: float) -> None:
    lines = [
        "# Real-size figures (issue 18)",
        "",
        f"- command: python benchmarks/real_size.py; date {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- nproc {os.cpu_count()}; load average {load:.2f} at the start, "
        f"{os.getloadavg()[0]:.2f} at the end",
        f"- targets: {'; '.join(f'{k} {v}' for k, v in TARGETS.items())}",
        "",
        "| figure | result | note |",
        "|---|---:|---|",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
    ]
    report.with_real_size(BENCH / "results.md", "\n".join(lines[2:]) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
