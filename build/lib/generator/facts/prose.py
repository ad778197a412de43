"""The values an author may write into commentary, evaluated as of the page's week.

``{{ close("RUT") }}``, ``{{ change("RUT", weeks=3) }}`` and the rest: each reads the compute
stage's point-in-time tables and returns text in the house format. These functions and
``chart()`` are all the commentary sandbox offers.
"""

from __future__ import annotations

import functools
import inspect
import reprlib
from collections.abc import Callable
from datetime import date

from generator import formats
from generator.errors import closest
from generator.facts import records, sentences
from generator.facts.panel import Panel, target_gaps, value_at, weekly_change
from generator.facts.panel import standing as panel_standing
from generator.model import MarketData, Standing

MAX_WEEKS = 520  # ten years of weeks: a larger count is a typo, not a question


class ProseError(LookupError):
    """A value asked for in commentary does not exist; ``args`` are (what, how to fix)."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(what, fix)


def prose_functions(panel: Panel, data: MarketData, day: date) -> dict[str, Callable[..., str]]:
    """The values an author may put in prose, evaluated as of ``day``."""

    def symbol(name: str) -> str:
        if name not in panel.daily.columns:
            raise ProseError(f"unknown symbol {name!r}", closest(name, sorted(panel.daily.columns)))
        return name

    def close(name: str) -> str:
        return formats.level(value_at(panel.weekly, day, symbol(name)))

    def _change(name: str, weeks: int) -> float | None:
        if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
            raise ProseError(
                f"weeks={weeks!r} is not a number of weeks",
                f'write a whole number from 1 to {MAX_WEEKS}, e.g. change("RUT", weeks=3)',
            )
        frame = panel.week_change if weeks == 1 else weekly_change(panel.weekly, weeks)
        return value_at(frame, day, symbol(name))

    def change(name: str, weeks: int = 1) -> str:
        return formats.change(_change(name, weeks), 1)

    def ytd(name: str) -> str:
        return formats.change(value_at(panel.ytd, day, symbol(name)), 1)

    def move(name: str, weeks: int = 1) -> str:
        return sentences.moved(_change(name, weeks))

    def size(name: str, weeks: int = 1) -> str:
        return formats.percent(_change(name, weeks))

    def standing(name: str) -> Standing:
        found = panel_standing(panel, symbol(name), day)
        if found is None:
            raise ProseError(f"{name!r} has no close up to {day}", "name a symbol with data")
        return found

    def known_record(name: str) -> tuple[Standing, tuple[float, date]]:
        found = standing(name)
        known = records.record(found)
        if known is None:
            raise ProseError(
                f"the data of {name} begin {found.coverage.first} and nothing says what came "
                "before, so its record close is not known",
                f'write its highest close in our data with high_close("{name}"), or give its '
                "record before the data in content/data/sources.csv (prior_high, prior_high_date)",
            )
        return found, known

    def record_date(name: str) -> str:
        return formats.day(known_record(name)[1][1])

    def record_close(name: str) -> str:
        return formats.level(known_record(name)[1][0])

    def below_record(name: str) -> str:
        found, known = known_record(name)
        return formats.percent(1 - found.close / known[0])

    def high_date(name: str) -> str:
        return formats.day(standing(name).high_day)

    def high_close(name: str) -> str:
        return formats.level(standing(name).high)

    def below_high(name: str) -> str:
        return formats.percent(records.below_high(standing(name)))

    def target_gap(firm: str) -> str:
        gaps = {g.target.firm: g for g in target_gaps(panel, data, day)}
        if firm not in gaps:
            raise ProseError(f"no target from {firm!r} as of {day}", closest(firm, sorted(gaps)))
        return formats.change(gaps[firm].gap, 1)

    firm = next((t.firm for t in data.targets), "Goldman Sachs")
    return {
        function.__name__: _checked(function, needs, example)
        for function, needs, example in (
            (close, "a symbol", 'close("RUT")'),
            (change, "a symbol", 'change("RUT", weeks=3)'),
            (ytd, "a symbol", 'ytd("RUT")'),
            (move, "a symbol", 'move("RUT", weeks=3)'),
            (size, "a symbol", 'size("RUT", weeks=3)'),
            (record_date, "a symbol", 'record_date("RUT")'),
            (record_close, "a symbol", 'record_close("RUT")'),
            (below_record, "a symbol", 'below_record("RUT")'),
            (high_date, "a symbol", 'high_date("RUT")'),
            (high_close, "a symbol", 'high_close("RUT")'),
            (below_high, "a symbol", 'below_high("RUT")'),
            (target_gap, "a firm's name", f'target_gap("{firm}")'),
        )
    }


def _checked(function: Callable[..., str], needs: str, example: str) -> Callable[..., str]:
    """``function``, its call checked first: every argument there and the first one text in
    quotes, or a ProseError that shows the call as it should be (``example``)."""
    signature = inspect.signature(function)
    name, fix = function.__name__, f"write e.g. {example}"

    @functools.wraps(function)
    def call(*args: object, **kwargs: object) -> str:
        try:
            first = next(iter(signature.bind(*args, **kwargs).arguments.values()))
        except TypeError as exc:  # the words of `bind`, without Python's names for things
            missing = "missing" in str(exc)
            raise ProseError(
                f"{name}() needs {needs}" if missing else f"bad call to {name}(): {exc}", fix
            ) from exc
        if not isinstance(first, str):
            raise ProseError(f"{name}() needs {needs} in quotes, not {reprlib.repr(first)}", fix)
        return function(*args, **kwargs)

    return call
