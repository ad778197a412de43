"""Golden test of our own output (Markdown pages, chart specs, chart data) for the tiny project.

Not MkDocs' HTML, which changes with the theme. After an intended change, re-bless with:

    MARKETWEEK_BLESS=1 python -m pytest tests/test_golden.py
"""

import os
import shutil
from pathlib import Path

from projects import REPO, make_project, project_config

from generator.build import generate
from generator.errors import Warnings

GOLDEN = REPO / "tests" / "golden" / "tiny"


def our_output(tmp_path: Path) -> dict[str, str]:
    tree = generate(project_config(make_project(tmp_path)), Warnings())
    return {
        d.path: d.content
        for d in tree.documents
        if d.path.endswith((".md", ".csv", ".json")) and isinstance(d.content, str)
    }


def test_generated_tree_matches_the_golden_copy(tmp_path):
    output = our_output(tmp_path)
    if os.environ.get("MARKETWEEK_BLESS"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, text in output.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8")
    expected = {
        str(p.relative_to(GOLDEN)): p.read_text(encoding="utf-8")
        for p in GOLDEN.rglob("*")
        if p.is_file()
    }
    assert sorted(output) == sorted(expected)
    for name, text in output.items():
        assert text == expected[name], f"{name} differs from the golden copy; see the docstring"


def test_two_generations_are_identical(tmp_path):
    assert our_output(tmp_path / "a") == our_output(tmp_path / "b")
