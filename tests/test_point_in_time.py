"""Point in time: appending later data never changes an earlier week's page or chart data."""

import csv
from datetime import date, timedelta

from projects import make_project, project_config

from generator.build import generate
from generator.errors import Warnings
from generator.load.calendar import sessions_between

PRICES = "content/data/prices.csv"


def week_documents(root):
    tree = generate(project_config(root), Warnings())
    return {d.path: d.content for d in tree.documents if d.path.startswith("weeks/2")}


def append_months_of_prices(root, last_day: str = "2026-03-31"):
    path = root / PRICES
    rows = list(csv.DictReader(path.open()))
    last = {r["symbol"]: float(r["close"]) for r in rows}
    start = max(r["date"] for r in rows)
    days = sessions_between(
        "XNYS", date.fromisoformat(start) + timedelta(days=1), date.fromisoformat(last_day)
    )
    with path.open("a") as handle:
        for number, day in enumerate(days):
            for symbol, close in sorted(last.items()):
                drift = 1 + 0.01 * ((number * 7 + len(symbol)) % 5 - 2)
                handle.write(f"{day},{symbol},{close * drift:.2f}\n")
    return len(days)


def strip_next_link(text: str) -> str:
    """The newest week gains a link to the week after it, the one line allowed to change."""
    return "\n".join(line for line in text.splitlines() if "→](../" not in line)


def every_week_static(root):
    """Static images for every week: with the default, only the newest 12 weeks have them,
    and a week leaving that window loses its images on purpose (the numbers stay)."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  marketweek:\n", "  marketweek:\n    static_charts: all\n"))
    return root


def test_appending_later_data_leaves_published_weeks_identical(tmp_path):
    root = every_week_static(make_project(tmp_path))
    before = week_documents(root)
    assert append_months_of_prices(root) > 60
    after = week_documents(root)
    assert len(after) > len(before)
    newest = max(path for path in before if path.endswith("index.md"))
    for path, content in before.items():
        if path == newest:
            assert strip_next_link(after[path]) == strip_next_link(content)
        else:
            assert after[path] == content, f"{path} changed when later data were appended"
