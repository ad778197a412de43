"""Importing into a project's data: merging with what is there, the file's layout told from
its header, files that are not what they claim, and history the calendar does not cover.
(Each export format and quirk has its own test in test_import_formats.py.)"""

from datetime import date
from pathlib import Path

import pytest
from projects import make_project, run

from generator.errors import DataError
from generator.load import calendar
from generator.load.import_layout import find_layout
from generator.load.import_read import Table
from generator.load.importer import ImportOptions, ImportReport, import_files


def import_prices(
    source: Path, prices: Path, symbol: str | None = None, replace: bool = False
) -> ImportReport:
    """One file merged into the data folder of ``prices`` (``marketweek import`` of one file)."""
    return import_files([source], prices.parent, ImportOptions(symbol=symbol, replace=replace))


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
    ("header", "kind", "values"),
    [
        ("Date,Open,High,Low,Close,Adj Close,Volume", "bars", ["Close"]),
        ("date,open,high,low,close,volume", "bars", ["close"]),
        ("observation_date,SP500", "wide", ["SP500"]),
        ("date,symbol,close", "long", ["close"]),
        ("Date,Ticker,Adj Close,Close", "long", ["Close"]),
        ("date,series,value", "long", ["value"]),
        ("date,RUT,SPX,SPX_volume", "wide", ["RUT", "SPX"]),
    ],
)
def test_layouts_are_recognised_by_their_header(tmp_path, header, kind, values):
    table = Table(tmp_path / "in.csv", ",", 1, tuple(header.split(",")), ())
    layout = find_layout(table, "close")
    assert (layout.kind, [c.label for c in layout.values]) == (kind, values)


def test_a_header_without_dates_is_refused(tmp_path):
    table = Table(tmp_path / "in.csv", ",", 1, ("when", "what"), ())
    with pytest.raises(DataError) as caught:
        find_layout(table, "close")
    assert str(caught.value).endswith(
        "in.csv:1: no date column in the header 'when,what' — name the dates' column Date, "
        "date or timestamp"
    )


def test_yahoo_export_adds_new_closes_and_skips_gaps(tmp_path):
    root = make_project(tmp_path)
    day, close = first_rut(root)
    source = tmp_path / "rut.csv"
    source.write_text(YAHOO.format(first=day, close=close))
    report = import_prices(source, root / "content/data/prices.csv", "RUT")
    (count,) = report.counts
    assert (count.added, count.unchanged, count.replaced) == (2, 1, 0)
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
    assert str(caught.value).endswith(
        f"rut.csv:2: RUT is {float(close) + 1} on {day} here, {close} in prices.csv — check "
        "the file, or pass --replace to take the file's value"
    )
    assert prices.read_bytes() == before
    assert import_prices(source, prices, "RUT", replace=True).counts[0].replaced == 1
    assert f"{day},RUT,{float(close) + 1}\n" in prices.read_text()


def test_the_same_close_written_otherwise_is_already_there(tmp_path):
    root = make_project(tmp_path)
    day, close = first_rut(root)
    prices = root / "content/data/prices.csv"
    before = prices.read_bytes()
    source = tmp_path / "rut.csv"
    source.write_text(f"date,RUT\n{day},{close}000\n")
    assert import_prices(source, prices).counts[0].unchanged == 1
    assert prices.read_bytes() == before


def test_wide_and_fred_files(tmp_path):
    root = make_project(tmp_path)
    prices = root / "content/data/prices.csv"
    wide = tmp_path / "wide.csv"
    wide.write_text("date,RUT,SPX\n2025-12-15,2300.00,6800.00\n")
    assert [c.series for c in import_prices(wide, prices).counts] == ["RUT", "SPX"]
    fred = tmp_path / "fred.csv"
    fred.write_text("observation_date,SP500\n2025-12-16,6801.00\n2025-12-17,.\n")
    assert import_prices(fred, prices).counts[0].added == 1
    assert "2025-12-16,SP500,6801.00\n" in prices.read_text()  # an index level: a close


def test_cli_import_names_the_bad_line(tmp_path):
    root = make_project(tmp_path)
    source = tmp_path / "rut.csv"
    source.write_text("Date,Open,High,Low,Close,Adj Close,Volume\n2025-12-15,1,1,1,abc,1,0\n")
    done = run(root, "import", str(source), "--symbol", "RUT")
    assert done.returncode == 1
    assert done.stderr.strip().endswith(
        "rut.csv:2: Close 'abc' is not a number — write plain numbers such as 2590.61"
    )


def test_cli_import_adds_a_new_symbol_to_the_universe_and_says_what_to_fill_in(tmp_path):
    root = make_project(tmp_path)
    source = tmp_path / "new.csv"
    source.write_text("date,symbol,close\n2025-12-15,IWM,250.00\n")
    done = run(root, "import", str(source))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == [
        "prices.csv: IWM 1 added, 0 replaced, 0 already there (2025-12-15 → 2025-12-15)",
        "universe.csv: added IWM (iShares Russell 2000 ETF, etf)",
    ]
    assert (
        (root / "content/data/universe.csv")
        .read_text()
        .endswith("\nIWM,iShares Russell 2000 ETF,etf,,,\n")
    )


def test_cli_import_refuses_a_rename_that_is_no_pair(tmp_path):
    root = make_project(tmp_path)
    source = tmp_path / "new.csv"
    source.write_text("date,SP500\n2025-12-15,6800\n")
    done = run(root, "import", str(source), "--rename", "SP500")
    assert done.returncode == 2
    assert "'SP500' is not OLD=NEW, e.g. SP500=SPX" in done.stderr


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
            "in.csv:4: RUT: close -4 is not positive — prices must be above zero; fix or delete "
            "the row (a rate or spread, not a price? pass --rates RUT)",
        ),
        (
            HEADER + b",1,1,1,2300,2300,0\n",
            "in.csv:2: a row without a date in column 'Date' — write the row's date, or delete "
            "the row",
        ),
        (b"", "in.csv: file is empty — export the daily history as CSV"),
    ],
)
def test_bad_import_files_are_one_error_at_their_line(tmp_path, data, message):
    assert import_error(tmp_path, data) == message


def test_a_tiny_close_is_stored_as_given(tmp_path):
    root = make_project(tmp_path)
    source = tmp_path / "PENNY.csv"
    source.write_text("Date,Close\n2025-12-15,0.001\n")
    import_prices(source, root / "content/data/prices.csv")
    assert "2025-12-15,PENNY,0.001\n" in (root / "content/data/prices.csv").read_text()


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
    wide.write_text("date,RUT,SPX\n2025-12-15,2300.00\n2025-12-16,2301,6801\n")
    report = import_prices(wide, root / "content/data/prices.csv")
    assert [(c.series, c.added) for c in report.counts] == [("RUT", 2), ("SPX", 1)]


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


# ─── history the calendar does not cover ───────────────────────────────────────────────────


def test_weeks_at_the_edges_of_the_calendar_do_not_crash():
    first, last = calendar.calendar_range("XNYS")
    assert first == date(1990, 1, 2)  # a Tuesday: its week's Monday is outside the calendar
    weeks = calendar.complete_weeks("XNYS", first, date(1990, 1, 12))
    assert [w.end for w in weeks] == [date(1990, 1, 5), date(1990, 1, 12)]
    assert calendar.complete_weeks("XNYS", last, last) in ((), weeks[:0]) or last.weekday() == 4
    assert calendar.sessions_between("XNYS", date(1980, 1, 1), date(1985, 1, 1)) == ()


def test_prices_before_the_calendar_are_one_error_at_their_line(tmp_path):
    root = make_project(tmp_path)
    prices = root / "content/data/prices.csv"
    lines = prices.read_text().splitlines()
    prices.write_text("\n".join([lines[0], "1985-01-02,RUT,100", *lines[1:]]) + "\n")
    done = run(root, "check")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "error: content/data/prices.csv:2: date 1985-01-02 is before the first session of the "
        "XNYS calendar (1990-01-02) — fix the date, or leave out rows the calendar does not "
        "cover"
    )
