"""`marketweek new`: start a week's commentary file with the week's facts written in.

The file is created, never overwritten, as a draft: it publishes once the author sets
`draft: false`.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import CommentaryError
from generator.model import Config, WeekReport

BODY = """\
<!-- The facts of the week, as of the close on {close}, for you to use or delete:
{facts}
-->

The {small_name} closed the week at {{{{ close("{small}") }}}} ({{{{ change("{small}") }}}}),
against {{{{ change("{large}") }}}} for the {large_name}.

{{{{ chart("rotation") }}}}
"""


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


def new_week(config: Config, report: WeekReport) -> Path:
    """Create ``content/weeks/<slug>.md`` for the week told in ``report``; refuse if it
    exists."""
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
