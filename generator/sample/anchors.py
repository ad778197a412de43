"""Pure data behind the illustrative sample: universe, price anchors, rates, events, targets.

Two kinds of price anchor live here:

* **real** closes copied from ``docs/figures.md``; the sample passes through them exactly
  (with the real week-end closes of ``weekly_closes.csv``, read by ``weekly``);
* **shape** anchors: roughly real, ILLUSTRATIVE levels (split-adjusted) that make the random
  walks of the symbols without real weekly closes (sector ETFs, the rotation stocks) tell the
  story of 2023-2025. They are not data, and the symbols of ``weekly_closes.csv`` ignore them.
"""

from math import inf

# Hand-laid-out data tables: the formatter stays off until the end of the module.
# fmt: off

# The data window: the first session, and the last week end of weekly_closes.csv.
FIRST_SESSION = "2023-01-03"
LAST_SESSION = "2026-08-21"

# --- Universe -------------------------------------------------------------------------------

# symbol, name, kind, sector, size, groups
UNIVERSE: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("RUT", "Russell 2000", "index", "", "", "benchmark"),
    ("SPX", "S&P 500", "index", "", "", "benchmark"),
    ("IXIC", "Nasdaq Composite", "index", "", "", "benchmark"),
    ("SPY", "SPDR S&P 500 ETF Trust", "etf", "", "", "benchmark"),
    ("QQQ", "Invesco QQQ Trust", "etf", "", "", "benchmark"),
    ("XLB", "Materials Select Sector SPDR Fund", "etf", "Materials", "", "sector_etf"),
    ("XLC", "Communication Services Select Sector SPDR Fund", "etf", "Communication Services",
     "", "sector_etf"),
    ("XLE", "Energy Select Sector SPDR Fund", "etf", "Energy", "", "sector_etf"),
    ("XLF", "Financial Select Sector SPDR Fund", "etf", "Financials", "", "sector_etf"),
    ("XLI", "Industrial Select Sector SPDR Fund", "etf", "Industrials", "", "sector_etf"),
    ("XLK", "Technology Select Sector SPDR Fund", "etf", "Information Technology", "",
     "sector_etf"),
    ("XLP", "Consumer Staples Select Sector SPDR Fund", "etf", "Consumer Staples", "",
     "sector_etf"),
    ("XLRE", "Real Estate Select Sector SPDR Fund", "etf", "Real Estate", "", "sector_etf"),
    ("XLU", "Utilities Select Sector SPDR Fund", "etf", "Utilities", "", "sector_etf"),
    ("XLV", "Health Care Select Sector SPDR Fund", "etf", "Health Care", "", "sector_etf"),
    ("XLY", "Consumer Discretionary Select Sector SPDR Fund", "etf", "Consumer Discretionary",
     "", "sector_etf"),
    ("AAPL", "Apple Inc.", "stock", "Information Technology", "mega", "mag7"),
    ("MSFT", "Microsoft Corporation", "stock", "Information Technology", "mega", "mag7"),
    ("NVDA", "NVIDIA Corporation", "stock", "Information Technology", "mega", "mag7"),
    ("GOOG", "Alphabet Inc. (Class C)", "stock", "Communication Services", "mega", "mag7"),
    ("AMZN", "Amazon.com, Inc.", "stock", "Consumer Discretionary", "mega", "mag7"),
    ("META", "Meta Platforms, Inc.", "stock", "Communication Services", "mega", "mag7"),
    ("TSLA", "Tesla, Inc.", "stock", "Consumer Discretionary", "mega", "mag7"),
    ("CFG", "Citizens Financial Group, Inc.", "stock", "Financials", "large", "regional_banks"),
    ("RF", "Regions Financial Corporation", "stock", "Financials", "large", "regional_banks"),
    ("ZION", "Zions Bancorporation, N.A.", "stock", "Financials", "mid", "regional_banks"),
    ("VKTX", "Viking Therapeutics, Inc.", "stock", "Health Care", "small", "biotech"),
    ("WGS", "GeneDx Holdings Corp.", "stock", "Health Care", "small", "biotech"),
    ("AAON", "AAON, Inc.", "stock", "Industrials", "mid", "industrials"),
    ("ROAD", "Construction Partners, Inc.", "stock", "Industrials", "mid", "industrials"),
)

# --- Price model ----------------------------------------------------------------------------

# symbol: (parent, beta, idiosyncratic daily volatility). A day's log return is
# beta * parent's return + volatility * N(0, 1). Parents come before their children.
PRICE_MODEL: dict[str, tuple[str, float, float]] = {
    "SPX": ("", 0.0, 0.0100),
    "IXIC": ("SPX", 1.15, 0.0050),
    "RUT": ("SPX", 1.00, 0.0080),
    "SPY": ("SPX", 1.00, 0.0003),
    "QQQ": ("IXIC", 1.00, 0.0020),
    "XLB": ("SPX", 0.90, 0.0080),
    "XLC": ("SPX", 1.00, 0.0080),
    "XLE": ("SPX", 0.60, 0.0130),
    "XLF": ("SPX", 1.00, 0.0070),
    "XLI": ("SPX", 0.90, 0.0060),
    "XLK": ("SPX", 1.30, 0.0060),
    "XLP": ("SPX", 0.40, 0.0070),
    "XLRE": ("SPX", 0.80, 0.0090),
    "XLU": ("SPX", 0.50, 0.0090),
    "XLV": ("SPX", 0.60, 0.0070),
    "XLY": ("SPX", 1.10, 0.0080),
    "AAPL": ("IXIC", 1.00, 0.0120),
    "MSFT": ("IXIC", 1.00, 0.0110),
    "NVDA": ("IXIC", 1.60, 0.0240),
    "GOOG": ("IXIC", 1.00, 0.0150),
    "AMZN": ("IXIC", 1.10, 0.0150),
    "META": ("IXIC", 1.20, 0.0200),
    "TSLA": ("IXIC", 1.50, 0.0300),
    "CFG": ("RUT", 1.10, 0.0150),
    "RF": ("RUT", 1.10, 0.0140),
    "ZION": ("RUT", 1.20, 0.0180),
    "VKTX": ("RUT", 1.00, 0.0330),
    "WGS": ("RUT", 1.10, 0.0330),
    "AAON": ("RUT", 1.00, 0.0200),
    "ROAD": ("RUT", 1.00, 0.0200),
}

# symbol: ((first date, last date, floor, ceiling), ...): every generated (non-anchor) close in
# the date range must lie strictly between floor and ceiling. The autumn 2023 and spring 2025
# lows (real daily closes) stay the lows of their years. (No ceilings: the days drawn between
# real closes never reach the highest real close so far, see ``generate.cap_at_real_highs``.)
PRICE_BOUNDS: dict[str, tuple[tuple[str, str, float, float], ...]] = {
    "RUT": (
        ("2023-01-03", "2023-12-29", 1636.94, inf),
        ("2025-01-02", "2025-12-31", 1760.71, inf),
    ),
    "SPX": (("2025-01-02", "2025-12-31", 4982.77, inf),),
    "IXIC": (("2025-01-02", "2025-12-31", 15267.91, inf),),
    "SPY": (("2025-01-02", "2025-12-31", 496.48, inf),),
    "QQQ": (("2025-01-02", "2025-12-31", 416.06, inf),),
}

# --- Real closes (docs/figures.md) -----------------------------------------------------

RUT_DAILY: tuple[tuple[str, float], ...] = (
    ("2022-12-30", 1761.25), ("2023-06-30", 1888.73), ("2023-10-27", 1636.94),
    ("2023-12-29", 2027.07), ("2024-06-28", 2047.69), ("2024-11-25", 2442.03),
    ("2024-12-31", 2230.16), ("2025-04-08", 1760.71), ("2025-09-18", 2467.70),
    ("2025-11-20", 2305.11),
    ("2025-11-21", 2369.59), ("2025-11-24", 2414.28), ("2025-11-25", 2465.98),
    ("2025-11-26", 2486.12), ("2025-11-28", 2500.43), ("2025-12-01", 2469.13),
    ("2025-12-02", 2464.98), ("2025-12-03", 2512.14), ("2025-12-04", 2531.16),
    ("2025-12-05", 2521.48), ("2025-12-08", 2520.98), ("2025-12-09", 2526.24),
    ("2025-12-10", 2559.61), ("2025-12-11", 2590.61), ("2025-12-12", 2551.46),
    ("2025-12-15", 2530.67), ("2025-12-16", 2519.30), ("2025-12-17", 2492.30),
    ("2025-12-18", 2507.87), ("2025-12-19", 2529.43), ("2025-12-22", 2558.78),
    ("2025-12-23", 2541.12), ("2025-12-24", 2548.08), ("2025-12-26", 2534.35),
    ("2025-12-29", 2519.80), ("2025-12-30", 2500.59), ("2025-12-31", 2481.91),
)

EARLY_DATES = ("2022-12-30", "2023-06-30", "2023-10-27", "2023-12-29", "2024-06-28", "2024-11-25")
EARLY_CLOSES: dict[str, tuple[float, ...]] = {
    "SPX": (3839.50, 4450.38, 4117.37, 4769.83, 5460.48, 5987.37),
    "IXIC": (10466.48, 13787.92, 12643.01, 15011.35, 17732.60, 19054.84),
}

KEY_DATES = (
    "2024-12-31", "2025-04-08", "2025-11-20", "2025-11-28", "2025-12-05", "2025-12-10",
    "2025-12-11", "2025-12-12", "2025-12-18", "2025-12-19", "2025-12-26", "2025-12-31",
)
KEY_CLOSES: dict[str, tuple[float, ...]] = {
    "SPX": (5881.63, 4982.77, 6538.76, 6849.09, 6870.40, 6886.68,
            6901.00, 6827.41, 6774.76, 6834.50, 6929.94, 6845.50),
    "IXIC": (19310.79, 15267.91, 22078.05, 23365.69, 23578.13, 23654.15,
             23593.86, 23195.17, 23006.36, 23307.62, 23593.10, 23241.99),
    "SPY": (586.08, 496.48, 652.53, 683.39, 685.69, 687.57,
            689.17, 681.76, 676.47, 680.59, 690.31, 681.92),
    "QQQ": (511.23, 416.06, 585.67, 619.25, 625.48, 627.61,
            625.58, 613.62, 609.11, 617.05, 623.89, 614.31),
}

# Close on 2025-12-11 and % change from 2025-11-20 (the 11-20 close is derived from both).
MAG7_RUN: dict[str, tuple[float, float]] = {
    "AAPL": (278.03, 4.42),
    "AMZN": (230.28, 6.05),
    "GOOG": (313.70, 8.18),
    "META": (652.71, 10.79),
    "MSFT": (483.47, 1.05),
    "NVDA": (180.93, 0.16),
    "TSLA": (446.89, 13.07),
}

# Real closes for the regional banks, 2025-11-20 and 2025-12-11.
BANK_RUN: dict[str, tuple[float, float]] = {"CFG": (50.70, 58.35), "RF": (24.10, 27.84)}

# Sector ETFs: (illustrative level on 2025-12-11, real % change 2025-11-20 -> 2025-12-11,
# real % change in the week ending 2025-12-12, illustrative % move on 2025-12-12 alone).
SECTOR_RUN: dict[str, tuple[float, float, float, float]] = {
    "XLB": (90.10, 6.84, 2.40, 0.1),
    "XLC": (117.80, 6.22, -0.50, -1.2),
    "XLE": (90.50, 3.44, -0.89, -1.0),
    "XLF": (55.20, 7.36, 2.37, -0.4),
    "XLI": (155.30, 6.70, 1.40, -0.5),
    "XLK": (290.00, 8.74, -1.98, -2.4),
    "XLP": (79.40, 2.26, 1.22, 0.3),
    "XLRE": (41.30, 1.07, -0.59, -0.5),
    "XLU": (84.10, -2.20, -1.09, -0.8),
    "XLV": (155.80, 1.43, 0.52, -0.6),
    "XLY": (240.50, 8.68, 0.81, -0.8),
}

# --- Shape anchors (ILLUSTRATIVE, roughly real split-adjusted levels) -----------------------

SHAPE_DATES = (
    "2022-12-30", "2023-06-30", "2023-10-27", "2023-12-29", "2024-06-28",
    "2024-11-25", "2024-12-31", "2025-04-08", "2025-10-29", "2025-12-31",
)
SHAPE_CLOSES: dict[str, tuple[float | None, ...]] = {
    "SPX": (None, None, None, None, None, None, None, None, 6890.59, None),
    "IXIC": (None, None, None, None, None, None, None, None, 23958.47, None),
    "SPY": (382.43, 443.28, 410.68, 475.31, 544.22, 597.53, None, None, 687.06, None),
    "QQQ": (266.28, 369.42, 347.79, 409.52, 479.11, 506.59, None, None, 635.77, None),
    "XLB": (77.68, 82.76, 74.58, 85.55, 88.34, 93.60, 84.15, 77.30, 86.00, 89.00),
    "XLC": (47.99, 65.08, 63.90, 73.06, 85.68, 97.80, 95.99, 86.10, 118.00, 116.50),
    "XLE": (87.47, 81.17, 87.88, 83.84, 91.15, 96.50, 85.66, 76.40, 88.40, 88.90),
    "XLF": (34.20, 33.71, 32.45, 37.60, 41.11, 51.20, 48.33, 43.51, 52.30, 54.90),
    "XLI": (98.21, 107.32, 98.30, 113.99, 121.83, 143.90, 131.77, 120.10, 153.00, 154.00),
    "XLK": (124.44, 173.90, 162.38, 192.48, 226.23, 236.80, 232.52, 184.93, 297.50, 283.00),
    "XLP": (74.55, 74.16, 68.07, 72.03, 76.57, 82.40, 78.62, 79.80, 78.00, 78.30),
    "XLRE": (36.85, 37.74, 33.02, 40.07, 39.87, 43.95, 40.96, 36.90, 41.50, 40.60),
    "XLU": (70.50, 65.44, 60.62, 63.32, 68.14, 80.70, 75.71, 74.60, 88.50, 82.50),
    "XLV": (135.85, 132.72, 126.10, 136.36, 145.76, 146.20, 137.56, 134.10, 143.00, 154.50),
    "XLY": (129.17, 169.76, 158.20, 178.81, 182.40, 222.80, 224.35, 175.30, 238.00, 237.00),
    "AAPL": (129.93, 193.97, 168.22, 192.53, 210.62, 232.87, 250.42, 172.42, 269.70, 271.86),
    "MSFT": (239.82, 340.54, 329.81, 376.04, 446.95, 418.79, 421.50, 354.56, 541.55, 483.62),
    "NVDA": (14.61, 42.30, 40.50, 49.52, 123.54, 136.02, 134.29, 96.30, 207.04, 186.50),
    "GOOG": (88.73, 120.97, 123.40, 140.93, 183.42, 169.43, 190.44, 144.70, 275.17, 313.80),
    "AMZN": (84.00, 130.36, 127.74, 151.94, 193.25, 201.45, 219.39, 170.66, 230.30, 230.82),
    "META": (120.34, 286.98, 296.73, 353.96, 504.22, 565.52, 585.51, 510.45, 751.67, 660.09),
    "TSLA": (123.18, 261.77, 207.30, 248.48, 197.88, 338.59, 403.84, 221.86, 461.51, 449.72),
    "CFG": (39.37, 26.08, 22.60, 33.14, 36.03, 48.60, 43.76, 33.40, 51.50, 58.10),
    "RF": (21.56, 17.82, 14.30, 19.38, 20.03, 27.60, 23.52, 18.60, 24.80, 27.50),
    "ZION": (49.16, 26.86, 30.10, 43.87, 43.37, 62.90, 54.25, 39.40, 50.90, 58.40),
    "VKTX": (4.70, 16.20, 9.60, 18.61, 53.01, 52.40, 40.24, 23.80, 34.60, 35.20),
    "WGS": (11.50, 7.05, 2.85, 2.75, 26.10, 78.00, 76.86, 82.00, 140.00, 142.00),
    "AAON": (50.20, 63.20, 53.10, 73.87, 87.24, 140.10, 117.68, 77.40, 98.00, 96.00),
    "ROAD": (28.00, 33.50, 40.20, 43.60, 63.40, 97.80, 83.60, 64.90, 120.00, 117.00),
}

# Extra ILLUSTRATIVE shape anchors: the RUT's summer 2024 rotation and November 2024 run-up
# (which lets the walk approach the real 2024-11-25 peak from below), the March-May 2023
# regional-bank crisis, Viking's February 2024 jump, and the late-2025 rotation leaders.
EXTRA_SHAPE: dict[str, dict[str, float]] = {
    "RUT": {"2024-07-16": 2263.67, "2024-08-05": 2026.70, "2024-11-11": 2434.73,
            "2024-11-15": 2303.84,
            # Mid-November 2025 slide before the rally (ILLUSTRATIVE levels).
            "2025-11-07": 2418.00, "2025-11-14": 2386.00},
    "SPX": {"2025-11-07": 6728.80, "2025-11-14": 6734.11},
    "IXIC": {"2025-11-07": 23004.54, "2025-11-14": 22900.59},
    "CFG": {"2023-03-08": 40.10, "2023-05-04": 24.90},
    "RF": {"2023-03-08": 22.80, "2023-05-04": 14.00},
    "ZION": {"2023-03-08": 52.70, "2023-05-04": 18.26, "2025-11-20": 50.40, "2025-12-11": 57.90},
    "VKTX": {"2024-02-26": 30.40, "2024-02-27": 76.00, "2025-11-20": 31.20, "2025-12-11": 36.40},
    "WGS": {"2025-11-20": 124.00, "2025-12-11": 146.00},
    "AAON": {"2025-11-20": 85.00, "2025-12-11": 99.00},
    "ROAD": {"2025-11-20": 104.00, "2025-12-11": 119.00},
    # Mega caps stall in the week small caps set their record (ILLUSTRATIVE levels).
    "AAPL": {"2025-12-05": 278.78, "2025-12-12": 278.28},
    "MSFT": {"2025-12-05": 483.16, "2025-12-12": 478.53},
    "NVDA": {"2025-12-05": 182.41, "2025-12-12": 175.02},
    "GOOG": {"2025-12-05": 322.09, "2025-12-12": 310.52},
    "AMZN": {"2025-12-05": 229.53, "2025-12-12": 226.19},
    "META": {"2025-12-05": 673.42, "2025-12-12": 644.23},
    "TSLA": {"2025-12-05": 455.00, "2025-12-12": 458.96},
}

# --- Rates and events -----------------------------------------------------------------------

FED_FUNDS_START = ("2023-01-03", 4.25, 4.50)
# Effective date of each target-range change as FRED records it (the day after the decision).
FED_FUNDS_CHANGES: tuple[tuple[str, float, float], ...] = (
    ("2023-02-02", 4.50, 4.75), ("2023-03-23", 4.75, 5.00), ("2023-05-04", 5.00, 5.25),
    ("2023-07-27", 5.25, 5.50), ("2024-09-19", 4.75, 5.00), ("2024-11-08", 4.50, 4.75),
    ("2024-12-19", 4.25, 4.50), ("2025-09-18", 4.00, 4.25), ("2025-10-30", 3.75, 4.00),
    ("2025-12-11", 3.50, 3.75),
)

FOMC_DECISIONS: tuple[str, ...] = (
    "2023-02-01", "2023-03-22", "2023-05-03", "2023-06-14",
    "2023-07-26", "2023-09-20", "2023-11-01", "2023-12-13",
    "2024-01-31", "2024-03-20", "2024-05-01", "2024-06-12",
    "2024-07-31", "2024-09-18", "2024-11-07", "2024-12-18",
    "2025-01-29", "2025-03-19", "2025-05-07", "2025-06-18",
    "2025-07-30", "2025-09-17", "2025-10-29", "2025-12-10",
)

# Release date and reference month of each 2025 CPI report. October 2025 was never published.
CPI_RELEASES: tuple[tuple[str, str], ...] = (
    ("2025-01-15", "December"), ("2025-02-12", "January"), ("2025-03-12", "February"),
    ("2025-04-10", "March"), ("2025-05-13", "April"), ("2025-06-11", "May"),
    ("2025-07-15", "June"), ("2025-08-12", "July"), ("2025-09-11", "August"),
    ("2025-10-24", "September"), ("2025-12-18", "November"),
)

# Decision days (the second day) of the meetings the Federal Reserve scheduled for 2026 and the
# first of 2027 (docs/figures.md). Real dates; the outcomes are not in the sample's data, so
# the events say "FOMC decision" and the fed funds range stays where 2025 left it.
FOMC_SCHEDULED: tuple[str, ...] = (
    "2026-01-28", "2026-03-18", "2026-04-29", "2026-06-17",
    "2026-07-29", "2026-09-16", "2026-10-28", "2026-12-09",
    "2027-01-27",
)

# 2026 CPI reports (release date, reference month), through the month after the data end.
# ILLUSTRATIVE dates in the pattern of the BLS calendar (mid-month, Tuesday to Friday): the
# labels say so.
CPI_2026: tuple[tuple[str, str], ...] = (
    ("2026-01-13", "December"), ("2026-02-11", "January"), ("2026-03-11", "February"),
    ("2026-04-10", "March"), ("2026-05-12", "April"), ("2026-06-10", "May"),
    ("2026-07-14", "June"), ("2026-08-12", "July"), ("2026-09-11", "August"),
)
# Monthly jobs reports (payrolls) are put on the first Friday of each month of this range;
# ILLUSTRATIVE dates (the BLS moves some), labelled so.
PAYROLL_MONTHS = ("2026-01", "2026-09")

EARNINGS: tuple[tuple[str, str], ...] = (
    ("2025-10-22", "Tesla Q3 2025 earnings (TSLA)"),
    ("2025-10-29", "Alphabet Q3 2025 earnings (GOOG)"),
    ("2025-10-29", "Meta Platforms Q3 2025 earnings (META)"),
    ("2025-10-29", "Microsoft Q1 FY2026 earnings (MSFT)"),
    ("2025-10-30", "Amazon Q3 2025 earnings (AMZN)"),
    ("2025-10-30", "Apple Q4 FY2025 earnings (AAPL)"),
    ("2025-11-19", "NVIDIA Q3 FY2026 earnings (NVDA)"),
)

# --- Outlook targets ------------------------------------------------------------------------

_PRESS = "reported in late-2025 press coverage"
_BULL = (
    "quoted in late-2025 commentary; attribution differs between sources"
)
# firm, index, horizon, scenario, target, published, source
TARGETS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("Morgan Stanley", "SPX", "2026-12-31", "base", "7800", "2025-11-17", _PRESS),
    ("Goldman Sachs", "SPX", "2026-12-31", "base", "7600", "2025-11-24", _PRESS),
    ("Street bull case", "SPX", "2026-12-31", "bull", "8000", "2025-12-01", _BULL),
)
# fmt: on
