"""The closes kept between builds are the closes the file holds: reused when it is
unchanged, extended by the rows appended to it, read whole after any other change."""

import shutil

import pandas as pd
import pytest
from projects import TINY

from generator.errors import DataError
from generator.load import data, prices_cache


@pytest.fixture
def prices(tmp_path):
    path = tmp_path / "content/data/prices.csv"
    path.parent.mkdir(parents=True)
    shutil.copy(TINY / "content/data/prices.csv", path)
    return path


def read_counting(monkeypatch) -> list[int]:
    """The byte lengths the plain reader is handed, in order."""
    sizes: list[int] = []
    real = prices_cache.closes

    def counting(content, cache, read, header):
        def measured(text):
            sizes.append(len(text))
            return read(text)

        return real(content, cache, measured, header)

    monkeypatch.setattr(prices_cache, "closes", counting)
    return sizes


def test_an_unchanged_file_is_not_read_again(prices, tmp_path, monkeypatch):
    cache = tmp_path / "cache/closes.pickle"
    first = data.load_prices(prices, cache)
    sizes = read_counting(monkeypatch)
    pd.testing.assert_frame_equal(data.load_prices(prices, cache), first)
    assert sizes == []
    pd.testing.assert_frame_equal(first, data.load_prices(prices))  # as read without a cache


def test_appended_rows_alone_are_read_and_added(prices, tmp_path, monkeypatch):
    cache = tmp_path / "cache/closes.pickle"
    data.load_prices(prices, cache)
    appended = "2025-12-15,RUT,2600.5\n2025-12-15,SPX,7001.25\n2025-12-15,NEWCO,12.5\n"
    prices.write_text(prices.read_text() + appended)
    sizes = read_counting(monkeypatch)
    closes = data.load_prices(prices, cache)
    assert sizes == [len("date,symbol,close\n" + appended)]
    pd.testing.assert_frame_equal(closes, data.load_prices(prices))
    assert closes.loc[pd.Timestamp("2025-12-15"), "NEWCO"] == 12.5
    assert pd.isna(closes.loc[pd.Timestamp("2025-12-12"), "NEWCO"])


def test_a_revised_close_reads_the_file_whole(prices, tmp_path, monkeypatch):
    cache = tmp_path / "cache/closes.pickle"
    data.load_prices(prices, cache)
    lines = prices.read_text().splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("2025-12-03,RUT,"))
    lines[row] = "2025-12-03,RUT,2500.01"
    prices.write_text("\n".join(lines) + "\n")
    sizes = read_counting(monkeypatch)
    closes = data.load_prices(prices, cache)
    assert sizes == [prices.stat().st_size]
    assert closes.loc[pd.Timestamp("2025-12-03"), "RUT"] == 2500.01


def test_an_appended_duplicate_is_reported_at_its_line(prices, tmp_path):
    cache = tmp_path / "cache/closes.pickle"
    data.load_prices(prices, cache)
    first = next(line for line in prices.read_text().splitlines() if ",RUT," in line)
    prices.write_text(prices.read_text() + first.rsplit(",", 1)[0] + ",1.0\n")
    line = len(prices.read_text().splitlines())
    with pytest.raises(DataError) as caught:
        data.load_prices(prices, cache)
    assert f"prices.csv:{line}: second close for RUT on {first[:10]}" in str(caught.value)


def test_rows_appended_for_earlier_days_are_joined_in_order(prices, tmp_path):
    """A symbol's history appended at the end of the file (days before the last one)."""
    cache = tmp_path / "cache/closes.pickle"
    data.load_prices(prices, cache)
    prices.write_text(prices.read_text() + "2025-11-17,OLDCO,5.5\n2025-11-18,OLDCO,5.75\n")
    closes = data.load_prices(prices, cache)
    pd.testing.assert_frame_equal(closes, data.load_prices(prices))
    assert closes.loc[pd.Timestamp("2025-11-18"), "OLDCO"] == 5.75


@pytest.mark.parametrize("day", ["0", "9" * 400], ids=["a number", "a number past int64"])
def test_a_date_read_as_a_number_is_refused_at_its_line(tmp_path, day):
    """The fast reader takes only text dates and symbols; a date of 400 nines (read as a
    Python int, found by the property test) once broke it with pandas' AttributeError."""
    path = tmp_path / "prices.csv"
    path.write_text(f"date,symbol,close\n{day},,inf\n", encoding="utf-8")
    assert data.plain_closes(path.read_bytes()) is None
    with pytest.raises(DataError) as raised:
        data.load_prices(path)
    assert str(raised.value).startswith(f"{path}:2: ")
