"""`marketweek fetch`: what it asks each source for, and the answers brought in through
`import`'s checks. The network is never touched: `fetch.download`, the one function that
talks to Yahoo Finance and FRED, is replaced by recorded answers from tests/fixtures/fetch/
(written by hand in the sources' shapes); everything after it runs for real."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from projects import REPO, make_project, snapshot

from generator.cli import main
from generator.load import fetch
from generator.load.fetch import FetchOptions, Request, plan

RECORDED = REPO / "tests" / "fixtures" / "fetch"
SATURDAY = date(2025, 12, 20)  # the tiny project's closes end on Friday 2025-12-12
FRED = (
    "https://fred.stlouisfed.org/graph/fredgraph.csv?id=DFEDTARL,DFEDTARU"
    "&cosd={since}&coed=2025-12-19"
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    monkeypatch.chdir(root)
    monkeypatch.setattr(fetch, "exchange_today", lambda code: SATURDAY)
    return root


def answer(monkeypatch, **files: str) -> list[Request]:
    """Serve ``files`` (request name → recorded file) in place of the network; the requests
    made are returned as they come."""
    asked: list[Request] = []

    def recorded(request: Request) -> str:
        asked.append(request)
        name = "fed" if request.source == "fred" else request.name
        return (RECORDED / files[name]).read_text(encoding="utf-8")

    monkeypatch.setattr(fetch, "download", recorded)
    return asked


def invoke(*args: str):
    return CliRunner().invoke(main, ["fetch", *args])


def rows(path: Path, symbol: str) -> list[str]:
    return [line for line in path.read_text().splitlines() if f",{symbol}," in line]


# ─── what is asked for ──────────────────────────────────────────────────────────────────────


def test_every_universe_symbol_from_the_day_after_its_last_close(project):
    requests, current = plan(project / "content/data", FetchOptions(today=SATURDAY))
    yahoo = [(r.name, r.ticker, r.since, r.until) for r in requests if r.source == "yahoo"]
    week = (date(2025, 12, 13), date(2025, 12, 19))
    assert yahoo == [
        ("AAPL", "AAPL", *week),
        ("CFG", "CFG", *week),
        ("IXIC", "^IXIC", *week),
        ("MSFT", "MSFT", *week),
        ("RUT", "^RUT", *week),
        ("SPX", "^GSPC", *week),
        ("XLF", "XLF", *week),
        ("XLK", "XLK", *week),
    ]
    # The fed funds range from its last change (2025-12-11 in fed_funds.csv) on.
    assert requests[-1] == Request(
        "fred",
        "DFEDTARL,DFEDTARU",
        FRED.format(since="2025-12-11"),
        date(2025, 12, 11),
        date(2025, 12, 19),
    )
    assert (len(requests), current) == (9, ())


def test_nothing_is_asked_for_a_symbol_already_up_to_date(project):
    # Monday 2025-12-15: the last wanted day is Sunday; no session since Friday's close.
    options = FetchOptions(today=date(2025, 12, 15), symbols=("RUT", "SPX"), fed=False)
    assert plan(project / "content/data", options) == ([], ("RUT", "SPX"))


def test_since_and_symbols_and_no_fed(project):
    options = FetchOptions(today=SATURDAY, since=date(2025, 12, 1), symbols=("XLF",), fed=False)
    requests, _ = plan(project / "content/data", options)
    assert requests == [Request("yahoo", "XLF", "XLF", date(2025, 12, 1), date(2025, 12, 19))]


# ─── answers brought in through the importer ────────────────────────────────────────────────


def test_fetched_closes_and_range_are_imported(project, monkeypatch):
    asked = answer(monkeypatch, RUT="RUT.csv", SPX="SPX.csv", fed="fred_fed_funds.csv")
    fed_before = (project / "content/data/fed_funds.csv").read_bytes()
    done = invoke("--symbols", "RUT,SPX")
    assert done.exit_code == 0, done.output
    assert [(r.ticker, r.since) for r in asked] == [
        ("^RUT", date(2025, 12, 13)),
        ("^GSPC", date(2025, 12, 13)),
        (FRED.format(since="2025-12-11"), date(2025, 12, 11)),
    ]
    prices = project / "content/data/prices.csv"
    # The raw Close of each recorded answer, float32 noise written short, dated New York.
    assert rows(prices, "RUT")[-6:] == [
        "2025-12-12,RUT,2217.00",
        "2025-12-15,RUT,2219.31",
        "2025-12-16,RUT,2207.65",
        "2025-12-17,RUT,2184.14",
        "2025-12-18,RUT,2199.43",
        "2025-12-19,RUT,2210.56",
    ]
    assert rows(prices, "SPX")[-2:] == ["2025-12-18,SPX,6774.77", "2025-12-19,SPX,6834.52"]
    assert len(rows(prices, "XLF")) == 19  # not asked for: untouched
    # The range has not changed since 2025-12-11, which the file already says.
    assert (project / "content/data/fed_funds.csv").read_bytes() == fed_before
    assert "prices.csv: RUT 5 added, 0 replaced, 0 already there (2025-12-15 → 2025-12-19)" in (
        done.output
    )
    assert "fed_funds.csv: changes of the range 0 added, 0 replaced, 1 already there" in (
        done.output
    )


def test_a_change_of_the_range_is_added(project, monkeypatch):
    (project / "content/data/fed_funds.csv").write_text("date,lower,upper\n2025-10-30,3.75,4.00\n")
    asked = answer(monkeypatch, RUT="RUT.csv", fed="fred_fed_funds.csv")
    done = invoke("--symbols", "RUT")
    assert done.exit_code == 0, done.output
    assert asked[-1].since == date(2025, 10, 30)
    assert (project / "content/data/fed_funds.csv").read_text() == (
        "date,lower,upper\n2025-10-30,3.75,4.00\n2025-12-11,3.50,3.75\n"
    )


def test_a_bad_row_is_refused_like_an_import_and_nothing_is_written(project, monkeypatch):
    answer(monkeypatch, RUT="RUT_zero_close.csv", SPX="SPX.csv", fed="fred_fed_funds.csv")
    (project / "content/data/fed_funds.csv").write_text("date,lower,upper\n2025-10-30,3.75,4.00\n")
    before = snapshot(project / "content")
    done = invoke("--symbols", "SPX,RUT")
    assert done.exit_code == 1
    # The answer is kept where the error points: line 4 is the 0.0 close.
    assert done.output == (
        "error: .marketweek/cache/fetched/RUT.csv:4: RUT: close 0.0 is not positive — prices "
        "must be above zero; fix or delete the row (a rate or spread, not a price? pass "
        "--rates RUT)\n"
    )
    assert (
        (project / ".marketweek/cache/fetched/RUT.csv")
        .read_text()
        .splitlines()[3]
        .startswith("2025-12-17 00:00:00-05:00,")
    )
    assert snapshot(project / "content") == before  # SPX and the range change not merged either


def test_an_answer_without_rows_adds_nothing(project, monkeypatch):
    answer(monkeypatch, RUT="RUT_empty.csv")
    before = snapshot(project / "content")
    done = invoke("--symbols", "RUT", "--no-fed")
    assert (done.exit_code, done.output) == (0, "no new values came back for: RUT\n")
    assert snapshot(project / "content") == before


def test_without_the_extra_the_command_says_how_to_install_it(project, monkeypatch):
    monkeypatch.setitem(sys.modules, "yfinance", None)  # `import yfinance` raises ImportError

    def offline(*args, **kwargs):
        raise AssertionError("the network was touched")

    monkeypatch.setattr(fetch.urllib.request, "urlopen", offline)
    before = snapshot(project / "content")
    done = invoke("--symbols", "RUT")
    assert (done.exit_code, done.output) == (
        1,
        "error: marketweek fetch: needs yfinance, which is not installed — install the fetch "
        "extra: pip install 'marketweek[fetch]'\n",
    )
    assert snapshot(project / "content") == before


def test_help_explains_the_options():
    done = CliRunner().invoke(main, ["fetch", "--help"])
    assert done.exit_code == 0
    text = " ".join(done.output.split())
    for said in ("--since", "--symbols", "--no-fed", "pip install 'marketweek[fetch]'", "^GSPC"):
        assert said in text


# ─── inside the boundary: what yfinance and FRED are asked (both faked, still no network) ───


class FakeFrame:
    def to_csv(self) -> str:
        return "Date,Close\n"


def test_download_asks_yfinance_for_raw_daily_closes_up_to_the_last_wanted_day(monkeypatch):
    calls = []

    class Ticker:
        def __init__(self, ticker):
            self.ticker = ticker

        def history(self, **kwargs):
            calls.append((self.ticker, kwargs))
            return FakeFrame()

    fake = type(sys)("yfinance")
    fake.Ticker = Ticker
    monkeypatch.setitem(sys.modules, "yfinance", fake)
    request = Request("yahoo", "RUT", "^RUT", date(2025, 12, 13), date(2025, 12, 19))
    assert fetch.download(request) == "Date,Close\n"
    assert calls == [
        (
            "^RUT",
            {
                "start": "2025-12-13",
                "end": "2025-12-20",  # yfinance's end is exclusive
                "interval": "1d",
                "auto_adjust": False,
                "actions": False,
            },
        )
    ]


def test_no_answer_from_fred_is_one_error_line(project, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OSError("Network is unreachable")

    monkeypatch.setattr(fetch.urllib.request, "urlopen", unreachable)
    monkeypatch.setitem(sys.modules, "yfinance", None)
    # Monday: no session since Friday's close to ask Yahoo for, but the range is asked for.
    monkeypatch.setattr(fetch, "exchange_today", lambda code: date(2025, 12, 15))
    before = snapshot(project / "content")
    done = invoke("--symbols", "XLF")
    assert (done.exit_code, done.output) == (
        1,
        "error: FRED DFEDTARL,DFEDTARU: no answer for DFEDTARL,DFEDTARU (OSError: Network is "
        "unreachable) — check the network connection and the symbol, then run marketweek "
        "fetch again\n",
    )
    assert snapshot(project / "content") == before


# ─── the publishing workflow can fetch before the build, off by default ─────────────────────


def test_the_workflow_fetches_before_the_build_only_when_asked():
    workflow = yaml.safe_load((REPO / ".github/workflows/publish.yml").read_text())
    on = workflow[True]  # YAML 1.1 reads the bare key `on` as True
    assert on["workflow_dispatch"]["inputs"]["fetch"] | {"description": ""} == {
        "description": "",
        "type": "boolean",
        "default": False,
    }
    steps = workflow["jobs"]["build"]["steps"]
    [(at, step)] = [(i, s) for i, s in enumerate(steps) if "marketweek fetch" in s.get("run", "")]
    [build_at] = [i for i, s in enumerate(steps) if "marketweek build" in s.get("run", "")]
    assert at < build_at
    assert step["run"] == "pip install '.[fetch]' && marketweek fetch"
    # By hand: the input; on the schedule: a repository variable, unset (off) unless set.
    assert step["if"] == (
        "inputs.fetch || (github.event_name == 'schedule' && vars.MARKETWEEK_FETCH == 'true')"
    )
