"""Tiny projects for tests: the fixture in tests/fixtures/tiny, with files replaced at will."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from generator.config import load_config
from generator.errors import Warnings
from generator.facts import narrative
from generator.facts import panel as compute
from generator.model import Config

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "fixtures" / "tiny"


def make_project(tmp_path: Path, files: dict[str, str] | None = None, source: Path = TINY) -> Path:
    """Copy a project (and the repo's templates) into ``tmp_path``; write ``files`` over it."""
    root = tmp_path / "project"
    shutil.copytree(source / "content", root / "content")
    shutil.copy(source / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def site_url_from_env(root: Path) -> Path:
    """The project's ``site_url`` read from ``$MARKETWEEK_SITE_URL`` (MkDocs' ``!ENV`` tag),
    the fixture's address its default; returns the config file."""
    config_file = root / "mkdocs.yml"
    config_file.write_text(
        config_file.read_text(encoding="utf-8").replace(
            "site_url: http://127.0.0.1:8000/",
            "site_url: !ENV [MARKETWEEK_SITE_URL, 'http://127.0.0.1:8000/']",
        ),
        encoding="utf-8",
    )
    return config_file


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in ``root``, as a user would type ``marketweek ARGS``."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def project_config(root: Path, warn: Warnings | None = None) -> Config:
    return load_config(root / "mkdocs.yml", warn or Warnings())


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, to prove nothing changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def report_for(sample, slug: str):
    """One week's report from the ``sample`` fixture, told as a build tells it (without
    commentary)."""
    config, data, weeks, panel = sample
    index = [w.slug for w in weeks].index(slug)
    facts = [compute.week_facts(panel, data, config, weeks, i, None) for i in (index - 1, index)]
    return narrative.tell(facts[1], facts[0] if index else None, config, panel.names, panel)


def append_a_week(root: Path) -> None:
    """The closes of 12-08…12-12 again a week later: a fifth week, ending 2025-12-19."""
    prices = root / "content/data/prices.csv"
    text = prices.read_text(encoding="utf-8")
    last_week = [line for line in text.splitlines() if "2025-12-08" <= line[:10] <= "2025-12-12"]
    moved = [
        f"{date.fromisoformat(line[:10]) + timedelta(days=7)}{line[10:]}" for line in last_week
    ]
    prices.write_text(text + "\n".join(moved) + "\n", encoding="utf-8")
