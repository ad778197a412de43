"""The command line: parse flags, call the library, map errors to exit codes. Nothing else."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator import __version__
from generator.config import load_config
from generator.errors import MarketweekError, StrictError, Warnings

CONFIG_HELP = "The site's mkdocs.yml (marketweek's settings live under extra.marketweek)."


config_option = click.option(
    "-f",
    "--config",
    "config_file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(path_type=Path),
    help=CONFIG_HELP,
)


def fail_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Print user errors as one `path:line: what — how to fix` line and exit 1."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return func(*args, **kwargs)
        except MarketweekError as exc:
            if debug:
                raise
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def warnings() -> Warnings:
    return Warnings(lambda message: click.echo(f"warning: {message}", err=True))


def progress(message: str) -> None:
    click.echo(f"· {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="marketweek")
@click.option("--debug", is_flag=True, help="Show the full traceback of any error.")
def main(debug: bool) -> None:
    """marketweek: publish a weekly market report as a static site.

    Market data in content/data/ and commentary in content/weeks/ go in; a site with one
    page per trading week comes out in site/, built with MkDocs. Run `marketweek COMMAND
    --help` for each command.
    """


@main.command()
@config_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1, site/ kept).")
@fail_cleanly
def build(config_file: Path, strict: bool) -> None:
    """Build the site into site/ (replaced only if the build succeeds)."""
    from generator.build import build as run_build

    warn = warnings()
    report = run_build(load_config(config_file, warn), warn, strict=strict, progress=progress)
    click.echo(
        f"built {report.pages} pages ({report.weeks} weeks) in {report.seconds:.1f} s"
        f" with {len(report.warnings)} warning(s)"
    )


@main.command()
@config_option
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@fail_cleanly
def check(config_file: Path, strict: bool) -> None:
    """Validate data and commentary and fact-check typed numbers, without building.

    Runs every stage but the engine (no site/ is written): bad data, unknown symbols or
    charts in commentary, and typed numbers that disagree with the data are reported with
    their file and line.
    """
    from generator.build import generate

    warn = warnings()
    config = load_config(config_file, warn)
    tree = generate(config, warn, progress=progress, static_images=False, drafts=True)
    pages = sum(d.path.endswith(".md") for d in tree.documents)
    click.echo(f"checked {pages} pages: {len(warn)} warning(s)")
    if strict and len(warn):
        raise StrictError(warn.messages)


@main.command()
@config_option
@click.option(
    "--week",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The week's last session (default: the latest complete week in the data).",
)
@fail_cleanly
def new(config_file: Path, week: Any) -> None:
    """Start the commentary file of a week, with the week's facts written in.

    Creates content/weeks/YYYY-MM-DD.md as a draft (set draft: false to publish it); an
    existing file is never touched.
    """
    from generator.pages.scaffold import new_week

    warn = warnings()
    path = new_week(load_config(config_file, warn), warn, week.date() if week else None)
    click.echo(f"wrote {path} — write your commentary, then set draft: false")


@main.command()
@config_option
@click.option("-p", "--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@fail_cleanly
def serve(config_file: Path, port: int) -> None:
    """Preview the site live: build, serve it, rebuild on every edit to content or templates."""
    from generator.publish.serve import serve as run_serve

    try:
        run_serve(config_file, port, lambda message: click.echo(message, err=True))
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


@main.command("import")
@config_option
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--symbol", help="Symbol of a one-series file (Yahoo, Stooq, FRED), e.g. RUT.")
@click.option("--replace", is_flag=True, help="Take the file's close where prices.csv differs.")
@fail_cleanly
def import_(config_file: Path, files: tuple[Path, ...], symbol: str | None, replace: bool) -> None:
    """Merge real price files into content/data/prices.csv.

    Reads Yahoo Finance and Stooq daily CSV exports, FRED series downloads, long
    (date,symbol,close) and wide (date,SYM1,SYM2,...) CSV; the format is recognised from the
    header. A close that disagrees with prices.csv is an error unless --replace is given.
    """
    from generator.load.data import load_universe
    from generator.load.importer import import_prices

    config = load_config(config_file, warnings())
    for path in files:
        report = import_prices(path, config.data_dir / "prices.csv", symbol, replace)
        click.echo(
            f"{path}: {report.format}, {', '.join(report.symbols)} "
            f"{report.first} → {report.last}: {report.added} added, "
            f"{report.replaced} replaced, {report.unchanged} already there"
        )
        known = load_universe(config.data_dir / "universe.csv")
        for name in sorted(s for s in report.symbols if s not in known):
            click.echo(
                f"warning: {name} is not in universe.csv — add a row for it "
                "(symbol,name,kind,sector,size,groups) before you build",
                err=True,
            )


@main.command("sample-data")
@click.option(
    "--out",
    default="content/data",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder to write the CSV files into.",
)
@fail_cleanly
def sample_data(out: Path) -> None:
    """Regenerate the illustrative sample data (deterministic: same bytes every time)."""
    from generator.sample.generate import write_sample_data

    for path in write_sample_data(out):
        click.echo(f"wrote {path}")
