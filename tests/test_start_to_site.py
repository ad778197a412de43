"""From an empty folder to a site, as a new user goes: `init`, `import` of the files people
have (a Yahoo export, IBKR-style bars, a time-zone-aware ETF file, a newest-first file and a
FRED fed funds file, each written here), `build`; the site's numbers are the files'.

The closes are the real ones of docs/figures.md for 2025-12-01..12 (RUT, SPX, IXIC) and made
up for XLF; every expected figure below is worked out by hand from these lists.
"""

import gzip
import json
import re
import subprocess
from pathlib import Path

from projects import run

DAYS = [f"2025-12-{d:02}" for d in (1, 2, 3, 4, 5, 8, 9, 10, 11, 12)]
RUT = [2469.13, 2464.98, 2512.14, 2531.16, 2521.48, 2520.98, 2526.24, 2559.61, 2590.61, 2551.46]
SPX = [6812.63, 6829.37, 6849.72, 6857.12, 6870.40, 6846.51, 6840.51, 6886.68, 6901.00, 6827.41]
IXIC = [
    23275.92, 23413.67, 23454.09, 23505.14, 23578.13,
    23545.90, 23576.49, 23654.16, 23593.86, 23195.17,
]  # fmt: skip
XLF = [53.1, 53.2, 53.5, 53.6, 53.4, 53.3, 53.9, 54.4, 54.9, 54.7]


def files(folder: Path) -> list[str]:
    rows = zip(DAYS, RUT, strict=True)
    yahoo = "Date,Open,High,Low,Close,Adj Close,Volume\n"
    yahoo += "".join(f"{d},{c},{c},{c},{c},{c - 1},0\n" for d, c in rows)
    ibkr = "date,open,high,low,close,volume\n"
    bars = zip(DAYS, SPX, strict=True)
    ibkr += "".join(f"{d.replace('-', '')},{c},{c},{c},{c},0\n" for d, c in bars)
    aware = "timestamp,close\n" + "".join(
        f"{d} 00:00:00-05:00,{c}\n" for d, c in zip(DAYS, XLF, strict=True)
    )
    newest_first = "Date,Close\n" + "".join(
        f"{d},{c}\n" for d, c in reversed(list(zip(DAYS, IXIC, strict=True)))
    )
    fred = "observation_date,DFEDTARL,DFEDTARU\n"
    fred += "2025-12-01,3.75,4.00\n2025-12-10,3.75,4.00\n2025-12-11,3.50,3.75\n"
    written = {
        "^RUT.csv": yahoo,
        "SPX.csv": ibkr,
        "XLF.csv": aware,
        "IXIC.csv": newest_first,
        "fedfunds.csv": fred,
    }
    for name, text in written.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [str(folder / name) for name in written]


def marketweek(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = run(cwd, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_init_import_build_gives_a_site_with_the_files_numbers(tmp_path):
    paths = files(tmp_path)
    marketweek(tmp_path, "init", "report")
    root = tmp_path / "report"
    imported = marketweek(root, *("import", *paths))
    assert (
        "universe.csv: added IXIC (Nasdaq Composite, index), RUT (Russell 2000, index), "
        "SPX (S&P 500, index), XLF (Financial Select Sector SPDR Fund, etf, Financials)"
    ) in imported.stdout
    marketweek(root, "build", "--strict")
    page = (root / "site/weeks/2025-12-12/index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", page)
    # RUT: the raw Close (not Adj Close) 2,551.46; 2551.46 / 2521.48 - 1 = +1.19%
    assert "2,551.46" in text and "+1.19%" in text
    # IXIC, read newest first: 23195.17 / 23578.13 - 1 = -1.62%
    assert "23,195.17" in text and "−1.62%" in text
    # XLF at midnight New York time is that day's close: 54.7 / 53.4 - 1 = +2.43%, shown as
    # the Financials sector (XLF is a sector ETF of the shipped reference) to one decimal
    assert "Financials (+2.4%)" in text
    # SPX from IBKR's 20251212: 6827.41 / 6870.40 - 1 = -0.63%
    assert "6,827.41" in text and "−0.63%" in text
    # the FRED bounds: the cut of 2025-12-11 (the range's change, not every day's row)
    assert "3.50–3.75%" in text
    fed = (root / "content/data/fed_funds.csv").read_text(encoding="utf-8")
    assert fed == "date,lower,upper\n2025-12-01,3.75,4.00\n2025-12-11,3.50,3.75\n"
    assert sorted(p.name for p in (root / "site/weeks").glob("2*")) == [
        "2025-12-05",
        "2025-12-12",
    ]


def mixed_files(folder: Path) -> dict[str, list[str]]:
    """Files shaped like those of issue 18, one `import` command each: Yahoo `^` exports (one
    gzipped), a JSON file, a quantmod-style wide file with volume and Bollinger columns, long
    Magnificent Seven rows, a stock the reference does not know, an IBKR file of the same
    index rounded to one decimal, and FRED rates with a negative spread."""
    folder.mkdir()

    def yahoo(closes: list[float]) -> str:
        head = "Date,Open,High,Low,Close,Adj Close,Volume\n"
        return head + "".join(
            f"{d},{c},{c},{c},{c},{c},0\n" for d, c in zip(DAYS, closes, strict=True)
        )

    quantmod = "Date,XLF.Close,XLF.Volume,XLK.Close,XLK.Volume,mavg,up,dn\n" + "".join(
        f"{d},{f},100,{f * 5:.2f},200,1,2,-1\n" for d, f in zip(DAYS, XLF, strict=True)
    )
    mag7 = "date,ticker,close\n" + "".join(
        f"{d},AAPL,{270 + i}\n{d},MSFT,{480 - i}\n" for i, d in enumerate(DAYS)
    )
    records = [{"Date": d, "Symbol": "^IXIC", "Close": c} for d, c in zip(DAYS, IXIC, strict=True)]
    fred = "observation_date,DGS10,T10Y2Y\n" + "".join(f"{d},4.1,-0.0{i}\n" for i, d in
                                                        enumerate(DAYS))  # fmt: skip
    written = {
        "^GSPC.csv": yahoo(SPX),
        "^RUT.csv.gz": gzip.compress(yahoo(RUT).encode()),
        "ixic.json": json.dumps(records),
        "sectors.csv": quantmod,
        "mag7.csv": mag7,
        "ZION.csv": "Date,Close\n" + "".join(f"{d},{60 + i}\n" for i, d in enumerate(DAYS)),
        "SPX.csv": "date,close\n"
        + "".join(f"{d},{c:.1f}\n" for d, c in zip(DAYS, SPX, strict=True)),
        "fred.csv": fred,
    }
    for name, text in written.items():
        path = folder / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return {name: [str(folder / name)] for name in written}


def test_init_imports_and_check_asks_only_what_is_left(tmp_path):
    """Issue 18's "done": one command per file, `check` asks for the one row it cannot fill,
    and the site names the indices, draws the sectors and the basket without hand edits."""
    paths = mixed_files(tmp_path / "files")
    marketweek(tmp_path, "init", "report")
    root = tmp_path / "report"
    said = {name: marketweek(root, "import", *p).stdout for name, p in paths.items()}
    assert "SPX (S&P 500, index)" in said["^GSPC.csv"]
    assert (
        "SPX 0 added, 0 replaced, 2 already there, 8 kept (they agree within rounding)"
        in said["SPX.csv"]
    )
    assert "rates, not prices: DGS10, T10Y2Y" in said["fred.csv"]
    universe = (root / "content/data/universe.csv").read_text().splitlines()
    assert "RUT,Russell 2000,index,,," in universe
    assert "XLF,Financial Select Sector SPDR Fund,etf,Financials,,sector_etf" in universe
    assert "AAPL,Apple Inc.,stock,Information Technology,mega,mag7" in universe
    assert not any(line.startswith(("XLF.", "mavg", "up,", "dn,")) for line in universe)

    checked = run(root, "check")
    line = universe.index("ZION,ZION,stock,,,") + 1
    assert f"universe.csv:{line}: ZION is still at the defaults import guessed" in checked.stderr
    assert "no sector ETFs" not in checked.stderr and "no basket" not in checked.stderr
    marketweek(root, "universe", "set", "ZION", "--name", "Zions Bancorporation",
               "--sector", "Financials", "--size", "mid")  # fmt: skip
    assert "0 warning(s)" in marketweek(root, "check").stdout

    marketweek(root, "build", "--strict")
    page = (root / "site/weeks/2025-12-12/index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Russell 2000" in text and "S&amp;P 500" in page
    assert "The RUT" not in text and "the SPX" not in text
    assert "Financials" in text and "Magnificent Seven" in text
