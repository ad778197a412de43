from dataclasses import replace

from projects import report_for

from generator.facts import narrative
from generator.model import Move, Target, TargetGap


def test_takeaways_state_the_week_in_prose(sample):
    report = report_for(sample, "2025-12-12")
    lines = narrative.takeaways(report, sample[0], sample[3].names)
    assert 3 <= len(lines) <= 5
    assert lines[0].startswith("On the week, the Russell 2000 rose 1.2% to 2,551.46")
    assert "set a record close of 2,590.61 on December 11, 2025" in lines[2]


def test_what_changed_names_rank_moves_and_gaps(sample):
    now, before = report_for(sample, "2025-12-12"), report_for(sample, "2025-12-05")
    lines = narrative.what_changed(now, before)
    assert any("among sectors" in line for line in lines)
    assert any(line.startswith("New record closes:") for line in lines)


def test_a_new_target_is_announced():
    target = Target("Firm", "SPX", None, "base", 7600.0, None, "")
    sector = (Move("XLK", "Tech", "Information Technology", "", 0.01),)
    blank = dict(sectors=sector, new_records=(), targets=())
    now = replace(_empty(), **{**blank, "targets": (TargetGap(target, 6800.0, 7600 / 6800 - 1),)})
    lines = narrative.what_changed(now, replace(_empty(), **blank))
    assert "New: Firm's 7,600.00 target (base), 11.8% above the close." in lines


def _empty():
    from generator.model import RecordInfo, Week, WeekReport

    return WeekReport(
        Week(None, (None,)),
        None,
        None,
        (),
        None,
        None,
        RecordInfo("RUT", 1.0, None, 0.0, False),
        None,
        (),
        (),
        (),
        (),
        (),
        (),
        (),
        None,
        (),
        (),
        {},
        None,
    )
