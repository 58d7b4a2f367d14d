"""Shared fixtures: every storage test runs on SQLite and, when ``NCEN_TEST_PG_URL`` is set, on
PostgreSQL too. Each PostgreSQL test gets a schema of its own, dropped afterwards.

With ``CI=true`` a missing or unreachable PostgreSQL fails the run instead of skipping it, so
the PostgreSQL half of the suite can never disappear silently.
"""

from __future__ import annotations

import os
import urllib.parse
import uuid

import pytest

PG_URL = os.environ.get("NCEN_TEST_PG_URL", "")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _backends() -> list[str]:
    if PG_URL or IN_CI:
        return ["sqlite", "postgresql"]
    return ["sqlite"]


def pytest_report_header(config):
    return f"ncen storage backends: {', '.join(_backends())}"


@pytest.fixture(params=_backends())
def db_url(request, tmp_path):
    """A URL for an empty database of each backend under test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ncen.db'}"
        return
    if not PG_URL:
        pytest.fail("CI=true but NCEN_TEST_PG_URL is not set: PostgreSQL tests cannot run")
    yield from _postgres_schema_url()


def _postgres_schema_url():
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in PG_URL else "?"
    options = urllib.parse.quote(f"-csearch_path={schema},public")
    try:
        yield f"{PG_URL}{separator}options={options}"
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path):
    """An embedded database URL, for tests that concern SQLite only (backup, WAL)."""
    return f"sqlite:///{tmp_path / 'ncen.db'}"


# -- an initialised installation with the sample record type ---------------------------------

from ncen_testing import USER_PASSWORD, make_config, open_initialised  # noqa: E402


@pytest.fixture
def ncen(db_url, tmp_path):
    """An initialised installation on each backend, with the sample record type."""
    installation = open_initialised(make_config(db_url, tmp_path))
    yield installation
    installation.close()


@pytest.fixture
def people(ncen):
    """Record services of an officer of unit A, one of unit B, a supervisor of A and an analyst."""
    from ncen_core.record_service import RecordService
    from ncen_core.users import add_user

    def service(name, role, unit):
        user = add_user(ncen.system, name, USER_PASSWORD, role, full_name=name.title(), unit=unit)
        return RecordService(ncen, user)

    return {
        "officer": service("olga", "officer", "A"),
        "other_officer": service("omar", "officer", "B"),
        "supervisor": service("sven", "supervisor", "A"),
        "analyst": service("anna", "analyst", ""),
    }
