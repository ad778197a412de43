"""The shipped reference of common tickers: what import fills into a new ``universe.csv`` row
(kind, name, sector, size, groups), and the one home of Yahoo Finance's index tickers (``SPX``
is ``^GSPC`` there) that ``import`` and ``fetch`` both read."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("index", "etf", "stock")
SIZES = ("mega", "large", "mid", "small", "micro")


@dataclass(frozen=True)
class Known:
    """A reference row: what ``universe.csv`` should say of a ticker."""

    symbol: str
    name: str
    kind: str
    sector: str = ""
    size: str = ""
    groups: str = ""


# Our symbol, its name, Yahoo's ticker. The symbol is the one people write (SPX, not GSPC).
# fmt: off
INDICES: tuple[tuple[str, str, str], ...] = (
    ("RUT", "Russell 2000", "^RUT"),
    ("SPX", "S&P 500", "^GSPC"),
    ("IXIC", "Nasdaq Composite", "^IXIC"),
    ("NDX", "Nasdaq-100", "^NDX"),
    ("DJI", "Dow Jones Industrial Average", "^DJI"),
    ("VIX", "Cboe Volatility Index", "^VIX"),
    ("SOX", "PHLX Semiconductor Index", "^SOX"),
    ("RUI", "Russell 1000", "^RUI"),
    ("RUA", "Russell 3000", "^RUA"),
    ("MID", "S&P MidCap 400", "^MID"),
    ("SML", "S&P SmallCap 600", "^SP600"),
    ("NYA", "NYSE Composite", "^NYA"),
    ("W5000", "Wilshire 5000", "^W5000"),
    ("FTSE", "FTSE 100", "^FTSE"),
    ("GDAXI", "DAX", "^GDAXI"),
    ("STOXX50E", "Euro Stoxx 50", "^STOXX50E"),
    ("N225", "Nikkei 225", "^N225"),
    ("HSI", "Hang Seng Index", "^HSI"),
    # FRED's daily index levels, under FRED's own names
    ("SP500", "S&P 500", ""),
    ("DJIA", "Dow Jones Industrial Average", ""),
    ("NASDAQCOM", "Nasdaq Composite", ""),
    ("NASDAQ100", "Nasdaq-100", ""),
    ("VIXCLS", "Cboe Volatility Index", ""),
    ("WILL5000INDFC", "Wilshire 5000", ""),
)

# The eleven Select Sector SPDRs carry their GICS sector (they make the sector chart); other
# common ETFs are named but get no sector, so they never crowd the sector ranking.
SECTOR_ETFS: tuple[tuple[str, str, str], ...] = (
    ("XLB", "Materials Select Sector SPDR Fund", "Materials"),
    ("XLC", "Communication Services Select Sector SPDR Fund", "Communication Services"),
    ("XLE", "Energy Select Sector SPDR Fund", "Energy"),
    ("XLF", "Financial Select Sector SPDR Fund", "Financials"),
    ("XLI", "Industrial Select Sector SPDR Fund", "Industrials"),
    ("XLK", "Technology Select Sector SPDR Fund", "Information Technology"),
    ("XLP", "Consumer Staples Select Sector SPDR Fund", "Consumer Staples"),
    ("XLRE", "Real Estate Select Sector SPDR Fund", "Real Estate"),
    ("XLU", "Utilities Select Sector SPDR Fund", "Utilities"),
    ("XLV", "Health Care Select Sector SPDR Fund", "Health Care"),
    ("XLY", "Consumer Discretionary Select Sector SPDR Fund", "Consumer Discretionary"),
)
ETFS: tuple[tuple[str, str], ...] = (
    ("SPY", "SPDR S&P 500 ETF Trust"),
    ("IVV", "iShares Core S&P 500 ETF"),
    ("VOO", "Vanguard S&P 500 ETF"),
    ("QQQ", "Invesco QQQ Trust"),
    ("IWM", "iShares Russell 2000 ETF"),
    ("IWB", "iShares Russell 1000 ETF"),
    ("DIA", "SPDR Dow Jones Industrial Average ETF Trust"),
    ("MDY", "SPDR S&P MidCap 400 ETF Trust"),
    ("IJH", "iShares Core S&P Mid-Cap ETF"),
    ("IJR", "iShares Core S&P Small-Cap ETF"),
    ("RSP", "Invesco S&P 500 Equal Weight ETF"),
    ("VTI", "Vanguard Total Stock Market ETF"),
    ("EFA", "iShares MSCI EAFE ETF"),
    ("EEM", "iShares MSCI Emerging Markets ETF"),
    ("KRE", "SPDR S&P Regional Banking ETF"),
    ("KBE", "SPDR S&P Bank ETF"),
    ("XBI", "SPDR S&P Biotech ETF"),
    ("IBB", "iShares Biotechnology ETF"),
    ("SMH", "VanEck Semiconductor ETF"),
    ("SOXX", "iShares Semiconductor ETF"),
    ("TLT", "iShares 20+ Year Treasury Bond ETF"),
    ("IEF", "iShares 7-10 Year Treasury Bond ETF"),
    ("HYG", "iShares iBoxx $ High Yield Corporate Bond ETF"),
    ("LQD", "iShares iBoxx $ Investment Grade Corporate Bond ETF"),
    ("AGG", "iShares Core U.S. Aggregate Bond ETF"),
    ("GLD", "SPDR Gold Shares"),
    ("SLV", "iShares Silver Trust"),
    ("USO", "United States Oil Fund"),
)
# The Magnificent Seven: the default basket (``basket: mag7``) fills itself as they come in.
MAG7: tuple[tuple[str, str, str], ...] = (
    ("AAPL", "Apple Inc.", "Information Technology"),
    ("MSFT", "Microsoft Corporation", "Information Technology"),
    ("NVDA", "NVIDIA Corporation", "Information Technology"),
    ("GOOGL", "Alphabet Inc. (Class A)", "Communication Services"),
    ("GOOG", "Alphabet Inc. (Class C)", "Communication Services"),
    ("AMZN", "Amazon.com, Inc.", "Consumer Discretionary"),
    ("META", "Meta Platforms, Inc.", "Communication Services"),
    ("TSLA", "Tesla, Inc.", "Consumer Discretionary"),
)
# fmt: on

YAHOO = {symbol: ticker for symbol, _, ticker in INDICES if ticker}
FROM_YAHOO = {ticker: symbol for symbol, ticker in YAHOO.items()}

REFERENCE: dict[str, Known] = {
    **{s: Known(s, name, "index") for s, name, _ in INDICES},
    **{s: Known(s, name, "etf", sector, groups="sector_etf") for s, name, sector in SECTOR_ETFS},
    **{s: Known(s, name, "etf") for s, name in ETFS},
    **{s: Known(s, name, "stock", sector, "mega", "mag7") for s, name, sector in MAG7},
}


def our_symbol(ticker: str) -> str:
    """Yahoo's ticker as we name it: ``^GSPC`` is SPX (as ``fetch`` asks for it), another
    ``^RUT`` loses its caret; any other ticker is itself."""
    if ticker in FROM_YAHOO:
        return FROM_YAHOO[ticker]
    return ticker[1:] if ticker.startswith("^") and len(ticker) > 1 else ticker


def guess(symbol: str, written: str) -> Known:
    """The reference row of ``symbol`` (``written`` as the file had it: a caret says index),
    else a stock named after its ticker — the guessed defaults ``check`` asks to fill in."""
    known = REFERENCE.get(symbol)
    if known is not None:
        return known
    return Known(symbol, symbol, "index" if written.startswith("^") else "stock")


def at_defaults(symbol: str, name: str, sector: str, size: str, groups: str) -> bool:
    """A row nobody has filled in: named after its ticker, with no sector, size or groups."""
    return name.strip() in ("", symbol) and not (sector.strip() or size.strip() or groups.strip())
