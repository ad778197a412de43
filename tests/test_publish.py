"""The staged tree is plain: MkDocs and ProperDocs both build it, with nothing of ours inside."""

import os
import subprocess
import sys

import pytest
import yaml
from projects import make_project, project_config

from generator.build import build
from generator.config import EnvTag
from generator.errors import Warnings


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!ENV", lambda loader, node: EnvTag(loader.construct_sequence(node)))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("publish"))
    build(project_config(root), Warnings())
    return root


def pages(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.html"))


def test_staged_config_uses_no_hooks_or_plugins_of_ours(project):
    staged = yaml.load((project / ".marketweek/staging/mkdocs.yml").read_text(), Loader=_Loader)
    assert "hooks" not in staged
    assert staged.get("plugins", ["search"]) == ["search"]
    assert staged["docs_dir"] == "docs"


def engine_build(engine: str, project, out, *flags):
    """Build the staged tree with ``engine`` (a Python module) into ``out``."""
    staging = project / ".marketweek/staging"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [
        sys.executable,
        "-m",
        engine,
        "build",
        *flags,
        "-f",
        str(staging / "mkdocs.yml"),
        "-d",
        str(out),
    ]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_properdocs_builds_the_same_pages(project, tmp_path):
    done = engine_build("properdocs", project, tmp_path / "pd")
    assert done.returncode == 0, done.stderr
    assert pages(tmp_path / "pd") == pages(project / "site")
    assert "weeks/2025-12-12/index.html" in pages(project / "site")


def test_plain_mkdocs_builds_the_staged_tree(project, tmp_path):
    done = engine_build("mkdocs", project, tmp_path / "mk", "--strict")
    assert done.returncode == 0, done.stderr
    assert pages(tmp_path / "mk") == pages(project / "site")
