"""Everything a user can name is documented in the README: settings, commands, prose
functions and charts."""

import re
from datetime import date

import pytest
from projects import REPO

from generator.charts.registry import WEEK_CHARTS
from generator.cli import main
from generator.config import OPTIONS
from generator.facts.prose import prose_functions

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("option", [o.name for o in OPTIONS])
def test_every_setting_is_documented(option):
    assert f"| `{option}` |" in README


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented(command):
    assert f"`marketweek {command}" in README


def test_every_prose_function_and_chart_is_documented(sample):
    _, data, _, panel = sample
    for name in prose_functions(panel, data, date(2025, 12, 12)):
        assert f"`{name}(" in README, name
    assert "`chart(" in README
    listed = re.search(r"^Charts: ((?:`\w+`(?:,\s+)?)+)", README, re.MULTILINE)
    assert listed, "README lists the charts commentary may embed: Charts: `rotation`, …"
    assert re.findall(r"`(\w+)`", listed[1]) == [c.name for c in WEEK_CHARTS]
