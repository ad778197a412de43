"""Install as the README says, and week counts and page metadata right for any year
(issue 18)."""

import re
import tomllib
from types import SimpleNamespace

import jinja2
from projects import REPO

from generator.model import is_week_page

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_installs_from_the_repository_not_from_an_index():
    assert not re.search(r"pip install marketweek\b", README)  # not on PyPI
    assert "pipx install ." in README and "pip wheel --no-deps -w dist ." in README


def test_the_license_is_spdx_with_a_backend_that_reads_it():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert "setuptools>=77" in project["build-system"]["requires"]


def test_week_pages_of_any_year_are_counted():
    assert is_week_page("weeks/1998-12-24.md")
    assert is_week_page("weeks/2025-12-12.md")
    assert is_week_page("weeks/1990-01-05/index.md")
    assert not is_week_page("weeks/index.md")
    assert not is_week_page("weeks/2025-12-12/rotation.csv")
    assert not is_week_page("archive/2025.md")


def og_type(url: str) -> str:
    html = (REPO / "templates/overrides/main.html").read_text(encoding="utf-8")
    line = next(t for t in html.splitlines() if 'property="og:type"' in t)
    page = SimpleNamespace(url=url)
    return jinja2.Environment().from_string(line).render(page=page).strip()


def test_a_week_page_before_2000_is_an_article():
    assert 'content="article"' in og_type("weeks/1998-12-24/")
    assert 'content="article"' in og_type("weeks/2025-12-12/")
    assert 'content="website"' in og_type("archive/")
    assert 'content="website"' in og_type("weeks/")
