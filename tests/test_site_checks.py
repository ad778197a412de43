"""The whole built site checked as a reader meets it, served over http at its site_url.

Sections, in order: every page in a browser · clicking through every week · accessibility
(axe-core) · HTML validity (the Nu HTML checker) · links (LinkChecker) · sitemap and 404.

Third-party checkers, all offline once installed:
- axe-core from PyPI `axe-playwright-python` (it bundles axe.min.js);
- the Nu HTML checker from npm `vnu-jar`, pinned below and fetched by the `vnu_jar` fixture
  with `npm pack` into a cache outside the repository (no install scripts run); Java 17 runs it;
- PyPI `linkchecker`.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from browser_helpers import assert_charts_drawn, click_and_wait, open_and_draw

from generator.config import load_config
from generator.errors import Warnings

FIRST_WEEK = "weeks/2023-01-06/"
AXE_PAGES = ("", "weeks/2025-12-12/", "weeks/")
WEEK_DIR = re.compile(r"\d{4}-\d{2}-\d{2}")
NEXT_WEEK_TEXT = re.compile(r"→\s*$")

# Times are printed (pytest -s), never asserted: performance belongs in benchmarks/.


def report_time(what: str, seconds: float, count: int) -> None:
    print(f"\n[timing] {what}: {seconds:.1f} s for {count} ({1000 * seconds / count:.0f} ms each)")


# ─── the built site's files ─────────────────────────────────────────────────────────────────


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def site_path(site: Path, file: Path) -> str:
    """The site-relative URL path a reader uses for a file: "weeks/2023-01-06/", "404.html"."""
    rel = file.relative_to(site).as_posix()
    return rel.removesuffix("index.html")


def week_paths(site: Path) -> list[str]:
    """Every week page's site path, oldest first."""
    return sorted(
        f"weeks/{d.name}/"
        for d in (site / "weeks").iterdir()
        if WEEK_DIR.fullmatch(d.name) and (d / "index.html").is_file()
    )


class _ChartCounter(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.charts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if "mw-vega" in classes:
            self.charts += 1


def chart_count(file: Path) -> int:
    """How many charts (`.mw-vega`) the built HTML file holds: all of them must draw."""
    counter = _ChartCounter()
    counter.feed(file.read_text(encoding="utf-8"))
    return counter.charts


# ─── watched pages that keep the HTTP cache ─────────────────────────────────────────────────


@pytest.fixture(scope="module")
def dead_proxy() -> Iterator[str]:
    """A proxy address on this machine that refuses every connection (bound, never listening)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def cached_watch(page_watch: Any, dead_proxy: str) -> Any:
    """A `page_watch()` page whose off-machine requests go to a dead local proxy instead of
    being aborted by a route: any route turns off Chromium's HTTP cache, and every page load
    then re-fetches and re-compiles about 1 MB of JavaScript (about 20 % slower). Off-machine
    requests are still recorded, and still never leave this machine."""
    watched = page_watch(proxy={"server": dead_proxy, "bypass": "127.0.0.1"})
    watched.page.context.unroute_all()
    return watched


# ─── every page in a browser ────────────────────────────────────────────────────────────────


def test_every_page_loads_clean_and_draws_its_charts(
    built_site: Any, page_watch: Any, dead_proxy: str
) -> None:
    """Each HTML page opened directly over http in one reused browser page: 200, every chart
    drawn, no console error or warning, no page error, no request off this machine."""
    files = html_files(built_site.site)
    assert len(files) > len(week_paths(built_site.site)), "the site has its week pages and more"
    watched = cached_watch(page_watch, dead_proxy)
    page = watched.page
    failures: list[str] = []

    started = time.monotonic()
    for file in files:
        path = site_path(built_site.site, file)
        before = len(watched.problems())
        response = page.goto(built_site.page_url(path))
        if response is None or response.status != 200:
            failures.append(f"{path}: HTTP {response.status if response else 'no response'}")
            continue
        if file.name != "404.html":
            expected = chart_count(file)
            try:
                charts = assert_charts_drawn(page, expected) if expected else []
                if len(charts) != expected:
                    failures.append(f"{path}: {len(charts)} charts drawn, file has {expected}")
            except (AssertionError, pytest.fail.Exception) as error:
                failures.append(f"{path}: {error}")
        failures += [f"{path}: {problem}" for problem in watched.problems()[before:]]
    elapsed = time.monotonic() - started
    report_time("every page loaded, charts drawn", elapsed, len(files))

    if failures:
        pytest.fail(
            f"{len(failures)} problem(s) over {len(files)} pages:\n  " + "\n  ".join(failures),
            pytrace=False,
        )


# ─── clicking through every week ────────────────────────────────────────────────────────────


def test_click_next_week_from_first_to_last(
    built_site: Any, page_watch: Any, dead_proxy: str
) -> None:
    """From the first week, "next week →" links all the way to the last week, with Material's
    instant navigation (no full reload) and every chart drawn on every page."""
    site = built_site.site
    weeks = week_paths(site)
    assert weeks[0] == FIRST_WEEK
    watched = cached_watch(page_watch, dead_proxy)
    page = watched.page

    started = time.monotonic()
    open_and_draw(
        watched, built_site.page_url(FIRST_WEEK), chart_count(site / FIRST_WEEK / "index.html")
    )
    page.evaluate("window.__mwMarker = 1")
    visited = [FIRST_WEEK]
    while True:
        # previous/next links stand at the top of a week page and at its foot: one each
        links = page.locator("nav.mw-prevnext a").filter(has_text=NEXT_WEEK_TEXT)
        if links.count() == 0:
            break
        assert links.count() == 2, f"{page.url}: {links.count()} next-week links"
        hrefs = {links.nth(i).get_attribute("href") for i in range(2)}
        assert len(hrefs) == 1, f"{page.url}: the two next-week links differ: {hrefs}"
        following = links.first
        target = urljoin(page.url, following.get_attribute("href"))
        assert target.startswith(built_site.url), f"{page.url}: next week is {target}"
        path = target.removeprefix(built_site.url)
        assert path not in visited, f"{page.url}: next week goes back to {path}"
        click_and_wait(page, following, chart_count(site / path / "index.html"))
        visited.append(path)
    elapsed = time.monotonic() - started
    report_time("clicked through every week", elapsed, len(visited))

    assert visited == weeks, (
        f"next-week links visited {len(visited)} of {len(weeks)} weeks, "
        f"stopping at {visited[-1]} (last week is {weeks[-1]})"
    )
    assert page.evaluate("window.__mwMarker") == 1, (
        "a full reload happened: Material's instant navigation did not handle every click"
    )
    watched.assert_clean()


# ─── accessibility ──────────────────────────────────────────────────────────────────────────

# Our content only: Material's own chrome (header, drawer, search) is outside it.
AXE_CONTEXT = ".md-content"
AXE_NODES_SHOWN = 5


def format_axe_violations(violations: list[dict[str, Any]]) -> str:
    """Each violated rule, then up to AXE_NODES_SHOWN elements: selector, markup and why."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"{violation['id']} ({violation.get('impact')}): {violation['help']} "
            f"— {len(nodes)} element(s)"
        )
        for node in nodes[:AXE_NODES_SHOWN]:
            snippet = " ".join(node.get("html", "").split())
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    target: {', '.join(map(str, node['target']))}")
            lines.append(f"    html:   {snippet[:300]}")
            lines.append(f"    why:    {summary[:400]}")
        if len(nodes) > AXE_NODES_SHOWN:
            lines.append(f"    … and {len(nodes) - AXE_NODES_SHOWN} more element(s)")
    return "\n".join(lines)


@pytest.mark.parametrize("path", AXE_PAGES, ids=["home", "week", "archive"])
def test_content_has_no_axe_violations(built_site: Any, page_watch: Any, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    watched = page_watch()
    charts = chart_count(built_site.site / path / "index.html")
    watched.page.goto(built_site.page_url(path))
    if charts:
        assert_charts_drawn(watched.page, charts)  # axe sees the drawn charts too
    assert watched.page.locator(AXE_CONTEXT).count() == 1, f"no single {AXE_CONTEXT} on {path}"

    started = time.monotonic()
    results = Axe().run(watched.page, context=AXE_CONTEXT)
    report_time(f"axe on /{path}", time.monotonic() - started, 1)
    violations = results.response["violations"]
    if violations:
        pytest.fail(
            f"axe-core {results.response['testEngine']['version']}: {len(violations)} rule(s) "
            f"violated inside {AXE_CONTEXT} on /{path}:\n" + format_axe_violations(violations),
            pytrace=False,
        )
    watched.assert_clean()


# ─── HTML validity ──────────────────────────────────────────────────────────────────────────

VNU_VERSION = "26.9.27"
# The npm registry's `dist.integrity` of vnu-jar@VNU_VERSION: the download is checked against it.
VNU_INTEGRITY = (
    "sha512-TkQd5DFfOaWC9ebtvozTsrH2Vaod3jYg+vrOeREzIXxBexLz9+rS2DNtjn7+RPUiZhgli0SghgBX6RJRNea0KA"
    "=="
)
VNU_JAR_IN_TARBALL = "package/build/dist/vnu.jar"
# Material's search toggle is `<input type="checkbox" ... autocomplete="off">`: the one
# validator error in Material's own markup. Filtered by its exact message on a checkbox only.
MATERIAL_CHECKBOX_AUTOCOMPLETE = (
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
    "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, "
    "“tel”, “text”, “time”, “url”, or “week”."
)
VNU_TIMEOUT_S = 300


def tool_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "marketweek-tests"


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    """npm's `vnu-jar` at VNU_VERSION: its tarball fetched once with `npm pack` (no install
    scripts run: the package's postinstall would try to download a JDK), checked against the
    pinned integrity, and the jar extracted into a cache directory outside the repository."""
    jar = tool_cache() / f"vnu-jar-{VNU_VERSION}" / "vnu.jar"
    if not jar.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to fetch vnu-jar (apt-get install -y npm)", pytrace=False)
        jar.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="download-", dir=jar.parent))
        packed = subprocess.run(
            [npm, "pack", f"vnu-jar@{VNU_VERSION}", "--json", "--pack-destination", str(work)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert packed.returncode == 0, f"npm pack vnu-jar failed:\n{packed.stderr}"
        tarball = work / json.loads(packed.stdout)[0]["filename"]
        digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
        assert f"sha512-{digest}" == VNU_INTEGRITY, f"{tarball.name} is not the pinned vnu-jar"
        with tarfile.open(tarball) as archive:
            member = archive.extractfile(VNU_JAR_IN_TARBALL)
            assert member is not None, f"{tarball} has no {VNU_JAR_IN_TARBALL}"
            partial = work / "vnu.jar"
            partial.write_bytes(member.read())
            partial.replace(jar)
        shutil.rmtree(work)
    return jar


def java() -> str:
    path = shutil.which("java")
    if path is None:
        pytest.fail("java (17 or newer) is needed to run the Nu HTML checker", pytrace=False)
    return path


def test_every_page_is_valid_html(built_site: Any, vnu_jar: Path) -> None:
    """The Nu HTML checker over every page in one JVM: no errors or warnings but Material's
    checkbox autocomplete."""
    files = html_files(built_site.site)
    started = time.monotonic()
    result = subprocess.run(
        [java(), "-jar", str(vnu_jar), "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=VNU_TIMEOUT_S,
    )
    report_time("Nu HTML checker", time.monotonic() - started, len(files))
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu exited {result.returncode} without JSON:\n{result.stderr[-3000:]}")

    def filtered(message: dict[str, Any]) -> bool:
        return (
            message.get("type") == "error"
            and message.get("message") == MATERIAL_CHECKBOX_AUTOCOMPLETE
            and 'type="checkbox"' in message.get("extract", "")
        )

    problems = [
        m
        for m in messages
        if not filtered(m)
        and (m.get("type") in ("error", "non-document-error") or m.get("subType") == "warning")
    ]
    if problems:
        pytest.fail(format_vnu(problems, built_site.site), pytrace=False)
    assert result.returncode in (0, 1), f"vnu exited {result.returncode}:\n{result.stderr[-3000:]}"


def format_vnu(messages: list[dict[str, Any]], site: Path) -> str:
    """The validator's messages grouped by message and markup, each with the files it is in."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for m in messages:
        where = m.get("url", "").removeprefix("file:").removeprefix(f"{site}/")
        key = (
            m.get("subType") or m["type"],
            m.get("message", ""),
            " ".join(m.get("extract", "").split()),
        )
        groups.setdefault(key, []).append(f"{where}:{m.get('lastLine', '?')}")
    lines = [f"{len(messages)} validator message(s), {len(groups)} distinct (vnu {VNU_VERSION}):"]
    for (kind, message, extract), places in groups.items():
        shown = ", ".join(places[:5]) + (f", … ({len(places)} in all)" if len(places) > 5 else "")
        lines.append(f"{kind}: {message}\n    markup: {extract}\n    in: {shown}")
    return "\n".join(lines)


# ─── links ──────────────────────────────────────────────────────────────────────────────────

# No rate limit: conftest's server sends the `LinkChecker` header that allows it.
LINKCHECKER_CONFIG = """\
[checking]
threads=4
timeout=10
maxrequestspersecond=1000
[filtering]
checkextern=0
[AnchorCheck]
"""
LINKCHECKER_TIMEOUT_S = 300
# Attributes that make the browser follow or fetch a URL.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "cite"})


def linkchecker_rows(output: str) -> list[dict[str, str]]:
    """LinkChecker's csv output (one row per URL checked), without its # comment lines."""
    lines = [line for line in output.splitlines(keepends=True) if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("".join(lines)), delimiter=";"))


def test_no_broken_links_or_anchors(built_site: Any, tmp_path: Path) -> None:
    """LinkChecker crawls the whole site from the home page, the 404 page and the sitemap,
    checking every local link and every #anchor."""
    config = tmp_path / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG)
    starts = [built_site.url, built_site.page_url("404.html"), built_site.page_url("sitemap.xml")]
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable, "-m", "linkcheck",
            "--config", str(config), "--no-status", "--verbose", "--output", "csv",
            *starts,
        ],
        capture_output=True,
        text=True,
        timeout=LINKCHECKER_TIMEOUT_S,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    rows = linkchecker_rows(result.stdout)
    report_time("LinkChecker", elapsed, max(len(rows), 1))
    assert rows, f"LinkChecker exited {result.returncode} and checked nothing:\n{result.stderr}"

    bad = [r for r in rows if r["valid"] != "True" or r["warningstring"]]
    lines = [
        f"{r['url'] or r['urlname']} (linked from {r['parentname'] or '-'} line {r['line']}): "
        f"{r['result']} {r['warningstring']}".strip()
        for r in bad
    ]
    if bad:
        pytest.fail(
            f"{len(bad)} broken link(s) or anchor(s):\n  " + "\n  ".join(lines), pytrace=False
        )

    local = urlsplit(built_site.url)
    off_site = sorted(
        {
            r["url"]
            for r in rows
            if not r["url"].startswith("data:")
            and urlsplit(r["url"])[:2] != (local.scheme, local.netloc)
        }
    )
    assert not off_site, f"LinkChecker found links off the site: {off_site}"

    checked = {r["url"].split("#")[0] for r in rows}
    unchecked = [
        path
        for file in html_files(built_site.site)
        if (path := site_path(built_site.site, file)) and built_site.page_url(path) not in checked
    ]
    assert not unchecked, f"LinkChecker never reached {len(unchecked)} page(s): {unchecked[:10]}"
    assert result.returncode == 0, f"LinkChecker exited {result.returncode}:\n{result.stderr}"


class _LinkCollector(HTMLParser):
    """Every URL a page makes the browser follow or fetch, and every id it defines."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[int, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if not value:
                continue
            if name in URL_ATTRIBUTES:
                self.urls.append((line, value.strip()))
            elif name == "srcset":
                self.urls += [(line, c.split()[0]) for c in value.split(",") if c.strip()]
            elif name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)


def collect_links(file: Path) -> _LinkCollector:
    collector = _LinkCollector()
    collector.feed(file.read_text(encoding="utf-8"))
    return collector


def test_same_page_anchors_exist(built_site: Any) -> None:
    """Every `href="#…"` names an id on its own page (LinkChecker skips same-page anchors)."""
    missing = [
        f"{site_path(built_site.site, file) or '/'}:{line}: {url}"
        for file in html_files(built_site.site)
        for links in [collect_links(file)]
        for line, url in links.urls
        if url.startswith("#") and len(url) > 1 and unquote(url[1:]) not in links.ids
    ]
    if missing:
        pytest.fail(
            f"{len(missing)} same-page anchor(s) with no target:\n  " + "\n  ".join(missing[:30]),
            pytrace=False,
        )


def test_no_external_links(built_site: Any) -> None:
    """No page links to or loads anything beyond the site itself."""
    local = urlsplit(built_site.url)
    external: list[str] = []
    for file in html_files(built_site.site):
        for line, url in collect_links(file).urls:
            parts = urlsplit(url)
            if parts.scheme in ("", "data") and not parts.netloc:
                continue  # relative, or inline data
            if (parts.scheme, parts.netloc) != (local.scheme, local.netloc):
                external.append(f"{site_path(built_site.site, file) or '/'}:{line}: {url}")
    distinct = sorted({entry.split(": ", 1)[1] for entry in external})
    if external:
        pytest.fail(
            f"{len(external)} link(s) off the site, {len(distinct)} distinct: {distinct}\n  "
            + "\n  ".join(external[:10]),
            pytrace=False,
        )


# ─── sitemap and 404 ────────────────────────────────────────────────────────────────────────

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_lists_every_week(built_site: Any) -> None:
    tree = ET.parse(built_site.site / "sitemap.xml")
    listed = {loc.text.strip() for loc in tree.iterfind("sm:url/sm:loc", SITEMAP_NS) if loc.text}
    weeks = [built_site.page_url(path) for path in week_paths(built_site.site)]
    missing = [url for url in weeks if url not in listed]
    assert not missing, f"sitemap.xml lacks {len(missing)} of {len(weeks)} weeks: {missing[:5]}"
    assert built_site.url in listed, "sitemap.xml lists the home page"


def test_404_page_has_the_site_title(built_site: Any) -> None:
    page = built_site.site / "404.html"
    assert page.is_file(), "the build wrote no 404.html"
    site_name = load_config(built_site.root / "mkdocs.yml", Warnings()).site_name
    title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
    assert title, "404.html has no <title>"
    assert site_name in unescape(title.group(1)), (
        f"404 title {title.group(1)!r} lacks {site_name!r}"
    )
