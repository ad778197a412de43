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


CALENDAR_PROBE = """
import sys
from datetime import date
from generator.load import calendar
first, last = calendar.calendar_range("XLON")
days = calendar.sessions_between("XLON", date(2024, 12, 20), date(2025, 1, 3))
print(first, calendar.calendar_zone("XLON"), calendar.is_calendar("XLON"), *days)
print("exchange_calendars" in sys.modules)
"""


def test_the_calendar_is_kept_in_the_user_cache_and_read_back_the_same(tmp_path):
    """The first command asks exchange_calendars; the next reads the cache without importing
    it, and both see London's real sessions over Christmas 2024 (25, 26 Dec and 1 Jan shut)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", CALENDAR_PROBE], env=env, capture_output=True, text=True
        ).stdout.splitlines()
        for _ in range(2)
    ]
    expected = (
        "1990-01-02 Europe/London True 2024-12-20 2024-12-23 2024-12-24 2024-12-27 "
        "2024-12-30 2024-12-31 2025-01-02 2025-01-03"
    )
    assert [r[0] for r in runs] == [expected, expected]
    assert [r[1] for r in runs] == ["True", "False"]  # imported the first time only
    assert len(list((tmp_path / "marketweek" / "calendars").glob("*.json"))) == 2  # codes, XLON
