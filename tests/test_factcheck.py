"""Typed numbers checked against the data, at the author's line."""

from datetime import date
from pathlib import Path

from generator.facts.factcheck import check_commentary
from generator.model import Commentary


def commentary(body: str, week: date = date(2025, 12, 19)) -> Commentary:
    return Commentary(Path("weeks/2025-12-19.md"), week, "", (), "", (), False, body, 6)


def test_the_record_put_on_the_wrong_date_is_caught(sample):
    body = "A calm week.\nThe record close of 2,590.61 on December 18 still stands.\n"
    assert check_commentary(commentary(body), sample[1].closes) == [
        "weeks/2025-12-19.md:7: 2,590.61 was the RUT close on 2025-12-11, not on 2025-12-18"
        ' — fix the date, or let the data write it: {{ record_date("RUT") }}'
    ]


def test_a_level_that_is_no_close_is_caught(sample):
    problems = check_commentary(commentary("The S&P 500 at 6,901.01.\n"), sample[1].closes)
    assert len(problems) == 1 and "6,901.01 matches no close on or before 2025-12-19" in problems[0]


def test_true_statements_and_non_levels_pass(sample):
    body = (
        "It closed at 2,590.61 on December 11, a gain of 12.39% since November 20.\n"
        'The range is 3.50–3.75%; {{ close("RUT") }} is computed, 44.5 pp is a spread.\n'
    )
    assert check_commentary(commentary(body), sample[1].closes) == []


def test_later_closes_are_not_known_yet(sample):
    body = "On the 31st it closed at 2,481.91.\n"
    assert check_commentary(commentary(body), sample[1].closes)  # 2025-12-31 is after the week


def test_the_sample_commentary_is_clean(sample):
    config = sample[0]
    from generator.errors import Warnings
    from generator.load.commentary import load_commentary

    weeks = {w.end for w in sample[2]}
    for item in load_commentary(config.weeks_dir, weeks, Warnings()).values():
        assert check_commentary(item, sample[1].closes) == [], item.path
