"""The only module that knows the publishing engine (MkDocs 1.6) or touches ``site/``.

The docs tree is written to a staging folder with its own ``mkdocs.yml`` (no hooks, no
plugins of ours, nothing generated inside the engine), built there into a temporary folder,
and swapped in for ``site/`` only when the build succeeded. Switching engines means changing
``ENGINE`` and this module, nothing else.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator import errors
from generator.config import EnvTag, key_line
from generator.errors import ConfigError, PublishError, where
from generator.model import Config, DocsTree, Document
from generator.publish import output

ENGINE = (sys.executable, "-m", "mkdocs")
WARNING = re.compile(r"^(WARNING|ERROR)\s+-\s+(.*)$")
CONFIG_VALUE = re.compile(r"Config value '([\w.]+)': (.*)")
OVERRIDE_FRAME = re.compile(r'File "(?:[^"]*/)?overrides/([^"]+)", line (\d+)')
TEMPLATE_ERROR = re.compile(r"^jinja2\.exceptions\.\w+: (.*)$", re.MULTILINE)
_PR_SET_PDEATHSIG = 1


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


def _die_with_parent() -> None:
    """In the engine's process: end when marketweek ends, so a killed build leaves no orphan."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def run_engine(config_file: Path, out: Path, epoch: int) -> tuple[int, str]:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH") or str(epoch),
    }
    done = subprocess.run(
        [*ENGINE, "build", "--clean", "-f", str(config_file), "-d", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    return done.returncode, done.stdout + done.stderr


def publish(
    tree: DocsTree,
    config: Config,
    warn: Callable[[str], None],
    strict: bool,
    say: Callable[[str], None] = lambda _: None,
) -> Path:
    """Stage, build and swap in the new site; the old one stays if anything fails."""
    staging = _claimed(config, "staging_dir", config.staging_dir)
    with output.locked(staging, say):
        output.clear_leftovers(config.site_dir)
        _claimed(config, "site_dir", config.site_dir, create=False)
        config_file = stage(tree, config)
        with output.work_folder(config.site_dir) as work:
            code, log = run_engine(config_file, work / "new", tree.epoch)
            check_engine_log(code, log, config, warn, strict)
            output.swap_in(work / "new", config.site_dir)
    return config.site_dir


def _claimed(config: Config, key: str, folder: Path, create: bool = True) -> Path:
    """``folder``, made ours; refused when it holds files marketweek did not write."""
    try:
        if create or folder.exists():
            output.claim(folder)
    except output.NotOurs as exc:
        raise ConfigError(
            config.config_file,
            key_line(config.config_file, key),
            f"{key} {str(errors.relative(folder, config.root))!r} holds files marketweek did "
            "not write, and a build "
            "would replace them",
            f"point {key} at a new or empty folder, or move those files away yourself",
        ) from exc
    return folder


def check_engine_log(
    code: int, log: str, config: Config, warn: Callable[[str], None], strict: bool
) -> None:
    """MkDocs' errors and warnings, said of the user's own files, never of the staged copy."""
    failure = config_failure(log, config) or template_failure(log, config)
    if failure:
        raise failure
    problems = [m.group(2) for line in log.splitlines() if (m := WARNING.match(line))]
    for problem in problems:
        warn(f"{where(config.config_file, None)}: MkDocs: {problem}")
    if code != 0:
        raise PublishError(
            config.config_file,
            None,
            f"MkDocs failed: {_last_line(log)}",
            "fix the problem named above; the previous site/ is unchanged",
        )
    if strict and problems:
        raise PublishError(
            config.config_file,
            None,
            f"{len(problems)} MkDocs warning(s) in strict mode",
            "fix the warnings above, or build without --strict",
        )


def config_failure(log: str, config: Config) -> ConfigError | None:
    """``Config value 'theme': …`` → the line of ``theme:`` in the user's mkdocs.yml."""
    match = CONFIG_VALUE.search(log)
    if not match:
        return None
    key, what = match.group(1), match.group(2).strip()
    return ConfigError(
        config.config_file,
        key_line(config.config_file, key),
        f"MkDocs cannot use the {key} setting: {what}",
        f"fix {key} in {config.config_file.name} (see the MkDocs documentation for it)",
    )


def template_failure(log: str, config: Config) -> ConfigError | None:
    """A theme override that does not compile → that file and line under ``templates/``."""
    frames = OVERRIDE_FRAME.findall(log)
    error = TEMPLATE_ERROR.search(log)
    if not frames or not error:
        return None
    name, line = frames[-1]
    return ConfigError(
        config.templates_dir / "overrides" / name,
        int(line),
        f"theme override error: {error.group(1).strip()}",
        "fix the template (it extends the theme's base.html)",
    )


def _last_line(log: str) -> str:
    lines = [line for line in log.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"
