"""The staged tree is plain: MkDocs and ProperDocs both build it, with nothing of ours inside."""

import os
import shutil
import subprocess
import sys

import pytest
import yaml
from projects import make_project, project_config, run

from generator.build import build
from generator.config_file import EnvTag
from generator.errors import Warnings
from generator.publish.settings import SEARCH


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!ENV", lambda loader, node: EnvTag(loader.construct_sequence(node)))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("publish"))
    build(project_config(root), Warnings())
    return root


def pages(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.html"))


def test_staged_config_uses_no_hooks_or_plugins_of_ours(project):
    staged = yaml.load((project / ".marketweek/staging/mkdocs.yml").read_text(), Loader=_Loader)
    assert "hooks" not in staged
    assert staged["plugins"] == [{"search": SEARCH}]
    assert staged["docs_dir"] == "docs"


def engine_build(engine: str, project, out, *flags):
    """Build the staged tree with ``engine`` (a Python module) into ``out``."""
    staging = project / ".marketweek/staging"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [
        sys.executable,
        "-m",
        engine,
        "build",
        *flags,
        "-f",
        str(staging / "mkdocs.yml"),
        "-d",
        str(out),
    ]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_properdocs_builds_the_same_pages(project, tmp_path):
    done = engine_build("properdocs", project, tmp_path / "pd")
    assert done.returncode == 0, done.stderr
    assert pages(tmp_path / "pd") == pages(project / "site")
    assert "weeks/2025-12-12/index.html" in pages(project / "site")


def test_plain_mkdocs_builds_the_staged_tree(project, tmp_path):
    done = engine_build("mkdocs", project, tmp_path / "mk", "--strict")
    assert done.returncode == 0, done.stderr
    assert pages(tmp_path / "mk") == pages(project / "site")


def staged_times(root):
    """Each staged file's time: the engine's (docs/) and those published as they are."""
    times = {}
    for folder in ("docs", "files"):
        staged = root / ".marketweek/staging" / folder
        files = (p for p in staged.rglob("*") if p.is_file())
        times |= {str(p.relative_to(staged)): p.stat().st_mtime_ns for p in files}
    return times


def test_an_unchanged_tree_is_not_built_again(tmp_path):
    root = make_project(tmp_path)
    first = run(root, "build")
    assert first.returncode == 0, first.stderr
    site_inode = (root / "site").stat().st_ino
    times = staged_times(root)
    again = run(root, "build")
    assert again.returncode == 0, again.stderr
    assert "the site is up to date" in again.stderr
    assert (root / "site").stat().st_ino == site_inode  # not swapped: the same folder
    assert staged_times(root) == times  # not one staged file rewritten


def test_a_changed_page_rewrites_only_what_depends_on_it(tmp_path):
    root = make_project(tmp_path)
    assert run(root, "build").returncode == 0
    before = staged_times(root)
    week = root / "content/weeks/2025-12-12.md"
    week.write_text(week.read_text() + "\nOne more sentence.\n")
    done = run(root, "build")
    assert done.returncode == 0, done.stderr
    assert "up to date" not in done.stderr
    after = staged_times(root)
    changed = sorted(name for name in after if after[name] != before.get(name))
    # the week's page, and the search of the pages that show its commentary's summary
    assert "weeks/2025-12-12/index.md" in changed
    assert "weeks/2025-11-21/index.md" not in changed
    assert "One more sentence." in (root / "site/weeks/2025-12-12/index.html").read_text()


def test_warnings_of_an_unchanged_site_still_count(tmp_path):
    body = "---\ntitle: T\n---\n\nA [broken link](nowhere.md).\n"
    root = make_project(tmp_path, {"content/weeks/2025-12-12.md": body})
    loose = run(root, "build")
    assert loose.returncode == 0 and "MkDocs:" in loose.stderr
    strict = run(root, "build", "--strict")
    assert "the site is up to date" in strict.stderr
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[-1].startswith("error: mkdocs.yml: MkDocs: Doc file")


def test_the_engine_finds_the_themes_files_without_entering_dot_folders(
    project, tmp_path, monkeypatch
):
    """MkDocs lists every file of the theme (Material's 14,000 icons in `.icons` included),
    then leaves out whatever lies in a dot folder; the engine does not enter them, and finds
    the very files MkDocs finds, in the real theme and in overrides with dot folders of
    their own."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files

    from generator.publish import engine_process

    staging = tmp_path / "staging"
    shutil.copytree(project / ".marketweek/staging", staging)
    for name in (".icons/brand/x.svg", "assets/.cache/z.js", ".dot.css", "assets/extra.js"):
        (staging / "overrides" / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / "overrides" / name).write_text("/* a theme file */\n")
    config = load_config(str(staging / "mkdocs.yml"))
    env = config.theme.get_env()

    def found(docs=()):
        files = Files(list(docs))
        files.add_files_from_theme(env, config)
        return sorted((f.src_uri, f.src_dir) for f in files)

    monkeypatch.setattr(Files, "add_files_from_theme", Files.add_files_from_theme)
    by_mkdocs = found()
    engine_process.theme_listed_without_dot_folders()
    entered = []
    walk = os.walk
    monkeypatch.setattr(
        os, "walk", lambda top, **kw: (entered.append(w[0]) or w for w in walk(top, **kw))
    )
    assert found() == by_mkdocs
    assert ("assets/extra.js", str(staging / "overrides")) in by_mkdocs
    assert len(by_mkdocs) > 20  # Material's own scripts, styles and fonts are among them
    dot_folders = [f"{os.sep}.icons", f"{os.sep}.cache"]  # Material's, and one of ours
    assert any(os.path.isdir(f"{d}{dot_folders[0]}") for d in config.theme.dirs)
    assert entered and not [d for d in entered if any(dot in d for dot in dot_folders)]
    hidden = next(uri for uri, _ in by_mkdocs if uri.endswith(".js"))
    shown = found([File(hidden, str(staging / "docs"), config.site_dir, True)])
    assert [d for uri, d in shown if uri == hidden] == [str(staging / "docs")]  # docs' file, once
