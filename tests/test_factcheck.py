"""Typed numbers and claims checked against the data, at the author's line.

Expected values come from the CSV files by hand: the sample's RUT closed at 2,590.61 on
2025-12-11 (its record) and 2,559.61 on 2025-12-10; the tiny fixture's figures are listed at
the top of tests/fixtures/claims/corpus.yaml.
"""

from datetime import date
from pathlib import Path

import pytest
from projects import make_project, run

from generator.errors import Warnings
from generator.facts import when
from generator.facts.claims import Claim
from generator.facts.factcheck import agrees, check_commentary, explain_commentary
from generator.facts.names import names
from generator.facts.prose_text import clean
from generator.load.commentary import load_commentary
from generator.load.data import load_data, load_universe
from generator.model import Commentary, Security

TINY_DATA = Path(__file__).parent / "fixtures" / "tiny" / "content" / "data"


def commentary(body: str, week: date = date(2025, 12, 19)) -> Commentary:
    return Commentary(Path("weeks/2025-12-19.md"), week, "", (), "", (), False, body, 6)


@pytest.fixture(scope="module")
def tiny():
    return load_data(TINY_DATA)


def tiny_check(body: str, tiny) -> list[str]:
    return check_commentary(commentary(body, date(2025, 12, 12)), tiny)


# ─── typed levels (the checks that came first) ──────────────────────────────────────────────


def test_the_record_put_on_the_wrong_date_is_caught(sample):
    body = "A calm week.\nThe record close of 2,590.61 on December 18 still stands.\n"
    assert check_commentary(commentary(body), sample[1]) == [
        "weeks/2025-12-19.md:7: 2,590.61 was the RUT close on 2025-12-11, not on 2025-12-18"
        ' — fix the date, or let the data write it: {{ record_date("RUT") }}'
    ]


def test_a_level_that_is_no_close_is_caught(sample):
    problems = check_commentary(commentary("The S&P 500 at 6,901.01.\n"), sample[1])
    assert len(problems) == 1 and "6,901.01 matches no close on or before 2025-12-19" in problems[0]


def test_true_statements_and_non_levels_pass(sample):
    body = (
        "It closed at 2,590.61 on December 11, a gain of 12.39% since November 20.\n"
        'The range is 3.50–3.75%; {{ close("RUT") }} is computed, 44.5 pp is a spread.\n'
    )
    assert check_commentary(commentary(body), sample[1]) == []


def test_later_closes_are_not_known_yet(sample):
    body = "On the 31st it closed at 2,481.91.\n"
    assert check_commentary(commentary(body), sample[1])  # 2025-12-31 is after the week


@pytest.mark.parametrize("written", ["Dec. 11", "Thursday", "12/11", "December 11, 2025"])
def test_dates_as_authors_write_them(sample, written):
    body = f"The Russell 2000 closed at 2,590.61 on {written}.\n"
    week = date(2025, 12, 12)  # Thursday of that week is December 11
    assert check_commentary(commentary(body, week), sample[1]) == []
    wrong = body.replace("2,590.61", "2,559.61")  # the close of December 10
    assert check_commentary(commentary(wrong, week), sample[1])


# ─── the shipped sample stays silent ────────────────────────────────────────────────────────


def test_the_sample_commentary_is_clean(sample):
    config = sample[0]
    weeks = {w.end for w in sample[2]}
    items = load_commentary(config.weeks_dir, weeks, Warnings()).values()
    assert len(items) == 6
    for item in items:
        assert check_commentary(item, sample[1]) == [], item.path


def test_the_sample_commentary_is_read_not_skipped(sample):
    """Silence must come from claims that agree: the 12-12 file's Fed cut, its date, the
    third cut and the sector ranks are read and agree."""
    config = sample[0]
    items = load_commentary(config.weeks_dir, {w.end for w in sample[2]}, Warnings())
    lines = explain_commentary(items[date(2025, 12, 12)], sample[1])
    read = [line for line in lines if ": read " in line]
    assert len(read) >= 6 and all(line.endswith(": agrees") for line in read)
    assert any("3.50–3.75%" in line and "2025-12-11" in line for line in read)
    assert any("technology was the worst" in line for line in read)


# ─── rounding ───────────────────────────────────────────────────────────────────────────────


def claim(number: str, qualifier: str = "") -> Claim:
    return Claim("change", "", 0, number=number, qualifier=qualifier, direction=1)


@pytest.mark.parametrize(
    ("actual", "number", "qualifier", "expected"),
    [
        (12.39, "12", "", True),
        (12.39, "13", "", False),
        (12.39, "12.4", "", True),
        (12.39, "12.3", "", False),
        (2590.61, "2,600", "about", True),
        (2590.61, "2,700", "about", False),
        (2590.61, "2,600", "", True),
        (14.6, "15", "about", True),
        (2.979, "3", "nearly", True),
        (2.979, "5", "nearly", False),
        (5.198, "5", "more than", True),
        (4.7, "5", "more than", True),  # rounds to 5: lenient, a wrong warning costs more
        (4.4, "5", "more than", False),
        (1.07, "2", "less than", True),
    ],
)
def test_rounding_is_respected(actual, number, qualifier, expected):
    assert agrees(actual, claim(number, qualifier)) is expected


def test_about_a_level_agrees_within_its_rounding(sample):
    week = date(2025, 12, 12)
    ok = "The Russell 2000 closed at about 2,600 on December 11.\n"
    assert check_commentary(commentary(ok, week), sample[1]) == []
    wrong = "The Russell 2000 closed at about 2,700 on December 11.\n"
    (warning,) = check_commentary(commentary(wrong, week), sample[1])
    assert "closed at 2,590.61 on 2025-12-11" in warning


# ─── what is not prose is not read ──────────────────────────────────────────────────────────


def test_code_templates_and_html_are_not_read(tiny):
    body = (
        "The Russell 2000 fell `9%` this week.\n\n"
        "```\nThe Russell 2000 fell 9% this week.\n```\n\n"
        '{{ close("RUT") }} and {{ "The Russell 2000 fell 9% this week." }}\n\n'
        "<!-- The Russell 2000 fell 9% this week. -->\n"
    )
    assert tiny_check(body, tiny) == []


def test_clean_keeps_every_line_in_place():
    body = "a `code` b\n```\nx\n```\n{{ close('RUT') }}\n"
    cleaned = clean(body)
    assert cleaned.count("\n") == body.count("\n") and len(cleaned) == len(body)
    assert "code" not in cleaned and "x" not in cleaned and "RUT" not in cleaned


def test_a_false_claim_is_reported_at_its_line_with_the_prose_function(tiny):
    body = "A quiet week.\n\nFor three weeks, small\ncaps rose 3.8% in three weeks.\n"
    (warning,) = tiny_check(body, tiny)
    assert warning.startswith('weeks/2025-12-19.md:9: "For three weeks, small caps rose 3.8%')
    assert "Russell 2000 fell 3.79% over 3 weeks" in warning
    assert warning.endswith('write {{ change("RUT", weeks=3) }} to let the data speak')


# ─── names ──────────────────────────────────────────────────────────────────────────────────


def test_names_resolve_through_the_universe(tiny):
    table = names(tiny.universe)
    text = "small caps, the Nasdaq, financials, tech, MSFT, Microsoft, Citizens Financial"
    found = [m.symbol for m in table.find(text)]
    assert found == ["RUT", "IXIC", "XLF", "XLK", "MSFT", "MSFT", "CFG"]


def test_aliases_are_read_from_universe_csv(tmp_path):
    path = tmp_path / "content" / "data" / "universe.csv"
    path.parent.mkdir(parents=True)
    path.write_text(
        "symbol,name,kind,sector,size,groups,aliases\n"
        "RUT,Russell 2000,index,,,benchmark,the small-cap index|Russ\n"
        "SPX,S&P 500,index,,,benchmark,\n",
        encoding="utf-8",
    )
    universe = load_universe(path)
    assert universe["RUT"].aliases == ("the small-cap index", "Russ")
    assert universe["SPX"].aliases == ()
    table = names(universe)
    assert [m.symbol for m in table.find("Russ beat the small-cap index")] == ["RUT", "RUT"]


def test_a_universe_without_aliases_is_still_valid(tiny):
    assert all(isinstance(s, Security) and s.aliases == () for s in tiny.universe.values())


def test_a_configured_alias_is_used_by_the_check(tmp_path):
    universe = (TINY_DATA / "universe.csv").read_text(encoding="utf-8")
    universe = universe.replace(
        "symbol,name,kind,sector,size,groups", "symbol,name,kind,sector,size,groups,aliases"
    )
    universe = universe.replace(
        "RUT,Russell 2000,index,,,benchmark", "RUT,Russell 2000,index,,,benchmark,Russ"
    )
    root = make_project(tmp_path, {"content/data/universe.csv": universe})
    data = load_data(root / "content" / "data")
    assert check_commentary(commentary("Russ fell 1% this week.", date(2025, 12, 12)), data)


# ─── dates and periods ──────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("December 11", date(2025, 12, 11)),
        ("Dec. 11", date(2025, 12, 11)),
        ("Thursday", date(2025, 12, 11)),
        ("12/11", date(2025, 12, 11)),
        ("2025-12-11", date(2025, 12, 11)),
        ("December 31", date(2024, 12, 31)),  # no later than the page's week
    ],
)
def test_dates_are_read_as_of_the_week(text, expected):
    ((_, day),) = when.find_dates(text, date(2025, 12, 12))
    assert day == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rose 2% this week", when.Period("week")),
        ("fell 3% in three weeks", when.Period("week", 3)),
        ("gained 5% since Nov. 20", when.Period("since", day=date(2025, 11, 20))),
        ("up 15% year to date", when.Period("ytd")),
        ("fell 1% on Thursday", when.Period("day", day=date(2025, 12, 11))),
        ("rose 2% this week and 5% year to date", None),  # two periods: unclear
    ],
)
def test_periods(text, expected):
    assert when.find_period(text, date(2025, 12, 12)) == expected


# ─── the command ────────────────────────────────────────────────────────────────────────────

BODY = (
    "---\ntitle: T\n---\n\nThe Russell 2000 fell 1% this week.\nSmall caps may rise 5% next year.\n"
)


def test_check_warns_explains_and_strict_fails(tmp_path):
    root = make_project(tmp_path, {"content/weeks/2025-12-12.md": BODY})
    plain = run(root, "check")
    assert plain.returncode == 0
    assert 'content/weeks/2025-12-12.md:5: "The Russell 2000 fell 1% this week"' in plain.stderr
    explained = run(root, "check", "--explain")
    assert (
        'content/weeks/2025-12-12.md:5: read "The Russell 2000 fell 1% this week" — compared '
        "with Russell 2000 fell 0.05% this week" in explained.stdout
    )
    assert 'content/weeks/2025-12-12.md:6: not checked: "Small caps may rise' in explained.stdout
    strict = run(root, "check", "--strict")
    assert strict.returncode == 1 and "Traceback" not in strict.stderr


def test_serve_shows_the_warning(tmp_path):
    """``serve`` regenerates through the same warnings path as ``check`` and ``build``."""
    from generator.build import generate
    from generator.config import load_config
    from generator.publish.serve import Pipeline, Preview

    root = make_project(tmp_path, {"content/weeks/2025-12-12.md": BODY})
    said: list[str] = []
    assert Preview(root / "mkdocs.yml", said.append, Pipeline(load_config, generate)).regenerate()
    assert any(
        line.startswith("warning: ") and '"The Russell 2000 fell 1% this week"' in line
        for line in said
    )


# ─── what recaps write (issue 17): each form, on the real closes of the recaps fixture ──────

RECAPS_DATA = Path(__file__).parent / "fixtures" / "claims" / "recaps"


@pytest.fixture(scope="module")
def recaps():
    return load_data(RECAPS_DATA)


def recap_check(body: str, recaps, week: date) -> list[str]:
    return check_commentary(commentary(body, week), recaps)


def test_the_seed_articles_date_written_first_is_caught(recaps):
    body = "On December 18, 2025, the Russell 2000 index closed at an all-time high of 2,590.61.\n"
    level, record = recap_check(body, recaps, date(2025, 12, 19))
    assert level == (
        "weeks/2025-12-19.md:6: 2,590.61 was the RUT close on 2025-12-11, not on 2025-12-18 — "
        'fix the date, or let the data write it: {{ record_date("RUT") }}'
    )
    assert (
        "Russell 2000 closed at 2,507.87 on 2025-12-18, not a record: it had closed at " in record
    )
    assert "2,590.61 on 2025-12-11" in record


@pytest.mark.parametrize(
    ("week", "false", "true"),
    [
        (  # a run: +1.16% Friday to Friday; +12.39% to the Thursday of the record
            date(2025, 12, 19),
            "Small caps capped a 12% rally in three weeks.",
            "The Russell 2000 has logged a 1.2% gain over the past three weeks.",
        ),
        (
            date(2025, 12, 12),
            "The Russell 2000 rose 3.5% in three sessions to Thursday's record.",
            "On Thursday the Russell 2000 hit a record, capping a 12% rally in three weeks.",
        ),
        (  # the size of a rate move (25 bp on 2025-12-10, 50 bp on 2024-09-18)
            date(2025, 12, 12),
            "The Fed cut rates by half a point on Wednesday.",
            "The Fed cut rates by 50 basis points in September 2024.",
        ),
        (  # thresholds
            date(2025, 12, 12),
            "The Russell 2000 closed above 2,600 for the first time.",
            "The S&P 500 topped 6,900 on Thursday.",
        ),
        (
            date(2026, 1, 16),
            "The Russell 2000 closed above 2,600 for the first time.",
            "The Russell 2000 closed above 2,650 for the first time.",
        ),
        (  # a record without a number (the Nasdaq's stands from 2025-10-31)
            date(2025, 12, 12),
            "The Nasdaq closed at a record high on Thursday.",
            "The S&P 500 and the Russell 2000 closed at records on Thursday.",
        ),
        (  # two indices compared, without a figure
            date(2025, 12, 12),
            "The Nasdaq outperformed the Russell 2000 this week.",
            "The Nasdaq trailed the S&P 500 this week.",
        ),
        (  # best and worst weeks since
            date(2025, 12, 12),
            "The Russell 2000 posted its best week since October.",
            "The Nasdaq had its worst week since November 21.",
        ),
        (  # year to date
            date(2025, 12, 12),
            "The Russell 2000, up 12.3% YTD, lagged.",
            "The S&P 500's 16.1% year-to-date gain trails the Nasdaq's.",
        ),
    ],
)
def test_each_recap_form_is_read(recaps, week, false, true):
    assert recap_check(false, recaps, week)
    assert recap_check(true, recaps, week) == []


def test_a_record_the_data_cannot_settle_is_not_flagged(recaps):
    """Apple's 278.85 is the highest close in the data, and sources.csv gives no record from
    before them: "record" can be neither confirmed nor refuted."""
    body = "Apple closed at a record high on Friday.\n"
    assert recap_check(body, recaps, date(2025, 11, 28)) == []
    (line,) = [
        x for x in explain_commentary(commentary(body, date(2025, 11, 28)), recaps) if ": read" in x
    ]
    assert line.endswith("cannot tell") and "sources.csv gives no record" in line


def test_a_record_below_the_one_sources_csv_gives_is_no_record(recaps):
    body = "The S&P 500 closed at a record high on Friday.\n"
    (warning,) = recap_check(body, recaps, date(2024, 1, 12))
    assert "below its record close of 4,796.56 on 2022-01-03 (sources.csv)" in warning
    assert recap_check(body, recaps, date(2024, 1, 19)) == []
