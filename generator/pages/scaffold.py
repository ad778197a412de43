"""`marketweek new`: start a week's commentary file with the week's facts written in.

The file is created, never overwritten, as a draft: it publishes once the author sets
`draft: false`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.errors import CommentaryError, Warnings
from generator.facts import narrative
from generator.facts import panel as compute
from generator.load import data as data_files
from generator.load.selection import history_weeks, select_weeks
from generator.model import Config, WeekReport

BODY = """\
<!-- The facts of the week, as of the close on {close}, for you to use or delete:
{facts}
-->

The {small_name} closed the week at {{{{ close("{small}") }}}} ({{{{ change("{small}") }}}}),
against {{{{ change("{large}") }}}} for the {large_name}.

{{{{ chart("rotation") }}}}
"""


def week_report(config: Config, warn: Warnings, day: date | None) -> WeekReport:
    """The report of the chosen week (default: the latest complete week in the data)."""
    data = data_files.load_data(config.data_dir)
    weeks = select_weeks(data, config)
    index = len(weeks) - 1 if day is None else _index_of(weeks, day, config)
    panel = compute.make_panel(data, config, weeks, history_weeks(data, config, weeks))
    report = compute.week_report(panel, data, config, weeks, index, None)
    previous = compute.week_report(panel, data, config, weeks, index - 1, None) if index else None
    told = narrative.narrate(tuple(r for r in (previous, report) if r), config, panel.names, panel)
    return told[-1]


def _index_of(weeks: tuple, day: date, config: Config) -> int:  # type: ignore[type-arg]
    ends = [w.end for w in weeks]
    if day not in ends:
        nearest = min(ends, key=lambda end: abs((end - day).days))
        raise CommentaryError(
            config.weeks_dir / f"{day}.md",
            None,
            f"{day} is not the last session of a week in the data",
            f"use --week {nearest}",
        )
    return ends.index(day)


def scaffold_text(report: WeekReport, config: Config) -> str:
    facts = "\n".join(f"- {line}" for line in report.takeaways + report.changes)
    front = (
        f'---\ntitle: ""\nauthors: [{", ".join(config.authors)}]\n'
        f'summary: "{report.takeaways[0] if report.takeaways else ""}"\n'
        "tags: []\ndraft: true\n---\n\n"
    )
    small, large = report.scoreboard[0], report.scoreboard[1]
    return front + BODY.format(
        close=report.week.end,
        facts=facts,
        small=small.symbol,
        small_name=small.name,
        large=large.symbol,
        large_name=large.name,
    )


def new_week(config: Config, warn: Warnings, day: date | None = None) -> Path:
    """Create ``content/weeks/<slug>.md`` for the week; refuse if it exists."""
    report = week_report(config, warn, day)
    path = config.weeks_dir / f"{report.week.slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(scaffold_text(report, config))
    except FileExistsError as exc:
        raise CommentaryError(
            path,
            None,
            "this week's commentary already exists",
            "edit it; marketweek never overwrites an author's file",
        ) from exc
    return path
