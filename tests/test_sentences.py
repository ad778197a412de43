"""Generated sentences agree with their numbers, in every week of the sample.

The expected word (rose/fell, outperformed/lagged, above/below, narrowed/widened, gain/loss)
is derived here from the sign of the number, independently of the code that wrote it; the
number in the sentence is the number rounded here.
"""

import html
import itertools
import re

import pytest
from projects import REPO, make_project, project_config

from generator.build import generate
from generator.charts import specs as charts
from generator.charts.registry import CHARTS
from generator.errors import Warnings
from generator.facts import headline, narrative, sentences
from generator.facts.panel import week_facts
from generator.model import Breadth, Move, Target, TargetGap


@pytest.fixture(scope="module")
def told(sample):
    """Every week of the sample, narrated with the panel (as a build does)."""
    config, data, weeks, panel = sample
    facts = [week_facts(panel, data, config, weeks, i, None) for i in range(len(weeks))]
    return tuple(
        narrative.tell(f, facts[i - 1] if i else None, config, panel.names, panel)
        for i, f in enumerate(facts)
    )


def one_decimal(fraction: float) -> str:
    return f"{abs(fraction) * 100:.1f}%"


def test_every_week_of_the_sample_is_checked(told, sample):
    assert len(told) == len(sample[2]) > 150


def test_index_moves_say_rose_or_fell_by_their_sign(told):
    checked = 0
    for report in told:
        line = report.takeaways[0] if report.takeaways else ""
        for q in report.scoreboard[:3]:
            if q.week is None:
                continue
            tenths = round(q.week * 1000)
            word = "rose" if tenths > 0 else "fell" if tenths < 0 else "was little changed at"
            said = re.search(rf"the {re.escape(q.name)} (rose|fell|was little changed at)", line)
            assert said and said.group(1) == word, (report.week.slug, q.symbol, line)
            if tenths:
                assert f"{word} {one_decimal(q.week)} to {q.close:,.2f}" in line, line
            checked += 1
    assert checked > 400


def test_context_agrees_with_the_move(told):
    seen = set()
    for report in told:
        line = report.takeaways[0] if report.takeaways else ""
        for part in re.split(r"; ", line):
            run = re.search(r"first weekly (gain|loss) in (\d+) weeks", part)
            if run:
                seen.add(run.group(1))
                assert ("rose" if run.group(1) == "gain" else "fell") in part, part
                assert int(run.group(2)) >= 3
    assert seen == {"gain", "loss"}  # both kinds occur in the sample


def test_spread_verb_and_size_follow_the_spread(told):
    for report in told:
        if report.spread is None:
            continue
        line = next(
            t for t in report.takeaways if re.search(r"(outperformed|lagged|kept pace with) the", t)
        )
        tenths = round(report.spread * 10)
        if tenths == 0:
            assert "kept pace with" in line, line
            continue
        verb = "outperformed" if tenths > 0 else "lagged"
        assert f"{verb} the S&P 500 by {abs(report.spread):.1f} percentage points" in line, line


def test_target_gaps_narrow_or_widen_by_their_size(told):
    checked = 0
    for before, now in itertools.pairwise(told):
        old = {g.target.firm: g for g in before.targets}
        for gap in now.targets:
            # a row named for a scenario ("Street bull case") is the scenario's, not a firm's
            scenario = gap.target.firm == "Street bull case"
            firm = "the bull case's" if scenario else sentences.possessive(gap.target.firm)
            line = next((c for c in now.changes if firm in c), None)
            if gap.target.firm not in old:
                kind = "" if scenario else f" ({gap.target.scenario})"
                assert line == (
                    f"New: {firm} {gap.target.target:,.0f} target{kind}, "
                    f"{one_decimal(gap.gap)} {'above' if gap.gap > 0 else 'below'} the close."
                )
                continue
            was = old[gap.target.firm].gap
            if abs(gap.gap - was) < 0.0005:
                assert line is None
                continue
            assert line is not None
            if (was > 0) == (gap.gap > 0):
                assert ("narrowed" if abs(gap.gap) < abs(was) else "widened") in line, line
                assert f"from {one_decimal(was)} to {one_decimal(gap.gap)}" in line, line
            checked += 1
    assert checked > 10


def test_target_summaries_say_gain_needed_or_already_above(told, sample):
    config, _, _, panel = sample
    labels = charts.labels(config, panel.names)
    for report in told:
        if not report.targets:
            continue
        summary = CHARTS["targets"].summary(report, labels)
        for gap in (report.targets[0], report.targets[-1]):
            level = f"{gap.target.target:,.0f}"
            if gap.gap > 0.0005:
                phrase = re.escape(f"a gain of {one_decimal(gap.gap)} to reach {level}")
                assert re.search(phrase + r"(?![\d,]|\.\d)", summary), summary
            elif gap.gap < -0.0005:
                assert re.search(re.escape(f"no gain to reach {level}") + r" \(", summary)
        assert "+" not in summary  # a size, never a signed change, after "a gain of"


def test_rotation_summary_verb_follows_the_relative_strength(told, sample):
    config, _, _, panel = sample
    labels = charts.labels(config, panel.names)
    for report in told:
        rows = [r for r in report.series["rotation"].rows if r[1] == labels.large]
        if len(rows) < 2:
            continue
        move = rows[-1][2] / rows[0][2] - 1
        summary = CHARTS["rotation"].summary(report, labels)
        if round(move * 1000):
            verb = "outperformed" if move > 0 else "lagged"
            assert (
                f"{verb} the S&P 500: its relative strength ended at {rows[-1][2]:.1f}" in summary
            )
            weeks = "week" if len(rows) == 2 else f"{len(rows) - 1} weeks"
            assert summary.startswith(f"Over the last {weeks} "), summary


def test_headlines_vary_and_their_verbs_follow_the_numbers(told):
    lines = [headline.headline(r) for r in told]
    assert len({line.split(":")[0].split(" ")[0] for line in lines if line}) >= 5
    for report, line in zip(told, lines, strict=True):
        for q in report.scoreboard[:2]:
            said = re.search(rf"the {re.escape(q.name)} (rises|falls)", line)
            if said and q.week is not None:
                assert said.group(1) == ("rises" if q.week > 0 else "falls"), line
        lead = re.match(
            r"(Small|Large) caps lead: the .+? (beats|trails) the .+? by ([\d.]+)", line
        )
        if lead:
            assert report.spread is not None
            assert (lead.group(1) == "Small") == (report.spread > 0) == (lead.group(2) == "beats")
            assert lead.group(3) == f"{abs(report.spread):.1f}"
        # "record" only of a week whose high beat the 2021 record sources.csv gives
        if "record" in line.lower():
            assert report.record.week_high.close > PRIOR_RECORD, line


def test_the_spread_is_a_takeaway_and_not_repeated_by_its_chart(told, sample):
    """One number, said once: the spread sentence is a takeaway; the spread chart's summary
    counts its weeks instead of saying this week's margin again."""
    config, _, _, panel = sample
    labels = charts.labels(config, panel.names)
    for report in told:
        if report.spread is None:
            continue
        section = sentences.week_spread_sentence(report)
        assert section in report.takeaways
        assert CHARTS["spread"].summary(report, labels) != section


# ─── single sentences, from hand-made numbers ──────────────────────────────────────────────


def test_possessives():
    assert sentences.possessive("Goldman Sachs") == "Goldman Sachs'"
    assert sentences.possessive("Morgan Stanley") == "Morgan Stanley's"


def test_breadth_counts_stocks_rather_than_percent_of_them():
    # 7 of 14 stocks up (50%), 9 of 14 above their average (64.3% → 64%)
    line = sentences.breadth_sentence(Breadth(14, 7 / 14, 9 / 14))
    assert (
        line == "7 of the 14 stocks tracked rose this week; 64% closed above their 50-day average."
    )


def test_table_labels_are_honest_about_direction():
    def moves(*changes):
        return [Move("X", "X", "", "", c) for c in changes]

    assert sentences.moves_label(moves(-0.02, -0.01), leading=False) == "Laggards"
    assert sentences.moves_label(moves(0.001, 0.004), leading=False) == "Smallest gains"
    assert sentences.moves_label(moves(-0.01, 0.004), leading=False) == "Bottom 2"
    assert sentences.moves_label(moves(0.03, 0.01), leading=True) == "Leaders"
    assert sentences.moves_label(moves(-0.001, -0.01), leading=True) == "Smallest losses"


def test_a_target_below_the_close_needs_no_gain():
    target = Target("Firm", "SPX", None, "base", 6000.0, None, "")
    gap = TargetGap(target, 6300.0, 6000 / 6300 - 1)
    # 6300 / 6000 - 1 = 5.0%: the close is 5.0% above the target; the target 4.8% below it
    assert sentences.needed_phrase(gap) == "no gain to reach 6,000 (it is already 5.0% above)"
    assert sentences.gap_phrase(gap) == "4.8% below the close"


# ─── on the pages of the sample ─────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory):
    """The sample project's generated Markdown pages (no static images)."""
    root = make_project(tmp_path_factory.mktemp("sample"), source=REPO)
    tree = generate(project_config(root), Warnings(), static_images=False)
    return {d.path: d.content for d in tree.documents if d.path.endswith(".md")}


def test_a_week_page_writes_its_spread_one_way(sample_pages, told):
    """The spread is in the takeaways (and in a headline that leads with it): every mention
    on the page is the same number with one decimal."""
    for report in told:
        if report.spread is None:
            continue
        page = sample_pages[f"weeks/{report.week.slug}/index.md"]
        said = set(re.findall(r"by (\d+(?:\.\d+)?) percentage points", page))
        size = f"{abs(report.spread):.1f}"
        if size == "0.0":
            assert not said and page.count("kept pace with the S&amp;P 500") == 1
            continue
        assert said == {size}, (report.week.slug, said)


def test_every_week_with_events_next_week_shows_them(sample_pages, told, sample):
    events = sample[1].events
    shown = 0
    for report in told:
        page = sample_pages[f"weeks/{report.week.slug}/index.md"]
        ahead = [e for e in events if 0 < (e.day - report.week.end).days <= 7]
        after = page.split("**The week ahead:**")[1]  # on every week, events or not
        for event in ahead:
            assert f"- {event.day:%b} {event.day.day}: " in after
        if not ahead:
            assert after.lstrip().startswith(("No scheduled events", "No events")), report.week
        shown += bool(ahead)
    assert shown > 20


def test_every_page_carries_the_data_note(sample_pages, sample):
    note = sample[0].data_note
    assert note
    escaped = html.escape(note, quote=False)  # the sample's note names the S&P 500
    for path, text in sample_pages.items():
        assert note in text or escaped in text, path


PRIOR_RECORD = 2442.74  # the Russell 2000's record close before the data (sources.csv)


def test_with_a_prior_record_record_is_said_only_above_it(told):
    """With the 2021 record (2,442.74) in sources.csv, a week's high line says "record" of the
    data's high only once a close has passed it; before, the distance to 2,442.74."""
    beaten = 0
    for report in told:
        line = next(t for t in report.takeaways if "record close" in t or "highest close" in t)
        close = next(q.close for q in report.scoreboard if q.symbol == "RUT")
        high = report.record.close.high
        if high > PRIOR_RECORD:
            beaten += 1
            assert f"{high:,.2f}" in line and "record close" in line, line
            if close < high:
                assert one_decimal(1 - close / high) + " below" in line, line
        else:
            below = one_decimal(1 - close / PRIOR_RECORD)
            assert f"{below} below its record close of 2,442.74 (on November 8, 2021)" in line
    assert 0 < beaten < len(told)
