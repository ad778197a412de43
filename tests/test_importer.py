"""Real data files merged into prices.csv: Yahoo, Stooq, FRED, long and wide."""

import pytest
from projects import make_project, run

from generator.errors import DataError
from generator.importer import detect_format, import_prices

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
