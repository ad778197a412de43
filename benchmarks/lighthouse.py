"""Reader performance of issue 19: Lighthouse (pinned, from npm) and the first chart on a phone.

    python benchmarks/lighthouse.py SITE [--runs 3] [--plain]   # a built site, a table printed

Lighthouse 12.2.3 comes from npm into benchmarks/.lighthouse/ (``npm i -E lighthouse@12.2.3``,
once, never committed); it runs headless Chromium (/usr/bin/chromium) against the site served
on 127.0.0.1 by a few lines of ``http.server`` that compress text as GitHub Pages and most
static hosts do (a precompressed ``.gz`` beside a file is sent as it is, as nginx's
``gzip_static`` sends it), or plain with ``--plain`` (``python -m http.server``'s bytes).
Each figure is the median of ``--runs`` runs (the machines are shared and noisy), with the load
average beside it.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BENCH = Path(__file__).resolve().parent
VERSION = "12.2.3"
FOLDER = BENCH / ".lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
TEXT = (".html", ".js", ".css", ".json", ".svg", ".xml", ".csv")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "fcp": "first-contentful-paint",
    "lcp": "largest-contentful-paint",
    "tbt": "total-blocking-time",
    "cls": "cumulative-layout-shift",
}


class Compressing(SimpleHTTPRequestHandler):
    """``http.server`` that answers ``Accept-Encoding: gzip`` for text files: the ``.gz``
    beside the file when there is one, else the file gzipped at once."""

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or path.suffix not in TEXT or not path.is_file():
            return super().send_head()  # a folder without its slash is redirected here
        packed = path.with_name(path.name + ".gz")
        body = packed.read_bytes() if packed.is_file() else gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def read(self, *args: object) -> bytes:
        body, self.body = self.body, b""
        return body

    def close(self) -> None:
        pass


@contextlib.contextmanager
def serving(site: Path, compressed: bool = True) -> Iterator[str]:
    """The site on 127.0.0.1 with an ephemeral port, in a thread of this process."""
    handler = Compressing if compressed else _Plain
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _Plain(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def install() -> Path:
    """The pinned Lighthouse's command line, installed from npm on first use."""
    cli = FOLDER / "node_modules/lighthouse/cli/index.js"
    if not cli.exists():
        FOLDER.mkdir(exist_ok=True)
        subprocess.run(
            ["npm", "i", "-E", f"lighthouse@{VERSION}", "--no-audit", "--no-fund"],
            cwd=FOLDER,
            check=True,
            capture_output=True,
            timeout=600,
        )
    return cli


def lighthouse(url: str, preset: str) -> dict[str, float]:
    """One Lighthouse run: the four category scores (0-100), FCP/LCP/TBT in ms, CLS, bytes."""
    cli = install()
    with tempfile.TemporaryDirectory(prefix="marketweek-lh-") as tmp:
        out = Path(tmp) / "report.json"
        args = [
            "node",
            str(cli),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ]
        if preset == "desktop":
            args.append("--preset=desktop")
        subprocess.run(
            args,
            env={**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": tmp},
            check=True,
            capture_output=True,
            timeout=300,
        )
        report = json.loads(out.read_text(encoding="utf-8"))
    audits, figures = report["audits"], {}
    for name in CATEGORIES:
        figures[name] = round(100 * (report["categories"][name]["score"] or 0))
    for short, audit in METRICS.items():
        figures[short] = audits[audit]["numericValue"]
    figures["bytes"] = audits["total-byte-weight"]["numericValue"]
    figures["requests"] = len(audits["network-requests"]["details"]["items"])
    figures["failed"] = sorted(  # type: ignore[assignment]
        key
        for name in CATEGORIES[1:]
        for key in (ref["id"] for ref in report["categories"][name]["auditRefs"])
        if audits[key]["score"] is not None
        and audits[key]["score"] < 1
        and audits[key]["scoreDisplayMode"] == "binary"
    )
    return figures


def median_of(url: str, preset: str, runs: int) -> dict[str, object]:
    """``runs`` Lighthouse runs: each figure's median, the range of performance, the load."""
    loads, done = [], []
    for _ in range(runs):
        loads.append(os.getloadavg()[0])
        done.append(lighthouse(url, preset))
    figures: dict[str, object] = {
        key: statistics.median(run[key] for run in done)  # type: ignore[type-var]
        for key in done[0]
        if key != "failed"
    }
    figures["performance range"] = [
        min(r["performance"] for r in done),
        max(r["performance"] for r in done),
    ]
    figures["failed"] = sorted({f for run in done for f in run["failed"]})  # type: ignore[union-attr]
    figures["load"] = round(statistics.median(loads), 2)
    return figures


FIRST_CHART_JS = """() => {
  for (const el of document.querySelectorAll('.mw-vega')) {
    const svg = el.querySelector('svg');
    if (!svg) continue;
    const box = svg.getBoundingClientRect();
    if (box.width <= 0 || box.height <= 0) continue;
    for (const mark of svg.querySelectorAll('.role-mark > *')) {
      const r = mark.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) return performance.now();
    }
  }
  return false;
}"""


def first_chart_ms(base: str, path: str, runs: int = 5, slowdown: int = 4) -> dict[str, object]:
    """At 390 px with the CPU slowed ``slowdown``×, a fresh browser each time: ms from the
    start of navigation until the first chart's marks are drawn, the page opened at that
    chart (a reader who follows a link to it: opened at the top, the chart waits until the
    reader nears it). The median of ``runs``."""
    from playwright.sync_api import sync_playwright

    # the anchor read off the page's HTML, not from a load of it in the browser: loaded
    # first, the anchored address was the same document (it only scrolled, from a warm cache,
    # and once in a few runs no chart was drawn within a minute)
    with urllib.request.urlopen(base + path) as response:
        html = response.read().decode("utf-8")
    found = re.search(r'<figure[^>]*class="mw-chart[^"]*"[^>]*id="([^"]+)"', html)
    assert found, f"no chart on {path}"
    anchor = found.group(1)
    first, loads = [], []
    with sync_playwright() as pw:
        for _ in range(runs):
            loads.append(os.getloadavg()[0])
            browser = pw.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            try:
                context = browser.new_context(
                    viewport={"width": 390, "height": 844},
                    device_scale_factor=3,
                    is_mobile=True,
                    has_touch=True,
                )
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
                page.goto(base + path + "#" + anchor, wait_until="commit")  # its first load
                first.append(
                    page.wait_for_function(
                        FIRST_CHART_JS, polling="raf", timeout=60_000
                    ).json_value()
                )
                context.close()
            finally:
                browser.close()
    return {
        "first": statistics.median(first),
        "runs": first,
        "load": round(statistics.median(loads), 2),
    }


def table(site: Path, runs: int, compressed: bool) -> list[dict[str, object]]:
    weeks = sorted(site.glob("weeks/2*/index.html"))
    newest = weeks[-1].parent.relative_to(site).as_posix() + "/"
    rows = []
    with serving(site, compressed) as base:
        for name, path, preset in (
            ("newest week, mobile", newest, "mobile"),
            ("home, mobile", "", "mobile"),
            ("newest week, desktop", newest, "desktop"),
            ("home, desktop", "", "desktop"),
        ):
            rows.append({"page": name, "path": path, **median_of(base + path, preset, runs)})
            print(row_text(rows[-1]), flush=True)
        chart = first_chart_ms(base, newest)
        rows.append({"page": "first chart, 390 px, CPU 4×", "path": newest, **chart})
        print(rows[-1], flush=True)
    return rows


def row_text(row: dict[str, object]) -> str:
    lo, hi = row["performance range"]  # type: ignore[misc]
    return (
        f"| {row['page']} | {row['performance']:.0f} ({lo}–{hi}) | {row['accessibility']:.0f} | "
        f"{row['best-practices']:.0f} | {row['seo']:.0f} | "
        f"{row['fcp'] / 1000:.1f} s / {row['lcp'] / 1000:.1f} s / {row['tbt']:.0f} ms | "
        f"{row['bytes'] / 1000:.0f} KB in {row['requests']:.0f} | {row['load']} |"
        + (f" failed: {', '.join(row['failed'])}" if row["failed"] else "")  # type: ignore[arg-type]
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--plain", action="store_true", help="serve without compression")
    args = parser.parse_args(argv[1:])
    if not shutil.which("node"):
        print("node is not installed", file=sys.stderr)
        return 1
    rows = table(args.site, args.runs, not args.plain)
    print(json.dumps(rows, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
