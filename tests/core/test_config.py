"""The configuration: where it is read from, how files merge over defaults, and its errors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from ncen_core import config as config_module
from ncen_core.config import load_config, setting_names
from ncen_core.errors import ConfigError

EXAMPLE = Path(__file__).parents[2] / "config" / "ncen.example.yaml"
TOP_LEVEL_KEYS = (
    "database, office, data_dir, plugins, fields_dirs, attachments, language, keys, security, "
    "exchange, network, quality"
)


@pytest.fixture(autouse=True)
def user_dirs(tmp_path, monkeypatch):
    """Point the per-user folders into the test's folder so no real user file is read."""
    dirs = {"config": tmp_path / "user-config", "data": tmp_path / "user-data"}
    monkeypatch.setattr(config_module, "user_config_dir", lambda: dirs["config"])
    monkeypatch.setattr(config_module, "user_data_dir", lambda: dirs["data"])
    return dirs


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_text(tmp_path: Path, text: str):
    return load_config(write(tmp_path / "ncen.yaml", text), environ={})


def error_of(tmp_path: Path, text: str) -> str:
    path = write(tmp_path / "ncen.yaml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ={})
    return str(caught.value)


# Defaults and precedence


def test_without_any_file_every_setting_has_its_default(user_dirs):
    config = load_config(environ={})
    assert config.database.url == f"sqlite:///{(user_dirs['data'] / 'ncen.db').as_posix()}"
    assert (config.office.code, config.office.name) == ("", "")
    assert config.data_dir == user_dirs["data"]
    assert config.plugins.folder == user_dirs["config"] / "plugins"
    assert config.plugins.disabled == ()
    assert config.fields_dirs == (user_dirs["config"] / "fields",)
    assert config.attachments.max_size_mb == 20
    assert config.language == "en"
    assert dict(config.keys) == {}
    assert (config.security.max_failed_logins, config.security.lockout_minutes) == (5, 15)
    assert (config.source, config.path) == ("built-in defaults", None)


def test_the_user_file_is_read_when_no_file_is_named(user_dirs):
    user_file = write(user_dirs["config"] / "ncen.yaml", "language: fr\n")
    config = load_config(environ={})
    assert (config.language, config.path, config.source) == ("fr", user_file, str(user_file))


def test_NCEN_CONFIG_wins_over_the_user_file(tmp_path, user_dirs):
    write(user_dirs["config"] / "ncen.yaml", "language: fr\n")
    named = write(tmp_path / "env.yaml", "language: es\n")
    config = load_config(environ={"NCEN_CONFIG": str(named)})
    assert (config.language, config.path) == ("es", named)
    assert "NCEN_CONFIG" in config.source


def test_an_explicit_path_wins_over_NCEN_CONFIG_and_the_user_file(tmp_path, user_dirs):
    write(user_dirs["config"] / "ncen.yaml", "language: fr\n")
    named = write(tmp_path / "env.yaml", "language: fr\n")
    explicit = write(tmp_path / "explicit.yaml", "language: es\n")
    config = load_config(explicit, environ={"NCEN_CONFIG": str(named)})
    assert (config.language, config.path) == ("es", explicit)
    assert "--config" in config.source


def test_an_empty_NCEN_CONFIG_is_ignored(user_dirs):
    write(user_dirs["config"] / "ncen.yaml", "language: fr\n")
    assert load_config(environ={"NCEN_CONFIG": ""}).language == "fr"


# Merging over defaults


def test_an_empty_file_gives_the_defaults(tmp_path):
    config = load_text(tmp_path, "")
    assert dataclasses.replace(config, source="built-in defaults", path=None) == load_config(
        environ={}
    )


def test_settings_a_file_omits_keep_their_defaults(tmp_path):
    config = load_text(tmp_path, "language: es\n")
    assert (config.language, config.attachments.max_size_mb) == ("es", 20)


def test_keys_a_section_omits_keep_their_defaults(tmp_path):
    config = load_text(tmp_path, "security:\n  lockout_minutes: 60\n")
    assert (config.security.max_failed_logins, config.security.lockout_minutes) == (5, 60)


def test_an_empty_section_keeps_all_its_defaults(tmp_path):
    assert load_text(tmp_path, "security:\n").security.max_failed_logins == 5


def test_lists_and_key_maps_are_read(tmp_path):
    config = load_text(
        tmp_path, "plugins:\n  disabled: [company, myfields]\nkeys:\n  save: ctrl+s\n"
    )
    assert config.plugins.disabled == ("company", "myfields")
    assert dict(config.keys) == {"save": "ctrl+s"}


def test_an_office_code_stays_text_exactly_as_written(tmp_path):
    assert load_text(tmp_path, "office:\n  code: 0101\n").office.code == "0101"


def test_the_plugins_folder_may_be_switched_off_with_null(tmp_path):
    assert load_text(tmp_path, "plugins:\n  folder: null\n").plugins.folder is None


# Paths


def test_relative_paths_resolve_against_the_folder_of_the_file(tmp_path):
    shared = tmp_path / "shared"
    config = load_config(
        write(tmp_path / "etc" / "ncen.yaml", f"data_dir: data\nfields_dirs: [fields, {shared}]\n"),
        environ={},
    )
    assert config.data_dir == tmp_path / "etc" / "data"
    assert config.fields_dirs == (tmp_path / "etc" / "fields", shared)


def test_a_relative_sqlite_path_resolves_against_the_folder_of_the_file(tmp_path):
    config = load_text(tmp_path, "database:\n  url: sqlite:///db/ncen.db\n")
    assert config.database.url == f"sqlite:///{(tmp_path / 'db' / 'ncen.db').as_posix()}"


def test_a_postgresql_url_is_kept_as_written(tmp_path):
    url = "postgresql://ncen@hq.customs.example/ncen"
    assert load_text(tmp_path, f"database:\n  url: {url}\n").database.url == url


def test_a_tilde_expands_to_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))
    assert load_text(tmp_path, "data_dir: ~/ncen\n").data_dir == tmp_path / "home" / "ncen"


def test_moving_data_dir_moves_the_default_database_with_it(tmp_path):
    config = load_text(tmp_path, f"data_dir: {tmp_path / 'srv'}\n")
    assert config.database.url == f"sqlite:///{(tmp_path / 'srv' / 'ncen.db').as_posix()}"


# Errors


def test_a_missing_explicit_file_is_an_error_naming_it(tmp_path):
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(ConfigError, match=r"nowhere\.yaml: cannot read the configuration file"):
        load_config(missing, environ={})


def test_a_missing_file_named_by_NCEN_CONFIG_is_an_error_naming_it(tmp_path):
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(ConfigError, match=r"nowhere\.yaml: cannot read"):
        load_config(environ={"NCEN_CONFIG": str(missing)})


def test_a_yaml_syntax_error_names_the_file_and_line(tmp_path):
    message = error_of(tmp_path, "language: en\noffice: code: x\n")
    assert message == (
        f"{tmp_path / 'ncen.yaml'}: line 2: not valid YAML: mapping values are not allowed here"
    )


def test_a_top_level_that_is_not_a_mapping_is_refused(tmp_path):
    message = error_of(tmp_path, "- database\n")
    assert message.endswith("line 1: the top level must be a mapping of settings, got a list")


def test_an_unknown_key_names_the_line_and_the_expected_keys(tmp_path):
    message = error_of(tmp_path, "# ncen\nlanguage: en\ndatabse:\n  url: x\n")
    assert message == (
        f"{tmp_path / 'ncen.yaml'}: line 3: unknown key 'databse' "
        f"(expected one of: {TOP_LEVEL_KEYS})"
    )


def test_an_unknown_key_inside_a_section_is_named_with_its_section(tmp_path):
    message = error_of(tmp_path, "security:\n  lockout_minute: 5\n")
    assert message.endswith(
        "line 2: unknown key 'security.lockout_minute' "
        "(expected one of: max_failed_logins, lockout_minutes)"
    )


def test_a_wrong_type_names_the_line_the_key_and_the_expected_type(tmp_path):
    message = error_of(tmp_path, "\n" * 6 + "attachments: {max_size_mb: big}\n")
    assert message == (
        f"{tmp_path / 'ncen.yaml'}: line 7: 'attachments.max_size_mb' must be an integer, "
        "got 'big'"
    )


def test_a_boolean_is_not_accepted_as_a_number(tmp_path):
    message = error_of(tmp_path, "attachments:\n  max_size_mb: yes\n")
    assert message.endswith("line 2: 'attachments.max_size_mb' must be an integer, got 'yes'")


def test_a_negative_number_is_refused(tmp_path):
    message = error_of(tmp_path, "security:\n  lockout_minutes: -5\n")
    assert message.endswith("line 2: 'security.lockout_minutes' must be zero or more, got -5")


def test_an_unsupported_language_is_refused(tmp_path):
    message = error_of(tmp_path, "language: de\n")
    assert message.endswith("line 1: 'language' must be one of en, fr, es, got 'de'")


def test_a_scalar_where_a_section_is_expected_is_refused(tmp_path):
    message = error_of(tmp_path, "office: FR-CDG\n")
    assert message.endswith("line 1: 'office' must be a mapping of settings, got 'FR-CDG'")


def test_a_scalar_where_a_list_is_expected_is_refused(tmp_path):
    message = error_of(tmp_path, "fields_dirs: fields\n")
    assert message.endswith("line 1: 'fields_dirs' must be a list, got 'fields'")


def test_a_list_item_of_the_wrong_type_is_named_by_its_position(tmp_path):
    message = error_of(tmp_path, "plugins:\n  disabled:\n    - company\n    - [x]\n")
    assert message.endswith("line 4: 'plugins.disabled[1]' must be a string, got a list")


def test_an_empty_value_where_a_path_is_expected_is_refused(tmp_path):
    message = error_of(tmp_path, "data_dir:\n")
    assert message.endswith("line 1: 'data_dir' must be a path, got nothing")


def test_a_key_given_twice_is_refused(tmp_path):
    message = error_of(tmp_path, "language: en\nlanguage: fr\n")
    assert message.endswith("line 2: 'language' is given twice")


# The example file


def test_the_example_configuration_loads():
    assert load_config(EXAMPLE, environ={}).language == "en"


@pytest.mark.parametrize("name", setting_names())
def test_the_example_configuration_shows_every_setting(name):
    node = yaml.compose(EXAMPLE.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    for key in name.split("."):
        children = {k.value: v for k, v in node.value}
        assert key in children, f"{name} is missing from {EXAMPLE.name}"
        node = children[key]
