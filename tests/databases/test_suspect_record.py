"""A suspect through the record service: names in two scripts, a partial birth date, several
nationalities and documents; edited, validated by its rules, photographed, tombstoned."""

from __future__ import annotations

import pytest
from databases_support import photo_jpeg, suspect_values

from ncen_core.errors import NotFoundError, PermissionDeniedError, ValidationError


@pytest.fixture
def suspect(officer):
    return officer.create("suspect", suspect_values())


def test_arabic_script_names_are_stored_exactly(officer, suspect):
    values = officer.get(suspect.ref).values
    assert values["name_original_script"] == "يوسف بن علي"
    assert values["aliases"] == [{"alias": "أبو يوسف", "script": "Arab"},
                                 {"alias": "Joe Benali", "script": None}]


def test_partial_birth_date_and_countries_are_normalised(officer, suspect):
    values = officer.get(suspect.ref).values
    assert values["date_of_birth"] == "1987-03"
    assert [row["country"] for row in values["nationalities"]] == ["MA", "BE"]
    assert [(d["document_type"], d["number"]) for d in values["documents"]] == [
        ("PASSPORT", "UK4821937"), ("NATIONAL_ID", "592-0034417-12")]


def test_suspect_is_titled_by_name_and_birth_date(ncen, suspect):
    assert ncen.registry.record_type("suspect").title(suspect.values) == (
        "Benali, Youssef (1987-03)")


def test_edit_adds_a_phone_and_keeps_the_rest(officer, suspect):
    phones = [*suspect.values["phones"], {"phone": "+212 661 23 45 67"}]
    edited = officer.update(suspect.ref, {"phones": phones, "date_of_birth": "1987-03-21"},
                            expected_version=1)
    assert edited.version == 2
    assert [p["phone"] for p in edited.values["phones"]] == ["+32 470 12 34 56",
                                                             "+212 661 23 45 67"]
    assert edited.values["documents"] == suspect.values["documents"]


def test_officer_of_another_unit_may_not_edit(people, suspect):
    with pytest.raises(PermissionDeniedError, match="only of its own unit"):
        people["other_officer"].update(suspect.ref, {"occupation": "x"}, expected_version=1)


@pytest.mark.parametrize(("changes", "path", "message"), [
    ({"documents": [
        {"document_type": "PASSPORT", "number": "UK4821937", "issuing_country": "MA"},
        {"document_type": "PASSPORT", "number": "uk 482 1937", "issuing_country": "MAR"}]},
     "documents[2].number", "already listed as document 1"),
    ({"nationalities": [{"country": "MA"}, {"country": "MAR"}]},
     "nationalities[2].country", "MA is listed twice"),
])
def test_suspect_rule_is_enforced(officer, changes, path, message):
    with pytest.raises(ValidationError) as caught:
        officer.create("suspect", suspect_values(**changes))
    assert message in caught.value.problems[path]


@pytest.mark.parametrize(("changes", "path"), [
    ({"family_name": " "}, "family_name"),
    ({"date_of_birth": "1987-13"}, "date_of_birth"),
    ({"gender": "male"}, "gender"),
    ({"nationalities": [{"country": "Atlantis"}]}, "nationalities[1].country"),
    ({"documents": [{"document_type": "PASSPORT"}]}, "documents[1].number"),
    ({"emails": [{"email": "not-an-address"}]}, "emails[1].email"),
])
def test_suspect_field_format_is_enforced(officer, changes, path):
    with pytest.raises(ValidationError) as caught:
        officer.create("suspect", suspect_values(**changes))
    assert path in caught.value.problems


def test_photo_of_the_person_is_attached(officer, suspect):
    info = officer.attachments.add(suspect.ref, photo_jpeg((400, 500)),
                                   caption="Custody photograph, 14 March 2025")
    assert (info.media_type, info.width, info.height) == ("image/jpeg", 400, 500)
    assert [a.caption for a in officer.attachments.of(suspect.ref)] == [
        "Custody photograph, 14 March 2025"]


def test_tombstone_purges_names_documents_and_photos(officer, suspect):
    officer.attachments.add(suspect.ref, photo_jpeg())
    officer.tombstone(suspect.ref, expected_version=1)
    kept = officer.get(suspect.ref, include_deleted=True).values
    assert kept["family_name"] is None and kept["name_original_script"] is None
    assert kept["aliases"] == [] and kept["documents"] == [] and kept["nationalities"] == []
    assert officer.attachments.of(suspect.ref) == []
    with pytest.raises(NotFoundError):
        officer.get(suspect.ref)
