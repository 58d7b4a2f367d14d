"""Fixtures of the rule tests: an office with the built-in databases, an officer who records
seizures, an analyst and a supervisor who own rules."""

from __future__ import annotations

import pytest
from ncen_testing import cli_runner, config_file_for, office_installation
from rules_support import service_of


@pytest.fixture
def office(db_url, tmp_path):
    """An initialised FR-CDG installation on each backend."""
    yield from office_installation(db_url, tmp_path)


@pytest.fixture
def people(office):
    """Record services of an officer, an analyst and a supervisor."""
    return {"officer": service_of(office, "olga", "officer"),
            "analyst": service_of(office, "anna", "analyst"),
            "supervisor": service_of(office, "sven", "supervisor")}


@pytest.fixture
def ncen_cli(office, people, tmp_path, monkeypatch, capsys):
    """Run ``ncen ARGS`` as the analyst; returns (status, stdout, stderr)."""
    return cli_runner(monkeypatch, capsys, config_file_for(office, tmp_path), "anna")
