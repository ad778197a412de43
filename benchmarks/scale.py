"""A large synthetic project for the benchmarks: `weeks` trading weeks × `symbols` symbols.

    python benchmarks/scale.py OUT [--weeks 1040] [--symbols 500]

`write_scale_project(folder, weeks, symbols)` writes, deterministically (fixed seeds, same
bytes every time), a project that `marketweek build` reads:

- `content/data/prices.csv`: daily closes (`date,symbol,close`) for every XNYS session of the
  last `weeks` complete weeks up to 2025-12-31 (plus the part-week that ends on that day),
  for the indices RUT, SPX and IXIC, the eleven SPDR sector ETFs, the seven `mag7` stocks and
  synthetic stocks S0001… up to `symbols` in all, each with a sector and a size;
- `universe.csv`, `targets.csv` (a few per year), `events.csv` (eight FOMC decisions a year,
  monthly CPI), `fed_funds.csv` (consistent with those decisions);
- `content/weeks/*.md`: a commentary file for every 4th week, using `close`, `change` and
  `chart("sectors")`;
- the repository's `mkdocs.yml` (the page templates come with the package), its data note
  and copyright saying that every figure is synthetic.

Closes are a seeded factor model (market, sector, own noise) in log space, pinned as a
Brownian bridge to plausible start and end levels; written with pandas, vectorised (2.6 M
rows in seconds). `append_week(folder)` adds the next five sessions for every symbol.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from generator.load import reference

REPO = Path(__file__).resolve().parents[1]
LAST = date(2025, 12, 31)
SEED = 20251231

INDICES = (  # symbol, name, level at the start, level at the end
    ("RUT", "Russell 2000", 680.0, 2480.0),
    ("SPX", "S&P 500", 1270.0, 6850.0),
    ("IXIC", "Nasdaq Composite", 2200.0, 23200.0),
)
SECTOR_ETFS = reference.SECTOR_ETFS  # the eleven SPDR sector funds, as import knows them
SECTORS = tuple(sector for _, _, sector in SECTOR_ETFS)
MAG7 = (
    ("AAPL", "Apple Inc.", "Information Technology"),
    ("AMZN", "Amazon.com, Inc.", "Consumer Discretionary"),
    ("GOOG", "Alphabet Inc. (Class C)", "Communication Services"),
    ("META", "Meta Platforms, Inc.", "Communication Services"),
    ("MSFT", "Microsoft Corporation", "Information Technology"),
    ("NVDA", "NVIDIA Corporation", "Information Technology"),
    ("TSLA", "Tesla, Inc.", "Consumer Discretionary"),
)
SIZES = ("large", "mid", "small")
# With ``staggered``, symbols begin as the real ones did (a fund launched mid-way, a listing)
# and a third of the synthetic stocks list at a random session of the first four fifths.
LAUNCHED = {
    **{symbol: date(1998, 12, 22) for symbol, _, _ in SECTOR_ETFS},
    "XLRE": date(2015, 10, 8),
    "XLC": date(2018, 6, 19),
    "AMZN": date(1997, 5, 15),
    "NVDA": date(1999, 1, 22),
    "TSLA": date(2010, 6, 29),
    "META": date(2012, 5, 18),
    "GOOG": date(2014, 3, 27),
}
AUTHORS = ("Maya Lindqvist", "Tomás Reyes", "Priya Natarajan", "Jonas Weber")


def sessions(first: date, last: date) -> tuple[date, ...]:
    """XNYS sessions from ``first`` to ``last`` inclusive (the generator's own calendar)."""
    try:
        from generator.weeks import sessions_between
    except ImportError:  # the generator is being reorganised: fall back to the calendar itself
        import exchange_calendars as xcals

        cal = xcals.get_calendar("XNYS", start="1990-01-01")
        days = cal.sessions_in_range(pd.Timestamp(first), pd.Timestamp(last))
        return tuple(day.date() for day in days)
    return tuple(sessions_between("XNYS", first, last))


def scale_sessions(weeks: int) -> tuple[date, ...]:
    """Sessions of the last ``weeks`` complete weeks up to LAST, then the part-week to LAST."""
    last_friday = LAST - timedelta(days=(LAST.weekday() - 4) % 7)
    first_monday = last_friday - timedelta(days=4) - timedelta(weeks=weeks - 1)
    return sessions(first_monday, LAST)


def universe(symbols: int, rng: np.random.Generator) -> pd.DataFrame:
    rows = [(s, name, "index", "", "", "benchmark") for s, name, _, _ in INDICES]
    rows += [(s, name, "etf", sector, "", "sector_etf") for s, name, sector in SECTOR_ETFS]
    rows += [(s, name, "stock", sector, "mega", "mag7") for s, name, sector in MAG7]
    synthetic = symbols - len(rows)
    if synthetic < 0:
        raise ValueError(f"symbols must be at least {len(rows)}")
    sectors = rng.choice(SECTORS, synthetic)
    sizes = rng.choice(SIZES, synthetic, p=(0.3, 0.4, 0.3))
    for i, (sector, size) in enumerate(zip(sectors, sizes, strict=True), start=1):
        rows.append((f"S{i:04d}", f"Synthetic {sector} {i:04d} Inc.", "stock", sector, size, ""))
    return pd.DataFrame(rows, columns=["symbol", "name", "kind", "sector", "size", "groups"])


def closes(days: int, table: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """A (days × symbols) matrix of closes: market + sector + own noise, bridged to end levels."""
    n = len(table)
    market = rng.normal(0.0, 0.011, days)
    sector_noise = {s: rng.normal(0.0, 0.007, days) for s in SECTORS}
    beta = rng.uniform(0.6, 1.5, n)
    beta[: len(INDICES)] = (1.15, 1.0, 1.2)
    own_vol = np.where(table["kind"] == "stock", 0.016, 0.003)
    own_vol = np.where(table["size"] == "small", 0.024, own_vol)
    sector_part = np.column_stack(
        [sector_noise.get(s, np.zeros(days)) for s in table["sector"].fillna("")]
    )
    steps = market[:, None] * beta + sector_part + rng.normal(0.0, 1.0, (days, n)) * own_vol
    walk = np.cumsum(steps, axis=0)
    start = rng.uniform(20.0, 200.0, n)
    growth = rng.normal(0.06, 0.04, n) * days / 252  # log growth over the whole span
    for i, (_, _, lo, hi) in enumerate(INDICES):
        start[i], growth[i] = lo, np.log(hi / lo)
    t = np.linspace(0.0, 1.0, days)[:, None]
    bridge = walk - t * walk[-1]  # a walk pinned to zero at both ends
    return np.round(start * np.exp(t * growth + bridge), 2)


def long_prices(days: Sequence[date], symbols: Sequence[str], matrix: np.ndarray) -> pd.DataFrame:
    """Long rows (date, symbol, close), sorted by date then symbol like the sample."""
    order = np.argsort(np.asarray(symbols))
    return pd.DataFrame(
        {
            "date": np.repeat(np.array([d.isoformat() for d in days]), len(symbols)),
            "symbol": np.tile(np.asarray(symbols)[order], len(days)),
            "close": matrix[:, order].reshape(-1),
        }
    )


def write_prices(path: Path, frame: pd.DataFrame, append: bool = False) -> None:
    frame.to_csv(
        path,
        mode="a" if append else "w",
        header=not append,
        index=False,
        float_format="%.2f",
        lineterminator="\n",
    )


def fomc_days(years: range, days: Sequence[date]) -> list[date]:
    """Eight decision days a year: the session on or after the third Wednesday of these months."""
    valid = sorted(days)
    out = []
    for year in years:
        for month in (1, 3, 5, 6, 7, 9, 10, 12):
            first = date(year, month, 1)
            wednesday = first + timedelta(days=(2 - first.weekday()) % 7 + 14)
            day = next((d for d in valid if d >= wednesday), None)
            if day is not None and day.month == month:
                out.append(day)
    return out


def macro(days: Sequence[date], rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """events.csv (FOMC, CPI) and fed_funds.csv, one consistent rate path."""
    years = range(days[0].year, days[-1].year + 1)
    lower, events, funds = 4.25, [], [(days[0], 4.25, 4.50)]
    for day in fomc_days(years, days):
        if day <= days[0]:
            continue
        move = int(rng.choice((-25, 0, 0, 0, 25)))
        move = 0 if not 0.0 <= lower + move / 100 <= 5.25 else move
        lower += move / 100
        span = f"{lower:.2f}–{lower + 0.25:.2f}%"
        verb = "holds at" if move == 0 else ("raises" if move > 0 else "cuts")
        label = f"FOMC {verb} {span}" if move == 0 else f"FOMC {verb} {abs(move)} bp to {span}"
        events.append((day, "fomc", label))
        if move:
            after = next((d for d in days if d > day), day + timedelta(days=1))
            funds.append((after, lower, lower + 0.25))
    for year in years:
        for month in range(1, 13):
            twelfth = date(year, month, 12)
            day = next((d for d in days if d >= twelfth), None)
            if day is not None and day.month == month and day > days[0]:
                prior = date(year, month, 1) - timedelta(days=1)
                events.append((day, "cpi", f"CPI ({prior:%B}) released"))
    events.sort()
    ev = pd.DataFrame(events, columns=["date", "kind", "label"])
    fed = pd.DataFrame(funds, columns=["date", "lower", "upper"])
    return ev, fed


def targets(days: Sequence[date], spx: np.ndarray, rut: np.ndarray) -> pd.DataFrame:
    """Each year from the second: three SPX targets and one RUT target for its year end."""
    rows = []
    index = {d: i for i, d in enumerate(days)}
    for year in range(days[0].year + 1, days[-1].year + 2):
        published = next((d for d in days if d >= date(year - 1, 11, 17)), None)
        if published is None:
            continue
        i = index[published]
        horizon = f"{year}-12-31"
        for firm, scenario, factor, level in (
            ("Morgan Stanley", "base", 1.10, spx[i]),
            ("Goldman Sachs", "base", 1.08, spx[i]),
            ("Street bull case", "bull", 1.18, spx[i]),
        ):
            rows.append(
                (
                    firm,
                    "SPX",
                    horizon,
                    scenario,
                    round(level * factor / 25) * 25,
                    published,
                    "synthetic benchmark data",
                )
            )
        rows.append(
            (
                "Small-cap desk",
                "RUT",
                horizon,
                "base",
                round(rut[i] * 1.12 / 10) * 10,
                published,
                "synthetic benchmark data",
            )
        )
    return pd.DataFrame(
        rows, columns=["firm", "index", "horizon", "scenario", "target", "published", "source"]
    )


def week_ends(days: Sequence[date]) -> list[date]:
    """The last session of each Monday-to-Friday week that is complete in ``days``."""
    by_week: dict[tuple[int, int], date] = {}
    for day in days:
        by_week[day.isocalendar()[:2]] = day
    ends = sorted(by_week.values())
    return ends if (ends[-1].weekday() == 4 or ends[-1] != days[-1]) else ends[:-1]


COMMENTARY = """---
title: "Week {n}: {headline}"
authors: [{author}]
summary: Small caps against large caps and the sector table, week ended {end:%B %-d, %Y}.
tags: [rotation, sectors, benchmark]
---

The Russell 2000 closed the week at {{{{ close("RUT") }}}}, {{{{ change("RUT") }}}} on the
week, while the S&P 500 moved {{{{ change("SPX") }}}} and closed at {{{{ close("SPX") }}}}.
The Nasdaq Composite changed {{{{ change("IXIC") }}}}.

{para}

Over four weeks the small-cap index moved {{{{ change("RUT", weeks=4) }}}} against
{{{{ change("SPX", weeks=4) }}}} for the large caps. The sector table below shows which parts
of the market led and which lagged.

{{{{ chart("sectors") }}}}

This is synthetic benchmark commentary: the words are placeholders and the numbers come from
the data as of the week's last session.
"""
HEADLINES = (
    "small caps test the rotation",
    "large caps keep the lead",
    "sectors split ahead of the Fed",
    "a quiet week for the indices",
    "breadth widens beyond the giants",
)
PARAGRAPHS = (
    "Rate expectations moved again after the latest data, and the market leaned toward the "
    "sectors that gain most from cheaper money: banks, builders and smaller industrials.",
    "Mega-cap technology drifted while cyclical sectors found buyers; the spread between "
    "small and large caps is the week's story in one line.",
    "Energy and materials traded on commodity prices, utilities and staples on yields; "
    "neither group changed the broader picture.",
)


def write_commentary(
    folder: Path, ends: Sequence[date], every: int = 4, sectors_from: date | None = None
) -> int:
    """A commentary every ``every`` weeks; the sector chart only from ``sectors_from`` on
    (an author writes none before the sector funds have closes: it would be an error)."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for n, end in enumerate(ends, start=1):
        if n % every:
            continue
        template = COMMENTARY
        if sectors_from is not None and end < sectors_from:
            template = template.replace('{{{{ chart("sectors") }}}}\n\n', "")
        text = template.format(
            n=n,
            headline=HEADLINES[n % len(HEADLINES)],
            author=AUTHORS[n % len(AUTHORS)],
            end=end,
            para=PARAGRAPHS[n % len(PARAGRAPHS)],
        )
        (folder / f"{end.isoformat()}.md").write_text(text, encoding="utf-8")
        count += 1
    return count


def staggered_starts(
    days: Sequence[date], table: pd.DataFrame, matrix: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """The closes with each symbol's sessions before its first close blanked (``LAUNCHED``,
    and a third of the synthetic stocks listed later): data shaped like real exports."""
    shaped = matrix.astype("float64")
    stamps = np.asarray(days, dtype="datetime64[D]")
    for column, symbol in enumerate(table["symbol"]):
        first = 0
        if symbol in LAUNCHED:
            first = int(np.searchsorted(stamps, np.datetime64(LAUNCHED[symbol], "D")))
        elif symbol[1:].isdigit() and rng.random() < 1 / 3:  # S0001…, not SPX
            first = int(rng.integers(1, len(days) * 4 // 5))
        shaped[:first, column] = np.nan
    return shaped


SYNTHETIC = (
    "Synthetic: every close, name and commentary here was generated by marketweek's "
    "benchmarks/scale.py to measure speed; no figure is real."
)


def write_settings(path: Path) -> None:
    """The repository's settings, but the sample's data note and copyright, which say what
    of the sample is real: here nothing is."""
    lines = (REPO / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    said = {
        "    data_note:": f"    data_note: {json.dumps(SYNTHETIC)}",
        "copyright:": f"copyright: {json.dumps(SYNTHETIC + ' Not investment advice.')}",
    }
    lines = [next((v for k, v in said.items() if line.startswith(k)), line) for line in lines]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_scale_project(
    folder: Path, weeks: int = 1040, symbols: int = 500, staggered: bool = False
) -> dict[str, int]:
    """Write the project into ``folder`` (created); return a few counts for the record;
    ``staggered``: symbols begin at different dates (``staggered_starts``)."""
    folder = Path(folder)
    data = folder / "content" / "data"
    data.mkdir(parents=True, exist_ok=True)
    write_settings(folder / "mkdocs.yml")
    rng = np.random.default_rng(SEED)
    days = scale_sessions(weeks)
    table = universe(symbols, rng)
    matrix = closes(len(days), table, rng)
    shaped = staggered_starts(days, table, matrix, rng) if staggered else matrix
    prices = long_prices(days, list(table["symbol"]), shaped).dropna()
    write_prices(data / "prices.csv", prices)
    table.to_csv(data / "universe.csv", index=False, lineterminator="\n")
    events, funds = macro(days, np.random.default_rng(SEED + 1))
    events.to_csv(data / "events.csv", index=False, lineterminator="\n")
    funds.to_csv(data / "fed_funds.csv", index=False, float_format="%.2f", lineterminator="\n")
    col = {s: i for i, s in enumerate(table["symbol"])}
    tgt = targets(days, matrix[:, col["SPX"]], matrix[:, col["RUT"]])
    tgt.to_csv(data / "targets.csv", index=False, lineterminator="\n")
    ends = week_ends(days)
    first_sector = min(LAUNCHED[symbol] for symbol, _, _ in SECTOR_ETFS) + timedelta(days=14)
    notes = write_commentary(
        folder / "content" / "weeks", ends, 4, first_sector if staggered else None
    )
    return {
        "sessions": len(days),
        "symbols": len(table),
        "rows": len(prices),
        "weeks": len(ends),
        "commentaries": notes,
    }


def append_week(folder: Path, count: int = 5) -> list[date]:
    """Append the next ``count`` sessions for every symbol to prices.csv (seeded by the date)."""
    path = Path(folder) / "content" / "data" / "prices.csv"
    frame = pd.read_csv(path, dtype={"date": str, "symbol": str})
    last_day = date.fromisoformat(frame["date"].iloc[-1])
    last = frame[frame["date"] == frame["date"].iloc[-1]]
    new_days = sessions(last_day + timedelta(days=1), last_day + timedelta(days=14))[:count]
    rng = np.random.default_rng(SEED + last_day.toordinal())
    steps = rng.normal(0.0004, 0.012, (len(new_days), len(last)))
    matrix = np.round(last["close"].to_numpy() * np.exp(np.cumsum(steps, axis=0)), 2)
    rows = pd.DataFrame(
        {
            "date": np.repeat([d.isoformat() for d in new_days], len(last)),
            "symbol": np.tile(last["symbol"].to_numpy(), len(new_days)),
            "close": matrix.reshape(-1),
        }
    )
    write_prices(path, rows, append=True)
    return list(new_days)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the project into")
    parser.add_argument("--weeks", type=int, default=1040)
    parser.add_argument("--symbols", type=int, default=500)
    args = parser.parse_args(argv)
    started = time.monotonic()
    counts = write_scale_project(args.out, args.weeks, args.symbols)
    print(f"{counts} in {time.monotonic() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
