"""Shared fixtures: every storage test runs on SQLite and, when ``NCEN_TEST_PG_URL`` is set, on
PostgreSQL too. Each PostgreSQL test gets a schema of its own, dropped afterwards.

With ``CI=true`` a missing or unreachable PostgreSQL fails the run instead of skipping it, so
the PostgreSQL half of the suite can never disappear silently.
"""

from __future__ import annotations

import pytest
from ncen_testing import USER_PASSWORD, backend_url, backends, make_config, open_initialised
from quick_setup import quick_installations


def pytest_report_header(config):
    return f"ncen storage backends: {', '.join(backends())}"


@pytest.fixture(scope="session", autouse=True)
def _quick_installations():
    """Test-cost password hashes and code lists parsed once (see ``quick_setup``)."""
    yield from quick_installations()


@pytest.fixture(params=backends())
def db_url(request, tmp_path):
    """A URL for an empty database of each backend under test."""
    yield from backend_url(request.param, tmp_path)


@pytest.fixture
def sqlite_url(tmp_path):
    """An embedded database URL, for tests that concern SQLite only (backup, WAL)."""
    return f"sqlite:///{tmp_path / 'ncen.db'}"


# -- an initialised installation with the sample record type ---------------------------------


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
