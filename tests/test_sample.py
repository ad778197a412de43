"""The sample data: reproducible, true to docs/figures.md where it must be, and real week by
week for the symbols and yields of the reference weekly closes."""

import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

import exchange_calendars as xcals
import pytest

from generator.sample.generate import write_sample_data

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "content" / "data"
FILES = [
    "events.csv",
    "fed_funds.csv",
    "prices.csv",
    "rates.csv",
    "sources.csv",
    "targets.csv",
    "universe.csv",
]
# A copy of the reference weekly closes beside docs/figures.md (../shared/reference), read here
# with the csv module alone: the expected values owe nothing to the generator's code.
REFERENCE = Path(__file__).parent / "fixtures" / "weekly-closes.csv"
PACKAGED = ROOT / "generator" / "sample" / "weekly_closes.csv"
YIELDS = ("DGS2", "DGS10")
FIRST, LAST = "2023-01-03", "2026-08-21"

# The spec, copied from docs/figures.md.
RUT = {
    "2022-12-30": "1761.25", "2023-06-30": "1888.73", "2023-10-27": "1636.94",
    "2023-12-29": "2027.07", "2024-06-28": "2047.69", "2024-11-25": "2442.03",
    "2024-12-31": "2230.16", "2025-04-08": "1760.71", "2025-09-18": "2467.70",
    "2025-11-20": "2305.11",
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


@pytest.fixture(scope="module")
def reference() -> list[dict[str, str]]:
    with REFERENCE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def real_symbols(reference: list[dict[str, str]]) -> list[str]:
    return [name for name in reference[0] if name not in ("week_end", *YIELDS)]


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
    sessions = calendar.sessions_in_range(FIRST, LAST).strftime("%Y-%m-%d")
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


def test_the_packaged_weekly_closes_are_the_reference(reference: list[dict[str, str]]) -> None:
    assert PACKAGED.read_bytes() == REFERENCE.read_bytes()
    assert (reference[0]["week_end"], reference[-1]["week_end"]) == ("2022-12-30", LAST)
    assert real_symbols(reference) == [
        "RUT", "SPX", "IXIC", "SPY", "QQQ",
        "AAPL", "AMZN", "GOOG", "META", "MSFT", "NVDA", "TSLA",
    ]  # fmt: skip


def test_reference_week_ends_are_each_weeks_last_session(
    reference: list[dict[str, str]],
) -> None:
    calendar = xcals.get_calendar("XNYS")
    sessions = calendar.sessions_in_range("2022-12-30", LAST)
    last_of_week: dict[tuple[int, int], str] = {}
    for day in sessions:
        last_of_week[tuple(day.isocalendar())[:2]] = day.strftime("%Y-%m-%d")
    assert [row["week_end"] for row in reference] == sorted(last_of_week.values())


def test_every_weekly_close_is_the_real_one(
    closes: dict[str, dict[str, str]], reference: list[dict[str, str]]
) -> None:
    """Issue 20: at every week's last session, RUT, SPX, IXIC, SPY, QQQ and the Magnificent
    Seven close exactly where they really closed."""
    checked = 0
    for row in reference:
        day = row["week_end"]
        if day < FIRST:
            continue
        for symbol in real_symbols(reference):
            assert float(closes[symbol][day]) == float(row[symbol]), (symbol, day)
            checked += 1
    assert checked == 190 * 12


def test_no_drawn_day_reaches_a_new_high(
    closes: dict[str, dict[str, str]], reference: list[dict[str, str]]
) -> None:
    """Between two real week ends the path is drawn: no drawn close may reach the highest real
    close up to the week's end, so every high the pages report is a real close."""
    for symbol in real_symbols(reference):
        week_end = {row["week_end"]: float(row[symbol]) for row in reference}
        known = {day: float(close) for day, close in closes[symbol].items() if day in week_end}
        known |= {day: float(close) for day, close in real_daily(symbol).items() if day >= FIRST}
        high, pending = float(reference[0][symbol]), []
        for day in sorted(closes[symbol]):
            if day in known:
                high = max(high, known[day])
                assert all(close < high for close in pending), (symbol, day)
                pending = []
            elif day not in week_end:
                pending.append(float(closes[symbol][day]))


def real_daily(symbol: str) -> dict[str, str]:
    """The real daily closes of docs/figures.md copied above, for one symbol."""
    if symbol == "RUT":
        return RUT
    if symbol in MAG7:
        return {"2025-12-11": MAG7[symbol][1]}
    column = ("SPX", "IXIC", "SPY", "QQQ").index(symbol)
    return {day: row[column] for day, row in INDICES.items() if row[column] is not None}


def test_yields_are_the_real_weekly_ones(reference: list[dict[str, str]]) -> None:
    rows = read_rows("rates.csv")
    got = {(row["date"], row["series"]): row["value"] for row in rows}
    expected = {
        (row["week_end"], series): f"{float(row[series]):.2f}"
        for row in reference
        if row["week_end"] >= FIRST
        for series in YIELDS
    }
    assert got == expected
    assert len(rows) == len(got) == 2 * 190
    keys = [(row["date"], row["series"]) for row in rows]
    assert keys == sorted(keys)


def test_rut_records(closes: dict[str, dict[str, str]]) -> None:
    """docs/figures.md: the pre-2023 record of 2,442.74 (2021-11-08) was first beaten on
    2025-09-18; 2,590.61 on 2025-12-11 stood until January 2026 (the record of 2026-01-08 falls
    on the week end 2026-01-09 here: the days between real closes never set a high)."""
    series = sorted((day, float(close)) for day, close in closes["RUT"].items())
    assert next((day, close) for day, close in series if close > 2442.74) == (
        "2025-09-18",
        2467.70,
    )
    assert all(close < 2559.61 for day, close in series if day < "2025-12-10")
    until = [(day, close) for day, close in series if day < "2026-01-09"]
    assert max(until, key=lambda item: item[1]) == ("2025-12-11", 2590.61)
    assert sum(close == 2590.61 for _, close in until) == 1
    first_above = next(day for day, close in series if close > 2590.61)
    assert first_above == "2026-01-09"


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
    assert len(fomc) == 24 + 9
    assert fomc["2023-02-01"] == "FOMC raises 25 bp to 4.50–4.75%"
    assert fomc["2024-07-31"] == "FOMC holds at 5.25–5.50%"
    assert fomc["2024-09-18"] == "FOMC cuts 50 bp to 4.75–5.00%"
    assert fomc["2025-12-10"] == "FOMC cuts 25 bp to 3.50–3.75%"
    cpi = [row["label"] for row in rows if row["kind"] == "cpi"]
    assert len(cpi) == 11 + 9 and "CPI (October) released" not in cpi
    assert [(r["date"], r["kind"]) for r in rows] == sorted((r["date"], r["kind"]) for r in rows)


def test_events_reach_into_2027_without_inventing_decisions() -> None:
    """The 2026 FOMC decision days and the first of 2027 (docs/figures.md: the second day of
    each meeting), unlabelled by outcome; 2026 CPI and payroll dates marked illustrative."""
    rows = read_rows("events.csv")
    later = {row["date"]: row["label"] for row in rows if row["kind"] == "fomc"}
    later = {day: label for day, label in later.items() if day >= "2026"}
    assert later == dict.fromkeys(
        [
            "2026-01-28", "2026-03-18", "2026-04-29", "2026-06-17", "2026-07-29",
            "2026-09-16", "2026-10-28", "2026-12-09", "2027-01-27",
        ],
        "FOMC decision",
    )  # fmt: skip
    cpi = [row for row in rows if row["kind"] == "cpi" and row["date"] >= "2026"]
    assert [row["date"][:7] for row in cpi] == [f"2026-{month:02}" for month in range(1, 10)]
    assert all(row["label"].endswith("illustrative date") for row in cpi)
    payrolls = [row for row in rows if row["kind"] == "payrolls"]
    days = [date.fromisoformat(row["date"]) for row in payrolls]
    assert [(day.year, day.month) for day in days] == [(2026, month) for month in range(1, 10)]
    assert all(day.weekday() == 4 and day.day <= 7 for day in days)
    assert payrolls[0]["label"] == "Jobs report (December), illustrative date"
    assert max(row["date"] for row in rows if row["kind"] != "fomc") > LAST


def test_fed_funds_range_stays_as_recorded() -> None:
    """No invented 2026 decisions: the last change is the December 2025 cut."""
    assert read_rows("fed_funds.csv")[-1]["date"] == "2025-12-11"


def test_sources_give_the_records_from_before_2023() -> None:
    """docs/figures.md, "Record closes before 2023"."""
    highs = {
        row["series"]: (row["prior_high"], row["prior_high_date"])
        for row in read_rows("sources.csv")
        if row["prior_high"]
    }
    assert highs == {
        "RUT": ("2442.74", "2021-11-08"),
        "SPX": ("4796.56", "2022-01-03"),
        "IXIC": ("16057.44", "2021-11-19"),
    }


def test_targets() -> None:
    rows = read_rows("targets.csv")
    assert [(row["firm"], row["target"]) for row in rows] == [
        ("Morgan Stanley", "7800"),
        ("Goldman Sachs", "7600"),
        ("Street bull case", "8000"),
    ]
    assert all(row["published"] <= "2025-12-10" and row["source"] for row in rows)
