"""The archive a reader scans, the tables' CSV downloads and the week ahead, on the tiny
project. Expected values are worked out by hand from tests/fixtures/tiny/content/data."""

import csv
import io
import re

import pytest
from projects import make_project, project_config

from generator.build import generate
from generator.errors import Warnings


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("archive"))
    docs = generate(project_config(root), Warnings(), static_images=False)
    return {d.path: d.content for d in docs.documents}


def archive_lines(tree):
    return [line for line in tree["weeks/index.md"].splitlines() if line.startswith("- [")]


def test_the_archive_lists_each_week_by_year_newest_first(tree):
    text = tree["weeks/index.md"]
    assert "## 2025 {.mw-archive-year}" in text
    slugs = [re.search(r"\]\((\S+)/index\.md\)", line).group(1) for line in archive_lines(tree)]
    assert slugs == ["2025-12-12", "2025-12-05", "2025-11-28", "2025-11-21"]


def test_each_week_shows_its_headline_and_spread(tree):
    """Spreads, Russell 2000 minus S&P 500 weekly change, in points:
    Dec 12: 2217.00/2218.09 − 1 = −0.049%, 7019.35/6893.63 − 1 = +1.824% → −1.9
    Dec 5:  2218.09/2250.86 − 1 = −1.456%, 6893.63/6838.93 − 1 = +0.800% → −2.3
    Nov 28: 2250.86/2304.36 − 1 = −2.322%, 6838.93/6732.80 − 1 = +1.576% → −3.9
    Nov 21: the first week, no change."""
    lines = archive_lines(tree)
    assert lines[0].startswith("- [Week ending December 12, 2025: A tiny week]")  # the author's
    assert lines[1].startswith(  # −1.5% against +0.8%: the two went different ways
        "- [Week ending December 5, 2025: The Russell 2000 falls 1.5% while the S&amp;P 500 "
        "rises 0.8%]"
    )
    spreads = [re.search(r'class="mw-(?:up|down|flat)">(.) (\S+) pp', line) for line in lines]
    assert [(m.group(1), m.group(2)) for m in spreads[:3]] == [
        ("▼", "−1.9"),
        ("▼", "−2.3"),
        ("▼", "−3.9"),
    ]
    assert spreads[3] is None


def test_weeks_are_filterable_by_their_tags(tree):
    """Dec 12 carries the author's tag "test", large caps ahead, and the FOMC of Dec 10."""
    text = tree["weeks/index.md"]
    first = archive_lines(tree)[0]
    assert '{data-tags="test large-caps-ahead fed-decision"}' in first
    buttons = re.findall(r'<button type="button" data-tag="([^"]*)"', text)
    assert buttons == ["", "fed-decision", "large-caps-ahead", "test"]
    assert '<div class="mw-archive-filter" hidden>' in text  # shown by the script only


def test_tags_from_the_data_are_escaped_text(tmp_path):
    root = make_project(
        tmp_path,
        {
            "content/weeks/2025-12-12.md": (
                "---\ntitle: T\ntags: ['<b>x</b>', 'a\"}b']\n---\n\nBody.\n"
            )
        },
    )
    text = {
        d.path: d.content
        for d in generate(project_config(root), Warnings(), static_images=False).documents
    }["weeks/index.md"]
    assert "<b>x</b>" not in text
    assert 'data-tags="b-x-b a-b ' in text  # slugs: letters, digits and hyphens only


def read_csv(text):
    return list(csv.reader(io.StringIO(text)))


def test_the_scoreboard_has_its_csv(tree):
    rows = read_csv(tree["weeks/2025-12-12/scoreboard.csv"])
    assert rows[0] == [
        "symbol", "name", "close", "week_pct", "four_weeks_pct", "ytd_pct", "52_weeks_pct"
    ]  # fmt: skip
    # 2217.00 / 2218.09 − 1 = −0.049%; 7019.35 / 6893.63 − 1 = +1.824%
    assert rows[1][:4] == ["RUT", "Russell 2000", "2217.0", "-0.05"]
    assert rows[2][:4] == ["SPX", "S&P 500", "7019.35", "1.82"]
    assert 'href="scoreboard.csv" download' in tree["weeks/2025-12-12/index.md"]


def test_the_leaders_and_laggards_have_their_csv(tree):
    """MSFT 518.58/503.58 − 1 = +2.98%, CFG 53.67/53.10 − 1 = +1.07%, AAPL 258.25/264.11 − 1
    = −2.22%. Three stocks: one leads, one lags, and none is in both tables."""
    rows = read_csv(tree["weeks/2025-12-12/leaders.csv"])
    assert rows[1:] == [
        ["leaders", "MSFT", "Microsoft Corporation", "Information Technology", "mega", "2.98"],
        ["laggards", "AAPL", "Apple Inc.", "Information Technology", "mega", "-2.22"],
    ]
    page = tree["weeks/2025-12-12/index.md"]
    assert 'href="leaders.csv" download' in page
    assert "| Leaders |" in page and "| Laggards |" in page


def test_the_week_ahead_lists_next_weeks_events(tree):
    """events.csv: an FOMC decision on Dec 10 and a release on Dec 12, both in the week after
    Dec 5; the decision's outcome is not known on Dec 5, so it is not told."""
    page = tree["weeks/2025-12-05/index.md"]
    ahead = page.split("**The week ahead:**", 1)[1].split("<nav", 1)[0]
    assert "- Dec 10: FOMC rate decision" in ahead
    assert "- Dec 12: Example release" in ahead
    assert "3.50" not in ahead
    last = tree["weeks/2025-12-12/index.md"].split("**The week ahead:**", 1)[1]
    assert last.lstrip().startswith("No events in the data after December 12, 2025.")


def test_chart_source_lines_give_the_as_of_date(tree):
    page = tree["weeks/2025-12-05/index.md"]
    captions = re.findall(r'<span class="mw-source">Source: (.*?)</span>', page)
    assert captions
    for caption in captions:
        assert "closes to December 5, 2025" in caption
        assert "Data (CSV)" in caption


# ─── in a browser (needs archive.js in pages/bundle.py's OURS) ─────────────────────────────


def test_the_tag_filter_shows_only_weeks_with_the_tag(built_site, page_watch):
    watched = page_watch(width=390, height=844)
    page = watched.page
    page.goto(built_site.page_url("weeks/"))
    page.wait_for_selector(".mw-archive-filter:not([hidden])")
    every = page.locator(".mw-archive li:visible").count()
    assert every == len(list((built_site.site / "weeks").glob("20*/index.html")))
    page.click('.mw-archive-filter button[data-tag="targets"]')
    tagged = page.locator(".mw-archive li:visible")
    assert 0 < tagged.count() < every
    for i in range(tagged.count()):
        assert "targets" in tagged.nth(i).locator("[data-tags]").get_attribute("data-tags").split()
    count = tagged.count()
    assert page.inner_text(".mw-archive-count") == f"{count} week{'' if count == 1 else 's'}"
    page.click('.mw-archive-filter button[data-tag=""]')
    assert page.locator(".mw-archive li:visible").count() == every
    watched.assert_clean()
