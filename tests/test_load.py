"""Every problem in the author's files is one `path:line: what — how to fix` error."""

from datetime import date

import pytest
from projects import make_project

from generator import load
from generator.errors import CommentaryError, DataError, Warnings

PRICES = "content/data/prices.csv"


def prices_with(tmp_path, extra_line: str):
    root = make_project(tmp_path)
    path = root / PRICES
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines[:3], extra_line, *lines[3:]]) + "\n")
    return path


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "2025-13-01,RUT,1.00",
            "prices.csv:4: date '2025-13-01' is not a date — write dates as YYYY-MM-DD",
        ),
        (
            "2025-11-18,RUT,abc",
            "prices.csv:4: close 'abc' is not a number — write plain numbers such as 2590.61",
        ),
        ("2025-11-18,RUT,-5", "prices.csv:4: close -5 is not positive"),
        (
            "2025-11-17,AAPL,1.00",
            "prices.csv:4: second close for AAPL on 2025-11-17 — delete one "
            "of the rows (the first is on line 2)",
        ),
    ],
)
def test_bad_price_rows_name_their_line(tmp_path, line, message):
    path = prices_with(tmp_path, line)
    with pytest.raises(DataError) as caught:
        load.load_prices(path)
    assert message in str(caught.value)


def test_unknown_symbol_suggests_the_closest(tmp_path):
    path = prices_with(tmp_path, "2025-11-17,RTU,1.00")
    with pytest.raises(DataError) as caught:
        load.load_data(path.parent)
    assert str(caught.value).endswith(
        "prices.csv:4: symbol 'RTU' is not in universe.csv — add a row for it to universe.csv "
        "or fix the symbol (did you mean 'RUT'?)"
    )


def test_missing_column_is_reported_on_the_header(tmp_path):
    root = make_project(tmp_path, {PRICES: "date,ticker,close\n2025-11-17,RUT,1\n"})
    with pytest.raises(DataError, match=r"prices.csv:1: missing column\(s\) symbol"):
        load.load_prices(root / PRICES)


def test_commentary_front_matter_and_body_line(tmp_path):
    root = make_project(tmp_path)
    item = load.read_commentary(root / "content/weeks/2025-12-12.md", Warnings())
    assert (item.title, item.authors, item.draft) == ("A tiny week", ("Test Author",), False)
    assert item.body.startswith("The Russell 2000")
    assert item.body_line == 8


def test_commentary_yaml_error_names_the_line(tmp_path):
    root = make_project(
        tmp_path, {"content/weeks/2025-12-12.md": "---\ntitle: ok\nauthors: [a, b\n---\nBody\n"}
    )
    with pytest.raises(CommentaryError, match=r"2025-12-12.md:\d+: front matter is not valid YAML"):
        load.read_commentary(root / "content/weeks/2025-12-12.md", Warnings())


def test_commentary_for_a_day_that_ends_no_week(tmp_path):
    root = make_project(tmp_path, {"content/weeks/2025-12-11.md": "---\ntitle: x\n---\nBody\n"})
    with pytest.raises(CommentaryError) as caught:
        load.load_commentary(root / "content/weeks", {date(2025, 12, 12)}, Warnings())
    assert "2025-12-11 is not the last session of a week — rename the file to 2025-12-12.md" in str(
        caught.value
    )


def test_unknown_front_matter_key_is_a_warning(tmp_path):
    root = make_project(tmp_path, {"content/weeks/2025-12-12.md": "---\ntitel: x\n---\nBody\n"})
    warn = Warnings()
    load.read_commentary(root / "content/weeks/2025-12-12.md", warn)
    assert len(warn) == 1 and ":2: unknown front matter key 'titel'" in warn.messages[0]
    assert "did you mean 'title'?" in warn.messages[0]
