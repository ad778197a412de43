"""The generator audited: every sentence it writes on a week page, re-derived here from the raw
files with pandas (not with the code under test), and read by the fact-checker.

``generated(tree)`` collects, per week, the sentences a page shows: the headline, takeaways,
"what changed", chart captions, table marks and headings. ``Truth`` reads prices.csv,
universe.csv and sources.csv itself and judges each claim a sentence makes about records,
highs, spreads, leaders, breadth and data coverage. Each judge returns the disagreements.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import exchange_calendars
import pandas as pd

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DAY = rf"(?:{MONTHS}) \d{{1,2}}, \d{{4}}"
LEVEL = r"\d{1,3}(?:,\d{3})*\.\d{2}"
# Words that claim a full history; only a record close may carry them.
OVERCLAIMS = re.compile(
    r"\bon record\b|\ball-time\b|\bever\b|\bhighest close since (?:the )?data", re.I
)


def day_of(text: str) -> date:
    return datetime.strptime(text, "%B %d, %Y").date()


def number(text: str) -> float:
    return float(text.replace(",", ""))


@dataclass(frozen=True)
class Page:
    slug: str
    headline: str
    takeaways: tuple[str, ...]
    changes: tuple[str, ...]
    captions: tuple[str, ...]
    scoreboard: tuple[str, ...]  # the first cell of each scoreboard row (name and mark)
    leaders: tuple[str, ...]
    laggards: tuple[str, ...]
    notes: tuple[str, ...]
    breadth: str

    @property
    def end(self) -> date:
        return date.fromisoformat(self.slug)

    @property
    def sentences(self) -> tuple[str, ...]:
        return (self.headline, *self.takeaways, *self.changes, *self.captions, *self.notes)


def _rows(text: str, heading_after: str) -> tuple[str, ...]:
    """First cells of the table that follows the first row whose first cell matches."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(rf"^\| {heading_after} \|", line):
            cells = []
            for row in lines[i + 2 :]:
                if not row.startswith("|"):
                    break
                cells.append(html.unescape(row.split("|")[1].strip()))
            return tuple(cells)
    return ()


def _symbols_in(cells: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(re.search(r"\(([^()]+)\)$", c).group(1) for c in cells)  # type: ignore[union-attr]


def page(slug: str, text: str) -> Page:
    plain = html.unescape
    headline = plain(re.search(r"^title: \"?(.*?)\"?$", text, re.M).group(1))  # type: ignore[union-attr]
    takeaways = re.search(r'<ul class="mw-takeaways">(.*?)</ul>', text, re.S)
    changes = re.search(r"## What changed since last week.*?\n\n(.*?)\n\n", text, re.S)
    leader_head = re.search(r"^\| (Leaders|Smallest losses|Top \d+) \|", text, re.M)
    lagger_head = re.search(r"^\| (Laggards|Smallest gains|Bottom \d+) \|", text, re.M)
    breadth = re.search(r"^Breadth: (.*)$", text, re.M)
    return Page(
        slug,
        headline.split(": ", 1)[1] if ": " in headline else "",
        tuple(
            plain(t) for t in re.findall(r"<li>(.*?)</li>", takeaways.group(1) if takeaways else "")
        ),
        tuple(plain(t) for t in re.findall(r"^- (.*)$", changes.group(1) if changes else "", re.M)),
        tuple(plain(t) for t in re.findall(r"<figcaption>(.*?) <span", text)),
        _rows(text, "Index"),
        _symbols_in(_rows(text, re.escape(leader_head.group(1)))) if leader_head else (),
        _symbols_in(_rows(text, re.escape(lagger_head.group(1)))) if lagger_head else (),
        tuple(plain(t) for t in re.findall(r'class="mw-note">(.*?)</p>', text)),
        plain(breadth.group(1)) if breadth else "",
    )


def generated(documents: dict[str, str]) -> list[Page]:
    """Every week page of a generated tree, oldest first."""
    found = []
    for path, text in sorted(documents.items()):
        parts = path.split("/")
        if len(parts) == 3 and parts[0] == "weeks" and parts[2] == "index.md":
            found.append(page(parts[1], text))
    return found


class Truth:
    """The raw files, read with pandas alone, and the claims judged against them."""

    def __init__(self, data: Path, basket: str = "Magnificent Seven basket", group: str = "mag7"):
        prices = pd.read_csv(data / "prices.csv", parse_dates=["date"])
        self.closes = prices.pivot(index="date", columns="symbol", values="close").sort_index()
        universe = pd.read_csv(data / "universe.csv", dtype=str, keep_default_na=False)
        self.universe = universe.set_index("symbol")
        self.names = dict(zip(universe.symbol, universe.name, strict=True))
        members = [
            s for s, g in zip(universe.symbol, universe.groups, strict=True) if group in g.split()
        ]
        self.basket = basket
        self.members = [m for m in members if m in self.closes]
        sources = data / "sources.csv"
        self.prior: dict[str, tuple[float, date]] = {}
        self.full: set[str] = set()
        if sources.exists():
            for row in pd.read_csv(sources, dtype=str, keep_default_na=False).to_dict("records"):
                if row.get("prior_high"):
                    self.prior[row["series"]] = (
                        float(row["prior_high"]),
                        date.fromisoformat(row["prior_high_date"]),
                    )
                if row.get("history") == "full":
                    self.full.add(row["series"])
        self.by_name = {v: k for k, v in self.names.items()}
        calendar = exchange_calendars.get_calendar(
            "XNYS", start=self.closes.index[0], end=self.closes.index[-1]
        )
        sessions = calendar.sessions_in_range(self.closes.index[0], self.closes.index[-1])
        self.week_ends = sorted(
            pd.Series(sessions, index=sessions).groupby(sessions.to_period("W-FRI")).max()
        )

    # ─── one symbol's closes ────────────────────────────────────────────────────────────

    def resolve(self, shown: str) -> str:
        """A name as a list shows it ("Amazon (AMZN)", "Financials (XLF)") as the universe's."""
        ticker = re.search(r"\(([A-Z0-9.^-]+)\)$", shown)
        return self.names[ticker.group(1)] if ticker and ticker.group(1) in self.names else shown

    def series(self, name: str) -> pd.Series:
        """The daily closes of a named symbol or the basket (equal-weighted daily returns
        from its last member's first close), dropping days without a close."""
        name = self.resolve(name)
        if name == self.basket:
            start = max(self.closes[m].first_valid_index() for m in self.members)
            returns = (
                self.closes[self.members].loc[start:].ffill().pct_change().mean(axis=1).fillna(0)
            )
            return 100 * (1 + returns).cumprod()
        return self.closes[self.by_name[name]].dropna()

    def first(self, name: str) -> date:
        return self.series(name).index[0].date()

    def record_known(self, name: str) -> bool:
        symbol = self.by_name.get(self.resolve(name), "")
        return symbol in self.prior or symbol in self.full

    def is_record(self, name: str, day: date) -> bool:
        """The close of ``day`` beats every earlier close and the record known before them."""
        closes = self.series(name).loc[: pd.Timestamp(day)]
        close, before = closes.iloc[-1], closes.iloc[:-1]
        if not self.record_known(name) or (len(before) and close <= before.max()):
            return False
        prior = self.prior.get(self.by_name[self.resolve(name)])
        return prior is None or close > prior[0]

    def week_close(self, name: str, end: date) -> float:
        return float(self.series(name).loc[: pd.Timestamp(end)].iloc[-1])

    def week_start(self, end: date) -> date:
        return (pd.Timestamp(end) - pd.Timedelta(days=pd.Timestamp(end).weekday())).date()

    # ─── the judges: each yields what disagrees ───────────────────────────────────────

    def judge(self, p: Page) -> Iterator[str]:
        for sentence in p.sentences:
            if OVERCLAIMS.search(sentence) and "record close" not in sentence:
                yield f"{p.slug}: overclaim: {sentence}"
            yield from self._record_sentence(p, sentence)
            yield from self._highs_line(p, sentence)
            yield from self._spread(p, sentence)
            yield from self._coverage(p, sentence)
        yield from self._marks(p)
        yield from self._movers(p)
        yield from self._breadth(p)
        yield from self._headline_runs(p)

    def _subject(self, sentence: str) -> str | None:
        found = re.match(r"^The (.+?) (?:closed|ended|reached) ", sentence)
        return found.group(1) if found and found.group(1) in self.by_name else None

    def _record_sentence(self, p: Page, s: str) -> Iterator[str]:
        name = self._subject(s)
        if name is None:
            return
        close = self.week_close(name, p.end)
        m = re.search(rf"closed at ({LEVEL}), a record close", s)
        if m and (number(m.group(1)) != round(close, 2) or not self.is_record(name, p.end)):
            yield f"{p.slug}: not a record close: {s}"
        if m := re.search(
            rf"reached ({LEVEL}) on ({DAY}), "
            rf"(a record close|its highest close in our data, which begin ({DAY}))",
            s,
        ):
            day = day_of(m.group(2))
            series = self.series(name)
            if round(float(series.loc[pd.Timestamp(day)]), 2) != number(m.group(1)):
                yield f"{p.slug}: wrong high: {s}"
            if m.group(3) == "a record close" and not self.is_record(name, day):
                yield f"{p.slug}: not a record: {s}"
        if m := re.search(rf"its highest close in our data, which begin ({DAY})", s):
            if day_of(m.group(1)) != self.first(name):
                yield f"{p.slug}: the data of {name} begin {self.first(name)}: {s}"
            if self.record_known(name) and "below its record close" not in s:
                yield f"{p.slug}: a known record left unsaid: {s}"
        if m := re.search(
            rf"ended ([\d.]+)% below its record close of ({LEVEL}) \(on ({DAY})\)", s
        ):
            yield from self._below_record(p, name, close, m, s)
        if m := re.search(rf"ended ([\d.]+)% below ({LEVEL}) \(on ({DAY})\), its highest close", s):
            upto = self.series(name).loc[: pd.Timestamp(p.end)]
            if (
                number(m.group(2)) != round(float(upto.max()), 2)
                or day_of(m.group(3)) != upto.idxmax().date()
            ):
                yield f"{p.slug}: not its highest close: {s}"
            if f"{100 * (1 - close / upto.max()):.1f}" != m.group(1):
                yield f"{p.slug}: wrong distance: {s}"

    def _below_record(
        self, p: Page, name: str, close: float, m: re.Match[str], s: str
    ) -> Iterator[str]:
        upto = self.series(name).loc[: pd.Timestamp(p.end)]
        prior = self.prior.get(self.by_name[name])
        record = max([(float(upto.max()), upto.idxmax().date()), *([prior] if prior else [])])
        if not self.record_known(name):
            yield f"{p.slug}: no record is known: {s}"
        elif (number(m.group(2)), day_of(m.group(3))) != (round(record[0], 2), record[1]):
            yield f"{p.slug}: the record is {record}: {s}"
        elif f"{100 * (1 - close / record[0]):.1f}" != m.group(1):
            yield f"{p.slug}: wrong distance: {s}"

    def _highs_line(self, p: Page, s: str) -> Iterator[str]:
        if not s.startswith(("New highs this week", "No index, fund or stock here set a new high")):
            return
        start = pd.Timestamp(self.week_start(p.end))
        expected = set()
        for name in [*self.by_name, self.basket]:
            if (
                name in self.by_name
                and self.universe.loc[self.by_name[name]].kind == "etf"
                and not self.universe.loc[self.by_name[name]].sector
            ):
                continue
            series = self.series(name).loc[: pd.Timestamp(p.end)]
            before, during = series.loc[: start - pd.Timedelta(days=1)], series.loc[start:]
            if len(before) and len(during) and during.max() > before.max():
                expected.add(name)
        if s.startswith("No index"):
            if expected:
                yield f"{p.slug}: new highs not named ({sorted(expected)}): {s}"
            return
        for group in s.removeprefix("New highs this week — ").rstrip(".").split("; "):
            if group.startswith("and "):
                continue
            label, names = group.split(": ", 1)
            for shown in re.split(r", | and ", names):
                name = self.resolve(shown)
                if name not in expected:
                    yield f"{p.slug}: {name} set no new high: {s}"
                elif label == "record closes":
                    day = self.series(name).loc[start : pd.Timestamp(p.end)].idxmax().date()
                    if not self.is_record(name, day):
                        yield f"{p.slug}: {name}'s high is no record: {s}"
                elif (m := re.search(rf"\(from ({DAY})\)", label)) and day_of(
                    m.group(1)
                ) != self.first(name):
                    yield f"{p.slug}: {name}'s data begin {self.first(name)}: {s}"

    def weekly_spreads(self, small: str, large: str) -> pd.Series:
        ends = [e for e in self.week_ends if e <= self.closes.index[-1]]
        weekly = self.closes[[small, large]].ffill(limit=3).reindex(ends)
        change = weekly / weekly.shift(1) - 1
        return (100 * (change[small] - change[large])).dropna()

    def _spread(self, p: Page, s: str) -> Iterator[str]:
        m = re.search(
            r"by ([\d.]+) percentage points this week, the widest margin (since|in our data)", s
        )
        if not m:
            return
        spreads = self.weekly_spreads("RUT", "SPX").loc[: pd.Timestamp(p.end)]
        now, before = spreads.iloc[-1], spreads.iloc[:-1]
        wider = before[before >= now] if now >= 0 else before[before <= now]
        if m.group(2) == "since":
            said = day_of(re.search(rf"since ({DAY})", s).group(1))  # type: ignore[union-attr]
            last = wider.index[-1].date() if len(wider) else None
            if last != said:
                yield f"{p.slug}: last as wide on {last}: {s}"
        elif len(wider):
            yield f"{p.slug}: as wide on {wider.index[-1].date()}: {s}"
        elif (f := re.search(rf"from ({DAY})", s)) and day_of(f.group(1)) != spreads.index[
            0
        ].date():
            yield f"{p.slug}: the spreads begin {spreads.index[0].date()}: {s}"

    def _coverage(self, p: Page, s: str) -> Iterator[str]:
        if m := re.search(rf"the sector data stop on ({DAY})", s):
            sectors = [k for k, row in self.universe.iterrows() if row.kind == "etf" and row.sector]
            last = (
                self.closes[sectors].loc[: pd.Timestamp(p.end)].dropna(how="all").index[-1].date()
            )
            if day_of(m.group(1)) != last or last >= self.week_start(p.end):
                yield f"{p.slug}: the sector data stop on {last}: {s}"

    def _marks(self, p: Page) -> Iterator[str]:
        for cell in p.scoreboard:
            name, _, mark = cell.partition(" ★ ")
            if not mark:
                continue
            series = self.series(name).loc[: pd.Timestamp(p.end)]
            if series.iloc[-1] < series.iloc[:-1].max():
                yield f"{p.slug}: {name} is not at a high: {cell}"
            if mark == "record close" and not self.is_record(name, p.end):
                yield f"{p.slug}: {name} is no record: {cell}"
            if (m := re.search(rf"from ({DAY})", mark)) and day_of(m.group(1)) != self.first(name):
                yield f"{p.slug}: {name}'s data begin {self.first(name)}: {cell}"

    def _movers(self, p: Page) -> Iterator[str]:
        if both := set(p.leaders) & set(p.laggards):
            yield f"{p.slug}: in both tables: {sorted(both)}"

    def weekly_changes(self, name: str) -> pd.Series:
        """An index's weekly changes, last close of each calendar week to the next."""
        symbol = self.by_name[name]
        ends = [e for e in self.week_ends if e <= self.closes.index[-1]]
        weekly = self.closes[symbol].ffill(limit=3).reindex(ends)
        return (weekly / weekly.shift(1) - 1).dropna()

    def _headline_runs(self, p: Page) -> Iterator[str]:
        """Runs and big moves in the headline, re-derived from the weekly closes."""
        h = p.headline
        if m := re.match(
            rf"(.+?) (?:jumps|slides) ([\d.]+)%, its biggest weekly (gain|drop) since ({DAY})", h
        ):
            changes = self.weekly_changes(m.group(1)).loc[: pd.Timestamp(p.end)]
            now, before = changes.iloc[-1], changes.iloc[:-1]
            bigger = before[before >= now] if now > 0 else before[before <= now]
            if f"{abs(now) * 100:.1f}" != m.group(2) or bigger.index[-1].date() != day_of(
                m.group(4)
            ):
                yield f"{p.slug}: not its biggest since that day: {h}"
        if m := re.match(r"(.+?) (rises|falls) for a (\w+) straight week", h):
            signs = (self.weekly_changes(m.group(1)).loc[: pd.Timestamp(p.end)] > 0).tolist()
            want = m.group(2) == "rises"
            run = next((i for i, s in enumerate(reversed(signs)) if s != want), len(signs))
            words = {2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh"}
            if words.get(run, f"{run}th") != m.group(3):
                yield f"{p.slug}: a run of {run} weeks: {h}"
        if m := re.match(r"(.+?) snaps a (\d+)-week (winning|losing) streak", h):
            signs = (self.weekly_changes(m.group(1)).loc[: pd.Timestamp(p.end)] > 0).tolist()
            up = m.group(3) == "winning"
            earlier = signs[:-1]
            run = next((i for i, s in enumerate(reversed(earlier)) if s != up), len(earlier))
            if signs[-1] == up or run != int(m.group(2)):
                yield f"{p.slug}: the streak before was {run} weeks: {h}"

    def stocks(self, indices: set[str]) -> list[str]:
        return [
            k for k, row in self.universe.iterrows() if row.kind == "stock" and k not in indices
        ]

    def _breadth(self, p: Page) -> Iterator[str]:
        m = re.match(r"(\d+) of the (\d+) stocks tracked", p.breadth)
        if not m:
            return
        stocks = self.stocks({"RUT", "SPX", "IXIC"})
        ends = [e for e in self.week_ends if e <= pd.Timestamp(p.end)][-2:]
        weekly = self.closes[stocks].ffill(limit=3).reindex(ends)
        change = (weekly.iloc[-1] / weekly.iloc[0] - 1).dropna()
        if (int(m.group(1)), int(m.group(2))) != (int((change > 0).sum()), len(change)):
            yield f"{p.slug}: {int((change > 0).sum())} of {len(change)} rose: {p.breadth}"
