from dataclasses import replace
from datetime import date

import pytest
from projects import report_for

from generator.facts import narrative
from generator.facts import panel as compute
from generator.load.selection import history_weeks
from generator.model import Move, Target, TargetGap


def test_takeaways_state_the_week_in_prose(sample):
    report = report_for(sample, "2025-12-12")
    lines = narrative.takeaways(report, sample[0], sample[3].names)
    assert 3 <= len(lines) <= 5
    assert lines[0].startswith("On the week, the Russell 2000 rose 1.2% to 2,551.46")
    # sources.csv gives the 2021 record (2,442.74): the 2,590.61 of December 11 beat it.
    # 1 − 2,551.46 / 2,590.61 = 1.51%
    assert lines[2] == (
        "The Russell 2000 reached 2,590.61 on December 11, 2025, a record close, "
        "and ended the week 1.5% below it."
    )


def _without_prior(sample):
    """The sample as if sources.csv gave no record from before the data."""
    config, data, weeks, _ = sample
    data = replace(data, prior_highs={})
    return (
        config,
        data,
        weeks,
        compute.make_panel(data, config, weeks, history_weeks(data, config, weeks)),
    )


def test_without_a_known_record_a_high_is_ours_alone(sample):
    """2024-06-28 without sources.csv's prior record: 2,124.55 (March 28, 2024) is the highest
    close in our data, which begin January 3, 2023 — never a record, never "since" that day.
    (The highest RUT week-end close of tests/fixtures/weekly-closes.csv to 2024-06-28; the
    sample's days between week ends never reach it.) 1 − 2,047.69 / 2,124.55 = 3.62%."""
    plain = _without_prior(sample)
    report = report_for(plain, "2024-06-28")
    assert report.takeaways[2] == (
        "The Russell 2000 ended 3.6% below 2,124.55 (on March 28, 2024), "
        "its highest close in our data, which begin January 3, 2023."
    )
    assert not any("record" in line for line in report.takeaways + report.changes)
    high = report_for(plain, "2025-12-12")
    assert high.takeaways[2] == (
        "The Russell 2000 reached 2,590.61 on December 11, 2025, its highest close in our "
        "data, which begin January 3, 2023, and ended the week 1.5% below it."
    )


def test_the_index_line_carries_its_context(sample):
    """2024-06-28: the S&P 500 rose in each of the three weeks before (June 7 to June 21) and
    fell 0.1% to 5,460.48 (real week-end closes, tests/fixtures/weekly-closes.csv: 5,277.51,
    5,346.99, 5,431.60, 5,464.62, 5,460.48)."""
    report = report_for(sample, "2024-06-28")
    assert "fell 0.1% to 5,460.48 (its first weekly loss in 4 weeks)" in report.takeaways[0]


def test_what_changed_names_rank_moves_and_gaps(sample):
    now, before = report_for(sample, "2025-12-12"), report_for(sample, "2025-12-05")
    lines = narrative.what_changed(now, before)
    assert any("among sectors" in line for line in lines)
    highs = next(line for line in lines if line.startswith("New highs this week"))
    assert "record closes: Russell 2000" in highs


def test_a_new_target_is_announced():
    target = Target("Firm", "SPX", None, "base", 7600.0, None, "")
    sector = (Move("XLK", "Tech", "Information Technology", "", 0.01),)
    blank = dict(sectors=sector, new_highs=(), targets=())
    now = replace(_empty(), **{**blank, "targets": (TargetGap(target, 6800.0, 7600 / 6800 - 1),)})
    lines = narrative.what_changed(now, replace(_empty(), **blank))
    assert "New: Firm's 7,600 target (base), 11.8% above the close." in lines


def test_a_firm_ending_in_s_takes_an_apostrophe_alone():
    target = Target("Goldman Sachs", "SPX", None, "base", 7600.0, None, "")
    old, new = (TargetGap(target, close, 7600 / close - 1) for close in (6800.0, 6900.0))
    before = replace(_empty(), sectors=(), new_highs=(), targets=(old,))
    now = replace(_empty(), sectors=(), new_highs=(), targets=(new,))
    line = narrative.what_changed(now, before)[-1]
    # 7600 / 6800 - 1 = 11.76%; 7600 / 6900 - 1 = 10.14%
    assert line == (
        "The gain still needed to reach Goldman Sachs' 7,600 target narrowed from 11.8% to 10.1%."
    )


def test_passing_a_target_is_said_as_such():
    target = Target("Firm", "SPX", None, "base", 7600.0, None, "")
    old, new = (TargetGap(target, close, 7600 / close - 1) for close in (7500.0, 7700.0))
    before = replace(_empty(), sectors=(), new_highs=(), targets=(old,))
    now = replace(_empty(), sectors=(), new_highs=(), targets=(new,))
    # 7600 / 7700 - 1 = -1.30%: the target is now below the close
    assert narrative.what_changed(now, before)[-1] == (
        "The index moved above Firm's 7,600 target; it is now 1.3% away."
    )


def _empty():
    from generator.model import Coverage, RecordInfo, Standing, Week, WeekReport

    day = date(2025, 12, 12)
    close = Standing("RUT", 1.0, day, 1.0, day, None, 0, Coverage("RUT", day, day))
    return WeekReport(
        week=Week(day, (date(2025, 12, 8),)),
        previous=None,
        next=None,
        scoreboard=(),
        spread=None,
        spread_wider_on=None,
        spread_first=None,
        record=RecordInfo(close, close, False),
        fed_funds=None,
        events=(),
        events_ahead=(),
        sectors=(),
        sectors_last=None,
        leaders=(),
        laggards=(),
        targets=(),
        takeaways=(),
        breadth=None,
        new_highs=(),
        changes=(),
        series={},
        commentary=None,
    )


# The sample's sources.csv gives the Russell 2000's true record close before its data
# (docs/figures.md): 2,442.74 on November 8, 2021.


@pytest.mark.parametrize(
    ("slug", "line"),
    [
        # 2,250.06 (May 28, 2024) is below the 2021 record: 1 − 2,047.69 / 2,442.74 = 16.2%
        (
            "2024-06-28",
            "The Russell 2000 ended 16.2% below its record close of 2,442.74 "
            "(on November 8, 2021).",
        ),
        # 1 − 2,529.43 / 2,590.61 = 2.4%
        (
            "2025-12-19",
            "The Russell 2000 ended 2.4% below its record close of 2,590.61 "
            "(on December 11, 2025).",
        ),
    ],
)
def test_a_configured_prior_record_makes_a_record_a_record(sample, slug, line):
    told = report_for(sample, slug)
    assert told.takeaways[2] == line


def test_a_firms_targets_on_two_indices_and_two_years_are_each_compared_with_their_own():
    """Goldman Sachs with a 2026 target on the S&P 500 and on the Russell 2000, and a 2025
    one on the S&P 500: each gap is compared with the same target's gap the week before,
    and each sentence names its index (the words said 'the index' and paired the S&P 500's
    close with the Russell 2000's target: 'widened from 1.1% to 71.1%')."""
    spx_26 = Target("Goldman Sachs", "SPX", date(2026, 12, 31), "base", 6950.0, None, "")
    spx_25 = Target("Goldman Sachs", "SPX", date(2025, 12, 31), "base", 7000.0, None, "")
    rut_26 = Target("Goldman Sachs", "RUT", date(2026, 12, 31), "base", 2000.0, None, "")

    def gaps(spx: float, rut: float) -> tuple[TargetGap, ...]:
        return tuple(
            TargetGap(t, close, t.target / close - 1)
            for t, close in ((spx_26, spx), (spx_25, spx), (rut_26, rut))
        )

    before = replace(_empty(), sectors=(), new_highs=(), targets=gaps(7030.0, 2590.0))
    now = replace(_empty(), sectors=(), new_highs=(), targets=gaps(6919.4, 2529.52))
    names = {"SPX": "S&P 500", "RUT": "Russell 2000"}
    # 6950/7030-1 = -1.14% (a lead), 6950/6919.4-1 = +0.44% (a gain needed): passed, downwards
    # 7000/7030-1 = -0.43%, 7000/6919.4-1 = +1.16%: passed too
    # 2000/2590-1 = -22.78%, 2000/2529.52-1 = -20.93%: the lead narrowed
    assert narrative.what_changed(now, before, names)[-3:] == (
        "The S&P 500 moved below Goldman Sachs' 6,950 target; it is now 0.4% away.",
        "The S&P 500 moved below Goldman Sachs' 7,000 target; it is now 1.2% away.",
        "The Russell 2000's lead over Goldman Sachs' 2,000 target narrowed from 22.8% to 20.9%.",
    )
