"""Write the project's sample data: real week-end closes, an ILLUSTRATIVE path between them.

Prices are Gaussian random walks in log price, bridged so that they pass exactly through each
symbol's anchors. For the Russell 2000, S&P 500, Nasdaq Composite, SPY, QQQ and the
Magnificent Seven the anchors are real: every week-end close of ``weekly_closes.csv`` and the
daily closes of ``docs/figures.md``; only the days between them are drawn, and never above the
highest real close so far (no invented records). The other symbols (sector ETFs, the rotation
stocks) are illustrative throughout: shape anchors of ``anchors`` where they have them, and
after their last anchor a free walk that follows their parent. Each symbol has its own
generator, seeded from a fixed seed and a stable hash of its name; a symbol's daily returns
follow its parent's (SPY follows the S&P 500, small caps the Russell 2000...). Walks that break
a symbol's bounds are redrawn.
"""

import csv
import math
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import exchange_calendars as xcals
import numpy as np
import numpy.typing as npt

from generator.sample import anchors as data
from generator.sample import weekly
from generator.sample.tables import (
    SOURCES,
    build_events,
    build_fed_funds,
    build_rates,
    build_targets,
    build_universe,
)

SEED = 20251211
MAX_DRAWS = 1_000
# A change within this many percentage points of pct rounds to pct, whatever the rounding rule.
ROUNDING_MARGIN = 0.0049
CENT_REACH = 3

Floats = npt.NDArray[np.float64]
Row = Sequence[str]


@dataclass(frozen=True)
class Segment:
    """The grid positions between two consecutive anchors, and the anchors' log closes."""

    start: int
    end: int
    start_log: float
    end_log: float


@dataclass(frozen=True)
class Series:
    """One symbol's closes (in cents) and the raw daily log returns its children follow."""

    closes: Floats
    returns: Floats


def write_sample_data(out_dir: Path) -> list[Path]:
    """Write every sample CSV into out_dir (created if missing); return the paths, sorted."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tables: dict[str, tuple[Row, Sequence[Row]]] = {
        "prices.csv": (("date", "symbol", "close"), build_price_rows()),
        "universe.csv": (("symbol", "name", "kind", "sector", "size", "groups"), build_universe()),
        "targets.csv": (
            ("firm", "index", "horizon", "scenario", "target", "published", "source"),
            build_targets(),
        ),
        "events.csv": (("date", "kind", "label"), build_events()),
        "fed_funds.csv": (("date", "lower", "upper"), build_fed_funds()),
        "rates.csv": (("date", "series", "value"), build_rates()),
        "sources.csv": (("series", "provider", "prior_high", "prior_high_date"), SOURCES),
    }
    return sorted(write_csv(out_dir / name, *table) for name, table in tables.items())


def write_csv(path: Path, header: Row, rows: Iterable[Row]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


# --- Prices ---------------------------------------------------------------------------------


def build_price_rows() -> Sequence[Row]:
    grid = load_grid()
    closes = simulate_all(grid)
    return [
        (day, symbol, f"{closes[symbol][position]:.2f}")
        for position, day in enumerate(grid)
        if day >= data.FIRST_SESSION
        for symbol in sorted(closes)
    ]


def load_grid() -> list[str]:
    """The XNYS sessions of the data window, preceded by the session before it (2022-12-30)."""
    calendar = xcals.get_calendar("XNYS")
    sessions = calendar.sessions_in_range(data.FIRST_SESSION, data.LAST_SESSION)
    prior = calendar.previous_session(data.FIRST_SESSION)
    return [day.strftime("%Y-%m-%d") for day in (prior, *sessions)]


def simulate_all(grid: list[str]) -> dict[str, Floats]:
    series: dict[str, Series] = {}
    for symbol, (parent, beta, volatility) in data.PRICE_MODEL.items():
        driver = beta * series[parent].returns if parent else np.zeros(len(grid))
        series[symbol] = simulate_symbol(symbol, grid, driver, volatility)
    return {symbol: one.closes for symbol, one in series.items()}


def simulate_symbol(symbol: str, grid: list[str], driver: Floats, volatility: float) -> Series:
    """The symbol's closes, and its realised daily log returns (which its children follow)."""
    rng = np.random.default_rng([SEED, zlib.crc32(symbol.encode("utf-8"))])
    anchors = collect_anchors(symbol)
    segments = build_segments(anchors, grid)
    floor, ceiling = build_bounds(symbol, grid)
    if symbol in weekly.real_weekly_symbols():
        ceiling = cap_at_real_highs(ceiling, segments)
    logs = np.zeros(len(grid))
    for segment in segments:
        inner = slice(segment.start + 1, segment.end)
        days = slice(segment.start + 1, segment.end + 1)
        bounds = (floor[inner], ceiling[inner])
        logs[segment.start : segment.end + 1] = draw_segment(
            rng, segment, driver[days], volatility, bounds
        )
    last = segments[-1].end
    if last < len(grid) - 1:
        tail = slice(last + 1, len(grid))
        logs[last:] = draw_tail(
            rng, logs[last], driver[tail], volatility, (floor[tail], ceiling[tail])
        )
    returns = np.concatenate(([0.0], np.diff(logs)))
    return Series(to_cents(np.exp(logs)), returns)


def draw_segment(
    rng: np.random.Generator,
    segment: Segment,
    driver: Floats,
    volatility: float,
    bounds: tuple[Floats, Floats],
) -> Floats:
    """The bridged log path of one segment, redrawn until within bounds. After half the draws
    the parent's moves weigh less and less: a fund that tracks its index closely (SPY) cannot
    otherwise avoid a high of its own where the index stays just below its own."""
    for attempt in range(MAX_DRAWS):
        weight = min(1.0, 2 * (1 - attempt / MAX_DRAWS))
        steps = weight * driver + volatility * rng.standard_normal(len(driver))
        path = bridge_walk(steps, segment.start_log, segment.end_log)
        if within_bounds(path[1:-1], *bounds):
            return path
    raise RuntimeError(f"no walk within bounds from grid position {segment.start}")


def draw_tail(
    rng: np.random.Generator,
    start_log: float,
    driver: Floats,
    volatility: float,
    bounds: tuple[Floats, Floats],
) -> Floats:
    """A free walk from start_log after a symbol's last anchor (its parent's moves plus its own
    noise), redrawn until within bounds; the first value is start_log itself."""
    for _ in range(MAX_DRAWS):
        steps = driver + volatility * rng.standard_normal(len(driver))
        path = start_log + np.concatenate(([0.0], np.cumsum(steps)))
        if within_bounds(path[1:], *bounds):
            return path
    raise RuntimeError("no free walk within bounds after the last anchor")


def bridge_walk(steps: Floats, start_log: float, end_log: float) -> Floats:
    """The walk of steps from start_log, tilted linearly so that it ends exactly at end_log."""
    walk = np.concatenate(([0.0], np.cumsum(steps)))
    error = walk[-1] - (end_log - start_log)
    fraction = np.arange(len(walk)) / (len(walk) - 1)
    bridged: Floats = start_log + walk - error * fraction
    bridged[-1] = end_log
    return bridged


def within_bounds(logs: Floats, floor: Floats, ceiling: Floats) -> bool:
    closes = to_cents(np.exp(logs))
    return bool(np.all(closes > floor) and np.all(closes < ceiling))


def to_cents(values: Floats) -> Floats:
    cents: Floats = np.rint(values * 100) / 100
    return cents


def build_bounds(symbol: str, grid: list[str]) -> tuple[Floats, Floats]:
    """Per-session floor and ceiling arrays for the symbol's generated closes."""
    days = np.array(grid)
    floor = np.zeros(len(grid))
    ceiling = np.full(len(grid), np.inf)
    for first, last, low, high in data.PRICE_BOUNDS.get(symbol, ()):
        inside = (days >= first) & (days <= last)
        floor[inside] = np.maximum(floor[inside], low)
        ceiling[inside] = np.minimum(ceiling[inside], high)
    return floor, ceiling


def cap_at_real_highs(ceiling: Floats, segments: list[Segment]) -> Floats:
    """Keep each drawn close below the highest real close up to the segment's end, so that no
    record or "highest since" falls on an illustrative day."""
    capped = ceiling.copy()
    high = -math.inf
    for segment in segments:
        high = max(high, segment.start_log, segment.end_log)
        inner = slice(segment.start + 1, segment.end)
        capped[inner] = np.minimum(capped[inner], math.exp(high) - 0.005)
    return capped


def build_segments(anchors: dict[str, float], grid: list[str]) -> list[Segment]:
    """Segments between consecutive anchors; the first anchor must be the grid's first day (a
    symbol whose anchors stop early walks freely after its last one)."""
    position = {day: index for index, day in enumerate(grid)}
    unknown = sorted(set(anchors) - set(position))
    if unknown:
        raise ValueError(f"anchor dates are not sessions: {', '.join(unknown)}")
    points = sorted((position[day], math.log(close)) for day, close in anchors.items())
    if points[0][0] != 0 or len(points) < 2:
        raise ValueError(f"anchors must include {grid[0]} and a later day")
    return [Segment(a, b, log_a, log_b) for (a, log_a), (b, log_b) in pairwise(points)]


# --- Anchors --------------------------------------------------------------------------------


def collect_anchors(symbol: str) -> dict[str, float]:
    """Real week-end and daily closes for the symbols of weekly_closes.csv; for the others,
    shape anchors, overridden by real closes where both exist."""
    week_ends = weekly.weekly_closes(symbol)
    if week_ends:
        return merge_real(symbol, week_ends, collect_real_anchors(symbol))
    blank = (None,) * len(data.SHAPE_DATES)
    shape = data.SHAPE_CLOSES.get(symbol, blank)
    anchors = {
        day: close for day, close in zip(data.SHAPE_DATES, shape, strict=True) if close is not None
    }
    anchors.update(data.EXTRA_SHAPE.get(symbol, {}))
    anchors.update(collect_real_anchors(symbol))
    return anchors


def merge_real(
    symbol: str, week_ends: dict[str, float], daily: dict[str, float]
) -> dict[str, float]:
    """Week-end closes and daily closes together; the two sources must agree where they meet."""
    clash = sorted(day for day in set(week_ends) & set(daily) if week_ends[day] != daily[day])
    if clash:
        raise ValueError(f"{symbol}: weekly and daily real closes disagree on {', '.join(clash)}")
    return week_ends | daily


def collect_real_anchors(symbol: str) -> dict[str, float]:
    anchors: dict[str, float] = dict(data.RUT_DAILY) if symbol == "RUT" else {}
    for dates, table in ((data.EARLY_DATES, data.EARLY_CLOSES), (data.KEY_DATES, data.KEY_CLOSES)):
        if symbol in table:
            anchors.update(zip(dates, table[symbol], strict=True))
    anchors.update(derive_run_anchors(symbol))
    return anchors


def derive_run_anchors(symbol: str) -> dict[str, float]:
    """Closes around the 2025-11-20 -> 2025-12-11 run that reproduce the real % changes."""
    if symbol in data.MAG7_RUN:
        close, pct = data.MAG7_RUN[symbol]
        return {"2025-11-20": pick_base(close, pct), "2025-12-11": close}
    if symbol in data.BANK_RUN:
        start, end = data.BANK_RUN[symbol]
        return {"2025-11-20": start, "2025-12-11": end}
    if symbol in data.SECTOR_RUN:
        return derive_sector_anchors(*data.SECTOR_RUN[symbol])
    return {}


def derive_sector_anchors(
    level: float, run_pct: float, week_pct: float, day_pct: float
) -> dict[str, float]:
    start, end = solve_change(level / (1 + run_pct / 100), run_pct)
    week_start, week_end = solve_change(end * (1 + day_pct / 100) / (1 + week_pct / 100), week_pct)
    return {
        "2025-11-20": start,
        "2025-12-05": week_start,
        "2025-12-11": end,
        "2025-12-12": week_end,
    }


def change_matches(base: float, close: float, pct: float) -> bool:
    return abs((close / base - 1) * 100 - pct) < ROUNDING_MARGIN


def find_cent(center: float, accept: Callable[[float], bool], reach: int) -> float | None:
    """The cent price nearest center (within reach cents) that accept approves."""
    middle = round(center * 100)
    for offset in range(reach + 1):
        for cents in (middle - offset, middle + offset):
            if accept(cents / 100):
                return cents / 100
    return None


def pick_close(base: float, pct: float) -> float | None:
    """The cent price nearest base * (1 + pct%) whose change from base rounds to pct."""
    target = base * (1 + pct / 100)
    return find_cent(target, lambda close: change_matches(base, close, pct), CENT_REACH)


def pick_base(close: float, pct: float) -> float:
    """The cent price nearest close / (1 + pct%) from which close is a change rounding to pct."""
    guess = close / (1 + pct / 100)
    base = find_cent(guess, lambda start: change_matches(start, close, pct), CENT_REACH)
    if base is None:
        raise ValueError(f"no cent price moves to {close} by {pct}%")
    return base


def solve_change(guess: float, pct: float) -> tuple[float, float]:
    """A (base, close) pair of cent prices, base near guess, whose change rounds to pct."""
    base = find_cent(guess, lambda start: pick_close(start, pct) is not None, 100)
    close = None if base is None else pick_close(base, pct)
    if base is None or close is None:
        raise ValueError(f"no cent prices near {guess} change by {pct}%")
    return base, close
