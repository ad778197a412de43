"""The fact check measured on corpora of recap sentences labelled by hand.

Each sentence of ``tests/fixtures/claims/corpus.yaml`` is checked as the body of a commentary
file on the tiny fixture's data, each of ``recaps.yaml`` (records, thresholds, runs, rate
moves, comparisons, "best week since", year to date, dates written first) on the real closes
of ``tests/fixtures/claims/recaps``. A warning on a sentence labelled ``false`` is a hit; one on
a ``true`` or ``unclear`` sentence is a false alarm. Precision matters more than recall.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.facts.factcheck import check_commentary
from generator.load.data import load_data
from generator.model import Commentary, MarketData

HERE = Path(__file__).parent
CLAIMS = HERE / "fixtures" / "claims"
CORPUS = CLAIMS / "corpus.yaml"
RECAPS = CLAIMS / "recaps.yaml"
TINY_DATA = HERE / "fixtures" / "tiny" / "content" / "data"
RECAPS_DATA = CLAIMS / "recaps"
WEEK = date(2025, 12, 12)


@pytest.fixture(scope="module")
def tiny() -> MarketData:
    return load_data(TINY_DATA)


@pytest.fixture(scope="module")
def recaps_data() -> MarketData:
    return load_data(RECAPS_DATA)


def corpus(path: Path = CORPUS) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return entries


def warnings_for(entry: dict[str, object], data: MarketData) -> list[str]:
    week = entry.get("week", WEEK)
    assert isinstance(week, date)
    item = Commentary(Path("c.md"), week, "", (), "", (), False, str(entry["text"]), 1)
    return check_commentary(item, data)


@pytest.mark.parametrize(("path", "least"), [(CORPUS, 60), (RECAPS, 120)])
def test_the_corpus_is_big_enough_and_labelled(path, least):
    entries = corpus(path)
    labels = [e["label"] for e in entries]
    assert len(entries) >= least
    assert set(labels) == {True, False, "unclear"}
    assert all(e.get("why") for e in entries)
    assert len({(e["text"], e.get("week")) for e in entries}) == len(entries)


def test_the_recaps_corpus_is_about_half_false():
    labels = [e["label"] for e in corpus(RECAPS)]
    assert 0.4 <= labels.count(False) / len(labels) <= 0.6


def measure(name: str, entries: list[dict[str, object]], data: MarketData) -> list[int]:
    """Print the figures of one corpus; (hits, false alarms, misses)."""
    hits, alarms, misses = [], [], []
    for entry in entries:
        warned = bool(warnings_for(entry, data))
        if entry["label"] is False:
            (hits if warned else misses).append(entry["text"])
        elif warned:
            alarms.append(entry["text"])
    print_figures(name, len(entries), len(hits), len(alarms), len(misses))
    for text in alarms:
        print(f"  false alarm: {text}")
    for text in misses:
        print(f"  missed: {text}")
    return [len(hits), len(alarms), len(misses)]


def print_figures(name: str, sentences: int, hits: int, alarms: int, misses: int) -> None:
    precision, recall = hits / max(1, hits + alarms), hits / max(1, hits + misses)
    print(
        f"\nfact-check {name}: {sentences} sentences, {hits + misses} false; "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    assert precision >= 0.97 and recall >= 0.90, name


def test_precision_and_recall(tiny, recaps_data):
    plain, recaps = corpus(), corpus(RECAPS)
    first, second = measure("corpus", plain, tiny), measure("recaps", recaps, recaps_data)
    both = [a + b for a, b in zip(first, second, strict=True)]
    print_figures("both", len(plain) + len(recaps), *both)


def test_a_warning_quotes_the_claim_and_says_what_the_data_say(tiny):
    (warning,) = warnings_for({"text": "Intro.\nThe Russell 2000 fell 1% this week."}, tiny)
    assert warning == (
        'c.md:2: "The Russell 2000 fell 1% this week" — the data say Russell 2000 fell 0.05% '
        "this week (2,218.09 on 2025-12-05 → 2,217.00 on 2025-12-12); "
        'write {{ change("RUT") }} to let the data speak'
    )
