"""Tombstones and withdrawals: the copy loses its content, its index entries, its
attachments and their bytes, and stays as a tombstone so an older version never brings it
back. A tombstone is final; a withdrawal is lifted by a higher version."""

from __future__ import annotations

import pytest
from receiving_world import (
    SENDER,
    attachment_line,
    link_line,
    newer,
    png,
    record_line,
)

from ncen_core.records import RecordRef
from ncen_core.storage import is_sqlite


def _tombstone_of(line: dict) -> dict:
    following = newer(line)
    following["deleted"], following["fields"] = True, {}
    return following


def _held(ncen, line):
    models = ncen.models_for("specimen")
    main = models.main
    row = main.get((main.origin == SENDER) & (main.uuid == line["uuid"]))
    return row, models.children["parts"].select().where(
        models.children["parts"].record == row.id).count()


def _search_entries(ncen, record_id):
    if is_sqlite(ncen.database):
        sql = "SELECT COUNT(*) FROM fts_specimen WHERE rowid = ?"
    else:
        sql = "SELECT COUNT(*) FROM fts_specimen WHERE record_id = %s"
    return ncen.database.execute_sql(sql, (record_id,)).fetchone()[0]


def _photo_rows(ncen):
    system = ncen.system
    return system.Attachment.select().count(), system.AttachmentBlob.select().count()


def _send_with_photo(exchange):
    line, photo = record_line(name="Marie Curie", parts=[{"label": "bag"}]), png()
    attachment = (attachment_line(line, photo), photo)
    result = exchange.receive(exchange.records([line], attachments=[attachment]))
    assert result.status == "imported"
    assert _photo_rows(exchange.ncen) == (1, 1)
    return line, attachment


def test_a_tombstone_purges_content_indexes_and_attachments(exchange, ncen):
    line, _ = _send_with_photo(exchange)

    result = exchange.receive(exchange.records([_tombstone_of(line)]))

    assert dict(result.counts) == {"tombstones": 1}
    row, parts = _held(ncen, line)
    assert (row.deleted, row.version, row.name, parts) == (True, 2, None, 0)
    assert _search_entries(ncen, row.id) == 0
    assert _photo_rows(ncen) == (0, 0)


def test_a_tombstone_stays_and_is_final(exchange, ncen, people):
    line, _ = _send_with_photo(exchange)
    exchange.receive(exchange.records([_tombstone_of(line)]))

    older = exchange.receive(exchange.records([line]))
    later = exchange.receive(exchange.records([newer(newer(line), name="Back again")]))

    assert dict(older.counts) == dict(later.counts) == {"ignored": 1}
    assert _held(ncen, line)[0].deleted
    with pytest.raises(Exception, match="no specimen record"):
        people["analyst"].get(RecordRef("specimen", SENDER, line["uuid"]))


def test_a_tombstone_of_a_record_never_received_is_kept(exchange, ncen):
    line = record_line()

    exchange.receive(exchange.records([_tombstone_of(line)]))
    exchange.receive(exchange.records([line]))

    row, _ = _held(ncen, line)
    assert (row.deleted, row.version) == (True, 2)


def test_a_withdrawal_deletes_the_copy_and_its_photos(exchange, ncen):
    line, _ = _send_with_photo(exchange)

    result = exchange.receive(exchange.withdrawal(line))

    assert dict(result.counts) == {"withdrawn": 1}
    row, parts = _held(ncen, line)
    assert (row.deleted, row.version, row.name, parts) == (True, 1, None, 0)
    assert _search_entries(ncen, row.id) == 0
    assert _photo_rows(ncen) == (0, 0)


def test_a_withdrawn_record_comes_back_only_at_a_higher_version(exchange, ncen, people):
    line, attachment = _send_with_photo(exchange)
    exchange.receive(exchange.withdrawal(line))

    same = exchange.receive(exchange.records([line]))
    higher = newer(line, name="Marie Sklodowska")
    back = exchange.receive(exchange.records([higher], attachments=[attachment]))

    assert dict(same.counts) == {"ignored": 1}
    assert dict(back.counts) == {"records": 1, "attachments": 1}
    copy = people["analyst"].get(RecordRef("specimen", SENDER, line["uuid"]))
    assert (copy.version, copy.values["name"]) == (2, "Marie Sklodowska")
    assert _photo_rows(ncen) == (1, 1)


def test_a_withdrawal_older_than_the_copy_is_ignored(exchange, people):
    line = record_line(name="Kept")
    exchange.receive(exchange.records([newer(line)]))

    result = exchange.receive(exchange.withdrawal(line, version=1))

    assert dict(result.counts) == {"ignored": 1}
    assert people["analyst"].get(RecordRef("specimen", SENDER, line["uuid"])).version == 2


def test_a_withdrawal_of_a_record_never_received_keeps_out_its_older_versions(exchange, ncen):
    line = record_line()

    exchange.receive(exchange.withdrawal(line, version=3))
    result = exchange.receive(exchange.records([newer(newer(line))]))

    assert dict(result.counts) == {"ignored": 1}
    main = ncen.models_for("specimen").main
    assert not main.select().where(main.uuid == line["uuid"]).exists()


def test_a_withdrawal_takes_the_sender_s_links_with_it_until_the_record_returns(exchange, ncen):
    withdrawn, kept = record_line(), record_line(reference="FR-2")
    link = link_line(withdrawn, kept)
    exchange.receive(exchange.records([withdrawn, kept], links=[link]))
    Link = ncen.system.Link

    exchange.receive(exchange.withdrawal(withdrawn))
    gone = Link.select().count()
    exchange.receive(exchange.records([newer(withdrawn)], links=[link]))

    assert (gone, Link.select().count()) == (0, 1)
