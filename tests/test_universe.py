"""The universe step (issue 18): import fills new rows from the shipped reference, `check`
says which rows are still at guessed defaults and what the pages lack because of it, and
`marketweek universe` lists, sets and removes."""

from pathlib import Path

from projects import make_project, project_config, run

from generator.errors import Warnings
from generator.load.importer import ImportOptions, import_files, summary
from generator.load.reference import our_symbol
from generator.load.universe import check_universe

DAYS = ("2025-12-15", "2025-12-16")


def bars(folder: Path, name: str, close: str = "100") -> Path:
    path = folder / name
    rows = "".join(f"{d},1,1,1,{close},{close},0\n" for d in DAYS)
    path.write_text("Date,Open,High,Low,Close,Adj Close,Volume\n" + rows)
    return path


def universe_tail(root: Path, n: int) -> list[str]:
    return (root / "content/data/universe.csv").read_text().splitlines()[-n:]


def test_yahoo_index_tickers_are_named_as_fetch_names_them():
    assert our_symbol("^GSPC") == "SPX"
    assert our_symbol("^RUT") == "RUT"
    assert our_symbol("^FOO") == "FOO"
    assert our_symbol("XLF") == "XLF"


ONLY_RUT = {"content/data/universe.csv": "symbol,name,kind,sector,size,groups\nRUT,R,index,,,\n"}


def test_import_infers_kind_name_and_sector_from_the_reference(tmp_path):
    root = make_project(tmp_path, ONLY_RUT)
    data = root / "content/data"
    paths = [bars(tmp_path, n) for n in ("^GSPC.csv", "XLE.csv", "^FOO.csv", "ZZZ.csv")]
    report = import_files(paths, data, ImportOptions())
    assert universe_tail(root, 4) == [
        "FOO,FOO,index,,,",
        "SPX,S&P 500,index,,,",
        "XLE,Energy Select Sector SPDR Fund,etf,Energy,,sector_etf",
        "ZZZ,ZZZ,stock,,,",
    ]
    lines = summary(report)
    assert (
        "universe.csv: added SPX (S&P 500, index), XLE (Energy Select Sector SPDR Fund, "
        "etf, Energy)" in lines
    )
    assert any(
        line.startswith("universe.csv: added FOO (index), ZZZ (stock) with guessed defaults")
        and "marketweek universe set FOO" in line
        for line in lines
    )


def test_symbol_option_names_an_index_of_the_reference(tmp_path):
    root = make_project(tmp_path, ONLY_RUT)
    source = bars(tmp_path, "SP500_NOV2019_HIST.csv")
    import_files([source], root / "content/data", ImportOptions(symbol="SPX"))
    assert universe_tail(root, 1) == ["SPX,S&P 500,index,,,"]


def test_check_warns_at_each_guessed_row_and_names_the_empty_sections(tmp_path):
    root = make_project(tmp_path)
    universe = root / "content/data/universe.csv"
    universe.write_text(
        "symbol,name,kind,sector,size,groups\nRUT,Russell 2000,index,,,\nZZZ,ZZZ,stock,,,\n"
    )
    warn = Warnings()
    check_universe(universe, "mag7", warn)
    assert warn.messages[0].endswith(
        "universe.csv:3: ZZZ is still at the defaults import guessed (stock, named after its "
        "ticker, no sector, size or groups), so pages call it 'ZZZ' — fill it in: marketweek "
        'universe set ZZZ --name "…" --kind index|etf|stock --sector "…" --size … --groups …'
    )
    assert "no sector ETFs" in warn.messages[1] and "no sector chart" in warn.messages[1]
    assert "group 'mag7'" in warn.messages[2] and "no basket" in warn.messages[2]
    assert len(warn) == 3


def test_a_filled_universe_says_nothing(tmp_path):
    root = make_project(tmp_path)
    warn = Warnings()
    check_universe(root / "content/data/universe.csv", "mag7", warn)
    assert warn.messages == []


def test_universe_command_lists_sets_and_removes(tmp_path):
    root = make_project(tmp_path)
    prices = root / "content/data/prices.csv"
    before = prices.read_text()
    with prices.open("a") as out:
        out.write("".join(f"{d},ZZZ,10.5\n" for d in DAYS))
    with (root / "content/data/universe.csv").open("a") as out:
        out.write("ZZZ,ZZZ,stock,,,\n")
    listed = run(root, "universe")
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if line.startswith("ZZZ"))
    assert "2  2025-12-15 → 2025-12-16" in row and row.endswith("missing name, sector, size")
    assert "1 at the defaults import guessed" in listed.stdout

    done = run(root, "universe", "set", "ZZZ", "--name", "Zed Corp", "--sector", "Financials",
               "--size", "small")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "ZZZ set: name 'Zed Corp', sector 'Financials', size 'small'" in done.stdout
    assert universe_tail(root, 1) == ["ZZZ,Zed Corp,stock,Financials,small,"]

    bad = run(root, "universe", "set", "ZZZ", "--kind", "bond")
    assert bad.returncode == 1
    assert bad.stderr.strip().endswith(
        "universe.csv: kind 'bond' is not known — use one of index, etf, stock"
    )
    bad = run(root, "universe", "set", "ZZZ", "--size", "huge")
    assert "size 'huge' is not known — use one of mega, large, mid, small, micro" in bad.stderr

    gone = run(root, "universe", "remove", "ZZZ")
    assert gone.returncode == 0, gone.stderr
    assert gone.stdout.startswith("removed ZZZ: its row (line ")
    assert "2 closes from prices.csv" in gone.stdout
    assert prices.read_text() == before
    assert "ZZZ" not in (root / "content/data/universe.csv").read_text()


def test_a_symbol_a_setting_names_is_not_removed(tmp_path):
    root = make_project(tmp_path)
    prices = (root / "content/data/prices.csv").read_text()
    small = project_config(root).small_caps
    done = run(root, "universe", "remove", small)
    assert done.returncode == 1
    assert f"{small} is the small_caps setting in mkdocs.yml — set small_caps to another" in (
        done.stderr
    )
    assert (root / "content/data/prices.csv").read_text() == prices
