import pytest
from projects import REPO, make_project, run

from generator import digests
from generator.config import load_config
from generator.config_file import key_positions
from generator.errors import ConfigError, Warnings


def test_defaults_fill_what_the_file_leaves_out(tmp_path):
    root = make_project(tmp_path)
    config = load_config(root / "mkdocs.yml", Warnings())
    assert (config.small_caps, config.large_caps, config.basket) == ("RUT", "SPX", "mag7")
    assert config.site_dir == root / "site"
    assert config.authors == ("Tiny Desk",)


def test_wrong_type_names_the_line(tmp_path):
    root = make_project(tmp_path)
    path = root / "mkdocs.yml"
    path.write_text(path.read_text().replace("    authors: [Tiny Desk]", "    authors: 7"))
    line = path.read_text().splitlines().index("    authors: 7") + 1
    with pytest.raises(ConfigError) as caught:
        load_config(path, Warnings())
    expected = f":{line}: extra.marketweek.authors must be a list of names, got 7"
    assert expected in str(caught.value)


@pytest.mark.parametrize("value", ["-1", "some", "true", "2.5"])
def test_static_charts_takes_a_count_of_weeks_or_all(tmp_path, value):
    root = make_project(tmp_path)
    path = root / "mkdocs.yml"
    text = path.read_text().replace(
        "  marketweek:\n", f"  marketweek:\n    static_charts: {value}\n"
    )
    path.write_text(text)
    line = text.splitlines().index(f"    static_charts: {value}") + 1
    with pytest.raises(ConfigError) as caught:
        load_config(path, Warnings())
    assert (
        f":{line}: extra.marketweek.static_charts must be a number of weeks such as 20, or all"
        in str(caught.value)
    )


def test_static_charts_defaults_to_twelve_weeks_and_all_means_every_week(tmp_path):
    root = make_project(tmp_path)
    assert load_config(root / "mkdocs.yml", Warnings()).static_charts == 12
    path = root / "mkdocs.yml"
    path.write_text(
        path.read_text().replace("  marketweek:\n", "  marketweek:\n    static_charts: all\n")
    )
    assert load_config(path, Warnings()).static_charts is None


def test_site_url_env_tag_is_resolved(tmp_path, monkeypatch):
    monkeypatch.setenv("MARKETWEEK_SITE_URL", "http://127.0.0.1:9999/")
    assert load_config(REPO / "mkdocs.yml", Warnings()).site_url == "http://127.0.0.1:9999/"


def with_setting(tmp_path, setting: str):
    """The tiny project with one more line under ``extra: marketweek:`` (line 15)."""
    root = make_project(tmp_path)
    path = root / "mkdocs.yml"
    path.write_text(path.read_text() + f"    {setting}\n")
    return root


def test_an_unknown_calendar_is_refused_before_any_work(tmp_path):
    root = with_setting(tmp_path, "calendar: XXXX")
    with pytest.raises(ConfigError) as caught:
        load_config(root / "mkdocs.yml", Warnings())
    assert str(caught.value).endswith(
        "mkdocs.yml:15: calendar 'XXXX' is not an exchange calendar — use an "
        "exchange_calendars code such as XNYS (did you mean 'XTSX'?)"
    )


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (
            "small_caps: RTY",
            "mkdocs.yml:15: small_caps 'RTY' has no prices in content/data/prices.csv — "
            "set it to a symbol that has prices (did you mean 'RUT'?)",
        ),
        (
            "large_caps: SPY",
            "mkdocs.yml:15: large_caps 'SPY' has no prices in content/data/prices.csv — "
            "set it to a symbol that has prices (did you mean 'SPX'?)",
        ),
        (
            "basket: mag8",
            "mkdocs.yml:15: basket 'mag8' is no group in universe.csv, so the basket has no "
            "members — name a group from the groups column (did you mean 'mag7'?)",
        ),
    ],
)
def test_settings_must_name_what_the_data_hold(tmp_path, setting, expected):
    root = with_setting(tmp_path, setting)
    done = run(root, "check")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == f"error: {expected}"
    assert "Traceback" not in done.stderr


def test_a_missing_nasdaq_is_a_warning_and_the_build_goes_on(tmp_path):
    root = with_setting(tmp_path, "nasdaq: NDX")
    done = run(root, "check")
    assert done.returncode == 0, done.stderr
    assert (
        "warning: mkdocs.yml:15: nasdaq 'NDX' has no prices in content/data/prices.csv"
        in done.stderr
    )
    assert run(root, "check", "--strict").returncode == 1


def _with_extra(tmp_path, lines: str):
    root = make_project(tmp_path)
    path = root / "mkdocs.yml"
    path.write_text(path.read_text().replace("extra:\n", "extra:\n" + lines))
    return path


def test_an_alias_inside_the_value_it_names_is_refused_at_its_line(tmp_path):
    """PyYAML builds such a loop; everything that walks the config would then walk forever."""
    path = _with_extra(tmp_path, "  loop: &loop\n    again: *loop\n")
    line = path.read_text().splitlines().index("    again: *loop") + 1
    with pytest.raises(ConfigError) as caught:
        load_config(path, Warnings())
    assert str(caught.value).endswith(
        f"mkdocs.yml:{line}: an alias (*name) inside the value it names — write the values "
        "out, or use fewer aliases"
    )


def test_aliases_within_the_limit_still_work_and_keys_are_found_once(tmp_path):
    """A merge key and an alias named many times (50,000 values expanded): read as YAML
    says, and the line of each key is where it was first written."""
    lines = (
        "  base: &base {palette: [a, b, c, d, e, f, g, h, i, j]}\n"
        "  copy:\n    <<: *base\n"
        f"  many: [{', '.join(['*base'] * 4_000)}]\n"
    )
    path = _with_extra(tmp_path, lines)
    config = load_config(path, Warnings())
    assert config.mkdocs["extra"]["copy"] == {"palette": list("abcdefghij")}
    assert len(config.mkdocs["extra"]["many"]) == 4_000
    positions = key_positions(path)[0]
    assert (
        positions[("extra", "base", "palette")]
        == path.read_text().splitlines().index(lines.splitlines()[0]) + 1
    )


def test_the_week_key_writes_an_alias_once_however_often_it_is_named(tmp_path):
    """The build cache keys each week on the settings: written with every alias expanded,
    ten lines of aliases are gigabytes (issue 16)."""
    shared = list(range(1_000))
    settings = {"extra": {"a": shared, "b": [shared] * 5_000}}
    assert len(digests.shared_repr(settings)) < 25_000  # expanded: 20 million characters
    assert digests.shared_repr(settings) != digests.shared_repr({"extra": {"a": shared, "b": []}})
