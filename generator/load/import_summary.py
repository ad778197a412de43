"""What an import did, as the few lines ``marketweek import`` prints: each file and what was
left out of it, what each store gained, and what to fill in by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.load.import_file import NOISE, FileRead
from generator.load.import_store import Count
from generator.load.reference import Known, at_defaults


@dataclass(frozen=True)
class ImportReport:
    files: tuple[FileRead, ...]
    counts: tuple[Count, ...]
    new_symbols: tuple[Known, ...]
    duplicates: int
    warnings: tuple[str, ...] = ()  # adjusted closes joined to raw ones


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
        lines += _universe_lines(new)
    return lines + [f"warning: {said}" for said in report.warnings]


def _universe_lines(new: tuple[Known, ...]) -> list[str]:
    """The rows import added: those the reference filled in, then those left at guessed
    defaults with the command that fills them in."""
    filled = [k for k in new if not at_defaults(k.symbol, k.name, k.sector, k.size, k.groups)]
    guessed = [k for k in new if k not in filled]
    lines = []
    if filled:
        named = ", ".join(f"{k.symbol} ({k.name}, {_kind(k)})" for k in filled[:MANY])
        more = f" and {len(filled) - MANY} more" if len(filled) > MANY else ""
        lines.append(f"universe.csv: added {named}{more}")
    if guessed:
        named = ", ".join(f"{k.symbol} ({k.kind})" for k in guessed[:MANY])
        more = f" and {len(guessed) - MANY} more" if len(guessed) > MANY else ""
        first = guessed[0].symbol
        lines.append(
            f"universe.csv: added {named}{more} with guessed defaults — name each and fill in "
            f'kind, sector, size and groups: marketweek universe set {first} --name "…" '
            "--sector … --size … --groups … (marketweek universe lists what is missing)"
        )
    return lines


def _kind(known: Known) -> str:
    return f"etf, {known.sector}" if known.kind == "etf" and known.sector else known.kind


TICKER = re.compile(r"[A-Z0-9^.=-]{1,10}")  # what a file named after its ticker looks like
MANY = 6  # series listed one by one; more are summed up in one line


def _store_lines(store: str, counts: list[Count]) -> list[str]:
    def numbers(added: int, replaced: int, unchanged: int, rounded: int = 0) -> str:
        kept = f", {rounded} kept (they agree within rounding)" if rounded else ""
        return f"{added} added, {replaced} replaced, {unchanged} already there{kept}"

    span = f"{min(c.first for c in counts)} → {max(c.last for c in counts)}"
    if store == "fed_funds.csv":
        (c,) = counts
        return [
            f"{store}: changes of the range {numbers(c.added, c.replaced, c.unchanged)} ({span})"
        ]
    if len(counts) > MANY:
        total = numbers(
            *(
                sum(getattr(c, k) for c in counts)
                for k in ("added", "replaced", "unchanged", "rounded")
            )
        )
        return [f"{store}: {len(counts)} series, {total} ({span})"]
    return [
        f"{store}: {c.series} {numbers(c.added, c.replaced, c.unchanged, c.rounded)} "
        f"({c.first} → {c.last})"
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
    named = read.origin.removeprefix("symbol ").removesuffix(" from the file name")
    if read.origin.endswith("from the file name") and not TICKER.fullmatch(named):
        out.append(
            f"  {named} is no ticker? — remove it (marketweek universe remove {named}) and "
            "import the file again with --symbol, e.g. --symbol SPX"
        )
    rates = sorted({v.series for v in (*read.rates, *read.fed)})
    if rates:
        out.append(f"  rates, not prices: {', '.join(rates)}")
    if read.layout.dropped:
        out.append(f"  left out: column(s) {', '.join(read.layout.dropped)}")
    out += [f"  left out: {n} {why}" for why, n in read.skipped if why != NOISE]
    out += [f"  {n} {why}" for why, n in read.skipped if why == NOISE]
    return out
