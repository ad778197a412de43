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


def test_a_memo_is_rewritten_only_when_more_than_a_few_entries_are_new_or_gone(tmp_path):
    """Adding one record to 1,900 rewrote the whole memo (18 MB); now the file is written
    when more than one entry in ``FEW_OF`` changed, and the few are worked out again."""
    path, entries = tmp_path / "memo.pickle", 100
    few = entries // kept.FEW_OF  # this many new or gone leave the file as it is
    first = kept.Memo(path, "test")
    for n in range(entries):
        first.get(f"k{n}", lambda n=n: n)
    first.save()
    written = path.read_bytes()
    kept.Memo.held.clear()  # as a new process
    memo = kept.Memo(path, "test")
    for n in range(entries + few):
        memo.get(f"k{n}", lambda n=n: n)
    memo.save()
    assert path.read_bytes() == written
    new = f"k{entries}"
    assert kept.Memo(path, "test").get(new, lambda: "made") == entries  # held in this process
    kept.Memo.held.clear()
    assert kept.Memo(path, "test").get(new, lambda: "made") == "made"  # not in the file
    memo = kept.Memo(path, "test")
    kept_now = entries - few - 1  # one more gone than a few
    for n in range(kept_now):
        memo.get(f"k{n}", lambda n=n: n)
    memo.save()
    kept.Memo.held.clear()
    assert kept.Memo(path, "test").kept == {f"k{n}": n for n in range(kept_now)}


def test_what_a_settled_block_reads_in_bulk_is_left_out_of_collections_until_it_ends():
    import gc

    assert gc.get_freeze_count() == 0
    with kept.bulk():
        outside = [[n] for n in range(1000)]
    assert gc.get_freeze_count() == 0  # outside a settled block: nothing frozen
    with kept.settled():
        before = gc.get_freeze_count()
        with kept.bulk():
            read = [[n] for n in range(1000)]
        assert gc.get_freeze_count() >= before + len(read)
        with kept.settled():  # a block inside another leaves the freezing to the outer
            pass
        assert gc.get_freeze_count() >= before + len(read)
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    assert len(outside) == len(read)
