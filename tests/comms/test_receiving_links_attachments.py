"""Links and attachments follow the version rules of records: a newer version replaces,
the same version with other content is equivocation; a deleted attachment loses its bytes;
bytes already held need not travel again; a link role unknown here is refused."""

from __future__ import annotations

import copy

from ncen_testing import make_config, open_initialised
from receiving_world import (
    assert_quarantined,
    attachment_line,
    jsonl,
    link_line,
    make_exchange,
    png,
    record_line,
)


def _photo_rows(ncen):
    return ncen.system.Attachment.select().count(), ncen.system.AttachmentBlob.select().count()


def test_a_newer_link_version_replaces_and_a_deleted_one_stays_deleted(exchange, ncen):
    a, b = record_line(), record_line(reference="FR-2")
    link = link_line(a, b)
    exchange.receive(exchange.records([a, b], links=[link]))
    changed = dict(link, version=2, confidence=40)
    deleted = dict(link, version=3, deleted=True)

    exchange.receive(exchange.records([], links=[changed]))
    after_change = ncen.system.Link.get(ncen.system.Link.uuid == link["uuid"]).confidence
    exchange.receive(exchange.records([], links=[deleted]))

    row = ncen.system.Link.get(ncen.system.Link.uuid == link["uuid"])
    assert (after_change, row.version, row.deleted, row.note) == (40, 3, True, "")


def test_the_same_link_version_with_other_content_is_equivocation(exchange):
    a, b = record_line(), record_line(reference="FR-2")
    link = link_line(a, b)
    exchange.receive(exchange.records([a, b], links=[link]))
    other = copy.deepcopy(link)
    other["role"] = "director"

    assert_quarantined(exchange, exchange.records([], links=[other]), "equivocation")


def test_a_link_role_unknown_here_is_refused(db_url, tmp_path):
    with_roles = open_initialised(make_config(db_url, tmp_path, with_databases=True))
    try:
        exchange = make_exchange(with_roles, tmp_path / "packages")
        a, b = record_line(), record_line(reference="FR-2")
        known = dict(link_line(a, b), role="SEIZ_SUSP_DRIVER")

        assert exchange.receive(exchange.records([a, b], links=[known])).status == "imported"
        assert_quarantined(exchange, exchange.records([], links=[link_line(a, b)]),
                           "invalid-record")
    finally:
        with_roles.close()


def test_a_deleted_attachment_loses_its_row_and_bytes(exchange, ncen):
    record, photo = record_line(), png()
    attachment = attachment_line(record, photo)
    exchange.receive(exchange.records([record], attachments=[(attachment, photo)]))

    result = exchange.receive(exchange.records(
        [], attachments=[(dict(attachment, version=2, deleted=True, caption=""), photo)]))

    assert dict(result.counts) == {"attachments": 1}
    assert _photo_rows(ncen) == (0, 0)


def test_bytes_already_held_need_not_travel_again(exchange, ncen, people):
    first, second, photo = record_line(), record_line(reference="FR-2"), png()
    exchange.receive(exchange.records([first], attachments=[(attachment_line(first, photo),
                                                             photo)]))
    package = exchange.seal({
        "share.json": b'{"payload": 1, "audience": {"kind": "all", "name": "all", '
                      b'"legal_basis": ""}, "record_count": 1}',
        "records.jsonl": jsonl([second]),
        "attachments.jsonl": jsonl([attachment_line(second, photo)]),
    })

    result = exchange.receive(package)

    assert dict(result.counts) == {"records": 1, "attachments": 1}
    assert _photo_rows(ncen) == (2, 1)


def test_an_attachment_of_a_record_not_held_here_is_ignored(exchange, ncen):
    record, photo = record_line(), png()

    result = exchange.receive(exchange.records(
        [], attachments=[(attachment_line(record, photo), photo)]))

    assert dict(result.counts) == {"ignored": 1}
    assert _photo_rows(ncen) == (0, 0)
