"""What an import did, as the few lines ``marketweek import`` prints: each file and what was
left out of it, what each store gained, and what to fill in by hand."""

from __future__ import annotations

from dataclasses import dataclass

from generator.load.import_file import NOISE, FileRead
from generator.load.import_store import Count


@dataclass(frozen=True)
class ImportReport:
    files: tuple[FileRead, ...]
    counts: tuple[Count, ...]
    new_symbols: tuple[tuple[str, str, str], ...]
    duplicates: int


def summary(report: ImportReport) -> list[str]:
    """A few lines: each file and what was left out of it, what each store gained, and what
    to fill in by hand."""
    lines = [line for read in report.files for line in _file_lines(read)]
    for name in dict.fromkeys(count.store for count in report.counts):
        lines += _store_lines(name, [c for c in report.counts if c.store == name])
    if report.duplicates:
        lines.append(f"{report.duplicates} repeated value(s) ignored (same date, same value)")
    new = report.new_symbols
    if new:
        named = ", ".join(
            f"{s} ({name}, {kind})" if name != s else f"{s} ({kind})"
            for s, name, kind in new[:MANY]
        )
        more = f" and {len(new) - MANY} more" if len(new) > MANY else ""
        lines.append(
            f"universe.csv: added {named}{more} — check name and kind, fill in sector, size "
            "and groups"
        )
    return lines


MANY = 6  # series listed one by one; more are summed up in one line


def _store_lines(store: str, counts: list[Count]) -> list[str]:
    def numbers(added: int, replaced: int, unchanged: int) -> str:
        return f"{added} added, {replaced} replaced, {unchanged} already there"

    span = f"{min(c.first for c in counts)} → {max(c.last for c in counts)}"
    if store == "fed_funds.csv":
        (c,) = counts
        return [
            f"{store}: changes of the range {numbers(c.added, c.replaced, c.unchanged)} ({span})"
        ]
    if len(counts) > MANY:
        total = numbers(
            *(sum(getattr(c, k) for c in counts) for k in ("added", "replaced", "unchanged"))
        )
        return [f"{store}: {len(counts)} series, {total} ({span})"]
    return [
        f"{store}: {c.series} {numbers(c.added, c.replaced, c.unchanged)} ({c.first} → {c.last})"
        for c in counts
    ]


def _file_lines(read: FileRead) -> list[str]:
    layout = {"bars": "daily bars", "long": "long rows", "wide": "one column per series"}
    head = f"{read.path}: {layout[read.layout.kind]}" + ("" if not read.layout.fred else ", FRED")
    if read.layout.note:
        head += f"; {read.layout.note}"
    if read.origin:
        head += f"; {read.origin}"
    out = [head]
    rates = sorted({v.series for v in (*read.rates, *read.fed)})
    if rates:
        out.append(f"  rates, not prices: {', '.join(rates)}")
    if read.layout.dropped:
        out.append(f"  left out: column(s) {', '.join(read.layout.dropped)}")
    out += [f"  left out: {n} {why}" for why, n in read.skipped if why != NOISE]
    out += [f"  {n} {why}" for why, n in read.skipped if why == NOISE]
    return out
