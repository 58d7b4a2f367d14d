"""Helpers shared by the tests: configurations that read nothing from the user's folders and
initialised installations. A module of its own (not conftest) so every test folder imports
the same one, whatever other conftest files exist.
"""

from __future__ import annotations

import json
import os
import urllib.parse
import uuid

PG_URL = os.environ.get("NCEN_TEST_PG_URL", "")
IN_CI = os.environ.get("CI", "").lower() == "true"


def backends() -> list[str]:
    """Backends under test: SQLite always; PostgreSQL when configured, and always in CI."""
    if PG_URL or IN_CI:
        return ["sqlite", "postgresql"]
    return ["sqlite"]


def backend_url(backend: str, tmp_path):
    """Yield a URL of an empty database of ``backend`` (a fresh schema on PostgreSQL)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'ncen.db'}"
        return
    yield from postgres_schema_url()


NO_COMMIT_FLUSH = "-csynchronous_commit=off"
"""Test sessions on PostgreSQL do not wait for each commit to reach the disk (a commit
costs about 1 ms instead of 6.5 ms here): what a transaction sees and locks is unchanged;
only a crash of the server could lose the last commits, and no test crashes it."""


def postgres_schema_url():
    """Yield a URL whose search path is a new schema, dropped afterwards."""
    import psycopg
    import pytest

    if not PG_URL:
        pytest.fail("CI=true but NCEN_TEST_PG_URL is not set: PostgreSQL tests cannot run")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in PG_URL else "?"
    options = urllib.parse.quote(f"-csearch_path={schema},public {NO_COMMIT_FLUSH}")
    try:
        yield f"{PG_URL}{separator}options={options}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')

ADMIN_PASSWORD = "admin-password-1"
USER_PASSWORD = "user-password-1"
OFFICE = "XA-TEST"


BUILT_IN_DATABASES = ("common", "seizure", "suspect", "company")


def make_config(db_url, tmp_path, *, with_databases=False, **overrides):
    """A configuration that reads nothing from the user's folders.

    Core tests run with the sample record type only; ``with_databases`` adds the built-in
    seizure, suspect and company plugins.
    """
    from ncen_core.config import Config, DatabaseConfig, PluginsConfig

    disabled = () if with_databases else BUILT_IN_DATABASES
    settings = dict(
        database=DatabaseConfig(url=db_url),
        data_dir=tmp_path / "data",
        plugins=PluginsConfig(folder=None, disabled=disabled),
        fields_dirs=(),
    )
    settings.update(overrides)
    return Config(**settings)


def initialise(ncen, office=OFFICE, name="Test office"):
    """``ncen init`` for a test: the schema, from the session's template where one fits
    (see ``schema_template``), then the office identity and its administrator."""
    from schema_template import upgrade_from_template

    from ncen_core.office import initialise_office

    upgrade_from_template(ncen)
    initialise_office(ncen, office, name, "admin", ADMIN_PASSWORD)
    return ncen


def open_initialised(config, extra_plugins=(), office=OFFICE):
    """Open an installation, initialising it on first use (as ``office``)."""
    import sample_plugin

    from ncen_core.app import open_ncen

    ncen = open_ncen(config, extra_plugins=[sample_plugin, *extra_plugins],
                     require_current_schema=False)
    if not ncen.is_initialised:
        initialise(ncen, office)
    return ncen


def open_office(db_url, tmp_path, *, office="FR-CDG", **settings):
    """An initialised installation of ``office`` (a real country, so national phone numbers
    are read in it) with the built-in seizure, suspect and company databases."""
    from ncen_core.app import open_ncen
    from ncen_core.config import Config, DatabaseConfig, PluginsConfig

    config = Config(database=DatabaseConfig(url=db_url), data_dir=tmp_path / "data",
                    plugins=PluginsConfig(folder=None), fields_dirs=(), **settings)
    return initialise(open_ncen(config, require_current_schema=False), office,
                      f"Office {office}")


def office_installation(db_url, tmp_path):
    """Yield an :func:`open_office` installation and close it afterwards (fixture body)."""
    ncen = open_office(db_url, tmp_path)
    yield ncen
    ncen.close()


def write_config(folder, db_url, *, data_dir=None, disabled=(), fields_dirs=(), **settings):
    """``folder/ncen.yaml`` for command-line tests: the database, the data folder if given,
    no plugins folder, the ``disabled`` plugins and custom-field folders, then ``settings``
    (JSON, which YAML reads)."""
    document = {"database": {"url": db_url}, "plugins": {"folder": None, "disabled": [*disabled]},
                "fields_dirs": [str(each) for each in fields_dirs], **settings}
    if data_dir is not None:
        document["data_dir"] = str(data_dir)
    path = folder / "ncen.yaml"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def config_file_for(ncen, folder):
    """A configuration file naming the installation's database, for command-line tests."""
    return write_config(folder, ncen.config.database.url)


def cli_runner(monkeypatch, capsys, config_path, username, password=USER_PASSWORD):
    """A function running ``ncen ARGS`` as ``username``; it returns (status, out, err)."""
    from ncen_core.cli.main import main

    monkeypatch.setenv("NCEN_CONFIG", str(config_path))
    monkeypatch.setenv("NCEN_USER", username)
    monkeypatch.setenv("NCEN_PASSWORD", password)

    def run(*args):
        status = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def statements_run_by(ncen, action) -> list[tuple[str, object]]:
    """The (SQL, parameters) of every statement ``action`` runs on ncen's database, in
    order: for the tests that check which index a query uses."""
    statements = []
    original = ncen.database.execute_sql

    def spy(sql, params=None, *args, **kwargs):
        statements.append((sql, params))
        return original(sql, params, *args, **kwargs)

    ncen.database.execute_sql = spy
    try:
        action()
    finally:
        ncen.database.execute_sql = original
    return statements
