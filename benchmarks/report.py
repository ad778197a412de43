"""The results table: rows with a figure, a target from issue 8 and ✓/✗, shown three ways
(plain text on the terminal, Markdown in results.md, JSON in results.json)."""

from __future__ import annotations

import json
import os
import platform
import shlex
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Row:
    section: str
    figure: str
    result: str  # as shown
    value: float | str | None = None  # machine-readable (seconds, bytes, ms, ratio, name)
    unit: str = ""
    target: str = ""  # as shown, e.g. "≤ 3 s"
    ok: bool | None = None  # None: no target, or no figure
    note: str = ""

    @property
    def mark(self) -> str:
        return {True: "✓", False: "✗", None: ""}[self.ok]


def seconds(s: float) -> str:
    return f"{s:.2f} s" if s < 10 else f"{s:.1f} s"


def kilobytes(n: int) -> str:
    return f"{n / 1000:.1f} KB"


def megabytes(n: float) -> str:
    return f"{n / 1e6:.0f} MB" if n >= 1e8 else f"{n / 1e6:.2f} MB"


def git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, timeout=20
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def meta(argv: list[str]) -> dict[str, str]:
    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " (working tree has uncommitted changes)"
    return {
        "command": "python " + shlex.join(argv),
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": str(len(os.sched_getaffinity(0))),
        "commit": commit,
        "python": platform.python_version(),
        "load average": f"{os.getloadavg()[0]:.2f}",
        "machine": f"{platform.system()} {platform.machine()}, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB RAM",
    }


@dataclass
class Results:
    meta: dict[str, str]
    rows: list[Row] = field(default_factory=list)
    details: dict[str, object] = field(default_factory=dict)
    earlier: list[Row] = field(default_factory=list)  # kept from the last run: steps not run
    steps: tuple[str, ...] = ()  # every step, in order

    def keep_earlier(self, folder: Path, steps: tuple[str, ...], run: list[str]) -> None:
        """A run of some steps (``run``) keeps the other steps' rows of the last results.json,
        each noted with the run it came from, and saves every row in step order."""
        self.steps = steps
        try:
            last = json.loads((folder / "results.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        when = f"{last['meta']['date'][:16].replace('T', ' ')} at {last['meta']['commit'][:7]}"
        for row in last["rows"]:
            if row["section"] in steps and row["section"] not in run:
                kept = Row(**{k: v for k, v in row.items() if k != "mark"})
                if not kept.note.startswith(EARLIER):  # kept twice: its own run said already
                    kept.note = f"{EARLIER}{when}) {kept.note}".rstrip()
                self.earlier.append(kept)

    def in_order(self) -> list[Row]:
        """This run's rows and the earlier ones, section by section in step order."""
        order = {name: n for n, name in enumerate(self.steps)}
        return sorted([*self.earlier, *self.rows], key=lambda r: order.get(r.section, len(order)))

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        print(f"  {row.section}: {row.figure} = {row.result} {row.mark}".rstrip(), flush=True)
        return row

    def header(self) -> list[str]:
        return [f"{key}: {value}" for key, value in self.meta.items()]

    def columns(self) -> list[list[str]]:
        rows = self.in_order()
        return [[r.section, r.figure, r.result, r.target, r.mark, r.note] for r in rows]

    def text(self) -> str:
        titles = ["section", "figure", "result", "target", "", "note"]
        rows = [titles, *self.columns()]
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        lines = [*self.header(), ""]
        for n, row in enumerate(rows):
            cells = [row[i].ljust(widths[i]) for i in range(5)] + [row[5].replace("\n", " ")]
            lines.append("  ".join(cells).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths) + "  ----")
        return "\n".join(lines)

    def markdown(self) -> str:
        lines = ["# Benchmark results (issue 8)", ""]
        lines += [f"- {line}" for line in self.header()] + [""]
        lines += ["| section | figure | result | target | | note |", "|---|---|---:|---|---|---|"]
        for row in self.columns():
            lines.append(
                "| " + " | ".join(c.replace("|", "\\|").replace("\n", "<br>") for c in row) + " |"
            )
        return "\n".join(lines) + "\n"

    def save(self, folder: Path) -> None:
        kept = real_size_section(folder / "results.md")  # benchmarks/real_size.py's own
        (folder / "results.md").write_text(self.markdown() + kept, encoding="utf-8")
        data = {
            "meta": self.meta,
            "rows": [asdict(r) | {"mark": r.mark} for r in self.in_order()],
            "details": self.details,
        }
        (folder / "results.json").write_text(
            json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
        )


EARLIER = "(from the run of "  # the note of a row kept from an earlier run begins so


REAL_SIZE = "## At real size (issue 18): benchmarks/real_size.py"


def real_size_section(results: Path) -> str:
    """The section ``benchmarks/real_size.py`` wrote at the end of ``results``, if any."""
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    return "\n" + REAL_SIZE + text.split(REAL_SIZE, 1)[1] if REAL_SIZE in text else ""


def with_real_size(results: Path, section: str) -> None:
    """``results`` with its real-size section (``section``, Markdown) written anew."""
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    head = text.split(REAL_SIZE, 1)[0].rstrip("\n")
    results.write_text(f"{head}\n\n{REAL_SIZE}\n\n{section}", encoding="utf-8")


def error_text(exc: BaseException) -> str:
    """One short description of a failed step (the last lines of a failed build included)."""
    text = str(exc).strip() or type(exc).__name__
    lines = text.splitlines()
    if len(lines) > 8:
        lines = [*lines[:2], "…", *lines[-5:]]
    return f"{type(exc).__name__}: " + " / ".join(line.strip() for line in lines if line.strip())


if __name__ == "__main__":  # pragma: no cover - a quick look at the header
    print("\n".join(Results(meta(sys.argv)).header()))
