"""Demo data written through the record service, on each backend.

One installation per backend is filled once for the module (20 seizures): creating the
records through the service already proves that every one of them passed validation; the
tests check what validation cannot, that the content hangs together.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from ncen_testing import backends, postgres_schema_url
from ncen_testing import USER_PASSWORD, make_config, open_initialised
from PIL import Image

from ncen_core.demo.generator import generate
from ncen_core.demo.plan import build_plan
from ncen_core.identifiers import check_container_number
from ncen_core.record_json import jsonable
from ncen_core.record_service import RecordService
from ncen_core.users import add_user

SEIZURES = 20
SEED = 7

#: Where each concealment category may occur, written independently of the catalogue.
CONVEYANCES_OF_CATEGORY = {
    "IN_BODY": {"AIRCRAFT_COMMERCIAL"},
    "ON_BODY": {"AIRCRAFT_COMMERCIAL", "CAR"},
    "BAGGAGE": {"AIRCRAFT_COMMERCIAL", "CAR"},
    "CONTAINER": {"VESSEL_CONTAINER"},
    "MAIL": {"POSTAL_ITEM", "EXPRESS_PARCEL"},
    "CONVEYANCE": {"TRUCK", "CAR", "VESSEL_GO_FAST"},
}
#: Base units (kg, l, u) in which each commodity category is counted.
BASE_UNITS_OF_COMMODITY = {
    "DRUGS": {"kg", "u"}, "TOBACCO": {"kg", "u"}, "IPR": {"u"}, "MEDICINES": {"u"},
    "WILDLIFE": {"kg", "u"}, "CURRENCY": {"u"}, "WEAPONS": {"u"}, "PRECURSORS": {"kg", "l"},
    "ENVIRONMENT": {"kg"}, "CULTURAL": {"u"},
}


@pytest.fixture(scope="module", params=backends())
def database_url(request, tmp_path_factory):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('demo') / 'ncen.db'}"
        return
    yield from postgres_schema_url()


@pytest.fixture(scope="module")
def supervisor(database_url, tmp_path_factory):
    ncen = open_initialised(make_config(database_url, tmp_path_factory.mktemp("data"),
                                        with_databases=True))
    user = add_user(ncen.system, "sven", USER_PASSWORD, "supervisor", unit="DEMO")
    yield RecordService(ncen, user)
    ncen.close()


@pytest.fixture(scope="module")
def demo(supervisor):
    return generate(supervisor, seizures=SEIZURES, seed=SEED)


@pytest.fixture(scope="module")
def seizures(supervisor, demo):
    return [supervisor.get(ref) for ref in demo.refs if ref.record_type == "seizure"]


def content(service, refs):
    """Everything a user sees of ``refs``, with other records named by their position."""
    position = {ref: n for n, ref in enumerate(refs)}
    snapshot = []
    for ref in refs:
        record = service.get(ref)
        links = sorted((link.role, position[link.other(ref)], link.confidence, link.note)
                       for link in service.links.of(ref))
        photos = [(a.sha256, a.caption, a.category) for a in service.attachments.of(ref)]
        snapshot.append((record.record_type, record.status, record.tlp,
                         jsonable(dict(record.values)), links, photos))
    return snapshot


def test_every_planned_record_link_and_photo_is_written(supervisor, demo):
    plan = build_plan(supervisor.ncen.registry.codelists, seizures=SEIZURES, seed=SEED,
                      officer="sven", role=supervisor.user.role)
    assert [ref.record_type for ref in demo.refs] == [r.record_type for r in plan.records]
    assert (demo.count("seizure"), demo.links, demo.photos) == (SEIZURES, len(plan.links),
                                                                len(plan.photos))


def test_the_same_seed_writes_the_same_content(supervisor):
    first = generate(supervisor, seizures=4, seed=3)
    second = generate(supervisor, seizures=4, seed=3)
    assert content(supervisor, first.refs) == content(supervisor, second.refs)


def test_every_concealment_fits_the_conveyance(seizures):
    for seizure in seizures:
        values = seizure.values
        allowed = CONVEYANCES_OF_CATEGORY.get(values["concealment_category"])
        assert allowed is None or values["conveyance_type"] in allowed, values["reference"]


def test_the_transport_mode_is_the_mode_of_the_conveyance(supervisor, seizures):
    conveyances = supervisor.ncen.registry.codelists.get("conveyance_type")
    for seizure in seizures:
        values = seizure.values
        mode = conveyances.get(values["conveyance_type"]).attrs["transport_mode"]
        assert values["transport_mode"] == mode, values["reference"]


def test_commodity_subtypes_belong_to_their_categories(supervisor, seizures):
    subtypes = supervisor.ncen.registry.codelists.get("commodity_subtype")
    for seizure in seizures:
        for item in seizure.values["items"]:
            assert subtypes.get(item["subtype"]).parent == item["commodity"]


def test_quantities_are_counted_in_units_that_fit_the_goods(seizures):
    for seizure in seizures:
        for item in seizure.values["items"]:
            assert item["quantity"].base_unit in BASE_UNITS_OF_COMMODITY[item["commodity"]], item


def test_container_numbers_carry_their_check_digit(seizures):
    numbers = [row["container_number"] for s in seizures for row in s.values["containers"]]
    assert numbers
    for number in numbers:
        assert check_container_number(number) == number


def test_some_suspect_is_linked_to_several_seizures(supervisor, demo):
    suspects = [ref for ref in demo.refs if ref.record_type == "suspect"]
    seizure_counts = [sum(1 for link in supervisor.links.of(ref)
                          if link.other(ref).record_type == "seizure") for ref in suspects]
    assert max(seizure_counts) >= 2


def test_some_phone_number_is_shared_by_several_suspects(supervisor, demo):
    holders = Counter(row["phone"] for ref in demo.refs if ref.record_type == "suspect"
                      for row in supervisor.get(ref).values["phones"])
    assert max(holders.values()) >= 2


def test_photos_are_attached_and_decode(supervisor, seizures):
    attachments = [a for s in seizures for a in supervisor.attachments.of(s.ref)]
    assert attachments
    for attachment in attachments:
        with Image.open(io.BytesIO(supervisor.attachments.data(attachment.sha256))) as image:
            image.verify()
        assert attachment.media_type == "image/png"
