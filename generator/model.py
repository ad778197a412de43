"""Frozen data passed between the stages. Types only: no I/O, no computation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

# The data files a project may have in content/data, by stem (each may also be .parquet).
DATA_FILES = ("prices", "universe", "targets", "events", "fed_funds")


@dataclass(frozen=True)
class Config:
    """The project's configuration, validated whole before any work starts."""

    config_file: Path
    site_name: str
    site_url: str
    mkdocs: Mapping[str, Any]  # the user's MkDocs settings, passed through to the engine
    content_dir: Path
    templates_dir: Path
    site_dir: Path
    staging_dir: Path
    cache_dir: Path
    small_caps: str
    large_caps: str
    nasdaq: str
    basket: str
    basket_name: str
    start: date | None
    end: date | None
    authors: tuple[str, ...]
    calendar: str
    data_note: str
    disclaimer: str
    # Defaults live in config.py's options, the one home of every setting.
    allow_raw_html: bool  # authors are trusted: their raw HTML is not sanitised
    remote_image_hosts: tuple[str, ...]  # the hosts (by name) images may load from
    max_daily_move: float  # a larger one-day move is a warning (a split? a bad tick?)
    static_charts: int | None  # the newest weeks whose charts are also static SVGs (None: all)

    @property
    def root(self) -> Path:
        return self.config_file.parent

    @property
    def basket_symbol(self) -> str:
        """The basket's own symbol: its group name in capitals (mag7 → MAG7)."""
        return self.basket.upper()

    @property
    def rotation_symbols(self) -> tuple[str, ...]:
        """Small caps and the three benchmarks, in the order that fixes their colours."""
        return (self.small_caps, self.large_caps, self.nasdaq, self.basket_symbol)

    @property
    def data_dir(self) -> Path:
        return self.content_dir / "data"

    @property
    def weeks_dir(self) -> Path:
        return self.content_dir / "weeks"


@dataclass(frozen=True)
class Security:
    symbol: str
    name: str
    kind: str  # index, etf or stock
    sector: str
    size: str
    groups: tuple[str, ...]
    aliases: tuple[str, ...] = ()  # other names authors use (universe.csv's optional column)


@dataclass(frozen=True)
class Target:
    firm: str
    index: str
    horizon: date
    scenario: str
    target: float
    published: date
    source: str


@dataclass(frozen=True)
class Event:
    day: date
    kind: str
    label: str


@dataclass(frozen=True)
class RateRange:
    effective: date
    lower: float
    upper: float


@dataclass(frozen=True)
class MarketData:
    """Everything in ``content/data``, validated. ``closes`` is wide: dates by symbols."""

    closes: pd.DataFrame
    universe: Mapping[str, Security]
    targets: tuple[Target, ...]
    events: tuple[Event, ...]
    fed_funds: tuple[RateRange, ...]
    sources: Mapping[str, Path]
    # From the optional sources.csv: who provides each series, and a symbol's record close
    # (and its date) from before the data begin.
    providers: Mapping[str, str] = field(default_factory=dict)
    prior_highs: Mapping[str, tuple[float, date]] = field(default_factory=dict)
    # Symbols whose data begin at the series' own first close (sources.csv ``history: full``):
    # their highest close in the data is their record close.
    full_history: frozenset[str] = frozenset()
    # rates.csv (optional): other rates and market series by FRED id (DGS2, DGS10, VIXCLS…),
    # wide: dates by series.
    rates: pd.DataFrame = field(default_factory=pd.DataFrame)


@dataclass(frozen=True)
class Commentary:
    """One author's file for one week: front matter and Markdown body."""

    path: Path
    week: date
    title: str
    authors: tuple[str, ...]
    summary: str
    tags: tuple[str, ...]
    draft: bool
    body: str
    body_line: int  # line number of the body's first line in the file
    publish_at: datetime | None = None  # time zone aware; publish no earlier than this


@dataclass(frozen=True)
class Week:
    """A trading week, named by its last session."""

    end: date
    sessions: tuple[date, ...]

    @property
    def slug(self) -> str:
        return self.end.isoformat()

    @property
    def folder(self) -> str:
        """Where the week's page and files live in the site: the one spelling of it."""
        return f"weeks/{self.slug}"

    @property
    def start(self) -> date:
        return self.sessions[0]


WEEK_PAGE = re.compile(r"weeks/\d{4}-\d{2}-\d{2}(/index)?\.md")


def is_week_page(path: str) -> bool:
    """A week's page in the docs tree, for any year (``weeks/1998-12-24.md`` included)."""
    return WEEK_PAGE.fullmatch(path) is not None


@dataclass(frozen=True)
class Quote:
    """One row of the scoreboard: a symbol's level and changes as of a week."""

    symbol: str
    name: str
    close: float
    week: float | None
    month: float | None  # four weeks
    ytd: float | None
    year: float | None  # 52 weeks
    standing: Standing | None = None  # where the close stands against the symbol's history


@dataclass(frozen=True)
class Move:
    """A symbol's change over the week, with what a leaders table shows beside it."""

    symbol: str
    name: str
    sector: str
    size: str
    change: float


@dataclass(frozen=True)
class Breadth:
    """How broad the week's move was across the universe's stocks."""

    stocks: int
    up: float  # share of stocks up on the week
    above_50_day: float  # share closing above their 50-session average


@dataclass(frozen=True)
class Coverage:
    """What the data know of one symbol: its own first and last close, and what is known of
    its history before them (``facts/records.py`` says what that allows the words to claim)."""

    symbol: str
    first: date
    last: date
    prior: tuple[float, date] | None = None  # its record close before the data (sources.csv)
    full: bool = False  # the data begin at the series' own first close (sources.csv)


@dataclass(frozen=True)
class Standing:
    """Where one close stands against every close before it: the one record model."""

    symbol: str
    close: float
    day: date
    high: float  # the highest close in the data up to ``day``
    high_day: date  # the first day it was reached
    higher_on: date | None  # the last day before ``day`` with a higher close (None: no such day)
    earlier: int  # how many closes came before ``day``
    coverage: Coverage


@dataclass(frozen=True)
class RecordInfo:
    """The small-cap index against its history, as of a week: its week's close, the week's
    highest close, and whether that high beat every close before the week."""

    close: Standing
    week_high: Standing
    new_this_week: bool

    @property
    def symbol(self) -> str:
        return self.close.symbol


@dataclass(frozen=True)
class RateLine:
    """One row of the rates table: a series at the week's end and its weekly change."""

    series: str
    name: str
    value: float
    change: float | None  # since the week before, in the series' unit
    unit: str  # "%" (a yield: its change in basis points) or "" (a level: its change in %)
    day: date  # the last value's date


@dataclass(frozen=True)
class TargetGap:
    target: Target
    close: float
    gap: float  # gain still needed to reach the target, as a fraction


@dataclass(frozen=True)
class Series:
    """A small table ready to chart: column names and rows, already aggregated."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class WeekFacts:
    """Every number on one week's page, computed from data on or before ``week.end``."""

    week: Week
    previous: Week | None
    next: Week | None
    scoreboard: tuple[Quote, ...]
    spread: float | None  # small caps minus large caps, weekly, in percentage points
    spread_wider_on: date | None  # the last week with a spread at least as wide, same sign
    spread_first: date | None  # the first week with a spread in the data
    record: RecordInfo
    fed_funds: RateRange | None
    events: tuple[Event, ...]
    events_ahead: tuple[Event, ...]
    sectors: tuple[Move, ...]
    sectors_last: date | None  # the last close of any sector ETF (None: the universe has none)
    leaders: tuple[Move, ...]
    laggards: tuple[Move, ...]
    targets: tuple[TargetGap, ...]
    breadth: Breadth | None
    new_highs: tuple[tuple[str, Standing], ...]  # (name, standing of its high) set this week
    series: Mapping[str, Series]
    commentary: Commentary | None
    missing: tuple[str, ...] = ()  # names of symbols whose closes stopped before this week
    # The rotation indices' weekly runs: symbol → the signed length of the run of weekly moves
    # the same way up to this week (+3: a third straight gain), and of the run it ended.
    runs: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    # symbol → the last earlier week with a weekly move at least as big the same way (None:
    # none in the data), and how many weekly changes the data hold up to this week.
    move_since: Mapping[str, tuple[date | None, int]] = field(default_factory=dict)
    fed_change: tuple[RateRange, RateRange] | None = None  # (before, after), decided this week
    next_event: Event | None = None  # the first event after the week ahead
    events_end: date | None = None  # the last event in the data
    rates: tuple[RateLine, ...] = ()  # the rates table: each series at the week's end
    revisions: tuple[Revision, ...] = ()  # its numbers changed after it was published


@dataclass(frozen=True)
class WeekReport(WeekFacts):
    """A week's facts and what the generator says of them (``facts/narrative.py``), made once:
    every value its page, feeds and charts show, so pages receive words, not the facts'
    functions."""

    headline: str = ""  # what stood out, in headline style (no final period)
    tags: tuple[str, ...] = ()  # the author's tags, then what the numbers say
    takeaways: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()  # what changed since last week
    spread_line: str = ""  # the week's spread sentence (takeaways, section, chart summary)
    breadth_line: str = ""
    leaders_label: str = ""  # the leaders table's heading, named for what it holds
    laggards_label: str = ""
    sectors_note: str = ""  # why there are no sector changes, when there are none
    marks: Mapping[str, str] = field(default_factory=dict)  # symbol → " ★ record close"…
    target_sources: str = ""  # the targets' own source notes
    targets_line: str = ""  # what the index needs for the lowest and highest targets
    ahead_note: str = ""  # the week ahead when the events hold none for it


@dataclass(frozen=True)
class Revision:
    """A published week's numbers changed (``generator/published/``): accepted by the author
    (the page shows the new numbers and the note) or pending (it keeps the published ones)."""

    day: date
    changes: tuple[str, ...]  # in words: "the Russell 2000's close of … is 2,590.61, not …"
    note: str = ""  # the author's, given when accepting
    pending: bool = False
    where: tuple[str, ...] = ()  # pending: the record's name of the number each change is about
    updates: Mapping[str, Any] = field(default_factory=dict)  # pending: new values (None: gone)


@dataclass(frozen=True)
class Chart:
    """A chart ready to embed: its Vega-Lite spec, its data as CSV, a one-line summary."""

    name: str
    title: str
    spec: Mapping[str, Any]
    csv: str
    summary: str
    source: str
    svg: str = ""  # static rendering, for readers without JavaScript, feeds and print
    static: bool = False  # a static rendering is drawn for it (the page links to it)


@dataclass(frozen=True)
class Document:
    """One file of the generated docs tree, relative to the tree's root."""

    path: str
    content: str | bytes
    digest: str = ""  # of its bytes, when known (a kept week's files: not hashed again)

    @property
    def data(self) -> bytes:
        """The file's bytes (text in UTF-8)."""
        content = self.content
        return content if isinstance(content, bytes) else content.encode("utf-8")


@dataclass(frozen=True)
class DocsTree:
    documents: tuple[Document, ...]
    nav: tuple[Any, ...]
    extra_css: tuple[str, ...] = ()
    extra_javascript: tuple[str, ...] = ()
    overrides: tuple[Document, ...] = ()  # theme template overrides (plain files, no plugin)
    epoch: int = 0  # the build's date for the engine (sitemap): the latest week's close
    regenerated: tuple[str, ...] = ()  # the weeks built afresh (the others came from the cache)
    reports: tuple[WeekReport, ...] = ()  # every week's numbers, as its page shows them
    records: tuple[Document, ...] = ()  # records of newly published weeks, for a build to keep


@dataclass(frozen=True)
class BuildReport:
    pages: int
    weeks: int
    warnings: tuple[str, ...] = field(default=())
    seconds: float = 0.0
