"""The search index of the tiny project: a reader still finds the week by what it is about, and
the boilerplate repeated on every week page (source lines, the as-of stamp, previous/next
links, feed links, data-only sections) stays out of the index so it stays small.

Queries are matched as Material's search worker does with the index's own settings: the text is
split at the index's ``separator``, lowercased, trimmed of leading and trailing non-word
characters when its ``pipeline`` has lunr's trimmer, and a query word matches a word it starts.
A week is found when one of its page's entries matches every word of the query (stricter than
Material, which also lists pages that match only some).

Expected hits, from the fixture's files: four weeks, 2025-11-21 (the first: no weekly change,
so no leaders table and no sectors) to 2025-12-12 (the only commentary: title "A tiny week",
author Test Author, "Target gap" in its body). RUT 2,218.09 → 2,217.00 (−0.05%) and SPX
6,893.63 → 7,019.35 (+1.82%) in that week: small caps lagged by 1.9 points; 1.9 is no other
week's spread (11-28: −2.32% against +1.58%; 12-05: −1.46% against +0.80%).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from projects import make_project, project_config

from generator.build import build
from generator.errors import Warnings

WEEKS = ("2025-11-21", "2025-11-28", "2025-12-05", "2025-12-12")
WITH_CHANGES = WEEKS[1:]  # the first week has no week before it


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = make_project(tmp_path_factory.mktemp("search"))
    build(project_config(root), Warnings())
    return json.loads((root / "site/search/search_index.json").read_text(encoding="utf-8"))


def words(text: str, config: dict[str, Any]) -> list[str]:
    """Material's tokens: tags apart, split at the separator, lowercased, maybe trimmed."""
    found = []
    for part in re.split(r"<[^>]*>", text):
        for word in re.split(config["separator"], part):
            word = word.lower()
            if "trimmer" in config["pipeline"]:
                word = re.sub(r"^[^A-Za-z0-9_]+|[^A-Za-z0-9_]+$", "", word)
            if word:
                found.append(word)
    return found


def weeks_found(index: dict[str, Any], query: str) -> set[str]:
    """The week slugs whose page has an entry matching every word of ``query``."""
    config = index["config"]
    wanted = words(query, config)
    hits = set()
    for doc in index["docs"]:
        page = re.fullmatch(r"weeks/(\d{4}-\d{2}-\d{2})/(#.*)?", doc["location"])
        have = words(doc["title"] + " " + doc["text"], config)
        if page and all(any(w.startswith(q) for w in have) for q in wanted):
            hits.add(page.group(1))
    return hits


def week_docs(index: dict[str, Any]) -> list[dict[str, str]]:
    return [d for d in index["docs"] if re.match(r"weeks/\d{4}-", d["location"])]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("A tiny week", {"2025-12-12"}),  # the headline; "Tiny fixture data." is boilerplate
        ("Test Author", {"2025-12-12"}),  # the byline; the other weeks are by the Tiny Desk
        ("Tiny Desk", set()),  # data-only weeks have no byline; they say so instead
        ("Target gap", {"2025-12-12"}),  # the commentary
        ("lagged 1.9 percentage points", {"2025-12-12"}),  # a takeaway
        # the leaders tables are data, not text to search (a flattened table makes a poor
        # snippet): a company is found where words name it
        ("Citizens Financial", set()),
        ("Microsoft", set()),
        ("Financials", set(WITH_CHANGES)),  # a sector
        ("Information Technology", set(WITH_CHANGES)),
        # the next event (Nov 21, 28), the week ahead (Dec 5), then the week itself (Dec 12)
        ("FOMC", set(WEEKS)),
        ("cuts", {"2025-12-12"}),  # the event's label, on its own week only
    ],
)
def test_a_reader_finds_the_week(index: dict[str, Any], query: str, expected: set[str]) -> None:
    assert weeks_found(index, query) == expected


@pytest.mark.parametrize("ticker", ["CFG", "MSFT", "AAPL"])
def test_tickers_in_tables_are_left_out(index: dict[str, Any], ticker: str) -> None:
    """`Citizens Financial Group (CFG)` in the leaders table: the table is not indexed."""
    assert weeks_found(index, ticker) == set()


@pytest.mark.parametrize(
    "caption",
    [
        "Source:",  # every chart's and table's source line
        "Data (CSV)",
        "relative strength",  # the rotation chart's summary, in no takeaway
        "led the sectors this week",  # the sector chart's, a takeaway's words again
    ],
)
def test_chart_captions_stay_out_of_the_week_pages(index: dict[str, Any], caption: str) -> None:
    assert [d["location"] for d in week_docs(index) if caption in d["text"]] == []


@pytest.mark.parametrize(
    "boilerplate",
    [
        "As of the close",  # the stamp: the title has the date
        "Tiny fixture data.",  # the data note, in that stamp
        "Follow every issue",  # the feed links
        "not investment advice",  # the disclaimer
        "← Week ending",  # previous/next links
        "Week ending Dec 5, 2025 →",
        "At their highest close since",  # what changed: a list of names that can run long
        "Example Bank",  # the outlook targets: a table and charts
        "(targets published on or before this week)",  # their source line
    ],
)
def test_boilerplate_stays_out_of_the_week_pages(index: dict[str, Any], boilerplate: str) -> None:
    assert [d["location"] for d in week_docs(index) if boilerplate in d["text"]] == []


def test_data_only_sections_are_not_indexed(index: dict[str, Any]) -> None:
    sections = {d["location"].partition("#")[2] for d in week_docs(index)}
    assert sections == {
        "",  # the headline and byline
        "takeaways",
        "commentary",
        "rates-and-the-calendar",  # the week's events (its headings repeat; its events don't)
    }


def test_the_home_page_and_the_archive_are_indexed(index: dict[str, Any]) -> None:
    locations = {d["location"] for d in index["docs"]}
    assert "" in locations and "weeks/" in locations


def test_every_week_page_is_indexed_once(index: dict[str, Any]) -> None:
    pages = {d["location"].partition("#")[0] for d in week_docs(index)}
    assert pages == {f"weeks/{slug}/" for slug in WEEKS}


def test_source_folder_is_not_in_the_index(index: dict[str, Any]) -> None:
    """Not a path of our staging folder or of the project anywhere in the text."""
    text = json.dumps(index)
    assert ".marketweek" not in text and str(Path.cwd()) not in text
