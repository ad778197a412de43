"""The command line: parse flags, call the library, map errors to exit codes. Nothing else."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from generator import __version__, children, kept
from generator.config import load_config
from generator.errors import MarketweekError, StrictError, Warnings, machine_error, where

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
    """Print user errors, and the machine's (a full disk, a read-only folder), as one
    `path:line: what — how to fix` line and exit 1; stopped by Ctrl-C or SIGTERM, end its
    children and say so."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return func(*args, **kwargs)
        except (MarketweekError, OSError) as exc:
            if children.signalled():  # a child killed as the command stopped: not an error
                stopped(None)
            if debug:
                raise
            shown = exc if isinstance(exc, MarketweekError) else machine_error(exc)
            click.echo(f"error: {shown}", err=True)
            sys.exit(1)
        except KeyboardInterrupt as exc:
            stopped(exc)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def stopped(interrupt: KeyboardInterrupt | None) -> NoReturn:
    """Stopped by Ctrl-C or SIGTERM: its children ended, one line, exit 128 + the signal."""
    children.kill_all()
    status, message = children.exit_status(interrupt)
    click.echo(message, err=True)
    sys.exit(status)


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
    kept.tell(lambda message: click.echo(f"warning: {message}", err=True))


@main.command()
@config_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1, site/ kept).")
@fail_cleanly
def build(config_file: Path, strict: bool) -> None:
    """Build the site into site/ (replaced only if the build succeeds).

    The numbers of each week published for the first time are recorded in
    content/published/WEEK.json (commit them): later builds keep those weeks as they went
    out and note revisions (see `marketweek revise`). Nothing else in content/ is written.
    """
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
@click.option(
    "--explain",
    is_flag=True,
    help="List, per file and line, each claim the fact check read and what it was compared "
    "with, and the sentences with numbers it left alone.",
)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="List every data warning (gaps, stale symbols, jumps), none summed up in a count.",
)
@fail_cleanly
def check(config_file: Path, strict: bool, explain: bool, every: bool) -> None:
    """Validate settings, data and commentary and fact-check what authors write, without
    building.

    Runs every stage but the engine (no site/ is written): bad data, unknown symbols or
    charts in commentary, and typed numbers and claims (changes, streaks, sector ranks, the
    fed funds range) that disagree with the data are reported with their file and line, and
    so are the rows of universe.csv still at the defaults import guessed, with the page
    sections left empty because of them. --all lists every data warning.
    """
    from generator.build import explain_claims, generate

    warn = warnings()
    warn.every = every
    config = load_config(config_file, warn)
    tree = generate(config, warn, progress=progress, static_images=False, drafts=True)
    if explain:
        for line in explain_claims(config, Warnings()):  # said once, by the check above
            click.echo(line)
    pages = sum(d.path.endswith(".md") for d in tree.documents)
    click.echo(f"checked {pages} pages: {len(warn)} warning(s)")
    if strict and len(warn):
        raise StrictError(warn.messages)


@main.command()
@config_option
@click.argument("week")
@click.option(
    "--note",
    required=True,
    help="Why the numbers changed, shown with the revision (e.g. 'after a data revision').",
)
@fail_cleanly
def revise(config_file: Path, week: str, note: str) -> None:
    """Accept new numbers for a published week (WEEK: its last session, YYYY-MM-DD).

    A build keeps a published week's numbers as they went out (content/published/WEEK.json)
    and notes, dated, what the data now give instead; `check` lists each such revision and
    `build --strict` fails on one. This command writes the new numbers into the week's record
    with a dated revision listing what changed and the note: its page then shows the new
    numbers and the note, and its feed entry is updated.
    """
    from generator.build import revise as run_revise

    path, revision = run_revise(load_config(config_file, warnings()), week, note)
    shown = where(path, None)
    click.echo(f"revised {shown} ({len(revision.changes)} change(s), dated {revision.day}):")
    for line in revision.changes:
        click.echo(f"  {line}")


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
    from generator.build import week_report
    from generator.pages.scaffold import new_week

    warn = warnings()
    config = load_config(config_file, warn)
    path = new_week(config, week_report(config, warn, week.date() if week else None))
    click.echo(f"wrote {path} — write your commentary, then set draft: false")


@main.command()
@config_option
@click.option(
    "-p",
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port on 127.0.0.1 (taken: the next free one, said so).",
)
@fail_cleanly
def serve(config_file: Path, port: int) -> None:
    """Preview the site live: build, serve it, rebuild on every edit to content or templates."""
    from generator.build import generate
    from generator.publish.serve import Pipeline
    from generator.publish.serve import serve as run_serve

    say = lambda message: click.echo(message, err=True)  # noqa: E731
    try:  # it returns once stopped (MkDocs' server takes Ctrl-C itself)
        run_serve(config_file, port, say, Pipeline(load_config, generate))
    except KeyboardInterrupt:
        children.kill_all()
    click.echo("stopped", err=True)


@main.command("import")
@config_option
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option(
    "--symbol",
    help="Symbol of a one-series file that names none (Yahoo bars), e.g. RUT; one file only.",
)
@click.option(
    "--price",
    type=click.Choice(["close", "adjusted"]),
    default="close",
    show_default=True,
    help="Which close of a Yahoo file to take: the raw Close or the Adj Close.",
)
@click.option("--dayfirst", "order", flag_value="day", help="01/02/2025 is 1 February.")
@click.option("--monthfirst", "order", flag_value="month", help="01/02/2025 is 2 January.")
@click.option("--replace", is_flag=True, help="Take the file's value where the data differ.")
@click.option(
    "--skip-non-sessions",
    is_flag=True,
    help="Leave out closes dated on weekends and holidays (crypto files) instead of failing.",
)
@click.option(
    "--rename",
    multiple=True,
    metavar="OLD=NEW",
    help="Store a series under another symbol, e.g. --rename SP500=SPX (repeatable).",
)
@click.option(
    "--rates",
    multiple=True,
    metavar="NAME",
    help="Treat the series NAME as a rate or macro series, not a close (repeatable).",
)
@click.option(
    "--columns",
    metavar="A,B",
    default="",
    help="Take only these series of a wide or long file (comma-separated), e.g. "
    "--columns SPX,RUT; the others are left out and listed.",
)
@fail_cleanly
def import_(
    config_file: Path,
    files: tuple[Path, ...],
    symbol: str | None,
    price: str,
    order: str | None,
    replace: bool,
    skip_non_sessions: bool,
    rename: tuple[str, ...],
    rates: tuple[str, ...],
    columns: str,
) -> None:
    """Bring real data files into content/data/.

    \b
    Reads CSV exports as people have them:
      Yahoo Finance and yfinance (any column order; the raw Close unless --price adjusted,
        also yfinance's two-line multi-ticker header), Stooq and IBKR bars (lower case),
        long date,symbol,close rows, wide date,SYM1,SYM2,... tables, FRED downloads;
      a Date, date, timestamp or observation_date column with ISO dates, MM/DD/YYYY or
        DD/MM/YYYY (--monthfirst/--dayfirst when no day above 12 settles it), Jan 2 2025,
        YYYYMMDD, epoch seconds, or times with a zone (1998-12-22 00:00:00-05:00 is the
        22nd: a stamp at midnight is the day it names, other times the exchange's date);
      ; separators with decimal commas, a BOM, CRLF line ends, newest rows first.

    \b
    Where each series goes:
      closes to prices.csv, written as the file gives them (no rounding; float noise such
        as 182.00999450683594 is written 182.01);
      DFEDTARL/DFEDTARU (or DFEDTAR) to fed_funds.csv, one row per change of the range;
      yields, SOFR, CPI and other FRED series to rates.csv (date,series,value).

    \b
    The symbol of a one-series file: --symbol, else its ticker/symbol column, else the
    file name (XLF.csv is XLF). A header that names its series (date,RUT) is the symbol:
    --symbol must agree, or use --rename. Volume, open/high/low and other columns are left
    out and listed. Empty values (blank, null, .) are skipped; a repeated row with the same
    value is ignored, with another value it is an error naming both lines. A close on a
    weekend or holiday is an error (it usually means the dates are shifted) unless
    --skip-non-sessions; closes before the calendar's first session are left out and
    counted. Zero or negative closes are errors. A value that disagrees with the data
    already there is an error unless --replace. New symbols get a row in universe.csv:
    name and kind from the file, else from the shipped reference of common indices, ETFs
    (the SPDR sectors with their sector) and the Magnificent Seven, else a stock named
    after its ticker; Yahoo's ^GSPC is SPX, as fetch names it. `marketweek universe`
    lists what is left to fill in.

    Every file is checked before anything is written: one bad file leaves every data file
    as it was. The summary lists, per file, what was left out, and per series the rows
    added, replaced and already there.
    """
    from generator.load.importer import ImportOptions, import_files, summary

    config = load_config(config_file, warnings())
    options = ImportOptions(
        symbol=symbol,
        price=price,
        order=order,
        replace=replace,
        skip_non_sessions=skip_non_sessions,
        rename=tuple(_pair(text) for text in rename),
        rates=frozenset(rates),
        calendar=config.calendar,
        columns=frozenset(c.strip() for c in columns.split(",") if c.strip()),
    )
    report = import_files(list(files), config.data_dir, options)
    for line in summary(report):
        click.echo(line)


def _pair(text: str) -> tuple[str, str]:
    old, sep, new = text.partition("=")
    if not sep or not old.strip() or not new.strip():
        raise click.BadParameter(f"{text!r} is not OLD=NEW, e.g. SP500=SPX", param_hint="--rename")
    return old.strip(), new.strip()


@main.group(invoke_without_command=True)
@config_option
@click.pass_context
@fail_cleanly
def universe(ctx: click.Context, config_file: Path) -> None:
    """List the symbols of universe.csv with their closes and what is missing.

    \b
    Each row: symbol, kind, how many closes (first → last), name, and what the pages need
    and it lacks (a name other than the ticker; a stock's sector and size; closes). Then
    the page sections left empty (no sector ETFs: no sector chart; no member of the basket
    group: no basket). Fill rows in with `marketweek universe set`, drop a symbol with
    `marketweek universe remove`.
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = config_file
        return
    from generator.load.universe import listing

    config = load_config(config_file, warnings())
    for line in listing(config.data_dir, config.basket):
        click.echo(line)


@universe.command("set")
@click.argument("symbol")
@click.option("--name", help='The security\'s name as pages say it, e.g. "Russell 2000".')
@click.option("--kind", help="index, etf or stock.")
@click.option("--sector", help="GICS sector, e.g. Financials (an etf with one is a sector ETF).")
@click.option("--size", help="mega, large, mid, small or micro ('' for none).")
@click.option("--groups", help="Space-separated groups, e.g. mag7 (the basket setting's group).")
@click.pass_context
@fail_cleanly
def universe_set(ctx: click.Context, symbol: str, **fields: str | None) -> None:
    """Set fields of SYMBOL's row in universe.csv (a row is added if it has none)."""
    from generator.load.universe import set_fields

    config = load_config(ctx.obj, warnings())
    given = {k: v.strip() for k, v in fields.items() if v is not None}
    click.echo(set_fields(config.data_dir, symbol, given))


@universe.command("remove")
@click.argument("symbol")
@click.pass_context
@fail_cleanly
def universe_remove(ctx: click.Context, symbol: str) -> None:
    """Remove SYMBOL: its row of universe.csv, its closes in prices.csv and its rows of
    sources.csv, all together or none (a symbol a setting or an outlook target names stays)."""
    from generator.load.universe import remove

    config = load_config(ctx.obj, warnings())
    settings = {k: getattr(config, k) for k in ("small_caps", "large_caps", "nasdaq")}
    click.echo(remove(config.data_dir, symbol, settings))


@main.command("fetch")
@config_option
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="First day to fetch, YYYY-MM-DD (default: the day after each symbol's last close; "
    "for the fed funds range, its last change).",
)
@click.option(
    "--symbols",
    metavar="A,B",
    default="",
    help="Symbols to fetch, comma-separated (default: every symbol of universe.csv).",
)
@click.option("--no-fed", is_flag=True, help="Leave the fed funds range out.")
@click.option("--replace", is_flag=True, help="Take the fetched value where the data differ.")
@fail_cleanly
def fetch_(config_file: Path, since: Any, symbols: str, no_fed: bool, replace: bool) -> None:
    """Bring closes and the fed funds range up to date from public sources.

    \b
    Closes come from Yahoo Finance through yfinance (install it with
    pip install 'marketweek[fetch]'); the indices of the shipped reference are asked for by
    Yahoo's ticker (RUT as ^RUT, SPX as ^GSPC, IXIC as ^IXIC, NDX, DJI, VIX, SOX, MID, SML as
    ^SP600, …), any other symbol as it is.
    The fed funds target range (DFEDTARL, DFEDTARU) comes from FRED's CSV download.
    Closes are asked for up to the day before today (in the exchange's time zone), so a
    session still trading is never stored.

    Every answer goes through the checks of `marketweek import` (sessions, positive closes,
    agreement with the data already there unless --replace) and is written all together or
    not at all. The answers of the latest fetch are kept in the cache folder under fetched/,
    where an error's line can be read.
    """
    from generator.load.fetch import FetchOptions, exchange_today, fetch, report_lines

    config = load_config(config_file, warnings())
    options = FetchOptions(
        today=exchange_today(config.calendar),
        since=since.date() if since else None,
        symbols=tuple(s.strip() for s in symbols.split(",") if s.strip()),
        fed=not no_fed,
        replace=replace,
        calendar=config.calendar,
    )
    report = fetch(config.data_dir, config.cache_dir / "fetched", options)
    for line in report_lines(report):
        click.echo(line)


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--sample",
    is_flag=True,
    help="Fill it with the illustrative sample (data and six weeks of commentary), "
    "so it builds at once.",
)
@fail_cleanly
def init(folder: Path, sample: bool) -> None:
    """Start a new report in FOLDER (new or empty): mkdocs.yml with every setting explained,
    content/data/ (CSV files with their headers, or the sample) and content/weeks/.

    Then: cd FOLDER, bring your closes in with `marketweek import FILE...` (or start from
    --sample), `marketweek new` for a week's commentary, `marketweek serve` to preview and
    `marketweek build` to publish site/.
    """
    from generator.starter import init_project

    written = init_project(folder, sample)
    click.echo(f"wrote {len(written)} files in {folder}")
    cd = f"cd {shlex.quote(str(folder))}"  # pasted into a shell as it is: quoted when it must be
    if sample:
        click.echo(f"next: {cd} && marketweek build   (or marketweek serve to preview)")
    else:
        click.echo(
            f"next: {cd} && marketweek import YOUR_CLOSES.csv, fill in "
            "content/data/universe.csv, then marketweek check && marketweek build"
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
