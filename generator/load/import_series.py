"""Which series of an import file are taken and where they go, beyond what its header says:
``--columns`` narrows a file of several series, a series with negative values outside a close
column is a rate, and closes must be daily (a monthly or weekly file is refused)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import pairwise
from pathlib import Path

from generator.errors import DataError
from generator.load.import_layout import Layout, is_close_label
from generator.load.import_read import Table
from generator.load.import_store import Value
from generator.load.reference import our_symbol


def cell(cells: tuple[str, ...], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


def narrowed(table: Table, layout: Layout, wanted: frozenset[str]) -> tuple[Table, Layout]:
    """``--columns``: only the series ``wanted`` of a wide file (by header) or a long one (by
    each row's symbol); a name the file does not have is an error listing those it has."""
    if layout.kind == "bars":
        raise DataError(
            table.path,
            table.header_line,
            "--columns narrows a file of several series, but this one holds one",
            "drop --columns",
        )

    def taken(name: str) -> bool:
        return name in wanted or our_symbol(name) in wanted

    if layout.kind == "wide":
        has = [c.series or "" for c in layout.values]
        keep = tuple(c for c in layout.values if taken(c.series or ""))
        left = tuple(c.label for c in layout.values if c not in keep)
        layout = replace(layout, values=keep, dropped=layout.dropped + left)
    else:
        has = sorted({cell(cells, layout.symbol) for _, cells in table.rows})
        rows = tuple(r for r in table.rows if taken(cell(r[1], layout.symbol)))
        table = replace(table, rows=rows)
    unknown = sorted(n for n in wanted if not any(n in (h, our_symbol(h)) for h in has))
    if unknown:
        raise DataError(
            table.path,
            table.header_line,
            f"--columns names {', '.join(unknown)}, which the file does not have",
            f"name series it has: {', '.join(has[:12])}" + (" …" if len(has) > 12 else ""),
        )
    return table, layout


def negative_are_rates(found: dict[str, list[Value]], layout: Layout) -> None:
    """A series with negative values in a column not labelled as a close (``value``, a
    wide file's ``T10Y2Y``) is a rate or spread: it goes to ``rates.csv``, as ``--rates``."""
    named = {c.series for c in layout.values if not is_close_label(c.label)}
    loose = layout.kind != "wide" and not is_close_label(layout_value_label(layout))
    negative = {
        v.series for v in found["prices"] if v.text.startswith("-") and (loose or v.series in named)
    }
    if negative:
        found["rates"] += [v for v in found["prices"] if v.series in negative]
        found["prices"] = [v for v in found["prices"] if v.series not in negative]


def layout_value_label(layout: Layout) -> str:
    return layout.values[0].label if layout.values else ""


def check_daily(path: Path, prices: list[Value]) -> None:
    """Monthly or weekly closes are refused: the pages need every session's close."""
    by_series: dict[str, list[date]] = {}
    for value in prices:
        by_series.setdefault(value.series, []).append(value.day)
    for series, days in by_series.items():
        ordered = sorted(set(days))
        gaps = sorted((b - a).days for a, b in pairwise(ordered))
        if len(gaps) >= 3 and gaps[len(gaps) // 2] >= 6:
            every = "month" if gaps[len(gaps) // 2] >= 25 else "week"
            first = next(v for v in prices if v.series == series)
            raise DataError(
                path,
                first.line,
                f"{series} has one close a {every} (the median gap between its dates is "
                f"{gaps[len(gaps) // 2]} days), not daily closes",
                "export daily closes (Yahoo: Frequency Daily; FRED: Frequency Daily) and "
                "import that file",
            )
