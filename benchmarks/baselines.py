"""The two reference points issue 8 compares marketweek's build against.

    python benchmarks/baselines.py obvious PROJECT OUT   # Altair per page + MkDocs Material
    python benchmarks/baselines.py floor PROJECT OUT     # Jinja2 + Markdown straight to HTML

PROJECT is a marketweek project (its `content/data/*.csv` and `content/weeks/*.md` are read);
OUT is a scratch folder (its `docs/`, `site/` and `mkdocs.yml` are replaced). Both render one
page per complete week from the same data, computed the same way with pandas:

- a relative-strength line (RUT against SPX over 52 weeks, rebased to 100),
- sector bars (the eleven sector ETFs' changes on the week),
- the S&P 500 over 52 weeks against the strategists' targets published by then,

plus the week's commentary (its `{{ close("RUT") }}`-style calls evaluated by a small Jinja2
environment) and a table of the sector changes.

"obvious" is what a newcomer would write: three Altair chart objects per page, `to_dict()`
inlined into a Markdown page, then a plain MkDocs Material build with automatic navigation
(no `nav:`). "floor" is the least work that still produces the pages: the same data poured
into fixed Vega-Lite spec dicts and a small Jinja2 template, Markdown converted with the
`markdown` package, no MkDocs. Each prints its phase times as one JSON line on stdout.
"""

from __future__ import annotations

import html
import json
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd
import yaml

SECTOR_ETFS = ("XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY")
WINDOW = 52  # weeks shown in the line charts


@dataclass(frozen=True)
class Data:
    closes: pd.DataFrame  # sessions × symbols
    universe: pd.DataFrame
    targets: pd.DataFrame
    week_ends: list[pd.Timestamp]
    commentary: dict[str, tuple[dict[str, Any], str]]  # slug -> (front matter, body)


@dataclass(frozen=True)
class WeekData:
    slug: str
    title: str
    summary: str
    body: str  # Markdown, calls evaluated
    rs: pd.DataFrame  # date, rs
    sectors: pd.DataFrame  # sector, change
    spx: pd.DataFrame  # date, close
    targets: pd.DataFrame  # firm, target


def load(project: Path) -> Data:
    data = project / "content" / "data"
    prices = pd.read_csv(data / "prices.csv", usecols=["date", "symbol", "close"])
    prices["date"] = pd.to_datetime(prices["date"])
    closes = prices.pivot(index="date", columns="symbol", values="close").sort_index()
    universe = pd.read_csv(data / "universe.csv", keep_default_na=False)
    targets = pd.read_csv(data / "targets.csv", parse_dates=["published", "horizon"])
    days = closes.index
    iso = days.isocalendar()
    ends = list(pd.Series(days, index=days).groupby([iso.year, iso.week]).max())
    if ends and ends[-1].weekday() != 4:  # the data stop mid-week: that week is not complete
        ends = ends[:-1]
    commentary = {}
    for path in sorted((project / "content" / "weeks").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        commentary[path.stem] = (yaml.safe_load(front) or {}, body.strip())
    return Data(closes, universe, targets, ends, commentary)


def prose(closes: pd.DataFrame, weekly: pd.DataFrame, end: pd.Timestamp) -> dict[str, Callable]:
    """The values commentary may call, as of ``end`` (a small stand-in for marketweek's)."""
    known = closes.loc[:end]

    def pct(value: float) -> str:
        return f"{value * 100:+.1f}%"

    def change(symbol: str, weeks: int = 1) -> str:
        upto = weekly.loc[:end, symbol]
        return pct(upto.iloc[-1] / upto.iloc[-1 - weeks] - 1) if len(upto) > weeks else "n/a"

    def ytd(symbol: str) -> str:
        before = known.loc[: pd.Timestamp(end.year - 1, 12, 31), symbol]
        return pct(known[symbol].iloc[-1] / before.iloc[-1] - 1) if len(before) else "n/a"

    return {
        "close": lambda symbol: f"{known[symbol].iloc[-1]:,.2f}",
        "change": change,
        "ytd": ytd,
        "move": lambda symbol, weeks=1: f"moved {change(symbol, weeks)}",
        "size": lambda symbol, weeks=1: change(symbol, weeks).lstrip("+-"),
        "record_close": lambda symbol: f"{known[symbol].max():,.2f}",
        "record_date": lambda symbol: f"{known[symbol].idxmax():%B %-d, %Y}",
        "below_record": lambda symbol: pct(known[symbol].iloc[-1] / known[symbol].max() - 1),
        "target_gap": lambda firm: "n/a",
        "chart": lambda name: "",
    }


def weeks(data: Data) -> list[WeekData]:
    """Every week's numbers, computed with pandas from the data up to its last session."""
    closes, out = data.closes, []
    weekly = closes.loc[data.week_ends]
    names = dict(zip(data.universe["symbol"], data.universe["sector"], strict=True))
    env = jinja2.Environment(autoescape=False)
    for end in data.week_ends:
        slug = f"{end:%Y-%m-%d}"
        window = closes.loc[end - pd.Timedelta(weeks=WINDOW) : end]
        rs = 100 * (window["RUT"] / window["SPX"]) / (window["RUT"].iloc[0] / window["SPX"].iloc[0])
        upto = weekly.loc[:end]
        change = upto.iloc[-1] / upto.iloc[-2] - 1 if len(upto) > 1 else upto.iloc[-1] * 0
        sectors = [s for s in SECTOR_ETFS if s in closes.columns]
        targets = data.targets[
            (data.targets["published"] <= end)
            & (data.targets["horizon"].dt.year == end.year + (end.month > 10))
        ]
        front, body = data.commentary.get(slug, ({}, ""))
        body = env.from_string(body).render(**prose(closes, weekly, end)) if body else ""
        out.append(
            WeekData(
                slug=slug,
                title=str(front.get("title") or f"The week to {end:%B %-d, %Y}"),
                summary=str(front.get("summary") or ""),
                body=body,
                rs=pd.DataFrame({"date": rs.index.strftime("%Y-%m-%d"), "rs": rs.round(2).values}),
                sectors=pd.DataFrame(
                    {
                        "sector": [names[s] for s in sectors],
                        "change": (change[sectors] * 100).round(2).values,
                    }
                ),
                spx=pd.DataFrame(
                    {"date": window.index.strftime("%Y-%m-%d"), "close": window["SPX"].values}
                ),
                targets=targets[["firm", "target"]].reset_index(drop=True),
            )
        )
    return out


# ---------------------------------------------------------------- the obvious approach


def altair_charts(week: WeekData) -> list[dict[str, Any]]:
    import altair as alt

    rs = (
        alt.Chart(week.rs, title="Russell 2000 against the S&P 500 (rebased to 100)")
        .mark_line()
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("rs:Q", title="relative strength"),
            tooltip=["date:T", "rs:Q"],
        )
        .properties(width="container", height=240)
    )
    bars = (
        alt.Chart(week.sectors, title="Sector ETFs on the week (%)")
        .mark_bar()
        .encode(
            x=alt.X("change:Q", title="change (%)"),
            y=alt.Y("sector:N", sort="-x", title=None),
            color=alt.condition(alt.datum.change > 0, alt.value("#2e7d32"), alt.value("#c62828")),
            tooltip=["sector:N", "change:Q"],
        )
        .properties(width="container", height=260)
    )
    line = (
        alt.Chart(week.spx)
        .mark_line()
        .encode(x=alt.X("date:T", title=None), y=alt.Y("close:Q", title="S&P 500"))
    )
    rules = (
        alt.Chart(week.targets)
        .mark_rule(strokeDash=[4, 4])
        .encode(y="target:Q", tooltip=["firm:N", "target:Q"])
    )
    targets = (line + rules).properties(
        title="S&P 500 against the year-end targets", width="container", height=240
    )
    return [chart.to_dict() for chart in (rs, bars, targets)]


def markdown_page(week: WeekData, specs: list[dict[str, Any]]) -> str:
    lines = [f"# {week.title}", "", week.summary, "", week.body, ""]
    for spec in specs:
        payload = html.escape(json.dumps(spec, sort_keys=True), quote=True)
        lines += [f'<div class="vega-chart" data-spec="{payload}"></div>', ""]
    lines += ["| Sector | Change |", "|---|---:|"]
    lines += [
        f"| {s} | {c:+.2f}% |"
        for s, c in zip(week.sectors["sector"], week.sectors["change"], strict=True)
    ]
    return "\n".join(lines) + "\n"


MKDOCS_YML = """site_name: Obvious approach
site_url: http://127.0.0.1:8000/
theme:
  name: material
  font: false
  features: [navigation.instant, search.suggest]
markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - toc:
      permalink: true
"""


def obvious(project: Path, out: Path) -> dict[str, float]:
    timer = Timer()
    data = load(project)
    all_weeks = weeks(data)
    timer.lap("data")
    docs = fresh(out / "docs")
    (docs / "weeks").mkdir()
    specs = {week.slug: altair_charts(week) for week in all_weeks}
    timer.lap("altair")
    for week in all_weeks:
        (docs / "weeks" / f"{week.slug}.md").write_text(markdown_page(week, specs[week.slug]))
    latest = all_weeks[-1]
    (docs / "index.md").write_text(
        f"# Weekly report\n\nLatest: [{latest.title}](weeks/{latest.slug}.md)\n"
    )
    (out / "mkdocs.yml").write_text(MKDOCS_YML)
    timer.lap("markdown")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(out / "mkdocs.yml"), site_dir=str(out / "site")))
    timer.lap("mkdocs")
    return timer.laps | {"pages": len(all_weeks) + 1}


# ---------------------------------------------------------------- the Jinja2 + Markdown floor

PAGE = jinja2.Template(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ week.title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="../../style.css"></head>
<body><main>
<h1>{{ week.title }}</h1>
<p class="summary">{{ week.summary }}</p>
{{ body | safe }}
{% for spec in specs %}<figure><div class="vega-chart" data-spec="{{ spec }}"></div></figure>
{% endfor %}
<table><thead><tr><th>Sector</th><th>Change</th></tr></thead><tbody>
{% for sector, change in rows %}
<tr><td>{{ sector }}</td><td>{{ "%+.2f" | format(change) }}%</td></tr>{% endfor %}</tbody></table>
<nav>{% if prev %}<a href="../{{ prev }}/">Previous week</a>{% endif %}
{% if next %}<a href="../{{ next }}/">Next week</a>{% endif %}</nav>
</main></body></html>
""",
    autoescape=True,
)


def spec_templates() -> list[dict[str, Any]]:
    """Fixed Vega-Lite specs (the same three charts), into which each week's data are poured."""
    schema = "https://vega.github.io/schema/vega-lite/v5.json"
    return [
        {
            "$schema": schema,
            "title": "Russell 2000 against the S&P 500 (rebased to 100)",
            "mark": "line",
            "width": "container",
            "height": 240,
            "encoding": {
                "x": {"field": "date", "type": "temporal", "title": None},
                "y": {"field": "rs", "type": "quantitative"},
            },
        },
        {
            "$schema": schema,
            "title": "Sector ETFs on the week (%)",
            "mark": "bar",
            "width": "container",
            "height": 260,
            "encoding": {
                "x": {"field": "change", "type": "quantitative"},
                "y": {"field": "sector", "type": "nominal", "sort": "-x", "title": None},
            },
        },
        {
            "$schema": schema,
            "title": "S&P 500 against the year-end targets",
            "width": "container",
            "height": 240,
            "layer": [
                {
                    "mark": "line",
                    "encoding": {
                        "x": {"field": "date", "type": "temporal"},
                        "y": {"field": "close", "type": "quantitative"},
                    },
                },
                {
                    "mark": {"type": "rule", "strokeDash": [4, 4]},
                    "encoding": {"y": {"field": "target", "type": "quantitative"}},
                },
            ],
        },
    ]


def floor(project: Path, out: Path) -> dict[str, float]:
    import markdown

    timer = Timer()
    data = load(project)
    all_weeks = weeks(data)
    timer.lap("data")
    site = fresh(out / "site")
    templates = spec_templates()
    converter = markdown.Markdown(extensions=["tables", "attr_list", "md_in_html", "toc"])
    slugs = [w.slug for w in all_weeks]
    for i, week in enumerate(all_weeks):
        values = [
            week.rs.to_dict("records"),
            week.sectors.to_dict("records"),
            week.spx.to_dict("records"),
        ]
        specs = [
            dict(templates[0], data={"values": values[0]}),
            dict(templates[1], data={"values": values[1]}),
            dict(templates[2], data={"values": values[2]}),
        ]
        specs[2]["layer"] = [
            dict(templates[2]["layer"][0]),
            dict(templates[2]["layer"][1], data={"values": week.targets.to_dict("records")}),
        ]
        body = converter.reset().convert(week.body)
        page = PAGE.render(
            week=week,
            body=body,
            specs=[json.dumps(s, sort_keys=True) for s in specs],
            rows=zip(week.sectors["sector"], week.sectors["change"], strict=True),
            prev=slugs[i - 1] if i else None,
            next=slugs[i + 1] if i + 1 < len(slugs) else None,
        )
        folder = site / "weeks" / week.slug
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(page, encoding="utf-8")
    (site / "index.html").write_text(f'<a href="weeks/{slugs[-1]}/">Latest week</a>\n')
    timer.lap("render")
    return timer.laps | {"pages": len(all_weeks) + 1}


# ---------------------------------------------------------------- shared


class Timer:
    def __init__(self) -> None:
        self.last = time.monotonic()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.laps[f"{name}_s"] = round(now - self.last, 3)
        self.last = now


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


APPROACHES = {"obvious": obvious, "floor": floor}


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in APPROACHES:
        print(__doc__, file=sys.stderr)
        return 2
    name, project, out = argv[0], Path(argv[1]), Path(argv[2])
    started = time.monotonic()
    laps = APPROACHES[name](project, out)
    print(json.dumps(laps | {"total_s": round(time.monotonic() - started, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
