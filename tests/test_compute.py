"""Analytics pinned to figures worked out by hand from docs/figures.md."""

from datetime import date

import pandas as pd
import pytest
from projects import report_for

from generator.facts import panel as compute


def test_rut_week_ending_2025_12_12(sample):
    quote = report_for(sample, "2025-12-12").scoreboard[0]
    assert quote.symbol == "RUT"
    assert quote.close == 2551.46
    assert quote.week == pytest.approx(2551.46 / 2521.48 - 1)
    assert f"{quote.week:+.2%}" == "+1.19%"


def test_rut_three_week_rally_to_the_record(sample):
    daily = sample[3].daily["RUT"]
    gain = daily[pd.Timestamp("2025-12-11")] / daily[pd.Timestamp("2025-11-20")] - 1
    assert f"{gain:+.2%}" == "+12.39%"


def test_record_close_on_2025_12_11(sample):
    record = report_for(sample, "2025-12-12").record
    high = record.week_high
    assert (high.close, high.day, record.new_this_week) == (2590.61, date(2025, 12, 11), True)
    assert record.close.close == 2551.46 and record.close.higher_on == date(2025, 12, 11)
    later = report_for(sample, "2025-12-19").record
    assert later.close.high_day == date(2025, 12, 11) and not later.new_this_week
    assert 1 - later.close.close / later.close.high == pytest.approx(1 - 2529.43 / 2590.61)


def test_fed_funds_range_after_the_third_cut(sample):
    ranges = sample[1].fed_funds
    before = compute.fed_funds_on(ranges, date(2025, 12, 10))
    after = compute.fed_funds_on(ranges, date(2025, 12, 11))
    assert (before.lower, before.upper) == (3.75, 4.00)
    assert (after.lower, after.upper) == (3.50, 3.75)
    assert report_for(sample, "2025-12-12").fed_funds == after


def test_sector_ranking_for_the_week_ending_2025_12_12(sample):
    sectors = report_for(sample, "2025-12-12").sectors
    assert [m.symbol for m in sectors[:3]] == ["XLB", "XLF", "XLI"]
    assert sectors[-1].symbol == "XLK"
    assert f"{sectors[-1].change:+.2%}" == "-1.98%"


def test_spread_is_small_minus_large_in_points(sample):
    report = report_for(sample, "2025-12-12")
    spx = 6827.41 / 6870.40 - 1
    assert report.spread == pytest.approx(100 * ((2551.46 / 2521.48 - 1) - spx))


def test_the_last_week_with_a_wider_spread():
    weeks = pd.to_datetime(["2025-01-03", "2025-01-10", "2025-01-17"])
    assert compute.wider_on(pd.Series([3.0, 1.0, 2.0], weeks)) == date(2025, 1, 3)
    assert compute.wider_on(pd.Series([1.0, 2.5, 2.0], weeks)) == date(2025, 1, 10)
    assert compute.wider_on(pd.Series([1.0, 2.0], weeks[:2])) is None
    assert compute.wider_on(pd.Series([-3.0, -1.0, -2.0], weeks)) == date(2025, 1, 3)
    assert compute.wider_on(pd.Series([3.0, -1.0, -2.0], weeks)) is None


def test_relative_strength_is_rebased_to_100():
    weekly = pd.DataFrame({"A": [10.0, 12.0], "B": [20.0, 20.0]})
    assert list(compute.relative_strength(weekly, "A", "B")) == [100.0, 120.0]


def test_basket_is_equal_weighted_from_daily_returns():
    closes = pd.DataFrame({"A": [100.0, 110.0, 121.0], "B": [50.0, 50.0, 45.0]})
    basket = compute.basket_index(closes, ["A", "B"])
    assert list(basket.round(4)) == [100.0, 105.0, 105.0]


def test_a_basket_begins_at_its_last_members_first_close():
    """B's data begin on the second day: the basket has no value before it (so no year to
    date from a day it did not exist), and starts at 100 there."""
    closes = pd.DataFrame({"A": [100.0, 110.0, 121.0], "B": [None, 50.0, 45.0]})
    basket = compute.basket_index(closes, ["A", "B"])
    assert pd.isna(basket.iloc[0])
    assert list(basket.iloc[1:].round(4)) == [100.0, 100.0]  # (+10% − 10%) / 2


def test_targets_published_later_are_not_shown(sample):
    firms = {g.target.firm for g in report_for(sample, "2025-11-21").targets}
    assert firms == {"Morgan Stanley"}  # Goldman Sachs published 2025-11-24
    gaps = {g.target.firm: g for g in report_for(sample, "2025-12-19").targets}
    assert gaps["Goldman Sachs"].gap == pytest.approx(7600 / 6834.50 - 1)


def test_a_target_past_its_horizon_is_not_shown(sample):
    """The 2026 year-end targets stand through 2026-12-31 and are gone the day after."""
    from dataclasses import replace

    _, data, _, panel = sample
    standing = compute.target_gaps(panel, data, date(2025, 12, 26))
    assert {g.target.firm for g in standing} == {
        "Morgan Stanley",
        "Goldman Sachs",
        "Street bull case",
    }
    expired = replace(
        data, targets=tuple(replace(t, horizon=date(2025, 12, 19)) for t in data.targets)
    )
    assert compute.target_gaps(panel, expired, date(2025, 12, 19)) != ()
    assert compute.target_gaps(panel, expired, date(2025, 12, 26)) == ()


def test_breadth_counts_the_universe_stocks(sample):
    _, data, _, panel = sample
    breadth = report_for(sample, "2025-12-12").breadth
    stocks = compute.stock_symbols(data)
    changes = panel.week_change.loc[pd.Timestamp("2025-12-12"), stocks]
    assert breadth.stocks == len(stocks)
    assert breadth.up == pytest.approx((changes > 0).mean())
    assert 0 <= breadth.above_50_day <= 1


def test_breadth_of_each_week_counts_the_stocks_with_a_change_that_week(sample):
    """Counted for every week at once; each week's figures are its own row's."""
    config, data, weeks, panel = sample
    stocks = compute.stock_symbols(data, config)
    for week in weeks:
        row = pd.Timestamp(week.end)
        changes = panel.week_change.loc[row, stocks].dropna()
        above = panel.above_50.loc[row, stocks].dropna()
        found = compute.breadth(panel, data, config, week.end)
        if changes.empty or above.empty:
            assert found is None
            continue
        assert found.stocks == len(changes)
        assert found.up == sum(changes > 0) / len(changes)
        assert found.above_50_day == sum(above == 1) / len(above)


def test_new_highs_in_the_record_week(sample):
    assert "Russell 2000" in dict(report_for(sample, "2025-12-12").new_highs)
    assert "Russell 2000" not in dict(report_for(sample, "2025-12-19").new_highs)


def test_a_high_set_midweek_is_new_though_the_week_closed_lower(sample):
    """2025-12-12: the Russell 2000 closed the week at 2,551.46, below its 2,590.61 of 12-11
    (both real daily closes, docs/figures.md): the week set a new high, and the line names
    the day's close, not the week's."""
    highs = dict(report_for(sample, "2025-12-12").new_highs)
    rut = highs["Russell 2000"]
    assert (rut.close, rut.day) == (2590.61, date(2025, 12, 11))


def test_four_and_52_week_changes(sample):
    quote = report_for(sample, "2025-12-12").scoreboard[0]
    weekly = sample[3].weekly["RUT"]
    assert quote.month == pytest.approx(2551.46 / weekly[pd.Timestamp("2025-11-14")] - 1)
    year_before = weekly.index.get_loc(pd.Timestamp("2025-12-12")) - 52  # the data run on
    assert quote.year == pytest.approx(2551.46 / weekly.iloc[year_before] - 1)


def test_the_first_week_sets_no_record(sample):
    assert not report_for(sample, "2023-01-06").record.new_this_week


def test_the_outlook_history_draws_the_standing_targets_only(sample):
    """A mid-2025 target published in January is news in March, not on the outlook chart
    drawn at the end of December."""
    from dataclasses import replace

    from generator.facts.history import target_history

    _, data, weeks, panel = sample
    old = replace(
        data.targets[0], firm="Old Bank", horizon=date(2025, 6, 30), published=date(2025, 1, 10)
    )
    with_old = replace(data, targets=(*data.targets, old))
    assert "Old Bank" in {
        g.target.firm for g in compute.target_gaps(panel, with_old, date(2025, 3, 7))
    }
    labels = {label for _, label, _ in target_history(panel, with_old, weeks).rows}
    assert labels == {label for _, label, _ in target_history(panel, data, weeks).rows}
    assert len(labels) == 3 and not any("Old Bank" in label for label in labels)
