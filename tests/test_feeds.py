"""The feeds as a reader's feed parser sees them."""

import re
from datetime import date

import feedparser
import pytest
from projects import make_project, project_config

from generator.build import build
from generator.errors import Warnings


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("feeds"))
    build(project_config(root), Warnings())
    return root / "site"


@pytest.mark.parametrize(("name", "version"), [("feed.xml", "rss20"), ("atom.xml", "atom10")])
def test_feed_parses_with_the_weeks_newest_first(site, name, version):
    feed = feedparser.parse((site / name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    titles = [entry.title for entry in feed.entries]
    assert titles[0] == "Week ending December 12, 2025: A tiny week"
    assert len(titles) == 4  # every week of the tiny project (the latest 20 at most)
    newest = feed.entries[0]
    assert newest.link == "http://127.0.0.1:8000/weeks/2025-12-12/"
    assert date(*newest.published_parsed[:3]) == date(2025, 12, 12)
    assert newest.summary.startswith("The tiny fixture's one commentary.")


def test_feed_entries_show_the_rotation_chart_as_a_static_image(site):
    feed = feedparser.parse((site / "atom.xml").read_bytes())
    content = feed.entries[0].content[0].value
    image = re.search(r"<img [^>]*>", content).group(0)
    assert 'src="http://127.0.0.1:8000/weeks/2025-12-12/rotation.svg"' in image
    assert 'alt="Over the last 3 weeks the Russell 2000' in image
    assert (site / "weeks/2025-12-12/rotation.svg").read_text().startswith("<svg")


def test_pages_link_their_feeds_and_carry_open_graph_tags(site):
    page = (site / "weeks/2025-12-12/index.html").read_text()
    assert 'type="application/rss+xml"' in page and 'type="application/atom+xml"' in page
    assert '<meta property="og:title" content="Week ending December 12, 2025: A tiny week' in page
    assert '<meta property="og:description" content="The tiny fixture' in page
    for html in site.rglob("*.html"):
        assert 'property="og:title"' in html.read_text(), html


def test_a_week_without_commentary_is_titled_by_what_happened(site):
    """Week ending December 5 in the tiny fixture: the Russell 2000 fell from 2,250.86 to
    2,218.09 (−1.456%) and the S&P 500 rose from 6,838.93 to 6,893.63 (+0.800%): the two went
    different ways. The first week has no change: it says where the indices stand."""
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    titles = [entry.title for entry in feed.entries]
    assert titles[1] == (
        "Week ending December 5, 2025: The Russell 2000 falls 1.5% while the S&P 500 rises 0.8%"
    )
    assert titles[-1] == (
        "Week ending November 21, 2025: The first week in our data: the Russell 2000 at "
        "2,304.36 and the S&P 500 at 6,732.80"
    )


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_feeds_carry_the_data_note(site, name):
    feed = feedparser.parse((site / name).read_bytes())
    assert "Tiny fixture data." in feed.feed.subtitle
    for entry in feed.entries:
        assert "<p>Tiny fixture data.</p>" in entry.content[0].value


@pytest.mark.parametrize(
    ("page", "href"),
    [
        ("index.html", "feed.xml"),
        ("weeks/index.html", "../feed.xml"),
        ("weeks/2025-12-05/index.html", "../../feed.xml"),
    ],
)
def test_pages_show_a_visible_feed_link(site, page, href):
    html = (site / page).read_text()
    link = re.search(r'<p class="mw-feed">.*?</p>', html, re.S).group(0)
    assert f'<a href="{href}" type="application/rss+xml">RSS feed</a>' in link
    assert (site / page).parent.joinpath(href).resolve() == (site / "feed.xml").resolve()
