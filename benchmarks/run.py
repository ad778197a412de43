"""The benchmark of issue 8: build, preview and page figures against the issue's targets.

    python benchmarks/run.py              # everything (about 15-30 minutes on 2 cores today)
    python benchmarks/run.py --quick      # without the scale project (a few minutes)
    python benchmarks/run.py --only serve --only paint

Prints a table (figure, result, target, ✓/✗) and writes the same table to
benchmarks/results.md and, with the raw figures, to benchmarks/results.json (both rewritten
by every run, after every step). Every step works in a temporary folder; a step that fails
prints its error as a row and the run goes on. Steps, in order:

  sample     a copy of the repository's mkdocs.yml and content/: first build with
             empty caches (.marketweek/ deleted, HOME and XDG_CACHE_HOME fresh, no
             MARKETWEEK_*CACHE* variable), repeat build, rebuild after appending a sentence to
             content/weeks/2025-12-12.md
  baselines  the obvious approach (Altair objects per page + MkDocs Material, automatic nav)
             and the Jinja2 + Markdown floor (benchmarks/baselines.py) on the sample: each run
             twice, the second timed; our sample repeat build divided by each
  serve      `python -m generator serve --port P` in a copy of the sample: seconds until the
             first page answers 200; then, with weeks/2025-12-12/ open in headless Chromium, the
             seconds from appending a word to that week's commentary until the word shows in
             the open page without the harness reloading it ("no auto-reload" after 60 s)
  scale      (not with --quick) benchmarks/scale.py's 1,040 weeks x 500 symbols: first build
             (empty caches), repeat build, one more week of closes appended and rebuilt, peak
             memory; the same generator at 260 weeks for time per page and its ratio
  sizes      the newest week page (raw and gzipped HTML), search/search_index.json, and
             whether the vega bundle has a content-hashed file name; on the scale site at
             1,040 weeks, or on the sample site with --quick
  paint      the newest week page of that site over `python -m http.server` on 127.0.0.1,
             opened at its first chart (charts are drawn as the reader nears them): ms from
             navigation start until the first chart's marks have a size, median of 5 loads in
             a fresh browser context each
  lighthouse (issue 19) Lighthouse 12.2.3 from npm (benchmarks/lighthouse.py), mobile and
             desktop presets, on the home and newest week pages of that site served
             compressed as static hosts serve it, and the week and home pages on mobile served
             plain: each figure the median of 3 runs with the load average beside it; then the
             first chart drawn at 390 px with the CPU slowed 4x (median of 5)

Run it with the project's virtual environment (.venv/bin/python); when started with another
Python it re-runs itself with that one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
VENV = REPO / ".venv"
if (VENV / "bin/python").exists() and Path(sys.prefix).resolve() != VENV.resolve():
    os.execv(VENV / "bin/python", [str(VENV / "bin/python"), *sys.argv])
sys.path[:0] = [str(BENCH), str(REPO)]

import measure  # noqa: E402  (after the path is set)
from measure import Run, StepError  # noqa: E402
from report import Results, Row, error_text, kilobytes, megabytes, meta, seconds  # noqa: E402

STEPS = ("sample", "baselines", "serve", "scale", "sizes", "paint", "lighthouse")
EDITED_WEEK = "2025-12-12"
SCALE_WEEKS, SMALL_WEEKS, SCALE_SYMBOLS = 1040, 260, 500
RELOAD_WAIT = 60.0  # seconds before "no auto-reload"
BUILD_TIMEOUT, SCALE_TIMEOUT, SERVE_TIMEOUT = 1800.0, 3600.0, 900.0


@dataclass
class Context:
    tmp: Path
    results: Results
    quick: bool
    sample_repeat: float | None = None
    site: Path | None = None  # a built site for sizes and paint
    site_label: str = ""

    def add(self, *args: object, **kwargs: object) -> Row:
        return self.results.add(Row(*args, **kwargs))  # type: ignore[arg-type]

    def failed(self, section: str, figure: str, exc: BaseException) -> None:
        self.add(section, figure, "error", note=error_text(exc))


def timed(
    ctx: Context, section: str, figure: str, run: Run | float, limit: float | None, note: str = ""
) -> None:
    secs = run if isinstance(run, float) else run.seconds
    target = f"≤ {limit:g} s" if limit is not None else ""
    ok = None if limit is None else secs <= limit
    ctx.add(section, figure, seconds(secs), round(secs, 3), "s", target, ok, note)


def memory_note(run: Run) -> str:
    return f"peak memory {megabytes(run.peak)}"


def week_pages(site: Path) -> list[Path]:
    return sorted(site.glob("weeks/2*/index.html"))


def keep_site(ctx: Context, project: Path, name: str, label: str) -> None:
    """Copy a built site aside for the sizes and paint steps (later builds may change it)."""
    copy = ctx.tmp / name
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project / "site", copy, symlinks=True)
    ctx.site, ctx.site_label = copy, label


# ---------------------------------------------------------------- sample


class Stop(Exception):
    """The step cannot go on; what stopped it is already a row of the table."""


def build_row(
    ctx: Context,
    figure: tuple[str, str],
    project: Path,
    env: dict[str, str],
    limit: float | None,
    note: Callable[[Run], str] = lambda run: "",
    timeout: float = BUILD_TIMEOUT,
) -> Run:
    """One timed build as a row; a failed build is a ✗ row with its error, then Stop."""
    section, name = figure
    try:
        run = measure.build(project, env, timeout)
    except measure.BuildFailed as exc:
        ctx.add(
            section,
            name,
            f"failed after {seconds(exc.run.seconds)}",
            None,
            "s",
            f"≤ {limit:g} s" if limit is not None else "",
            False if limit else None,
            f"{exc}; {memory_note(exc.run)}",
        )
        ctx.results.details[f"failed: {section}: {name}"] = exc.run.tail(30)
        raise Stop from exc
    timed(ctx, section, name, run, limit, note(run))
    return run


def step_sample(ctx: Context) -> None:
    project = measure.copy_sample(ctx.tmp / "sample")
    home = ctx.tmp / "sample-home"
    measure.cold_start(project, home)
    env = measure.build_env(home)
    site = project / "site"

    def pages(run: Run) -> str:
        counts = f"{measure.count_pages(site)} pages, {len(week_pages(site))} weeks"
        return f"{counts}; {memory_note(run)}"

    build_row(ctx, ("sample", "first build, empty caches"), project, env, 20, pages)
    repeat = build_row(ctx, ("sample", "repeat build, nothing changed"), project, env, 3, pages)
    ctx.sample_repeat = repeat.seconds
    keep_site(ctx, project, "sample-site", f"sample, {len(week_pages(site))} weeks")
    word = f"mwedit{secrets.token_hex(4)}"
    commentary = project / "content" / "weeks" / f"{EDITED_WEEK}.md"
    with commentary.open("a", encoding="utf-8") as out:
        out.write(f"\nThe benchmark appended this sentence ({word}).\n")

    def shown(run: Run) -> str:
        page = site / "weeks" / EDITED_WEEK / "index.html"
        ok = page.exists() and word in page.read_text(encoding="utf-8", errors="replace")
        return ("" if ok else "the appended sentence is NOT on the rebuilt page; ") + pages(run)

    figure = ("sample", f"rebuild after editing weeks/{EDITED_WEEK}.md")
    build_row(ctx, figure, project, env, 1.5, shown)


# ---------------------------------------------------------------- baselines


def run_baseline(ctx: Context, name: str, project: Path) -> tuple[Run, Run, dict]:
    out = ctx.tmp / f"baseline-{name}"
    env = measure.build_env(ctx.tmp / f"baseline-{name}-home")
    args = [sys.executable, str(BENCH / "baselines.py"), name, str(project), str(out)]
    runs = []
    for _ in range(2):
        run = measure.run_timed(args, ctx.tmp, env, BUILD_TIMEOUT)
        if run.status != 0:
            raise StepError(f"{name} failed (exit {run.status}):\n{run.tail()}")
        runs.append(run)
    laps = next(
        (
            json.loads(line)
            for line in reversed(runs[1].output.splitlines())
            if line.startswith("{")
        ),
        {},
    )
    return runs[0], runs[1], laps


def our_repeat_build(ctx: Context) -> float:
    """Our sample repeat build: from the sample step, or measured here (two builds)."""
    if ctx.sample_repeat is None:
        project = measure.copy_sample(ctx.tmp / "sample-for-ratio")
        home = ctx.tmp / "sample-for-ratio-home"
        measure.cold_start(project, home)
        env = measure.build_env(home)
        measure.build(project, env, BUILD_TIMEOUT)
        ctx.sample_repeat = measure.build(project, env, BUILD_TIMEOUT).seconds
    return ctx.sample_repeat


def step_baselines(ctx: Context) -> None:
    project = measure.copy_sample(ctx.tmp / "baseline-project")
    figures = {}
    for name, label in (("obvious", "the obvious approach"), ("floor", "Jinja2 + Markdown floor")):
        try:
            first, second, laps = run_baseline(ctx, name, project)
        except Exception as exc:
            ctx.failed("baselines", f"{label}: repeat build", exc)
            continue
        figures[name] = second.seconds
        phases = ", ".join(
            f"{k[:-2]} {v:.1f} s" for k, v in laps.items() if k.endswith("_s") and k != "total_s"
        )
        timed(
            ctx,
            "baselines",
            f"{label}: repeat build (2nd of 2 runs)",
            second,
            None,
            f"1st run {seconds(first.seconds)}; {laps.get('pages', '?')} pages; {phases}",
        )
        ctx.results.details[f"baseline_{name}"] = laps | {"first_s": first.seconds}
    try:
        ours = our_repeat_build(ctx)
    except Exception as exc:
        ctx.failed("baselines", "our repeat build, for the ratios", exc)
        return
    for name, label, target in (
        ("obvious", "the obvious approach", 1.0),
        ("floor", "the floor", None),
    ):
        if name not in figures:
            continue
        ratio = ours / figures[name]
        ctx.add(
            "baselines",
            f"our repeat build ÷ {label}'s",
            f"{ratio:.2f}×",
            round(ratio, 3),
            "×",
            "< 1× (ahead of it)" if target else "",
            None if target is None else ratio < target,
            f"ours {seconds(ours)} against {seconds(figures[name])}",
        )


# ---------------------------------------------------------------- serve


def step_serve(ctx: Context) -> None:
    project = measure.copy_sample(ctx.tmp / "serve")
    home = ctx.tmp / "serve-home"
    measure.cold_start(project, home)
    port = measure.free_port()
    base = f"http://127.0.0.1:{port}/"
    log = ctx.tmp / "serve.log"
    args = [sys.executable, "-m", "generator", "serve", "--port", str(port)]
    with log.open("wb") as out:
        started = time.monotonic()
        proc = subprocess.Popen(
            args,
            cwd=project,
            env=measure.build_env(home),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            first = measure.wait_for_page(base, SERVE_TIMEOUT, alive=proc)
            if first is None:
                raise StepError(
                    f"no page at {base} within {SERVE_TIMEOUT:.0f} s "
                    f"(server {'exited' if proc.poll() is not None else 'running'}):\n" + tail(log)
                )
            timed(ctx, "serve", "start → first page answers 200", time.monotonic() - started, 5)
            week_url = f"{base}weeks/{EDITED_WEEK}/"
            if measure.wait_for_page(week_url, SERVE_TIMEOUT, alive=proc) is None:
                raise StepError(f"{week_url} never answered 200:\n{tail(log)}")
            measure.wait_quiet(log, quiet=2.0, timeout=60)
            reload_figures(ctx, project, week_url)
        finally:
            how = measure.stop(proc)
            ctx.results.details["serve_log_tail"] = tail(log, 15)
            ctx.results.details["serve_stopped"] = how


def tail(log: Path, lines: int = 6) -> str:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return "\n".join(text.strip().splitlines()[-lines:])


def reload_figures(ctx: Context, project: Path, url: str) -> None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    word = f"mwreload{secrets.token_hex(4)}"
    with sync_playwright() as pw:
        browser = measure.launch(pw)
        try:
            page = browser.new_page()
            page.goto(url, wait_until="load")
            page.wait_for_timeout(1000)  # let the page open whatever reload channel it has
            navigations: list[float] = []
            page.on(
                "framenavigated",
                lambda f: navigations.append(time.monotonic()) if f == page.main_frame else None,
            )
            commentary = project / "content" / "weeks" / f"{EDITED_WEEK}.md"
            edited = time.monotonic()
            with commentary.open("a", encoding="utf-8") as out:
                out.write(f"\nA word for the reload benchmark: {word}.\n")
            seen, served, last_fetch = None, None, 0.0
            while time.monotonic() - edited < RELOAD_WAIT:
                try:
                    if page.evaluate("w => document.body.innerText.includes(w)", word):
                        seen = time.monotonic() - edited
                        break
                except PlaywrightError:
                    pass  # the page is navigating
                if served is None and time.monotonic() - last_fetch > 0.25:
                    last_fetch = time.monotonic()
                    if word.encode() in measure.fetch(url)[1]:
                        served = time.monotonic() - edited
                page.wait_for_timeout(50)
        finally:
            browser.close()
    if served is None:  # keep asking the server a while, to tell a slow rebuild from no reload
        left = measure.wait_for_page(url, 240, contains=word.encode())
        served = None if left is None else time.monotonic() - edited
    if served is None and seen is not None:
        served = seen
    how = "the page reloaded itself" if navigations else "updated in place"
    if seen is not None:
        timed(ctx, "serve", "edit → visible in the open page", seen, 1.5, f"automatic: {how}")
    else:
        note = (
            f"the rebuilt page was served after {seconds(served)}, but the open page never "
            "showed it"
            if served is not None
            else f"the edit was not served within {RELOAD_WAIT + 240:.0f} s either"
        )
        ctx.add(
            "serve",
            "edit → visible in the open page",
            "no auto-reload",
            None,
            "s",
            "≤ 1.5 s",
            False,
            note,
        )
    if served is not None:
        timed(ctx, "serve", "edit → rebuilt page served (HTTP)", served, None)


# ---------------------------------------------------------------- scale


def step_scale(ctx: Context) -> None:
    if ctx.quick:
        ctx.add("scale", "scale project", "skipped (--quick)")
        return
    per_page = {}
    for weeks in (SCALE_WEEKS, SMALL_WEEKS):
        try:
            per_page[weeks] = scale_project(ctx, weeks)
        except Stop:
            pass
        except Exception as exc:
            ctx.failed("scale", f"{weeks:,} weeks", exc)
    for weeks, (secs, pages) in per_page.items():
        ctx.add(
            "scale",
            f"time per page at {weeks:,} weeks",
            f"{secs / pages * 1000:.0f} ms",
            round(secs / pages, 5),
            "s",
            note=f"first build {seconds(secs)} ÷ {pages} pages",
        )
    if len(per_page) == 2:
        big, small = (per_page[w][0] / per_page[w][1] for w in (SCALE_WEEKS, SMALL_WEEKS))
        ctx.add(
            "scale",
            f"time per page, {SCALE_WEEKS:,} ÷ {SMALL_WEEKS} weeks",
            f"{big / small:.2f}×",
            round(big / small, 3),
            "×",
            "≤ 1.2×",
            big / small <= 1.2,
        )


def scale_project(ctx: Context, weeks: int) -> tuple[float, int]:
    """Generate and build one scale project (the full set of figures at 1,040 weeks);
    returns its first build's seconds and its number of HTML pages."""
    import scale

    project, site = ctx.tmp / f"scale-{weeks}", ctx.tmp / f"scale-{weeks}" / "site"
    started = time.monotonic()
    counts = scale.write_scale_project(project, weeks, SCALE_SYMBOLS)
    generated = time.monotonic() - started
    size = (project / "content/data/prices.csv").stat().st_size
    ctx.results.details[f"scale_{weeks}"] = counts | {"prices_bytes": size}
    timed(
        ctx,
        "scale",
        f"generate {weeks:,} weeks × {SCALE_SYMBOLS} symbols (scale.py)",
        generated,
        None,
        f"{counts['rows']:,} price rows ({megabytes(size)}), {counts['commentaries']} commentaries",
    )
    home = ctx.tmp / f"scale-{weeks}-home"
    measure.cold_start(project, home)
    env = measure.build_env(home)

    def pages(run: Run) -> str:
        counts = f"{measure.count_pages(site)} pages, {len(week_pages(site))} weeks"
        return f"{counts}; {memory_note(run)}"

    figure = ("scale", f"first build, empty caches ({weeks:,} weeks)")
    limit = 120 if weeks == SCALE_WEEKS else None
    first = build_row(ctx, figure, project, env, limit, pages, SCALE_TIMEOUT)
    result = (first.seconds, measure.count_pages(site))
    if weeks != SCALE_WEEKS:
        return result
    figure = ("scale", "repeat build, nothing changed")
    repeat = build_row(ctx, figure, project, env, 15, pages, SCALE_TIMEOUT)
    keep_site(ctx, project, "scale-site", f"scale, {len(week_pages(site))} weeks")
    added = scale.append_week(project)

    def newest(run: Run) -> str:
        last = week_pages(site)[-1].parent.name if week_pages(site) else "none"
        return f"closes for {added[0]}…{added[-1]} appended; newest week page {last}; " + pages(run)

    figure = ("scale", "append one week of data, rebuild")
    append = build_row(ctx, figure, project, env, 5, newest, SCALE_TIMEOUT)
    peak = max(first, repeat, append, key=lambda r: r.peak)
    ctx.add(
        "scale",
        "peak memory of a build",
        megabytes(peak.peak),
        peak.peak,
        "bytes",
        "≤ 1.5 GB",
        peak.peak <= 1.5e9,
        f"largest process {megabytes(peak.maxrss)}, whole tree {megabytes(peak.tree_pss)} "
        "(PSS, sampled every 0.2 s)",
    )
    return result


# ---------------------------------------------------------------- sizes and paint


def ensure_site(ctx: Context) -> Path:
    """The site the sizes and paint steps look at: the largest built so far, or the sample's."""
    if ctx.site is None:
        project = measure.copy_sample(ctx.tmp / "sample-for-sizes")
        home = ctx.tmp / "sample-for-sizes-home"
        measure.cold_start(project, home)
        measure.build(project, measure.build_env(home), BUILD_TIMEOUT)
        keep_site(ctx, project, "sample-site", f"sample, {len(week_pages(project / 'site'))} weeks")
    assert ctx.site is not None
    return ctx.site


def step_sizes(ctx: Context) -> None:
    site = ensure_site(ctx)
    pages = week_pages(site)
    if not pages:
        raise StepError(f"no week pages under {site}/weeks/")
    html = pages[-1].read_bytes()
    packed = len(gzip.compress(html))
    oldest = pages[0].read_bytes()
    where = f"{pages[-1].parent.name} ({ctx.site_label})"
    ctx.add(
        "sizes",
        "newest week page, HTML",
        kilobytes(len(html)),
        len(html),
        "bytes",
        "≤ 120 KB",
        len(html) <= 120_000,
        f"{where}; oldest week {kilobytes(len(oldest))}",
    )
    ctx.add(
        "sizes",
        "newest week page, gzipped",
        kilobytes(packed),
        packed,
        "bytes",
        "≤ 30 KB",
        packed <= 30_000,
        f"oldest week {kilobytes(len(gzip.compress(oldest)))}",
    )
    index = site / "search" / "search_index.json"
    if index.exists():
        n = index.stat().st_size
        ctx.add(
            "sizes",
            "search index",
            megabytes(n),
            n,
            "bytes",
            "≤ 5 MB",
            n <= 5_000_000,
            f"site/search/search_index.json ({ctx.site_label})",
        )
    else:
        ctx.add("sizes", "search index", "missing", note="no site/search/search_index.json")
    bundles = sorted(site.glob("assets/vendor/vega-bundle*.js")) or sorted(
        site.rglob("vega*bundle*.js")
    )
    if not bundles:
        ctx.add(
            "sizes",
            "vega bundle name",
            "not found",
            None,
            "",
            "content-hashed",
            False,
            "no assets/vendor/vega-bundle*.js",
        )
        return
    names = [b.relative_to(site).as_posix() for b in bundles]
    hashed = [n for n in names if re.search(r"vega-bundle[.-][0-9a-fA-F]{6,}(\.min)?\.js$", n)]
    used = [n for n in names if Path(n).name in html.decode("utf-8", "replace")]
    note = f"{len(names)} bundle file(s); the page loads {', '.join(used) or 'none of them'}"
    ctx.add(
        "sizes",
        "vega bundle name",
        (hashed or names)[0],
        (hashed or names)[0],
        "",
        "content-hashed",
        bool(hashed),
        note,
    )


def step_paint(ctx: Context) -> None:
    from playwright.sync_api import sync_playwright

    site = ensure_site(ctx)
    pages = week_pages(site)
    if not pages:
        raise StepError(f"no week pages under {site}/weeks/")
    path = pages[-1].parent.relative_to(site).as_posix() + "/"
    # Opened at the first chart: charts are drawn as the reader nears them (issue 19).
    first = re.search(r'<figure[^>]*\bid="(chart-[^"]+)"', pages[-1].read_text(encoding="utf-8"))
    path += f"#{first.group(1)}" if first else ""
    server, base = measure.static_server(site)
    cold, warm, problems = [], [], []
    try:
        with sync_playwright() as pw:
            browser = measure.launch(pw)
            ctx.results.details["chromium"] = browser.version
            try:
                for _ in range(5):
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    page = context.new_page()
                    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
                    page.on(
                        "console",
                        lambda m: (
                            problems.append(f"console: {m.text}") if m.type == "error" else None
                        ),
                    )
                    page.on(
                        "request",
                        lambda r: (
                            problems.append(f"request off the machine: {r.url}")
                            if not r.url.startswith(base) and not r.url.startswith("data:")
                            else None
                        ),
                    )
                    cold.append(first_chart_ms(page, base + path))
                    warm.append(first_chart_ms(page, base + path))
                    context.close()
            finally:
                browser.close()
    finally:
        measure.stop(server)
    median = statistics.median(cold)
    ctx.results.details["paint_ms"] = {"cold": cold, "warm": warm, "problems": problems[:20]}
    note = (
        f"{path} ({ctx.site_label}); fresh browser context each; loads "
        f"{', '.join(f'{v:.0f}' for v in cold)} ms; reloaded with a warm cache: median "
        f"{statistics.median(warm):.0f} ms"
    )
    if problems:
        note += f"; {len(problems)} console/page errors or outside requests, first: {problems[0]}"
    ctx.add(
        "paint",
        "first chart painted after navigation start",
        f"{median:.0f} ms",
        round(median, 1),
        "ms",
        "≤ 500 ms",
        median <= 500,
        note,
    )


def first_chart_ms(page, url: str) -> float:  # type: ignore[no-untyped-def]
    if page.url == url:  # the same address with its #anchor again would only scroll
        page.reload(wait_until="commit")
    else:
        page.goto(url, wait_until="commit")
    handle = page.wait_for_function(measure.FIRST_CHART, polling="raf", timeout=30_000)
    return float(handle.json_value())


# ---------------------------------------------------------------- lighthouse (issue 19)

LIGHTHOUSE_RUNS = 3
PLAIN_MATERIAL_PAGE = 87  # Lighthouse mobile of a plain Material page, same text (issue 19)


def step_lighthouse(ctx: Context) -> None:
    import lighthouse

    site = ensure_site(ctx)
    pages = week_pages(site)
    if not pages:
        raise StepError(f"no week pages under {site}/weeks/")
    week = pages[-1].parent.relative_to(site).as_posix() + "/"
    figures = ctx.results.details.setdefault("lighthouse", {})
    for compressed in (True, False):
        served = "compressed" if compressed else "plain"
        with lighthouse.serving(site, compressed) as base:
            for name, path, preset in (
                ("newest week", week, "mobile"),
                ("home", "", "mobile"),
                ("newest week", week, "desktop"),
                ("home", "", "desktop"),
            ):
                if not compressed and preset == "desktop":
                    continue
                label = f"{name}, {preset}, {served}"
                got = lighthouse.median_of(base + path, preset, LIGHTHOUSE_RUNS)
                figures[label] = got
                lighthouse_row(ctx, label, path, preset, got)
            if compressed:
                chart = lighthouse.first_chart_ms(base, week)
                figures["first chart"] = chart
                ctx.add(
                    "lighthouse",
                    "first chart drawn, 390 px, CPU 4×",
                    f"{chart['first']:.0f} ms",
                    round(float(chart["first"]), 1),  # type: ignore[arg-type]
                    "ms",
                    "≤ 1000 ms",
                    float(chart["first"]) <= 1000,  # type: ignore[arg-type]
                    f"{week} opened at its first chart, fresh browser each; runs "
                    + ", ".join(f"{v:.0f}" for v in chart["runs"])  # type: ignore[attr-defined]
                    + f" ms; load {chart['load']}",
                )


def lighthouse_row(ctx: Context, label: str, path: str, preset: str, got: dict) -> None:
    target = 90 if preset == "mobile" else 98
    if "plain" in label:  # served uncompressed: ahead of the plain Material page of issue 19
        target = PLAIN_MATERIAL_PAGE
    others = all(got[k] == 100 for k in ("accessibility", "best-practices", "seo"))
    lo, hi = got["performance range"]
    note = (
        f"/{path}; performance {lo}–{hi}; accessibility {got['accessibility']:.0f}, "
        f"best practices {got['best-practices']:.0f}, SEO {got['seo']:.0f}; "
        f"FCP {got['fcp'] / 1000:.1f} s, LCP {got['lcp'] / 1000:.1f} s, TBT {got['tbt']:.0f} ms; "
        f"{got['bytes'] / 1000:.0f} KB in {got['requests']:.0f} requests; load {got['load']}"
    )
    if got["failed"]:
        note += f"; failed audits: {', '.join(got['failed'])}"
    ok = got["performance"] >= target and others
    if preset == "mobile" and "compressed" in label:
        ok = ok and got["lcp"] <= 2500 and got["tbt"] <= 200
        ok = ok and got["bytes"] <= 250_000
    ctx.add(
        "lighthouse",
        f"Lighthouse {label}",
        f"{got['performance']:.0f}",
        got["performance"],
        "score",
        f"≥ {target}, others 100"
        + (", LCP ≤ 2.5 s, TBT ≤ 200 ms, ≤ 250 KB" if "mobile, compressed" in label else ""),
        ok,
        note,
    )


# ---------------------------------------------------------------- the command

RUNNERS: dict[str, Callable[[Context], None]] = {
    "sample": step_sample,
    "baselines": step_baselines,
    "serve": step_serve,
    "scale": step_scale,
    "sizes": step_sizes,
    "paint": step_paint,
    "lighthouse": step_lighthouse,
}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/run.py",
        description=__doc__.split("\n\n", 1)[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="skip the scale project (a few minutes; for trying the harness); "
        "sizes and paint then use the sample site",
    )
    parser.add_argument(
        "--only",
        metavar="NAME",
        action="append",
        choices=STEPS,
        help=f"run only this step (repeatable): {', '.join(STEPS)}; the table keeps the "
        "other steps' rows from the last run, each noted with its date and commit",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary folder with the projects and sites, and say where",
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv[1:])
    results = Results(meta(argv))
    if args.only:  # the other steps' figures stay in the table, said to be earlier ones
        results.keep_earlier(BENCH, STEPS, args.only)
    print("\n".join(results.header()), flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="marketweek-bench-"))
    ctx = Context(tmp, results, args.quick)
    try:
        for name in STEPS:
            if args.only and name not in args.only:
                continue
            print(f"\n== {name}", flush=True)
            started = time.monotonic()
            try:
                RUNNERS[name](ctx)
            except Stop:
                pass
            except Exception as exc:
                ctx.failed(name, "step failed", exc)
            results.details.setdefault("step_seconds", {})[name] = round(
                time.monotonic() - started, 1
            )
            results.save(BENCH)
    except KeyboardInterrupt:
        ctx.add("run", "interrupted", "Ctrl-C", note="the figures above were taken")
    finally:
        if args.keep:
            print(f"\nkept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    results.meta["load average"] += f" at the start, {os.getloadavg()[0]:.2f} at the end"
    results.save(BENCH)
    print("\n" + results.text())
    print(f"\nwritten: {BENCH / 'results.md'}, {BENCH / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
