"""Commentary runs in a sandbox: our functions and charts only, errors at the author's line."""

import shutil
import sys
import time

import pytest
from projects import make_project, project_config

from generator.build import generate
from generator.errors import CommentaryError, Warnings

WEEK = "content/weeks/2025-12-12.md"
HEAD = "---\ntitle: T\n---\n\n"  # the body starts on line 5


def render_body(tmp_path, body: str) -> str:
    root = make_project(tmp_path, {WEEK: HEAD + body})
    tree = generate(project_config(root), Warnings())
    return next(d.content for d in tree.documents if d.path == "weeks/2025-12-12/index.md")


def render_error(tmp_path, body: str) -> str:
    with pytest.raises(CommentaryError) as caught:
        render_body(tmp_path, body)
    return str(caught.value)


def test_values_and_charts_are_filled_in(tmp_path):
    page = render_body(tmp_path, 'RUT at {{ close("RUT") }}.\n\n{{ chart("sectors") }}\n')
    assert "RUT at 2," in page
    assert page.count('id="chart-sectors"') == 1  # embedded once, not again in its section


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('one\ntwo {{ clse("RUT") }}\n', ":6: unknown function 'clse' — did you mean 'close'?"),
        ('{{ close("RTU") }}\n', ":5: unknown symbol 'RTU' — did you mean 'RUT'?"),
        ('\n\n{{ chart("rotaton") }}\n', ":7: unknown chart 'rotaton' — did you mean 'rotation'?"),
        ('{{ target_gap("Goldman") }}\n', ":5: no target from 'Goldman' as of 2025-12-12"),
        ('{{ close("RUT" }}\n', ":5: template syntax error"),
    ],
)
def test_errors_name_the_authors_line(tmp_path, body, expected):
    assert expected in render_error(tmp_path, body)


def test_a_chart_with_nothing_to_draw_this_week_is_named_so(tmp_path):
    """The tiny project keeps no rates.csv: its 10-year chart exists, empty, in every week."""
    message = render_error(tmp_path, '\n{{ chart("ten_year") }}\n')
    assert ":6: the ten_year chart has nothing to draw up to December 12, 2025" in message
    assert 'take chart("ten_year") out of this week' in message
    assert "content/data/rates.csv" in message
    assert "unknown chart" not in message


def test_python_internals_are_out_of_reach(tmp_path):
    message = render_error(tmp_path, "x\n{{ close.__globals__ }}\n")
    assert (
        "2025-12-12.md:6: not allowed in commentary: access to attribute '__globals__'" in message
    )


def test_sandbox_offers_no_builtins(tmp_path):
    message = render_error(tmp_path, "{{ range(3) }}\n")
    assert "unknown function 'range'" in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '{{ change("RUT", weeks=-1) }}\n',
            ":5: weeks=-1 is not a number of weeks — write a whole number from 1 to 520, "
            'e.g. change("RUT", weeks=3)',
        ),
        ('x\n{{ change("RUT", weeks="x") }}\n', ":6: weeks='x' is not a number of weeks"),
        ('{{ move("RUT", weeks=10000) }}\n', ":5: weeks=10000 is not a number of weeks"),
        ('{{ change("RUT", weeks=true) }}\n', ":5: weeks=True is not a number of weeks"),
        (
            "{{ close }}\n",
            ':5: close is a function, not a value — call it: {{ close("RUT") }}',
        ),
        ("{{ 9**9**9 }}\n", ":5: commentary stopped: 387420489 ** 9 is too large to compute"),
        ('{{ "x" * 1000000000 }}\n', ":5: commentary stopped: a repetition longer than 100,000"),
        ("{{ 1 / 0 }}\n", ":5: cannot compute this: division by zero"),
        ('{{ "x" | center(9) }}\n', ":5: filter 'center' is not available in commentary"),
    ],
)
def test_bad_values_in_prose_are_errors_at_their_line(tmp_path, body, expected):
    assert expected in render_error(tmp_path, body)


def test_a_runaway_loop_stops_within_seconds(tmp_path):
    loop = '{% for a in "abcdefghij" * 1000 %}{% for b in "abcdefghij" * 1000 %}'
    body = "x\n" + loop + "{% for c in 'abcdefghij' * 1000 %}{% endfor %}{% endfor %}{% endfor %}\n"
    started = time.monotonic()
    message = render_error(tmp_path, body)
    assert time.monotonic() - started < 30  # a guard against a hang, not a speed figure
    assert ":6: commentary stopped: evaluation ran past 2 s" in message


def test_runaway_output_stops_at_its_limit(tmp_path):
    loop = '{% for a in "abcdefghij" * 10000 %}{% for b in "abcdefghij" * 10000 %}'
    message = render_error(tmp_path, loop + "0123456789{% endfor %}{% endfor %}\n")
    assert "commentary stopped: the text grew past 1,000,000 characters" in message


def test_the_sandbox_leaves_no_tracer_behind(tmp_path):
    before = sys.gettrace()
    render_body(tmp_path, 'RUT at {{ close("RUT") }}.\n')
    assert sys.gettrace() is before


def week_page(tmp_path, root) -> str:
    tree = generate(project_config(root), Warnings())
    pages = [d for d in tree.documents if d.path.startswith("weeks/2")]
    return next(d.content for d in pages if d.path.endswith("index.md"))


def test_the_package_templates_serve_a_project_without_its_own(tmp_path):
    """A pip-installed user has no templates/: the pages come from the package's."""
    root = make_project(tmp_path)
    shutil.rmtree(root / "templates")
    assert "## Takeaways" in week_page(tmp_path, root)


def test_a_project_template_replaces_the_package_one_file_by_file(tmp_path):
    root = make_project(tmp_path)
    shutil.rmtree(root / "templates")
    (root / "templates").mkdir()
    (root / "templates" / "week.md.j2").write_text("# Our own week {{ r.week.slug }}\n")
    tree = generate(project_config(root), Warnings())
    weeks = [d for d in tree.documents if d.path.startswith("weeks/2") and d.path.endswith(".md")]
    assert all(d.content.startswith("# Our own week 20") for d in weeks)
    home = next(d.content for d in tree.documents if d.path == "index.md")
    assert "Our own week" not in home  # the home page still comes from the package
