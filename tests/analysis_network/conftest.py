"""Fixtures of the link-analysis tests: an office with the built-in databases, per backend."""

from __future__ import annotations

import pytest
from ncen_testing import cli_runner, config_file_for, office_installation
from network_support import officer_of


@pytest.fixture
def office(db_url, tmp_path):
    """An initialised FR-CDG installation on each backend."""
    yield from office_installation(db_url, tmp_path)


@pytest.fixture
def officer(office):
    """The record service of an officer of the office."""
    return officer_of(office)


@pytest.fixture
def ncen_cli(office, officer, tmp_path, monkeypatch, capsys):
    """Run ``ncen ARGS`` as the officer; returns (status, stdout, stderr)."""
    return cli_runner(monkeypatch, capsys, config_file_for(office, tmp_path),
                      officer.user.username)
