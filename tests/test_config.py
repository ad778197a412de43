import pytest
from projects import REPO, make_project

from generator.config import load_config
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


def test_site_url_env_tag_is_resolved(tmp_path, monkeypatch):
    monkeypatch.setenv("MARKETWEEK_SITE_URL", "http://127.0.0.1:9999/")
    assert load_config(REPO / "mkdocs.yml", Warnings()).site_url == "http://127.0.0.1:9999/"
