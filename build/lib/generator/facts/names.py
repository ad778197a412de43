"""The names authors give securities, resolved to symbols through the universe.

Tickers (``RUT``), names (``Russell 2000``), names without their legal suffix (``Citizens
Financial``), the usual market nicknames (``small caps``, ``the Nasdaq``, ``financials``) and
the aliases written in ``universe.csv``. Pure: the universe in, a finder of mentions out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from generator.model import Security

# Nicknames of well-known indices, keyed by the index's name in the universe.
INDEX_NICKNAMES = {
    "russell 2000": ("the Russell", "small caps", "small-caps", "small-cap stocks", "small-cap"),
    "s&p 500": ("the S&P", "large caps", "large-caps", "large-cap stocks", "the broad market"),
    "nasdaq composite": ("the Nasdaq", "Nasdaq"),
    "nasdaq-100": ("the Nasdaq 100", "Nasdaq 100"),
    "dow jones industrial average": ("the Dow", "the Dow Jones"),
}
# Nicknames of sectors, keyed by the sector's name (an ETF with that sector stands for it).
SECTOR_NICKNAMES = {
    "financials": ("financials", "financial stocks", "the financial sector"),
    "information technology": ("technology", "tech", "tech stocks", "the tech sector"),
    "industrials": ("industrials", "industrial stocks"),
    "materials": ("materials",),
    "energy": ("energy", "energy stocks"),
    "utilities": ("utilities",),
    "health care": ("health care", "healthcare"),
    "real estate": ("real estate",),
    "consumer staples": ("consumer staples", "staples"),
    "consumer discretionary": ("consumer discretionary", "discretionary"),
    "communication services": ("communication services", "communications"),
}
LEGAL = re.compile(
    r"(?:,?\s+(?:Inc\.?|Corporation|Corp\.?|Holdings|Group|N\.A\.|Co\.|Ltd\.?|plc|"
    r"Incorporated|Bancorporation|Platforms|Therapeutics|Trust|SPDR Fund|Fund)"
    r"|\s*\([^)]*\)|\.com)+$"
)
# First words that are no name on their own ("Construction Partners" is not "Construction").
NOT_A_NAME = {
    "The", "Construction", "Financial", "Select", "Technology", "Industrial", "Consumer",
    "Health", "Real", "Energy", "Communication", "Materials", "Utilities", "Invesco", "SPDR",
    "American", "General", "United", "First", "National", "Global",
}  # fmt: skip


def listed_name(security: Security) -> str:
    """A security as a list in prose names it, without commas: an index by its name, a sector
    fund by its sector, anything else by its short name and ticker ("Amazon (AMZN)")."""
    if security.kind == "index":
        return security.name
    if security.kind == "etf" and security.sector:
        return f"{security.sector} ({security.symbol})"
    short = LEGAL.sub("", security.name).replace(",", "") or security.symbol
    return f"{short} ({security.symbol})"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    symbol: str
    written: str


@dataclass(frozen=True)
class Names:
    """Every name with its symbol; ``pattern`` finds them, longest first."""

    symbols: Mapping[str, str]  # lower-cased name → symbol
    tickers: frozenset[str]
    pattern: re.Pattern[str]
    sectors: frozenset[str]  # symbols that stand for a sector
    display: Mapping[str, str]  # symbol → name as shown

    def find(self, text: str) -> list[Mention]:
        found = []
        for match in self.pattern.finditer(text):
            word = match.group(0)
            key = " ".join(word.split()).lower()  # a name may break across lines
            symbol = word if word in self.tickers else self.symbols.get(key)
            if symbol:
                found.append(Mention(match.start(), match.end(), symbol, word))
        return found


def names(universe: Mapping[str, Security]) -> Names:
    """The names of a universe, built once per universe (a build reads every commentary)."""
    return _names(tuple(universe.items()))


@functools.lru_cache(maxsize=4)
def _names(items: tuple[tuple[str, Security], ...]) -> Names:
    universe = dict(items)
    table: dict[str, str] = {}
    for alias, symbol in _aliases(universe):
        table.setdefault(alias.lower(), symbol)
    for alias, symbol in list(table.items()):  # "the Russell 2000" before "the Russell"
        table.setdefault(alias if alias.startswith("the ") else f"the {alias}", symbol)
    tickers = frozenset(s for s in universe if len(s) >= 2 and s.isupper())
    words = sorted(set(table) | {t.lower() for t in tickers}, key=len, reverse=True)
    alternatives = "|".join(_spelling(w) for w in words if w)
    pattern = re.compile(rf"(?<![\w&-])(?:{alternatives})(?![\w&]|-\w|\s?\d)", re.I)
    sectors = frozenset(s for s, sec in universe.items() if sec.kind == "etf" and sec.sector)
    return Names(table, tickers, pattern, sectors, {s: sec.name for s, sec in universe.items()})


def _spelling(word: str) -> str:
    """A name as a pattern: any run of spaces for a space, an optional dot after an initial."""
    return r"\s+".join(re.escape(part) for part in word.split())


def _aliases(universe: Mapping[str, Security]) -> Iterator[tuple[str, str]]:
    """(alias, symbol), most specific first: the universe's own aliases and names win."""
    for symbol, security in universe.items():
        yield from ((alias, symbol) for alias in security.aliases)
        yield security.name, symbol
        short = LEGAL.sub("", security.name)
        yield short, symbol
        yield from ((nick, symbol) for nick in INDEX_NICKNAMES.get(security.name.lower(), ()))
    for symbol, security in universe.items():
        if security.kind == "etf" and security.sector:
            yield security.sector, symbol
            yield from ((n, symbol) for n in SECTOR_NICKNAMES.get(security.sector.lower(), ()))
    for symbol, security in universe.items():
        first = LEGAL.sub("", security.name).split()
        if _first_word_names(security.kind, first):
            yield first[0], symbol


def _first_word_names(kind: str, words: list[str]) -> bool:
    """A company is often called by its first word (Regions, Zions), when that is a name."""
    return (
        kind == "stock"
        and len(words) > 1
        and words[0] not in NOT_A_NAME
        and len(words[0]) >= 4
        and words[0][0].isupper()
    )
