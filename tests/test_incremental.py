"""Per-week work is content-addressed: a build regenerates exactly the weeks whose inputs
changed, and what it reuses is what it would have built afresh.

The tiny project has four weeks, ending 2025-11-21, 11-28, 12-05 and 12-12; which weeks an
edit touches is read off the calendar by hand, not from the code under test.
"""

import shutil
from datetime import date, timedelta
from pathlib import Path

from projects import make_project, project_config, run

from generator.build import generate
from generator.errors import Warnings

ALL = ("2025-11-21", "2025-11-28", "2025-12-05", "2025-12-12")


def regenerated(root: Path) -> tuple[str, ...]:
    return generate(project_config(root), Warnings()).regenerated


def documents(root: Path) -> dict[str, object]:
    tree = generate(project_config(root), Warnings())
    return {d.path: d.content for d in tree.documents}


def built_once(tmp_path: Path) -> Path:
    root = make_project(tmp_path)
    assert regenerated(root) == ALL  # an empty cache: every week
    return root


def test_an_unchanged_week_is_not_regenerated(tmp_path):
    root = built_once(tmp_path)
    assert regenerated(root) == ()


def test_editing_one_commentary_file_regenerates_that_week_only(tmp_path):
    root = built_once(tmp_path)
    path = root / "content/weeks/2025-12-12.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert regenerated(root) == ("2025-12-12",)


def test_a_revised_close_regenerates_the_weeks_that_read_it(tmp_path):
    """A close of Wednesday 2025-12-03 is in the windows of the weeks ending 12-05 and 12-12."""
    root = built_once(tmp_path)
    prices = root / "content/data/prices.csv"
    lines = prices.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("2025-12-03,RUT,"))
    lines[row] = "2025-12-03,RUT,2500.01"
    prices.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert regenerated(root) == ("2025-12-05", "2025-12-12")


def test_appending_a_week_regenerates_it_and_its_neighbour_only(tmp_path):
    """The new week, and the week before it, whose page now links to it."""
    root = built_once(tmp_path)
    prices = root / "content/data/prices.csv"
    text = prices.read_text(encoding="utf-8")
    last_week = [line for line in text.splitlines() if "2025-12-08" <= line[:10] <= "2025-12-12"]
    moved = [
        f"{date.fromisoformat(line[:10]) + timedelta(days=7)}{line[10:]}" for line in last_week
    ]
    prices.write_text(text + "\n".join(moved) + "\n", encoding="utf-8")
    assert regenerated(root) == ("2025-12-12", "2025-12-19")


def test_a_changed_template_regenerates_every_week(tmp_path):
    root = built_once(tmp_path)
    template = root / "templates/week.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\nA footer.\n", encoding="utf-8")
    assert regenerated(root) == ALL


def test_a_changed_data_file_other_than_the_closes_regenerates_every_week(tmp_path):
    root = built_once(tmp_path)
    events = root / "content/data/events.csv"
    events.write_text(events.read_text(encoding="utf-8") + "2025-12-17,cpi,November CPI\n")
    assert regenerated(root) == ALL


def test_reused_weeks_are_exactly_what_a_fresh_build_writes(tmp_path):
    root = built_once(tmp_path)
    path = root / "content/weeks/2025-12-12.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    incremental = documents(root)
    shutil.rmtree(root / ".marketweek/cache/weeks")
    assert documents(root) == incremental


def site_files(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != ".marketweek-output"
    }


def test_the_engine_redoes_only_the_edited_page_and_writes_what_a_clean_build_writes(tmp_path):
    root = make_project(tmp_path)
    assert run(root, "build").returncode == 0
    path = root / "content/weeks/2025-12-12.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence that Search finds.\n")
    edited = run(root, "build")
    assert edited.returncode == 0, edited.stderr
    assert "MkDocs redoes 1 changed page(s)" in edited.stdout + edited.stderr
    over_the_old = site_files(root / "site")
    shutil.rmtree(root / "site")
    assert run(root, "build").returncode == 0
    clean = site_files(root / "site")
    assert over_the_old.keys() == clean.keys()
    assert [p for p in clean if clean[p] != over_the_old[p]] == []
    assert b"A sentence that Search finds." in clean["search/search_index.json"]


def test_a_warning_of_a_page_not_redone_is_still_reported(tmp_path):
    root = make_project(tmp_path, {"content/weeks/2025-11-28.md": "See [the notes](notes.md).\n"})
    first = run(root, "build")
    assert "notes.md" in first.stderr and "1 warning(s)" in first.stdout
    path = root / "content/weeks/2025-12-12.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    again = run(root, "build")
    assert "MkDocs redoes 1 changed page(s)" in again.stderr
    assert "notes.md" in again.stderr and "1 warning(s)" in again.stdout
