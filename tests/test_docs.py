"""Everything a user can name is documented in the README: settings, commands, prose
functions and charts."""

from datetime import date

import pytest
from projects import REPO

from generator.charts.specs import BUILDERS
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
    for chart in BUILDERS:
        assert f"`{chart}`" in README, chart
