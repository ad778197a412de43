"""The shape of a fast first visit on a phone (issue 19), not its scores: charts drawn only as
the reader nears them, nothing that blocks the first paint, the search index fetched when
search is first used, precompressed copies of the large files; and a phone layout a reader
can use (the heat map's last weeks, text at least 11 px, previous/next at the top).

The scores themselves are measured by benchmarks/run.py (Lighthouse), not here.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

from browser_helpers import CHART_TIMEOUT_MS, assert_charts_drawn

PHONE = {"width": 390, "height": 844}
DRAWN = "() => [...document.querySelectorAll('.mw-vega')].map(el => el.dataset.drawn || null)"


def newest_week(site: Path) -> str:
    return "weeks/" + sorted(site.glob("weeks/2*/"))[-1].name + "/"


def requested(watched: Any) -> list[str]:
    urls: list[str] = []
    watched.page.on("request", lambda request: urls.append(request.url))
    return urls


def settle(page: Any) -> None:
    page.wait_for_load_state("load")
    page.wait_for_timeout(800)  # time enough for a loader that would draw at once


def test_a_phone_reader_at_the_top_loads_no_vega_and_no_chart(
    built_site: Any, page_watch: Any
) -> None:
    """Charts below the first screen wait for the reader: at the top of a week page, no chart
    is begun and the Vega bundle is not even requested."""
    watched = page_watch(**PHONE)
    urls = requested(watched)
    watched.page.goto(built_site.page_url(newest_week(built_site.site)))
    settle(watched.page)
    assert watched.page.evaluate(DRAWN) == [None] * len(watched.page.evaluate(DRAWN))
    assert not [url for url in urls if "vega-bundle" in url]
    watched.assert_clean()


def test_charts_are_drawn_as_the_reader_scrolls_to_them(built_site: Any, page_watch: Any) -> None:
    """Scrolled to, the first chart is drawn (the bundle loaded then); charts far below it
    are still waiting."""
    watched = page_watch(**PHONE)
    urls = requested(watched)
    page = watched.page
    page.goto(built_site.page_url(newest_week(built_site.site)))
    settle(page)
    page.locator(".mw-vega").first.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.querySelector('.mw-vega').dataset.drawn === 'yes'",
        timeout=CHART_TIMEOUT_MS,
    )
    assert [url for url in urls if "vega-bundle" in url]
    states = page.evaluate(DRAWN)
    assert states[-1] is None, states  # the last chart, screens away, is not begun
    assert_charts_drawn(page, len(states))  # and every one draws as the reader goes on
    watched.assert_clean()


def test_no_page_has_a_render_blocking_script(built_site: Any) -> None:
    """No page loads the Vega bundle with a script tag, and no script file in a page's head
    is loaded without async or defer (our inline scripts there are a few lines)."""
    for html in sorted(built_site.site.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        head = text.split("</head>", 1)[0]
        blocking = [
            tag
            for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", head)
            if not re.search(r"\b(async|defer)\b", tag)
        ]
        assert not blocking, f"{html}: {blocking}"
        assert not re.search(r"<script[^>]*vega-bundle", text), html


def test_the_search_index_waits_for_search(built_site: Any, page_watch: Any) -> None:
    """The search index is not fetched as a page loads; focusing the search field fetches it,
    and search then finds the pages."""
    watched = page_watch()
    urls = requested(watched)
    page = watched.page
    page.goto(built_site.page_url(""))
    settle(page)
    assert not [url for url in urls if "search_index" in url]
    page.locator(".md-search__input").focus()
    page.keyboard.type("rotation")
    page.locator(".md-search-result__item").first.wait_for(timeout=CHART_TIMEOUT_MS)
    assert [url for url in urls if url.endswith("search/search_index.json")]
    assert page.get_attribute(".md-search", "aria-label")  # the dialog has a name
    watched.assert_clean()


def test_large_shared_files_have_precompressed_copies(built_site: Any) -> None:
    site = built_site.site
    large = [
        *site.glob("assets/vendor/vega-bundle.*.js"),
        site / "search/search_index.json",
        *site.glob("assets/javascripts/bundle.*.min.js"),
    ]
    for path in large:
        packed = path.with_name(path.name + ".gz")
        assert gzip.decompress(packed.read_bytes()) == path.read_bytes(), packed
        assert packed.read_bytes()[4:8] == b"\0\0\0\0", f"{packed}: a time stamp in the header"
    assert not list(site.glob("weeks/**/*.gz")), "the week pages are small and many: no copies"


def test_the_heat_map_shows_its_last_weeks_on_a_phone(built_site: Any, page_watch: Any) -> None:
    """Below 480 px the sector heat map shows its last 26 weeks; a button shows all."""
    watched = page_watch(**PHONE)
    page = watched.page
    page.goto(built_site.page_url("sectors/"))
    assert_charts_drawn(page, 1)
    cells = "() => document.querySelectorAll('.mw-vega .mark-rect path').length"
    sectors = 11
    assert 26 * sectors <= page.evaluate(cells) <= 26 * sectors + 2  # and the legend's
    button = page.locator("figure.mw-chart .mw-more")
    assert re.fullmatch(r"Show all \d+ weeks", button.inner_text())
    button.click()
    page.wait_for_function(f"{cells} > {26 * sectors}", timeout=CHART_TIMEOUT_MS)
    assert page.locator("figure.mw-chart .mw-more").inner_text() == "Show the last 26 weeks"
    watched.assert_clean()


def test_no_chart_text_under_11_px_on_a_phone(built_site: Any, page_watch: Any) -> None:
    watched = page_watch(**PHONE)
    page = watched.page
    for path in (newest_week(built_site.site), "sectors/", "rotation/"):
        page.goto(built_site.page_url(path))
        assert_charts_drawn(page, 1)
        small = page.evaluate(
            """() => [...document.querySelectorAll('svg.marks text')]
              .filter(t => t.textContent.trim() && parseFloat(getComputedStyle(t).fontSize) < 11)
              .map(t => t.textContent + ' ' + getComputedStyle(t).fontSize)"""
        )
        assert not small, f"{path}: {small[:10]}"
    watched.assert_clean()


def test_fomc_labels_do_not_collide(built_site: Any, page_watch: Any) -> None:
    watched = page_watch(**PHONE)
    page = watched.page
    page.goto(built_site.page_url(newest_week(built_site.site)))
    assert_charts_drawn(page, 1)
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('#chart-rotation svg.marks .mark-text text')]
          .filter(t => /^(cut|hike|hold|FOMC)$/.test(t.textContent))
          .map(t => { const r = t.getBoundingClientRect();
                      return [r.left, r.top, r.right, r.bottom]; })"""
    )
    assert boxes
    overlaps = [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]
    assert not overlaps


def test_previous_and_next_links_are_at_the_top_and_the_foot(built_site: Any) -> None:
    weeks = sorted(built_site.site.glob("weeks/2*/"))
    middle = (weeks[len(weeks) // 2] / "index.html").read_text(encoding="utf-8")
    navs = re.findall(r"<nav[^>]*mw-prevnext.*?</nav>", middle, re.S)
    assert len(navs) == 2 and navs[0].count("<a ") == navs[1].count("<a ") == 2
    assert middle.index(navs[0]) < middle.index("<h2"), "the first links come before the text"
