"""Chart specs: valid Vega-Lite, aggregated, titled, one colour per symbol everywhere; the
registry the one place a chart is defined; templates drawn once and filled per week; static
SVGs drawn across the cores and cached."""

import ast
import colorsys
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace

import jsonschema
import pandas as pd
import pytest
import vl_convert
from altair.vegalite.v6.schema import load_schema
from projects import REPO, make_project, project_config, report_for

from generator.build import generate
from generator.charts import compiled, static, templates
from generator.charts import specs as charts
from generator.charts.registry import CHARTS, LONG_RUN_CHARTS, WEEK, WEEK_CHARTS
from generator.charts.templates import EVENTS, LEVELS, TABLE
from generator.errors import Warnings
from generator.facts import history
from generator.model import Chart, Series
from generator.pages import bundle


@pytest.fixture(scope="module")
def built_specs(tmp_path_factory):
    """Every chart of the tiny project's last week, by chart name: its Vega-Lite spec, and the
    Vega spec the page fetches, compiled from it by the build."""
    root = make_project(tmp_path_factory.mktemp("charts"))
    compiled_from = {}
    write = compiled.vega_json

    def record(spec, cache=None):
        compiled_from[write(spec, cache)] = spec
        return write(spec, cache)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compiled, "vega_json", record)
        tree = generate(project_config(root), Warnings())
    files = {d.path: d.content for d in tree.documents}
    page = files["weeks/2025-12-12/index.md"]
    found = re.findall(r'id="chart-([a-z_]+)"[^>]*>\n<div [^>]*data-spec-url="([^"]*)"', page)
    fetched = {name: files[f"weeks/2025-12-12/{url}"] for name, url in found}
    return {name: (compiled_from[text], json.loads(text)) for name, text in fetched.items()}


@pytest.fixture(scope="module")
def specs(built_specs):
    """Every chart's Vega-Lite spec of the tiny project's last week, by chart name."""
    return {name: spec for name, (spec, _) in built_specs.items()}


@pytest.fixture(scope="module")
def sample_charts(sample):
    """Every week's charts and the long-run charts of the sample project, drawn once."""
    config, _, weeks, panel = sample
    labels = charts.labels(config, panel.names)
    files = {stem: f"content/data/{stem}.csv" for c in CHARTS.values() for stem in c.sources}
    week = {w.slug: charts.week_charts(report_for(sample, w.slug), labels, files) for w in weeks}
    return week, labels, files


def test_every_chart_kind_is_on_the_page(specs):
    """Every week chart whose data files the tiny project has (it has no rates.csv: the
    10-year chart is drawn on the sample, tests/test_recap.py)."""
    have = {p.stem for p in (REPO / "tests/fixtures/tiny/content/data").glob("*.csv")}
    expected = [c.name for c in WEEK_CHARTS if set(c.sources) <= have]
    assert sorted(specs) == sorted(expected) and "ten_year" not in expected


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
        assert spec["title"]["text"], name
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


def test_every_week_and_long_run_spec_validates(sample, sample_charts):
    week, labels, files = sample_charts
    validator = jsonschema.Draft7Validator(load_schema())
    drawn = [c for group in week.values() for c in group]
    config, data, weeks, panel = sample
    long_run = charts.page_charts(history.site_series(panel, data, config, weeks), labels, files)
    drawn += [c for group in long_run.values() for c in group]
    assert {c.name for c in drawn} == set(CHARTS)
    for chart in drawn:
        errors = sorted(validator.iter_errors(dict(chart.spec)), key=str)
        assert not errors, f"{chart.name}: {errors[0].message}"


def test_each_template_is_drawn_with_altair_once(sample, sample_charts):
    """Filling a template for another week reuses it, and leaves it as drawn."""
    week, labels, files = sample_charts
    drawn = {c.name: json.dumps(charts.template(c, labels), sort_keys=True) for c in WEEK_CHARTS}
    misses = charts.template.cache_info().misses
    for report in (report_for(sample, slug) for slug in list(week)[-3:]):
        charts.week_charts(report, labels, files)
    assert charts.template.cache_info().misses == misses
    for chart in WEEK_CHARTS:
        assert json.dumps(charts.template(chart, labels), sort_keys=True) == drawn[chart.name]


def test_data_are_named_datasets_filled_per_week(sample_charts):
    week, _, _ = sample_charts
    first, last = (dict((c.name, c.spec) for c in week[slug]) for slug in (min(week), max(week)))
    for name, spec in last.items():
        assert "values" not in json.dumps(spec.get("data", {})), name
        assert TABLE in spec["datasets"], name
        assert spec["datasets"][TABLE] != first.get(name, {}).get("datasets", {}).get(TABLE), name


def test_a_layer_without_rows_this_week_is_left_out(sample):
    """No FOMC decision in the window: no decision rules or their labels; no targets yet: no
    target lines or their labels."""
    config, _, _, panel = sample
    report = report_for(sample, "2025-12-12")
    empty = {CHARTS["rotation"].draws[EVENTS], CHARTS["target_path"].draws[LEVELS]}
    quiet = replace(
        report,
        series={k: Series(s.columns, ()) if k in empty else s for k, s in report.series.items()},
    )
    files = {stem: stem for c in CHARTS.values() for stem in c.sources}
    labels = charts.labels(config, panel.names)
    before = {c.name: c.spec for c in charts.week_charts(report, labels, files)}
    after = {c.name: c.spec for c in charts.week_charts(quiet, labels, files)}
    assert "targets" in before and "targets" not in after  # its table is the targets
    for name, dropped in (("rotation", 2), ("target_path", 2)):
        assert len(after[name]["layer"]) == len(before[name]["layer"]) - dropped
        assert set(after[name]["datasets"]) < set(before[name]["datasets"])
    for name in ("performance", "spread", "sectors"):
        assert after[name] == before[name]


def test_the_spread_chart_counts_its_weeks_instead_of_repeating_the_takeaway(sample):
    """The week's margin is said once, in the takeaways; the spread chart's summary counts
    the weeks of its window (26) whose spread, Russell 2000 minus S&P 500 weekly change, was
    above zero, worked out here from the panel's weekly closes."""
    config, _, weeks, panel = sample
    labels = charts.labels(config, panel.names)
    for week in weeks[-12:]:
        report = report_for(sample, week.slug)
        weekly = panel.weekly.loc[: pd.Timestamp(week.end), ["RUT", "SPX"]]
        change = (weekly / weekly.shift(1) - 1).dropna().iloc[-26:]
        above = int((100 * (change["RUT"] - change["SPX"])).round(1).gt(0).sum())
        summary = CHARTS["spread"].summary(report, labels)
        assert summary == f"The weekly spread was above zero in {above} of the last 26 weeks."
        assert summary not in report.takeaways


# ─── the registry is the one place a chart is defined ─────────────────────────────────────

# Outside the registry a chart's name may be spelled only where it names something else: a
# series of facts (which the registry's ``draws`` maps to charts), a data file, a column.
NAMES_OF_SOMETHING_ELSE = {
    "generator/facts/panel.py": {  # the week's series; "spread" is also a column
        "rotation",
        "performance",
        "spread",
        "sectors",
        "targets",
        "target_path",
        "ten_year",
    },
    "generator/facts/history.py": {"rotation_history", "yearly", "sector_heat", "target_history"},
    "generator/load/data.py": {"targets"},  # content/data/targets.csv
    "generator/model.py": {"targets"},  # DATA_FILES: content/data/targets.csv
    "generator/sample/tables.py": {"targets"},  # the sample's targets.csv
    "generator/published/numbers.py": {"spread"},  # the record names the spread series
    "generator/facts/recap_reading.py": {"performance"},  # "a strong performance" in prose
    "generator/sample/generate.py": {"targets"},  # the data file, as sources.csv names it
    "generator/charts/templates.py": {"spread"},  # the column
    # The yearly series (the returns table); and charts named in pages/ that should read the
    # registry instead (pages/ is being reworked): an error message's example, the feed's chart.
    "generator/pages/render.py": {"yearly", "rotation"},
    "generator/pages/feeds.py": {"rotation"},
}
SLOT = re.compile(r"""\b(?:has_)?chart\(\s*["']([^"']*)["']""")
CODE_SLOT = re.compile(r"""\{\{+\s*chart\(\s*["']([^"']*)["']""")  # a template in a string


def test_the_registry_is_the_only_place_a_chart_is_named():
    spelled: dict[str, set[str]] = {}
    for path in sorted((REPO / "generator").rglob("*.py")):
        name = path.relative_to(REPO).as_posix()
        if name == "generator/charts/registry.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in CHARTS:
                spelled.setdefault(name, set()).add(node.value)
    for name, found in spelled.items():
        assert found <= NAMES_OF_SOMETHING_ELSE.get(name, set()), f"{name} names {found}"


TEMPLATES = REPO / "templates"


def test_every_slot_names_a_chart_of_its_page():
    """Week pages and the home page show week charts; each long-run page shows its own."""
    pages = {WEEK: "week", **{c.page: c.page for c in LONG_RUN_CHARTS}}
    allowed = {f"{template}.md.j2": page for page, template in pages.items()}
    allowed["home.md.j2"] = WEEK
    for path in sorted((TEMPLATES).glob("*.j2")):
        for name in SLOT.findall(path.read_text(encoding="utf-8")):
            assert name in CHARTS, f"{path.name}: no chart {name!r}"
            assert CHARTS[name].page == allowed.get(path.name), f"{path.name}: {name}"
    for path in sorted((REPO / "generator").rglob("*.py")):  # templates inside the code
        if path.name == "registry.py":  # its docstring shows a slot
            continue
        for name in CODE_SLOT.findall(path.read_text(encoding="utf-8")):
            assert name in CHARTS, f"{path}: no chart {name!r}"


def test_every_chart_has_a_slot_on_its_page():
    for chart in CHARTS.values():
        template = "week" if chart.page == WEEK else chart.page
        text = (TEMPLATES / f"{template}.md.j2").read_text(encoding="utf-8")
        assert chart.name in SLOT.findall(text), f"{template}.md.j2 has no slot for {chart.name}"


# ─── static SVGs ────────────────────────────────────────────────────────────────────────────


def test_worker_processes_draw_what_this_process_draws(monkeypatch, specs):
    texts = [static.static_text(spec) for spec in specs.values()]
    here = [static.draw([text])[0] for text in texts]
    monkeypatch.setattr(static, "POOL_FROM", 2)
    monkeypatch.setattr(static.os, "cpu_count", lambda: 2)
    assert static.draw(texts) == here  # in order, whichever worker drew each


GRADIENT_SPEC = json.dumps(  # a heat map: its colour legend is a gradient
    {
        "data": {"values": [{"x": "a", "y": "b", "v": 1}, {"x": "b", "y": "a", "v": 2}]},
        "mark": "rect",
        "encoding": {
            "x": {"field": "x", "type": "nominal"},
            "y": {"field": "y", "type": "nominal"},
            "color": {"field": "v", "type": "quantitative"},
        },
    }
)


def test_a_static_charts_ids_do_not_depend_on_the_charts_drawn_before_it(tmp_path):
    """vl-convert numbers gradients across every chart its runtime drew: the same heat map
    drawn after another differs in its ids, and a clean build differed from a cached one."""
    first, second = static.draw([GRADIENT_SPEC, GRADIENT_SPEC])
    assert first != second  # the renderer's own numbering, which the drawing undoes
    charts_ = {"week": (Chart("heat", "heat", json.loads(GRADIENT_SPEC), "", "", "", static=True),)}
    for cache in ("alone", "after"):
        if cache == "after":
            static.draw([GRADIENT_SPEC])  # this process's runtime has drawn one more
        (svg,) = (c.svg for c in static.Drawing([charts_], tmp_path / cache).result()[0]["week"])
        assert svg.count('id="gradient_0"') == 1
        assert "url(#gradient_0)" in svg
        assert "gradient_1" not in svg


def test_a_cached_spec_is_not_drawn_again(monkeypatch, tmp_path, specs):
    charts_ = {"week": tuple(Chart(n, n, s, "", "", "", static=True) for n, s in specs.items())}
    first = static.Drawing([charts_], tmp_path).result()
    monkeypatch.setattr(static, "draw", lambda texts: pytest.fail(f"drew {len(texts)}"))
    assert static.Drawing([charts_], tmp_path).result() == first
    assert all(c.svg.startswith("<svg") for c in first[0]["week"])


def test_only_charts_marked_static_are_drawn(monkeypatch, tmp_path, specs):
    names = sorted(specs)
    charts_ = {
        "week": tuple(Chart(n, n, specs[n], "", "", "", static=n == names[0]) for n in names)
    }
    drawn: list[int] = []
    real = static.draw
    monkeypatch.setattr(static, "draw", lambda texts: drawn.append(len(texts)) or real(texts))
    (result,) = static.Drawing([charts_], tmp_path).result()
    assert drawn == [1]
    assert [bool(c.svg) for c in result["week"]] == [n == names[0] for n in names]


# ─── compiled to Vega when the site is built ────────────────────────────────────────────────


def without_usermeta(spec):
    return {key: value for key, value in spec.items() if key != "usermeta"}


def swapped(spec, colours):
    """What the chart loader (pages/assets/marketweek.js) does to a spec on a dark page."""
    text = json.dumps(without_usermeta(spec))
    for light, dark in colours.items():
        text = text.replace(f'"{light}"', f'"{dark}"')
    return json.loads(text)


def test_the_page_fetches_its_chart_compiled_to_vega(built_specs):
    """Compiled once per shape and refilled, the spec is what compiling the chart itself gives."""
    for name, (spec, fetched) in built_specs.items():
        expected = vl_convert.vegalite_to_vega(spec, config=compiled.LIGHT)
        assert without_usermeta(fetched) == without_usermeta(expected), name
        assert fetched["$schema"].startswith("https://vega.github.io/schema/vega/"), name


def test_on_a_dark_page_a_chart_is_drawn_in_the_dark_palette(built_specs):
    """The dark config and the colour swaps the spec carries give what compiling in the dark
    palette gives, with the chart's own colours swapped for their dark twins."""
    for name, (spec, fetched) in built_specs.items():
        dark = fetched["usermeta"]["dark"]
        drawn = {**swapped(fetched, dark["colours"]), "config": dark["config"]}
        direct = vl_convert.vegalite_to_vega(spec, config=compiled.DARK)
        own = spec.get("usermeta", {}).get("darkColours", {})
        assert drawn == {**swapped(direct, own), "config": direct["config"]}, name
    assert compiled.MARK_COLOURS == {"#1f2328": "#e2e4e9", "#57606a": "#c9ced8"}


def test_each_shape_is_compiled_once_and_refilled_per_week(sample_charts):
    """Weeks whose rows, titles and heights differ share one compilation per shape, and each
    gets its own values: the same as compiling it alone."""
    week, _, _ = sample_charts
    # The eight weeks to 2025-12-26, in which the three targets were published one by one
    # (targets.csv: 2025-11-17, 11-24, 12-01); the sample's data run on to 2026-08-21.
    slugs = list(week)
    end = slugs.index("2025-12-26") + 1
    drawn = [c for slug in slugs[end - 8 : end] for c in week[slug]]
    heights = {c.spec.get("height") for c in drawn if c.name == "targets"}
    assert len(heights) > 1, "the last weeks should hold targets charts of different heights"
    compiled._compiled.cache_clear()
    fetched = [json.loads(compiled.vega_json(c.spec)) for c in drawn]
    shapes = {json.dumps(compiled.shape(c.spec), sort_keys=True) for c in drawn}
    misses = compiled._compiled.cache_info().misses
    assert misses == len(shapes) + 1 < len(drawn) / 4  # and the dark palette's config
    for chart, spec in list(zip(drawn, fetched, strict=True))[::5]:
        expected = vl_convert.vegalite_to_vega(chart.spec, config=compiled.LIGHT)
        assert without_usermeta(spec) == without_usermeta(expected), chart.name


def test_a_repeat_build_reads_its_compilations_from_the_cache(monkeypatch, tmp_path, specs):
    """Kept in the cache folder, a shape is not compiled again by a later build (a new
    process: nothing in memory), and reads back the same."""
    first = {name: compiled.vega_json(spec, tmp_path) for name, spec in specs.items()}
    assert len(list((tmp_path / "vega").glob("*.json"))) == len(specs) + 1  # and the dark config
    compiled._compiled.cache_clear()
    monkeypatch.setattr(compiled.vl_convert, "vegalite_to_vega", lambda *a, **k: pytest.fail())
    assert {name: compiled.vega_json(spec, tmp_path) for name, spec in specs.items()} == first
    compiled._compiled.cache_clear()


def test_the_bundle_holds_vega_and_vega_tooltip_alone(tmp_path):
    script = bundle.vega_bundle(tmp_path)
    assert script.startswith("(function(){") and script.rstrip().endswith("})();")
    assert "window.vega=" in script and "window.vegaTooltip=" in script
    assert "window.vegaEmbed" not in script and "vega-lite" not in script
    assert bundle.vega_bundle(tmp_path) == script  # read from the cache folder


def test_a_vl_convert_without_that_vega_tooltip_gets_vega_alone(monkeypatch):
    asked = []

    def javascript_bundle(snippet):
        asked.append(snippet)
        if snippet == bundle.SNIPPET:
            raise ValueError("Unable to output during bundling")
        return "vega"

    monkeypatch.setattr(bundle.vl_convert, "javascript_bundle", javascript_bundle)
    assert bundle._bundle() == "vega"
    assert asked == [bundle.SNIPPET, bundle.VEGA_ONLY]
    assert "vega-tooltip" not in bundle.VEGA_ONLY and bundle.SNIPPET.startswith(bundle.VEGA_ONLY)


# ─── charts that explain themselves ─────────────────────────────────────────────────────────

SLATE = "#1e2129"  # the dark palette's page background (Material's slate scheme)
WEEK_WITH_TARGETS = "2025-12-12"


@pytest.fixture(scope="module")
def explained(sample, sample_charts):
    """The sample's charts of one week with targets and FOMC decisions, and the long-run
    charts, by name: (spec, its static SVG parsed as XML)."""
    week, labels, files = sample_charts
    config, data, weeks, panel = sample
    long_run = charts.page_charts(history.site_series(panel, data, config, weeks), labels, files)
    drawn = [*week[WEEK_WITH_TARGETS], *(c for group in long_run.values() for c in group)]
    return {
        c.name: (
            dict(c.spec),
            ET.fromstring(vl_convert.vegalite_to_svg(static.static_text(c.spec))),
        )
        for c in drawn
    }


def texts(svg: ET.Element, role: str = "") -> list[ET.Element]:
    """The <text> elements of the SVG, only those under a group of ``role`` if given."""
    if not role:
        return list(svg.iter(f"{SVG}text"))
    groups = [g for g in svg.iter(f"{SVG}g") if role in (g.get("class") or "").split()]
    return [t for g in groups for t in g.iter(f"{SVG}text")]


def words(svg: ET.Element, role: str = "") -> list[str]:
    return ["".join(t.itertext()) for t in texts(svg, role)]


def number(label: str) -> float:
    return float(label.replace("\u2212", "-").replace(",", "").replace("+", ""))


SVG = "{http://www.w3.org/2000/svg}"
HEX = re.compile(r'"(#[0-9a-fA-F]{6})"')
YEAR = re.compile(r"(19|20)\d\d")


def test_signed_ticks_write_zero_as_0(explained):
    """Changes on an axis or legend carry their sign, and zero is 0 (never +0.0 or +0)."""
    for name in ("spread", "sectors", "yearly", "target_history", "sector_heat"):
        labels = words(explained[name][1], "role-axis-label") + words(
            explained[name][1], "role-legend-label"
        )
        assert labels, name
        assert not [x for x in labels if re.fullmatch(r"[+\u2212-]0(\.0+)?", x)], (name, labels)
        numbers = [  # not the years on the calendar-year chart's axis
            x for x in labels if re.fullmatch(r"[+\u2212-]?[\d,.]+", x) and not YEAR.fullmatch(x)
        ]
        assert numbers, (name, labels)
        assert all(x.startswith(("+", "\u2212")) or x == "0" for x in numbers), (name, numbers)
    for name in ("spread", "sectors", "sector_heat"):  # their axes or scales cross zero
        labels = words(explained[name][1], "role-axis-label") + words(
            explained[name][1], "role-legend-label"
        )
        assert "0" in labels, (name, labels)


def test_targets_are_written_as_whole_levels(explained):
    """A target is a round level (7,600), never 7,600.00; each is named on both charts."""
    for name in ("targets", "target_path"):
        drawn = " ".join(words(explained[name][1]))
        for level in ("7,600", "7,800", "8,000"):
            assert level in drawn, (name, level)
            assert f"{level}.00" not in drawn, (name, level)
    assert "7,600 · +11.3% to go" in " ".join(words(explained["targets"][1]))


def hue(colour: str) -> tuple[float, float]:
    """Hue in degrees and saturation of a #rrggbb colour."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, _, s = colorsys.rgb_to_hls(r, g, b)
    return h * 360, s


def reads_as_gain_or_loss(colour: str) -> bool:
    degrees, saturation = hue(colour)
    return saturation > 0.3 and (degrees < 20 or degrees > 340 or 90 < degrees < 160)


def test_hue_rule_by_hand():
    assert reads_as_gain_or_loss(templates.UP) and reads_as_gain_or_loss(templates.DOWN)
    assert reads_as_gain_or_loss("#d62728")  # category10's red: the old bull-case colour
    assert not reads_as_gain_or_loss("#2f6fce")


def test_targets_and_gaps_are_never_drawn_as_gains_or_losses(explained):
    """Green means a gain and red a loss everywhere: a target, a scenario (the bull case) or a
    gain still needed is never drawn in either, nor in a default palette that has them."""
    for name in ("targets", "target_path", "target_history"):
        spec = explained[name][0]
        text = json.dumps({k: v for k, v in spec.items() if k != "usermeta"})
        colours = set(HEX.findall(text))
        assert colours, name
        assert not [c for c in colours if reads_as_gain_or_loss(c)], (name, colours)
    colour = explained["target_history"][0]["encoding"]["color"]
    assert "range" in colour["scale"] or "scheme" in colour["scale"]  # not the default palette
    fills = {p.get("stroke") for p in explained["target_history"][1].iter(f"{SVG}path")}
    assert not [c for c in fills if c and HEX.fullmatch(f'"{c}"') and reads_as_gain_or_loss(c)]


def test_the_outlook_axis_fits_the_gaps(explained, sample):
    """The gains still needed fill the plot: the axis runs from near the smallest to near the
    largest, not from zero. (With the real weekly closes of the sample they run from −2.4%,
    the S&P 500 above Goldman Sachs' 7,600 on 2026-08-14, to 25.6%, the bull case's 8,000 on
    2026-03-27: within one tick step of the lowest and highest ticks.)"""
    spec, svg = explained["target_history"]
    gaps = [row["gap"] for row in spec["datasets"]["table"]]
    labels = [x for x in words(svg, "role-axis-label") if re.fullmatch(r"[+\u2212]?[\d.]+", x)]
    ticks = sorted(number(x) for x in labels)
    step = ticks[1] - ticks[0]
    assert min(ticks) - step < min(gaps) <= min(ticks) + step
    assert max(ticks) - step <= max(gaps) < max(ticks) + step


def test_the_heat_map_has_a_time_axis_and_a_colour_blind_safe_scale(explained):
    spec, svg = explained["sector_heat"]
    x = spec["encoding"]["x"]
    assert x["type"] == "temporal"
    dates = words(svg, "role-axis-label")
    months = [d for d in dates if re.fullmatch(r"[A-Z][a-z]{2} \d{4}", d)]
    assert len(months) >= 3, dates
    # ColorBrewer/Vega diverging schemes that stay apart for red-green colour blindness
    assert spec["encoding"]["color"]["scale"]["scheme"] in {"redblue", "blueorange", "purpleorange"}
    assert spec["encoding"]["color"]["scale"]["domainMid"] == 0


def test_axis_labels_are_never_rotated(explained):
    for name, (_, svg) in explained.items():
        turned = [
            "".join(t.itertext())
            for t in texts(svg, "role-axis-label")
            if "rotate" in (t.get("transform") or "")
        ]
        assert not turned, (name, turned)


def test_fomc_decisions_are_labelled(explained):
    """Each decision's dotted line says what the committee did, and the legend says what the
    dotted lines are."""
    spec, svg = explained["rotation"]
    events = spec["datasets"]["events"]
    assert events
    drawn = words(svg)
    assert "FOMC decision" in words(svg, "role-legend-label")
    said = [w for w in drawn if w in ("cut", "hold", "hike")]
    assert len(said) == len(events)
    for event, word in zip(events, said, strict=True):
        verb = {"cut": "cuts", "hold": "holds", "hike": "raises"}[word]
        assert verb in event["label"], (event, word)


def test_every_colour_has_a_readable_dark_twin(explained):
    """Each colour a chart draws with has a twin for the dark page, which stands out from its
    background (3:1, WCAG for graphics) as the light one does on white."""
    for name, (spec, _) in explained.items():
        dark = {k.lower(): v for k, v in spec.get("usermeta", {}).get("darkColours", {}).items()}
        text = json.dumps({k: v for k, v in spec.items() if k not in ("usermeta", "datasets")})
        for colour in {c.lower() for c in HEX.findall(text)}:
            assert colour in dark, (name, colour)
            assert contrast(dark[colour], SLATE) >= 3, (name, colour, dark[colour])
            assert contrast(colour, "#ffffff") >= 3, (name, colour)


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_by_hand():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_titles_say_what_and_when(explained):
    """A title names the index, the targets' year and the week the chart runs to."""
    titles = {name: spec["title"]["text"] for name, (spec, _) in explained.items()}
    assert titles["targets"] == "S&P 500 against 2026 year-end targets"
    assert titles["target_path"] == "S&P 500 weekly closes and 2026 year-end targets"
    for name in ("rotation", "performance", "spread", "sectors"):
        assert "December 12, 2025" in titles[name], titles[name]
    # The sample's data run to 2026-08-21 (the last week of tests/fixtures/weekly-closes.csv).
    assert titles["yearly"] == "Calendar-year returns, 2023\u20132026"


def test_a_drawer_started_ahead_draws_what_this_process_draws(monkeypatch, tmp_path, specs):
    names = sorted(specs)
    group = {"week": tuple(Chart(n, n, specs[n], "", "", "", static=True) for n in names)}
    here = [static.draw([static.static_text(specs[n])])[0] for n in names]
    monkeypatch.setattr(static, "draw", lambda texts: pytest.fail(f"drew {len(texts)} here"))
    with static.drawer_started() as drawer:
        drawing = static.Drawing([group], tmp_path, drawer=drawer)
        assert drawer.drawn is not None  # handed to the drawer, not drawn here
        (result,) = drawing.result()
    assert [c.svg for c in result["week"]] == here
