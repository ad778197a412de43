"""Values in prose, read as of the page's week."""

from datetime import date

import pytest

from generator.facts import prose


def test_prose_functions_read_the_week(sample):
    _, data, _, panel = sample
    values = prose.prose_functions(panel, data, date(2025, 12, 12))
    assert values["close"]("RUT") == "2,551.46"
    assert values["change"]("RUT") == "+1.2%"
    assert values["record_date"]("RUT") == "December 11, 2025"
    with pytest.raises(prose.ProseError, match="unknown symbol 'RTU'"):
        values["close"]("RTU")


def test_below_record_in_prose(sample):
    _, data, _, panel = sample
    values = prose.prose_functions(panel, data, date(2025, 12, 19))
    assert values["below_record"]("RUT") == f"{(1 - 2529.43 / 2590.61) * 100:.1f}%"
