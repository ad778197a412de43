"""Week-page size and build time against the number of weeks in the archive.

    python benchmarks/page_size.py            # the sample and a 1,000-week archive
    python benchmarks/page_size.py 300 1000   # any sizes

For each size it writes a synthetic project (the sample's universe, targets and events; a
seeded random walk of closes ending on the sample's last day), builds it with `marketweek
build`, and prints the build time and the raw and gzipped size of the HTML of the newest
week page (chart specs included; shared assets such as the theme and the vega bundle are not
counted). The budget for readers on phones is 120 KB raw and 30 KB gzipped at any size.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from generator.load.calendar import sessions_between

REPO = Path(__file__).resolve().parents[1]
LAST = date(2025, 12, 31)
BUDGET_RAW, BUDGET_GZIP = 120_000, 30_000


def write_prices(path: Path, weeks: int) -> None:
    first = LAST - timedelta(weeks=weeks + 1)
    days = sessions_between("XNYS", first, LAST)
    symbols = [
        line.split(",")[0]
        for line in (REPO / "content/data/universe.csv").read_text().splitlines()[1:]
    ]
    rng = np.random.default_rng(7)
    walks = 100 * np.exp(np.cumsum(rng.normal(0.0003, 0.012, (len(days), len(symbols))), axis=0))
    with path.open("w") as out:
        out.write("date,symbol,close\n")
        for day, row in zip(days, walks, strict=True):
            for symbol, close in zip(symbols, row, strict=True):
                out.write(f"{day},{symbol},{close:.2f}\n")


def make_project(folder: Path, weeks: int | None) -> Path:
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(REPO / "content", folder / "content")
    if weeks is not None:
        write_prices(folder / "content/data/prices.csv", weeks)
        shutil.rmtree(folder / "content/weeks")
    return folder


def measure(weeks: int | None) -> tuple[int, float, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp), weeks)
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "-m", "generator", "build"], cwd=root, check=True, capture_output=True
        )
        seconds = time.monotonic() - started
        pages = sorted((root / "site/weeks").glob("2*/index.html"))
        html = pages[-1].read_bytes()
        return len(pages), seconds, len(html), len(gzip.compress(html))


def main(sizes: list[int | None]) -> None:
    print(f"{'weeks':>6} {'build s':>8} {'page KB':>8} {'gzip KB':>8}  within budget")
    for size in sizes:
        count, seconds, raw, packed = measure(size)
        ok = raw <= BUDGET_RAW and packed <= BUDGET_GZIP
        print(f"{count:>6} {seconds:>8.1f} {raw / 1000:>8.1f} {packed / 1000:>8.1f}  {ok}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [None, 1000])
