"""Where the numbers come from, as a source line says it: providers first, then the file.

Providers come from the optional ``content/data/sources.csv`` (``series,provider``), where a
series is a data file by its stem (``prices``, ``targets``, ``events``, ``fed_funds``) or a
symbol of the universe. Strategists' targets name their own source in ``targets.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.model import TargetGap


def _unique(items: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def file_providers(stem: str, providers: Mapping[str, str], symbols: Sequence[str]) -> str:
    """The providers of one data file: its own row, else those of the symbols it holds."""
    if stem in providers:
        return providers[stem]
    return ", ".join(_unique([providers.get(s, "") for s in symbols]))


def source_names(
    files: Mapping[str, str],
    providers: Mapping[str, str],
    symbols: Sequence[str] = (),
) -> dict[str, str]:
    """Each data file as a source line names it: its providers when ``sources.csv`` names
    them (the reader wants where the numbers come from; the CSV link beside it gives the
    data), else the file. ``symbols``: those in the prices."""
    return {
        stem: file_providers(stem, providers, symbols if stem == "prices" else ()) or path
        for stem, path in files.items()
    }


def target_sources(gaps: Sequence[TargetGap]) -> str:
    """The targets' own source notes, each said once: the firms that share a note together,
    and a note every target carries (such as "illustrative sample") once at the end.

    Notes are the ``source`` column of targets.csv, parts separated by semicolons.
    """
    notes = {g.target.firm: _unique([p.strip() for p in g.target.source.split(";")]) for g in gaps}
    common = [n for n in next(iter(notes.values()), []) if all(n in ns for ns in notes.values())]
    groups: dict[str, list[str]] = {}
    for firm, parts in notes.items():
        own = ", ".join(p for p in parts if p not in common)
        if own:
            groups.setdefault(own, []).append(firm)
    lines = [f"{_and(firms)}: {note}" for note, firms in groups.items()]
    if common:
        lines.append(f"all {', '.join(common)}" if lines else ", ".join(common))
    return "; ".join(lines)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
