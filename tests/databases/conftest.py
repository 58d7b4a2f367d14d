"""Fixtures of the database tests: the root ``ncen`` fixture overridden with an installation
that has the seizure, suspect and company databases (so the root ``people`` work on it), and
the officer of unit A who enters most records."""

from __future__ import annotations

import pytest
from databases_support import open_databases


@pytest.fixture
def ncen(db_url, tmp_path):
    installation = open_databases(db_url, tmp_path)
    yield installation
    installation.close()


@pytest.fixture
def officer(people):
    return people["officer"]
