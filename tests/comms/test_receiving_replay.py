"""Replay: the same package received again, as the same file or sealed again under the
same package id, is a duplicate and changes nothing at all."""

from __future__ import annotations

import io

from receiving_world import OFFICE, dump, jsonl, record_line

from ncen_plugins.comms.package import PartSource, seal_package
from ncen_plugins.comms.receiving.tables import build_receiving_tables


def _bookkeeping(ncen):
    tables = build_receiving_tables(ncen.database)
    return {model.__name__: model.select().count() for model in tables.all()}


def test_the_same_file_twice_is_a_duplicate(exchange):
    path = exchange.records([record_line(name="First")])
    assert exchange.receive(path).status == "imported"
    before, bookkeeping = dump(exchange.ncen), _bookkeeping(exchange.ncen)

    again = exchange.receive(path)

    assert (again.status, again.reason) == ("duplicate", "replay")
    assert dump(exchange.ncen) == before
    assert _bookkeeping(exchange.ncen) == bookkeeping


def test_a_package_sealed_again_under_the_same_id_is_a_duplicate(exchange):
    first = exchange.receive(exchange.records([record_line(name="First")]))
    out = io.BytesIO()
    seal_package(exchange.sender, [exchange.keyring.office(OFFICE)], "records",
                 [PartSource.from_bytes("records.jsonl", jsonl([record_line(name="Other")]))],
                 out, package_id=first.package_id)
    replayed = exchange.folder / "replayed.age"
    replayed.write_bytes(out.getvalue())
    before = dump(exchange.ncen)

    result = exchange.receive(replayed)

    assert (result.status, result.reason) == ("duplicate", "replay")
    assert dump(exchange.ncen) == before
