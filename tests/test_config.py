"""Configuration precedence: defaults < stiwatch.toml < env < flags."""

from pathlib import Path

import pytest

from stiwatch.core.config import ConfigError, load_config


def test_defaults(tmp_path: Path) -> None:
    config = load_config(env={}, cwd=tmp_path)
    assert config.get("search", "backend") == "embedded"
    assert config.data_dir == Path("./data")
    assert config.origins["search.backend"] == "default"


def test_file_then_env_then_flags(tmp_path: Path) -> None:
    (tmp_path / "stiwatch.toml").write_text(
        '[serve]\nport = 9001\nhost = "0.0.0.0"\n[smtp]\nhost = "mail.example"\n'
    )
    env = {"STIWATCH_SERVE_PORT": "9002", "STIWATCH_SMTP_PASSWORD": "hunter2"}
    config = load_config(env=env, cwd=tmp_path, overrides={"serve.host": "127.0.0.2"})
    assert config.get("serve", "port") == 9002
    assert config.origins["serve.port"] == "env STIWATCH_SERVE_PORT"
    assert config.get("serve", "host") == "127.0.0.2"
    assert config.get("smtp", "host") == "mail.example"
    masked = config.masked()
    assert masked["smtp"]["password"] == "***"
    assert config.get("smtp", "password") == "hunter2"


def test_data_dir_file_is_read(tmp_path: Path) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "stiwatch.toml").write_text('[search]\nbackend = "elasticsearch"\n')
    config = load_config(data_dir=data, env={}, cwd=tmp_path)
    assert config.get("search", "backend") == "elasticsearch"
    assert config.data_dir == data


def test_env_data_dir_and_elasticsearch_url(tmp_path: Path) -> None:
    env = {"STIWATCH_DATA_DIR": str(tmp_path / "x"), "STIWATCH_ELASTICSEARCH_URL": "http://127.0.0.1:9999"}
    config = load_config(env=env, cwd=tmp_path)
    assert config.data_dir == tmp_path / "x"
    assert config.get("elasticsearch", "url") == "http://127.0.0.1:9999"


def test_lists_and_bools_from_env(tmp_path: Path) -> None:
    env = {"STIWATCH_PIPELINE_LANGUAGES": "th, vi", "STIWATCH_CRAWL_OBEY_ROBOTS": "no"}
    config = load_config(env=env, cwd=tmp_path)
    assert config.get("pipeline", "languages") == ["th", "vi"]
    assert config.get("crawl", "obey_robots") is False


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[nosuch]\nx = 1\n", "unknown section [nosuch]"),
        ("[search]\nnosuch = 1\n", "unknown key 'nosuch' in [search]"),
        ("[search\n", "cannot read configuration"),
        ('[search]\nbackend = "solr"\n', "unknown backend 'solr'"),
    ],
)
def test_bad_files(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "stiwatch.toml").write_text(content)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(env={}, cwd=tmp_path)


def test_bad_env_value(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="STIWATCH_SERVE_PORT: expected an integer"):
        load_config(env={"STIWATCH_SERVE_PORT": "eighty"}, cwd=tmp_path)
