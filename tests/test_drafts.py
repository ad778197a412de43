"""Drafts and scheduled commentary leave no trace in a build; the preview shows them, marked."""

from pathlib import Path

import pytest
from projects import make_project, project_config, run

from generator.build import build
from generator.errors import Warnings

SECRETS = {
    "2025-11-28": ("draft: true", "DRAFTWORD"),
    "2025-12-05": ("publish_at: 2999-01-01T08:00:00-05:00", "LATERWORD"),
    "2025-11-21": ("publish_at: 2000-01-01 08:00", "PASTWORD"),
}


def commentary(setting: str, word: str) -> str:
    return (
        f"---\ntitle: Title {word}\nauthors: [Author {word}]\nsummary: Summary {word}.\n"
        f"tags: [tag{word.lower()}]\n{setting}\n---\n\nBody {word} here.\n"
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    files = {f"content/weeks/{week}.md": commentary(*spec) for week, spec in SECRETS.items()}
    root = make_project(tmp_path_factory.mktemp("drafts"), files)
    done = run(root, "build")
    assert done.returncode == 0, done.stderr
    return root


def every_output(site: Path) -> dict[str, str]:
    """Every text file the build wrote: pages, feeds, search index, sitemap."""
    return {
        str(p.relative_to(site)): p.read_text(encoding="utf-8")
        for p in site.rglob("*")
        if p.suffix in (".html", ".xml", ".json", ".md", ".csv", ".txt")
    }


@pytest.mark.parametrize("word", ["DRAFTWORD", "LATERWORD"])
def test_unpublished_commentary_leaves_no_trace(project, word):
    outputs = every_output(project / "site")
    for name in ("index.html", "weeks/index.html", "feed.xml", "atom.xml", "sitemap.xml"):
        assert name in outputs
    assert "search/search_index.json" in outputs
    leaks = sorted(name for name, text in outputs.items() if word in text or word.lower() in text)
    assert leaks == []
    staged = every_output(project / ".marketweek/staging")
    assert sorted(name for name, text in staged.items() if word in text) == []


def test_the_weeks_of_drafts_still_have_data_pages(project):
    for week in ("2025-11-28", "2025-12-05"):
        page = (project / f"site/weeks/{week}/index.html").read_text(encoding="utf-8")
        assert "Scoreboard" in page


def test_commentary_whose_time_has_come_is_published(project):
    outputs = every_output(project / "site")
    assert "Body PASTWORD here." in outputs["weeks/2025-11-21/index.html"]
    assert "Title PASTWORD" in outputs["weeks/index.html"]
    assert "Title PASTWORD" in outputs["feed.xml"]
    assert "PASTWORD" in outputs["search/search_index.json"]


def test_the_preview_shows_drafts_marked_and_apart_from_site(tmp_path):
    files = {f"content/weeks/{week}.md": commentary(*spec) for week, spec in SECRETS.items()}
    root = make_project(tmp_path, files)
    config = project_config(root)
    preview = root / "preview"
    from dataclasses import replace

    build(replace(config, site_dir=preview), Warnings(), drafts=True)
    for week, word in (("2025-11-28", "DRAFTWORD"), ("2025-12-05", "LATERWORD")):
        page = (preview / f"weeks/{week}/index.html").read_text(encoding="utf-8")
        assert f"Body {word} here." in page
        assert "mw-draft" in page
    assert not (root / "site").exists()


def test_check_validates_drafts_too(tmp_path):
    bad = commentary("draft: true", "X").replace("Body X here.", '{{ close("RTU") }}')
    root = make_project(tmp_path, {"content/weeks/2025-11-28.md": bad})
    done = run(root, "check")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].startswith(
        "error: content/weeks/2025-11-28.md:9: unknown symbol 'RTU'"
    )
