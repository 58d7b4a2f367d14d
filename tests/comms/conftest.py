"""Fixtures shared by the exchange tests, declared once.

- ``exchange``: FR-CDG's packages written by hand and received by the root ``ncen``
  installation (XA-TEST), after the payload contract (see ``receiving_world``).
- ``sender`` and ``receiver``: XA-TEST sharing from SQLite (``sharing_world``, with custom
  fields) and BE-BRU receiving on each backend, without those fields.
- ``office``: the sharing office under test on each backend, with its users and keyring.

A test module that needs another set-up declares a fixture of the same name, which wins.
"""

from __future__ import annotations

import pytest
from receiving_world import make_exchange
from sharing_world import open_office, receiving_office, sending_office


@pytest.fixture
def exchange(ncen, tmp_path):
    return make_exchange(ncen, tmp_path / "packages")


@pytest.fixture
def sender(tmp_path):
    yield from sending_office(tmp_path)


@pytest.fixture
def receiver(db_url, tmp_path):
    yield from receiving_office(db_url, tmp_path)


@pytest.fixture
def office(db_url, tmp_path):
    office = open_office(db_url, tmp_path)
    yield office
    office.ncen.close()
