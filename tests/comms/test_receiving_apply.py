"""A verified records package is applied in one transaction: records, links and photos
become read-only copies, indexed and audited, and plugins hear of each one."""

from __future__ import annotations

import pytest
from receiving_world import (
    SENDER,
    attachment_line,
    link_line,
    png,
    record_line,
)

from ncen_core import audit, hookimpl
from ncen_core.records import RecordRef
from ncen_core.storage import is_sqlite
from ncen_plugins.comms.receiving.importer import WrongOfficeKeysError, import_package


def test_records_links_and_photos_are_applied(exchange, people):
    first = record_line(name="Jean Dupont", count=3, colours=["RED", "BLUE"],
                        weight={"amount": "1.5", "unit": "kg", "normalised": "1.5",
                                "base_unit": "kg"},
                        parts=[{"label": "box", "colour": "GREEN"}])
    second = record_line(reference="FR-2")
    photo = png()
    result = exchange.receive(exchange.records(
        [first, second], links=[link_line(first, second)],
        attachments=[(attachment_line(first, photo), photo)]))

    assert (result.status, result.reason) == ("imported", None)
    assert dict(result.counts) == {"records": 2, "links": 1, "attachments": 1}
    service = people["analyst"]
    copy = service.get(RecordRef("specimen", SENDER, first["uuid"]))
    assert copy.version == 1 and copy.origin == SENDER
    assert copy.values["name"] == "Jean Dupont" and copy.values["colours"] == ["RED", "BLUE"]
    assert copy.values["parts"][0]["label"] == "box"
    assert [link.role for link in service.links.of(copy.ref)] == ["associate"]
    [attached] = service.attachments.of(copy.ref)
    assert service.attachments.data(attached.sha256) == photo


def test_received_copies_are_searchable_and_audited(exchange, ncen):
    line = record_line(name="Zebulon Quartz")
    exchange.receive(exchange.records([line]))

    main = ncen.models_for("specimen").main
    record_id = main.get(main.uuid == line["uuid"]).id
    if is_sqlite(ncen.database):
        hits = ncen.database.execute_sql(
            "SELECT rowid FROM fts_specimen WHERE fts_specimen MATCH 'zebulon'").fetchall()
    else:
        hits = ncen.database.execute_sql(
            "SELECT record_id FROM fts_specimen WHERE document @@ to_tsquery('simple', 'zebulon')"
        ).fetchall()
    assert [row[0] for row in hits] == [record_id]
    Audit = ncen.system.AuditEntry
    actions = [row.action for row in Audit.select().order_by(Audit.id)]
    assert actions[-2:] == ["receive", "package-import"]


def test_plugins_hear_of_each_received_record(exchange, ncen):
    heard = []

    class Listener:
        @hookimpl
        def record_saved(self, record, change):
            heard.append((record.uuid, change))

    ncen.plugins.register(Listener())
    lines = [record_line(), record_line(reference="FR-2")]
    exchange.receive(exchange.records(lines))

    assert sorted(heard) == sorted((line["uuid"], "received") for line in lines)


def test_fields_unknown_here_are_dropped_and_reported(exchange, people):
    line = record_line(name="Known", shoe_size="44")
    result = exchange.receive(exchange.records([line]))

    assert result.status == "imported"
    assert dict(result.dropped_fields) == {"specimen": ("shoe_size",)}
    copy = people["analyst"].get(RecordRef("specimen", SENDER, line["uuid"]))
    assert copy.values["name"] == "Known"


def test_another_office_s_keys_are_refused_before_anything_is_read(exchange, ncen):
    path = exchange.records([record_line()])

    with pytest.raises(WrongOfficeKeysError, match="keys of office FR-CDG"):
        import_package(ncen, exchange.sender, exchange.keyring, path)


def test_the_audit_chain_verifies_after_an_import_of_many_first_copies(exchange, ncen):
    lines = [record_line(reference=f"FR-{n}") for n in range(1100)]

    result = exchange.receive(exchange.records(lines))

    assert dict(result.counts) == {"records": 1100}
    report = audit.verify(ncen.system)
    assert (report.entries > 1100, report.problems) == (True, ())
    assert audit.history(ncen.system, "specimen", SENDER, lines[-1]["uuid"])[0].action \
        == "receive"
