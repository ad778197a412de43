"""What is kept in the user cache between commands is what would be worked out afresh."""

import json
import os
import subprocess
import sys

from generator import usercache
from generator.charts import specs, templates
from generator.charts.registry import LONG_RUN_CHARTS, WEEK_CHARTS

LABELS = templates.Labels(("Russell 2000", "S&P 500", "Nasdaq Composite", "Magnificent 7"))


def test_a_kept_template_is_the_one_altair_draws(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    for chart in (*WEEK_CHARTS, *LONG_RUN_CHARTS):
        drawn = json.loads(json.dumps(specs.drawn_template(chart, LABELS)))
        specs.template.cache_clear()
        assert specs.template(chart, LABELS) == drawn  # drawn, then kept
        specs.template.cache_clear()
        assert specs.template(chart, LABELS) == drawn  # read back
    assert len(list(usercache.folder_of("templates").glob("*.json"))) == len(
        {*WEEK_CHARTS, *LONG_RUN_CHARTS}
    )


PROBE = """
import sys
from generator.charts import specs, templates
from generator.charts.registry import WEEK_CHARTS
labels = templates.Labels(("A", "B", "C", "D"))
specs.template(WEEK_CHARTS[0], labels)
print("altair" in sys.modules)
"""


def test_a_second_command_draws_no_template_and_never_imports_altair(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True)
        for _ in range(2)
    ]
    assert [r.stdout.strip() for r in runs] == ["True", "False"], runs[0].stderr


def test_an_unreadable_entry_is_worked_out_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert usercache.cached_json("probe", "k", lambda: {"n": 1}) == {"n": 1}
    (entry,) = usercache.folder_of("probe").glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    assert usercache.cached_json("probe", "k", lambda: {"n": 2}) == {"n": 2}
    assert usercache.cached_json("probe", "k", lambda: {"n": 3}) == {"n": 2}


def test_the_engine_keeps_the_themes_compiled_templates_and_builds_the_same_site(tmp_path):
    from projects import make_project, snapshot

    root = make_project(tmp_path / "p")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    build = [sys.executable, "-m", "generator", "build"]
    first = subprocess.run(build, cwd=root, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    compiled = list((tmp_path / "cache/marketweek/jinja").glob("*.cache"))
    assert len(compiled) >= 10  # Material's base, main, partials…
    site = snapshot(root / "site")
    (root / "site").rename(root / "site-first")
    again = subprocess.run(build, cwd=root, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert snapshot(root / "site") == site
