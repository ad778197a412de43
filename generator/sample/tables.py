"""The sample's tables other than prices: universe, targets, events, fed funds, rates, sources."""

from collections.abc import Sequence
from datetime import date, timedelta

from generator.sample import anchors as data
from generator.sample import weekly

Row = Sequence[str]

# Who provides each series, as source lines name them, and the record closes from before the
# sample's first day (docs/figures.md), so that only closes above them are called records.
SOURCES: tuple[Row, ...] = (
    (
        "prices",
        # The page's data note says what is illustrative, once; source lines name providers.
        "FTSE Russell, S&P Dow Jones Indices, Nasdaq and the listings of SPY, QQQ and the "
        "Magnificent Seven (week-end closes); marketweek's sample generator (the rest)",
        "",
        "",
    ),
    (
        "targets",
        "strategists' year-end targets as reported in the press",
        "",
        "",
    ),
    (
        "events",
        "Federal Reserve FOMC calendar; BLS release calendar",
        "",
        "",
    ),
    ("fed_funds", "Federal Reserve", "", ""),
    ("rates", "FRED (DGS2, DGS10: Treasury yields at constant maturity)", "", ""),
    ("universe", "index, sector (GICS) and group membership", "", ""),
    ("RUT", "FTSE Russell (its record close before the sample data)", "2442.74", "2021-11-08"),
    (
        "SPX",
        "S&P Dow Jones Indices (its record close before the sample data)",
        "4796.56",
        "2022-01-03",
    ),
    ("IXIC", "Nasdaq (its record close before the sample data)", "16057.44", "2021-11-19"),
)


def build_universe() -> Sequence[Row]:
    return sorted(data.UNIVERSE)


def build_targets() -> Sequence[Row]:
    return sorted(data.TARGETS, key=lambda row: (row[5], row[0]))


def build_fed_funds() -> Sequence[Row]:
    return [(day, f"{lower:.2f}", f"{upper:.2f}") for day, lower, upper in list_ranges()]


def list_ranges() -> list[tuple[str, float, float]]:
    return [data.FED_FUNDS_START, *data.FED_FUNDS_CHANGES]


def build_rates() -> Sequence[Row]:
    """The real 2- and 10-year Treasury yields, one value per week end (FRED DGS2, DGS10: the
    last value on or before the week's last session)."""
    table = weekly.read_weekly()
    rows = [
        (day, series, f"{value:.2f}")
        for series in weekly.YIELDS
        for day, value in table[series].items()
        if day >= data.FIRST_SESSION  # from the first week of the data, like the prices
    ]
    return sorted(rows)


def build_events() -> Sequence[Row]:
    rows = [(day, "fomc", label_fomc(day)) for day in data.FOMC_DECISIONS]
    rows += [(day, "fomc", "FOMC decision") for day in data.FOMC_SCHEDULED]
    rows += [(day, "cpi", f"CPI ({month}) released") for day, month in data.CPI_RELEASES]
    rows += [
        (day, "cpi", f"CPI ({month}) report, illustrative date") for day, month in data.CPI_2026
    ]
    rows += [
        (day, "payrolls", f"Jobs report ({month}), illustrative date")
        for day, month in list_payrolls(*data.PAYROLL_MONTHS)
    ]
    rows += [(day, "earnings", label) for day, label in data.EARNINGS]
    return sorted(rows)


def list_payrolls(first: str, last: str) -> list[tuple[str, str]]:
    """The first Friday of each month from first to last (YYYY-MM), and the month before it
    (the month the report covers)."""
    out = []
    month = date.fromisoformat(f"{first}-01")
    while month.isoformat()[:7] <= last:
        friday = month + timedelta(days=(4 - month.weekday()) % 7)
        covered = (month - timedelta(days=1)).strftime("%B")
        out.append((friday.isoformat(), covered))
        month = (month + timedelta(days=32)).replace(day=1)
    return out


def label_fomc(decision: str) -> str:
    """Label a decision by the range change FRED records the next day, if there is one."""
    effective = (date.fromisoformat(decision) + timedelta(days=1)).isoformat()
    before = [one for one in list_ranges() if one[0] <= decision][-1]
    after = next((one for one in list_ranges() if one[0] == effective), None)
    if after is None:
        return f"FOMC holds at {format_range(before)}"
    move = round((after[2] - before[2]) * 100)
    verb = "raises" if move > 0 else "cuts"
    return f"FOMC {verb} {abs(move)} bp to {format_range(after)}"


def format_range(rate: tuple[str, float, float]) -> str:
    return f"{rate[1]:.2f}–{rate[2]:.2f}%"
