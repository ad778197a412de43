"""`marketweek init`: a new project that builds as it is, with the settings the pages need;
`check` refuses a mkdocs.yml without them before any work starts."""

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml
from projects import REPO, TINY, make_project, run

from generator.starter import SAMPLE_WEEKS


def init(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(tmp_path, "init", *args)


def test_init_writes_a_project_with_empty_data_files_and_says_what_next(tmp_path):
    done = init(tmp_path, "report")
    assert done.returncode == 0, done.stderr
    root = tmp_path / "report"
    headers = {p.name: p.read_text().strip() for p in (root / "content/data").iterdir()}
    assert headers == {
        "prices.csv": "date,symbol,close",
        "universe.csv": "symbol,name,kind,sector,size,groups",
        "targets.csv": "firm,index,horizon,scenario,target,published,source",
        "events.csv": "date,kind,label",
        "fed_funds.csv": "date,lower,upper",
    }
    assert (root / "content/weeks").is_dir() and not any((root / "content/weeks").iterdir())
    assert "marketweek import" in done.stdout
    checked = run(root, "check")
    assert checked.returncode == 1
    assert "content/data/prices.csv: no prices — bring your closes in with `marketweek import" in (
        checked.stderr
    )


def test_a_new_project_with_data_builds_pages_whose_markdown_is_rendered(tmp_path):
    """The starter mkdocs.yml has what the pages need: the previous/next links are links."""
    assert init(tmp_path, "report").returncode == 0
    root = tmp_path / "report"
    shutil.rmtree(root / "content/data")
    shutil.copytree(TINY / "content/data", root / "content/data")
    built = run(root, "build", "--strict")
    assert built.returncode == 0, built.stderr
    page = (root / "site/weeks/2025-12-05/index.html").read_text(encoding="utf-8")
    assert '<a href="../2025-11-28/">← Week ending' in page
    assert '<a href="../2025-12-12/">Week ending' in page
    assert "[← Week ending" not in page  # Markdown left as text: md_in_html missing
    assert not (root / "templates").exists()  # the package's templates did it


def test_init_sample_builds_the_sample_report(tmp_path, built_site):
    """The same report as the repository's sample (its chart images reused from that build)."""
    assert init(tmp_path, "report", "--sample").returncode == 0
    root = tmp_path / "report"
    config = root / "mkdocs.yml"
    shared = built_site.root / ".marketweek" / "cache"
    config.write_text(
        config.read_text().replace("# cache_dir: .marketweek/cache", f"cache_dir: {shared}")
    )
    built = run(root, "build", "--strict")
    assert built.returncode == 0, built.stderr
    weeks = sorted((root / "site/weeks").glob("2*/index.html"))
    assert len(weeks) == len(sorted((built_site.site / "weeks").glob("2*/index.html")))
    page = (root / "site/weeks/2025-12-12/index.html").read_text(encoding="utf-8")
    assert "2,551.46" in page  # the Russell 2000's real close that week (reference figures)


def test_the_packaged_sample_commentary_is_the_repositorys(tmp_path):
    packaged = {p.name: p.read_bytes() for p in SAMPLE_WEEKS.glob("*.md")}
    assert packaged == {p.name: p.read_bytes() for p in (REPO / "content/weeks").glob("*.md")}


def test_init_never_writes_into_a_folder_with_files(tmp_path):
    mine = tmp_path / "report" / "notes.txt"
    mine.parent.mkdir()
    mine.write_text("mine")
    done = init(tmp_path, "report", "--sample")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "report: is not an empty folder; marketweek init never writes over files" in (
        done.stderr
    )
    assert [p.name for p in mine.parent.iterdir()] == ["notes.txt"]
    assert mine.read_text() == "mine"


MINIMAL = "site_name: Mine\n{theme}markdown_extensions:\n{extensions}extra:\n  generator: false\n"
ALL = "  - tables\n  - attr_list\n  - md_in_html\n"


@pytest.mark.parametrize(
    ("theme", "extensions", "line", "message"),
    [
        (
            "",
            ALL,
            None,
            "no theme is set; marketweek's pages are made for MkDocs Material — set `theme:` to "
            "`name: material`",
        ),
        (
            "theme: readthedocs\n",
            ALL,
            2,
            "the theme is 'readthedocs'; marketweek's pages are made for MkDocs Material",
        ),
        (
            "theme:\n  name: material\n",
            "  - tables\n  - attr_list\n",
            4,
            "the Markdown extension md_in_html is not enabled; the pages need it for the "
            "takeaways and the previous/next links, Markdown inside HTML — add `- md_in_html` "
            "under markdown_extensions:",
        ),
        (
            "theme:\n  name: material\n",
            "  - toc:\n      permalink: true\n  - md_in_html\n  - attr_list\n",
            4,
            "the Markdown extension tables is not enabled",
        ),
    ],
)
def test_check_refuses_settings_the_pages_need_before_any_work(
    tmp_path, theme, extensions, line, message
):
    root = make_project(tmp_path)
    config = MINIMAL.format(theme=theme, extensions=extensions)
    (root / "mkdocs.yml").write_text(config)
    for command in ("check", "build"):
        done = run(root, command)
        assert done.returncode == 1, done.stdout
        where = "mkdocs.yml" + (f":{line}" if line else "")
        assert f"error: {where}: {message}" in done.stderr
        assert "loading data" not in done.stderr  # before any work


def test_every_commented_setting_uncommented_is_its_default(tmp_path):
    """The starter explains each setting at its default: uncommenting one changes nothing."""
    from generator.config import OPTIONS

    assert init(tmp_path, "report").returncode == 0
    config = tmp_path / "report" / "mkdocs.yml"
    names = {option.name for option in OPTIONS}
    lines = config.read_text().splitlines()
    opened = [
        line.replace("# ", "", 1) if line.strip("# ").split(":")[0] in names else line
        for line in lines
    ]
    assert sum(a != b for a, b in zip(lines, opened, strict=True)) == len(OPTIONS)
    ours = "\n".join(opened).split("  marketweek:\n", 1)[1]  # the block of our settings
    values = yaml.safe_load(textwrap.dedent(ours))
    assert values == {option.name: option.default for option in OPTIONS}


def test_init_into_a_file_says_it_is_a_file(tmp_path):
    (tmp_path / "report").write_text("mine")
    done = init(tmp_path, "report")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        "error: report: is a file, not a folder; marketweek init makes a new folder for a "
        "project — choose a new folder name, e.g. marketweek init my-report"
    )
    assert (tmp_path / "report").read_text() == "mine"


def test_the_next_hint_quotes_a_path_with_spaces(tmp_path):
    """The hint is pasted into a shell as it is printed."""
    done = init(tmp_path, "my report")
    assert done.returncode == 0, done.stderr
    assert "next: cd 'my report' && marketweek import YOUR_CLOSES.csv" in done.stdout
    hint = next(line for line in done.stdout.splitlines() if line.startswith("next: "))
    cd = hint.removeprefix("next: ").split(" && ")[0]
    assert (
        subprocess.run(["sh", "-c", f"{cd} && pwd"], cwd=tmp_path, capture_output=True, text=True)
        .stdout.strip()
        .endswith("/my report")
    )
