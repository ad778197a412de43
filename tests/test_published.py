"""Published weeks stay published (generator/published/): a build records each week it
publishes for the first time; a later build that computes a published week's numbers
differently keeps the page as published with a dated note, `check` lists the revision at the
record's line, `--strict` fails on it; `marketweek revise` accepts the new numbers with a note;
a damaged or hand-edited record is an error at its file and line.

The tiny project's weeks end 2025-11-21, 11-28, 12-05 and 12-12; its RUT closed 2,217.00 on
Friday 2025-12-12 (the last session of the data, so no later week reads it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from projects import make_project, project_config, snapshot

WEEKS = ("2025-11-21", "2025-11-28", "2025-12-05", "2025-12-12")
EPOCH = "1767916800"  # 2026-01-09 00:00 UTC: the builds' date
NOTE = "After a data revision by the index provider."
REVISED = "the Russell 2000's close of 2025-12-12 is 2,217.50, not 2,217.00"


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=root,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The tiny project built once: every week recorded."""
    root = make_project(tmp_path_factory.mktemp("published"))
    done = run(root, "build")
    assert done.returncode == 0, done.stderr
    assert "recorded 4 newly published week(s) in content/published/" in done.stderr
    return root


@pytest.fixture
def project(published, tmp_path) -> Path:
    """A copy of the built project (its caches too, so builds are quick)."""
    root = tmp_path / "copy"
    shutil.copytree(published, root, symlinks=True)
    return root


def page(root: Path, week: str = "2025-12-12") -> str:
    return (root / f".marketweek/staging/docs/weeks/{week}/index.md").read_text(encoding="utf-8")


def record(root: Path, week: str = "2025-12-12") -> Path:
    return root / f"content/published/{week}.json"


def revise_the_close(root: Path, close: str = "2217.50") -> None:
    prices = root / "content/data/prices.csv"
    text = prices.read_text(encoding="utf-8")
    assert "\n2025-12-12,RUT,2217.00\n" in text
    prices.write_text(text.replace("\n2025-12-12,RUT,2217.00\n", f"\n2025-12-12,RUT,{close}\n"))


def without_notes(text: str) -> str:
    return re.sub(r'\n\n<p class="mw-revised">.*</p>', "", text)


# ─── the record ─────────────────────────────────────────────────────────────────────────────


def test_a_build_records_each_week_once_small_and_readable(published, project):
    records = {p.name: p.read_bytes() for p in (published / "content/published").iterdir()}
    assert sorted(records) == [f"{w}.json" for w in WEEKS]
    assert all(len(data) < 4000 for data in records.values())  # a few KB at most
    text = record(published).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[:4] == [
        "{",
        lines[1],  # the digest
        ' "format": "marketweek published week 1",',
        ' "revisions": [],',
    ]
    assert '  "close RUT 2025-12-12": 2217.0,' in lines  # one value per line
    assert '  "change RUT week": -0.000491,' in lines
    keys = [line.split('":')[0] for line in lines if line.startswith('  "')]
    assert keys == sorted(keys)
    again = run(project, "build")  # nothing new: nothing written, nothing redone
    assert again.returncode == 0 and "recorded" not in again.stderr
    assert snapshot(project / "content/published") == snapshot(published / "content/published")


def test_check_and_preview_never_record_and_a_draft_is_not_recorded(tmp_path):
    root = make_project(tmp_path)
    path = root / "content/weeks/2025-12-12.md"
    path.write_text(path.read_text(encoding="utf-8").replace("tags: [test]\n", "draft: true\n"))
    assert run(root, "check").returncode == 0
    assert not (root / "content/published").exists()
    assert run(root, "build").returncode == 0
    recorded = sorted(p.stem for p in (root / "content/published").iterdir())
    assert recorded == list(WEEKS[:-1])  # the draft's week waits for its commentary


# ─── a revision ─────────────────────────────────────────────────────────────────────────────


def test_a_close_revised_after_publication_keeps_the_page_and_notes_it(project):
    before = page(project)
    revise_the_close(project)
    done = run(project, "build")
    assert done.returncode == 0, done.stderr
    after = page(project)
    shown = REVISED.replace("'", "&#39;")
    [note] = [line for line in after.splitlines() if "mw-revised" in line]
    assert note.startswith('<p class="mw-revised">Revised 2026-01-09: ') and shown in note
    assert "after a data revision; the numbers on this page are as first published" in after
    assert without_notes(after) == without_notes(before)  # the page as published
    assert "2,217.50" not in without_notes(after)
    feed = feedparser.parse((project / "site/atom.xml").read_bytes())
    assert not feed.bozo
    entry = next(e for e in feed.entries if e.link.endswith("/weeks/2025-12-12/"))
    assert entry.updated.startswith("2026-01-09")
    assert "Revised 2026-01-09" in entry.content[0].value
    # the record is the author's: a build never changes it
    assert "2217.0," in record(project).read_text(encoding="utf-8")


def test_check_lists_each_unaccepted_revision_at_its_week_and_number(project):
    revise_the_close(project)
    done = run(project, "check")
    assert done.returncode == 0
    lines = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    text = record(project).read_text(encoding="utf-8").splitlines()
    at = text.index('  "close RUT 2025-12-12": 2217.0,') + 1
    assert (
        f"warning: content/published/2025-12-12.json:{at}: week 2025-12-12 was published with "
        f"other numbers: {REVISED} — the page keeps the published numbers; accept the new ones "
        'with marketweek revise 2025-12-12 --note "why", or correct the data'
    ) in lines
    assert all("week 2025-12-12 was published with other numbers" in line for line in lines)
    said = {line.split("numbers: ")[1].split(" — ")[0] for line in lines}
    assert "the Russell 2000's weekly change is −0.03%, not −0.05%" in said
    assert "the data of the spread chart differ in 1 row (2025-12-12)" in said


def test_strict_fails_on_an_unaccepted_revision_and_keeps_the_site(project):
    site = snapshot(project / "site")
    revise_the_close(project)
    done = run(project, "build", "--strict")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].startswith("error: content/published/2025-12-12.json:")
    assert snapshot(project / "site") == site
    assert run(project, "check", "--strict").returncode == 1


def test_accepting_shows_the_new_numbers_and_the_note(project):
    revise_the_close(project)
    done = run(project, "revise", "2025-12-12", "--note", NOTE)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("revised content/published/2025-12-12.json (")
    assert f"  {REVISED}\n" in done.stdout
    built = run(project, "build", "--strict")
    assert built.returncode == 0, built.stderr
    text = page(project)
    assert "2,217.50" in without_notes(text)
    assert "2,217.00" not in without_notes(text)
    [note] = [line for line in text.splitlines() if "mw-revised" in line]
    assert note.startswith('<p class="mw-revised">Revised 2026-01-09: the Russell 2000&#39;s')
    assert note.endswith(f". {NOTE}</p>") and "as first published" not in note
    saved = record(project).read_text(encoding="utf-8")
    assert '"date": "2026-01-09"' in saved and NOTE in saved and "2217.5," in saved
    entry = feedparser.parse((project / "site/feed.xml").read_bytes()).entries[0]
    assert entry.link.endswith("/weeks/2025-12-12/") and NOTE in entry.description + str(
        entry.get("content", "")
    )
    assert run(project, "check", "--strict").returncode == 0


def test_revise_says_what_is_wrong(project):
    nothing = run(project, "revise", "2025-12-12", "--note", NOTE)
    assert nothing.returncode == 1
    assert nothing.stderr.strip() == (
        "error: content/published/2025-12-12.json: week 2025-12-12's numbers agree with its "
        "record: there is nothing to revise — change the data first; marketweek check lists "
        "every revision"
    )
    unknown = run(project, "revise", "2025-12-13", "--note", NOTE)
    assert unknown.stderr.strip() == (
        "error: content/published/2025-12-13.json: week 2025-12-13 has no published record — "
        "name a published week (did you mean '2025-12-12'?)"
    )


def test_wording_and_layout_are_not_revisions(project):
    template = project / "templates/week.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nA new closing line.\n")
    done = run(project, "check", "--strict")
    assert done.returncode == 0, done.stderr


# ─── a damaged record ───────────────────────────────────────────────────────────────────────

FIX = (
    "restore it as marketweek wrote it (git checkout -- content/published/2025-12-12.json); "
    'to accept new numbers run marketweek revise WEEK --note "why"'
)


def damage_number(text: str) -> str:
    return text.replace('"close RUT 2025-12-12": 2217.0,', '"close RUT 2025-12-12": 2217.5,')


@pytest.mark.parametrize(
    ("damage", "line", "what"),
    [
        (lambda t: t[: len(t) // 2], None, "not valid JSON (Expecting"),
        (damage_number, 2, "the numbers do not match the record's digest: a number was edited"),
        (
            lambda t: t.replace('"change RUT week": -0.000491,', '"change RUT week": {"x": 1},'),
            None,
            "'change RUT week' is {\"x\": 1}, not a number, a list of numbers, a text or null",
        ),
        (
            lambda t: t.replace(' "week": "2025-12-12"', ' "week": "2025-12-05"'),
            None,
            "the record of week '2025-12-05' is in the file of week 2025-12-12",
        ),
        (
            lambda t: t.replace('"change RUT week": -0.000491,', '"change RUT week":   -0.000491,'),
            None,
            "is not as marketweek writes this record (an edit by hand?)",
        ),
        (
            lambda t: t.replace("{\n", "<<<<<<< HEAD\n{\n", 1),
            1,
            "not valid JSON (Expecting value)",
        ),
    ],
    ids=["truncated", "number-edited", "not-a-number", "wrong-week", "reformatted", "conflict"],
)
def test_a_damaged_record_is_an_error_at_its_line(project, damage, line, what):
    path = record(project)
    text = path.read_text(encoding="utf-8")
    path.write_text(damage(text), encoding="utf-8")
    site = snapshot(project / "site")
    for command in ("build", "check"):
        done = run(project, command)
        assert done.returncode == 1, done.stderr
        [error] = [x for x in done.stderr.splitlines() if x.startswith("error:")]
        assert error.startswith("error: content/published/2025-12-12.json:")
        assert what in error and error.endswith(f" — {FIX}")
        assert "Traceback" not in done.stderr
        if line is not None:
            assert error.startswith(f"error: content/published/2025-12-12.json:{line}: ")
    assert snapshot(project / "site") == site


def test_the_sample_ships_with_every_week_recorded():
    from projects import REPO

    from generator.load.data import load_data
    from generator.load.selection import select_weeks
    from generator.published import store

    config = project_config(REPO)
    weeks = [w.slug for w in select_weeks(load_data(config.data_dir), config)]
    paths = sorted((REPO / "content/published").glob("*.json"))
    assert [p.stem for p in paths] == weeks
    assert all(store.read(p).week == p.stem for p in paths)  # each as marketweek writes it


def test_a_chart_line_missing_in_a_published_week_is_no_revision_when_the_week_is_redone():
    """A line with no value at some rows (the basket before its members' first closes) is
    recorded as NaN; redone with the same data, the week has no revision (NaN is never
    equal to NaN: every such week was revised when redone, after an upgrade, in a preview);
    a value that did change beside it still is one."""
    from generator.published import numbers, store

    values = {"chart performance 2013-06-14": [99.53, 99.2, float("nan")], "spread week": 1.5}
    record = store.read(Path("2013-12-06.json"), store.dump("2013-12-06", values).encode())
    redone = {"chart performance 2013-06-14": [99.53, 99.2, float("nan")], "spread week": 1.5}
    assert numbers.changes(record.values, redone) == ()
    redone["chart performance 2013-06-14"] = [99.54, 99.2, float("nan")]
    [change] = numbers.changes(record.values, redone)
    assert change.key == "chart performance 2013-06-14"
    redone["chart performance 2013-06-14"] = [99.53, 99.2, 101.0]  # a value where none was
    assert len(numbers.changes(record.values, redone)) == 1


def test_a_revised_breadth_is_said_as_the_page_says_it():
    """Not the record's raw fractions (0.451613): 14 of 31 stocks up, 32% above the average."""
    from generator.published.numbers import Change, describe

    [line] = describe((Change("breadth", [30, 0.433333, 0.333333], [31, 0.451613, 0.322581]),), {})
    assert line == (
        "the breadth is 31 stocks, 14 up, 32% above their 50-day average, "
        "not 30 stocks, 13 up, 33% above their 50-day average"
    )


def test_the_leaders_and_laggards_are_plural():
    from generator.published.numbers import Change, describe

    found = describe(
        (Change("laggards", "AAPL MSFT", "CFG MSFT"), Change("leaders", "AAPL", None)), {}
    )
    assert found == (
        "the week's laggards are CFG, MSFT, not AAPL, MSFT",
        "the week's leaders are no longer shown (they were AAPL)",
    )


def test_revision_warnings_name_each_record_as_any_warning_does(tmp_path, monkeypatch):
    """The records' folder is shown once for 1,300 warnings: as ``where`` shows each file,
    from the project, from the folder itself, from above it and from outside it."""
    from generator import errors

    folder = tmp_path / "project/content/published"
    folder.mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    path = folder / "2025-12-12.json"
    for cwd in (tmp_path, tmp_path / "project", folder, tmp_path / "elsewhere"):
        monkeypatch.chdir(cwd)
        for line in (28, None):
            assert errors.shown_in(folder)(path, line) == errors.where(path, line)


def test_the_line_of_each_number_in_a_record():
    from generator.published.store import PublishedWeek

    text = (
        '{\n  "digest": "x",\n  "values": {\n    "close RUT 2025-12-12": 2217.0,\n'
        '    "a \\"quoted\\": name": 1,\n    "close RUT 2025-12-12 x": "y\\": z"\n  }\n}\n'
    )
    week = PublishedWeek(Path("2025-12-12.json"), "2025-12-12", {}, (), text)
    assert week.line_of("close RUT 2025-12-12") == 4
    assert week.line_of('a "quoted": name') == 5
    assert week.line_of("close RUT 2025-12-12 x") == 6
    assert week.line_of("values") == 3
    assert week.line_of("absent") is None
