"""Fixtures of the data-quality tests: an office with the built-in databases, an officer
who records seizures and a supervisor who reads the report."""

from __future__ import annotations

import pytest
from ncen_testing import USER_PASSWORD, cli_runner, config_file_for, office_installation

from ncen_core.record_service import RecordService
from ncen_core.users import add_user


@pytest.fixture
def office(db_url, tmp_path):
    """An initialised FR-CDG installation on each backend."""
    yield from office_installation(db_url, tmp_path)


@pytest.fixture
def officer(office):
    user = add_user(office.system, "olga", USER_PASSWORD, "officer", full_name="Olga", unit="A")
    return RecordService(office, user)


@pytest.fixture
def supervisor(office):
    user = add_user(office.system, "sven", USER_PASSWORD, "supervisor", full_name="Sven", unit="A")
    return RecordService(office, user)


@pytest.fixture
def ncen_cli(office, supervisor, tmp_path, monkeypatch, capsys):
    """Run ``ncen ARGS`` as the supervisor; returns (status, stdout, stderr)."""
    return cli_runner(monkeypatch, capsys, config_file_for(office, tmp_path), "sven")
