"""Imports without trial and error (issue 18): each case a new user met, in one command,
with the message that says what to do."""

import gzip
import io
import json
import zipfile

import pytest
from projects import make_project, run
from test_import_formats import closes, imported, refused, written

from generator.load.importer import summary

SESSIONS = ("2025-12-08", "2025-12-09", "2025-12-10", "2025-12-11", "2025-12-12")


def test_a_negative_series_outside_a_close_column_goes_to_rates(tmp_path):
    text = "date,value\n" + "".join(f"{d},{-0.01 * i:.4f}\n" for i, d in enumerate(SESSIONS))
    root, report = imported(tmp_path, written(tmp_path, "SPREAD.csv", text))
    rates = (root / "content/data/rates.csv").read_text()
    assert "2025-12-12,SPREAD,-0.0400" in rates
    assert closes(root, "SPREAD") == []
    assert "  rates, not prices: SPREAD" in summary(report)


def test_fred_rate_ids_go_to_rates_without_the_option(tmp_path):
    text = "date,T10Y2Y,DGS10\n" + "".join(f"{d},0.55,4.12\n" for d in SESSIONS)
    root, _ = imported(tmp_path, written(tmp_path, "rates.csv", text))
    rates = (root / "content/data/rates.csv").read_text()
    assert "2025-12-08,DGS10,4.12" in rates and "2025-12-08,T10Y2Y,0.55" in rates


def test_a_negative_close_names_its_series_and_the_option(tmp_path):
    path = written(tmp_path, "XLB.csv", "Date,Close\n2025-12-15,90\n2025-12-16,-1\n")
    assert refused(tmp_path, path) == (
        "XLB.csv:3: XLB: close -1 is not positive — prices must be above zero; fix or delete "
        "the row (a rate or spread, not a price? pass --rates XLB)"
    )


def test_closes_that_agree_within_rounding_are_kept_and_counted(tmp_path):
    root = make_project(tmp_path)
    first = written(tmp_path, "a.csv", "date,symbol,close\n2025-12-15,ZZZ,1107.3\n")
    second = written(tmp_path, "b.csv", "date,symbol,close\n2025-12-15,ZZZ,1107.300049\n")
    assert run(root, "import", str(first)).returncode == 0
    done = run(root, "import", str(second))
    assert done.returncode == 0, done.stderr
    assert "ZZZ 0 added, 0 replaced, 0 already there, 1 kept (they agree within rounding)" in (
        done.stdout
    )
    assert closes(root, "ZZZ") == ["2025-12-15,1107.3"]


def test_a_real_disagreement_is_still_a_conflict(tmp_path):
    root = make_project(tmp_path)
    first = written(tmp_path, "a.csv", "date,symbol,close\n2025-12-15,ZZZ,1107.3\n")
    second = written(tmp_path, "b.csv", "date,symbol,close\n2025-12-15,ZZZ,1107.41\n")
    assert run(root, "import", str(first)).returncode == 0
    done = run(root, "import", str(second))
    assert done.returncode == 1 and "--replace" in done.stderr


@pytest.mark.parametrize(
    ("days", "every"),
    [
        (("2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-30"), "month"),
        (("2025-11-14", "2025-11-21", "2025-11-28", "2025-12-05", "2025-12-12"), "week"),
    ],
)
def test_monthly_and_weekly_closes_are_refused_as_not_daily(tmp_path, days, every):
    text = "Date,Close\n" + "".join(f"{d},{100 + i}\n" for i, d in enumerate(days))
    message = refused(tmp_path, written(tmp_path, "RUT.csv", text), skip_non_sessions=True)
    assert message.startswith(f"RUT.csv:2: RUT has one close a {every}")
    assert message.endswith("not daily closes — export daily closes (Yahoo: Frequency Daily; "
                            "FRED: Frequency Daily) and import that file")  # fmt: skip
    assert "--skip-non-sessions" not in message


def daily(symbol_close: str = "Date,Close") -> str:
    return symbol_close + "\n" + "".join(f"{d},{100 + i}\n" for i, d in enumerate(SESSIONS))


def test_gzip_zip_and_json_records_are_read(tmp_path):
    gz = written(tmp_path, "XLE.csv.gz", gzip.compress(daily().encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("KRE.csv", daily())
    zipped = written(tmp_path, "KRE.zip", buffer.getvalue())
    records = [{"date": d, "symbol": "IWM", "close": 200.5 + i} for i, d in enumerate(SESSIONS)]
    js = written(tmp_path, "iwm.json", json.dumps(records, indent=1))
    root, _ = imported(tmp_path, gz, zipped, js)
    assert closes(root, "XLE")[-1] == "2025-12-12,104"
    assert closes(root, "KRE")[0] == "2025-12-08,100"
    assert closes(root, "IWM")[-1] == "2025-12-12,204.5"


def test_a_bad_json_record_is_refused_at_its_line(tmp_path):
    js = written(tmp_path, "x.json", '[\n {"date": "2025-12-08", "close": 1},\n 7\n]\n')
    assert refused(tmp_path, js).startswith("x.json:3: JSON that is not a list of records")


def test_volume_and_indicator_columns_are_never_prices(tmp_path):
    header = "Date,ZZQ.Open,ZZQ.Close,ZZQ.Volume,ZZQ.Adjusted,mavg,up,dn,BRK.B"
    rows = "".join(f"{d},1,{200 + i},5000,{199 + i},201,210,190,{400 + i}\n"
                   for i, d in enumerate(SESSIONS))  # fmt: skip
    root, report = imported(tmp_path, written(tmp_path, "q.csv", header + "\n" + rows))
    assert closes(root, "ZZQ")[-1] == "2025-12-12,204"
    assert closes(root, "BRK.B")[-1] == "2025-12-12,404"
    for never in ("ZZQ.Volume", "mavg", "up", "dn"):
        assert closes(root, never) == []
    assert any("left out: column(s)" in line and "ZZQ.Volume" in line and "mavg" in line
               for line in summary(report))  # fmt: skip


def test_columns_narrows_a_wide_file(tmp_path):
    text = "date,IWM,BTC,USDJPY\n" + "".join(f"{d},250,90000,150\n" for d in SESSIONS)
    path = written(tmp_path, "wide.csv", text)
    root, _ = imported(tmp_path, path, columns=frozenset({"IWM"}))
    assert len(closes(root, "IWM")) == 5
    assert closes(root, "BTC") == [] and closes(root, "USDJPY") == []
    message = refused(tmp_path / "again", path, columns=frozenset({"ETH"}))
    assert message == (
        "wide.csv:1: --columns names ETH, which the file does not have — name series it has: "
        "IWM, BTC, USDJPY"
    )


def test_columns_on_the_command_line(tmp_path):
    root = make_project(tmp_path)
    text = "date,symbol,close\n" + "".join(f"{d},IWM,1\n{d},BTC,2\n" for d in SESSIONS)
    done = run(root, "import", str(written(tmp_path, "long.csv", text)), "--columns", "IWM")
    assert done.returncode == 0, done.stderr
    assert "BTC" not in (root / "content/data/prices.csv").read_text()


def test_adjusted_history_joined_to_raw_closes_is_a_warning(tmp_path):
    root = make_project(tmp_path)
    raw = written(tmp_path, "ZZZ.csv", "Date,Close\n2025-12-08,100\n")
    history = "Date,Open,High,Low,Close,Volume,Dividends,Stock Splits\n" + "".join(
        f"{d},1,1,1,{99 + i},0,0,0\n" for i, d in enumerate(SESSIONS[1:])
    )
    adjusted = written(tmp_path, "ZZZ_history.csv", history)
    assert run(root, "import", str(raw)).returncode == 0
    done = run(root, "import", str(adjusted), "--symbol", "ZZZ")
    assert done.returncode == 0, done.stderr
    assert (
        "ZZZ_history.csv: its closes are adjusted (close from 'Close' (adjusted for dividends "
        "and splits: a yfinance history() file)) but ZZZ already has raw closes"
    ) in done.stdout


def test_a_file_name_that_is_no_ticker_says_how_to_name_it(tmp_path):
    path = written(tmp_path, "SP500_NOV2019_HIST.csv", daily())
    _, report = imported(tmp_path, path)
    assert (
        "  SP500_NOV2019_HIST is no ticker? — remove it (marketweek universe remove "
        "SP500_NOV2019_HIST) and import the file again with --symbol, e.g. --symbol SPX"
    ) in summary(report)
