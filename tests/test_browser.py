"""The built site in a real browser, as a reader meets it: served over http at its site_url
(so Material's instant navigation is live), clicked through, narrow, dark, and from disk.

A chart passes only if its loader reported success, its svg has a real size and its data marks
have non-zero bounding boxes: vega-embed creates an svg even for a chart that failed or is
0 px wide.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_helpers import (
    CHART_TIMEOUT_MS,
    assert_charts_drawn,
    click_and_wait,
    open_and_draw,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from generator.charts.registry import WEEK_CHARTS

WEEK = "weeks/2025-12-12/"
MIN_WEEK_CHARTS = 5
AXIS_LABEL_FILLS_JS = """() => [...document.querySelectorAll('.mw-vega')].map(el => {
  const label = el.querySelector('svg .role-axis-label text');
  return label ? getComputedStyle(label).fill : null;
})"""


# ─── tests ──────────────────────────────────────────────────────────────────────────────────


def test_week_page_draws_every_chart(built_site: Any, page_watch: Any) -> None:
    watched = page_watch()
    open_and_draw(watched, built_site.page_url(WEEK), MIN_WEEK_CHARTS)
    kinds = watched.page.eval_on_selector_all(
        ".mw-chart", "els => els.map(el => el.id.replace('chart-', ''))"
    )
    assert sorted(kinds) == sorted(c.name for c in WEEK_CHARTS), "every chart draws on the page"
    watched.assert_clean()


def test_home_page_draws_its_charts(built_site: Any, page_watch: Any) -> None:
    watched = page_watch()
    open_and_draw(watched, built_site.url)
    watched.assert_clean()


def test_instant_navigation_keeps_charts(built_site: Any, page_watch: Any) -> None:
    watched = page_watch()
    page = watched.page
    open_and_draw(watched, built_site.page_url(WEEK), MIN_WEEK_CHARTS)
    page.evaluate("window.__mwMarker = 1")

    previous = page.get_by_role("link", name=re.compile(r"^← Week ending")).first
    click_and_wait(page, previous, MIN_WEEK_CHARTS)
    assert re.search(r"/weeks/\d{4}-\d{2}-\d{2}/$", page.url), page.url
    assert page.url != built_site.page_url(WEEK)
    assert page.evaluate("window.__mwMarker") == 1, (
        "the page was fully reloaded: Material's instant navigation did not handle the click"
    )

    latest = page.locator(".md-nav--primary").get_by_role("link", name="Latest issue").first
    click_and_wait(page, latest)
    assert page.url == built_site.url
    assert page.evaluate("window.__mwMarker") == 1, (
        "the page was fully reloaded: Material's instant navigation did not handle the click"
    )
    watched.assert_clean()


def test_narrow_viewport_charts_fit(built_site: Any, page_watch: Any) -> None:
    width = 390
    watched = page_watch(width=width, height=844)
    charts = open_and_draw(watched, built_site.page_url(WEEK), MIN_WEEK_CHARTS)
    too_wide = [c for c in charts if c["width"] > width]
    assert not too_wide, f"charts wider than the {width} px viewport: {too_wide}"
    watched.assert_clean()


def test_dark_palette_redraws_charts(built_site: Any, page_watch: Any) -> None:
    watched = page_watch()
    page = watched.page
    open_and_draw(watched, built_site.page_url(WEEK), MIN_WEEK_CHARTS)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    light = page.evaluate(AXIS_LABEL_FILLS_JS)
    assert any(light), "no chart has an axis label to read a colour from"

    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    try:
        page.wait_for_function(
            f"""(light) => ({AXIS_LABEL_FILLS_JS})().every(
                  (fill, i) => light[i] === null || (fill !== null && fill !== light[i]))""",
            arg=light,
            timeout=CHART_TIMEOUT_MS,
        )
    except PlaywrightTimeout:
        pytest.fail(
            f"axis label colours did not change in the slate palette: "
            f"light {light}, now {page.evaluate(AXIS_LABEL_FILLS_JS)}"
        )
    assert_charts_drawn(page, MIN_WEEK_CHARTS)
    watched.assert_clean()


def test_file_url_shows_the_static_charts(built_site: Any, page_watch: Any) -> None:
    """Opened straight from disk (where Material's document$ never fires and fetch cannot read
    the spec files), every chart shows its static SVG, loaded and full width."""
    newest = sorted(built_site.site.glob("weeks/2*/"))[-1]  # the newest weeks have static SVGs
    watched = page_watch()
    page = watched.page
    page.goto((newest / "index.html").as_uri())
    page.wait_for_function(
        """(minimum) => {
          const charts = [...document.querySelectorAll('.mw-vega')];
          return charts.length >= minimum && charts.every(el => el.dataset.drawn === 'static'
            && el.querySelector('img.mw-static')?.complete
            && el.querySelector('img.mw-static').naturalWidth > 200);
        }""",
        arg=MIN_WEEK_CHARTS,
        timeout=CHART_TIMEOUT_MS,
    )
    widths = page.eval_on_selector_all(
        ".mw-vega img.mw-static", "els => els.map(e => e.getBoundingClientRect().width)"
    )
    assert len(widths) >= MIN_WEEK_CHARTS and min(widths) > 300, widths
    watched.assert_clean()


DRAWN_ORDER_JS = """() => {
  window.__mwDrawnOrder = [];
  new MutationObserver(changes => changes.forEach(change => {
    const el = change.target;
    if (el.dataset.drawn === 'yes' && !window.__mwDrawnOrder.includes(el.dataset.specUrl))
      window.__mwDrawnOrder.push(el.dataset.specUrl);
  })).observe(document, {attributes: true, attributeFilter: ['data-drawn'], subtree: true});
}"""


def test_charts_are_drawn_one_by_one_from_the_first(built_site: Any, page_watch: Any) -> None:
    """The first chart is on screen before the next is begun: charts finish in page order."""
    watched = page_watch()
    page = watched.page
    page.add_init_script(f"({DRAWN_ORDER_JS})()")
    open_and_draw(watched, built_site.page_url(WEEK), MIN_WEEK_CHARTS)
    in_page = page.eval_on_selector_all(".mw-vega", "els => els.map(e => e.dataset.specUrl)")
    assert page.evaluate("window.__mwDrawnOrder") == in_page
    watched.assert_clean()


def test_the_first_spec_is_fetched_once_while_the_page_loads(
    built_site: Any, page_watch: Any
) -> None:
    """The page's head fetches its first chart's spec; the loader draws from that response,
    and fetches each of the others once."""
    watched = page_watch()
    page = watched.page
    specs: list[str] = []
    page.on("request", lambda r: specs.append(r.url) if "/weeks/" in r.url else None)
    open_and_draw(watched, built_site.page_url(WEEK), MIN_WEEK_CHARTS)
    urls = page.eval_on_selector_all(".mw-vega", "els => els.map(e => e.dataset.specUrl)")
    early = page.evaluate("Object.keys(window.marketweekSpecs)")
    assert early == [built_site.page_url(WEEK) + urls[0]]
    fetched = [url for url in specs if url.endswith(".json")]
    assert sorted(fetched) == sorted(built_site.page_url(WEEK) + url for url in urls)
    watched.assert_clean()


def test_a_hovered_mark_shows_its_tooltip(built_site: Any, page_watch: Any) -> None:
    watched = page_watch()
    page = watched.page
    open_and_draw(watched, built_site.page_url(WEEK), MIN_WEEK_CHARTS)
    bar = page.locator("#chart-spread .mark-rect path").last
    bar.scroll_into_view_if_needed()
    bar.hover(force=True)
    tip = page.locator("#vg-tooltip-element.visible")
    tip.wait_for(timeout=CHART_TIMEOUT_MS)
    text = tip.inner_text()
    assert "Week ending" in text and "Spread (pp)" in text, text
    assert re.search(r"[+\u2212-]\d+\.\d\d", text), text
    watched.assert_clean()


def test_file_url_of_a_week_without_static_charts_shows_the_note(
    built_site: Any, page_watch: Any
) -> None:
    """An older week's charts have no static SVG (only the newest weeks' are drawn): from
    disk each shows its note, as text, and nothing asks for a missing image."""
    weeks = sorted(built_site.site.glob("weeks/2*/"))
    old = next(w for w in weeks if "mw-vega" in (w / "index.html").read_text())  # has charts
    assert not list(old.glob("*.svg")), f"{old.name} should have no static SVG"
    watched = page_watch()
    page = watched.page
    page.goto((old / "index.html").as_uri())
    page.wait_for_function(
        """() => {
          const charts = [...document.querySelectorAll('.mw-vega')];
          return charts.length > 0 && charts.every(el => el.dataset.drawn === 'static');
        }""",
        timeout=CHART_TIMEOUT_MS,
    )
    notes = page.eval_on_selector_all(".mw-vega", "els => els.map(e => e.innerText)")
    assert all(note.startswith("This chart is drawn in the browser") for note in notes), notes
    assert not page.query_selector(".mw-vega img")
    watched.assert_clean()
