"""The whole life of a seizure, a suspect and a company through the record service, on each
backend: created by an officer, edited, validated by a supervisor, linked to another
record, given a photo, and tombstoned — each step visible in the record and its audit."""

from __future__ import annotations

import pytest
from databases_support import (
    company_values,
    photo_png,
    seizure_values,
    suspect_values,
)

from ncen_core import audit
from ncen_core.errors import NotFoundError, PermissionDeniedError

#: Per record type: its values, an edit, and a record of another type to link it to.
LIVES = {
    "seizure": (seizure_values, {"place_name": "Deurganck dock, quay 1744"},
                "suspect", "SEIZ_SUSP_COURIER"),
    "suspect": (suspect_values, {"occupation": "Crane operator"},
                "company", "SUSP_COMP_DIRECTOR"),
    "company": (company_values, {"aeo_status": "AEOC"}, "seizure", "SEIZ_COMP_IMPORTER"),
}
MAKERS = {"seizure": seizure_values, "suspect": suspect_values, "company": company_values}


@pytest.mark.parametrize("record_type", sorted(LIVES))
def test_a_record_is_created_edited_validated_linked_photographed_and_tombstoned(
        ncen, people, record_type):
    officer, supervisor = people["officer"], people["supervisor"]
    make, edit, other_type, role = LIVES[record_type]

    created = officer.create(record_type, make(), status="submitted")
    edited = officer.update(created.ref, edit, expected_version=1)
    validated = supervisor.update(created.ref, {}, expected_version=2, status="validated")
    other = officer.create(other_type, MAKERS[other_type]())
    link = officer.links.add(created.ref, other.ref, role, confidence=80)
    photo = supervisor.attachments.add(created.ref, photo_png(), caption="As found")
    linked = [found.uuid for found in officer.links.of(created.ref)]
    photographed = [(found.sha256, found.caption)
                    for found in officer.attachments.of(created.ref)]
    thumbnail = officer.attachments.thumbnail(photo.sha256)
    with pytest.raises(PermissionDeniedError):
        officer.tombstone(created.ref, expected_version=3)
    tombstone = supervisor.tombstone(created.ref, expected_version=3)

    assert (edited.version, edited.values.items() >= edit.items()) == (2, True)
    assert (validated.status, validated.version) == ("validated", 3)
    assert linked == [link.uuid]
    assert photographed == [(photo.sha256, "As found")]
    assert thumbnail is not None
    assert (tombstone.deleted, tombstone.version) == (True, 4)
    assert supervisor.attachments.of(created.ref) == []
    assert supervisor.attachments.data(photo.sha256) == b""
    with pytest.raises(NotFoundError):
        officer.get(created.ref)
    actions = [event.action for event in reversed(audit.history(
        ncen.system, record_type, created.origin, created.uuid))]
    assert actions == ["create", "update", "update", "link", "attach", "tombstone"]
