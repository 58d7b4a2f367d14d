"""What a quarantined package leaves behind: a copy of the file and a row with the rule's
reason code, once per file; and the payload rules not covered elsewhere (attachments
present, values valid here, a kind this office can apply)."""

from __future__ import annotations

import hashlib

from ncen_testing import make_config, open_initialised
from receiving_world import (
    assert_quarantined,
    attachment_line,
    dump,
    jsonl,
    png,
    quarantine_rows,
    record_line,
)

from ncen_core import hookimpl
from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_plugins.comms.receiving.importer import import_package
from ncen_plugins.comms.receiving.payload_errors import InvalidRecord
from ncen_plugins.comms.receiving.tables import build_receiving_tables


class VesselPlugin:
    """A record type this office installs after a package needed it."""

    @hookimpl
    def register_record_types(self):
        return [RecordType(name="vessel", label="Vessel", title_template="{name}",
                           list_columns=("name",),
                           fields=(FieldSpec("name", "Name", Kind.TEXT, "X"),))]


def _seen_ids(ncen):
    Seen = build_receiving_tables(ncen.database).PackageSeen
    return {row.package_id: (row.status, row.reason) for row in Seen.select()}


def test_a_damaged_file_is_quarantined_without_trusting_its_package_id(exchange):
    path = exchange.records([record_line()])
    damaged = bytearray(path.read_bytes())
    damaged[-40] ^= 0x01
    path.write_bytes(bytes(damaged))

    result = assert_quarantined(exchange, path, "decrypt")

    assert result.package_id is None
    assert _seen_ids(exchange.ncen) == {}


def test_the_same_bad_file_is_quarantined_once(exchange):
    path = exchange.records([record_line()])
    path.write_bytes(path.read_bytes()[:-10])

    first, second = exchange.receive(path), exchange.receive(path)

    assert first.reason == second.reason == "decrypt"
    [kept] = quarantine_rows(exchange.ncen)
    assert kept.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_payload_rule_marks_the_package_seen_as_quarantined(exchange):
    result = assert_quarantined(exchange, exchange.records([record_line(colour="PURPLE")]),
                                "invalid-record")

    assert "records.jsonl line 1" in result.message and "colour" in result.message
    assert _seen_ids(exchange.ncen) == {result.package_id: ("quarantined", "invalid-record")}


def test_a_record_type_not_installed_here_is_refused(exchange):
    assert_quarantined(exchange, exchange.records([record_line(record_type="vessel")]),
                       "invalid-record")


def test_a_package_refused_for_a_local_reason_imports_once_it_is_fixed(exchange, ncen,
                                                                       db_url, tmp_path):
    vessel = record_line(record_type="vessel")
    vessel["fields"] = {"name": "Ever Given"}
    package = exchange.records([vessel])
    assert exchange.receive(package).reason == "invalid-record"
    fixed = open_initialised(make_config(db_url, tmp_path), extra_plugins=[VesselPlugin()])
    fixed.upgrade()
    exchange.ncen = fixed
    try:
        result = exchange.receive(package)
        again = exchange.receive(package)
    finally:
        fixed.close()

    assert (result.status, dict(result.counts)) == ("imported", {"records": 1})
    assert again.status == "duplicate"
    assert _seen_ids(fixed) == {result.package_id: ("imported", "")}


def test_an_attachment_without_its_bytes_is_refused(exchange):
    record, photo = record_line(), png()
    package = exchange.seal({
        "share.json": b'{"payload": 1, "audience": {"kind": "all", "name": "all", '
                      b'"legal_basis": ""}, "record_count": 1}',
        "records.jsonl": jsonl([record]),
        "attachments.jsonl": jsonl([attachment_line(record, photo)]),
    })

    assert_quarantined(exchange, package, "attachment-missing")


def test_an_attachment_whose_bytes_are_not_an_image_is_refused(exchange):
    record, fake = record_line(), b"MZ\x90\x00 not a picture"
    package = exchange.records([record], attachments=[(attachment_line(record, fake), fake)])

    assert_quarantined(exchange, package, "invalid-record")


def test_a_kind_without_an_importer_is_refused(exchange):
    package = exchange.seal({"message.json": b"{}"}, kind="message")

    assert_quarantined(exchange, package, "kind")


def test_a_handler_applies_another_kind_inside_the_import(exchange, ncen):
    calls = []

    def read_message(ncen_, opened, actor):
        calls.append((opened.manifest.kind, sorted(opened.files), actor))
        return {"messages": 1}

    package = exchange.seal({"message.json": b"{}"}, kind="message")
    result = import_package(ncen, exchange.me, exchange.keyring, package, actor="tester",
                            handlers={"message": read_message})

    assert (result.status, dict(result.counts)) == ("imported", {"messages": 1})
    assert calls == [("message", ["message.json"], "tester")]


def test_a_handler_that_refuses_quarantines_with_its_reason(exchange, ncen):
    def refuse(ncen_, opened, actor):
        raise InvalidRecord("message.json: no subject")

    package = exchange.seal({"message.json": b"{}"}, kind="message")
    before = dump(ncen)
    result = import_package(ncen, exchange.me, exchange.keyring, package,
                            handlers={"message": refuse})

    assert (result.status, result.reason) == ("quarantined", "invalid-record")
    assert dump(ncen) == before
