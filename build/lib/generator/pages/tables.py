"""The week's tables as plain rows, for their CSV downloads: the scoreboard and the leaders
and laggards. Changes are percentages with two decimals, as the tables show them."""

from __future__ import annotations

from generator.model import Move, Series, WeekReport


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 2)


def scoreboard_table(report: WeekReport) -> Series:
    return Series(
        ("symbol", "name", "close", "week_pct", "four_weeks_pct", "ytd_pct", "52_weeks_pct"),
        tuple(
            (
                q.symbol,
                q.name,
                round(q.close, 2),
                _percent(q.week),
                _percent(q.month),
                _percent(q.ytd),
                _percent(q.year),
            )
            for q in report.scoreboard
        ),
    )


def movers_table(report: WeekReport) -> Series:
    """Leaders, then laggards, each row saying which table it is in."""

    def rows(table: str, moves: tuple[Move, ...]) -> list[tuple[object, ...]]:
        return [(table, m.symbol, m.name, m.sector, m.size, _percent(m.change)) for m in moves]

    return Series(
        ("table", "symbol", "name", "sector", "size", "week_pct"),
        tuple(rows("leaders", report.leaders) + rows("laggards", report.laggards)),
    )


def week_tables(report: WeekReport) -> dict[str, Series]:
    """The week's tables by file stem; a table without rows is left out."""
    found = {"scoreboard": scoreboard_table(report), "leaders": movers_table(report)}
    return {name: series for name, series in found.items() if series.rows}
