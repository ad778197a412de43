"""benchmarks/report.py: a run of some steps (`run.py --only`) keeps the other steps' figures
in the table, each said to come from the run that measured it."""

from __future__ import annotations

import json
import sys

from projects import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import report
from report import Results, Row

STEPS = ("sample", "serve", "paint")


def test_a_run_of_some_steps_keeps_the_other_steps_rows_noted_with_their_run(tmp_path):
    last = Results(
        {"date": "2026-12-07T20:28:24+00:00", "commit": "2693167675"},
        rows=[
            Row("sample", "first build", "11.8 s", 11.8, "s", "≤ 20 s", True),
            Row("serve", "edit → visible", "0.35 s", 0.35, "s", "≤ 1.5 s", True),
            Row("paint", "first chart", "543 ms", 543, "ms", "≤ 500 ms", False, "5 loads"),
        ],
    )
    last.save(tmp_path)
    now = Results({"date": "2026-12-08T09:00:00+00:00", "commit": "abc1234def"})
    now.keep_earlier(tmp_path, STEPS, ["serve"])
    now.add(Row("serve", "edit → visible", "0.31 s", 0.31, "s", "≤ 1.5 s", True))
    now.save(tmp_path)
    saved = json.loads((tmp_path / "results.json").read_text())["rows"]
    assert [(r["section"], r["result"], r["note"], r["mark"]) for r in saved] == [
        ("sample", "11.8 s", "(from the run of 2026-12-07 20:28 at 2693167)", "✓"),
        ("serve", "0.31 s", "", "✓"),
        ("paint", "543 ms", "(from the run of 2026-12-07 20:28 at 2693167) 5 loads", "✗"),
    ]
    markdown = (tmp_path / "results.md").read_text()
    assert "| sample | first build | 11.8 s | ≤ 20 s | ✓ | (from the run of 2026-12-07" in markdown

    again = Results({"date": "2026-12-09T09:00:00+00:00", "commit": "fedcba98"})
    again.keep_earlier(tmp_path, STEPS, ["paint"])  # the kept rows keep their own run
    again.save(tmp_path)
    notes = [r["note"] for r in json.loads((tmp_path / "results.json").read_text())["rows"]]
    assert notes == [
        "(from the run of 2026-12-07 20:28 at 2693167)",
        "(from the run of 2026-12-08 09:00 at abc1234)",
    ]


def test_a_whole_run_keeps_nothing_earlier(tmp_path):
    Results({"date": "2026-12-07T20:28:24+00:00", "commit": "2693167675"},
            rows=[Row("sample", "first build", "11.8 s")]).save(tmp_path)  # fmt: skip
    now = Results({"date": "2026-12-08T09:00:00+00:00", "commit": "abc1234def"})
    now.add(Row("serve", "edit → visible", "0.31 s"))
    now.save(tmp_path)
    rows = json.loads((tmp_path / "results.json").read_text())["rows"]
    assert [r["section"] for r in rows] == ["serve"]
    assert report.EARLIER not in (tmp_path / "results.md").read_text()
