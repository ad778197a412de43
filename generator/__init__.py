"""marketweek: a weekly market report, built as a static site."""

__version__ = "0.1.0"
