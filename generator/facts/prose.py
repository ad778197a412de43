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
from generator.facts.panel import High, Panel, high_as_of, target_gaps, value_at, weekly_change
from generator.model import MarketData


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

    def change(name: str, weeks: int = 1) -> str:
        if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 1:
            raise ProseError(
                f"weeks={weeks!r} is not a number of weeks",
                'write a whole number from 1 up, e.g. change("RUT", weeks=3)',
            )
        frame = panel.week_change if weeks == 1 else weekly_change(panel.weekly, weeks)
        return formats.change(value_at(frame, day, symbol(name)), 1)

    def ytd(name: str) -> str:
        return formats.change(value_at(panel.ytd, day, symbol(name)), 1)

    def record(name: str) -> High:
        high = high_as_of(panel.daily[symbol(name)], day)
        if high is None:
            raise ProseError(f"{name!r} has no close up to {day}", "name a symbol with data")
        return high

    def record_date(name: str) -> str:
        return formats.day(record(name).high_day)

    def below_record(name: str) -> str:
        row = record(name)
        return formats.percent(1 - float(row.close) / float(row.high))

    def record_close(name: str) -> str:
        return formats.level(float(record(name).high))

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
            (record_date, "a symbol", 'record_date("RUT")'),
            (record_close, "a symbol", 'record_close("RUT")'),
            (below_record, "a symbol", 'below_record("RUT")'),
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
