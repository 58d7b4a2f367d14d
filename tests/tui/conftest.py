"""Fixtures of the TUI tests: an app configuration on a real database of each backend."""

from __future__ import annotations

import pytest
from tui_helpers import ADMIN_PASSWORD, OFFICE, USER_PASSWORD, tui_config_for


@pytest.fixture
def tui_config(db_url, tmp_path):
    """A configuration with the built-in databases on an empty database of each backend."""
    return tui_config_for(db_url, tmp_path)


@pytest.fixture
def installation(tui_config):
    """An initialised installation with an officer (unit A) and a supervisor."""
    from ncen_core.app import open_ncen
    from ncen_core.office import initialise_office
    from ncen_core.users import add_user

    ncen = open_ncen(tui_config, require_current_schema=False)
    initialise_office(ncen, OFFICE, "Test office", "admin", ADMIN_PASSWORD)
    add_user(ncen.system, "olga", USER_PASSWORD, "officer", full_name="Olga", unit="A")
    add_user(ncen.system, "sven", USER_PASSWORD, "supervisor", full_name="Sven", unit="A")
    ncen.close()
    return tui_config


@pytest.fixture
def service_for(installation):
    """Record services opened outside the app (another session on the same database)."""
    from ncen_core.app import open_ncen
    from ncen_core.session import login

    opened = []

    def open_as(username: str = "olga"):
        ncen = open_ncen(installation)
        opened.append(ncen)
        password = ADMIN_PASSWORD if username == "admin" else USER_PASSWORD
        return login(ncen, username, password)

    yield open_as
    for ncen in opened:
        ncen.close()
