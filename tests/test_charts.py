"""Chart specs: valid Vega-Lite, aggregated, titled, one colour per symbol everywhere."""

import html
import json
import re

import jsonschema
import pytest
from altair.vegalite.v6.schema import load_schema
from projects import make_project, project_config

from generator.build import generate
from generator.charts import specs as charts
from generator.errors import Warnings


@pytest.fixture(scope="module")
def specs(tmp_path_factory):
    """Every chart spec of the tiny project's last week, by chart name."""
    root = make_project(tmp_path_factory.mktemp("charts"))
    tree = generate(project_config(root), Warnings())
    page = next(d.content for d in tree.documents if d.path == "weeks/2025-12-12/index.md")
    found = re.findall(r'id="chart-([a-z_]+)">\n<div [^>]*data-spec="([^"]*)"', page)
    return {name: json.loads(html.unescape(spec)) for name, spec in found}


def test_every_chart_kind_is_on_the_page(specs):
    assert sorted(specs) == sorted(charts.BUILDERS)


def test_specs_validate_against_the_vega_lite_schema(specs):
    validator = jsonschema.Draft7Validator(load_schema())
    for name, spec in specs.items():
        errors = sorted(validator.iter_errors(spec), key=str)
        assert not errors, f"{name}: {errors[0].message}"


def test_charts_carry_only_the_rows_they_draw(specs):
    for name, spec in specs.items():
        rows = sum(len(v) for v in spec.get("datasets", {}).values())
        assert rows <= 400, f"{name} carries {rows} rows"


def test_titles_and_container_width(specs):
    for name, spec in specs.items():
        title = spec.get("title") or spec["layer"][0].get("title")
        assert title and title["text"], name
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}


def test_one_colour_per_symbol_across_charts(specs):
    colours = {}
    for name in ("rotation", "performance"):
        for part in [specs[name], *specs[name].get("layer", [])]:
            scale = part.get("encoding", {}).get("color", {}).get("scale")
            if scale and "domain" in scale:
                for symbol, colour in zip(scale["domain"], scale["range"], strict=True):
                    assert colours.setdefault(symbol, colour) == colour, symbol
    assert colours["S&P 500"] != colours["Russell 2000"]
