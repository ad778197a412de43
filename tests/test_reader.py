"""What a reader meets beyond the charts: no JavaScript, search, print, the 404 page."""

from __future__ import annotations

from typing import Any

from browser_helpers import assert_charts_drawn

WEEK = "weeks/2026-08-21/"  # the newest week: its charts are also drawn as static images
WEEKS_BY_REYES = ("2025-12-05", "2025-12-12", "2025-12-19")  # content/weeks/*.md authors

STATIC_IMAGES_JS = """() => [...document.querySelectorAll('img.mw-static')].map(img => ({
  src: img.getAttribute('src'), alt: img.alt, width: img.naturalWidth,
  shown: img.getBoundingClientRect().width}))"""


def test_without_javascript_every_chart_is_a_static_image(built_site: Any, page_watch: Any) -> None:
    watched = page_watch(java_script_enabled=False)
    watched.page.goto(built_site.page_url(WEEK))
    watched.page.wait_for_load_state("load")
    images = watched.page.evaluate(STATIC_IMAGES_JS)
    charts = watched.page.locator(".mw-vega").count()
    assert charts >= 5 and len(images) == charts
    for image in images:
        assert image["width"] > 200 and image["shown"] > 200, image
        assert len(image["alt"]) > 20, image
    watched.assert_clean()


def test_search_finds_a_week_by_a_word_in_its_commentary(built_site: Any, page_watch: Any) -> None:
    watched = page_watch()
    page = watched.page
    page.goto(built_site.url)
    page.locator(".md-search__input").first.click()
    page.keyboard.type("lenders")  # only in the body of the 2025-11-28 commentary
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    hrefs = page.eval_on_selector_all(".md-search-result__link", "a => a.map(x => x.href)")
    assert hrefs[0] == built_site.page_url("weeks/2025-11-28/"), hrefs
    watched.assert_clean()


def test_search_finds_the_weeks_of_an_author(built_site: Any, page_watch: Any) -> None:
    watched = page_watch()
    page = watched.page
    page.goto(built_site.url)
    page.locator(".md-search__input").first.click()
    page.keyboard.type("Reyes")  # Tomás Reyes wrote or co-wrote three weeks
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    hrefs = page.eval_on_selector_all(".md-search-result__link", "a => a.map(x => x.href)")
    expected = {built_site.page_url(f"weeks/{slug}/") for slug in WEEKS_BY_REYES}
    assert {href.partition("#")[0] for href in hrefs} == expected, hrefs
    watched.assert_clean()


def test_print_shows_the_static_charts(built_site: Any, page_watch: Any) -> None:
    watched = page_watch()
    page = watched.page
    page.goto(built_site.page_url(WEEK))
    assert_charts_drawn(page, 5)  # drawn as the reader scrolls past them
    on_screen = page.eval_on_selector_all(
        "img.mw-print", "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert on_screen and max(on_screen) == 0, "print images stay hidden on screen"
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.mw-print')].every(i => i.complete"
        " && i.naturalWidth > 200)"
    )
    shown = page.eval_on_selector_all(
        "img.mw-print", "els => els.map(e => e.getBoundingClientRect().width)"
    )
    assert len(shown) >= 5 and min(shown) > 200, shown
    assert page.locator(".mw-vega").first.is_hidden()
    assert page.locator(".md-sidebar--primary").first.is_hidden()
    assert page.pdf()[:4] == b"%PDF"
    watched.assert_clean()


def test_the_404_page_is_the_sites_own(built_site: Any, page_watch: Any) -> None:
    watched = page_watch()
    response = watched.page.goto(built_site.page_url("404.html"))
    assert response.ok
    assert "404" in watched.page.content()
    assert watched.page.title().endswith("The Great Rotation — a weekly market report")
