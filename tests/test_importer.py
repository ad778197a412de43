"""Real data files merged into prices.csv: Yahoo, Stooq, FRED, long and wide."""

import pytest
from projects import make_project, run

from generator.errors import DataError
from generator.load.importer import detect_format, import_prices

YAHOO = """Date,Open,High,Low,Close,Adj Close,Volume
{first},1,1,1,{close},{close},0
2025-12-15,1,1,1,2300.50,2300.50,0
2025-12-16,1,1,1,null,null,0
2025-12-17,1,1,1,2310.25,2310.25,0
"""


def first_rut(root):
    for line in (root / "content/data/prices.csv").read_text().splitlines():
        if ",RUT," in line:
            day, _, close = line.split(",")
            return day, close
    raise AssertionError("no RUT row")


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Date,Open,High,Low,Close,Adj Close,Volume", "yahoo"),
        ("Date,Open,High,Low,Close,Volume", "stooq"),
        ("observation_date,SP500", "fred"),
        ("date,symbol,close", "long"),
        ("date,RUT,SPX", "wide"),
        ("when,what", "unknown"),
    ],
)
def test_formats_are_recognised_by_their_header(header, kind):
    assert detect_format(header.split(",")) == kind


def test_yahoo_export_adds_new_closes_and_skips_gaps(tmp_path):
    root = make_project(tmp_path)
    day, close = first_rut(root)
    source = tmp_path / "rut.csv"
    source.write_text(YAHOO.format(first=day, close=close))
    report = import_prices(source, root / "content/data/prices.csv", "RUT")
    assert (report.format, report.added, report.unchanged, report.replaced) == ("yahoo", 2, 1, 0)
    text = (root / "content/data/prices.csv").read_text()
    assert "2025-12-15,RUT,2300.50\n" in text and "2025-12-16,RUT" not in text
    assert text.splitlines()[0] == "date,symbol,close"


def test_a_disagreeing_close_is_an_error_and_changes_nothing(tmp_path):
    root = make_project(tmp_path)
    day, close = first_rut(root)
    prices = root / "content/data/prices.csv"
    before = prices.read_bytes()
    source = tmp_path / "rut.csv"
    source.write_text(YAHOO.format(first=day, close=float(close) + 1))
    with pytest.raises(DataError) as caught:
        import_prices(source, prices, "RUT")
    assert f"RUT closed at {close} on {day} in prices.csv" in str(caught.value)
    assert "pass --replace to take it" in str(caught.value)
    assert prices.read_bytes() == before
    assert import_prices(source, prices, "RUT", replace=True).replaced == 1


def test_wide_and_fred_files(tmp_path):
    root = make_project(tmp_path)
    prices = root / "content/data/prices.csv"
    wide = tmp_path / "wide.csv"
    wide.write_text("date,RUT,SPX\n2025-12-15,2300.00,6800.00\n")
    assert import_prices(wide, prices).symbols == ("RUT", "SPX")
    fred = tmp_path / "fred.csv"
    fred.write_text("observation_date,SP500\n2025-12-16,6801.00\n2025-12-17,.\n")
    assert import_prices(fred, prices, "SPX").added == 1


def test_cli_import_names_the_bad_line(tmp_path):
    root = make_project(tmp_path)
    source = tmp_path / "rut.csv"
    source.write_text("Date,Open,High,Low,Close,Adj Close,Volume\n2025-12-15,1,1,1,abc,1,0\n")
    done = run(root, "import", str(source), "--symbol", "RUT")
    assert done.returncode == 1
    assert done.stderr.strip().endswith(
        "rut.csv:2: close 'abc' is not a number — write plain numbers such as 2590.61"
    )


def test_cli_import_warns_about_a_symbol_missing_from_the_universe(tmp_path):
    root = make_project(tmp_path)
    source = tmp_path / "new.csv"
    source.write_text("date,symbol,close\n2025-12-15,IWM,250.00\n")
    done = run(root, "import", str(source))
    assert done.returncode == 0, done.stderr
    assert "1 added" in done.stdout
    assert "warning: IWM is not in universe.csv" in done.stderr


# ─── files that are not what they claim ─────────────────────────────────────────────────────


def import_error(tmp_path, data: bytes, symbol: str | None = "RUT") -> str:
    """The message a user sees importing ``data``; prices.csv is left as it was."""
    root = make_project(tmp_path)
    prices = root / "content/data/prices.csv"
    before = prices.read_bytes()
    source = tmp_path / "in.csv"
    source.write_bytes(data)
    with pytest.raises(DataError) as caught:
        import_prices(source, prices, symbol)
    assert prices.read_bytes() == before
    return str(caught.value).replace(f"{source}", "in.csv")


HEADER = b"Date,Open,High,Low,Close,Adj Close,Volume\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            HEADER + b"2025-12-15,1,1,1,2300,2300,0\n2025-12-16,1,1,1,23\xe9,1,0\n",
            "in.csv:3: not UTF-8 text (byte 0xe9 at column 20) — save the file as UTF-8",
        ),
        (
            HEADER + b"2025-12-15,1,1,1,2300,2300,\x00\n",
            "in.csv:2: not a text file (a NUL byte at column 28) — save the file as UTF-8 text",
        ),
        (
            HEADER + b'2025-12-15,1,1,1,"' + b"9" * 300_000 + b'",1,0\n',
            'in.csv:2: field longer than 10,000 characters — shorten it, or close the quote (") '
            "that is left open on this line",
        ),
        (
            HEADER + b'2025-12-15,"1\n1",1,1,2300,2300,0\n2025-12-16,1,1,1,-4,1,0\n',
            "in.csv:4: close -4 is not positive — prices must be above zero; fix or delete the row",
        ),
        (
            HEADER + b"2025-12-15,1,1,1,0.001,1,0\n",
            "in.csv:2: close 0.001 is below 0.01 — prices.csv keeps two decimals: check the "
            "file's units",
        ),
        (b"", "in.csv: file is empty — export the daily history as CSV"),
    ],
)
def test_bad_import_files_are_one_error_at_their_line(tmp_path, data, message):
    assert import_error(tmp_path, data) == message


def test_a_symbol_that_would_break_prices_csv_is_refused(tmp_path):
    data = b'date,symbol,close\n2025-12-15,"RUT,X",2300\n'
    assert import_error(tmp_path, data, None) == (
        "in.csv:2: symbol 'RUT,X' has spaces, commas, quotes or control characters — "
        "write a symbol as one word, such as RUT or BRK.B"
    )
    assert import_error(tmp_path / "2", HEADER + b"2025-12-15,1,1,1,2,2,0\n", "R U T") == (
        "in.csv: symbol 'R U T' has spaces, commas, quotes or control characters — "
        "write a symbol as one word, such as RUT or BRK.B"
    )


def test_a_wide_header_that_is_no_symbol_is_refused_at_the_header(tmp_path):
    data = b"date,RUT,S&P 500\n2025-12-15,2300,6800\n"
    assert import_error(tmp_path, data, None) == (
        "in.csv:1: symbol 'S&P 500' has spaces, commas, quotes or control characters — "
        "write a symbol as one word, such as RUT or BRK.B"
    )


def test_a_short_wide_row_is_a_gap_not_a_crash(tmp_path):
    root = make_project(tmp_path)
    wide = tmp_path / "wide.csv"
    wide.write_text("date,RUT,SPX\n2025-12-15,2300.00\n")
    report = import_prices(wide, root / "content/data/prices.csv")
    assert (report.symbols, report.added) == (("RUT",), 1)


def test_a_broken_prices_csv_is_reported_as_itself(tmp_path):
    root = make_project(tmp_path)
    prices = root / "content/data/prices.csv"
    prices.write_text("date,close\n2025-12-15,1\n")
    source = tmp_path / "long.csv"
    source.write_text("date,symbol,close\n2025-12-15,RUT,2300\n")
    with pytest.raises(DataError) as caught:
        import_prices(source, prices)
    assert str(caught.value).endswith(
        "prices.csv:1: missing column(s) symbol — the header must name date,symbol,close"
    )
