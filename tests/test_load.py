"""Every problem in the author's files is one `path:line: what — how to fix` error."""

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from projects import REPO, make_project, run

from generator.errors import CommentaryError, DataError, MarketweekError, Warnings
from generator.load import commentary as commentary_files
from generator.load import data as data_files

PRICES = "content/data/prices.csv"


def prices_with(tmp_path, extra_line: str):
    root = make_project(tmp_path)
    path = root / PRICES
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines[:3], extra_line, *lines[3:]]) + "\n")
    return path


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "2025-13-01,RUT,1.00",
            "prices.csv:4: date '2025-13-01' is not a date — write dates as YYYY-MM-DD",
        ),
        (
            "2025-11-18,RUT,abc",
            "prices.csv:4: close 'abc' is not a number — write plain numbers such as 2590.61",
        ),
        ("2025-11-18,RUT,-5", "prices.csv:4: close -5 is not positive"),
        (
            "2025-11-17,AAPL,1.00",
            "prices.csv:4: second close for AAPL on 2025-11-17 — delete one "
            "of the rows (the first is on line 2)",
        ),
    ],
)
def test_bad_price_rows_name_their_line(tmp_path, line, message):
    path = prices_with(tmp_path, line)
    with pytest.raises(DataError) as caught:
        data_files.load_prices(path)
    assert message in str(caught.value)


def test_unknown_symbol_suggests_the_closest(tmp_path):
    path = prices_with(tmp_path, "2025-11-17,RTU,1.00")
    with pytest.raises(DataError) as caught:
        data_files.load_data(path.parent)
    assert str(caught.value).endswith(
        "prices.csv:4: symbol 'RTU' is not in universe.csv — add a row for it to universe.csv "
        "or fix the symbol (did you mean 'RUT'?)"
    )


def test_missing_column_is_reported_on_the_header(tmp_path):
    root = make_project(tmp_path, {PRICES: "date,ticker,close\n2025-11-17,RUT,1\n"})
    with pytest.raises(DataError, match=r"prices.csv:1: missing column\(s\) symbol"):
        data_files.load_prices(root / PRICES)


def test_commentary_front_matter_and_body_line(tmp_path):
    root = make_project(tmp_path)
    item = commentary_files.read_commentary(root / "content/weeks/2025-12-12.md", Warnings())
    assert (item.title, item.authors, item.draft) == ("A tiny week", ("Test Author",), False)
    assert item.body.startswith("The Russell 2000")
    assert item.body_line == 8


def test_commentary_yaml_error_names_the_line(tmp_path):
    root = make_project(
        tmp_path, {"content/weeks/2025-12-12.md": "---\ntitle: ok\nauthors: [a, b\n---\nBody\n"}
    )
    with pytest.raises(CommentaryError, match=r"2025-12-12.md:\d+: front matter is not valid YAML"):
        commentary_files.read_commentary(root / "content/weeks/2025-12-12.md", Warnings())


def test_commentary_for_a_day_that_ends_no_week(tmp_path):
    root = make_project(tmp_path, {"content/weeks/2025-12-11.md": "---\ntitle: x\n---\nBody\n"})
    with pytest.raises(CommentaryError) as caught:
        commentary_files.load_commentary(root / "content/weeks", {date(2025, 12, 12)}, Warnings())
    assert "2025-12-11 is not the last session of a week — rename the file to 2025-12-12.md" in str(
        caught.value
    )


def test_unknown_front_matter_key_is_a_warning(tmp_path):
    root = make_project(tmp_path, {"content/weeks/2025-12-12.md": "---\ntitel: x\n---\nBody\n"})
    warn = Warnings()
    commentary_files.read_commentary(root / "content/weeks/2025-12-12.md", warn)
    assert len(warn) == 1 and ":2: unknown front matter key 'titel'" in warn.messages[0]
    assert "did you mean 'title'?" in warn.messages[0]


# ─── bytes that are not text ────────────────────────────────────────────────────────────────

UNIVERSE = "content/data/universe.csv"
WEEK = "content/weeks/2025-12-12.md"


def error_of(call, *args) -> str:
    """The one line a user sees, relative to the project (tests run there)."""
    with pytest.raises(MarketweekError) as caught:
        call(*args)
    return str(caught.value)


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    monkeypatch.chdir(root)
    return root


def with_bytes(root, name: str, data: bytes):
    path = root / name
    path.write_bytes(data)
    return Path(name)


def test_a_latin_1_byte_is_reported_at_its_line_and_column(project):
    lines = (project / UNIVERSE).read_bytes().splitlines(keepends=True)
    lines[4] = b"CAFE,Caf\xe9 Holdings,stock,Financials,small,\n"
    path = with_bytes(project, UNIVERSE, b"".join(lines))
    assert error_of(data_files.load_universe, path) == (
        "content/data/universe.csv:5: not UTF-8 text (byte 0xe9 at column 9) — "
        "save the file as UTF-8"
    )
    prices = with_bytes(project, PRICES, b"date,symbol,close\n2025-11-17,R\xe9T,1.00\n")
    assert error_of(data_files.load_prices, prices) == (
        "content/data/prices.csv:2: not UTF-8 text (byte 0xe9 at column 13) — "
        "save the file as UTF-8"
    )
    week = with_bytes(project, WEEK, b"---\ntitle: Caf\xe9\n---\nBody\n")
    assert error_of(commentary_files.read_commentary, week, Warnings()) == (
        "content/weeks/2025-12-12.md:2: not UTF-8 text (byte 0xe9 at column 11) — "
        "save the file as UTF-8"
    )


def test_binary_files_are_refused_not_decoded(project):
    png = with_bytes(project, PRICES, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert error_of(data_files.load_prices, png) == (
        "content/data/prices.csv:1: not UTF-8 text (byte 0x89 at column 1) — save the file as UTF-8"
    )
    nul = with_bytes(
        project, "content/data/events.csv", b"date,kind,label\n2025-12-10,fo\x00mc,x\n"
    )
    assert error_of(data_files.load_events, nul) == (
        "content/data/events.csv:2: not a text file (a NUL byte at column 14) — "
        "save the file as UTF-8 text"
    )
    utf16 = with_bytes(project, UNIVERSE, "symbol,name\n".encode("utf-16"))
    assert error_of(data_files.load_universe, utf16) == (
        "content/data/universe.csv:1: UTF-16 text, not UTF-8 — save the file as UTF-8"
    )


def test_a_byte_order_mark_is_accepted(project):
    text = (project / UNIVERSE).read_bytes()
    path = with_bytes(project, UNIVERSE, b"\xef\xbb\xbf" + text)
    assert "AAPL" in data_files.load_universe(path)
    week = project / WEEK
    week.write_bytes(b"\xef\xbb\xbf" + week.read_bytes())
    assert commentary_files.read_commentary(Path(WEEK), Warnings()).title == "A tiny week"


# ─── CSV structure ──────────────────────────────────────────────────────────────────────────


def test_a_huge_field_is_an_error_at_its_line(project):
    path = Path("content/data/events.csv")
    with (project / path).open("a") as handle:
        handle.write("2025-12-19,cpi," + "x" * 300_000 + "\n")
    assert error_of(data_files.load_events, path) == (
        "content/data/events.csv:4: field longer than 10,000 characters — shorten it, or close "
        'the quote (") that is left open on this line'
    )


def test_a_record_is_reported_where_it_starts_after_a_multi_line_field(project):
    path = Path("content/data/targets.csv")
    (project / path).write_text(
        "firm,index,horizon,scenario,target,published,source\n"
        'A Bank,SPX,2026-12-31,base,7600,2025-11-24,"a note\nover\nthree lines"\n'
        "\n"
        "B Bank,SPX,2026-12-31,base,seven,2025-11-24,x\n"
    )
    assert error_of(data_files.load_targets, path) == (
        "content/data/targets.csv:6: target 'seven' is not a number — "
        "write plain numbers such as 2590.61"
    )
    (project / path).write_text(
        "firm,index,horizon,scenario,target,published,source\n"
        'A Bank,SPX,2026-12-31,base,7600,2025-11-24,"a note\nover two lines"\n'
        "B Bank,SXP,2026-12-31,base,7000,2025-11-24,x\n"
    )
    assert error_of(data_files.load_data, path.parent).startswith(
        "content/data/targets.csv:4: index 'SXP' has no prices — use a symbol from prices"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "",
            "content/data/events.csv: file is empty — write the header date,kind,label on "
            "the first line",
        ),
        (
            "date,kind,date\n",
            "content/data/events.csv:1: column 'date' appears twice in the "
            "header — delete or rename one of them",
        ),
        (
            'date,kind,label\n2025-12-10,fomc,"cut\n2025-12-12,cpi,x\n',
            "content/data/events.csv:2: a quoted field that starts on this line is never closed "
            '— add the closing quote (")',
        ),
        (
            'date,kind,label\n2025-12-10,fomc,"cut" 25 bp\n',
            "content/data/events.csv:2: text follows a closing quote — put the whole field in "
            'quotes and double any quote inside it ("")',
        ),
        (
            "date,kind,label\n2025-12-10,fomc,cut, 25 bp\n",
            "content/data/events.csv:2: 4 fields, but the header names 3 — put quotes around "
            'any field that contains a comma, e.g. "Apple, Inc."',
        ),
    ],
)
def test_malformed_csv_is_one_error(project, text, message):
    (project / "content/data/events.csv").write_text(text)
    assert error_of(data_files.load_events, Path("content/data/events.csv")) == message


def test_header_only(project):
    for name in ("events", "targets", "fed_funds"):  # a project may have none yet
        path = project / f"content/data/{name}.csv"
        path.write_text(path.read_text().splitlines()[0] + "\n")
    data = data_files.load_data(Path("content/data"))
    assert (data.events, data.targets, data.fed_funds) == ((), (), ())
    with_bytes(project, UNIVERSE, b"symbol,name,kind,sector,size,groups\n")
    assert error_of(data_files.load_universe, Path(UNIVERSE)) == (
        "content/data/universe.csv: no securities — add rows of symbol,name,kind,sector,size,groups"
    )
    with_bytes(project, PRICES, b"date,symbol,close\n\n")
    assert error_of(data_files.load_prices, Path(PRICES)) == (
        "content/data/prices.csv: no prices — bring your closes in with `marketweek import "
        "FILE.csv` (Yahoo, Stooq, FRED… exports), or add rows of date,symbol,close"
    )


def test_a_duplicate_universe_symbol_names_both_lines(project):
    with (project / UNIVERSE).open("a") as handle:
        handle.write("AAPL,Apple again,stock,Information Technology,mega,\n")
    lines = len((project / UNIVERSE).read_text().splitlines())
    assert error_of(data_files.load_universe, Path(UNIVERSE)) == (
        f"content/data/universe.csv:{lines}: second row for AAPL — delete one of the rows "
        "(the first is on line 2)"
    )


def test_a_symbol_with_spaces_is_refused(project):
    with (project / PRICES).open("a") as handle:
        handle.write('2025-12-12,"R UT",1.00\n')
    lines = len((project / PRICES).read_text().splitlines())
    assert error_of(data_files.load_prices, Path(PRICES)) == (
        f"content/data/prices.csv:{lines}: symbol 'R UT' has spaces, commas, quotes or control "
        "characters — write a symbol as one word, such as RUT or BRK.B"
    )


def test_unreadable_parquet_is_one_error(project):
    (project / PRICES).unlink()
    with_bytes(project, "content/data/prices.parquet", b"not parquet")
    message = error_of(data_files.load_data, Path("content/data"))
    assert message.startswith("content/data/prices.parquet: cannot ")
    assert " — " in message and "\n" not in message


# ─── links and files that are not files ─────────────────────────────────────────────────────


def test_a_link_out_of_content_is_refused(project, tmp_path):
    outside = tmp_path / "hostname"
    outside.write_text("---\ntitle: secret\n---\nsecret\n")
    (project / WEEK).unlink()
    (project / WEEK).symlink_to(outside)
    message = "is a link to a file outside content/ — copy the file into content/ instead"
    assert (
        error_of(commentary_files.read_commentary, Path(WEEK), Warnings()) == f"{WEEK}: {message}"
    )
    (project / UNIVERSE).rename(outside)
    (project / UNIVERSE).symlink_to(outside)
    assert error_of(data_files.load_universe, Path(UNIVERSE)) == f"{UNIVERSE}: {message}"


def test_a_link_inside_content_is_followed(project):
    (project / "content/drafts").mkdir()
    (project / WEEK).rename(project / "content/drafts/week.md")
    (project / WEEK).symlink_to("../drafts/week.md")
    assert commentary_files.read_commentary(Path(WEEK), Warnings()).title == "A tiny week"


def test_a_folder_or_a_pipe_named_like_commentary_is_an_error(project):
    weeks = Path("content/weeks")
    (project / WEEK).unlink()
    (project / WEEK).mkdir()
    assert error_of(commentary_files.load_commentary, weeks, {date(2025, 12, 12)}, Warnings()) == (
        f"{WEEK}: is a folder, not a file — move the folder away or rename it"
    )
    (project / WEEK).rmdir()
    os.mkfifo(project / WEEK)  # opening it for reading would wait for a writer forever
    assert error_of(commentary_files.load_commentary, weeks, {date(2025, 12, 12)}, Warnings()) == (
        f"{WEEK}: is not a regular file (a pipe, socket or device) — "
        "replace it with a plain text file"
    )


def test_hidden_files_are_not_commentary(project):
    (project / "content/weeks/.#2025-12-12.md").symlink_to("user@host.1234")  # an editor's lock
    assert set(
        commentary_files.load_commentary(Path("content/weeks"), {date(2025, 12, 12)}, Warnings())
    )


def test_cli_check_refuses_a_link_out_of_content(project, tmp_path):
    (project / WEEK).unlink()
    (project / WEEK).symlink_to("/etc/hostname")
    done = run(project, "check")
    assert (done.returncode, done.stderr.splitlines()[-1]) == (
        1,
        f"error: {WEEK}: is a link to a file outside content/ — copy the file into content/ "
        "instead",
    )


# ─── front matter ───────────────────────────────────────────────────────────────────────────


def commentary(project, text: str):
    (project / WEEK).write_text(text)
    return commentary_files.read_commentary(Path(WEEK), Warnings())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "---\ntitle: ok\nsummary: a: b\n---\nBody\n",
            "content/weeks/2025-12-12.md:3: front matter is not valid YAML: mapping values are "
            "not allowed here — fix the quoting or indentation; quote titles that contain ':'",
        ),
        (
            "\n---\ntitle: ok\n\n\ttags: [a]\n---\nBody\n",
            "content/weeks/2025-12-12.md:5: front matter is not valid YAML: found character "
            "'\\t' that cannot start any token — fix the quoting or indentation; quote titles "
            "that contain ':'",
        ),
        (
            "---\ntitle: ok\nauthors: [A, B\ntags: [x]\n---\nBody\n",
            "content/weeks/2025-12-12.md:4: front matter is not valid YAML: expected ',' or ']', "
            "but got ':' (while parsing a flow sequence that starts on line 3) — fix the quoting "
            "or indentation; quote titles that contain ':'",
        ),
        (
            "---\ntitle: ok\nBody\n",
            "content/weeks/2025-12-12.md:1: front matter is never closed — end it with a line of "
            "three dashes: ---",
        ),
        (
            "---\ntitle: ok\ntitle: again\n---\nBody\n",
            "content/weeks/2025-12-12.md:3: second 'title' in the front matter — delete one of "
            "them (the first is on line 2)",
        ),
        (
            "---\n- a list\n---\nBody\n",
            "content/weeks/2025-12-12.md:2: front matter is not a mapping — write `key: value` "
            "lines",
        ),
        (
            "---\ntitle: ok\ndraft: yes please\n---\nBody\n",
            "content/weeks/2025-12-12.md:3: draft must be true or false — write draft: true or "
            "draft: false",
        ),
        (
            "---\ntitle: [a]\n---\nBody\n",
            "content/weeks/2025-12-12.md:2: title must be text, got \"['a']\" — quote the title",
        ),
        (
            "---\ntitle: ok\n\npublish_at: 2025-02-30\n---\nBody\n",
            "content/weeks/2025-12-12.md:4: 'publish_at' cannot be read: day is out of range for "
            "month — fix the value, or put it in quotes to keep it as text",
        ),
        (
            "---\ntitle: ok\npublish_at: next Saturday\n---\nBody\n",
            "content/weeks/2025-12-12.md:3: publish_at 'next Saturday' is not a date and time — "
            "write e.g. publish_at: 2025-12-13T08:00:00-05:00 (without a time zone: New York time)",
        ),
        (
            "---\ntitle: ok\npublish_at: 9999-12-31T23:00:00\n---\nBody\n",
            "content/weeks/2025-12-12.md:3: publish_at '9999-12-31 23:00:00' is not a date and "
            "time — write e.g. publish_at: 2025-12-13T08:00:00-05:00 (without a time zone: New "
            "York time)",
        ),
    ],
)
def test_front_matter_errors_name_their_line(project, text, message):
    assert error_of(commentary, project, text) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-12-13T08:00:00-05:00", datetime(2025, 12, 13, 13, tzinfo=UTC)),
        ("2025-12-13T13:00:00Z", datetime(2025, 12, 13, 13, tzinfo=UTC)),
        ("'2025-12-13T08:00:00+01:00'", datetime(2025, 12, 13, 7, tzinfo=UTC)),
        ("2025-12-13 08:00", datetime(2025, 12, 13, 13, tzinfo=UTC)),  # New York, winter
        ("2025-07-12 08:00:00", datetime(2025, 7, 12, 12, tzinfo=UTC)),  # New York, summer
        ("2025-12-13", datetime(2025, 12, 13, 5, tzinfo=UTC)),  # midnight in New York
    ],
)
def test_publish_at_is_a_time_zone_aware_moment(project, value, expected):
    item = commentary(project, f"---\ntitle: ok\npublish_at: {value}\n---\nBody\n")
    assert item.publish_at is not None and item.publish_at.tzinfo is not None
    assert item.publish_at == expected


def test_publish_at_is_optional(project):
    assert commentary(project, "---\ntitle: ok\n---\nBody\n").publish_at is None
    assert commentary(project, "No front matter at all.\n").body_line == 1


def test_body_line_after_front_matter_with_windows_line_ends(project):
    item = commentary(project, "---\r\ntitle: ok\r\n---\r\n\r\nBody\r\n")
    assert (item.title, item.body, item.body_line) == ("ok", "Body", 5)


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t,
        lambda t: t.rstrip("\n"),
        lambda t: t.replace("\n2025-11-18", "\n\n2025-11-18", 1),
        lambda t: t.replace("2025-11-17,AAPL,270.00", "2025-11-17,AAPL, 2.7e2"),
        lambda t: t.replace("2025-11-17,AAPL,270.00", "2025-11-17,AAPL,270.00,"),
        lambda t: t.replace("2025-11-17,AAPL,270.00", '2025-11-17,"AAPL",270.00'),
        lambda t: "\ufeff" + t,
    ],
    ids=[
        "as is",
        "no final newline",
        "blank line",
        "spaces and 2.7e2",
        "extra field",
        "quotes",
        "BOM",
    ],
)
def test_the_one_pass_reader_reads_what_the_checked_reader_reads(tmp_path, change):
    """Plain files are read by pandas in one pass; anything else falls back to the checked
    reader (None). Whatever it reads is exactly what the checked reader reads."""
    folder = tmp_path / "content" / "data"
    folder.mkdir(parents=True)
    path = folder / "prices.csv"
    path.write_text(change((REPO / "tests/fixtures/tiny/content/data/prices.csv").read_text()))
    fast = data_files.plain_prices(path)
    slow = data_files._wide(path, data_files.price_records(path))
    assert fast is None or fast.equals(slow)


def test_the_sample_prices_take_the_one_pass_reader():
    path = REPO / "content/data/prices.csv"
    fast = data_files.plain_prices(path)
    assert fast is not None
    assert fast.equals(data_files._wide(path, data_files.price_records(path)))
