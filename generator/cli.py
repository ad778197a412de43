"""The command line: parse flags, call the library, map errors to exit codes. Nothing else."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator import __version__
from generator.config import load_config
from generator.errors import MarketweekError, Warnings

CONFIG_HELP = "The site's mkdocs.yml (marketweek's settings live under extra.marketweek)."


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
@click.option(
    "-f",
    "--config",
    "config_file",
    default="mkdocs.yml",
    show_default=True,
    type=click.Path(path_type=Path),
    help=CONFIG_HELP,
)
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
    from generator.sample import write_sample_data

    for path in write_sample_data(out):
        click.echo(f"wrote {path}")
