"""A recap worth reading every week (issue 20), on the sample's pages: headlines that vary,
each fact said once, the week ahead on every issue, rates in basis points, data-only weeks that
say so. Expected values come from the real weekly closes in tests/fixtures/weekly-closes.csv
and from the page text, not from the code under test.
"""

from __future__ import annotations

import collections
import csv
import html
import re

import pytest
from projects import REPO, make_project, project_config

from generator.build import generate
from generator.errors import Warnings
from generator.pages.render import spread_points

FIXTURE = REPO / "tests" / "fixtures" / "weekly-closes.csv"
INDICES = ("Russell 2000", "S&P 500", "Nasdaq Composite", "Magnificent Seven basket")
SECTORS = (
    "Communication Services", "Consumer Discretionary", "Consumer Staples", "Energy",
    "Financials", "Health Care", "Industrials", "Information Technology", "Materials",
    "Real Estate", "Utilities",
)  # fmt: skip
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    root = make_project(tmp_path_factory.mktemp("recap"), source=REPO)
    tree = generate(project_config(root), Warnings(), static_images=False)
    return {
        d.path.split("/")[1]: d.content
        for d in tree.documents
        if re.fullmatch(r"weeks/\d{4}-\d\d-\d\d/index\.md", d.path) and isinstance(d.content, str)
    }


def headline(page: str) -> str:
    title = html.unescape(re.search(r'^title: "?(.*?)"?$', page, re.M).group(1))  # type: ignore[union-attr]
    return title.split(": ", 1)[1] if ": " in title else ""


def pattern(line: str) -> str:
    """A headline with its names, dates and numbers taken out: what repeats week to week."""
    for name in (*INDICES, *SECTORS):
        line = line.replace(name, "NAME")
    line = re.sub(rf"{MONTH} \d+, \d{{4}}", "DATE", line)
    line = re.sub(r"[+−-]?\d[\d,.]*%?", "#", line)
    return re.sub(r"\b(second|third|fourth|fifth|sixth|seventh|\d+th)\b", "Nth", line)


def test_every_week_has_a_headline_and_none_covers_more_than_a_tenth(pages):
    lines = [headline(page) for page in pages.values()]
    assert all(lines), [slug for slug, page in pages.items() if not headline(page)]
    counts = collections.Counter(pattern(line) for line in lines)
    most, times = counts.most_common(1)[0]
    print(f"{len(counts)} headline patterns, {len(lines)} weeks; most common: {times} × {most}")
    assert times <= len(lines) / 10, counts.most_common(5)


def plain(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_spread_is_said_once_a_page(pages):
    for slug, page in pages.items():
        said = re.findall(r"by \d+\.\d percentage points this week", plain(page))
        assert len(said) <= 1, (slug, said)


def test_the_illustrative_note_is_said_once_a_page(pages):
    """The data note says what is illustrative; source lines name providers. Event labels
    ("CPI (May) report, illustrative date") are each event's own word."""
    for slug, page in pages.items():
        text = re.sub(r"illustrative date", "", plain(page))
        assert len(re.findall(r"(?i)illustrative", text)) == 1, slug


def test_every_issue_has_its_week_ahead(pages):
    for slug, page in pages.items():
        ahead = page.split("**The week ahead:**", 1)
        assert len(ahead) == 2, slug
        nxt = ahead[1].lstrip().splitlines()[0]
        assert nxt.startswith("- ") or nxt.startswith(("No scheduled events", "No events")), nxt


def test_the_newest_issue_names_the_next_event(pages):
    """2026-08-21: nothing in the week to 08-28; the next events are payrolls on September 4
    and the FOMC decision on September 16 (figures.md's 2026 meetings)."""
    newest = pages[max(pages)]
    assert "the next: " in newest and "September 4, 2026" in newest


def _weekly_yields() -> dict[str, tuple[float, float]]:
    with FIXTURE.open(encoding="utf-8") as handle:
        return {
            row["week_end"]: (float(row["DGS2"]), float(row["DGS10"]))
            for row in csv.DictReader(handle)
        }


@pytest.mark.parametrize("slug", ["2025-12-12", "2024-11-22", "2026-08-21"])
def test_the_rates_table_has_the_yields_and_their_change_in_basis_points(pages, slug):
    yields = _weekly_yields()
    weeks = sorted(yields)
    now, before = yields[slug], yields[weeks[weeks.index(slug) - 1]]
    page = pages[slug]
    for name, i in (("2-year Treasury yield", 0), ("10-year Treasury yield", 1)):
        bp = round((now[i] - before[i]) * 100)
        row = re.search(rf"^\| {name} \| (.*?) \| (.*?) \|$", page, re.M)
        assert row is not None, name
        assert row.group(1) == f"{now[i]:.2f}%"
        sign = "+" if bp > 0 else "−" if bp < 0 else ""
        assert plain(row.group(2)).split()[-2:] == [f"{sign}{abs(bp)}", "bp"], row.group(2)
    spread = re.search(r"^\| 10-year minus 2-year spread \| (.*?) \|", page, re.M)
    assert spread is not None and spread.group(1) == f"{now[1] - now[0]:.2f}%"


def test_the_fed_takeaway_is_only_on_decision_weeks(pages):
    """The sample's last cut took effect 2025-12-11 (decided 12-10): that week says so; the
    week after does not repeat the range as a takeaway."""
    cut, after = pages["2025-12-12"], pages["2025-12-19"]
    takeaways = re.search(r'<ul class="mw-takeaways">(.*?)</ul>', after, re.S).group(1)  # type: ignore[union-attr]
    assert "The Fed cut its target range to 3.50–3.75% (from 3.75–4.00%)." in cut
    assert "Fed" not in takeaways


def test_data_only_weeks_say_so_instead_of_a_byline(pages):
    written = {p.stem for p in (REPO / "content" / "weeks").glob("*.md")}
    for slug, page in pages.items():
        if slug in written:
            assert re.search(r"^By ", page, re.M), slug
        else:
            assert "A data-only issue" in page and not re.search(r"^By ", page, re.M), slug


def test_a_spread_that_rounds_to_nothing_is_neutral():
    assert "mw-flat" in spread_points(0.04) and "▬" in spread_points(-0.04)
    assert "mw-up" in spread_points(0.06) and "mw-down" in spread_points(-0.06)


def test_the_ten_year_chart_draws_the_real_yields(pages):
    """The newest week's 10-year chart: one point a week from the rotation window's first
    week, each the fixture's DGS10 of that week end."""
    yields = _weekly_yields()
    newest = max(pages)
    page = pages[newest]
    assert 'data-spec-url="ten_year.json"' in page
    caption = re.search(r"The 10-year Treasury yield ended the week at ([\d.]+)%", plain(page))
    assert caption is not None and caption.group(1) == f"{yields[newest][1]:.2f}"


def test_a_rate_given_twice_on_a_day_is_refused_at_its_line(tmp_path):
    from generator.errors import DataError
    from generator.load.data import load_rates

    path = make_project(tmp_path) / "content" / "data" / "rates.csv"
    path.write_text("date,series,value\n2025-12-12,DGS10,4.19\n2025-12-12,DGS10,4.20\n")
    with pytest.raises(DataError) as caught:
        load_rates(path)
    assert str(caught.value).endswith(
        "rates.csv:3: DGS10 on 2025-12-12 is also on line 2 — keep one of the two"
    )
