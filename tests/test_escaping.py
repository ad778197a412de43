"""Everything from data is text (issue 7): escaping of data and front matter, and the
sanitising of commentary's raw HTML.

Unit tests of ``generator.escape``, then a tiny project with a payload planted in every field
a user controls, built once: its HTML, feeds, search index, sitemap and chart images are read
for live markup, and every page the payloads reach is opened in Chromium with a dialog and a
``document.title`` tripwire.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from browser_helpers import assert_charts_drawn
from conftest import free_port, stop_process, wait_until_serving
from markupsafe import Markup
from projects import TINY, make_project, project_config, run

from generator.build import generate
from generator.errors import ConfigError, Warnings
from generator.pages import escape, guards
from generator.pages.render import template_env

# ─── the payloads ───────────────────────────────────────────────────────────────────────────


def img(n: int) -> str:
    return f"<img src=x onerror=alert({n})>"


RUT_NAME = f"Russell {img(1)} 2000 [r](javascript:alert(2)) {{{{ 7*191 }}}}"
CFG_NAME = "Citizens | <script>alert(3)</script> *Fin* `tick`"
SECTOR = f'Financials {img(4)} \\x22 " [s](javascript:alert(5))'
SIZE = f"large|{img(6)}"
FIRM = f"Example {img(7)} Bank"
SCENARIO = "base [x](javascript:alert(8)) | *b*"
SOURCE = "fixture <script>document.title='HACKED'</script> {{ 'pw' ~ 'ned' }}"
LABEL = f"CPI {img(9)} [c](javascript:alert(10)) {{% if true %}}IF-EVALUATED{{% endif %}}"
TITLE = (
    f'Tiny "quote" \\x22 back\\slash {img(11)} [t](javascript:alert(12)) {{{{ 7*7 }}}} '
    "&lt;/title&gt;"
)
SUMMARY = (
    f'Summary <script>alert(13)</script> & "quoted" </title>{img(14)} [s](javascript:alert(15))'
)
AUTHORS = (f"Ann {img(16)}", "Bob [b](javascript:alert(17))")
TAG = "<script>alert(18)</script>"
BODY = """\
Raw: <img src=body onerror=alert(19)> <script>alert(20)</script>
<a href="javascript:alert(21)">a</a>
<div onclick="alert(22)" style="color:red">div</div>

> A blockquote & <https://example.com/path?a=1&b=2> stays.

[md link](javascript:alert(23)) and [ok](https://example.com/) and `<b>code</b>`,
at {{ close("RUT") }}.

![img](javascript:alert(24))

[r][ref]

[ref]: javascript:alert(25)

<img src="body2" alt="[x](onerror=alert(26)//)">

Paragraph {: onclick="alert(27)" }

{{ chart("sectors") }}
"""


def shown(value: str) -> str:
    """A value as a page holds it: the same text, with a word joiner (invisible) after each
    `<` that would start a tag, since the theme reads some text back as HTML."""
    return re.sub(r"<(?=[A-Za-z!/?])", "<" + escape.WORD_JOINER, value)


def csv_field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def hostile_files() -> dict[str, str]:
    data = TINY / "content" / "data"
    universe = (data / "universe.csv").read_text(encoding="utf-8")
    universe = universe.replace("RUT,Russell 2000,", f"RUT,{csv_field(RUT_NAME)},")
    universe = universe.replace(
        "CFG,Citizens Financial Group,stock,Financials,large,",
        f"CFG,{csv_field(CFG_NAME)},stock,{csv_field(SECTOR)},{csv_field(SIZE)},",
    )
    universe = universe.replace(
        "XLF,Financial Select Sector SPDR Fund,etf,Financials,",
        f"XLF,Financial Select Sector SPDR Fund,etf,{csv_field(SECTOR)},",
    )
    targets = (
        "firm,index,horizon,scenario,target,published,source\n"
        f"{csv_field(FIRM)},SPX,2026-12-31,{csv_field(SCENARIO)},7600,2025-11-24,"
        f"{csv_field(SOURCE)}\n"
    )
    events = (
        "date,kind,label\n2025-12-10,fomc,FOMC cuts 25 bp to 3.50–3.75%\n"
        f"2025-12-12,cpi,{csv_field(LABEL)}\n"
    )
    meta = {"title": TITLE, "summary": SUMMARY, "authors": list(AUTHORS), "tags": [TAG]}
    week = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + BODY
    return {
        "content/data/universe.csv": universe,
        "content/data/targets.csv": targets,
        "content/data/events.csv": events,
        "content/weeks/2025-12-12.md": week,
    }


WEEK_TITLE = f"Week ending December 12, 2025: {TITLE}"
# Every page a payload reaches; the week of 2025-12-05 has the CPI release in its week ahead.
PAGES = (
    "",
    "weeks/",
    "weeks/2025-12-12/",
    "weeks/2025-12-05/",
    "weeks/2025-11-28/",
    "rotation/",
    "sectors/",
    "outlook/",
)


# ─── reading HTML as a browser would ────────────────────────────────────────────────────────


class Elements(HTMLParser):
    """Every element with its attributes, the text of every script, and the visible text."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in == "script" else self.text).append(data)

    def live_payloads(self) -> list[str]:
        """What would run or link out: handlers, javascript: URLs, payload elements, scripts."""
        found = []
        for tag, attrs in self.elements:
            for name, value in attrs.items():
                url = re.sub(r"[\x00-\x20]", "", value).lower()
                if name.startswith("on") or url.startswith(("javascript:", "data:text")):
                    found.append(f"<{tag} {name}={value!r}>")
            if tag == "img" and attrs.get("src") == "x":
                found.append(f"<img src=x> {attrs}")
        found += [s for s in self.scripts if re.search(r"alert\(|HACKED|pwned", s)]
        return found


def ensure_no_live_payloads(source: str, where: str) -> None:
    live = Elements(source).live_payloads()
    assert not live, f"{where}: {live}"


# ─── unit: the escaping rule ────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (img(1), "&lt;\u2060img src=x onerror=alert(1)&gt;"),
        ("[x](javascript:alert(1))", "&#91;x&#93;(javascript:alert(1))"),
        ("a | b", "a &#124; b"),
        ('S&P 500\'s "best"', "S&amp;P 500&#39;s &quot;best&quot;"),
        (
            "*a* _b_ `c` ~d~ ^e^ \\f #g",
            "&#42;a&#42; &#95;b&#95; &#96;c&#96; &#126;d&#126; &#94;e&#94; &#92;f &#35;g",
        ),
        ("{{ 7*7 }} {% if x %}", "&#123;&#123; 7&#42;7 &#125;&#125; &#123;% if x %&#125;"),
        ("line\nbreak\r\n\tand tab", "line break and tab"),
        ("stash\x02wzxhzdk:0\x03 mark", "stashwzxhzdk:0 mark"),
        ("- a list", "&#45; a list"),
        ("1. a list", "1&#46; a list"),
        ("===", "&#61;=="),
        ("3.90 and -5% stay", "3.90 and -5% stay"),
        ("+1.2%", "+1.2%"),
    ],
)
def test_text_escapes_html_and_markdown(value, expected):
    assert escape.text(value) == expected
    assert isinstance(escape.text(value), Markup)


def test_text_leaves_markup_and_is_idempotent():
    ours = Markup('<span class="mw-up">▲ +1.2%</span>')
    assert escape.text(ours) == ours
    assert escape.text(escape.text("<b>")) == "&lt;\u2060b&gt;"


@pytest.mark.parametrize("value", [CFG_NAME, SCENARIO, SECTOR, RUT_NAME, LABEL])
def test_text_in_markdown_is_the_value_as_text(value):
    """Rendered by Markdown in a table cell, a list item, a heading and a link's text, an
    escaped value is exactly the value, as text, and a row keeps its cells."""
    cell = escape.text(value)
    source = (
        f"| a | b |\n|---|---|\n| {cell} | 2 |\n\n- {cell}\n\n## {cell}\n\n[{cell}](x.md)\n"
        f'\n<p class="c">{cell}</p>\n'
    )
    html = markdown.markdown(source, extensions=["tables", "attr_list", "md_in_html", "toc"])
    page = Elements(html)
    assert not page.live_payloads()
    assert [tag for tag, _ in page.elements].count("td") == 2
    assert "".join(page.text).count(shown(value)) == 5


@pytest.mark.parametrize(
    "value", [TITLE, SUMMARY, 'a "b" \\ c', "\\x22", "x: y # z", "- a", "", "{{ x }}", "a\nb"]
)
def test_yaml_str_is_a_yaml_scalar_of_html_text(value):
    loaded = yaml.safe_load(f"title: {escape.yaml_str(value)}\n")["title"]
    assert loaded == escape.html_text(value)
    assert "<" not in loaded and '"' not in loaded and "\n" not in loaded


def test_templates_escape_every_printed_value(tmp_path):
    env = template_env(project_config(make_project(tmp_path)))
    page = env.from_string(
        "| {{ name }} | {{ close | level }} | {{ week | signed }} |\n"
        "title: {{ name | yaml_str }}\n{{ name | e }} {{ name | text }}"
    ).render(name="<b>A|B</b>", close=2590.61, week=0.012)
    assert page == (
        "| &lt;\u2060b&gt;A&#124;B&lt;\u2060/b&gt; | 2,590.61 | "
        '<span class="mw-up">▲ +1.20%</span> |\n'
        'title: "&lt;\u2060b&gt;A|B&lt;\u2060/b&gt;"\n'
        "&lt;\u2060b&gt;A&#124;B&lt;\u2060/b&gt; "
        "&lt;\u2060b&gt;A&#124;B&lt;\u2060/b&gt;"
    )


# ─── unit: the commentary sanitiser ─────────────────────────────────────────────────────────

EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc"]


def sanitized_html(source: str) -> str:
    return markdown.markdown(escape.sanitize_markdown(source), extensions=EXTENSIONS)


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ("> quoted & <https://example.com/a?b=1&c=2>", "<blockquote>\n<p>quoted &amp; <a href"),
        ("<https://example.com/a?b=1&c=2>", 'href="https://example.com/a?b=1&amp;c=2"'),
        ("mail <me@example.com>", "&#109;&#101;"),  # Markdown's obfuscated mailto link
        ("[ok](https://example.com/ 'title')", '<a href="https://example.com/" title="title">'),
        ("[rel](../other/index.md#anchor)", '<a href="../other/index.md#anchor">'),
        ("[top](#top) [mail](mailto:a@b.c)", '<a href="#top">'),
        ("[r][ok]\n\n[ok]: https://example.com/", '<a href="https://example.com/">r</a>'),
        (
            "`<b>x</b> & [y](javascript:z)`",
            "<code>&lt;\u2060b&gt;x&lt;\u2060/b&gt; &amp; &#91;y&#93;(",
        ),
        ("<b>bold</b> <em>em</em> <sup>1</sup>", "<b>bold</b> <em>em</em> <sup>1</sup>"),
        ('<span class="mw-up">up</span>', '<span class="mw-up">up</span>'),
        ("*emphasis* and a < b and c > d", "<em>emphasis</em> and a &lt; b and c &gt; d"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<td>1</td>"),
        ("## Heading {: .wide #here }", '<h2 class="wide" id="here">Heading</h2>'),
        ("S&P 500 &amp; Co &lt;b&gt;", "S&amp;P 500 &amp; Co &lt;&#8288;b&gt;"),
    ],
)
def test_sanitiser_keeps_markdown_and_safe_html(source, kept):
    assert kept in sanitized_html(source)


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("<img src=y onerror=alert(1)>", None),
        ("<script>alert(1)</script>text", "text"),
        ('<a href="javascript:alert(1)">a</a>', "a"),
        ('<div onclick="alert(1)" style="x">d</div>', "d"),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("[x]( JaVaScRiPt:alert(1))", "[x]( JaVaScRiPt:alert(1))"),
        ("[x](java&#115;cript:alert(1))", "[x](javascript:alert(1))"),
        ("[x](java&amp;#115;cript:alert(1))", None),  # a link, but to a relative URL
        ("[x](java\n  script:alert(1))", "script:alert(1))"),
        ("[x](java&#9;script:alert(1))", "[x](java"),
        ("[x](<javascript:alert(1)>)", "x"),
        ("[x](data:text/html,<script>alert(1)</script>)", "[x](data:text/html,"),
        ("[x](vbscript:msgbox(1))", "[x](vbscript:msgbox(1))"),
        ("![i](javascript:alert(1))", "![i](javascript:alert(1))"),
        ("[r][bad]\n\n[bad]: javascript:alert(1)", "[bad]: javascript:alert(1)"),
        ('<img src="y" alt="[x](onerror=alert(1)//)">', None),
        ('<a title="[x](y onmouseover=alert(1))" href="/">t</a>', "t"),
        ('<abbr title="`x` <https://a.b/>">t</abbr>', "t"),
        ('Para {: onclick="alert(1)" }', 'Para {: onclick="alert(1)" }'),
        ('[l](https://a.b/){onclick="alert(1)"}', 'l{onclick="alert(1)"}'),
        ("<!-- <script>alert(1)</script> -->visible", "visible"),
    ],
)
def test_sanitiser_leaves_nothing_live(source, shown):
    page = Elements(sanitized_html(source))
    assert not page.live_payloads(), page.live_payloads()
    assert all(re.fullmatch(r"[a-z]+", name) for _, a in page.elements for name in a)
    assert not any(tag in ("script", "style", "iframe") for tag, _ in page.elements)
    if shown is not None:
        assert shown in "".join(page.text)


def test_sanitiser_keeps_our_embeds_whole_and_outside_tags():
    embed = '<figure class="mw-chart"><div data-spec="{&quot;a&quot;:1}" onload="ours"></div>'
    body = f'<a title="\n{embed}\n">x</a> <b>open\n{embed}\nafter</b> <script>alert(1)</script>'
    result = escape.sanitize_markdown(body, keep=[embed, embed])
    # The tag cut open by the first embed is dropped, the <b> closed before the second one.
    assert result == f'{embed}\n">x <b>open\n</b>{embed}\nafter '


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://a.b/", True),
        ("http://a.b/", True),
        ("mailto:a@b.c", True),
        ("../x/index.md", True),
        ("#anchor", True),
        ("page.md#a:b", True),
        ("//host/path", True),
        ("javascript:alert(1)", False),
        (" \tJAVASCRIPT:alert(1)", False),
        ("java&#x73;cript:x", False),
        ("data:text/html,x", False),
        ("file:///etc/passwd", False),
    ],
)
def test_safe_url(url, safe):
    assert escape.safe_url(url) is safe


# ─── the setting ────────────────────────────────────────────────────────────────────────────


def config_text(extra: str) -> str:
    text = (TINY / "mkdocs.yml").read_text(encoding="utf-8")
    return text.replace("    authors: [Tiny Desk]\n", f"    authors: [Tiny Desk]\n    {extra}\n")


def test_allow_raw_html_must_be_true_or_false(tmp_path):
    root = make_project(tmp_path, {"mkdocs.yml": config_text('allow_raw_html: "yes"')})
    with pytest.raises(ConfigError) as caught:
        project_config(root)
    assert "extra.marketweek.allow_raw_html must be true or false, got 'yes'" in str(caught.value)


@pytest.mark.parametrize(("setting", "trusted"), [("", False), ("allow_raw_html: true", True)])
def test_raw_html_is_kept_only_for_trusted_authors(tmp_path, setting, trusted):
    body = '<div class="box" onclick="track()">Box</div>\n\n[x](javascript:void(0))\n'
    files = {"mkdocs.yml": config_text(setting), "content/weeks/2025-12-12.md": "---\n---\n" + body}
    config = project_config(make_project(tmp_path, files))
    assert config.allow_raw_html is trusted
    tree = generate(config, Warnings(), static_images=False)
    page = next(d.content for d in tree.documents if d.path == "weeks/2025-12-12/index.md")
    assert isinstance(page, str)
    assert ('<div class="box" onclick="track()">Box</div>' in page) is trusted
    assert ("[x](javascript:void(0))" in page) is trusted
    assert ('<div class="box">Box</div>' in page) is not trusted


# ─── the built site ─────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("hostile"), hostile_files())
    done = run(root, "build")
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site"


def test_built_pages_have_no_live_payload(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= len(PAGES)
    for page in pages:
        source = page.read_text(encoding="utf-8")
        ensure_no_live_payloads(source, str(page))
        assert "<img src=x" not in source and "<script>alert" not in source, page
        assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", source, re.I), page


def test_payloads_are_text_on_the_pages(hostile_site):
    week = Elements((hostile_site / "weeks/2025-12-12/index.html").read_text(encoding="utf-8"))
    text = "".join(week.text)
    for value in (WEEK_TITLE, RUT_NAME, SECTOR, FIRM, SCENARIO, LABEL, *AUTHORS):
        assert shown(value) in text, value
    # CFG is a leader or a laggard only in some weeks (tables never share a name)
    weeks = "".join(
        "".join(Elements(p.read_text(encoding="utf-8")).text)
        for p in sorted((hostile_site / "weeks").glob("2*/index.html"))
    )
    assert shown(CFG_NAME) in weeks and shown(SIZE) in weeks
    assert "pwned" not in text  # no template engine ever evaluated a data string
    outlook = "".join(Elements((hostile_site / "outlook/index.html").read_text()).text)
    assert shown(SOURCE) in outlook and shown(FIRM) in outlook
    home = "".join(Elements((hostile_site / "index.html").read_text()).text)
    assert shown(WEEK_TITLE) in home and shown(SUMMARY) in home
    archive = "".join(Elements((hostile_site / "weeks/index.html").read_text()).text)
    assert shown(WEEK_TITLE) in archive and shown(SUMMARY) in archive


def test_a_pipe_in_a_field_keeps_the_table_row(hostile_site):
    source = "".join(
        p.read_text(encoding="utf-8")
        for p in sorted((hostile_site / "weeks").glob("2*/index.html"))
    )
    rows = re.findall(r"<tr>(.*?)</tr>", source, re.S)
    citizens = [row for row in rows if "Citizens" in row]
    assert citizens  # a leader or a laggard in some week
    for row in citizens:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert len(cells) == 4, row
        assert "".join(Elements(cells[0]).text) == shown(f"{CFG_NAME} (CFG)")


def test_titles_and_meta_tags_carry_the_payload_as_text(hostile_site):
    source = (hostile_site / "weeks/2025-12-12/index.html").read_text(encoding="utf-8")
    week = Elements(source)
    title = "".join(Elements(re.findall(r"<title>.*?</title>", source)[0]).text)
    meta = {
        a.get("property") or a.get("name"): a.get("content")
        for t, a in week.elements
        if t == "meta"
    }
    assert title == shown(f"{WEEK_TITLE} - Tiny report")
    assert meta["og:title"] == shown(f"{WEEK_TITLE} - Tiny report")
    assert meta["og:description"] == meta["description"] == shown(SUMMARY)


def test_feeds_carry_the_payload_as_text(hostile_site):
    rss = ET.parse(hostile_site / "feed.xml").getroot()
    item = rss.find("channel/item")
    assert item is not None
    assert item.findtext("title") == shown(WEEK_TITLE)
    description = Elements(item.findtext("description") or "")
    assert description.elements == [] and "".join(description.text) == shown(SUMMARY)
    atom = "{http://www.w3.org/2005/Atom}"
    entry = ET.parse(hostile_site / "atom.xml").getroot().find(f"{atom}entry")
    assert entry is not None
    assert entry.findtext(f"{atom}title") == shown(WEEK_TITLE)
    summary = entry.find(f"{atom}summary")
    assert summary is not None and summary.get("type") == "html"
    assert "".join(Elements(summary.text or "").text) == shown(SUMMARY)
    names = [a.findtext(f"{atom}name") for a in entry.findall(f"{atom}author")]
    assert names == [shown(a) for a in AUTHORS]
    html = ("description", "encoded", "summary", "content")  # titles and names: plain text
    for feed in (rss, ET.parse(hostile_site / "atom.xml").getroot()):
        for element in feed.iter():
            if element.tag.endswith(html) and element.text:
                ensure_no_live_payloads(element.text, f"feed {element.tag}")
                tags = {tag for tag, _ in Elements(element.text).elements}
                assert tags <= {"p", "ul", "li", "img", "a"}, tags


def test_search_index_sitemap_and_images_have_no_live_payload(hostile_site):
    index = json.loads((hostile_site / "search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        ensure_no_live_payloads(doc["title"], "search title")
        ensure_no_live_payloads(doc["text"], "search text")
    assert any(shown(WEEK_TITLE) in "".join(Elements(d["title"]).text) for d in index["docs"])
    sitemap = (hostile_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<img" not in sitemap and "javascript:" not in sitemap
    images = sorted(hostile_site.rglob("*.svg"))
    assert images
    for image in images:
        tree = ET.parse(image)
        for element in tree.iter():
            assert not element.tag.endswith(("script", "foreignObject")), image
            assert not [name for name in element.attrib if name.lower().startswith("on")], image


# ─── the built site in Chromium ─────────────────────────────────────────────────────────────

TRIPWIRES_JS = """() => ({
  title: document.title,
  payloadImages: document.querySelectorAll('img[src=x]').length,
  handlers: [...document.querySelectorAll('*')].filter(
    el => [...el.attributes].some(a => a.name.startsWith('on'))).length,
  scriptLinks: document.querySelectorAll('a[href^="javascript:" i], [src^="javascript:" i]').length,
  scripts: [...document.scripts].filter(s => /alert\\(|HACKED|pwned/.test(s.textContent)).length,
})"""


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = hostile_site.parent / "http-server.log"
    serve = Path(__file__).with_name("serve_site.py")
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, str(serve), str(port), str(hostile_site)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(url, server, log)
        yield url
    finally:
        stop_process(server)


def open_with_tripwires(browser: Any, url: str, dialogs: list[str]) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:)[a-z]+://"), lambda route: route.abort())
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(f"{url}: {dialog.message}"), dialog.dismiss()))
    page.goto(url, wait_until="load")
    charts = page.locator(".mw-vega").count()
    if charts:
        assert_charts_drawn(page, charts)  # specs read back whole from their escaped attribute
    return page


def test_no_payload_runs_in_the_browser(browser: Any, hostile_url: str) -> None:
    dialogs: list[str] = []
    for path in PAGES:
        page = open_with_tripwires(browser, hostile_url + path, dialogs)
        found = page.evaluate(TRIPWIRES_JS)
        assert "HACKED" not in found["title"], path
        assert [found[k] for k in ("payloadImages", "handlers", "scriptLinks", "scripts")] == [
            0,
            0,
            0,
            0,
        ], (path, found)
        if path == "weeks/2025-12-12/":
            assert found["title"] == shown(f"{WEEK_TITLE} - Tiny report")
            assert page.inner_text("h1") == shown(WEEK_TITLE)
            article = page.inner_text("article")
            for value in (RUT_NAME, CFG_NAME, LABEL, "A blockquote & "):
                assert shown(value) in article, value
            assert page.locator("blockquote a[href^='https://example.com/']").count() == 1
        if path == "outlook/":
            assert shown(SOURCE) in page.inner_text("article")
        page.context.close()
    assert dialogs == []


def test_search_results_show_the_title_as_text(browser: Any, hostile_url: str) -> None:
    dialogs: list[str] = []
    page = open_with_tripwires(browser, hostile_url, dialogs)
    page.locator("input.md-search__input").click()
    page.keyboard.type("onerror")  # the search matches the payloads' own words
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    results = page.inner_text(".md-search-result")
    assert shown(WEEK_TITLE) in results and shown(RUT_NAME) in results
    assert page.evaluate(TRIPWIRES_JS)["payloadImages"] == 0
    page.context.close()
    assert dialogs == []


def test_raw_html_images_from_other_sites_are_dropped():
    cleaned = escape.sanitize_markdown(
        '<img src="https://tracker.example/p.png" alt="a"> <img src="//cdn.example/x.png">'
        ' <img src="chart.svg" alt="ours">',
        keep=[],
    )
    assert "tracker.example" not in cleaned and "cdn.example" not in cleaned
    assert '<img src="chart.svg" alt="ours">' in cleaned


def test_a_name_a_spreadsheet_would_run_is_text_in_every_csv(tmp_path):
    """A company named like a formula (CSV injection): each CSV readers download writes it
    with a leading ', so a spreadsheet shows it instead of running it; numbers, negative
    ones included, are written as they are."""
    formula = '=HYPERLINK("http://evil.example/","Click")'
    root = make_project(tmp_path)
    universe = root / "content/data/universe.csv"
    universe.write_text(
        universe.read_text().replace(
            "Apple Inc.,stock", '"' + formula.replace('"', '""') + '",stock'
        )
    )
    tree = generate(project_config(root), Warnings())
    csvs = {d.path: d.content for d in tree.documents if d.path.endswith(".csv")}
    leaders = csvs["weeks/2025-12-12/leaders.csv"]
    rows = list(csv.reader(io.StringIO(leaders)))
    assert ["'" + formula] == [cell for row in rows for cell in row if "HYPERLINK" in cell][:1]
    for path, text in csvs.items():
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert not any(cell.startswith(("=", "+", "@")) for cell in cells), path
    assert any(
        cell.startswith("-")
        for text in csvs.values()
        for row in csv.reader(io.StringIO(text))
        for cell in row
    )


# ─── the theme's names, titles and other sites (issue 16) ───────────────────────────────────

THEME = Path(__import__("material").__file__).parent / "templates"
OURS = Path(escape.__file__).parent
# Where the theme's scripts and ours look an element up by a selector.
SELECTOR_CALL = re.compile(
    r"(?:getElements?|getOptionalElement|querySelector(?:All)?|closest|matches|getElementById)"
    r"\(\s*([\"'`])(.*?)\1",
    re.S,
)


def scripts() -> list[str]:
    """The theme's own TypeScript (its bundle's source map holds it) and our scripts."""
    source_map = json.loads(next(THEME.glob("assets/javascripts/bundle.*.js.map")).read_text())
    theirs = [
        text
        for name, text in zip(source_map["sources"], source_map["sourcesContent"], strict=True)
        if "node_modules" not in name
    ]
    return theirs + [p.read_text() for p in (OURS / "assets").glob("*.js")]


def templates() -> list[str]:
    return [
        p.read_text()
        for p in [*THEME.rglob("*.html"), *(OURS.parents[1] / "templates").rglob("*.html")]
    ]


def names_read() -> tuple[set[str], set[str], set[str]]:
    """Every id, class and attribute the theme and our scripts find elements by, and every id
    in the theme's templates (a Jinja-made id by its literal start)."""
    ids, classes, attributes = set(), set(), set()
    for text in scripts():
        # a template literal's ${…} is code, not a name
        selectors = [re.sub(r"\$\{[^}]*\}", "", m.group(2)) for m in SELECTOR_CALL.finditer(text)]
        if "getElementById" in text:
            ids |= set(re.findall(r"getElementById\(\s*[\"']([^\"']+)", text))
        classes |= set(re.findall(r"classList\.contains\(\s*[\"']([^\"']+)", text))
        attributes |= set(re.findall(r"(?:get|has)Attribute\(\s*[\"']([^\"']+)", text))
        for selector in selectors:
            ids |= set(re.findall(r"#([A-Za-z_][\w-]*)", selector))
            classes |= set(re.findall(r"\.([A-Za-z_][\w-]*)", selector))
            attributes |= set(re.findall(r"\[([A-Za-z_][\w-]*)", selector))
    for text in templates():
        ids |= {i.split("{{")[0] for i in re.findall(r'\bid="([^"]*)"', text) if i[:2] != "{{"}
        paths = re.findall(r'set path = "([^"]+)"', text)  # nav ids: {{ path }}, from here
        ids |= set(paths)
    return ids, classes - {"scope"}, attributes


def test_reserved_names_cover_what_the_theme_and_our_scripts_read():
    ids, classes, attributes = names_read()
    assert {"__config", "__search", "__drawer", "__palette_"} <= ids
    assert {"mw-vega", "md-typeset", "mermaid"} <= classes and "data-spec-url" in attributes
    assert [i for i in ids if not guards.reserved_id(i)] == []
    assert [c for c in classes if not guards.reserved_class(c)] == []
    # what the sanitiser lets raw HTML set, among what is read: each has its own rule
    allowed = set().union(*escape.ATTRIBUTES.values())
    assert allowed & attributes <= {"class", "title", "href", "src"}


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ('{"search": "x"}\n{: #__config }', "&#123;: #__config }"),
        ("Para {: .mw-vega data-spec-url }", "&#123;: .mw-vega"),
        ("Para {: data-md-component }", "&#123;: data-md-component }"),
        ("Para {: .note #__search }", "&#123;: .note #__search }"),
        ("Para\n{: .note #here }", '<p class="note" id="here">Para</p>'),
        ('<div class="mw-vega md-content note">d</div>', '<div class="note">d</div>'),
        ('<span class="mermaid">m</span>', "<span>m</span>"),
        ("## __config", '<h2 id="config">__config</h2>'),
        ("## ＿＿drawer {: .x }", 'class="x" id="drawer"'),
    ],
)
def test_commentary_cannot_take_a_name_the_theme_reads(source, shown):
    assert shown in sanitized_html(source)


TITLED = [
    '<span title="<img src=x onerror=alert(1)>">t</span>',
    '[l](/ "<img src=x onerror=alert(2)>")',
    "[l][d]\n\n[d]: / '<img src=x onerror=alert(3)>'",
    "[l](/ '&lt;img src=x onerror=alert(4)&gt;')",
    "## &lt;img src=x onerror=alert(5)&gt;",
]


@pytest.mark.parametrize("source", TITLED)
def test_no_title_carries_markup(source):
    page = Elements(sanitized_html(source))
    titles = [a["title"] for _, a in page.elements if "title" in a]
    text = "".join(page.text)
    assert not [t for t in [*titles, text] if re.search(r"<[A-Za-z!/?]", t)], (titles, text)
    assert "img src=" in "".join([*titles, text])  # still there, as text


@pytest.mark.parametrize(
    ("source", "link"),
    [
        (
            "![p](https://offsite.example/pixel.png)",
            '<a href="https://offsite.example/pixel.png">p',
        ),
        ("![](//offsite.example/p.png)", '<a href="//offsite.example/p.png">image</a>'),
        ("![](/\\offsite.example/p.png)", 'offsite.example/p.png">image</a>'),
        ("![p](&#104;ttps://offsite.example/p.png)", ">p</a>"),
        ("![r][px]\n\n[px]: https://offsite.example/p.png", '<a href="https://offsite.example/'),
        ("![px]\n\n[px]: /ok.png\n> [px]: https://offsite.example/", ">px</a>"),
        ("![x][nowhere] and Wow![1]", "&#33;[x][nowhere] and Wow&#33;[1]"),
        (
            "[![i](https://offsite.example/i.png)](https://a.b/)",
            "[i](https://offsite.example/i.png)",
        ),
    ],
)
def test_a_remote_markdown_image_becomes_a_link(source, link):
    html = sanitized_html(source)
    assert "<img" not in html and link in html


def test_an_allowed_host_serves_images_and_our_own_always_do():
    source = "![a](https://img.example.com/a.png) ![b](b.png) ![c](https://img.example.com.evil/c)"
    html = markdown.markdown(escape.sanitize_markdown(source, image_hosts=["img.example.com"]))
    assert '<img alt="a" src="https://img.example.com/a.png"' in html
    assert '<img alt="b" src="b.png"' in html
    assert '<a href="https://img.example.com.evil/c">c</a>' in html
    raw = escape.sanitize_markdown(
        '<img src="https://img.example.com/r.png">', [], ["img.example.com"]
    )
    assert [a["src"] for t, a in Elements(raw).elements if t == "img"] == [
        "https://img.example.com/r.png"
    ]


@pytest.mark.parametrize(
    "hosts",
    ["[https://img.example.com]", "[img.example.com/x]", "img.example.com", "['*.example.com']"],
)
def test_remote_image_hosts_must_be_host_names(tmp_path, hosts):
    root = make_project(tmp_path, {"mkdocs.yml": config_text(f"remote_image_hosts: {hosts}")})
    with pytest.raises(ConfigError) as caught:
        project_config(root)
    assert "extra.marketweek.remote_image_hosts must be a list of host names" in str(caught.value)


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        "+1",
        "-1+1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "\n=1",
        "＝1+1",
        "＋1",
        "－1",
        "＠x",
        "|cmd",
        "%0A=1",
        "%0D%0A=1",
        "%3D1",
        "﹦1",
        " =1",
    ],
)
def test_every_formula_start_is_written_as_text(value):
    from generator import formats

    written = formats.csv_text(["a"], [[value]])
    assert written.split("\n", 1)[1].lstrip('"').startswith("'" + value[:1])


# A commentary that reaches for the theme's names, titles that are markup and another site.
TAKEOVER = """\
---
title: "Takeover <img src=x onerror=alert(30)> with a title long enough to be cut short"
---

text data-spec-url="https://offsite.example/spec.json" before the first chart

{"search": "https://offsite.example/search.js"}
{: #__config }

Para {: #__search .mw-vega data-spec-url }

<span class="md-content mw-vega" title="<img src=x onerror=alert(31)>">hover me</span>

[titled](/ "<img src=x onerror=alert(32)>")

![pixel](https://offsite.example/pixel.png)

![ref pixel][px]

[px]: https://offsite.example/ref.png

## __drawer

## &lt;img src=x onerror=alert(33)&gt; a heading long enough to be cut short in the toc, surely

{{ chart("sectors") }}
"""


@pytest.fixture(scope="module")
def takeover_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    config = (TINY / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  font: false\n", "  font: false\n  features: [content.tooltips]\n")
    files = {"mkdocs.yml": config, "content/weeks/2025-12-12.md": TAKEOVER}
    root = make_project(tmp_path_factory.mktemp("takeover"), files)
    done = run(root, "build")
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site", done.stdout + done.stderr


def test_each_reserved_id_is_on_the_page_once(takeover_site):
    site, _ = takeover_site
    for page in sorted(site.rglob("*.html")):
        elements = Elements(page.read_text(encoding="utf-8")).elements
        found = [a["id"] for _, a in elements if guards.reserved_id(a.get("id", ""))]
        assert len(found) == len(set(found)), (page, sorted(found))
    week = Elements((site / "weeks/2025-12-12/index.html").read_text(encoding="utf-8"))
    found = [a.get("id", "") for _, a in week.elements]
    for name in ("__config", "__search", "__drawer"):
        assert found.count(name) == 1, name
    vega = [a for _, a in week.elements if "mw-vega" in a.get("class", "").split()]
    assert vega and all(a["data-spec-url"].endswith(".json") for a in vega)
    assert all("offsite" not in a["data-spec-url"] for a in vega)
    assert not [
        a
        for _, a in week.elements
        if "md-content" in a.get("class", "") and "hover" in a.get("title", "")
    ]


def test_no_title_on_the_built_page_carries_markup(takeover_site):
    site, _ = takeover_site
    for page in sorted(site.rglob("*.html")):
        for _, attrs in Elements(page.read_text(encoding="utf-8")).elements:
            assert not re.search(r"<[A-Za-z!/?]", attrs.get("title", "")), (page, attrs)


def test_no_page_loads_from_another_site_and_each_image_is_a_warning(takeover_site):
    site, output = takeover_site
    for page in sorted(site.rglob("*.html")):
        images = [a.get("src", "") for t, a in Elements(page.read_text()).elements if t == "img"]
        assert not [src for src in images if "offsite" in src], page
    week = (site / "weeks/2025-12-12/index.html").read_text(encoding="utf-8")
    prefetch = re.search(r"\}\)\(\"([^\"]*)\"\);\s*</script>", week)
    assert prefetch and prefetch.group(1) == "sectors.json"
    assert '<a href="https://offsite.example/pixel.png">pixel</a>' in week
    path = "content/weeks/2025-12-12.md"
    for line in (16, 18):
        assert f"{path}:{line}: an image from another site (offsite.example)" in output
    assert f"{path}:8: #__config is a name the theme or the chart loader reads" in output


def test_nothing_runs_with_the_themes_tooltips_on(browser: Any, takeover_site) -> None:
    site, _ = takeover_site
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = site.parent / "http-server.log"
    serve = Path(__file__).with_name("serve_site.py")
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, str(serve), str(port), str(site)], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_until_serving(url, server, log)
        dialogs: list[str] = []
        offsite: list[str] = []
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.on("request", lambda r: None if r.url.startswith(url) else offsite.append(r.url))
        context.route(re.compile(r"^(?!http://127\.0\.0\.1:)[a-z]+://"), lambda r: r.abort())
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url + "weeks/2025-12-12/", wait_until="load")
        assert_charts_drawn(page, 1)
        title = page.evaluate("document.title")
        titled = page.locator(".md-content [title], .md-ellipsis")
        for index in range(titled.count()):
            element = titled.nth(index)
            if element.is_visible():
                element.hover(force=True, timeout=2_000)
                page.wait_for_timeout(50)
        assert page.locator(".md-tooltip2").count() > 0  # the tooltips were shown
        found = page.evaluate(TRIPWIRES_JS)
        assert found["payloadImages"] == found["handlers"] == 0, found
        assert page.evaluate("document.title") == title
        assert dialogs == [] and offsite == []
        context.close()
    finally:
        stop_process(server)
