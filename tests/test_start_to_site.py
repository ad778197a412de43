"""From an empty folder to a site, as a new user goes: `init`, `import` of the files people
have (a Yahoo export, IBKR-style bars, a time-zone-aware ETF file, a newest-first file and a
FRED fed funds file, each written here), `build`; the site's numbers are the files'.

The closes are the real ones of docs/figures.md for 2025-12-01..12 (RUT, SPX, IXIC) and made
up for XLF; every expected figure below is worked out by hand from these lists.
"""

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
    # XLF at midnight New York time is that day's close: 54.7 / 53.4 - 1 = +2.43%
    assert "+2.43%" in text
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
