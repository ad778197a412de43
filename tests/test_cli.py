"""The command line as a user meets it: exact error lines, exit codes, site/ kept on failure."""

import hashlib
import re

import pytest
from projects import make_project, run, snapshot

BAD_CLOSE = "2025-11-18,RUT,abc"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A tiny project built once, its site and content snapshotted."""
    root = make_project(tmp_path_factory.mktemp("cli"))
    done = run(root, "build")
    assert done.returncode == 0, done.stderr
    return root, snapshot(root / "site"), snapshot(root / "content")


def break_prices(root):
    path = root / "content/data/prices.csv"
    original = path.read_text()
    lines = original.splitlines()
    path.write_text("\n".join([*lines[:3], BAD_CLOSE, *lines[3:]]) + "\n")
    return path, original


def test_build_reports_what_it_did(built):
    _, site, _ = built
    assert "index.html" in site and "weeks/2025-12-12/index.html" in site
    bundles = [
        name
        for name in site
        if name.startswith("assets/vendor/vega-bundle.") and not name.endswith(".gz")
    ]
    assert site[bundles[0] + ".gz"]  # and its precompressed copy
    assert len(bundles) == 1 and re.fullmatch(
        r"assets/vendor/vega-bundle\.[0-9a-f]{10}\.js", bundles[0]
    )
    digest = hashlib.sha256(site[bundles[0]]).hexdigest()[:10]
    assert bundles[0] == f"assets/vendor/vega-bundle.{digest}.js"  # a new name for new content


def test_bad_data_is_one_line_exit_1_and_nothing_lost(built):
    root, site, content = built
    path, original = break_prices(root)
    try:
        done = run(root, "build")
        broken = snapshot(root / "content")
    finally:
        path.write_text(original)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        "error: content/data/prices.csv:4: close 'abc' is not a number — "
        "write plain numbers such as 2590.61"
    )
    assert "Traceback" not in done.stderr
    assert snapshot(root / "site") == site
    assert {k: v for k, v in broken.items() if k != "data/prices.csv"} == {
        k: v for k, v in content.items() if k != "data/prices.csv"
    }


def test_debug_shows_the_traceback(built):
    root, _, _ = built
    path, original = break_prices(root)
    try:
        done = run(root, "--debug", "build")
    finally:
        path.write_text(original)
    assert done.returncode == 1 and "Traceback" in done.stderr


def test_strict_makes_warnings_fatal_and_keeps_the_site(built):
    root, site, _ = built
    config = root / "mkdocs.yml"
    original = config.read_text()
    config.write_text(original.replace("    authors:", "    colour: blue\n    authors:"))
    try:
        loose = run(root, "build", "--strict")
    finally:
        config.write_text(original)
    assert loose.returncode == 1
    assert "unknown setting extra.marketweek.colour" in loose.stderr
    assert loose.stderr.splitlines()[-1].startswith(
        "error: mkdocs.yml:13: unknown setting extra.marketweek.colour — remove it"
    )
    assert snapshot(root / "site") == site


def test_help_explains_every_command():
    done = run(".", "--help")
    assert done.returncode == 0
    for command in ("build", "sample-data"):
        assert command in done.stdout
