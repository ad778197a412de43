"""`marketweek check`, `new` and `serve`, as an author uses them."""

import socket
import threading
import time
import urllib.request

from projects import make_project, run, snapshot

from generator.publish.serve import serve

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


def test_serve_rebuilds_when_commentary_changes(tmp_path, monkeypatch):
    root = make_project(tmp_path)
    monkeypatch.chdir(root)
    port, said = free_port(), []
    thread = threading.Thread(
        target=serve,
        args=(root / "mkdocs.yml", port, said.append),
        kwargs={"poll": 0.2, "rounds": 150},
        daemon=True,
    )
    thread.start()
    url = f"http://127.0.0.1:{port}/weeks/2025-12-12/"
    deadline = time.monotonic() + 60
    while not any(m.startswith("serving") for m in said) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "A tiny week" in fetch(url)
    page = root / "content/weeks/2025-12-12.md"
    page.write_text(page.read_text().replace("A tiny week", "An edited week"))
    while "An edited week" not in fetch(url) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert "An edited week" in fetch(url)
    assert any(m.startswith("changed: 2025-12-12.md") for m in said), said
