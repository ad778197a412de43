"""Whatever is in the author's files, every loader succeeds or raises one of our errors.

Hypothesis feeds random bytes, CSV with the right header and wrong cells, and random front
matter to every loader. An error must be a ``MarketweekError`` whose message is one line,
``path:line: what — how to fix``, naming one of the files read, at a line the file has.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from projects import REPO, TINY

from generator import config
from generator.errors import ConfigError, MarketweekError, Warnings, where
from generator.load import commentary as commentary_files
from generator.load import data as data_files
from generator.load import importer

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    database=None,  # nothing written into the working tree
    suppress_health_check=[HealthCheck.too_slow],
)
WEEK = date(2025, 12, 12)
DATA_FILES = {
    "prices.csv": (data_files.load_prices, data_files.PRICE_COLUMNS),
    "universe.csv": (data_files.load_universe, data_files.UNIVERSE_COLUMNS),
    "targets.csv": (data_files.load_targets, data_files.TARGET_COLUMNS),
    "events.csv": (data_files.load_events, data_files.EVENT_COLUMNS),
    "fed_funds.csv": (data_files.load_fed_funds, data_files.RATE_COLUMNS),
}


# ─── the property ───────────────────────────────────────────────────────────────────────────


@contextmanager
def project() -> Iterator[Path]:
    """A fresh copy of the tiny project (hypothesis runs many examples per test)."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "project"
        shutil.copytree(TINY / "content", root / "content")
        shutil.copy(TINY / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(REPO / "templates", root / "templates")
        yield root


def read_closes(path: Path, symbol: str | None) -> Any:
    return importer.read_file(path, importer.ImportOptions(symbol=symbol))


def import_prices(source: Path, prices: Path, symbol: str | None = None) -> Any:
    return importer.import_files([source], prices.parent, importer.ImportOptions(symbol=symbol))


def line_count(path: Path) -> int:
    """Lines as we number them: ended by \\n, \\r\\n or \\r (a last line may lack its end)."""
    text = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
    return len(io.StringIO(text, newline="").readlines())


def check_message(message: str, path: Path | str, line: int | None, files: list[Path]) -> None:
    assert Path(path).absolute() in [f.absolute() for f in files], message
    assert "\n" not in message and "\r" not in message, message
    assert re.fullmatch(rf"{re.escape(where(path, None))}(:\d+)?: .+ — .+", message), message
    if line is not None:
        assert 1 <= line <= line_count(Path(path)), message


def succeeds_or_ours(call: Callable[..., Any], *args: Any, files: list[Path]) -> Any:
    """Run a loader; any error must be ours, well formed, about one of ``files``."""
    try:
        return call(*args)
    except MarketweekError as exc:
        check_message(str(exc), exc.path, exc.line, files)
        return exc


def checked_warnings(files: list[Path]) -> Warnings:
    def show(message: str) -> None:
        located, _, _ = message.partition(": ")
        path, _, line = located.partition(":")
        check_message(message, path, int(line) if line else None, files)

    return Warnings(show)


# ─── what the files hold ────────────────────────────────────────────────────────────────────

ODD_CELLS = [
    "",
    " ",
    "\t",
    "nan",
    "NaN",
    "inf",
    "-inf",
    "-1",
    "0",
    "0.001",
    "1e999",
    "9" * 400,
    "1,234.5",
    "2025-02-30",
    "2025-12-12",
    "20251212",
    "2025-W50-5",
    '"',
    '""',
    'say "hi"',
    "a\nb",
    "a\r\nb",
    "\r",
    "index",
    "etf",
    "stock",
    "RUT",
    "SPX",
    "R UT",
    "x" * 10_001,
]
cells = st.one_of(
    st.sampled_from(ODD_CELLS),
    st.text(max_size=12),
    st.integers().map(str),
    st.floats().map(repr),
    st.dates().map(str),
)
rows = st.lists(st.lists(cells, max_size=8), max_size=6)
line_ends = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def csv_text(draw: st.DrawFn, header: tuple[str, ...] | list[str]) -> bytes:
    """The right header, then random rows: quoted properly, or joined naively."""
    table = [list(header), *draw(rows)]
    end = draw(line_ends)
    if draw(st.booleans()):
        out = io.StringIO()
        csv.writer(out, lineterminator=end).writerows(table)
        text = out.getvalue()
    else:
        text = "".join(",".join(row) + end for row in table)
    return text.encode("utf-8", "surrogatepass")


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """A valid file with a few random bytes inserted, deleted or replaced."""
    data = original
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        cut = draw(st.integers(0, 8))
        data = data[:at] + draw(st.binary(max_size=6)) + data[at + cut :]
    return data


def file_bytes(original: bytes, header: tuple[str, ...] | list[str]) -> st.SearchStrategy[bytes]:
    return st.one_of(st.binary(max_size=300), mutated(original), csv_text(header))


# ─── data files, one loader at a time ───────────────────────────────────────────────────────


@pytest.mark.parametrize("name", sorted(DATA_FILES))
def test_each_data_loader_succeeds_or_raises_ours(name):
    loader, columns = DATA_FILES[name]
    original = (TINY / "content/data" / name).read_bytes()

    @SETTINGS
    @given(file_bytes(original, columns))
    def run(data: bytes) -> None:
        with project() as root:
            path = root / "content/data" / name
            path.write_bytes(data)
            succeeds_or_ours(loader, path, files=[path])

    run()


@SETTINGS
@given(st.sampled_from(sorted(DATA_FILES)), st.data())
def test_load_data_succeeds_or_raises_ours(name, data):
    _, columns = DATA_FILES[name]
    original = (TINY / "content/data" / name).read_bytes()
    with project() as root:
        folder = root / "content/data"
        (folder / name).write_bytes(data.draw(file_bytes(original, columns)))
        succeeds_or_ours(data_files.load_data, folder, files=sorted(folder.iterdir()))


label_text = st.text(
    st.one_of(st.characters(exclude_categories=("Cs", "Cc")), st.sampled_from('\n\r",')),
    max_size=20,
)


@SETTINGS
@given(st.lists(label_text, max_size=5), st.booleans(), line_ends)
def test_a_bad_row_is_reported_where_it_starts(labels, quote_all, end):
    """Rows whose labels span lines come first; the bad row's line is exactly where it starts."""
    out = io.StringIO()
    # Python's writer leaves a field holding only the other line end ("\r" when lines end in
    # "\n") unquoted, which no reader takes as one field: quote every field then.
    spans = any("\r" in label or "\n" in label for label in labels)
    quoting = csv.QUOTE_ALL if quote_all or spans else csv.QUOTE_MINIMAL
    writer = csv.writer(out, lineterminator=end, quoting=quoting)
    writer.writerow(data_files.EVENT_COLUMNS)
    writer.writerows(["2025-12-10", "fomc", label] for label in labels)
    before = out.getvalue()
    writer.writerow(["2025-02-30", "cpi", "bad date"])
    with project() as root:
        path = root / "content/data/events.csv"
        path.write_text(out.getvalue(), encoding="utf-8", newline="")
        error = succeeds_or_ours(data_files.load_events, path, files=[path])
    starts = len(io.StringIO(before, newline="").readlines()) + 1
    assert isinstance(error, MarketweekError) and error.line == starts, error


# ─── commentary ─────────────────────────────────────────────────────────────────────────────

RAW_VALUES = [
    "2025-12-13T08:00:00-05:00",
    "2025-12-13 08:00",
    "2025-02-30",
    "2025-02-30T08:00:00",
    "9999-12-31T23:59:59-05:00",
    "0001-01-01",
    "2025-12-13T08:00:00+99:00",
    "[a, b",
    "'unclosed",
    "{a: 1",
    "*nothing",
    "&anchor x",
    "!!python/object:os.system x",
    "!!int abc",
    "!!float abc",
    "!!timestamp nope",
    "!!binary ???",
    "!!set {a, b}",
    "!custom x",
    "\tx",
    "a: b",
    "yes",
    "~",
    "|\n  block\n  text",
    "- a\n- b",
    "\n  - [x]",
]
keys = st.sampled_from(
    [*commentary_files.FRONT_MATTER_KEYS, "titel", "<<", "1", "? x", "'quoted'", ""]
)
yaml_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=10),
        st.dates(),
        st.datetimes(timezones=st.sampled_from([None, UTC])),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=5,
)


@st.composite
def front_matter_line(draw: st.DrawFn) -> str:
    key = draw(keys)
    if draw(st.booleans()):
        return yaml.safe_dump({key: draw(yaml_values)}, allow_unicode=True)
    return f"{key}: {draw(st.sampled_from(RAW_VALUES))}\n"


@st.composite
def commentary_text(draw: st.DrawFn) -> bytes:
    opener = draw(st.sampled_from(["---\n", "", "\n---\n", "--- \r\n", "----\n"]))
    lines = draw(st.lists(front_matter_line(), max_size=5))
    closer = draw(st.sampled_from(["---\n", "", "---\r\n", "...\n", "--- x\n"]))
    body = draw(st.text(max_size=40))
    return (opener + "".join(lines) + closer + body).encode("utf-8", "surrogatepass")


commentary_bytes = st.one_of(
    st.binary(max_size=200),
    commentary_text(),
    mutated((TINY / "content/weeks/2025-12-12.md").read_bytes()),
)


@SETTINGS
@given(commentary_bytes)
def test_commentary_succeeds_or_raises_ours(data):
    with project() as root:
        path = root / "content/weeks/2025-12-12.md"
        path.write_bytes(data)
        item = succeeds_or_ours(
            commentary_files.read_commentary, path, checked_warnings([path]), files=[path]
        )
        if not isinstance(item, MarketweekError):
            assert item.publish_at is None or item.publish_at.utcoffset() is not None
            assert 1 <= item.body_line <= line_count(path) + 1
        folder = path.parent
        succeeds_or_ours(
            commentary_files.load_commentary, folder, {WEEK}, checked_warnings([path]), files=[path]
        )


@SETTINGS
@given(st.integers(0, 6), st.sampled_from(["summary: a: b", "title: [x", "\ttags: []", "- x"]))
def test_a_front_matter_error_is_on_its_line(good, bad):
    lines = [f"key{n}: value {n}" for n in range(good)]
    text = "---\n" + "\n".join([*lines, bad]) + "\n---\nBody\n"
    with project() as root:
        path = root / "content/weeks/2025-12-12.md"
        path.write_text(text)
        error = succeeds_or_ours(commentary_files.read_commentary, path, Warnings(), files=[path])
    assert isinstance(error, MarketweekError)
    assert error.line == good + 2 or (bad == "title: [x" and error.line == good + 3), error


# ─── import ─────────────────────────────────────────────────────────────────────────────────

IMPORT_HEADERS = [
    "Date,Open,High,Low,Close,Adj Close,Volume",
    "Date,Open,High,Low,Close,Volume",
    "observation_date,SP500",
    "date,symbol,close",
    "date,RUT,SPX",
    "date,,rut",
    "when,what",
]


@st.composite
def import_bytes(draw: st.DrawFn) -> bytes:
    header = draw(st.sampled_from(IMPORT_HEADERS)).split(",")
    return draw(st.one_of(st.binary(max_size=300), csv_text(header)))


@SETTINGS
@given(import_bytes(), st.sampled_from([None, "RUT", "R UT", ""]))
def test_import_succeeds_or_raises_ours_and_keeps_prices_on_error(data, symbol):
    with project() as root:
        source = root / "in.csv"
        source.write_bytes(data)
        prices = root / "content/data/prices.csv"
        before = prices.read_bytes()
        succeeds_or_ours(read_closes, source, symbol, files=[source])
        outcome = succeeds_or_ours(import_prices, source, prices, symbol, files=[source, prices])
        if isinstance(outcome, MarketweekError):
            assert prices.read_bytes() == before
        else:  # whatever was merged in, prices.csv still loads
            data_files.load_prices(prices)


# ─── configuration ──────────────────────────────────────────────────────────────────────────

OPTION_NAMES = [option.name for option in config.OPTIONS]
TOP_KEYS = ["site_name", "site_url", "extra", "docs_dir", "theme", "markdown_extensions", "nav"]


def indented(mapping: dict[str, Any], spaces: int) -> str:
    dumped = yaml.safe_dump(mapping, allow_unicode=True)
    return "".join(" " * spaces + line for line in dumped.splitlines(keepends=True))


@st.composite
def config_bytes(draw: st.DrawFn) -> bytes:
    """Random bytes, the tiny mkdocs.yml damaged, or given a random value for one key (a key
    given twice: YAML keeps the last)."""
    original = (TINY / "mkdocs.yml").read_text()
    choice = draw(st.integers(0, 4))
    if choice == 0:
        return draw(st.binary(max_size=300))
    if choice == 1:
        return draw(mutated(original.encode()))
    ours = draw(st.sampled_from([*OPTION_NAMES, "unknown_key"]))
    if choice == 2:
        added = indented({ours: draw(yaml_values)}, 4)
    elif choice == 3:
        added = f"    {ours}: {draw(st.sampled_from(RAW_VALUES))}\n".replace("\n", "\n      ")
    else:
        added = indented({draw(st.sampled_from(TOP_KEYS)): draw(yaml_values)}, 0)
    return (original + added.rstrip(" ")).encode("utf-8", "surrogatepass")


@SETTINGS
@given(config_bytes())
def test_read_yaml_succeeds_or_raises_ours(data):
    with project() as root:
        path = root / "mkdocs.yml"
        path.write_bytes(data)
        succeeds_or_ours(config.read_yaml, path, files=[path])


@settings(SETTINGS, report_multiple_bugs=False)
@example(b"site_name: x\nextra: [1]\n")
@example(b'site_name: x\nextra:\n  marketweek:\n    content: "\\0"\n')
@given(config_bytes())
def test_load_config_succeeds_or_raises_ours(data):
    with project() as root:
        path = root / "mkdocs.yml"
        path.write_bytes(data)
        succeeds_or_ours(config.load_config, path, checked_warnings([path]), files=[path])


# ─── read_yaml: exact messages ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"site_name: Caf\xe9\n",
            ":1: not UTF-8 text (byte 0xe9 at column 15) — save the file as UTF-8",
        ),
        (
            b"site_name: x\n\x89PNG\x00\x00",
            ":2: not UTF-8 text (byte 0x89 at column 1) — save the file as UTF-8",
        ),
        (
            b"site_name: x\nextra:\n  marketweek:\n    start: 2025-02-30\n",
            ":4: a value cannot be read: day is out of range for month — fix the value, or put it "
            "in quotes to keep it as text",
        ),
        (
            b"site_name: x\nsite_url: \x07\n",
            ":2: the control character U+0007 is not allowed in YAML — delete it",
        ),
        (b"", ": config is not a mapping — write `key: value` lines"),
    ],
)
def test_read_yaml_errors_name_the_line(tmp_path, data, message):
    path = tmp_path / "mkdocs.yml"
    path.write_bytes(data)
    with pytest.raises(ConfigError) as caught:
        config.read_yaml(path)
    assert str(caught.value) == f"{where(path, None)}{message}"


def test_read_yaml_refuses_a_folder(tmp_path):
    with pytest.raises(ConfigError) as caught:
        config.read_yaml(tmp_path)
    assert str(caught.value) == (
        f"{where(tmp_path, None)}: is a folder or a special file, not a config file — "
        "pass the path of mkdocs.yml itself with --config"
    )
