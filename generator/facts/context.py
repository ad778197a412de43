"""Historical context on a week's numbers: "its first weekly gain in 4 weeks", "its highest
weekly close since June 28, 2024".

Read from the panel's weekly closes and changes up to the week's last session, so a week's
context uses only that week and the weeks before it. A phrase is given only when it holds for
the weeks in the data: when a run reaches back to the first week, nothing is claimed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date

from generator import formats
from generator.facts.panel import Panel
from generator.formats import is_zero

MIN_RUN = 3  # "first weekly gain in 2 weeks" says nothing a reader would not see
MIN_SINCE = 5  # weeks back before "highest weekly close since …" is worth saying


def first_move_in(changes: Sequence[float | None]) -> str:
    """'its first weekly gain in 4 weeks' when the weeks before the last all went the other
    way. ``changes``: weekly changes, oldest first, the week in question last."""
    now = changes[-1] if changes else None
    if now is None or is_zero(now):
        return ""
    gain = now > 0
    for back in range(1, len(changes)):
        earlier = changes[-1 - back]
        if earlier is None:
            return ""  # a week without a change: the run's length is not known
        if earlier > 0 if gain else earlier < 0:
            break
    else:
        return ""  # the run reaches the first week known
    if back < MIN_RUN:
        return ""
    return f"its first weekly {'gain' if gain else 'loss'} in {back} weeks"


def extreme_since(weeks: Sequence[date], closes: Sequence[float | None]) -> str:
    """'its highest (lowest) weekly close since <week>' when that week is far enough back.
    ``weeks`` and ``closes``: oldest first, the week in question last."""
    now = closes[-1] if closes else None
    if now is None:
        return ""
    last = len(closes) - 1
    for word, sign in (("highest", 1), ("lowest", -1)):
        found = next(
            (
                i
                for i in range(last - 1, -1, -1)
                if (c := closes[i]) is not None and sign * (c - now) >= 0
            ),
            None,
        )
        if found is not None and last - found >= MIN_SINCE:
            return f"its {word} weekly close since {formats.day(weeks[found])}"
    return ""


def index_context(panel: Panel, symbol: str, day: date) -> tuple[str, ...]:
    """Every context phrase that holds for ``symbol`` in the week ending ``day``."""
    if symbol not in panel.weekly.columns:
        return ()
    lists = panel.weekly_lists(symbol)
    stop = bisect_right(lists.weeks, day)  # the weeks up to the week ending ``day``
    phrases = (
        first_move_in(lists.changes[1:stop]),
        extreme_since(lists.weeks[:stop], lists.closes[:stop]),
    )
    return tuple(p for p in phrases if p)
