"""What a preview holds in memory between regenerations (``generator/kept.py``): a result is
reused only for the very same inputs, and a changed input is worked out again."""

import os

from projects import make_project, site_url_from_env

from generator import kept
from generator.config import load_config
from generator.errors import Warnings


def counted(calls: list[tuple[object, ...]]):
    def make(*args: object) -> tuple[object, ...]:
        calls.append(args)
        return ("made", *args)

    return make


def test_same_inputs_reuses_the_last_result_for_the_very_same_objects_only():
    calls: list[tuple[object, ...]] = []
    held = kept.same_inputs(counted(calls))
    a, b = [1, 2], [1, 2]  # equal, not the same
    first = held(a, "text")
    assert held(a, "text") is first and len(calls) == 1
    assert held(a, "te" + "xt".lower()) is first  # the same text, another string object
    assert held(b, "text") == first and len(calls) == 2  # equal is not enough: made again
    assert held(a, "text") is not first and len(calls) == 3  # only the last call is held
    held(a, "other")
    held(a)
    assert len(calls) == 5


def test_by_object_makes_only_the_new_objects_in_order_and_forgets_the_rest():
    batches: list[list[object]] = []

    def make(items: list[object]) -> list[str]:
        batches.append(list(items))
        return [f"r{id(item)}" for item in items]

    held = kept.ByObject()
    context = object()
    a, b, c = ["a"], ["b"], ["c"]
    assert held.each([a, b], make, context) == [f"r{id(a)}", f"r{id(b)}"]
    assert held.each([c, a, b], make, context) == [f"r{id(c)}", f"r{id(a)}", f"r{id(b)}"]
    assert batches == [[a, b], [c]]
    held.each([b], make, context)  # a and c are not held after this call
    held.each([a, b], make, context)
    assert batches[-1] == [a]
    held.each([a, b], make, object())  # another context: everything made again
    assert batches[-1] == [a, b]
    assert held.each([], make, context) == [] and batches[-1] == [a, b]  # nothing to make


def test_a_folder_is_read_again_when_a_file_is_added_removed_or_written(tmp_path):
    calls: list[tuple[object, ...]] = []
    held = kept.ByFolder()
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.csv").write_text("1\n")
    make = counted(calls)
    first = held.get(folder, make)
    assert held.get(folder, make) is first and len(calls) == 1
    (folder / "b.csv").write_text("2\n")
    held.get(folder, make)
    (folder / "a.csv").write_text("11\n")
    held.get(folder, make)
    stamp = os.stat(folder / "b.csv").st_mtime_ns
    (folder / "b.csv").write_text("3\n")  # the same size: its time tells
    os.utime(folder / "b.csv", ns=(stamp + 1_000_000, stamp + 1_000_000))
    held.get(folder, make)
    (folder / "b.csv").unlink()
    held.get(folder, make)
    assert len(calls) == 5
    assert held.get(tmp_path / "none", make) == ("made",) and len(calls) == 6  # no folder


def test_the_same_settings_read_twice_are_equal_an_env_value_changed_is_not(tmp_path, monkeypatch):
    """A preview holds what it worked out from the settings while they are equal; a
    ``!ENV`` tag is equal while its variable gives the same value."""
    root = make_project(tmp_path)
    config_file = site_url_from_env(root)
    first = load_config(config_file, Warnings())
    assert load_config(config_file, Warnings()) == first
    monkeypatch.setenv("MARKETWEEK_SITE_URL", "http://127.0.0.1:8765/")
    assert load_config(config_file, Warnings()) != first
