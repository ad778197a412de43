"""The corpus of bad inputs (issue 7): the ways a careless or hostile author breaks the
data, the commentary, the config or the templates, one row each — what the case writes (or does)
in a copy of a tiny built project, the command, and the one line the user must see last.

For every row: exit status 1; the last line on stderr is exactly
``error: path:line: what — how to fix``, with the path relative to the project and the line
found by a marker in the file as the case wrote it; no traceback; ``site/`` byte-identical to
the site built before; every author file (content/, templates/, mkdocs.yml) exactly as the case
left it.

Only the command line is used — ``generator.cli.main`` in this process through click's runner
(no second of imports per case), or ``python -m generator`` where a case could hang — and the
helpers of ``projects``, never the generator's modules: the rows pin what a user sees, whatever
the package layout. The project is built once per module; each case runs in a copy of it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import exchange_calendars as xcals
import pytest
from click.testing import CliRunner
from projects import TINY, make_project, snapshot

from generator.cli import main

PRICES = "content/data/prices.csv"
UNIVERSE = "content/data/universe.csv"
TARGETS = "content/data/targets.csv"
EVENTS = "content/data/events.csv"
FED_FUNDS = "content/data/fed_funds.csv"
WEEK = "content/weeks/2025-12-12.md"
CONFIG = "mkdocs.yml"
WEEK_TEMPLATE = "templates/week.md.j2"
HOME_TEMPLATE = "templates/home.md.j2"
OVERRIDE = "templates/overrides/main.html"

BUILD = ("build",)
STRICT = ("build", "--strict")
# The calendar's last session moves with today's date (exchange_calendars looks a year ahead).
XNYS_LAST = xcals.get_calendar("XNYS", start="1990-01-01").last_session.date()
CHECK_STRICT = ("check", "--strict")
AREAS = ("data", "commentary", "config", "templates")
HANG_TIMEOUT_S = 60


# ─── edits: what a case does to one file of its copy ────────────────────────────────────────

Edit = Callable[[Path], None]


def text(content: str | bytes) -> Edit:
    """Write the whole file."""
    data = content.encode("utf-8") if isinstance(content, str) else content

    def write(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    return write


def replace(old: str | bytes, new: str | bytes) -> Edit:
    """Replace the first ``old`` in the file as the project has it (text or bytes)."""

    def change(path: Path) -> None:
        data = path.read_bytes()
        before = old.encode("utf-8") if isinstance(old, str) else old
        after = new.encode("utf-8") if isinstance(new, str) else new
        assert before in data, f"{before!r} is not in {path.name}"
        path.write_bytes(data.replace(before, after, 1))

    return change


def append(*lines: str | bytes) -> Edit:
    """Add lines at the end of the file."""

    def change(path: Path) -> None:
        with path.open("ab") as handle:
            for line in lines:
                handle.write((line.encode("utf-8") if isinstance(line, str) else line) + b"\n")

    return change


def edit(rewrite: Callable[[str], str]) -> Edit:
    """Rewrite the file's text as a whole."""

    def change(path: Path) -> None:
        path.write_text(rewrite(path.read_text(encoding="utf-8")), encoding="utf-8")

    return change


def after(anchor: str, new: str | bytes) -> Edit:
    """Insert ``new`` right after the first ``anchor`` (a template's heading, a config key)."""
    if isinstance(new, bytes):
        return replace(anchor.encode("utf-8"), anchor.encode("utf-8") + new)
    return replace(anchor, anchor + new)


def setting(line: str) -> Edit:
    """One more line under ``extra: marketweek:`` in mkdocs.yml."""
    return after("  marketweek:\n", f"    {line}\n")


def deleted(path: Path) -> None:
    path.unlink()


def folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def pipe(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)  # read naively, it would wait for a writer forever


def link_to(target: str) -> Edit:
    def change(path: Path) -> None:
        path.unlink(missing_ok=True)
        path.symlink_to(target)

    return change


# Commentary written whole: the tiny week's front matter, then a body.
FRONT = "---\ntitle: A tiny week\nauthors: [Test Author]\n---\n\n"


def commentary(body: str) -> Edit:
    return text(FRONT + body)


def front(*lines: str) -> Edit:
    return text("---\n" + "".join(f"{line}\n" for line in lines) + "---\n\nThe body.\n")


def tiny_line(name: str, marker: str) -> int:
    """The line of ``marker`` in the tiny project's own file, for messages that cite one."""
    lines = (TINY / name).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if marker in line)


# ─── the table ──────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Case:
    area: str  # one of AREAS: what the case breaks
    name: str
    writes: Mapping[str, Edit]  # file (from the project's root) -> what the case does to it
    path: str  # the file the message must name
    marker: str | bytes | None  # text on the line it must name (first occurrence); None: no line
    message: str  # what follows "error: path:line: "
    command: tuple[str, ...] = BUILD
    may_hang: bool = False  # run as a subprocess with a timeout, not in this process

    @property
    def id(self) -> str:
        return f"{self.area}: {self.name}"

    def expected(self, root: Path) -> str:
        """The last line a user must see, its line number read from the file as written
        (lines end at LF, CRLF or a lone CR, as editors count them)."""
        if self.marker is None:
            return f"error: {self.path}: {self.message}"
        data = (root / self.path).read_bytes()
        marker = self.marker.encode("utf-8") if isinstance(self.marker, str) else self.marker
        assert marker in data, f"marker {marker!r} is not in {self.path}"
        before = data[: data.index(marker)]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        return f"error: {self.path}:{line}: {self.message}"


data = partial(Case, "data")
prose = partial(Case, "commentary")
config = partial(Case, "config")
template = partial(Case, "templates")

UTF8 = "save the file as UTF-8"
NUMBERS = "write plain numbers such as 2590.61"
DATES = "write dates as YYYY-MM-DD"
YAML_FIX = "fix the quoting or indentation; quote titles that contain ':'"
LINK_OUT = "is a link to a file outside content/ — copy the file into content/ instead"
STOPPED = (
    'write text and calls such as {{ close("RUT") }}; loops and big sums are not what '
    "commentary is for"
)
PROSE = (
    "use only below_high, below_record, change, chart, close, high_close, high_date, move, "
    "record_close, record_date, size, target_gap, ytd"
)
WEEKS = 'write a whole number from 1 to 520, e.g. change("RUT", weeks=3)'
SETTINGS = (
    "allow_raw_html, authors, basket, basket_name, cache_dir, calendar, content, data_note, "
    "disclaimer, end, large_caps, max_daily_move, nasdaq, remote_image_hosts, site_dir, "
    "small_caps, staging_dir, start, static_charts, templates"
)
ABOVE = "is the project folder or above it"
REPLACED = "a build replaces it whole — give site_dir a folder of its own, such as site"
ENGINE = "(see the MkDocs documentation for it)"
TEMPLATE_FIX = "fix that line of the template"
OVERRIDE_FIX = "fix the template (it extends the theme's base.html)"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
GARBAGE = bytes(range(256)) * 4
BROKEN_OVERRIDE = '{% extends "base.html" %}\n\n{{ foo( }}\n'
TAKEAWAYS = "## Takeaways\n"  # a heading of week.md.j2: template lines go in after it
ENDBLOCK = "{% endblock %}"  # the end of main.html's block: override lines go in before it
NESTED_LOOPS = '{% for a in "x" * 100000 %}{% for b in "x" * 100000 %}{% endfor %}{% endfor %}'
MULTI_LINE_TARGETS = (
    "firm,index,horizon,scenario,target,published,source\n"
    'A Bank,SPX,2026-12-31,base,7600,2025-11-24,"a note\nover\nthree lines"\n'
    "\n"
    "B Bank,SPX,2026-12-31,base,seven,2025-11-24,x\n"
)

DATA = [
    # prices.csv
    data(
        "prices: a Latin-1 byte",
        {PRICES: append(b"2025-12-12,R\xe9T,1.00")},
        PRICES,
        b"R\xe9T",
        f"not UTF-8 text (byte 0xe9 at column 13) — {UTF8}",
    ),
    data(
        "prices: binary garbage (a PNG)",
        {PRICES: text(PNG)},
        PRICES,
        b"\x89PNG",
        f"not UTF-8 text (byte 0x89 at column 1) — {UTF8}",
    ),
    data(
        "prices: a 300 KB field",
        {PRICES: append("2025-12-15,RUT,2" + "0" * 300_000)},
        PRICES,
        "2025-12-15,RUT,",
        'field longer than 10,000 characters — shorten it, or close the quote (") that is left '
        "open on this line",
    ),
    data(
        "prices: UTF-16",
        {PRICES: text((TINY / PRICES).read_text(encoding="utf-8").encode("utf-16"))},
        PRICES,
        b"\xff\xfe",
        f"UTF-16 text, not UTF-8 — {UTF8}",
    ),
    data(
        "prices: a NUL byte",
        {PRICES: replace("2025-11-18,CFG", "2025-11-18,C\0FG")},
        PRICES,
        "C\0FG",
        f"not a text file (a NUL byte at column 13) — {UTF8} text",
    ),
    data(
        "prices: a month 13",
        {PRICES: append("2025-13-01,RUT,1.00")},
        PRICES,
        "2025-13-01",
        f"date '2025-13-01' is not a date — {DATES}",
    ),
    data(
        "prices: a US date",
        {PRICES: replace("2025-11-18,CFG,", "11/18/2025,CFG,")},
        PRICES,
        "11/18/2025",
        f"date '11/18/2025' is not a date — {DATES}",
    ),
    data(
        "prices: a date past the exchange calendar",
        {PRICES: append("2099-12-31,RUT,2500.00")},
        PRICES,
        "2099-12-31",
        f"date 2099-12-31 is after the last session of the XNYS calendar ({XNYS_LAST}) — fix "
        "the date, or leave out rows the calendar does not cover",
    ),
    data(
        "prices: a bad number",
        {PRICES: replace("2025-11-18,CFG,50.65", "2025-11-18,CFG,50.6.5")},
        PRICES,
        "50.6.5",
        f"close '50.6.5' is not a number — {NUMBERS}",
    ),
    data(
        "prices: an empty close",
        {PRICES: replace("2025-11-18,CFG,50.65", "2025-11-18,CFG,")},
        PRICES,
        "2025-11-18,CFG,",
        f"close '' is not a number — {NUMBERS}",
    ),
    data(
        "prices: a close of nan",
        {PRICES: replace("2025-11-18,CFG,50.65", "2025-11-18,CFG,nan")},
        PRICES,
        "CFG,nan",
        f"close 'nan' is not a finite number — {NUMBERS}",
    ),
    data(
        "prices: a negative close",
        {PRICES: replace("2025-11-18,CFG,50.65", "2025-11-18,CFG,-50.65")},
        PRICES,
        "CFG,-50.65",
        "close -50.65 is not positive — prices must be above zero; fix or delete the row",
    ),
    data(
        "prices: a missing column",
        {PRICES: replace("date,symbol,close", "date,ticker,close")},
        PRICES,
        "date,ticker,close",
        "missing column(s) symbol — the header must name date,symbol,close",
    ),
    data(
        "prices: an unknown symbol",
        {PRICES: append("2025-12-12,RTU,2500.00")},
        PRICES,
        ",RTU,",
        "symbol 'RTU' is not in universe.csv — add a row for it to universe.csv or fix the "
        "symbol (did you mean 'RUT'?)",
    ),
    data(
        "prices: a second close for a day",
        {PRICES: append("2025-11-17,AAPL,1.00")},
        PRICES,
        "2025-11-17,AAPL,1.00",
        "second close for AAPL on 2025-11-17 — delete one of the rows (the first is on line "
        f"{tiny_line(PRICES, '2025-11-17,AAPL')})",
    ),
    data(
        "prices: a symbol with a space",
        {PRICES: append('2025-12-12,"R UT",1.00')},
        PRICES,
        "R UT",
        "symbol 'R UT' has spaces, commas, quotes or control characters — write a symbol as one "
        "word, such as RUT or BRK.B",
    ),
    data(
        "prices: an unclosed quote",
        {PRICES: replace("2025-11-18,CFG,50.65", '2025-11-18,"CFG,50.65')},
        PRICES,
        '"CFG',
        'a quoted field that starts on this line is never closed — add the closing quote (")',
    ),
    data(
        "prices: a number with a thousands comma",
        {PRICES: replace("2025-11-17,RUT,2282.59", "2025-11-17,RUT,2,282.59")},
        PRICES,
        "2,282.59",
        "4 fields, but the header names 3 — put quotes around any field that contains a comma, "
        'e.g. "Apple, Inc."',
    ),
    data(
        "prices: an empty file",
        {PRICES: text("")},
        PRICES,
        None,
        "file is empty — write the header date,symbol,close on the first line",
    ),
    data(
        "prices: the header only",
        {PRICES: text("date,symbol,close\n")},
        PRICES,
        None,
        "no prices — bring your closes in with `marketweek import FILE.csv` (Yahoo, Stooq, "
        "FRED… exports), or add rows of date,symbol,close",
    ),
    data(
        "prices: deleted",
        {PRICES: deleted},
        PRICES,
        None,
        "file not found — create it with columns date,symbol,close",
    ),
    data(
        "prices: a folder",
        {PRICES: folder},
        PRICES,
        None,
        "is a folder, not a file — move the folder away or rename it",
    ),
    # universe.csv
    data(
        "universe: a Latin-1 byte",
        {UNIVERSE: replace(b"Citizens Financial", b"Citiz\xe9ns Financial")},
        UNIVERSE,
        b"Citiz\xe9ns",
        f"not UTF-8 text (byte 0xe9 at column 10) — {UTF8}",
    ),
    data(
        "universe: binary garbage",
        {UNIVERSE: text(GARBAGE)},
        UNIVERSE,
        b"\x7f\x80",
        f"not UTF-8 text (byte 0x80 at column 115) — {UTF8}",
    ),
    data(
        "universe: a duplicate symbol",
        {UNIVERSE: append("AAPL,Apple again,stock,Information Technology,mega,mag7")},
        UNIVERSE,
        "Apple again",
        "second row for AAPL — delete one of the rows (the first is on line "
        f"{tiny_line(UNIVERSE, 'AAPL,')})",
    ),
    data(
        "universe: a bad kind",
        {UNIVERSE: replace("SPDR Fund,etf,Financials", "SPDR Fund,fund,Financials")},
        UNIVERSE,
        ",fund,",
        "kind 'fund' is not known — use index, etf or stock",
    ),
    data(
        "universe: a missing column",
        {UNIVERSE: replace("symbol,name,kind,", "symbol,name,type,")},
        UNIVERSE,
        "symbol,name,type,",
        "missing column(s) kind — the header must name symbol,name,kind,sector,size,groups",
    ),
    data(
        "universe: an empty symbol",
        {UNIVERSE: append(",Nameless Corp,stock,Financials,small,")},
        UNIVERSE,
        "Nameless Corp",
        "symbol is empty — name the symbol, e.g. RUT",
    ),
    data(
        "universe: the header only",
        {UNIVERSE: text("symbol,name,kind,sector,size,groups\n")},
        UNIVERSE,
        None,
        "no securities — add rows of symbol,name,kind,sector,size,groups",
    ),
    data(
        "universe: a priced symbol's row deleted",
        {
            UNIVERSE: edit(
                lambda t: "".join(x for x in t.splitlines(True) if not x.startswith("XLK,"))
            )
        },
        PRICES,
        ",XLK,",
        "symbol 'XLK' is not in universe.csv — add a row for it to universe.csv or fix the "
        "symbol (did you mean 'XLF'?)",
    ),
    data(
        "universe: a basket group with no members",
        {
            UNIVERSE: edit(lambda t: t.replace(",mag7\n", ",\n")),
            CONFIG: setting("basket: mag7"),  # written out: a default basket is just not drawn
        },
        CONFIG,
        "basket:",
        "basket 'mag7' is no group in universe.csv, so the basket has no members — name a "
        "group from the groups column (did you mean 'benchmark'?)",
    ),
    # targets.csv
    data(
        "targets: a row after a multi-line field",
        {TARGETS: text(MULTI_LINE_TARGETS)},
        TARGETS,
        "seven",
        f"target 'seven' is not a number — {NUMBERS}",
    ),
    data(
        "targets: an index without prices",
        {TARGETS: append("B Bank,SXP,2026-12-31,base,7000,2025-11-24,x")},
        TARGETS,
        ",SXP,",
        "index 'SXP' has no prices — use a symbol from prices (did you mean 'SPX'?)",
    ),
    data(
        "targets: a horizon in words",
        {TARGETS: append("B Bank,SPX,end of 2026,base,7000,2025-11-24,x")},
        TARGETS,
        "end of 2026",
        f"horizon 'end of 2026' is not a date — {DATES}",
    ),
    data(
        "targets: a European published date",
        {TARGETS: append("B Bank,SPX,2026-12-31,base,7000,24/11/2025,x")},
        TARGETS,
        "24/11/2025",
        f"published '24/11/2025' is not a date — {DATES}",
    ),
    data(
        "targets: a missing column",
        {TARGETS: replace(",target,", ",level,")},
        TARGETS,
        ",level,",
        "missing column(s) target — the header must name "
        "firm,index,horizon,scenario,target,published,source",
    ),
    # events.csv
    data(
        "events: a 300 KB field",
        {EVENTS: append("2025-12-19,cpi," + "x" * 300_000)},
        EVENTS,
        "2025-12-19,cpi,",
        'field longer than 10,000 characters — shorten it, or close the quote (") that is left '
        "open on this line",
    ),
    data(
        "events: a date in words",
        {EVENTS: append("Dec 19,cpi,CPI release")},
        EVENTS,
        "Dec 19",
        f"date 'Dec 19' is not a date — {DATES}",
    ),
    data(
        "events: a NUL byte",
        {EVENTS: append("2025-12-19,cp\0i,x")},
        EVENTS,
        "cp\0i",
        f"not a text file (a NUL byte at column 14) — {UTF8} text",
    ),
    data(
        "events: text after a closing quote",
        {EVENTS: append('2025-12-19,cpi,"CPI" release')},
        EVENTS,
        '"CPI" release',
        "text follows a closing quote — put the whole field in quotes and double any quote "
        'inside it ("")',
    ),
    data(
        "events: a missing column",
        {EVENTS: text("date,label\n2025-12-10,FOMC\n")},
        EVENTS,
        "date,label",
        "missing column(s) kind — the header must name date,kind,label",
    ),
    data(
        "events: a column twice",
        {EVENTS: text("date,kind,date\n")},
        EVENTS,
        "date,kind,date",
        "column 'date' appears twice in the header — delete or rename one of them",
    ),
    # fed_funds.csv
    data(
        "fed funds: lower above upper",
        {FED_FUNDS: append("2025-12-18,3.75,3.50")},
        FED_FUNDS,
        "2025-12-18",
        "lower 3.75 is above upper 3.5 — swap the two bounds",
    ),
    data(
        "fed funds: a percent sign",
        {FED_FUNDS: append("2025-12-18,3.50%,3.75%")},
        FED_FUNDS,
        "3.50%",
        f"lower '3.50%' is not a number — {NUMBERS}",
    ),
    data(
        "fed funds: a 32nd of December",
        {FED_FUNDS: append("2025-12-32,3.50,3.75")},
        FED_FUNDS,
        "2025-12-32",
        f"date '2025-12-32' is not a date — {DATES}",
    ),
    data(
        "fed funds: missing columns",
        {FED_FUNDS: text("date,low,high\n2025-12-11,3.50,3.75\n")},
        FED_FUNDS,
        "date,low,high",
        "missing column(s) lower, upper — the header must name date,lower,upper",
    ),
]

COMMENTARY = [
    # bytes and files that are not commentary
    prose(
        "a Latin-1 byte",
        {WEEK: replace(b"A tiny week", b"A tiny w\xe9ek")},
        WEEK,
        b"w\xe9ek",
        f"not UTF-8 text (byte 0xe9 at column 16) — {UTF8}",
    ),
    prose(
        "a Latin-1 byte in the body",
        {WEEK: replace(b"S&P 500 at", b"S&P\xa0500 at")},
        WEEK,
        b"S&P\xa0500",
        f"not UTF-8 text (byte 0xa0 at column 4) — {UTF8}",
    ),
    prose(
        "binary garbage",
        {WEEK: text(GARBAGE)},
        WEEK,
        b"\x7f\x80",
        f"not UTF-8 text (byte 0x80 at column 115) — {UTF8}",
    ),
    prose(
        "UTF-16",
        {WEEK: text((TINY / WEEK).read_text(encoding="utf-8").encode("utf-16"))},
        WEEK,
        b"\xff\xfe",
        f"UTF-16 text, not UTF-8 — {UTF8}",
    ),
    prose("a link to /etc/hostname", {WEEK: link_to("/etc/hostname")}, WEEK, None, LINK_OUT),
    prose(
        "a new week linked to /etc/hostname",
        {"content/weeks/2025-12-05.md": link_to("/etc/hostname")},
        "content/weeks/2025-12-05.md",
        None,
        LINK_OUT,
    ),
    prose(
        "a folder named like a week",
        {WEEK: folder},
        WEEK,
        None,
        "is a folder, not a file — move the folder away or rename it",
    ),
    prose(
        "a pipe named like a week",
        {WEEK: pipe},
        WEEK,
        None,
        "is not a regular file (a pipe, socket or device) — replace it with a plain text file",
    ),
    prose(
        "a file not named after a week",
        {"content/weeks/2025-12-04.md": commentary("Thursday's notes.\n")},
        "content/weeks/2025-12-04.md",
        None,
        "2025-12-04 is not the last session of a week — rename the file to 2025-12-05.md",
    ),
    prose(
        "a file name that is not a date",
        {"content/weeks/notes.md": commentary("Notes.\n")},
        "content/weeks/notes.md",
        None,
        "file name is not a date — name commentary files YYYY-MM-DD.md after the week's last "
        "session",
    ),
    # A file written ahead of its week's data waits, with a warning (fatal with --strict).
    prose(
        "a week the data do not reach yet, --strict",
        {"content/weeks/2026-01-09.md": commentary("Next year.\n")},
        "content/weeks/2026-01-09.md",
        None,
        "the data hold no week ending 2026-01-09 yet (their last is 2025-12-12) — it is "
        "published once its prices are in the data",
        STRICT,
    ),
    # front matter
    prose(
        "front matter: a YAML error's line",
        {WEEK: front("title: ok", "summary: a: b")},
        WEEK,
        "summary:",
        f"front matter is not valid YAML: mapping values are not allowed here — {YAML_FIX}",
    ),
    prose(
        "front matter: an unclosed list",
        {WEEK: front("title: ok", "authors: [A, B", "tags: [x]")},
        WEEK,
        "tags:",
        "front matter is not valid YAML: expected ',' or ']', but got ':' (while parsing a flow "
        f"sequence that starts on line 3) — {YAML_FIX}",
    ),
    prose(
        "front matter: an unclosed quote",
        {WEEK: front("title: 'ok", "authors: [A]")},
        WEEK,
        "authors:",
        "front matter is not valid YAML: found unexpected end of stream (while scanning a "
        f"quoted scalar that starts on line 2) — {YAML_FIX}",
    ),
    prose(
        "front matter: a tab",
        {WEEK: front("title: ok", "\ttags: [a]")},
        WEEK,
        "\ttags",
        "front matter is not valid YAML: found character '\\t' that cannot start any token — "
        f"{YAML_FIX}",
    ),
    prose(
        "front matter: never closed",
        {WEEK: text("---\ntitle: ok\n\nThe body.\n")},
        WEEK,
        "---",
        "front matter is never closed — end it with a line of three dashes: ---",
    ),
    prose(
        "front matter: a key twice",
        {WEEK: front("title: ok", "title: again")},
        WEEK,
        "title: again",
        "second 'title' in the front matter — delete one of them (the first is on line 2)",
    ),
    prose(
        "front matter: a list",
        {WEEK: front("- a list")},
        WEEK,
        "- a list",
        "front matter is not a mapping — write `key: value` lines",
    ),
    prose(
        "front matter: a control character",
        {WEEK: front("title: ok\x07")},
        WEEK,
        "title:",
        "front matter holds the control character U+0007 — delete it",
    ),
    prose(
        "front matter: a Python tag",
        {WEEK: front("title: !!python/object:os.system ok")},
        WEEK,
        "title:",
        "'title' cannot be read: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object:os.system' — fix the value, or put it in quotes to "
        "keep it as text",
    ),
    prose(
        'draft: "yes"',
        {WEEK: front("title: ok", 'draft: "yes"')},
        WEEK,
        "draft:",
        "draft must be true or false — write draft: true or draft: false",
    ),
    prose(
        "authors: 7",
        {WEEK: front("title: ok", "authors: 7")},
        WEEK,
        "authors:",
        "authors must be a list of names — write authors: [First Name, Second Name]",
    ),
    prose(
        "title: [a list]",
        {WEEK: front("title: [a, b]")},
        WEEK,
        "title:",
        "title must be text, got \"['a', 'b']\" — quote the title",
    ),
    prose(
        "publish_at: nonsense",
        {WEEK: front("title: ok", "publish_at: next Saturday")},
        WEEK,
        "publish_at:",
        "publish_at 'next Saturday' is not a date and time — write e.g. publish_at: "
        "2025-12-13T08:00:00-05:00 (without a time zone: New York time)",
    ),
    prose(
        "publish_at: February 30",
        {WEEK: front("title: ok", "publish_at: 2025-02-30")},
        WEEK,
        "publish_at:",
        "'publish_at' cannot be read: day is out of range for month — fix the value, or put it "
        "in quotes to keep it as text",
    ),
    # BUG: today the last line is "error: mkdocs.yml: 1 warning(s) in strict mode — fix the
    # warnings above, or build without --strict": it blames a file the author did not get wrong.
    prose(
        "an unknown front-matter key, --strict",
        {WEEK: front("title: ok", "titel: x")},
        WEEK,
        "titel:",
        "unknown front matter key 'titel' — use one of title, authors, summary, tags, draft, "
        "publish_at (did you mean 'title'?)",
        STRICT,
    ),
    # BUG: today exit 1 with no error line at all (the last stderr line is progress).
    prose(
        "a typed number the data disagree with, check --strict",
        {WEEK: commentary("The Russell 2000 closed at 9,999.99 this week.\n")},
        WEEK,
        "9,999.99",
        "9,999.99 matches no close on or before 2025-12-12 — check the number, or let the data "
        'write it, e.g. {{ close("RUT") }}',
        CHECK_STRICT,
    ),
    # the body: prose functions, charts and the sandbox
    prose(
        "two nested loops",
        {WEEK: commentary(f"First line.\n{NESTED_LOOPS}\n")},
        WEEK,
        NESTED_LOOPS,
        f"commentary stopped: evaluation ran past 2 s (a loop that never ends?) — {STOPPED}",
        may_hang=True,
    ),
    prose(
        "a loop that writes too much",
        {
            WEEK: commentary(
                '{% for a in "x" * 10000 %}{% for b in "x" * 10000 %}0123456789'
                "{% endfor %}{% endfor %}\n"
            )
        },
        WEEK,
        "{% for a",
        f"commentary stopped: the text grew past 1,000,000 characters — {STOPPED}",
        may_hang=True,
    ),
    prose(
        'change("RUT", weeks="x")',
        {WEEK: commentary('First line.\n{{ change("RUT", weeks="x") }}\n')},
        WEEK,
        'weeks="x"',
        f"weeks='x' is not a number of weeks — {WEEKS}",
    ),
    prose(
        'change("RUT", weeks=-1)',
        {WEEK: commentary('{{ change("RUT", weeks=-1) }}\n')},
        WEEK,
        "weeks=-1",
        f"weeks=-1 is not a number of weeks — {WEEKS}",
    ),
    prose(
        'change("RUT", weeks=2.5)',
        {WEEK: commentary('{{ change("RUT", weeks=2.5) }}\n')},
        WEEK,
        "weeks=2.5",
        f"weeks=2.5 is not a number of weeks — {WEEKS}",
    ),
    prose(
        "{{ close }}",
        {WEEK: commentary("Where is it?\n{{ close }}\n")},
        WEEK,
        "{{ close }}",
        'close is a function, not a value — call it: {{ close("RUT") }}',
    ),
    prose(
        "an unknown symbol",
        {WEEK: commentary('{{ close("RTU") }}\n')},
        WEEK,
        '"RTU"',
        "unknown symbol 'RTU' — did you mean 'RUT'?",
    ),
    prose(
        "a symbol in lower case",
        {WEEK: commentary('{{ close("rut") }}\n')},
        WEEK,
        '"rut"',
        "unknown symbol 'rut' — did you mean 'RUT'?",
    ),
    prose(
        "a symbol without quotes",
        {WEEK: commentary("{{ close(RUT) }}\n")},
        WEEK,
        "close(RUT)",
        "unknown name 'RUT' — put symbols in quotes: close(\"RUT\")",
    ),
    prose(
        "a prose function without its argument",
        {WEEK: commentary("{{ close() }}\n")},
        WEEK,
        "close()",
        'close() needs a symbol — write e.g. close("RUT")',
    ),
    prose(
        "an unknown chart",
        {WEEK: commentary('\n\n{{ chart("rotaton") }}\n')},
        WEEK,
        "rotaton",
        "unknown chart 'rotaton' — did you mean 'rotation'?",
    ),
    prose(
        "an unknown prose function",
        {WEEK: commentary('one\ntwo {{ clse("RUT") }}\n')},
        WEEK,
        "clse",
        "unknown function 'clse' — did you mean 'close'?",
    ),
    prose(
        "no target from that firm",
        {WEEK: commentary('{{ target_gap("Goldman") }}\n')},
        WEEK,
        "Goldman",
        "no target from 'Goldman' as of 2025-12-12 — did you mean 'Example Bank'?",
    ),
    prose(
        "Python internals",
        {WEEK: commentary("x\n{{ close.__globals__ }}\n")},
        WEEK,
        "__globals__",
        "not allowed in commentary: access to attribute '__globals__' of 'function' object is "
        f"unsafe. — {PROSE}",
    ),
    prose(
        "a Jinja syntax error",
        {WEEK: commentary('{{ close("RUT" }}\n')},
        WEEK,
        '{{ close("RUT" }}',
        "template syntax error: unexpected '}', expected ')' — close every {{ with }} and check "
        "the quotes",
    ),
    prose(
        "a filter",
        {WEEK: commentary('{{ "x" | center(9) }}\n')},
        WEEK,
        "center",
        "filter 'center' is not available in commentary — use one of abs, capitalize, d, "
        "default, first, last, length, lower, round, title, trim, upper",
    ),
    prose(
        "an include",
        {WEEK: commentary('{% include "week.md.j2" %}\n')},
        WEEK,
        "{% include",
        "{% include %} is not available in commentary (no includes, imports or extends) — "
        'write the text in this file, with calls such as {{ close("RUT") }}',
    ),
    prose(
        "a division by zero",
        {WEEK: commentary("{{ 1 / 0 }}\n")},
        WEEK,
        "1 / 0",
        "cannot compute this: division by zero — check the numbers in that expression",
    ),
    prose(
        "a power too large",
        {WEEK: commentary("{{ 9**9**9 }}\n")},
        WEEK,
        "9**9**9",
        f"commentary stopped: 387420489 ** 9 is too large to compute — {STOPPED}",
    ),
    prose(
        "a repetition too long",
        {WEEK: commentary('{{ "x" * 1000000000 }}\n')},
        WEEK,
        "1000000000",
        f"commentary stopped: a repetition longer than 100,000 items — {STOPPED}",
    ),
]

CONFIG_CASES = [
    config(
        "calendar: XXXX",
        {CONFIG: setting("calendar: XXXX")},
        CONFIG,
        "calendar:",
        "calendar 'XXXX' is not an exchange calendar — use an exchange_calendars code such as "
        "XNYS (did you mean 'XTSX'?)",
    ),
    config(
        "small_caps not in the data",
        {CONFIG: setting("small_caps: RTY")},
        CONFIG,
        "small_caps:",
        "small_caps 'RTY' has no prices in content/data/prices.csv — set it to a symbol that "
        "has prices (did you mean 'RUT'?)",
    ),
    config(
        "large_caps not in the data",
        {CONFIG: setting("large_caps: SPY")},
        CONFIG,
        "large_caps:",
        "large_caps 'SPY' has no prices in content/data/prices.csv — set it to a symbol that "
        "has prices (did you mean 'SPX'?)",
    ),
    config(
        "basket: a group nobody is in",
        {CONFIG: setting("basket: mag8")},
        CONFIG,
        "basket:",
        "basket 'mag8' is no group in universe.csv, so the basket has no members — name a group "
        "from the groups column (did you mean 'mag7'?)",
    ),
    config(
        "site_dir: ..",
        {CONFIG: setting("site_dir: ..")},
        CONFIG,
        "site_dir:",
        f"site_dir '..' {ABOVE}, and {REPLACED}",
    ),
    config(
        "site_dir: .",
        {CONFIG: setting("site_dir: .")},
        CONFIG,
        "site_dir:",
        f"site_dir '.' {ABOVE}, and {REPLACED}",
    ),
    config(
        "site_dir: /",
        {CONFIG: setting("site_dir: /")},
        CONFIG,
        "site_dir:",
        f"site_dir '/' {ABOVE}, and {REPLACED}",
    ),
    config(
        "site_dir: content",
        {CONFIG: setting("site_dir: content")},
        CONFIG,
        "site_dir:",
        f"site_dir 'content' overlaps the content folder, and {REPLACED}",
    ),
    config(
        "site_dir: site/../content",
        {CONFIG: setting("site_dir: site/../content")},
        CONFIG,
        "site_dir:",
        f"site_dir 'site/../content' overlaps the content folder, and {REPLACED}",
    ),
    config(
        "staging_dir: .",
        {CONFIG: setting("staging_dir: .")},
        CONFIG,
        "staging_dir:",
        f"staging_dir '.' {ABOVE}, and a build rewrites it — give staging_dir a folder of its "
        "own, such as .marketweek/staging",
    ),
    config(
        "cache_dir: content/data",
        {CONFIG: setting("cache_dir: content/data")},
        CONFIG,
        "cache_dir:",
        "cache_dir 'content/data' overlaps the content folder, and a build writes into it — "
        "give cache_dir a folder of its own, such as .marketweek/cache",
    ),
    # BUG: not refused; today "content/home.md.j2: template not found — restore it from the
    # marketweek sample", which asks for templates inside content/.
    config(
        "templates: content",
        {CONFIG: setting("templates: content")},
        CONFIG,
        "templates:",
        "templates 'content' overlaps the content folder — give templates a folder of its own, "
        "such as templates",
    ),
    # BUG: today "nowhere/data/prices.csv: file not found — create it with columns
    # date,symbol,close": a file the author never named, and the setting's line is not given.
    config(
        "content: a folder that does not exist",
        {CONFIG: setting("content: nowhere")},
        CONFIG,
        "content:",
        "content folder 'nowhere' does not exist — fix content, or create the folder with data/ "
        "and weeks/ in it",
    ),
    # BUG: today the last line is "error: mkdocs.yml: 1 warning(s) in strict mode — fix the
    # warnings above, or build without --strict", without the setting's line.
    config(
        "an unknown setting, --strict",
        {CONFIG: setting("small_cap: RTY")},
        CONFIG,
        "small_cap:",
        f"unknown setting extra.marketweek.small_cap — remove it or use one of: {SETTINGS}",
        STRICT,
    ),
    config(
        "an unknown setting named like a theme key, --strict",
        {CONFIG: setting("name: Tiny")},
        CONFIG,
        "    name: Tiny",
        f"unknown setting extra.marketweek.name — remove it or use one of: {SETTINGS}",
        STRICT,
    ),
    config(
        "a wrong type of setting",
        {CONFIG: replace("authors: [Tiny Desk]", "authors: 7")},
        CONFIG,
        "authors: 7",
        "extra.marketweek.authors must be a list of names, got 7 — set it to a list of names "
        "(byline for weeks whose commentary names none)",
    ),
    # BUG: today the error names line 13, the first (valid) `authors:`, not the one that is 7.
    config(
        "a setting written twice",
        {CONFIG: append("    authors: 7")},
        CONFIG,
        "authors: 7",
        "second 'authors' in extra.marketweek — delete one of them (the first is on line "
        f"{tiny_line(CONFIG, 'authors:')})",
    ),
    config(
        "allow_raw_html: 'yes'",
        {CONFIG: setting("allow_raw_html: 'yes'")},
        CONFIG,
        "allow_raw_html:",
        "extra.marketweek.allow_raw_html must be true or false, got 'yes' — set it to true or "
        "false (trust the authors: keep raw html in commentary as written (default: sanitised))",
    ),
    config(
        "start: in words",
        {CONFIG: setting("start: last year")},
        CONFIG,
        "start:",
        "extra.marketweek.start must be a date like 2023-01-06, got 'last year' — set it to a "
        "date like 2023-01-06 (first week to publish (default: the first complete week))",
    ),
    config(
        "start: February 30",
        {CONFIG: setting("start: 2025-02-30")},
        CONFIG,
        "start:",
        "a value cannot be read: day is out of range for month — fix the value, or put it in "
        "quotes to keep it as text",
    ),
    config(
        "start: after the data",
        {CONFIG: setting("start: 2030-01-04")},
        CONFIG,
        "start:",
        "start 2030-01-04 leaves no complete trading week to publish (the data run from "
        "2025-11-17 to 2025-12-12) — set start to 2025-12-12 or earlier, or add prices",
    ),
    config(
        "site_name missing",
        {CONFIG: replace("site_name: Tiny report\n", "")},
        CONFIG,
        None,
        "site_name is missing — add `site_name: Your report's title` to mkdocs.yml",
    ),
    config(
        "a YAML syntax error",
        {CONFIG: after("  font: false\n", "   palette: [x\n")},
        CONFIG,
        "palette:",
        "YAML syntax error: mapping values are not allowed here — fix the indentation or quoting "
        "on that line",
    ),
    config(
        "a tab",
        {CONFIG: replace("  font: false", "\tfont: false")},
        CONFIG,
        "\tfont",
        "YAML syntax error: found character '\\t' that cannot start any token — fix the "
        "indentation or quoting on that line",
    ),
    config(
        "extra not a mapping",
        {CONFIG: edit(lambda t: t[: t.index("extra:")] + "extra: [generator, marketweek]\n")},
        CONFIG,
        "extra:",
        "extra is not a mapping — indent its keys under `extra:`",
    ),
    config(
        "extra.marketweek not a mapping",
        {CONFIG: edit(lambda t: t[: t.index("  marketweek:")] + "  marketweek: [RUT, SPX]\n")},
        CONFIG,
        "marketweek:",
        "extra.marketweek is not a mapping — indent its keys under `marketweek:`",
    ),
    config(
        "a list, not a mapping",
        {CONFIG: text("- site_name: Tiny report\n")},
        CONFIG,
        "- site_name",
        "config is not a mapping — write `key: value` lines",
    ),
    config(
        "empty",
        {CONFIG: text("")},
        CONFIG,
        None,
        "config is not a mapping — write `key: value` lines",
    ),
    config(
        "deleted",
        {CONFIG: deleted},
        CONFIG,
        None,
        "config file not found — run marketweek in the folder that holds mkdocs.yml or pass "
        "--config",
    ),
    config(
        "a Latin-1 byte",
        {CONFIG: replace(b"Tiny report", b"Tiny r\xe9port")},
        CONFIG,
        b"r\xe9port",
        f"not UTF-8 text (byte 0xe9 at column 18) — {UTF8}",
    ),
    config(
        "an unknown theme",
        {CONFIG: replace("  name: material\n", "  name: materal\n")},
        CONFIG,
        "theme:",
        "the theme is 'materal'; marketweek's pages are made for MkDocs Material — set `theme:` "
        "to `name: material` (marketweek init writes a complete one)",
    ),
    config(
        "an unknown extension",
        {CONFIG: after("  - md_in_html\n", "  - no_such_ext\n")},
        CONFIG,
        "markdown_extensions:",
        "MkDocs cannot use the markdown_extensions setting: Failed to load extension "
        f"'no_such_ext'. — fix markdown_extensions in mkdocs.yml {ENGINE}",
    ),
    config(
        "an unknown plugin",
        {CONFIG: append("plugins:", "  - no_such_plugin")},
        CONFIG,
        "plugins:",
        'MkDocs cannot use the plugins setting: The "no_such_plugin" plugin is not installed — '
        f"fix plugins in mkdocs.yml {ENGINE}",
    ),
]

TEMPLATES = [
    template(
        "an undefined variable",
        {WEEK_TEMPLATE: after(TAKEAWAYS, "\n{{ no_such_variable }}\n")},
        WEEK_TEMPLATE,
        "{{ no_such_variable }}",
        f"template uses an unknown name: 'no_such_variable' is undefined — {TEMPLATE_FIX}",
    ),
    template(
        "an undefined attribute",
        {WEEK_TEMPLATE: after(TAKEAWAYS, "\n{{ r.no_such_field }}\n")},
        WEEK_TEMPLATE,
        "no_such_field",
        "template uses an unknown name: 'generator.model.WeekReport object' has no attribute "
        f"'no_such_field' — {TEMPLATE_FIX}",
    ),
    template(
        "a wrongly typed filter",
        {WEEK_TEMPLATE: after(TAKEAWAYS, "\n{{ r.takeaways | round(1) }}\n")},
        WEEK_TEMPLATE,
        "round(1)",
        f"template error: type tuple doesn't define __round__ method — {TEMPLATE_FIX}",
    ),
    template(
        "text where a number goes",
        {WEEK_TEMPLATE: after(TAKEAWAYS, "\n{{ r.week.slug + 1 }}\n")},
        WEEK_TEMPLATE,
        "slug + 1",
        f'template error: can only concatenate str (not "int") to str — {TEMPLATE_FIX}',
    ),
    template(
        "a division by zero",
        {WEEK_TEMPLATE: after(TAKEAWAYS, "\n{{ 1 / 0 }}\n")},
        WEEK_TEMPLATE,
        "1 / 0",
        f"template error: division by zero — {TEMPLATE_FIX}",
    ),
    template(
        "a Jinja syntax error",
        {WEEK_TEMPLATE: after(TAKEAWAYS, "\n{{ r.week.slug }\n")},
        WEEK_TEMPLATE,
        "{{ r.week.slug }\n",
        "template error: unexpected '}' — fix the template",
    ),
    template(
        "an unknown filter",
        {WEEK_TEMPLATE: after(TAKEAWAYS, "\n{{ r.week.slug | no_such_filter }}\n")},
        WEEK_TEMPLATE,
        "no_such_filter",
        "template error: No filter named 'no_such_filter'. — fix the template",
    ),
    template(
        "an unknown tag",
        {WEEK_TEMPLATE: after(TAKEAWAYS, "\n{% frobnicate %}\n")},
        WEEK_TEMPLATE,
        "frobnicate",
        "template error: Encountered unknown tag 'frobnicate'. — fix the template",
    ),
    template(
        "a syntax error in the home page",
        {HOME_TEMPLATE: after("\n", "{% if %}\n")},
        HOME_TEMPLATE,
        "{% if %}",
        "template error: Expected an expression, got 'end of statement block' — fix the template",
    ),
    template(
        "an include of a missing template",
        {WEEK_TEMPLATE: after(TAKEAWAYS, '\n{% include "nope.md.j2" %}\n')},
        WEEK_TEMPLATE,
        "nope.md.j2",
        "template 'nope.md.j2' (included here) not found — fix the name, or add the file to "
        "templates/",
    ),
    template(
        "a template that includes itself",
        {WEEK_TEMPLATE: after(TAKEAWAYS, '\n{% include "week.md.j2" %}\n')},
        WEEK_TEMPLATE,
        '{% include "week.md.j2" %}',
        f"template error: the template includes itself — {TEMPLATE_FIX}",
    ),
    template(
        "a Latin-1 byte",
        {WEEK_TEMPLATE: after(TAKEAWAYS, b"\nCaf\xe9 society\n")},
        WEEK_TEMPLATE,
        b"Caf\xe9",
        f"not UTF-8 text (byte 0xe9 at column 4) — {UTF8}",
    ),
    template(
        "a broken override",
        {OVERRIDE: text(BROKEN_OVERRIDE)},
        OVERRIDE,
        "{{ foo( }}",
        f"theme override error: unexpected '}}', expected ')' — {OVERRIDE_FIX}",
    ),
    template(
        "an undefined variable in the override",
        {OVERRIDE: replace(ENDBLOCK, "{{ nope.x }}\n" + ENDBLOCK)},
        OVERRIDE,
        "{{ nope.x }}",
        f"theme override error: 'nope' is undefined — {OVERRIDE_FIX}",
    ),
    template(
        "a broken partial of the override",
        {"templates/overrides/partials/toc.html": text("<nav>\n{% if %}\n</nav>\n")},
        "templates/overrides/partials/toc.html",
        "{% if %}",
        f"theme override error: Expected an expression, got 'end of statement block' — "
        f"{OVERRIDE_FIX}",
    ),
    template(
        "an include of a missing partial in the override",
        {OVERRIDE: replace(ENDBLOCK, '{% include "partials/nope.html" %}\n' + ENDBLOCK)},
        OVERRIDE,
        "partials/nope.html",
        "theme override error: template 'partials/nope.html' not found — fix the name, or add "
        "the file to templates/overrides/",
    ),
    template(
        "a type error in the override",
        {OVERRIDE: replace(ENDBLOCK, "{{ 1 + 'a' }}\n" + ENDBLOCK)},
        OVERRIDE,
        "{{ 1 + 'a' }}",
        "theme override error: unsupported operand type(s) for +: 'int' and 'str' — "
        f"{OVERRIDE_FIX}",
    ),
    template(
        "a Latin-1 byte in the override",
        {OVERRIDE: replace(ENDBLOCK.encode(), b"<!-- Caf\xe9 -->\n" + ENDBLOCK.encode())},
        OVERRIDE,
        b"Caf\xe9",
        f"not UTF-8 text (byte 0xe9 at column 9) — {UTF8}",
    ),
]

# Issue 16, the data and input side: hostile values and sizes, refused before the work.
SOURCES = "content/data/sources.csv"
ALIAS_BOMB = "".join(
    f"  {name}: &{name} [{', '.join([f'*{before}'] * 9)}]\n"
    for before, name in zip("abcdefgh", "bcdefghi", strict=True)
)
MANY_CALLS = "\n".join(['{{ close("RUT") }}'] * 2_000 + ['{{ close("SPX") }}'] * 1_000)
OUTSIDE = "is outside the plausible range of prices, 0.000001 to 1,000,000,000,000"
IMPLAUSIBLE = (
    f"{OUTSIDE} — fix the number (a misplaced decimal point? an exponent?) or delete the row"
)
SATURDAY = "2025-12-13 is a Saturday, not a session of XNYS (weekend or holiday)"
WORKBOOK = (
    "is a spreadsheet workbook, not a CSV file — open it in Excel, LibreOffice or Numbers and "
    "export the sheet as CSV (File › Save As… › CSV UTF-8), then import the .csv"
)
WIDE_FILE = (
    "date," + ",".join(f"S{i}" for i in range(1_000_000)) + "\n2025-12-12," + "1," * 999_999 + "1\n"
)


ISSUE_16 = [
    data(
        "targets: a target of 0",
        {TARGETS: replace(",7600,", ",0,")},
        TARGETS,
        ",0,",
        "target 0 is not positive — targets must be above zero; fix or delete the row",
        command=("check",),
    ),
    data(
        "targets: a negative target",
        {TARGETS: replace(",7600,", ",-7600,")},
        TARGETS,
        ",-7600,",
        "target -7600 is not positive — targets must be above zero; fix or delete the row",
    ),
    data(
        "prices: a close on a Saturday",
        {PRICES: append("2025-12-13,RUT,2600.00")},
        PRICES,
        "2025-12-13,RUT",
        f"{SATURDAY} — fix the date, or delete the row",
    ),
    data(
        "prices: a close of 1e308",
        {PRICES: replace("2025-11-18,CFG,50.65", "2025-11-18,CFG,1e308")},
        PRICES,
        "CFG,1e308",
        f"close '1e308' {IMPLAUSIBLE}",
    ),
    data(
        "prices: a close of 1e-300",
        {PRICES: replace("2025-11-18,CFG,50.65", "2025-11-18,CFG,1e-300")},
        PRICES,
        "CFG,1e-300",
        f"close '1e-300' {IMPLAUSIBLE}",
    ),
    data(
        "sources: a prior_high_date in the future",
        {
            SOURCES: text(
                "series,provider,prior_high,prior_high_date\nRUT,FTSE Russell,2600,2030-01-02\n"
            )
        },
        SOURCES,
        "RUT,FTSE",
        "prior_high_date 2030-01-02 is not before RUT's first close (2025-11-17) — give the record "
        "close from before the data begin, or leave both prior_high columns empty",
    ),
    data(
        "import: an .xlsx workbook",
        {"book.xlsx": text(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)))},
        "book.xlsx",
        None,
        WORKBOOK,
        command=("import", "book.xlsx"),
    ),
    data(
        "import: a million columns",
        {"wide.csv": text(WIDE_FILE)},
        "wide.csv",
        "date,S0,",
        "1,000,001 columns, more than the 100,000 one import may hold — split the file into "
        "files of fewer columns, or export it long (date,symbol,close: a row per close)",
        command=("import", "wide.csv"),
        may_hang=True,
    ),
    prose(
        "100,000 close() calls",
        {WEEK: commentary("\n".join(['{{ close("RUT") }}'] * 100_000))},
        WEEK,
        None,
        "is 1.9 MB, over the limit of 100 KB for this file — shorten it to under 100 KB",
        may_hang=True,
    ),
    prose(
        "3,000 close() calls",
        {WEEK: commentary(MANY_CALLS + "\n")},
        WEEK,
        '{{ close("SPX") }}',  # the 2,001st tag
        "commentary stopped: more than 2,000 {{ }} and {% %} tags in one file — keep a week's "
        "commentary to the values it discusses; put long tables in content/data/",
        may_hang=True,
    ),
    prose(
        "100,000 calls in a loop",
        {
            WEEK: commentary(
                'First.\n{% for a in "x" * 100000 %}{{ change("RUT", weeks=3) }}{% endfor %}\n'
            )
        },
        WEEK,
        "{% for a",
        f"commentary stopped: evaluation ran past 2 s (a loop that never ends?) — {STOPPED}",
        may_hang=True,
    ),
    prose(
        "a 20 MB commentary",
        {WEEK: commentary("A long week. " * 1_600_000)},
        WEEK,
        None,
        "is 20.8 MB, over the limit of 100 KB for this file — shorten it to under 100 KB",
        may_hang=True,
    ),
    prose(
        "a week's file named .MD",
        {"content/weeks/2025-12-05.MD": commentary("Written, but never read.\n")},
        "content/weeks/2025-12-05.MD",
        None,
        "not read: commentary files end in .md (lower case) — rename it to 2025-12-05.md",
        command=STRICT,
    ),
    config(
        "a YAML alias bomb under extra",
        {
            CONFIG: after(
                "extra:\n",
                '  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
                + ALIAS_BOMB,
            )
        },
        CONFIG,
        "  f: &f",  # 9**6 values: the first line past the limit
        "aliases (*name) expand the config past 100,000 values — write the values out, or use "
        "fewer aliases",
        may_hang=True,
    ),
]

CASES = [*DATA, *COMMENTARY, *CONFIG_CASES, *TEMPLATES, *ISSUE_16]

# Every bad input that issue 7 names, by id: the corpus must keep each of them.
ISSUE_7 = (
    "data: prices: a Latin-1 byte",
    "data: universe: a Latin-1 byte",
    "commentary: a Latin-1 byte",
    "data: prices: binary garbage (a PNG)",
    "data: events: a 300 KB field",
    "config: calendar: XXXX",
    "config: small_caps not in the data",
    'commentary: change("RUT", weeks="x")',
    "templates: an undefined variable",
    "templates: a wrongly typed filter",
    "config: site_dir: ..",
    "config: site_dir: .",
    "config: site_dir: content",
    "config: staging_dir: .",
    "config: site_dir: /",
    "commentary: a link to /etc/hostname",
    "commentary: two nested loops",
    "commentary: front matter: a YAML error's line",
    "data: targets: a row after a multi-line field",
    "config: an unknown theme",
    "config: an unknown extension",
    "templates: a broken override",
    "data: universe: a duplicate symbol",
    "data: universe: a basket group with no members",
    'commentary: change("RUT", weeks=-1)',
    "commentary: {{ close }}",
)


# ─── running a case ─────────────────────────────────────────────────────────────────────────


@dataclass
class Built:
    root: Path
    site: dict[str, bytes]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """The tiny project, built once: each case starts from a copy of it, site/ included."""
    root = make_project(tmp_path_factory.mktemp("built"))
    code, _, stderr = invoke(root, BUILD)
    assert code == 0, stderr
    return Built(root, snapshot(root / "site"))


def invoke(root: Path, args: tuple[str, ...]) -> tuple[int, str, str]:
    """The command line in this process; an exception it let through is shown as a user
    would see it: a traceback on stderr."""
    with contextlib.chdir(root):
        result = CliRunner().invoke(main, list(args))
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return result.exit_code, result.stdout, stderr


def run_apart(root: Path, args: tuple[str, ...]) -> tuple[int, str, str]:
    """``python -m generator ARGS``, for a case that could hang this process."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            timeout=HANG_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return -1, "", f"(still running after {HANG_TIMEOUT_S} s: killed)"
    return done.returncode, done.stdout, done.stderr


def author_files(root: Path) -> dict[str, bytes]:
    """What the author owns: content/, templates/ and mkdocs.yml, with their bytes."""
    files = {
        f"{name}/{path}": data
        for name in ("content", "templates")
        for path, data in snapshot(root / name).items()
    }
    if (root / CONFIG).is_file():
        files[CONFIG] = (root / CONFIG).read_bytes()
    return files


def last_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    return lines[-1] if lines else ""


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_bad_input_is_one_line_and_changes_nothing(built, tmp_path, case):
    root = tmp_path / "project"
    shutil.copytree(built.root, root, symlinks=True)
    for name, change in case.writes.items():
        change(root / name)
    expected, written = case.expected(root), author_files(root)
    code, stdout, stderr = (run_apart if case.may_hang else invoke)(root, case.command)
    seen = {
        "exit status": code,
        "last line": last_line(stderr),
        "traceback": "Traceback" in stdout + stderr,
        "site/ unchanged": snapshot(root / "site") == built.site,
        "author files as written": author_files(root) == written,
    }
    assert seen == {
        "exit status": 1,
        "last line": expected,
        "traceback": False,
        "site/ unchanged": True,
        "author files as written": True,
    }, stderr[-3000:]
    shutil.rmtree(root)  # passed: free its 6 MB (a failed case's copy stays, to look into)


# ─── the corpus itself ──────────────────────────────────────────────────────────────────────


def test_the_corpus_has_70_cases_over_the_four_areas_and_every_case_of_issue_7():
    ids = [case.id for case in CASES]
    per_area = {area: sum(case.area == area for case in CASES) for area in AREAS}
    assert len(CASES) >= 70
    assert {case.area for case in CASES} == set(AREAS)
    assert min(per_area.values()) >= 10, per_area
    assert len(set(ids)) == len(ids)
    assert [name for name in ISSUE_7 if name not in ids] == []
