"""The phone budget: a week page's HTML (chart specs included) stays small at any archive size.

How the size varies with the number of weeks is measured in benchmarks/page_size.py; here
every week page of the sample site is held to the budget, and the navigation is held to a
fixed set of links, so it cannot grow with the archive.
"""

import gzip
import re

BUDGET_RAW, BUDGET_GZIP = 120_000, 30_000


def week_pages(site):
    return sorted(site.glob("weeks/2*/index.html"))


def test_every_week_page_is_within_the_budget(built_site):
    pages = week_pages(built_site.site)
    # the sample's weeks: its commentary's weeks and the records of every published week
    assert len(pages) == len(list((built_site.root / "content/published").glob("*.json")))
    assert len(pages) > 150
    for page in pages:
        html = page.read_bytes()
        assert len(html) <= BUDGET_RAW, f"{page}: {len(html)} bytes"
        assert len(gzip.compress(html)) <= BUDGET_GZIP, f"{page}: gzipped too large"


def test_navigation_does_not_list_the_weeks(built_site):
    for page in week_pages(built_site.site)[::40]:
        nav = page.read_text().split('<nav class="md-nav md-nav--primary"')[1].split("</nav>")[0]
        assert not re.search(r'href="[^"]*weeks/2\d{3}-', nav), page
