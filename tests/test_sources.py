"""Source lines name where the numbers come from: providers (content/data/sources.csv), the
targets' own notes, and the file."""

from datetime import date
from pathlib import Path

import pytest
from projects import make_project

from generator.errors import DataError
from generator.facts import provenance
from generator.load import data as data_files
from generator.model import Target, TargetGap

SOURCES = "series,provider\nprices,Example Data Co.\nRUT,FTSE Russell\nSPX,S&P Dow Jones Indices\n"


def providers(tmp_path: Path, text: str | None) -> dict[str, str]:
    files = {"content/data/sources.csv": text} if text is not None else {}
    folder = make_project(tmp_path, files) / "content" / "data"
    return data_files.load_providers(folder, data_files.load_universe(folder / "universe.csv"))


def test_no_sources_file_names_no_providers(tmp_path):
    assert providers(tmp_path, None) == {}


def test_the_sources_file_names_a_provider_per_series(tmp_path):
    assert providers(tmp_path, SOURCES) == {
        "prices": "Example Data Co.",
        "RUT": "FTSE Russell",
        "SPX": "S&P Dow Jones Indices",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "series,provider\nRTU,FTSE Russell\n",
            "sources.csv:2: series 'RTU' is neither a data file nor a symbol — use prices, "
            "universe, targets, events, fed_funds, rates or a symbol of universe.csv (did you mean "
            "'RUT'?)",
        ),
        (
            "series,provider\nRUT,FTSE Russell\nRUT,Other\n",
            "sources.csv:3: second row for RUT — give each series one row naming its provider",
        ),
        (
            "series,provider\nRUT,\n",
            "sources.csv:2: no provider — give each series one row naming its provider",
        ),
        ("series\nRUT\n", "sources.csv:1: missing column(s) provider"),
    ],
)
def test_a_bad_sources_file_is_an_error_at_its_line(tmp_path, text, message):
    with pytest.raises(DataError) as caught:
        providers(tmp_path, text)
    assert message in str(caught.value)


def test_source_names_name_providers_else_the_file():
    files = {"prices": "content/data/prices.csv", "events": "content/data/events.csv"}
    named = provenance.source_names(
        files, {"RUT": "FTSE Russell", "SPX": "S&P DJI"}, ["RUT", "SPX"]
    )
    assert named == {
        "prices": "FTSE Russell, S&P DJI",
        "events": "content/data/events.csv",  # no provider named: the file alone
    }
    own = provenance.source_names(files, {"prices": "Example Data Co.", "RUT": "FTSE"}, ["RUT"])
    assert own["prices"] == "Example Data Co."  # the file's own row first


def test_target_notes_are_said_once_each(sample):
    """The sample's three targets: two share a note, one has its own (the page's data note,
    not each source line, says the sample is illustrative)."""
    _, data, _, _ = sample
    gaps = [TargetGap(t, 6800.0, t.target / 6800 - 1) for t in data.targets]
    gaps.sort(key=lambda g: g.target.target)
    assert provenance.target_sources(gaps) == (
        "Goldman Sachs and Morgan Stanley: reported in late-2025 press coverage; "
        "Street bull case: quoted in late-2025 commentary, attribution differs between "
        "sources"
    )


def test_one_target_note_stands_alone():
    target = Target("Firm", "SPX", None, "base", 7600.0, None, "a note; another")
    gap = TargetGap(target, 7000.0, 7600 / 7000 - 1)
    assert provenance.target_sources([gap]) == "a note, another"


def test_a_prior_record_is_read_with_its_date(tmp_path):
    text = "series,provider,prior_high,prior_high_date\nRUT,FTSE Russell,2442.74,2021-11-08\n"
    folder = make_project(tmp_path, {"content/data/sources.csv": text}) / "content" / "data"
    universe = data_files.load_universe(folder / "universe.csv")
    assert data_files.load_prior_highs(folder, universe) == {"RUT": (2442.74, date(2021, 11, 8))}


def test_a_prior_record_needs_its_date(tmp_path):
    text = "series,provider,prior_high,prior_high_date\nRUT,FTSE Russell,2442.74,\n"
    folder = make_project(tmp_path, {"content/data/sources.csv": text}) / "content" / "data"
    universe = data_files.load_universe(folder / "universe.csv")
    with pytest.raises(DataError) as caught:
        data_files.load_prior_highs(folder, universe)
    assert "sources.csv:2: prior_high and prior_high_date go together — give both or neither" in (
        str(caught.value)
    )


def test_a_full_history_is_read_and_a_bad_value_refused(tmp_path):
    """``history: full`` says a symbol's data begin at the series' own first close (its
    highest close in the data is then its record); any other value is an error at its line."""
    text = "series,provider,history\nMSFT,Nasdaq listing,full\nAAPL,Nasdaq listing,\n"
    folder = make_project(tmp_path, {"content/data/sources.csv": text}) / "content" / "data"
    universe = data_files.load_universe(folder / "universe.csv")
    assert data_files.load_full_history(folder, universe) == frozenset({"MSFT"})
    (folder / "sources.csv").write_text("series,provider,history\nMSFT,Nasdaq,complete\n")
    with pytest.raises(DataError) as caught:
        data_files.load_full_history(folder, universe)
    assert str(caught.value).endswith(
        "sources.csv:2: history 'complete' is not a history this column knows — write full "
        "(the data begin at the series' first close) or leave it empty"
    )
