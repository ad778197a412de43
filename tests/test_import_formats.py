"""`marketweek import` of the files people have: one small file per format or quirk in
tests/fixtures/imports/, each value expected here read off that file by hand."""

from pathlib import Path

import pytest
from projects import make_project, run, snapshot

from generator.errors import DataError, where
from generator.load.importer import EMPTY, ImportOptions, import_files, summary

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def imported(tmp_path, *names, **options):
    """A tiny project with the fixture files ``names`` imported; and the report."""
    root = make_project(tmp_path)
    paths = [n if isinstance(n, Path) else FIXTURES / n for n in names]
    report = import_files(paths, root / "content/data", ImportOptions(**options))
    return root, report


def closes(root, symbol):
    """``date,close`` of each row of ``symbol`` in prices.csv, as written there."""
    rows = (root / "content/data/prices.csv").read_text().splitlines()
    return [row.replace(f",{symbol},", ",") for row in rows if f",{symbol}," in row]


def refused(tmp_path, *names, **options):
    """The message importing ``names`` gives (paths shown by file name); nothing changed."""
    root = make_project(tmp_path)
    before = snapshot(root / "content")
    paths = [n if isinstance(n, Path) else FIXTURES / n for n in names]
    with pytest.raises(DataError) as caught:
        import_files(paths, root / "content/data", ImportOptions(**options))
    assert snapshot(root / "content") == before
    message = str(caught.value)
    for path in paths:
        message = message.replace(where(path, None), path.name)
    return message


def written(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


# ─── Yahoo, yfinance, IBKR, Stooq-style bars ────────────────────────────────────────────────


def test_yahoo_export_takes_the_raw_close_and_names_the_symbol_after_the_file(tmp_path):
    root, report = imported(tmp_path, "XLE.csv")
    assert closes(root, "XLE") == ["2025-12-15,90.55", "2025-12-17,91.02"]  # 12-16 is null
    (read,) = report.files
    assert read.layout.dropped == ("Open", "High", "Low", "Adj Close", "Volume")
    assert dict(read.skipped) == {EMPTY: 1}
    assert read.origin == "symbol XLE from the file name"


def test_price_adjusted_takes_adj_close(tmp_path):
    root, _ = imported(tmp_path, "XLE.csv", price="adjusted")
    assert closes(root, "XLE") == ["2025-12-15,89.9071", "2025-12-17,90.3737"]


def test_price_adjusted_without_adj_close_is_refused(tmp_path):
    assert refused(tmp_path, "KRE.csv", price="adjusted") == (
        "KRE.csv:1: --price adjusted, but the file has no Adj Close column — drop --price "
        "adjusted (the file's Close is all it has)"
    )


def test_yfinance_column_order_zone_aware_dates_and_float_noise(tmp_path):
    # Date,Adj Close,Close,…; "1998-12-22 00:00:00-05:00" is the 22nd; 245.50999450683594 is
    # the float32 245.51 written out to 17 digits.
    root, report = imported(tmp_path, "IWM.csv")
    assert closes(root, "IWM") == ["1998-12-22,21.25", "1998-12-23,21.5", "2025-12-15,245.51"]
    assert "  1 values with float noise, written short" in summary(report)


def test_yfinance_multi_ticker_header(tmp_path):
    root, report = imported(tmp_path, "yf_multi.csv")
    assert closes(root, "AAPL")[-2:] == ["2025-12-15,274.11", "2025-12-16,274.61"]
    assert closes(root, "MSFT")[-2:] == ["2025-12-15,474.82", "2025-12-16,476.39"]
    assert report.files[0].layout.dropped == ("AAPL Volume", "MSFT Volume")


def test_ibkr_lower_case_bars_with_yyyymmdd_dates(tmp_path):
    root, report = imported(tmp_path, "SMH.csv")
    assert closes(root, "SMH") == ["2025-12-15,100.75", "2025-12-16,101.9"]
    assert "barCount" in report.files[0].layout.dropped


def test_timestamp_header_and_newest_first(tmp_path):
    root, _ = imported(tmp_path, "KRE.csv")
    assert closes(root, "KRE") == ["2025-12-15,60.95", "2025-12-16,61.2", "2025-12-17,61.55"]


def test_bom_crlf_semicolons_decimal_commas_and_day_month_year_dots(tmp_path):
    root, _ = imported(tmp_path, "XBI.csv")
    assert closes(root, "XBI") == ["2025-12-15,118.45", "2025-12-16,1120.50"]  # 1.120,50


def test_month_first_dates_and_a_ticker_column(tmp_path):
    root, _ = imported(tmp_path, "us_dates.csv")
    assert closes(root, "IWB") == ["2025-12-15,370.10", "2025-12-16,371.25"]


def test_named_month_dates(tmp_path):
    root, _ = imported(tmp_path, "DIA.csv")
    assert closes(root, "DIA") == ["2025-12-15,480.25", "2025-12-16,481.5"]


def test_ambiguous_day_month_is_an_error_naming_the_options(tmp_path):
    assert refused(tmp_path, "ambiguous.csv") == (
        "ambiguous.csv:2: dates such as '12/01/2025' read both as month/day and as day/month "
        "(no day above 12 settles it) — pass --monthfirst (01/02/2025 is 2 January) or "
        "--dayfirst (1 February)"
    )
    root, _ = imported(tmp_path / "m", "ambiguous.csv", order="month")
    assert closes(root, "AMBIGUOUS") == ["2025-12-01,50.5", "2025-12-02,50.75"]
    # Day first, 12/01/2025 is 12 January 2025: a Sunday.
    assert refused(tmp_path / "d", "ambiguous.csv", order="day").startswith(
        "ambiguous.csv:2: AMBIGUOUS: 2025-01-12 is a Sunday, not a session of XNYS"
    )


def test_an_order_the_dates_contradict_is_named(tmp_path):
    assert refused(tmp_path, "us_dates.csv", order="day") == (
        "us_dates.csv:2: Date '12/15/2025' is not a date — it is not day-first: drop "
        "--dayfirst or fix the date"
    )


def test_a_date_unlike_the_others_is_refused_at_its_line(tmp_path):
    path = written(tmp_path, "XLB.csv", "Date,Close\n2025-12-15,90\n15/12/2025,91\n")
    assert refused(tmp_path, path) == (
        "XLB.csv:3: Date '15/12/2025' is not a date — write it like the file's other dates "
        "(e.g. 2025-12-15)"
    )


def test_a_utc_stamp_at_midnight_is_the_day_it_names(tmp_path):
    # 00:00 UTC is 19:00 the evening before in New York: the bar is still the 15th's. A time
    # of day other than midnight is converted: 02:00 UTC on the 17th is the 16th in New York.
    text = "Date,Close\n2025-12-15T00:00:00Z,10\n2025-12-17 02:00:00+00:00,11\n"
    root, _ = imported(tmp_path, written(tmp_path, "XLU.csv", text))
    assert closes(root, "XLU") == ["2025-12-15,10", "2025-12-16,11"]


# ─── symbols ────────────────────────────────────────────────────────────────────────────────


def test_a_two_column_file_takes_its_symbol_from_the_header(tmp_path):
    root, _ = imported(tmp_path, "date_RUT.csv")
    assert closes(root, "RUT")[-2:] == ["2025-12-15,2511.37", "2025-12-16,2520.88"]


def test_symbol_that_contradicts_the_header_is_an_error(tmp_path):
    assert refused(tmp_path, "date_RUT.csv", symbol="SPX") == (
        "date_RUT.csv:1: the header names RUT but --symbol says SPX — drop --symbol to store "
        "RUT, or pass --rename RUT=SPX"
    )
    root, _ = imported(tmp_path / "r", "date_RUT.csv", rename=(("RUT", "SPX"),))
    assert closes(root, "SPX")[-2:] == ["2025-12-15,2511.37", "2025-12-16,2520.88"]


def test_symbol_that_contradicts_a_ticker_column_is_an_error(tmp_path):
    assert refused(tmp_path, "us_dates.csv", symbol="IWM") == (
        "us_dates.csv:2: the file says IWB but --symbol says IWM — drop --symbol, or pass "
        "--rename IWB=IWM"
    )


def test_symbol_overrides_the_file_name_of_a_bars_file(tmp_path):
    root, _ = imported(tmp_path, "XLE.csv", symbol="XOP")
    assert closes(root, "XOP") == ["2025-12-15,90.55", "2025-12-17,91.02"]
    assert closes(root, "XLE") == []


def test_one_symbol_for_several_files_is_refused(tmp_path):
    assert refused(tmp_path, "XLE.csv", "KRE.csv", symbol="XLE") == (
        "KRE.csv: --symbol XLE names the series of one file, but 2 files were given — import "
        "such files one at a time, or let each name its own symbol (a ticker column, or the "
        "file name: XLF.csv is XLF)"
    )


def test_several_files_each_keep_their_own_symbol(tmp_path):
    root, _ = imported(tmp_path, "XLE.csv", "KRE.csv")
    assert closes(root, "XLE")[0] == "2025-12-15,90.55"
    assert closes(root, "KRE")[0] == "2025-12-15,60.95"


# ─── values ─────────────────────────────────────────────────────────────────────────────────


def test_values_are_stored_as_given(tmp_path):
    root, _ = imported(tmp_path, "fx.csv")
    assert closes(root, "EURUSD") == ["2025-12-15,1.1674", "2025-12-16,1.17355"]


def test_a_float32_written_out_in_full_is_its_short_form(tmp_path):
    """Yahoo's float32 closes: 6774.759765625 is float32(6774.76) exactly, 2184.1201171875 is
    float32(2184.12); 1.17355 is no float32 and stays as written."""
    text = "Date,Close\n2025-12-15,6774.759765625\n2025-12-16,2184.1201171875\n2025-12-17,1.17355\n"
    root, _ = imported(tmp_path, written(tmp_path, "ZZZ.csv", text))
    assert closes(root, "ZZZ") == ["2025-12-15,6774.76", "2025-12-16,2184.12", "2025-12-17,1.17355"]


@pytest.mark.parametrize("value", ["0", "-4.5", "0.00"])
def test_zero_and_negative_closes_are_refused_at_their_line(tmp_path, value):
    path = written(tmp_path, "XLB.csv", f"Date,Close\n2025-12-15,90\n2025-12-16,{value}\n")
    assert refused(tmp_path, path) == (
        f"XLB.csv:3: XLB: close {value} is not positive — prices must be above zero; fix or "
        "delete the row (a rate or spread, not a price? pass --rates XLB)"
    )


def test_a_repeated_row_with_the_same_value_is_ignored(tmp_path):
    text = "Date,Close\n2025-12-15,90\n2025-12-16,91\n2025-12-15,90.00\n"
    root, report = imported(tmp_path, written(tmp_path, "XLB.csv", text))
    assert closes(root, "XLB") == ["2025-12-15,90", "2025-12-16,91"]
    assert report.duplicates == 1


def test_a_repeated_date_with_another_value_names_both_lines(tmp_path):
    path = written(tmp_path, "XLB.csv", "Date,Close\n2025-12-15,90\n2025-12-16,91\n2025-12-15,92\n")
    assert refused(tmp_path, path) == (
        "XLB.csv:4: XLB is 92 on 2025-12-15 here but 90 on line 2 — delete the wrong row"
    )


def test_blanks_and_null_are_gaps(tmp_path):
    text = "Date,Close,Volume\n2025-12-15,,1\n2025-12-16,null,1\n2025-12-17,NaN,1\n2025-12-18,9,1\n"
    root, report = imported(tmp_path, written(tmp_path, "XLB.csv", text))
    assert closes(root, "XLB") == ["2025-12-18,9"]
    assert dict(report.files[0].skipped) == {EMPTY: 3}


def test_a_comma_that_is_no_thousands_separator_is_refused(tmp_path):
    path = written(tmp_path, "XLB.csv", 'Date,Close\n2025-12-15,"90,5"\n')
    assert refused(tmp_path, path) == (
        "XLB.csv:2: Close '90,5' is not a number — write plain numbers such as 2590.61"
    )


# ─── rows that are not sessions ─────────────────────────────────────────────────────────────


def test_a_weekend_or_holiday_close_is_an_error_unless_skipped(tmp_path):
    text = "Date,Close\n2025-12-19,90\n2025-12-20,91\n2025-12-25,92\n2025-12-26,93\n"
    path = written(tmp_path, "XLB.csv", text)
    assert refused(tmp_path, path) == (
        "XLB.csv:3: XLB: 2025-12-20 is a Saturday, not a session of XNYS (weekend or holiday) "
        "— fix the date, or pass --skip-non-sessions to leave such rows out"
    )
    root, report = imported(tmp_path / "s", path, skip_non_sessions=True)
    assert closes(root, "XLB") == ["2025-12-19,90", "2025-12-26,93"]  # Christmas left out
    assert dict(report.files[0].skipped) == {"values on weekends or holidays": 2}


def test_history_before_the_calendar_is_left_out_and_counted(tmp_path):
    text = "Date,Close\n1989-12-29,10\n1990-01-02,11\n"
    root, report = imported(tmp_path, written(tmp_path, "XLB.csv", text))
    assert closes(root, "XLB") == ["1990-01-02,11"]
    assert "  left out: 1 values before 1990-01-02, the XNYS calendar's first session" in (
        summary(report)
    )


def test_a_date_past_the_calendar_is_refused(tmp_path):
    path = written(tmp_path, "XLB.csv", "Date,Close\n2025-12-15,10\n2099-01-05,11\n")
    assert refused(tmp_path, path).startswith(
        "XLB.csv:3: date 2099-01-05 is after the last session of the XNYS calendar"
    )


# ─── wide files, rates and the fed funds range ──────────────────────────────────────────────


def test_a_wide_file_keeps_price_columns_only(tmp_path):
    root, report = imported(tmp_path, "wide_etfs.csv")
    assert closes(root, "XLF")[-2:] == ["2025-12-15,53.10", "2025-12-16,53.42"]
    assert closes(root, "XLK")[-2:] == ["2025-12-15,290.05", "2025-12-16,291.10"]
    assert report.files[0].layout.dropped == ("XLF_volume", "XLK_volume", "source")
    assert "  left out: column(s) XLF_volume, XLK_volume, source" in summary(report)


def test_fred_fed_funds_bounds_fill_fed_funds_with_each_change(tmp_path):
    root = make_project(tmp_path)
    prices = (root / "content/data/prices.csv").read_bytes()
    report = import_files([FIXTURES / "fred_fedfunds.csv"], root / "content/data", ImportOptions())
    # The tiny project holds 2025-10-30 and 2025-12-11; the file adds the range in force
    # on 2025-10-28, and its daily repeats are no changes.
    assert (root / "content/data/fed_funds.csv").read_text() == (
        "date,lower,upper\n2025-10-28,4.00,4.25\n2025-10-30,3.75,4.00\n2025-12-11,3.50,3.75\n"
    )
    assert (root / "content/data/prices.csv").read_bytes() == prices
    assert not (root / "content/data/rates.csv").exists()
    assert (
        "fed_funds.csv: changes of the range 1 added, 0 replaced, 2 already there "
        "(2025-10-28 → 2025-12-12)"
    ) in summary(report)


def test_fed_funds_bounds_in_two_files_of_one_command(tmp_path):
    lower = written(tmp_path, "DFEDTARL.csv", "observation_date,DFEDTARL\n2025-12-10,3.75\n")
    upper = written(tmp_path, "DFEDTARU.csv", "observation_date,DFEDTARU\n2025-12-10,4.00\n")
    root, _ = imported(tmp_path, lower, upper)
    assert (root / "content/data/fed_funds.csv").read_text().splitlines()[1:] == [
        "2025-10-30,3.75,4.00",
        "2025-12-11,3.50,3.75",
    ]  # 2025-12-10's range was already in force: no change to write
    assert refused(tmp_path / "one", lower) == (
        "DFEDTARL.csv:2: DFEDTARL without DFEDTARU: the range needs both — import both bounds "
        "together (one file, or both files in one command)"
    )


def test_a_range_that_disagrees_with_fed_funds_csv_is_refused(tmp_path):
    text = "observation_date,DFEDTARL,DFEDTARU\n2025-12-11,3.25,3.50\n"
    assert refused(tmp_path, written(tmp_path, "fred.csv", text)) == (
        "fred.csv:2: the range 3.25–3.50 from 2025-12-11 on still holds on 2025-12-11 here, "
        "but fed_funds.csv has 3.50–3.75 then — check the file, or pass --replace to take the "
        "file's range"
    )
    root, report = imported(tmp_path / "r", written(tmp_path, "fred.csv", text), replace=True)
    assert (root / "content/data/fed_funds.csv").read_text().splitlines()[1:] == [
        "2025-10-30,3.75,4.00",
        "2025-12-11,3.25,3.50",
    ]
    assert (report.counts[0].added, report.counts[0].replaced) == (1, 1)


def test_a_file_whose_range_never_changes_still_covers_its_whole_span(tmp_path):
    # One range from 2025-10-29 to 2025-12-12: fed_funds.csv's change on 2025-10-30 lies
    # inside that span and disagrees with it.
    text = "observation_date,DFEDTARL,DFEDTARU\n2025-10-29,3.50,3.75\n2025-12-12,3.50,3.75\n"
    assert refused(tmp_path, written(tmp_path, "fred.csv", text)).startswith(
        "fred.csv:2: the range 3.50–3.75 from 2025-10-29 on still holds on 2025-10-30 here, "
        "but fed_funds.csv has 3.75–4.00 then"
    )


def test_other_fred_series_go_to_rates_csv_never_prices(tmp_path):
    root = make_project(tmp_path)
    prices = (root / "content/data/prices.csv").read_bytes()
    report = import_files([FIXTURES / "fred_rates.csv"], root / "content/data", ImportOptions())
    assert (root / "content/data/rates.csv").read_text() == (
        "date,series,value\n"
        "2025-12-01,DGS10,4.09\n2025-12-01,SOFR,4.12\n"
        "2025-12-02,DGS10,4.09\n"
        "2025-12-03,DGS10,4.06\n2025-12-03,SOFR,3.97\n"
    )
    assert (root / "content/data/prices.csv").read_bytes() == prices
    lines = summary(report)
    assert "  rates, not prices: DGS10, SOFR" in lines
    assert "  left out: 4 empty values (blank, null, .)" in lines  # CPIAUCSL has none


def test_a_rates_column_in_a_wide_price_file_goes_to_rates(tmp_path):
    text = "date,SPY,DGS10\n2025-12-15,680.5,4.17\n"
    root, _ = imported(tmp_path, written(tmp_path, "mixed.csv", text))
    assert closes(root, "SPY") == ["2025-12-15,680.5"]
    assert closes(root, "DGS10") == []
    assert (root / "content/data/rates.csv").read_text().splitlines()[1:] == [
        "2025-12-15,DGS10,4.17"
    ]


# ─── universe.csv ───────────────────────────────────────────────────────────────────────────


def test_new_symbols_get_a_universe_row_with_name_and_kind_from_the_file(tmp_path):
    root = make_project(tmp_path)
    universe = root / "content/data/universe.csv"
    before = universe.read_text()
    report = import_files([FIXTURES / "named.csv"], root / "content/data", ImportOptions())
    assert universe.read_text() == before + (
        "VIX,CBOE Volatility Index,index,,,\n"
        "XLV,Health Care Select Sector SPDR Fund,etf,Health Care,,sector_etf\n"
    )
    assert summary(report)[-1] == (
        "universe.csv: added VIX (CBOE Volatility Index, index), XLV (Health Care Select "
        "Sector SPDR Fund, etf, Health Care)"
    )


def test_a_symbol_the_file_does_not_describe_is_named_from_the_reference(tmp_path):
    root, report = imported(tmp_path, "XLE.csv")
    assert (
        (root / "content/data/universe.csv")
        .read_text()
        .endswith("\nXLE,Energy Select Sector SPDR Fund,etf,Energy,,sector_etf\n")
    )
    assert "universe.csv: added XLE (stock)" not in summary(report)[-1]
    assert (
        "universe.csv: added XLE (Energy Select Sector SPDR Fund, etf, Energy)"
        in (summary(report)[-1])
    )


# ─── all or nothing, and the command ───────────────────────────────────────────────────────


def test_a_bad_second_file_leaves_everything_as_it_was(tmp_path):
    bad = written(tmp_path, "XLB.csv", "Date,Close\n2025-12-15,-1\n")
    assert refused(tmp_path, "XLE.csv", "fred_fedfunds.csv", "fred_rates.csv", bad).startswith(
        "XLB.csv:2: XLB: close -1 is not positive"
    )


def test_the_command_imports_several_files_and_check_passes(tmp_path):
    root = make_project(tmp_path)
    files = [str(FIXTURES / n) for n in ("XLE.csv", "XBI.csv", "KRE.csv", "fred_fedfunds.csv")]
    done = run(root, "import", *files)
    assert done.returncode == 0, done.stderr
    assert "prices.csv: KRE 3 added, 0 replaced, 0 already there (2025-12-15 → 2025-12-17)" in (
        done.stdout.splitlines()
    )
    checked = run(root, "check")
    assert checked.returncode == 0, checked.stderr


def test_import_help_explains_every_option():
    done = run(Path.cwd(), "import", "--help")
    for option in ("--symbol", "--price", "--dayfirst", "--monthfirst", "--replace"):
        assert option in done.stdout
    for option in ("--skip-non-sessions", "--rename", "--rates"):
        assert option in done.stdout
    for topic in ("rates.csv", "fed_funds.csv", "universe.csv", "XLF.csv is XLF", "float noise"):
        assert topic in " ".join(done.stdout.split()), topic


# ─── more of what people have ──────────────────────────────────────────────────────────────


def test_nasdaq_com_close_last_with_dollar_signs(tmp_path):
    text = "Date,Close/Last,Volume,Open,High,Low\n12/16/2025,$274.61,100,$273.00,$275,$272.5\n"
    path = written(tmp_path, "HistoricalData_1765900000000.csv", text)
    root, _ = imported(tmp_path, path, symbol="AAPL")
    assert closes(root, "AAPL")[-1] == "2025-12-16,274.61"


def test_epoch_seconds_are_the_exchange_date(tmp_path):
    # 1765832400 is 2025-12-15 21:00 UTC, 16:00 in New York; 1765918800000 ms is a day later.
    text = "timestamp,close\n1765832400,10.5\n1765918800000,10.75\n"
    root, _ = imported(tmp_path, written(tmp_path, "XLB.csv", text))
    assert closes(root, "XLB") == ["2025-12-15,10.5", "2025-12-16,10.75"]


def test_rates_option_sends_a_series_to_rates_csv(tmp_path):
    text = "date,US10Y\n2025-12-15,4.17\n"
    root, report = imported(tmp_path, written(tmp_path, "y.csv", text), rates=frozenset({"US10Y"}))
    assert closes(root, "US10Y") == []
    assert (
        root / "content/data/rates.csv"
    ).read_text() == "date,series,value\n2025-12-15,US10Y,4.17\n"
    assert report.new_symbols == ()


def test_a_rename_to_no_symbol_is_refused(tmp_path):
    assert refused(tmp_path, "date_RUT.csv", rename=(("RUT", "R UT"),)) == (
        "date_RUT.csv:2: symbol 'R UT' has spaces, commas, quotes or control characters — "
        "write a symbol as one word, such as RUT or BRK.B"
    )


@pytest.mark.parametrize("value", ["1e999", "1e-999", "12345678901234567890"])
def test_a_number_no_price_or_rate_can_be_is_refused(tmp_path, value):
    path = written(tmp_path, "XLB.csv", f"Date,Close\n2025-12-15,{value}\n")
    assert refused(tmp_path, path) == (
        f"XLB.csv:2: Close '{value}' is out of range (1e-12 to 1e12) — check the file's units; "
        "write plain numbers such as 2590.61"
    )


@pytest.mark.parametrize("stamp", ["2025-12-15 25:00:00-05:00", "2025-12-15 00:00:00+99:00"])
def test_an_impossible_time_is_no_date(tmp_path, stamp):
    path = written(tmp_path, "XLB.csv", f"Date,Close\n{stamp},1\n")
    assert refused(tmp_path, path) == (
        f"XLB.csv:2: Date '{stamp}' is not a date — write dates as YYYY-MM-DD, MM/DD/YYYY or "
        "Jan 2 2025"
    )
