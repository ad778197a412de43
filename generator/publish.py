"""The only module that knows the publishing engine (MkDocs 1.6) or touches ``site/``.

The docs tree is written to a staging folder with its own ``mkdocs.yml`` (no hooks, no
plugins of ours, nothing generated inside the engine), built there into a temporary folder,
and swapped in for ``site/`` only when the build succeeded. Switching engines means changing
``ENGINE`` and this module, nothing else.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator.config import EnvTag
from generator.errors import PublishError, where
from generator.model import Config, DocsTree, Document

ENGINE = (sys.executable, "-m", "mkdocs")
WARNING = re.compile(r"^(WARNING|ERROR)\s+-\s+(.*)$")


class _Dumper(yaml.SafeDumper):
    pass


def _represent_env(dumper: yaml.SafeDumper, tag: EnvTag) -> yaml.Node:
    return dumper.represent_sequence("!ENV", tag.args, flow_style=True)


_Dumper.add_representer(EnvTag, _represent_env)


def engine_config(tree: DocsTree, config: Config) -> dict[str, Any]:
    """The user's MkDocs settings plus what the generated tree needs."""
    settings = dict(config.mkdocs)
    settings.update(
        docs_dir="docs",
        nav=list(tree.nav),
        extra_css=[*settings.get("extra_css", []), *tree.extra_css],
        extra_javascript=[*settings.get("extra_javascript", []), *tree.extra_javascript],
        not_in_nav="/weeks/*/index.md\n",
        validation={
            "omitted_files": "info",
            "absolute_links": "warn",
            "unrecognized_links": "warn",
            "anchors": "warn",
        },
    )
    if tree.overrides:
        settings["theme"] = {**settings.get("theme", {}), "custom_dir": "overrides"}
    return settings


def write_folder(folder: Path, documents: tuple[Document, ...]) -> None:
    """Replace ``folder`` (ours alone, inside the staging folder) with ``documents``."""
    if folder.exists():
        shutil.rmtree(folder)
    for document in documents:
        target = folder / document.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(document.content, bytes):
            target.write_bytes(document.content)
        else:
            target.write_text(document.content, encoding="utf-8")


def stage(tree: DocsTree, config: Config) -> Path:
    """Write the docs tree and its config into the staging folder (ours alone)."""
    write_folder(config.staging_dir / "docs", tree.documents)
    write_folder(config.staging_dir / "overrides", tree.overrides)
    config_file = config.staging_dir / "mkdocs.yml"
    config_file.write_text(
        "# Written by marketweek from ../../mkdocs.yml; edit that file, not this one.\n"
        + yaml.dump(
            engine_config(tree, config), Dumper=_Dumper, sort_keys=False, allow_unicode=True
        ),
        encoding="utf-8",
    )
    return config_file


def run_engine(config_file: Path, out: Path) -> tuple[int, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [*ENGINE, "build", "--clean", "-f", str(config_file), "-d", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def publish(tree: DocsTree, config: Config, warn: Callable[[str], None], strict: bool) -> Path:
    """Stage, build and swap in the new site; the old one stays if anything fails."""
    config_file = stage(tree, config)
    config.site_dir.parent.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix=".site-new-", dir=config.site_dir.parent))
    try:
        code, log = run_engine(config_file, out)
        problems = [m.group(2) for line in log.splitlines() if (m := WARNING.match(line))]
        for problem in problems:
            warn(f"{where(config_file, None)}: MkDocs: {problem}")
        if code != 0:
            raise PublishError(
                config_file,
                None,
                f"MkDocs failed: {_last_line(log)}",
                "fix the problem named above; the previous site/ is unchanged",
            )
        if strict and problems:
            raise PublishError(
                config_file,
                None,
                f"{len(problems)} MkDocs warning(s) in strict mode",
                "fix the warnings above, or build without --strict",
            )
        swap_in(out, config.site_dir)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return config.site_dir


def swap_in(new: Path, site: Path) -> None:
    """Replace ``site`` with ``new`` in two renames, so readers never see half a site."""
    old = site.with_name(f".{site.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def _last_line(log: str) -> str:
    lines = [line for line in log.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"
