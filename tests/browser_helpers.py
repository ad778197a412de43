"""Chart checks shared by the browser tests (tests/test_browser.py, tests/test_site_checks.py).

A chart passes only if its loader reported success, its svg has a real size and its data marks
have non-zero bounding boxes: vega-embed creates an svg even for a chart that failed or is
0 px wide.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHART_TIMEOUT_MS = 10_000
NAV_TIMEOUT_MS = 10_000
MIN_SVG_WIDTH, MIN_SVG_HEIGHT = 200, 100

# Loader states that end a draw; "pending" is set while vega-embed works.
SETTLED = ("yes", "error")

# Data marks (not axes, legends or text) whose boxes prove something was drawn.
DATA_MARKS = (
    "g.role-mark:is(.mark-line, .mark-rect, .mark-symbol, .mark-area, .mark-arc,"
    " .mark-trail, .mark-rule) > :is(path, line)"
)

CHARTS_SETTLED_JS = """([minimum, settled]) => {
  const charts = [...document.querySelectorAll('.mw-vega')];
  return charts.length >= minimum
    && charts.every(el => !el.__mwStale && settled.includes(el.dataset.drawn));
}"""

# Charts are drawn as a reader nears them (pages/assets/marketweek.js): scroll past each one, as
# a reader would, then back to where the page was.
REVEAL_JS = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const [x, y] = [scrollX, scrollY];
  for (const el of document.querySelectorAll('.mw-vega')) {
    el.scrollIntoView({block: 'center'});
    await frame();
  }
  scrollTo(x, y);
  await frame();
}"""

CHART_REPORT_JS = """(marks) => [...document.querySelectorAll('.mw-vega')].map((el, i) => {
  const svg = el.querySelector('svg');
  const box = svg ? svg.getBoundingClientRect() : null;
  const visible = [...el.querySelectorAll(marks)].filter(m => {
    const r = m.getBBox ? m.getBBox() : m.getBoundingClientRect();
    return r.width > 0 || r.height > 0;
  }).length;
  return {
    index: i,
    label: (el.getAttribute('aria-label') || '').slice(0, 70),
    drawn: el.dataset.drawn ?? null,
    svg: !!svg,
    width: box ? box.width : 0,
    height: box ? box.height : 0,
    right: box ? box.right : 0,
    marks: visible,
  };
})"""


# ─── helpers ────────────────────────────────────────────────────────────────────────────────


def chart_report(page: Any) -> list[dict[str, Any]]:
    return page.evaluate(CHART_REPORT_JS, DATA_MARKS)


def wait_for_charts(page: Any, minimum: int = 1) -> list[dict[str, Any]]:
    """Wait until at least `minimum` charts exist (none left over from a page navigated away
    from), scroll past each, and wait until every one has finished drawing; return the chart
    report."""
    try:
        page.wait_for_function(
            "(minimum) => [...document.querySelectorAll('.mw-vega')]"
            ".filter(el => !el.__mwStale).length >= minimum",
            arg=minimum,
            timeout=CHART_TIMEOUT_MS,
        )
        page.evaluate(REVEAL_JS)
        page.wait_for_function(
            CHARTS_SETTLED_JS, arg=[minimum, list(SETTLED)], timeout=CHART_TIMEOUT_MS
        )
    except PlaywrightTimeout:
        states = [(c["index"], c["drawn"], c["label"]) for c in chart_report(page)]
        pytest.fail(
            f"charts on {page.url} did not finish drawing within "
            f"{CHART_TIMEOUT_MS} ms (need ≥ {minimum}): {states}"
        )
    return chart_report(page)


def assert_charts_drawn(page: Any, minimum: int = 1) -> list[dict[str, Any]]:
    """Every chart drawn by the loader, sized, and with visible data marks."""
    charts = wait_for_charts(page, minimum)
    bad = [
        c
        for c in charts
        if c["drawn"] != "yes"
        or not c["svg"]
        or c["width"] <= MIN_SVG_WIDTH
        or c["height"] <= MIN_SVG_HEIGHT
        or c["marks"] == 0
    ]
    assert not bad, (
        f"{len(bad)} of {len(charts)} chart(s) on {page.url} not properly drawn "
        f"(need data-drawn=yes, svg > {MIN_SVG_WIDTH}×{MIN_SVG_HEIGHT}, ≥ 1 visible mark):\n  "
        + "\n  ".join(map(str, bad))
    )
    return charts


def open_and_draw(watched: Any, url: str, minimum: int = 1) -> list[dict[str, Any]]:
    watched.page.goto(url)
    return assert_charts_drawn(watched.page, minimum)


def mark_charts_stale(page: Any) -> None:
    """Tag the current charts, so a later wait only accepts charts of the next page."""
    page.evaluate("() => document.querySelectorAll('.mw-vega').forEach(el => el.__mwStale = 1)")


def click_and_wait(page: Any, link: Any, minimum: int = 1) -> list[dict[str, Any]]:
    """Click a link, wait for its URL and for the new page's charts to draw."""
    target = urljoin(page.url, link.get_attribute("href"))
    mark_charts_stale(page)
    link.click()
    page.wait_for_url(target, timeout=NAV_TIMEOUT_MS)
    return assert_charts_drawn(page, minimum)
