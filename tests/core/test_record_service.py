"""The record service on both backends: versions, validation, roles, paging, tombstones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ncen_core.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ReadOnlyRecordError,
    ValidationError,
)
from ncen_core.records import RecordRef
from ncen_core.validation import Quantity

SAMPLE = {
    "reference": "S-1",
    "name": "Specimen one",
    "count": "12",
    "value": "10,5",
    "found_on": "2024-03-01",
    "born": "1980-05",
    "seen_at": "2024-03-01T10:15:00",
    "flagged": "yes",
    "colour": "RED",
    "colours": "RED; BLUE",
    "country": "FRA",
    "weight": "2.5 G",
    "parts": [
        {"label": "left", "amount": {"amount": "3", "unit": "KG"}, "country": "de"},
        {"label": "right", "colour": "GREEN"},
    ],
}


def test_create_stores_canonical_values_at_version_one(ncen, people):
    record = people["officer"].create("specimen", SAMPLE)
    assert (record.version, record.origin, record.unit, record.status) == (1, "XA-TEST", "A", "draft")
    values = record.values
    assert values["count"] == 12
    assert values["value"] == Decimal("10.50")
    assert values["found_on"] == dt.date(2024, 3, 1)
    assert values["born"] == "1980-05"
    assert values["seen_at"] == dt.datetime(2024, 3, 1, 10, 15)
    assert values["flagged"] is True
    assert values["colours"] == ["RED", "BLUE"]
    assert values["country"] == "FR"
    assert values["weight"] == Quantity(Decimal("2.500"), "G", Decimal("0.002500"), "kg")
    assert [p["label"] for p in values["parts"]] == ["left", "right"]
    assert values["parts"][0]["amount"].normalised == Decimal("3")
    assert values["parts"][0]["country"] == "DE"


def test_get_returns_what_create_stored(ncen, people):
    created = people["officer"].create("specimen", SAMPLE)
    assert people["analyst"].get(created.ref) == created


def test_validation_names_every_bad_field(ncen, people):
    with pytest.raises(ValidationError) as caught:
        people["officer"].create("specimen", {
            "reference": "bad ref", "count": "many", "colour": "PINK", "country": "XX",
            "weight": "3 PARSECS", "born": "1980-13", "parts": [{"colour": "RED"}],
            "nickname": "x",
        })
    assert set(caught.value.problems) == {
        "reference", "count", "colour", "country", "weight", "born", "parts[1].label", "nickname",
    }
    assert "unknown code 'PINK'" in caught.value.problems["colour"]
    assert ncen.system.AuditEntry.select().where(ncen.system.AuditEntry.action == "create").count() == 0


def test_missing_required_field_is_refused(ncen, people):
    with pytest.raises(ValidationError) as caught:
        people["officer"].create("specimen", {"name": "no reference"})
    assert caught.value.problems == {"reference": "is required"}


def test_retired_code_is_refused_for_new_data(ncen, people):
    with pytest.raises(ValidationError, match="retired"):
        people["officer"].create("specimen", {"reference": "R", "colour": "MAUVE"})


def test_update_bumps_version_and_keeps_other_fields(ncen, people):
    officer = people["officer"]
    record = officer.create("specimen", SAMPLE)
    updated = officer.update(record.ref, {"name": "renamed"}, expected_version=1)
    assert updated.version == 2
    assert updated.values["name"] == "renamed"
    assert updated.values["parts"] == record.values["parts"]


def test_update_replaces_a_group_given_in_full(ncen, people):
    officer = people["officer"]
    record = officer.create("specimen", SAMPLE)
    updated = officer.update(record.ref, {"parts": [{"label": "only"}]}, expected_version=1)
    assert [p["label"] for p in updated.values["parts"]] == ["only"]


def test_stale_update_is_refused_and_overwrites_nothing(ncen, people):
    officer = people["officer"]
    record = officer.create("specimen", SAMPLE)
    officer.update(record.ref, {"name": "first"}, expected_version=1)
    with pytest.raises(ConflictError) as caught:
        officer.update(record.ref, {"name": "second"}, expected_version=1)
    assert caught.value.current_version == 2
    assert officer.get(record.ref).values["name"] == "first"


def test_tombstone_purges_content_and_hides_the_record(ncen, people):
    officer = people["officer"]
    record = officer.create("specimen", SAMPLE)
    officer.tombstone(record.ref, expected_version=1)
    with pytest.raises(NotFoundError):
        officer.get(record.ref)
    tombstone = officer.get(record.ref, include_deleted=True)
    assert tombstone.deleted and tombstone.version == 2
    assert tombstone.values["name"] is None and tombstone.values["parts"] == []
    assert officer.count("specimen") == 0


def test_records_of_another_office_are_read_only(ncen, people):
    officer = people["officer"]
    record = officer.create("specimen", SAMPLE)
    main = ncen.models_for("specimen").main
    main.update(origin="YB-OTHER").where(main.id == record.id).execute()
    received = RecordRef("specimen", "YB-OTHER", record.uuid)
    with pytest.raises(ReadOnlyRecordError, match="YB-OTHER"):
        officer.update(received, {"name": "x"}, expected_version=1)
    with pytest.raises(ReadOnlyRecordError):
        officer.tombstone(received, expected_version=1)


def test_analyst_may_read_but_not_create(ncen, people):
    with pytest.raises(PermissionDeniedError, match="analyst"):
        people["analyst"].create("specimen", SAMPLE)


def test_officer_may_not_edit_another_units_record(ncen, people):
    record = people["officer"].create("specimen", SAMPLE)
    with pytest.raises(PermissionDeniedError):
        people["other_officer"].update(record.ref, {"name": "x"}, expected_version=1)


def test_only_a_supervisor_validates(ncen, people):
    record = people["officer"].create("specimen", SAMPLE)
    with pytest.raises(PermissionDeniedError):
        people["officer"].update(record.ref, {}, expected_version=1, status="validated")
    validated = people["supervisor"].update(record.ref, {}, expected_version=1, status="validated")
    assert validated.status == "validated"


def test_officer_may_not_delete_a_validated_record(ncen, people):
    record = people["officer"].create("specimen", SAMPLE, status="submitted")
    people["supervisor"].update(record.ref, {}, expected_version=1, status="validated")
    with pytest.raises(PermissionDeniedError):
        people["officer"].tombstone(record.ref, expected_version=2)


def test_bad_metadata_is_refused(ncen, people):
    with pytest.raises(ValidationError) as caught:
        people["officer"].create("specimen", SAMPLE, distribution="world", tlp="PINK")
    assert set(caught.value.problems) == {"distribution", "tlp"}


def test_keyset_pages_cover_every_record_once_in_order(ncen, people):
    officer = people["officer"]
    created = [officer.create("specimen", {"reference": f"P-{i}"}) for i in range(23)]
    main = ncen.models_for("specimen").main
    main.update(updated_at=dt.datetime(2024, 1, 1)).where(main.id <= created[10].id).execute()
    seen, cursor = [], None
    while True:
        page = officer.list("specimen", limit=5, after=cursor)
        seen.extend(page.records)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == 23 and len({r.id for r in seen}) == 23
    keys = [(r.updated_at, r.id) for r in seen]
    assert keys == sorted(keys, reverse=True)


def test_a_list_builds_the_sql_of_its_pages_once(ncen, people, monkeypatch):
    from ncen_core.keyset import KeysetQuery

    officer = people["officer"]
    created = [officer.create("specimen", {"reference": f"P-{i}"}) for i in range(23)]
    main = ncen.models_for("specimen").main
    main.update(updated_at=dt.datetime(2024, 1, 1)).where(main.id <= created[10].id).execute()
    built = []
    compile_ = KeysetQuery.compile

    def counted(query, kind, *args):
        built.append(kind)
        return compile_(query, kind, *args)

    monkeypatch.setattr(KeysetQuery, "compile", counted)
    cursor, pages = None, 0
    while pages == 0 or cursor is not None:
        page = officer.list("specimen", limit=5, after=cursor)
        cursor, pages = page.next_cursor, pages + 1
    assert pages == 5
    assert sorted(built) == ["beyond", "first", "tie"]


def test_list_filters_keep_their_own_values(ncen, people):
    officer = people["officer"]
    for i in range(3):
        officer.create("specimen", {"reference": f"F-{i}"})
    found = [[record.values["reference"]
              for record in officer.list("specimen", equal={"reference": ref}).records]
             for ref in ("F-1", "F-2", "F-1")]
    assert found == [["F-1"], ["F-2"], ["F-1"]]


def test_list_pages_ascending_by_id(ncen, people):
    officer = people["officer"]
    for i in range(7):
        officer.create("specimen", {"reference": f"A-{i}"})
    first = officer.list("specimen", order_by="id", descending=False, limit=4)
    second = officer.list("specimen", order_by="id", descending=False, limit=4, after=first.next_cursor)
    refs = [r.values["reference"] for r in first.records + second.records]
    assert refs == [f"A-{i}" for i in range(7)]
    assert second.next_cursor is None


def test_every_write_is_audited_with_the_acting_user(ncen, people):
    officer = people["officer"]
    record = officer.create("specimen", SAMPLE)
    officer.update(record.ref, {"name": "x"}, expected_version=1)
    officer.tombstone(record.ref, expected_version=2)
    Audit = ncen.system.AuditEntry
    rows = list(Audit.select().where(Audit.record_uuid == record.uuid).order_by(Audit.id))
    assert [(r.action, r.username) for r in rows] == [
        ("create", "olga"), ("update", "olga"), ("tombstone", "olga")]
