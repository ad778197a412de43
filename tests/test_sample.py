"""The illustrative sample data: reproducible, and true to docs/figures.md where it must be."""

import csv
from collections import defaultdict
from pathlib import Path

import exchange_calendars as xcals
import pytest

from generator.sample.generate import write_sample_data

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "content" / "data"
FILES = ["events.csv", "fed_funds.csv", "prices.csv", "sources.csv", "targets.csv", "universe.csv"]

# The spec, copied from docs/figures.md.
RUT = {
    "2022-12-30": "1761.25", "2023-06-30": "1888.73", "2023-10-27": "1636.94",
    "2023-12-29": "2027.07", "2024-06-28": "2047.69", "2024-11-25": "2442.03",
    "2024-12-31": "2230.16", "2025-04-08": "1760.71", "2025-11-20": "2305.11",
    "2025-11-21": "2369.59", "2025-11-24": "2414.28", "2025-11-25": "2465.98",
    "2025-11-26": "2486.12", "2025-11-28": "2500.43", "2025-12-01": "2469.13",
    "2025-12-02": "2464.98", "2025-12-03": "2512.14", "2025-12-04": "2531.16",
    "2025-12-05": "2521.48", "2025-12-08": "2520.98", "2025-12-09": "2526.24",
    "2025-12-10": "2559.61", "2025-12-11": "2590.61", "2025-12-12": "2551.46",
    "2025-12-15": "2530.67", "2025-12-16": "2519.30", "2025-12-17": "2492.30",
    "2025-12-18": "2507.87", "2025-12-19": "2529.43", "2025-12-22": "2558.78",
    "2025-12-23": "2541.12", "2025-12-24": "2548.08", "2025-12-26": "2534.35",
    "2025-12-29": "2519.80", "2025-12-30": "2500.59", "2025-12-31": "2481.91",
}  # fmt: skip
# date: (SPX, IXIC, SPY, QQQ); None where figures.md has no value.
INDICES = {
    "2022-12-30": ("3839.50", "10466.48", None, None),
    "2023-06-30": ("4450.38", "13787.92", None, None),
    "2023-10-27": ("4117.37", "12643.01", None, None),
    "2023-12-29": ("4769.83", "15011.35", None, None),
    "2024-06-28": ("5460.48", "17732.60", None, None),
    "2024-11-25": ("5987.37", "19054.84", None, None),
    "2024-12-31": ("5881.63", "19310.79", "586.08", "511.23"),
    "2025-04-08": ("4982.77", "15267.91", "496.48", "416.06"),
    "2025-11-20": ("6538.76", "22078.05", "652.53", "585.67"),
    "2025-11-28": ("6849.09", "23365.69", "683.39", "619.25"),
    "2025-12-05": ("6870.40", "23578.13", "685.69", "625.48"),
    "2025-12-10": ("6886.68", "23654.15", "687.57", "627.61"),
    "2025-12-11": ("6901.00", "23593.86", "689.17", "625.58"),
    "2025-12-12": ("6827.41", "23195.17", "681.76", "613.62"),
    "2025-12-18": ("6774.76", "23006.36", "676.47", "609.11"),
    "2025-12-19": ("6834.50", "23307.62", "680.59", "617.05"),
    "2025-12-26": ("6929.94", "23593.10", "690.31", "623.89"),
    "2025-12-31": ("6845.50", "23241.99", "681.92", "614.31"),
}
SECTOR_RUN = {
    "XLK": 8.74, "XLY": 8.68, "XLF": 7.36, "XLB": 6.84, "XLI": 6.70, "XLC": 6.22,
    "XLE": 3.44, "XLP": 2.26, "XLV": 1.43, "XLRE": 1.07, "XLU": -2.20,
}  # fmt: skip
SECTOR_WEEK = {
    "XLB": 2.40, "XLF": 2.37, "XLI": 1.40, "XLP": 1.22, "XLY": 0.81, "XLV": 0.52,
    "XLC": -0.50, "XLRE": -0.59, "XLE": -0.89, "XLU": -1.09, "XLK": -1.98,
}  # fmt: skip
MAG7 = {
    "AAPL": (4.42, "278.03"), "AMZN": (6.05, "230.28"), "GOOG": (8.18, "313.70"),
    "META": (10.79, "652.71"), "MSFT": (1.05, "483.47"), "NVDA": (0.16, "180.93"),
    "TSLA": (13.07, "446.89"),
}  # fmt: skip
BANKS = {"CFG": ("50.70", "58.35", 15.1), "RF": ("24.10", "27.84", 15.5)}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out_dir = tmp_path_factory.mktemp("sample") / "data"
    return out_dir, write_sample_data(out_dir)


@pytest.fixture(scope="module")
def closes() -> dict[str, dict[str, str]]:
    """symbol -> date -> close text, from the committed prices.csv."""
    table: dict[str, dict[str, str]] = defaultdict(dict)
    for row in read_rows("prices.csv"):
        table[row["symbol"]][row["date"]] = row["close"]
    return table


def read_rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def change(closes: dict[str, dict[str, str]], symbol: str, start: str, end: str) -> float:
    return (float(closes[symbol][end]) / float(closes[symbol][start]) - 1) * 100


def test_regenerates_committed_files_byte_for_byte(generated: tuple[Path, list[Path]]) -> None:
    out_dir, written = generated
    assert written == sorted(out_dir / name for name in FILES)
    assert sorted(path.name for path in out_dir.iterdir()) == FILES
    assert sorted(path.name for path in DATA.glob("*.csv")) == FILES
    for name in FILES:
        assert (out_dir / name).read_bytes() == (DATA / name).read_bytes(), name


def test_prices_are_sorted_two_decimal_lf_text() -> None:
    text = (DATA / "prices.csv").read_bytes()
    assert b"\r" not in text
    assert text.startswith(b"date,symbol,close\n")
    rows = read_rows("prices.csv")
    keys = [(row["date"], row["symbol"]) for row in rows]
    assert keys == sorted(keys)
    assert all(row["close"].split(".")[1].isdigit() for row in rows)
    assert {len(row["close"].split(".")[1]) for row in rows} == {2}


def test_sessions_are_the_real_xnys_sessions(closes: dict[str, dict[str, str]]) -> None:
    calendar = xcals.get_calendar("XNYS")
    sessions = calendar.sessions_in_range("2023-01-03", "2025-12-31").strftime("%Y-%m-%d")
    expected = list(sessions)
    assert "2025-11-27" not in expected and "2025-11-28" in expected
    for symbol, series in closes.items():
        assert sorted(series) == expected, symbol


def test_rut_closes_match_figures(closes: dict[str, dict[str, str]]) -> None:
    for day, close in RUT.items():
        if day >= "2023-01-03":
            assert closes["RUT"][day] == close, day
    assert "2022-12-30" not in closes["RUT"]


def test_index_and_etf_closes_match_figures(closes: dict[str, dict[str, str]]) -> None:
    for day, values in INDICES.items():
        for symbol, close in zip(("SPX", "IXIC", "SPY", "QQQ"), values, strict=True):
            if close is not None and day >= "2023-01-03":
                assert closes[symbol][day] == close, (symbol, day)


def test_first_session_is_a_small_step_from_the_2022_year_end(
    closes: dict[str, dict[str, str]],
) -> None:
    year_end = {"RUT": 1761.25, "SPX": 3839.50, "IXIC": 10466.48}
    for symbol, close in year_end.items():
        assert abs(float(closes[symbol]["2023-01-03"]) / close - 1) < 0.05, symbol


def test_sector_etf_changes_round_to_figures(closes: dict[str, dict[str, str]]) -> None:
    for symbol, pct in SECTOR_RUN.items():
        assert round(change(closes, symbol, "2025-11-20", "2025-12-11"), 2) == pct, symbol
    for symbol, pct in SECTOR_WEEK.items():
        assert round(change(closes, symbol, "2025-12-05", "2025-12-12"), 2) == pct, symbol


def test_mag7_closes_and_changes_match_figures(closes: dict[str, dict[str, str]]) -> None:
    for symbol, (pct, close) in MAG7.items():
        assert closes[symbol]["2025-12-11"] == close, symbol
        assert round(change(closes, symbol, "2025-11-20", "2025-12-11"), 2) == pct, symbol


def test_regional_banks_match_figures(closes: dict[str, dict[str, str]]) -> None:
    for symbol, (start, end, pct) in BANKS.items():
        assert (closes[symbol]["2025-11-20"], closes[symbol]["2025-12-11"]) == (start, end)
        assert round(change(closes, symbol, "2025-11-20", "2025-12-11"), 1) == pct


def test_rut_records(closes: dict[str, dict[str, str]]) -> None:
    series = sorted((day, float(close)) for day, close in closes["RUT"].items())
    peak_day, peak = max(series, key=lambda item: item[1])
    assert (peak_day, peak) == ("2025-12-11", 2590.61)
    assert sum(close == peak for _, close in series) == 1
    assert all(close < 2559.61 for day, close in series if day < "2025-12-10")
    before_run = [(day, close) for day, close in series if day < "2025-11-25"]
    assert max(before_run, key=lambda item: item[1]) == ("2024-11-25", 2442.03)
    assert sum(close >= 2442.03 for _, close in before_run) == 1


def test_rut_lows(closes: dict[str, dict[str, str]]) -> None:
    series = {day: float(close) for day, close in closes["RUT"].items()}
    in_2023 = {day: close for day, close in series.items() if day < "2024"}
    in_2025 = {day: close for day, close in series.items() if day >= "2025"}
    assert min(in_2023, key=in_2023.__getitem__) == "2023-10-27"
    assert min(in_2025, key=in_2025.__getitem__) == "2025-04-08"


def test_universe_covers_prices(closes: dict[str, dict[str, str]]) -> None:
    universe = read_rows("universe.csv")
    assert [row["symbol"] for row in universe] == sorted(closes)
    assert {row["kind"] for row in universe} == {"index", "etf", "stock"}
    groups = {row["symbol"]: row["groups"].split() for row in universe}
    assert sorted(s for s, tags in groups.items() if "mag7" in tags) == sorted(MAG7)
    assert sorted(s for s, tags in groups.items() if "sector_etf" in tags) == sorted(SECTOR_RUN)
    for row in universe:
        assert bool(row["size"]) == (row["kind"] == "stock"), row["symbol"]


def test_fed_funds_ends_at_the_december_cut() -> None:
    rows = read_rows("fed_funds.csv")
    assert rows[0] == {"date": "2023-01-03", "lower": "4.25", "upper": "4.50"}
    assert rows[-1] == {"date": "2025-12-11", "lower": "3.50", "upper": "3.75"}
    assert len(rows) == 11


def test_events_label_fomc_decisions_and_skip_october_cpi() -> None:
    rows = read_rows("events.csv")
    fomc = {row["date"]: row["label"] for row in rows if row["kind"] == "fomc"}
    assert len(fomc) == 24
    assert fomc["2023-02-01"] == "FOMC raises 25 bp to 4.50–4.75%"
    assert fomc["2024-07-31"] == "FOMC holds at 5.25–5.50%"
    assert fomc["2024-09-18"] == "FOMC cuts 50 bp to 4.75–5.00%"
    assert fomc["2025-12-10"] == "FOMC cuts 25 bp to 3.50–3.75%"
    cpi = [row["label"] for row in rows if row["kind"] == "cpi"]
    assert len(cpi) == 11 and "CPI (October) released" not in cpi
    assert [(r["date"], r["kind"]) for r in rows] == sorted((r["date"], r["kind"]) for r in rows)


def test_targets() -> None:
    rows = read_rows("targets.csv")
    assert [(row["firm"], row["target"]) for row in rows] == [
        ("Morgan Stanley", "7800"),
        ("Goldman Sachs", "7600"),
        ("Street bull case", "8000"),
    ]
    assert all(row["published"] <= "2025-12-10" and row["source"] for row in rows)
