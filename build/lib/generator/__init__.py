"""marketweek: a weekly market report, built as a static site."""

from pathlib import Path

__version__ = "0.1.0"


def _packaged_templates() -> Path:
    """The page templates: generator/templates in an installed wheel, the repository's
    top-level templates/ in a source checkout (an editable install)."""
    inside = Path(__file__).parent / "templates"
    return inside if inside.is_dir() else Path(__file__).parent.parent / "templates"


PACKAGED_TEMPLATES = _packaged_templates()
