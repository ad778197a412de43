"""Per-week work is content-addressed: a build regenerates exactly the weeks whose inputs
changed, and what it reuses is what it would have built afresh.

The tiny project has four weeks, ending 2025-11-21, 11-28, 12-05 and 12-12; which weeks an
edit touches is read off the calendar by hand, not from the code under test.
"""

import os
import shutil
from pathlib import Path

import pytest
from projects import append_a_week, make_project, project_config, run, site_url_from_env

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


def revise_a_close(root: Path) -> None:
    """The RUT close of Wednesday 2025-12-03, revised."""
    prices = root / "content/data/prices.csv"
    lines = prices.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("2025-12-03,RUT,"))
    lines[row] = "2025-12-03,RUT,2500.01"
    prices.write_text("\n".join(lines) + "\n", encoding="utf-8")


def calls_to(monkeypatch, module: object, name: str) -> list[object]:
    """The first argument of each call to ``module.name`` from now on (it still runs)."""
    first: list[object] = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *args: first.append(args[0]) or real(*args))
    return first


def test_a_revised_close_regenerates_the_weeks_that_read_it(tmp_path):
    """A close of Wednesday 2025-12-03 is in the windows of the weeks ending 12-05 and 12-12."""
    root = built_once(tmp_path)
    revise_a_close(root)
    assert regenerated(root) == ("2025-12-05", "2025-12-12")


def test_appending_a_week_regenerates_it_and_its_neighbour_only(tmp_path):
    """The new week, and the week before it, whose page now links to it."""
    root = built_once(tmp_path)
    append_a_week(root)
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


@pytest.mark.parametrize(
    ("damaged", "redone"),
    [
        # the week before the edited one is needed first: found damaged, so is the one
        # before it, and so on back; all redone in calendar order
        (ALL, ALL),
        # a week no redone week needs: found damaged only as the rest is read back
        (("2025-11-21",), ("2025-12-12", "2025-11-21")),
    ],
)
def test_a_kept_week_that_cannot_be_read_back_is_redone(tmp_path, monkeypatch, damaged, redone):
    """Kept files of the cache damaged, 2025-12-12 edited: the damaged weeks are redone and
    the tree is what a fresh build writes. (A new process: no weeks held in memory.)"""
    import pickle

    from generator import weekcache

    root = built_once(tmp_path)
    monkeypatch.setattr(weekcache.WeekStore, "held", {})
    for kept in (root / ".marketweek/cache/weeks").glob("*.pickle"):
        if pickle.loads(kept.read_bytes()).report.week.slug in damaged:
            kept.write_bytes(b"not a pickle")
    path = root / "content/weeks/2025-12-12.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    tree = generate(project_config(root), Warnings())
    assert tree.regenerated == redone
    damaged_tree = {d.path: d.content for d in tree.documents}
    shutil.rmtree(root / ".marketweek/cache/weeks")
    assert documents(root) == damaged_tree


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


def test_an_appended_week_is_added_page_by_page_and_the_site_is_a_clean_builds(tmp_path):
    """A new week adds a page and drops the static images of the week that leaves the
    window (two weeks drawn): MkDocs still redoes only what changed, over the old site,
    and the result is, file by file, what a clean build writes."""
    root = with_static_charts(make_project(tmp_path), 2)
    assert run(root, "build").returncode == 0
    assert (root / "site/weeks/2025-12-05/rotation.svg").is_file()
    append_a_week(root)
    appended = run(root, "build")
    assert appended.returncode == 0, appended.stderr
    said = appended.stdout + appended.stderr
    assert "MkDocs redoes" in said and "changed page(s)" in said
    over_the_old = site_files(root / "site")
    assert "weeks/2025-12-19/index.html" in over_the_old
    assert "weeks/2025-12-05/rotation.svg" not in over_the_old  # out of the window now
    shutil.rmtree(root / "site")
    assert run(root, "build").returncode == 0
    clean = site_files(root / "site")
    assert sorted(over_the_old) == sorted(clean)
    assert [p for p in clean if clean[p] != over_the_old[p]] == []


def test_a_build_over_the_site_never_writes_into_the_live_sites_files(tmp_path):
    """The engine builds over hard links to the live site; a witness holding more links to
    the same files proves it wrote every changed file as a new one."""
    root = make_project(tmp_path)
    assert run(root, "build").returncode == 0
    witness = tmp_path / "witness"
    shutil.copytree(root / "site", witness, copy_function=os.link)
    before = site_files(witness)
    path = root / "content/weeks/2025-12-12.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence that Search finds.\n")
    edited = run(root, "build")
    assert "MkDocs redoes 1 changed page(s)" in edited.stdout + edited.stderr
    assert site_files(witness) == before
    after = site_files(root / "site")
    assert b"A sentence that Search finds." in after["weeks/2025-12-12/index.html"]
    assert b"A sentence that Search finds." not in before["weeks/2025-12-12/index.html"]


def test_files_published_as_they_are_are_never_written_into_the_live_site(tmp_path):
    """The charts' specs, data and SVGs are linked from the staging folder into the site:
    an appended week changes the long-run charts' files, staged as new files, so the live
    site's (held by a witness) keep their bytes; the new week's files are published."""
    root = make_project(tmp_path)
    assert run(root, "build").returncode == 0
    witness = tmp_path / "witness"
    shutil.copytree(root / "site", witness, copy_function=os.link)
    before = site_files(witness)
    append_a_week(root)
    assert run(root, "build").returncode == 0
    assert site_files(witness) == before
    after = site_files(root / "site")
    data = [p for p in before if p.startswith("rotation/") and not p.endswith(".html")]
    assert data and all(after[p] != before[p] for p in data if p.endswith((".json", ".csv")))
    assert {"weeks/2025-12-19/rotation.json", "weeks/2025-12-19/scoreboard.csv"} <= set(after)


def test_the_site_a_build_replaced_is_built_over_next_and_never_the_live_one(tmp_path):
    """The site the second build replaced is kept beside site/ (.site-spare); the third
    build brings it up to date and builds over it, and swaps it in: its folder is the new
    site/. The live site's files (held by a witness) are never written into, and the site
    is, file by file, what a clean build writes. (The first build's spare is a copy.)"""
    root = make_project(tmp_path)
    assert run(root, "build").returncode == 0
    assert site_files(root / ".site-spare") == site_files(root / "site")
    path = root / "content/weeks/2025-12-12.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    assert run(root, "build").returncode == 0
    spare = root / ".site-spare"
    assert (spare / "weeks/2025-12-12/index.html").is_file()
    assert b"Edited." not in (spare / "weeks/2025-12-12/index.html").read_bytes()
    folder = spare.stat().st_ino
    witness = tmp_path / "witness"
    shutil.copytree(root / "site", witness, copy_function=os.link)
    before = site_files(witness)
    append_a_week(root)
    appended = run(root, "build")
    assert "MkDocs redoes" in appended.stdout + appended.stderr
    assert (root / "site").stat().st_ino == folder  # the spare, built over and swapped in
    assert site_files(witness) == before
    assert site_files(spare) == before  # the replaced site, the next spare
    over_the_spare = site_files(root / "site")
    assert "weeks/2025-12-19/index.html" in over_the_spare
    shutil.rmtree(root / "site")
    assert run(root, "build").returncode == 0
    clean = site_files(root / "site")
    assert sorted(over_the_spare) == sorted(clean)
    assert [p for p in clean if clean[p] != over_the_spare[p]] == []


def test_a_full_rebuild_leaves_a_spare_that_is_already_the_new_site(tmp_path):
    """A build that redoes every page (the site's name changed) brings the spare up to date
    at once, each file a hard link to the live one: the next build, an appended week, has
    only its own few files to change in it. A build that redoes a page leaves the replaced
    site as it was."""
    root = make_project(tmp_path)
    assert run(root, "build").returncode == 0
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name:", "site_name: Renamed —", 1))
    assert run(root, "build").returncode == 0
    site, spare = root / "site", root / ".site-spare"
    live = {p: f.stat().st_ino for p, f in files_in(site).items()}
    assert {p: f.stat().st_ino for p, f in files_in(spare).items()} == live
    assert b"Renamed" in (spare / "index.html").read_bytes()
    path = root / "content/weeks/2025-12-12.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    assert run(root, "build").returncode == 0
    assert b"Edited." not in (spare / "weeks/2025-12-12/index.html").read_bytes()


def files_in(folder: Path) -> dict[str, Path]:
    return {
        str(p.relative_to(folder)): p
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".")  # the build's own marker
    }


def test_a_warning_of_a_page_not_redone_is_still_reported(tmp_path):
    root = make_project(tmp_path, {"content/weeks/2025-11-28.md": "See [the notes](notes.md).\n"})
    first = run(root, "build")
    assert "notes.md" in first.stderr and "1 warning(s)" in first.stdout
    path = root / "content/weeks/2025-12-12.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    again = run(root, "build")
    assert "MkDocs redoes 1 changed page(s)" in again.stderr
    assert "notes.md" in again.stderr and "1 warning(s)" in again.stdout


# ─── static images for the newest weeks only ───────────────────────────────────────────────


def with_static_charts(root: Path, weeks: int | str) -> Path:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  marketweek:\n", f"  marketweek:\n    static_charts: {weeks}\n"),
        encoding="utf-8",
    )
    return root


def svg_weeks(files: dict[str, object]) -> set[str]:
    return {p.split("/")[1] for p in files if p.startswith("weeks/2") and p.endswith(".svg")}


def test_static_images_are_drawn_for_the_newest_weeks_only(tmp_path):
    root = with_static_charts(make_project(tmp_path), 2)
    files = documents(root)
    assert svg_weeks(files) == {"2025-12-05", "2025-12-12"}
    old_page = str(files["weeks/2025-11-28/index.md"])
    assert ".svg" not in old_page and "mw-has-static" not in old_page
    assert "drawn in the browser; its data are in the CSV below" in old_page
    new_page = str(files["weeks/2025-12-12/index.md"])
    assert 'src="rotation.svg"' in new_page and "mw-has-static" in new_page
    assert any(p.startswith("rotation/") and p.endswith(".svg") for p in files)  # long-run pages


def test_static_charts_all_and_none(tmp_path):
    every = with_static_charts(make_project(tmp_path / "all"), "all")
    assert svg_weeks(documents(every)) == set(ALL)
    none = with_static_charts(make_project(tmp_path / "none"), 0)
    files = documents(none)
    assert svg_weeks(files) == set()
    assert not any(".svg" in str(files[f"weeks/{slug}/index.md"]) for slug in ALL)


def test_a_week_leaving_the_static_window_is_regenerated(tmp_path):
    """With two weeks drawn, appending 12-19 moves 12-05 out of the window: it is redone too."""
    root = with_static_charts(make_project(tmp_path), 2)
    assert regenerated(root) == ALL
    append_a_week(root)
    assert regenerated(root) == ("2025-12-05", "2025-12-12", "2025-12-19")


def test_a_preview_reuses_the_builds_weeks_outside_the_static_window(tmp_path, monkeypatch):
    """The preview has its own staging folder and a local address; neither is in a week's key,
    so only the weeks whose pages link static images (12-05, 12-12) are redone for it."""
    from generator.config import load_config
    from generator.publish.serve import Pipeline

    root = with_static_charts(make_project(tmp_path), 2)
    config_file = site_url_from_env(root)
    assert regenerated(root) == ALL
    monkeypatch.setenv("MARKETWEEK_SITE_URL", "http://127.0.0.1:8765/")
    config = Pipeline(load_config, generate).config(config_file, Warnings())
    assert config.staging_dir != project_config(root).staging_dir
    assert config.site_url == "http://127.0.0.1:8765/"
    preview = generate(config, Warnings(), static_images=False, drafts=True)
    assert preview.regenerated == ("2025-12-05", "2025-12-12")


# ─── the fact check, kept ──────────────────────────────────────────────────────────────────

WRONG_DATE = "---\ntitle: T\n---\n\nThe record close of 2,304.36 on November 20 stands.\n"
SAID = "2,304.36 was the RUT close on 2025-11-21, not on 2025-11-20"


def test_an_unchanged_commentary_is_not_checked_again_and_its_warning_still_said(
    tmp_path, monkeypatch
):
    from generator.facts import factcheck

    root = make_project(tmp_path, {"content/weeks/2025-12-12.md": WRONG_DATE})
    first = Warnings()
    generate(project_config(root), first)
    assert any(SAID in m for m in first.messages)
    checked = calls_to(monkeypatch, factcheck, "check_commentary")
    again = Warnings()
    generate(project_config(root), again)
    assert checked == [] and again.messages == first.messages
    # A close revised inside the week's window: what the check reads changed, so it runs.
    revise_a_close(root)
    revised = Warnings()
    generate(project_config(root), revised)
    assert len(checked) == 1 and any(SAID in m for m in revised.messages)


UNKNOWN_KEY = "---\ntitle: T\nmood: sunny\n---\n\nA quiet week.\n"


def test_an_unchanged_commentary_file_is_not_parsed_again_and_its_warning_still_said(
    tmp_path, monkeypatch
):
    from generator.load import commentary

    root = make_project(tmp_path, {"content/weeks/2025-12-12.md": UNKNOWN_KEY})
    first = Warnings()
    generate(project_config(root), first)
    assert any("unknown front matter key" in m and "mood" in m for m in first.messages)
    parsed = calls_to(monkeypatch, commentary, "split_front_matter")
    again = Warnings()
    generate(project_config(root), again)
    assert parsed == [] and again.messages == first.messages
    page = root / "content/weeks/2025-12-12.md"
    page.write_text(UNKNOWN_KEY.replace("A quiet week.", "A busy week."), encoding="utf-8")
    edited = Warnings()
    tree = generate(project_config(root), edited)
    assert parsed == [page] and edited.messages == first.messages
    assert "A busy week." in next(
        str(d.content) for d in tree.documents if d.path == "weeks/2025-12-12/index.md"
    )


def test_a_moved_project_keeps_its_weeks(tmp_path):
    """A project moved (or cloned afresh in CI) to another folder, its cache with it: the
    week keys name the project's files inside it, so no week is redone, and the pages are
    what a fresh build at the new place writes."""
    root = built_once(tmp_path / "here")
    moved = shutil.move(root, tmp_path / "there")
    assert regenerated(Path(moved)) == ()
    kept = documents(Path(moved))
    shutil.rmtree(Path(moved) / ".marketweek/cache/weeks")
    assert documents(Path(moved)) == kept


def test_a_moved_project_built_from_its_folder_is_not_fact_checked_again(tmp_path, monkeypatch):
    from generator.facts import factcheck

    root = make_project(tmp_path / "here", {"content/weeks/2025-12-12.md": WRONG_DATE})
    monkeypatch.chdir(root)
    first = Warnings()
    generate(project_config(root), first)
    moved = Path(shutil.move(root, tmp_path / "there"))
    monkeypatch.chdir(moved)
    checked = calls_to(monkeypatch, factcheck, "check_commentary")
    again = Warnings()
    generate(project_config(moved), again)
    assert checked == [] and again.messages == first.messages
    assert any(m.startswith("content/weeks/2025-12-12.md:") for m in again.messages)
    # built from the folder above, the warnings name the file from there: checked again
    monkeypatch.chdir(tmp_path)
    elsewhere = Warnings()
    generate(project_config(moved), elsewhere)
    assert len(checked) == 1
    assert any(m.startswith("there/content/weeks/2025-12-12.md:") for m in elsewhere.messages)


# ─── the preview, held in memory ───────────────────────────────────────────────────────────


def args_of_calls(monkeypatch, module: object, name: str) -> list[tuple[object, ...]]:
    """The arguments of each call to ``module.name`` from now on (it still runs)."""
    calls: list[tuple[object, ...]] = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *args: calls.append(args) or real(*args))
    return calls


def a_preview(root: Path):
    from generator.config import load_config
    from generator.publish.serve import Pipeline, Preview

    said: list[str] = []
    return Preview(root / "mkdocs.yml", said.append, Pipeline(load_config, generate)), said


def staged(preview, path: str) -> str:
    return (preview.config.staging_dir / "docs" / path).read_text(encoding="utf-8")


def retitle(root: Path, title: str) -> Path:
    path = root / "content/weeks/2025-12-12.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(text.split("\n")[1], f"title: {title}"), encoding="utf-8")
    return path


def test_a_preview_edit_to_one_weeks_text_redoes_that_week_and_nothing_site_wide(
    tmp_path, monkeypatch
):
    """The data, the panel of closes, the long-run series and the other weeks' archive lines
    are held from the last regeneration while their inputs are the same objects: an edit to a
    week's text redoes that week and its line, and the data's warnings are said as before."""
    from generator.facts import history, panel
    from generator.load import data
    from generator.pages import render

    root = make_project(tmp_path)
    preview, said = a_preview(root)
    assert preview.regenerate()
    loads = args_of_calls(monkeypatch, data, "_load_data")
    panels = args_of_calls(monkeypatch, panel, "make_panel")
    series = args_of_calls(monkeypatch, history, "rotation_history")
    lines = args_of_calls(monkeypatch, render, "_archive_lines")
    assert preview.regenerate(retitle(root, "A retitled week"))
    assert (loads, panels, series) == ([], [], [])
    assert [[r.week.slug for r in call[2]] for call in lines] == [["2025-12-12"]]
    archive = staged(preview, "weeks/index.md")
    assert "2025: A retitled week](2025-12-12/index.md)" in archive
    assert archive.count("](2025-") == len(ALL)  # every week's line, the held ones too
    assert "regenerated 1 of 4 weeks" in said[-1]
    # The closes revised: the data, the panel and the series are worked out again.
    revise_a_close(root)
    assert preview.regenerate(root / "content/data/prices.csv")
    assert (len(loads), len(panels), len(series)) == (1, 1, 1)
    assert "regenerated 2 of 4 weeks" in said[-1]  # the weeks that read the close


def test_what_a_preview_holds_gives_the_pages_a_fresh_start_gives(tmp_path):
    """After edits to a week's text, the closes and a template, the preview's pages are the
    pages generated from scratch for the project as it is then (a copy, elsewhere: nothing
    held applies to it)."""
    root = make_project(tmp_path / "a")
    preview, _ = a_preview(root)
    assert preview.regenerate()
    assert preview.regenerate(retitle(root, "Retitled"))
    revise_a_close(root)
    assert preview.regenerate(root / "content/data/prices.csv")
    line = root / "templates/archive_week.md.j2"
    line.write_text(line.read_text(encoding="utf-8").replace("- [", "- Week: ["), "utf-8")
    assert preview.regenerate(line)
    held = {d.path: d.data for d in generate(preview.config, Warnings(), **PREVIEW).documents}
    assert (
        "- Week: [Week ending December 12, 2025: Retitled](2025-12-12/"
        in held["weeks/index.md"].decode()
    )
    fresh_root = tmp_path / "b" / "project"
    shutil.copytree(root, fresh_root, ignore=shutil.ignore_patterns(".marketweek"))
    fresh = generate(a_preview(fresh_root)[0].config, Warnings(), **PREVIEW)
    assert held == {d.path: d.data for d in fresh.documents}


PREVIEW = {"drafts": True, "static_images": False}


def test_a_projects_own_archive_template_written_before_the_lines_still_works(tmp_path):
    """The archive's lines moved into ``archive_week.md.j2``; a project's ``archive.md.j2``
    that lists ``years`` itself (the template before) gives the same page."""
    root = make_project(tmp_path)
    ours = documents(root)["weeks/index.md"]
    (root / "templates/archive.md.j2").write_text(ARCHIVE_BEFORE_LINES, encoding="utf-8")
    theirs = documents(root)["weeks/index.md"]
    assert theirs == ours and str(theirs).count("](2025-") == len(ALL)


ARCHIVE_BEFORE_LINES = """---
title: Archive
description: {{ ("Every weekly issue of " ~ config.site_name ~ ", by year.") | yaml_str }}
---

# Archive

<p class="mw-asof">{{ count }} weekly issues, the latest first: each with its headline and \
the week's spread, {{ spread_label }} (percentage points).{% if config.data_note %} \
{{ config.data_note }}{% endif %}</p>

<div class="mw-archive-filter" hidden>
<span>Show weeks tagged:</span>
<button type="button" data-tag="" aria-pressed="true">All</button>
{% for tag in all_tags %}
<button type="button" data-tag="{{ tag | tag_slug }}" aria-pressed="false">{{ tag }}</button>
{% endfor %}
<span class="mw-archive-count" aria-live="polite"></span>
</div>

{% for year, weeks in years.items() %}
## {{ year }} {.mw-archive-year}

<div class="mw-archive" markdown>

{% for w in weeks %}
- [{{ w | week_title }}]({{ w.week.slug }}/index.md){data-tags="{{ w | tags | \
map('tag_slug') | join(' ') }}"}{% if w.spread is not none %} · {{ w.spread | spread_points \
}}{% endif %}{% if w.commentary and w.commentary.summary %} — {{ w.commentary.summary }}\
{% endif %}{% for tag in w | tags %} · <span class="mw-tag">{{ tag }}</span>{% endfor %}

{% endfor %}
</div>

{% endfor %}
<p class="mw-feed">Follow every issue: <a href="../feed.xml" type="application/rss+xml">\
RSS feed</a> · <a href="../atom.xml" type="application/atom+xml">Atom feed</a></p>
""".replace("\\\n", "")


def test_entries_unused_for_a_week_are_forgotten_and_looked_for_once_a_day(tmp_path, monkeypatch):
    from generator import weekcache

    day = 24 * 3600
    folder = tmp_path / "weeks"
    folder.mkdir()

    def entry(name: str, days_old: float) -> Path:
        path = folder / f"{name}.pickle"
        path.write_bytes(b"kept")
        os.utime(path, (path.stat().st_atime, path.stat().st_mtime - days_old * day))
        return path

    def pruned() -> None:
        monkeypatch.setattr(weekcache.WeekStore, "pruned", set())  # as a new process
        weekcache.WeekStore(folder).prune({"2025-12-12": "in-use"})

    in_use, recent, old = entry("in-use", 30), entry("recent", 6), entry("old", 8)
    pruned()
    assert (in_use.exists(), recent.exists(), old.exists()) == (True, True, False)
    older = entry("older", 9)
    pruned()  # the same day: the folder is not walked again
    assert older.exists()
    stamp = folder / ".pruned"
    os.utime(stamp, (stamp.stat().st_atime, stamp.stat().st_mtime - 1.01 * day))
    pruned()
    assert (in_use.exists(), recent.exists(), older.exists()) == (True, True, False)
