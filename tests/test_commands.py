"""`marketweek check`, `new` and `serve`, as an author uses them."""

import json
import socket
import subprocess
import sys
import time
import urllib.request

from projects import append_a_week, make_project, run, snapshot

WRONG_DATE = "---\ntitle: T\n---\n\nThe record close of 2,304.36 on November 20 stands.\n"


def test_check_reports_a_typed_number_at_its_line_and_builds_nothing(tmp_path):
    root = make_project(tmp_path, {"content/weeks/2025-12-12.md": WRONG_DATE})
    done = run(root, "check")
    assert done.returncode == 0
    assert (
        "warning: content/weeks/2025-12-12.md:5: 2,304.36 was the RUT close on 2025-11-21, "
        "not on 2025-11-20"
    ) in done.stderr
    assert "1 warning(s)" in done.stdout
    assert not (root / "site").exists()
    assert run(root, "check", "--strict").returncode == 1


def test_new_scaffolds_a_draft_and_never_overwrites(tmp_path):
    root = make_project(tmp_path)
    (root / "content/weeks/2025-12-12.md").unlink()
    done = run(root, "new")
    assert done.returncode == 0, done.stderr
    text = (root / "content/weeks/2025-12-12.md").read_text()
    assert "draft: true" in text and '{{ close("RUT") }}' in text
    assert "- On the week, the Russell 2000" in text
    before = snapshot(root / "content")
    again = run(root, "new")
    assert again.returncode == 1
    assert again.stderr.strip() == (
        "error: content/weeks/2025-12-12.md: this week's commentary already exists — "
        "edit it; marketweek never overwrites an author's file"
    )
    assert snapshot(root / "content") == before
    assert run(root, "build").returncode == 0  # a draft builds as a data-only page


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


SERVE_FIRST_TWO = (
    "import sys; from generator.publish import serve; serve.FIRST_WEEKS = 2; "
    "from generator.cli import main; sys.argv = ['marketweek', *sys.argv[1:]]; main()"
)


def start_serve(root, port, command=("-m", "generator")):
    """``marketweek serve`` as a user starts it; returns once the first page answers."""
    server = subprocess.Popen(
        [sys.executable, *command, "serve", "--port", str(port)],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            fetch(f"http://127.0.0.1:{port}/")
            return server
        except OSError:
            assert server.poll() is None, server.stdout.read()
            time.sleep(0.2)
    server.kill()
    raise AssertionError("serve did not answer within 60 s")


def stop(server):
    server.terminate()
    try:
        return server.communicate(timeout=10)[0]
    except subprocess.TimeoutExpired:
        server.kill()
        return server.communicate()[0]


def test_serve_regenerates_an_edited_week_and_shows_errors_in_the_page(tmp_path):
    root = make_project(tmp_path)
    port = free_port()
    server = start_serve(root, port)
    url = f"http://127.0.0.1:{port}/weeks/2025-12-12/"
    try:
        assert "A tiny week" in fetch(url)
        page = root / "content/weeks/2025-12-12.md"
        page.write_text(page.read_text().replace("A tiny week", "An edited week"))
        deadline = time.monotonic() + 30
        while "An edited week" not in fetch(url) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "An edited week" in fetch(url)
        page.write_text(page.read_text() + '\n{{ close("RTU") }}\n')
        while "out of date" not in fetch(url) and time.monotonic() < deadline:
            time.sleep(0.2)
        shown = fetch(url)
        assert "This page is out of date." in shown
        assert "unknown symbol &#x27;RTU&#x27;" in shown
        assert "An edited week" in shown  # the last good page stays under the error
    finally:
        said = stop(server)
    assert "changed: 2025-12-12.md" in said
    assert "error: content/weeks/2025-12-12.md:" in said
    assert not (root / "site").exists()  # the preview never writes site/


def test_serve_serves_the_charts_files_and_an_appended_weeks(tmp_path):
    """The charts' specs and data are not MkDocs' to copy: the preview publishes them beside
    its pages, a new week's too."""
    root = make_project(tmp_path)
    port = free_port()
    server = start_serve(root, port)
    week = f"http://127.0.0.1:{port}/weeks/2025-12-12/"
    try:
        assert json.loads(fetch(week + "rotation.json"))["$schema"].startswith("https://vega")
        assert fetch(week + "scoreboard.csv").startswith("symbol,name,close,")
        append_a_week(root)
        new = f"http://127.0.0.1:{port}/weeks/2025-12-19/"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                scoreboard = fetch(new + "scoreboard.csv")
                break
            except OSError:
                time.sleep(0.2)
        assert scoreboard.startswith("symbol,name,close,")
        assert "data" in json.loads(fetch(new + "performance.json"))
    finally:
        said = stop(server)
    assert "error" not in said


def test_serve_answers_with_the_newest_weeks_first_and_fills_in_the_rest(tmp_path):
    """With two weeks first, the tiny project's 12-05 and 12-12 are served, then all four;
    the commentary of a week not among the first two is no error, only served later."""
    root = make_project(tmp_path)
    (root / "content/weeks/2025-11-21.md").write_text("An older week's words.\n")
    port = free_port()
    server = start_serve(root, port, ("-c", SERVE_FIRST_TWO))
    oldest = f"http://127.0.0.1:{port}/weeks/2025-11-21/"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                page = fetch(oldest)
                break
            except OSError:
                time.sleep(0.2)
        assert 'href="../2025-11-28/"' in page  # the oldest week, linked to the next
        assert "An older week&rsquo;s words." in page or "An older week's words." in page
        assert "A tiny week" in fetch(f"http://127.0.0.1:{port}/weeks/2025-12-12/")
    finally:
        said = stop(server)
    assert "error" not in said
    first, last = said.index("of 2 weeks in"), said.index("of 4 weeks in")
    assert first < said.index("serving") < last < said.index("every week is in the preview now")
    assert "generating the other weeks behind the first pages" in said
    # MkDocs never built a half-staged tree, and says nothing of its own dirty builds
    assert "Traceback" not in said and "not found among documentation files" not in said
    assert "'dirty' build" not in said


def test_an_edit_regenerates_its_week_alone_and_repeats_no_warning(tmp_path):
    """Each regeneration reads the data again; their warnings are said once, then counted."""
    root = make_project(tmp_path)
    (root / "content/weeks/2025-11-28.MD").write_text("Misnamed.\n")  # warned on every read
    port = free_port()
    server = start_serve(root, port)
    url = f"http://127.0.0.1:{port}/weeks/2025-12-12/"
    try:
        page = root / "content/weeks/2025-12-12.md"
        for word in ("first", "second"):
            page.write_text(page.read_text() + f"\nThe {word} edit.\n")
            deadline = time.monotonic() + 30
            while f"The {word} edit." not in fetch(url) and time.monotonic() < deadline:
                time.sleep(0.2)
            assert f"The {word} edit." in fetch(url)
            time.sleep(0.5)  # the regeneration's own lines are said after MkDocs's build
    finally:
        said = stop(server)
    assert said.count("2025-11-28.MD: not read") == 1, said
    assert said.count("1 warning(s) as before (said above, not repeated)") >= 3, said
    assert said.count("regenerated 1 of 4 weeks") == 2, said  # the edited week alone


def test_a_broken_edit_does_not_make_the_warnings_after_it_new(tmp_path):
    """A revised close is warned after the weeks are regenerated; an edit that fails before
    then, and its fix, say that warning no more."""
    root = make_project(tmp_path)
    assert run(root, "build").returncode == 0  # the weeks are recorded as published
    prices = root / "content/data/prices.csv"
    prices.write_text(
        prices.read_text().replace("\n2025-12-12,RUT,2217.00\n", "\n2025-12-12,RUT,2217.50\n")
    )
    port = free_port()
    server = start_serve(root, port)
    url = f"http://127.0.0.1:{port}/weeks/2025-12-12/"
    try:
        page = root / "content/weeks/2025-12-12.md"
        good = page.read_text()
        for text, broken in ((good + '\n{{ close("RTU") }}\n', True), (good, False)):
            time.sleep(1.0)  # the fill-in's regeneration is done
            page.write_text(text)
            deadline = time.monotonic() + 30
            while ("out of date" in fetch(url)) != broken and time.monotonic() < deadline:
                time.sleep(0.2)
            # the good text again: the very page staged before, now without the error banner
            assert ("This page is out of date." in fetch(url)) == broken
            assert "A tiny week" in fetch(url)
        time.sleep(1.0)
    finally:
        said = stop(server)
    assert "error: content/weeks/2025-12-12.md:" in said
    assert said.count("close of 2025-12-12 is 2,217.50, not 2,217.00") == 1, said


def test_an_open_page_reloads_by_itself_after_an_edit(tmp_path, browser):
    root = make_project(tmp_path)
    port = free_port()
    server = start_serve(root, port)
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/weeks/2025-12-12/")
        assert "A tiny week" in page.content()
        source = root / "content/weeks/2025-12-12.md"
        source.write_text(source.read_text().replace("A tiny week", "A week that reloaded"))
        # No goto or reload here: the live-reload script must bring the edit in by itself.
        page.get_by_text("A week that reloaded").first.wait_for(timeout=30_000)
        page.close()
    finally:
        stop(server)


def test_the_preview_settles_its_memory_once_every_week_is_in(tmp_path):
    """Once every week is held (not for the first pages alone), the held objects are moved
    out of the cycle collector's full passes (``gc.freeze``)."""
    import gc

    from generator.build import generate
    from generator.config import load_config
    from generator.publish.serve import Pipeline, Preview

    root = make_project(tmp_path)
    preview = Preview(root / "mkdocs.yml", lambda _: None, Pipeline(load_config, generate))
    assert gc.get_freeze_count() == 0
    try:
        assert preview.regenerate(newest=2)
        assert gc.get_freeze_count() == 0
        assert preview.regenerate()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
