"""Fixtures of the link-analysis tests: an office with the built-in databases, per backend."""

from __future__ import annotations

import pytest
from network_support import analyst, open_office, write_config

from ncen_core.cli.main import main


@pytest.fixture
def office(db_url, tmp_path):
    """An initialised FR-CDG installation on each backend."""
    ncen = open_office(db_url, tmp_path)
    yield ncen
    ncen.close()


@pytest.fixture
def officer(office):
    """The record service of an officer of the office."""
    return analyst(office)


@pytest.fixture
def ncen_cli(office, officer, tmp_path, monkeypatch, capsys):
    """Run ``ncen ARGS`` as the officer; returns (status, stdout, stderr)."""
    monkeypatch.setenv("NCEN_CONFIG", str(write_config(office, tmp_path)))
    monkeypatch.setenv("NCEN_USER", officer.user.username)
    monkeypatch.setenv("NCEN_PASSWORD", "user-password-1")

    def run(*args):
        status = main(list(args))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run
