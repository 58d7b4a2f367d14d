"""An unknown signer is not a verdict: the package waits, changing nothing, until a keyring
names the signer; then it is imported like any other."""

from __future__ import annotations

import pytest
from receiving_world import dump, jsonl, record_line

from ncen_plugins.comms.keys import OfficeKeys
from ncen_plugins.comms.receiving.importer import retry_pending
from ncen_plugins.comms.receiving.kept_files import PENDING_FOLDER
from ncen_plugins.comms.receiving.tables import build_receiving_tables

NEWCOMER = "DE-FRA"


@pytest.fixture
def newcomer_package(exchange):
    """A package from an office enrolled after the receiver's keyring was issued."""
    exchange.world.enrol(OfficeKeys.generate(NEWCOMER))
    newer_keyring = exchange.world.keyring()
    line = record_line(origin=NEWCOMER)
    parts = {"share.json": b'{"payload": 1, "audience": {"kind": "all", "name": "all", '
                           b'"legal_basis": ""}, "record_count": 1}',
             "records.jsonl": jsonl([line])}
    held, exchange.keyring = exchange.keyring, newer_keyring
    path = exchange.seal(parts, sender=NEWCOMER)
    exchange.keyring = held
    return path, newer_keyring, line


def _pending(ncen):
    tables = build_receiving_tables(ncen.database)
    return list(tables.Pending.select())


def test_an_unknown_signer_keeps_the_package_pending_and_changes_nothing(
        exchange, newcomer_package):
    path, _, _ = newcomer_package
    before = dump(exchange.ncen)

    result = exchange.receive(path)
    again = exchange.receive(path)

    assert (result.status, result.reason) == ("pending", "unknown-signer")
    assert again.status == "pending"
    assert dump(exchange.ncen) == before
    [waiting] = _pending(exchange.ncen)
    kept = exchange.ncen.config.data_dir / PENDING_FOLDER / waiting.stored_as
    assert kept.read_bytes() == path.read_bytes()


def test_a_pending_package_stays_while_the_keyring_does_not_name_its_signer(
        exchange, newcomer_package):
    path, _, _ = newcomer_package
    exchange.receive(path)

    [result] = retry_pending(exchange.ncen, exchange.me, exchange.keyring)

    assert result.status == "pending"
    assert len(_pending(exchange.ncen)) == 1


def test_a_pending_package_is_imported_once_a_keyring_names_its_signer(
        exchange, newcomer_package, people):
    path, newer_keyring, line = newcomer_package
    exchange.receive(path)

    [result] = retry_pending(exchange.ncen, exchange.me, newer_keyring)

    assert (result.status, result.sender, dict(result.counts)) == (
        "imported", NEWCOMER, {"records": 1})
    assert _pending(exchange.ncen) == []
    assert not any((exchange.ncen.config.data_dir / PENDING_FOLDER).iterdir())
    assert people["analyst"].find("specimen", line["uuid"]).origin == NEWCOMER
