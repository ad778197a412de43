"""The built site laid out as readers meet it, in Chromium at a phone's, a tablet's and a
desktop's width, light and dark, and in print.

At every width: nothing is wider than the screen, no table scrolls sideways, and every piece
of chart text (titles, legends, axis labels, data labels) lies inside its figure. In the dark
palette chart text and the targets' dots keep their contrast. (tests/TESTING notes: see
../shared/TESTING.md, "Layout at phone width".)
"""

from __future__ import annotations

from typing import Any

import pytest
from browser_helpers import CHART_TIMEOUT_MS, assert_charts_drawn

WIDTHS = (390, 768, 1280)
PAGES = {  # path: the least number of charts it draws
    "": 1,  # home
    "weeks/2025-12-12/": 6,  # a commentary week with targets
    "weeks/2024-06-28/": 3,  # a data-only week, before any target
    "outlook/": 1,
    "rotation/": 2,
    "sectors/": 1,
    "weeks/": 0,  # the archive
}
EDGE = 2  # px: chart text keeps at least this far from its figure's edges

LAYOUT_JS = """(edge) => {
  const doc = document.documentElement, view = doc.clientWidth;
  const round = r => [r.left, r.top, r.right, r.bottom].map(Math.round).join(',');
  const wide = [...document.querySelectorAll('.md-content *')]
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([el, r]) => r.width > 0 && (r.right > view + 0.5 || r.left < -0.5))
    .map(([el, r]) =>
      `${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''} [${round(r)}]`);
  const scrolling = [...document.querySelectorAll(
      '.md-content table, .md-typeset__scrollwrap, .md-typeset__table, .md-content pre')]
    .filter(el => el.scrollWidth > el.clientWidth + 0.5)
    .map(el => `${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''}: ` +
                `${el.scrollWidth} > ${el.clientWidth}`);
  const outside = [];
  document.querySelectorAll('figure.mw-chart').forEach(fig => {
    const f = fig.getBoundingClientRect();
    fig.querySelectorAll('svg.marks').forEach(svg => {
      const s = svg.getBoundingClientRect();
      svg.querySelectorAll('text').forEach(text => {
        const t = text.getBoundingClientRect();
        const style = getComputedStyle(text);  // labels Vega hid to avoid overlap: opacity 0
        if (t.width === 0 || !text.textContent.trim() || Number(style.opacity) === 0) return;
        const inside = (box, gap) => t.left >= box.left + gap - 0.5
          && t.right <= box.right - gap + 0.5
          && t.top >= box.top - 0.5 && t.bottom <= box.bottom + 0.5;
        if (!inside(f, edge) || !inside(s, 0) || t.right > view)
          outside.push(`${fig.id}: "${text.textContent.slice(0, 40)}" [${round(t)}] ` +
                       `in figure [${round(f)}], svg [${round(s)}]`);
      });
    });
  });
  return {page: [doc.scrollWidth, view], wide, scrolling, outside};
}"""


def open_page(page_watch: Any, built_site: Any, path: str, width: int, scheme: str) -> Any:
    watched = page_watch(width=width, height=900, color_scheme=scheme)
    watched.page.goto(built_site.page_url(path))
    if PAGES[path]:
        assert_charts_drawn(watched.page, PAGES[path])
    return watched


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_is_wider_than_the_screen(built_site: Any, page_watch: Any, width: int) -> None:
    """Every page, light and dark: no sideways scrolling of the page or any table, and no
    chart text outside its figure (titles wrap, legends go below)."""
    failures: list[str] = []
    for scheme in ("light", "dark"):
        for path in PAGES:
            watched = open_page(page_watch, built_site, path, width, scheme)
            found = watched.page.evaluate(LAYOUT_JS, EDGE)
            where = f"/{path} at {width} px, {scheme}"
            if found["page"][0] > found["page"][1]:
                failures.append(f"{where}: page {found['page'][0]} px wide")
            failures += [f"{where}: wider than the screen: {w}" for w in found["wide"][:5]]
            failures += [f"{where}: scrolls sideways: {s}" for s in found["scrolling"]]
            failures += [f"{where}: chart text outside: {o}" for o in found["outside"][:8]]
            watched.assert_clean()
            watched.page.context.close()
    assert not failures, f"{len(failures)} layout problem(s):\n  " + "\n  ".join(failures)


def test_phone_tables_keep_their_main_columns(built_site: Any, page_watch: Any) -> None:
    """At 390 px the scoreboard shows index, close, week and year to date (the 4-week and
    52-week columns wait for a wider screen); at 1280 px it shows all six."""
    shown_js = """() => [...document.querySelector('.mw-table table').rows[0].cells]
        .filter(c => getComputedStyle(c).display !== 'none').map(c => c.textContent.trim())"""
    phone = open_page(page_watch, built_site, "weeks/2025-12-12/", 390, "light")
    assert phone.page.evaluate(shown_js) == ["Index", "Close", "Week", "Year to date"]
    desk = open_page(page_watch, built_site, "weeks/2025-12-12/", 1280, "light")
    assert desk.page.evaluate(shown_js) == [
        "Index",
        "Close",
        "Week",
        "4 weeks",
        "Year to date",
        "52 weeks",
    ]


def test_chart_titles_wrap_on_a_phone(built_site: Any, page_watch: Any) -> None:
    """A title too long for 390 px is drawn on two lines (not cut), and on one at 1280 px."""
    lines_js = """() => [...document.querySelectorAll('#chart-spread .role-title-text text')]
        .map(t => t.querySelectorAll('tspan').length || 1)"""
    phone = open_page(page_watch, built_site, "weeks/2025-12-12/", 390, "light")
    desk = open_page(page_watch, built_site, "weeks/2025-12-12/", 1280, "light")
    assert phone.page.evaluate(lines_js)[0] >= 2
    assert desk.page.evaluate(lines_js)[0] == 1


def test_a_narrowed_window_redraws_its_charts_to_fit(built_site: Any, page_watch: Any) -> None:
    """A desktop window narrowed to a phone's width (or a phone turned) draws its charts
    again: the title wraps and no chart text leaves its figure."""
    watched = open_page(page_watch, built_site, "weeks/2025-12-12/", 1280, "light")
    page = watched.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function(
        """() => [...document.querySelectorAll('#chart-spread .role-title-text text tspan')]
            .length >= 2""",
        timeout=CHART_TIMEOUT_MS,
    )
    assert_charts_drawn(page, PAGES["weeks/2025-12-12/"])
    found = page.evaluate(LAYOUT_JS, EDGE)
    assert not found["outside"], found["outside"][:5]
    assert found["page"][0] <= found["page"][1]
    watched.assert_clean()


# ─── contrast in the dark palette ───────────────────────────────────────────────────────────


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0–255 channels)."""

    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_luminance_and_contrast_by_hand() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


COLOURS_JS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const alpha = el => {
    const style = getComputedStyle(el);
    return Number(style.opacity) * Number(style.fillOpacity);
  };
  const paint = el => [rgb(getComputedStyle(el).fill), alpha(el)];
  const fig = id => document.querySelector(`#chart-${id} svg.marks`);
  return {
    bg: rgb(getComputedStyle(document.body).backgroundColor),
    dots: [...fig('targets').querySelectorAll('.mark-symbol path')].map(paint),
    texts: [...document.querySelectorAll('figure.mw-chart svg.marks text')]
      .filter(t => t.textContent.trim())
      .map(t => [t.textContent.slice(0, 30), ...paint(t)]),
  };
}"""


def seen(colour: list[float], opacity: float, background: tuple[float, ...]) -> tuple[float, ...]:
    """A colour drawn at ``opacity`` over the background, as the eye gets it."""
    return tuple(opacity * c + (1 - opacity) * b for c, b in zip(colour, background, strict=True))


def test_dark_palette_keeps_chart_contrast(built_site: Any, page_watch: Any) -> None:
    """Target dots stand out from the dark page (3:1, WCAG for graphics) and chart text is
    readable (4.5:1)."""
    watched = open_page(page_watch, built_site, "weeks/2025-12-12/", 1280, "dark")
    found = watched.page.evaluate(COLOURS_JS)
    background = tuple(found["bg"])
    assert luminance(background) < 0.05, f"not the dark palette: background {background}"
    assert found["dots"], "no target dots drawn"
    for colour, opacity in found["dots"]:
        dot = seen(colour, opacity, background)
        assert contrast(dot, background) >= 3, f"target dot {colour} at {opacity} on {background}"
    faint = [
        (t, c, o)
        for t, c, o in found["texts"]
        if contrast(seen(c, o, background), background) < 4.5
    ]
    assert not faint, f"chart text too faint on {background}: {faint[:5]}"


# ─── print ──────────────────────────────────────────────────────────────────────────────────


def test_print_shows_static_charts_that_fit(built_site: Any, page_watch: Any) -> None:
    """In print the live charts give way to their static SVGs, each within the page width."""
    newest = sorted(built_site.site.glob("weeks/2*/"))[-1].name  # the newest have static SVGs
    watched = page_watch(width=1280, height=900)
    page = watched.page
    page.goto(built_site.page_url(f"weeks/{newest}/"))
    assert_charts_drawn(page, PAGES["weeks/2025-12-12/"])
    page.evaluate(
        "() => document.querySelectorAll('img.mw-print').forEach(i => i.loading = 'eager')"
    )
    page.emulate_media(media="print")
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.mw-print')]"
        ".every(i => i.complete && i.naturalWidth)"
    )
    found = page.evaluate(
        """() => ({
      live: [...document.querySelectorAll('.mw-vega')].filter(e => e.offsetParent).length,
      images: [...document.querySelectorAll('img.mw-print')]
        .map(i => i.getBoundingClientRect().width),
      page: document.documentElement.clientWidth,
      scroll: document.documentElement.scrollWidth,
    })"""
    )
    assert found["live"] == 0
    assert len(found["images"]) >= PAGES["weeks/2025-12-12/"]
    assert all(0 < w <= found["page"] for w in found["images"]), found
    assert found["scroll"] <= found["page"]
