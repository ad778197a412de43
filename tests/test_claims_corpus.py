"""The fact check measured on a corpus of recap sentences labelled by hand.

Each sentence of ``tests/fixtures/claims/corpus.yaml`` is checked as the body of a commentary
file on the tiny fixture's data. A warning on a sentence labelled ``false`` is a hit; one on a
``true`` or ``unclear`` sentence is a false alarm. Precision matters more than recall.
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
CORPUS = HERE / "fixtures" / "claims" / "corpus.yaml"
TINY_DATA = HERE / "fixtures" / "tiny" / "content" / "data"
WEEK = date(2025, 12, 12)


@pytest.fixture(scope="module")
def tiny() -> MarketData:
    return load_data(TINY_DATA)


def corpus() -> list[dict[str, object]]:
    entries: list[dict[str, object]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return entries


def warnings_for(entry: dict[str, object], data: MarketData) -> list[str]:
    week = entry.get("week", WEEK)
    assert isinstance(week, date)
    item = Commentary(Path("c.md"), week, "", (), "", (), False, str(entry["text"]), 1)
    return check_commentary(item, data)


def test_the_corpus_is_big_enough_and_labelled():
    entries = corpus()
    labels = [e["label"] for e in entries]
    assert len(entries) >= 60
    assert set(labels) == {True, False, "unclear"}
    assert all(e.get("why") for e in entries)
    assert len({(e["text"], e.get("week")) for e in entries}) == len(entries)


def test_precision_and_recall(tiny):
    hits, alarms, misses = [], [], []
    entries = corpus()
    for entry in entries:
        warned = bool(warnings_for(entry, tiny))
        if entry["label"] is False:
            (hits if warned else misses).append(entry["text"])
        elif warned:
            alarms.append(entry["text"])
    precision = len(hits) / max(1, len(hits) + len(alarms))
    recall = len(hits) / max(1, len(hits) + len(misses))
    print(
        f"\nfact-check corpus: {len(entries)} sentences, {len(hits) + len(misses)} false; "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    for text in alarms:
        print(f"  false alarm: {text}")
    for text in misses:
        print(f"  missed: {text}")
    assert precision >= 0.95 and recall >= 0.80


def test_a_warning_quotes_the_claim_and_says_what_the_data_say(tiny):
    (warning,) = warnings_for({"text": "Intro.\nThe Russell 2000 fell 1% this week."}, tiny)
    assert warning == (
        'c.md:2: "The Russell 2000 fell 1% this week" — the data say Russell 2000 fell 0.05% '
        "this week (2,218.09 on 2025-12-05 → 2,217.00 on 2025-12-12); "
        'write {{ change("RUT") }} to let the data speak'
    )
