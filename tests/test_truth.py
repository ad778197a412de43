"""Every sentence true on the data it has: the generator audited on the sample and on a project
shaped like real exports (``tests/world.py``).

Each sentence the generator writes on a week page is re-derived from the raw files with pandas
(``tests/audit.py``, which shares no code with the generator) and read by the fact-checker as
if an author had written it: zero disagreements either way.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from audit import Page, Truth, generated
from projects import REPO, make_project, project_config
from world import RUT_PRIOR, write_world

from generator.build import generate
from generator.errors import Warnings
from generator.facts import factcheck
from generator.load import data as data_files
from generator.model import Commentary


def _pages(root: Path) -> tuple[list[Page], Path]:
    config = project_config(root)
    tree = generate(config, Warnings(), static_images=False)
    documents = {d.path: d.content for d in tree.documents if isinstance(d.content, str)}
    return generated(documents), config.data_dir


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return _pages(write_world(tmp_path_factory.mktemp("world") / "project"))


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory):
    return _pages(make_project(tmp_path_factory.mktemp("sample"), source=REPO))


@pytest.mark.parametrize("project", ["world", "sample_project"])
def test_every_generated_sentence_agrees_with_the_raw_files(project, request):
    pages, data = request.getfixturevalue(project)
    truth = Truth(data)
    disagreements = [problem for page in pages for problem in truth.judge(page)]
    sentences = sum(len(page.sentences) for page in pages)
    print(f"{project}: {len(pages)} pages, {sentences} sentences, {len(disagreements)} disagree")
    assert len(pages) > 30 and sentences > 500
    assert disagreements == []


@pytest.mark.parametrize("project", ["world", "sample_project"])
def test_the_fact_checker_finds_nothing_false_in_what_the_generator_wrote(project, request):
    """Each page's sentences, read by the checker as a commentary of that week."""
    pages, folder = request.getfixturevalue(project)
    data = data_files.load_data(folder)
    warnings = []
    for page in pages:
        body = "\n\n".join(s for s in page.sentences if s) + "\n"
        item = Commentary(folder / f"{page.slug}.md", page.end, "", (), "", (), False, body, 1)
        warnings += factcheck.check_commentary(item, data)
    assert warnings == []


# ─── the audit can fail: false sentences planted in a page ─────────────────────────────────


def _page(slug: str, **fields: object) -> Page:
    blank: dict[str, object] = dict(
        headline="", takeaways=(), changes=(), captions=(), scoreboard=(), leaders=(),
        laggards=(), notes=(), breadth="",
    )  # fmt: skip
    return Page(slug, **{**blank, **fields})  # type: ignore[arg-type]


def _close(truth: Truth, name: str, day: str) -> str:
    return f"{truth.week_close(name, date.fromisoformat(day)):,.2f}"


@pytest.mark.parametrize(
    "sentence",
    [
        # SPX's data begin in 1990 and nothing says what came before: no record
        "The S&P 500 closed at {SPX}, a record close.",
        # "in our data" with the first date of another symbol's file
        "The Russell 2000 closed at {RUT}, its highest close in our data, which begin "
        "January 2, 1990.",
        "The Russell 2000 lagged the S&P 500 by 9.9 percentage points, the widest margin on "
        "record.",
        "New highs this week — record closes: Regions Financial (RF).",
    ],
)
def test_the_audit_catches_an_overclaim(world, sentence):
    _, data = world
    truth = Truth(data)
    day = "2026-03-27"
    text = sentence.format(
        SPX=_close(truth, "S&P 500", day), RUT=_close(truth, "Russell 2000", day)
    )
    assert list(truth.judge(_page(day, takeaways=(text,))))


def test_the_audit_catches_overlapping_tables_and_wrong_breadth(world):
    _, data = world
    truth = Truth(data)
    assert list(truth.judge(_page("2026-03-27", leaders=("AAPL",), laggards=("AAPL",))))
    wrong = _page("2026-03-27", breadth="4 of the 5 stocks tracked rose this week")
    assert list(truth.judge(wrong))  # IXIC is an index, misfiled as a stock: 4 stocks


# ─── the words, case by case, on the world-shaped project ───────────────────────────────────


def _week(pages: list[Page], slug: str) -> Page:
    return next(p for p in pages if p.slug == slug)


def test_an_index_from_1990_is_never_said_to_be_at_a_record(world):
    pages, _ = world
    text = " ".join(s for p in pages for s in (*p.sentences, *p.scoreboard))
    assert "S&P 500 ★ record close" not in text
    assert "January 2, 1990" in text  # its highs are named as ours, from its own first close
    assert "since January 2, 1990" not in text


def test_a_record_from_sources_csv_makes_the_russell_a_record(world):
    """RUT's 2015 record (1,295.80) is in sources.csv and was passed long ago: its highs are
    record closes; no page calls them "highest in our data"."""
    pages, _ = world
    assert RUT_PRIOR[0] == 1295.80
    text = " ".join(s for p in pages for s in p.sentences)
    assert "Russell 2000 ★ record close" in " ".join(c for p in pages for c in p.scoreboard)
    assert "The Russell 2000 closed at" not in text or "which begin January 4, 2016" not in text


def test_the_basket_begins_with_its_last_member(world):
    """NVDA's data begin 2025-06-02: the basket has no 2025 year-to-date change, and its
    highs are ours from that day."""
    pages, _ = world
    text = " ".join(s for p in pages for s in p.changes)
    assert "Magnificent Seven basket" in text
    assert "highest closes in our data (from June 2, 2025)" in text


def test_sector_data_that_stop_are_said_to_stop(world):
    pages, _ = world
    after = _week(pages, "2026-02-06")
    assert "No sector changes this week: the sector data stop on January 30, 2026." in after.notes


def test_breadth_counts_stocks_only(world):
    """IXIC is misfiled as a stock; as the settings' Nasdaq it is never counted: AAPL, MSFT,
    NVDA and RF are the four stocks."""
    pages, _ = world
    assert all(" of the 4 stocks tracked" in p.breadth for p in pages if p.breadth)


def test_leaders_and_laggards_never_share_a_name(world, sample_project):
    for pages, _ in (world, sample_project):
        for page in pages:
            assert not set(page.leaders) & set(page.laggards), page.slug


@pytest.mark.parametrize(
    "headline",
    [
        "Russell 2000 rises for a ninth straight week",
        "S&P 500 snaps a 12-week winning streak",
        "Russell 2000 slides 9.9%, its biggest weekly drop since January 9, 2026",
    ],
)
def test_the_audit_catches_a_false_headline(world, headline):
    _, data = world
    assert list(Truth(data).judge(_page("2026-03-27", headline=headline)))
