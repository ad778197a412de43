"""Data that stop are not news: a close stands in for a few missing sessions (a holiday, a
late file), never for weeks. In the tiny project XLK (a sector fund) and MSFT (a stock) lose
their closes after Friday 2025-11-28; the week ending 12-05 is five sessions later."""

from projects import make_project, project_config, report_for, run

from generator.facts import panel as compute
from generator.load import data as data_files
from generator.load.selection import history_weeks, select_weeks


def computed(root):
    config = project_config(root)
    data = data_files.load_data(config.data_dir)
    weeks = select_weeks(data, config)
    return (
        config,
        data,
        weeks,
        compute.make_panel(data, config, weeks, history_weeks(data, config, weeks)),
    )


def without(tmp_path, keep):
    """The tiny project with the XLK and MSFT rows for which ``keep(day)`` is false dropped."""
    root = make_project(tmp_path)
    prices = root / "content/data/prices.csv"
    lines = prices.read_text(encoding="utf-8").splitlines()
    kept = [
        line
        for line in lines
        if not (line[11:].startswith(("XLK,", "MSFT,")) and not keep(line[:10]))
    ]
    prices.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return computed(root)


def symbols(report):
    moves = (*report.sectors, *report.leaders, *report.laggards)
    return {m.symbol for m in moves}


def test_a_symbol_whose_data_stop_is_left_out_of_later_weeks(tmp_path):
    sample = without(tmp_path, lambda day: day <= "2025-11-28")
    assert {"XLK", "MSFT"} <= symbols(report_for(sample, "2025-11-28"))
    for slug in ("2025-12-05", "2025-12-12"):
        report = report_for(sample, slug)
        assert not {"XLK", "MSFT"} & symbols(report), slug
        assert report.breadth is None or report.breadth.stocks == 2  # AAPL and CFG


def test_a_missing_day_is_carried_over(tmp_path):
    """Wednesday 2025-12-10 missing: the week ending 12-12 still has both."""
    sample = without(tmp_path, lambda day: day != "2025-12-10")
    assert {"XLK", "MSFT"} <= symbols(report_for(sample, "2025-12-12"))


def test_the_stale_symbols_close_is_not_on_the_scoreboard(tmp_path):
    """RUT stops after 2025-11-28: no RUT row (at its old close) on the 12-12 scoreboard."""
    root = make_project(tmp_path)
    prices = root / "content/data/prices.csv"
    lines = prices.read_text(encoding="utf-8").splitlines()
    kept = [ln for ln in lines if not (ln[11:].startswith("RUT,") and ln[:10] > "2025-11-28")]
    prices.write_text("\n".join(kept) + "\n", encoding="utf-8")
    report = report_for(computed(root), "2025-12-12")
    assert "RUT" not in {q.symbol for q in report.scoreboard}
    assert report.spread is None


def test_a_longer_history_does_not_start_the_report_before_the_indices(tmp_path):
    """XLF with closes from 1998 (found by importing a real file): the report still starts
    with the first complete week of RUT and SPX, 2025-11-17 to 11-21."""
    root = make_project(tmp_path)
    prices = root / "content/data/prices.csv"
    header, *rows = prices.read_text(encoding="utf-8").splitlines()
    early = ["1998-12-21,XLF,20.12", "1998-12-22,XLF,20.31"]
    prices.write_text("\n".join([header, *early, *rows]) + "\n", encoding="utf-8")
    _, _, weeks, _ = computed(root)
    assert weeks[0].slug == "2025-11-21"
    assert run(root, "check").returncode == 0


# ─── data health: warnings on check and build, and what the page says ─────────────────────


def write_prices(root, keep=lambda line: True, change=None):
    prices = root / "content/data/prices.csv"
    lines = [ln for ln in prices.read_text(encoding="utf-8").splitlines() if keep(ln)]
    lines = [change(ln) if change else ln for ln in lines]
    prices.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


def test_a_symbol_whose_closes_stop_is_a_warning_at_its_last_line(tmp_path):
    root = make_project(tmp_path)
    lines = write_prices(root, keep=lambda ln: not (ln[11:15] == "XLK," and ln[:10] > "2025-11-28"))
    line = lines.index("2025-11-28,XLK,301.17") + 1
    done = run(root, "check")
    assert done.returncode == 0
    assert (
        f"content/data/prices.csv:{line}: XLK has no close after 2025-11-28 (10 sessions to "
        "2025-12-12); later weeks leave it out" in done.stderr
    )
    assert run(root, "check", "--strict").returncode == 1
    built = run(root, "build")
    assert built.returncode == 0, built.stderr
    page = (root / "site/weeks/2025-12-12/index.html").read_text(encoding="utf-8")
    assert "No closes this week for Technology Select Sector SPDR Fund" in page
    earlier = (root / "site/weeks/2025-11-28/index.html").read_text(encoding="utf-8")
    assert "No closes this week" not in earlier


def test_a_gap_of_missing_sessions_is_a_warning(tmp_path):
    """XLK without closes from Monday 12-01 to Friday 12-05: five sessions."""
    root = make_project(tmp_path)
    write_prices(
        root, keep=lambda ln: not (ln[11:15] == "XLK," and "2025-12-01" <= ln[:10] <= "2025-12-05")
    )
    done = run(root, "check")
    assert "XLK has no closes for 5 sessions after 2025-11-28" in done.stderr


def test_a_one_day_jump_is_a_warning_unless_the_limit_allows_it(tmp_path):
    """XLF closes 50.88 on 12-09; written as 101.76 on 12-10 it doubled (+100.0%)."""
    root = make_project(tmp_path)
    lines = write_prices(
        root, change=lambda ln: "2025-12-10,XLF,101.76" if ln == "2025-12-10,XLF,50.33" else ln
    )
    line = lines.index("2025-12-10,XLF,101.76") + 1
    done = run(root, "check")
    assert (
        f"content/data/prices.csv:{line}: XLF moved +100.0% in one session to 2025-12-10 "
        "(from 50.88 to 101.76): a split or a bad close?" in done.stderr
    )
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  marketweek:\n", "  marketweek:\n    max_daily_move: 1.5\n")
    )
    assert "moved" not in run(root, "check").stderr


def test_a_jump_between_extreme_closes_is_told_in_a_few_digits(tmp_path):
    """XLF at 0.0001 on 12-09, 50.33 on 12-10: a percentage would run to six digits and a
    level of two decimals would say 'from 0.00' (issue 16)."""
    root = make_project(tmp_path)
    write_prices(
        root, change=lambda ln: "2025-12-09,XLF,0.0001" if ln.startswith("2025-12-09,XLF,") else ln
    )
    done = run(root, "check")
    assert "XLF moved −100.0% in one session to 2025-12-09 (from 51.02 to 0.000100)" in done.stderr
    assert "XLF moved ×503,300 in one session to 2025-12-10 (from 0.000100 to 50.33)" in done.stderr


def test_check_all_lists_every_data_warning(tmp_path):
    """Past twelve of a kind, `check` sums the rest up and says how to see them all."""
    root = make_project(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  marketweek:\n", "  marketweek:\n    max_daily_move: 0.0001\n")
    )
    summed = run(root, "check").stderr
    more = [ln for ln in summed.splitlines() if "more jump warning(s) like these" in ln]
    assert len(more) == 1 and more[0].endswith("— marketweek check --all lists every one")
    hidden = int(more[0].split(": ")[2].split()[0])
    every = run(root, "check", "--all").stderr
    assert "like these" not in every
    jumps = [ln for ln in every.splitlines() if "in one session to" in ln]
    assert len(jumps) == 12 + hidden
