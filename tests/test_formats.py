from datetime import date

from generator import formats


def test_levels_have_separators_and_two_decimals():
    assert formats.level(2590.61) == "2,590.61"
    assert formats.level(7600) == "7,600.00"
    assert formats.level(None) == "—"


def test_changes_are_signed_with_a_true_minus():
    assert formats.change(0.011889) == "+1.19%"
    assert formats.change(-0.0198) == "−1.98%"
    assert formats.change(0.1239, 1) == "+12.4%"
    assert formats.change(0.00001) == "0.00%"


def test_prose_sizes_points_and_ranges():
    assert formats.percent(-0.0236) == "2.4%"
    assert formats.points(-2.256) == "−2.26 pp"
    assert formats.rate_range(3.5, 3.75) == "3.50–3.75%"
    assert formats.day(date(2025, 12, 11)) == "December 11, 2025"


def test_arrows_carry_the_sign():
    assert (formats.arrow(0.01), formats.arrow(-0.01), formats.arrow(0)) == ("▲", "▼", "▬")
