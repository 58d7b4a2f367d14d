"""A seizure through the record service: created with its items, route and containers,
edited, validated by its rules, given photos and X-ray images, tombstoned; and the
exceptional-concealment flag as a filter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from databases_support import (
    PDF_BYTES,
    photo_jpeg,
    photo_png,
    seizure_values,
    xray_png,
)

from ncen_core.errors import ConflictError, NotFoundError, ValidationError
from ncen_core.schema import current_schema
from ncen_core.validation import Quantity


@pytest.fixture
def seizure(officer):
    return officer.create("seizure", seizure_values())


def test_seizure_is_stored_with_two_items_three_legs_and_two_containers(officer, seizure):
    values = officer.get(seizure.ref).values
    assert [(i["subtype"], i["quantity"]) for i in values["items"]] == [
        ("DRUGS_COCAINE", Quantity(Decimal("412.500"), "KG", Decimal("412.5"), "kg")),
        ("TOBACCO_CIGARETTES", Quantity(Decimal("18000.000"), "STICK", Decimal("18000"), "u")),
    ]
    assert [(leg["leg_type"], leg["country"]) for leg in values["route"]] == [
        ("ORIGIN", "EC"), ("TRANSIT", "PA"), ("DESTINATION", "BE")]
    assert [c["container_number"] for c in values["containers"]] == [
        "MSCU1234566", "MAEU 745290 4"]
    assert values["detection_methods"] == ["RISK_PROFILING", "NII_FIXED", "DOG_DRUGS"]
    assert values["items"][0]["estimated_value"] == Decimal("16500000.00")


def test_seizure_scalars_keep_their_types(officer, seizure):
    values = officer.get(seizure.ref).values
    assert values["seizure_date"] == dt.date(2025, 3, 14)
    assert values["exceptional_concealment"] is True
    assert values["vessel_imo"] == "IMO 9074729"
    assert values["transport_mode"] == "1"


def test_seizure_is_titled_by_reference_date_and_place(ncen, seizure):
    title = ncen.registry.record_type("seizure").title(seizure.values)
    assert title == "SZ-2025-000417 2025-03-14 Deurganck dock, quay 1742"


def test_edit_replaces_the_route_and_bumps_the_version(officer, seizure):
    route = [*seizure.values["route"][:1],
             {"leg_type": "TRANSHIPMENT", "country": "ES", "place": "Algeciras",
              "unlocode": "ESALG"},
             *seizure.values["route"][1:]]
    edited = officer.update(seizure.ref, {"route": route, "seizure_time": "07:05"},
                            expected_version=1)
    assert edited.version == 2
    assert [leg["unlocode"] for leg in officer.get(seizure.ref).values["route"]] == [
        "ECGYE", "ESALG", "PABLB", "BEANR"]
    assert officer.get(seizure.ref).values["items"] == seizure.values["items"]


def test_edit_of_a_stale_version_is_refused(officer, seizure):
    officer.update(seizure.ref, {"narrative": "first"}, expected_version=1)
    with pytest.raises(ConflictError):
        officer.update(seizure.ref, {"narrative": "second"}, expected_version=1)


def test_missing_reference_date_and_item_quantity_are_named(officer):
    values = seizure_values(reference="", seizure_date=None)
    values["items"] = [{"commodity": "DRUGS"}]
    with pytest.raises(ValidationError) as caught:
        officer.create("seizure", values)
    assert set(caught.value.problems) == {"reference", "seizure_date", "items[1].quantity"}


@pytest.mark.parametrize(("changes", "path", "message"), [
    ({"items": [{"commodity": "TOBACCO", "subtype": "DRUGS_COCAINE", "quantity": "1 KG"}]},
     "items[1].subtype", "DRUGS_COCAINE is a subtype of DRUGS, not of TOBACCO"),
    ({"concealment_category": "BAGGAGE", "concealment_method": "CONTAINER_FLOOR"},
     "concealment_method", "CONTAINER_FLOOR is a method of concealment category CONTAINER"),
    ({"containers": [{"container_number": "MSCU1234567"}]},
     "containers[1].container_number", "the check digit should be 6"),
    ({"containers": [{"container_number": "MSC1234566"}]},
     "containers[1].container_number", "3 letters, U/J/Z/R, 6 digits"),
    ({"vessel_imo": "IMO 9074728"}, "vessel_imo", "the check digit should be 9"),
    ({"items": [{"commodity": "ALCOHOL", "quantity": "120 L", "estimated_value": "900"}]},
     "items[1].currency", "a value needs its currency"),
])
def test_seizure_rule_is_enforced(officer, changes, path, message):
    with pytest.raises(ValidationError) as caught:
        officer.create("seizure", seizure_values(**changes))
    assert message in caught.value.problems[path]


@pytest.mark.parametrize(("changes", "path"), [
    ({"unlocode": "antwerp"}, "unlocode"),
    ({"seizure_time": "25:10"}, "seizure_time"),
    ({"detection_methods": ["NII_FIXED", "NII_FIXED"]}, "detection_methods"),
    ({"transport_mode": "AIR"}, "transport_mode"),
    ({"items": [{"commodity": "DRUGS", "hs_code": "29A", "quantity": "1 KG"}]},
     "items[1].hs_code"),
    ({"items": [{"commodity": "DRUGS", "quantity": "1 BUCKET"}]}, "items[1].quantity"),
])
def test_seizure_field_format_is_enforced(officer, changes, path):
    with pytest.raises(ValidationError) as caught:
        officer.create("seizure", seizure_values(**changes))
    assert path in caught.value.problems


def test_photos_xray_and_report_are_attached_with_captions(officer, seizure):
    attachments = officer.attachments
    attachments.add(seizure.ref, photo_png(), caption="Cavity under the container floor")
    attachments.add(seizure.ref, photo_jpeg(), caption="Packages laid out on the quay")
    attachments.add(seizure.ref, xray_png(), caption="Fixed scanner image", category="xray")
    attachments.add(seizure.ref, PDF_BYTES, caption="Seizure report", category="document")
    found = [(a.media_type, a.category, a.caption) for a in attachments.of(seizure.ref)]
    assert found == [
        ("image/png", "photo", "Cavity under the container floor"),
        ("image/jpeg", "photo", "Packages laid out on the quay"),
        ("image/png", "xray", "Fixed scanner image"),
        ("application/pdf", "document", "Seizure report"),
    ]


def test_xray_image_gets_a_thumbnail_and_keeps_its_bytes(officer, seizure):
    data = xray_png()
    info = officer.attachments.add(seizure.ref, data, category="xray")
    assert (info.width, info.height) == (1024, 512)
    assert officer.attachments.thumbnail(info.sha256).startswith(b"\x89PNG")
    assert officer.attachments.data(info.sha256) == data


def test_tombstone_purges_items_route_and_attachments(officer, seizure):
    officer.attachments.add(seizure.ref, photo_png(), caption="floor")
    tombstone = officer.tombstone(seizure.ref, expected_version=1)
    assert tombstone.deleted and tombstone.version == 2
    kept = officer.get(seizure.ref, include_deleted=True).values
    assert kept["items"] == [] and kept["route"] == [] and kept["reference"] is None
    assert officer.attachments.of(seizure.ref) == []
    with pytest.raises(NotFoundError):
        officer.get(seizure.ref)


def test_exceptional_concealment_is_an_indexed_filter(ncen, officer):
    for number, flagged in ((1, True), (2, False), (3, True), (4, None)):
        officer.create("seizure", seizure_values(reference=f"SZ-2025-{number:06d}",
                                                 exceptional_concealment=flagged))
    main = ncen.models_for("seizure").main
    found = main.select(main.reference).where(main.exceptional_concealment == True)  # noqa: E712
    assert sorted(row.reference for row in found) == ["SZ-2025-000001", "SZ-2025-000003"]
    indexes = ncen.database.get_indexes("rec_seizure", schema=current_schema(ncen.database))
    assert any(index.columns == ["exceptional_concealment"] for index in indexes)
