from datetime import date

from generator.load.calendar import complete_weeks, group_weeks, sessions_between


def ends(first: date, last: date) -> list[date]:
    return [w.end for w in complete_weeks("XNYS", first, last)]


def test_sample_window_has_the_expected_weeks():
    weeks = complete_weeks("XNYS", date(2023, 1, 3), date(2025, 12, 31))
    assert weeks[0].end == date(2023, 1, 6)
    assert weeks[-1].end == date(2025, 12, 26)  # the week of 2026-01-02 is incomplete
    assert len(weeks) == 156


def test_holiday_weeks_end_on_their_last_session():
    found = ends(date(2025, 1, 2), date(2025, 12, 31))
    assert date(2025, 4, 17) in found  # Good Friday 2025-04-18 closed
    assert date(2025, 7, 3) in found  # Independence Day on a Friday
    assert date(2025, 11, 28) in found  # Thanksgiving week: Friday half day counts


def test_thanksgiving_is_not_a_session():
    sessions = sessions_between("XNYS", date(2025, 11, 24), date(2025, 11, 28))
    assert date(2025, 11, 27) not in sessions
    assert len(group_weeks(sessions)) == 1


def test_a_week_cut_by_the_data_is_not_complete():
    assert ends(date(2025, 12, 1), date(2025, 12, 10)) == [date(2025, 12, 5)]
