"""Link analysis around a record: links, shared identifiers, stop-list, fan-out, hops."""

from __future__ import annotations

import phonenumbers
import pytest
from network_support import company, seizure, suspect

from ncen_core.errors import NotFoundError, ValidationError
from ncen_core.network import NetworkSettings, explore, shortest_path
from ncen_core.network.graph import FAN_OUT, LINK, SHARED, STOP_LISTED


def settings(**changes):
    base = {"stop_values": ("UNKNOWN", "N/A", "000000"), "max_shared": 25,
            "follow": ("document", "phone", "address", "plate", "container")}
    return NetworkSettings(**{**base, **changes})


def test_two_suspects_meet_through_a_phone_written_differently(officer):
    local = suspect(officer, "DUPONT", phones=["06 12 34 56 78"])
    international = suspect(officer, "MARTIN", phones=["+33 (0)612-345-678"])
    suspect(officer, "DURAND", phones=["06 99 99 99 99"])
    independent = {phonenumbers.format_number(phonenumbers.parse(text, "FR"),
                                              phonenumbers.PhoneNumberFormat.E164)
                   for text in ("06 12 34 56 78", "+33 (0)612-345-678")}
    assert independent == {"+33612345678"}

    network = explore(officer.ncen, officer.user, local.ref, hops=1)

    assert set(network.nodes) == {local.ref, international.ref}
    (connection,) = network.connections
    assert (connection.kind, connection.label, connection.value) == (SHARED, "phone",
                                                                     "+33612345678")
    assert connection.other(local.ref) == international.ref


def test_the_stop_list_keeps_unknown_from_connecting(officer):
    first = suspect(officer, "ALPHA", documents=["unknown"])
    second = suspect(officer, "BRAVO", documents=["UNKNOWN"])

    stopped = explore(officer.ncen, officer.user, first.ref, hops=2, settings=settings())
    unstopped = explore(officer.ncen, officer.user, first.ref, hops=2,
                        settings=settings(stop_values=()))

    assert set(stopped.nodes) == {first.ref}
    assert [(v.kind, v.value, v.reason) for v in stopped.skipped] == [
        ("document", "UNKNOWN", STOP_LISTED)]
    assert set(unstopped.nodes) == {first.ref, second.ref}


def test_a_value_of_one_repeated_character_is_always_stopped():
    rules = settings(stop_values=())
    assert rules.is_stopped("document", "0000000")
    assert rules.is_stopped("address", "FR|75011|X")
    assert not rules.is_stopped("document", "AB1234567")


def test_a_value_held_by_more_records_than_the_cap_is_reported_not_followed(officer):
    courier = {"street": "1 Rue du Fret", "postcode": "95700", "city": "Roissy", "country": "FR"}
    companies = [company(officer, f"Client {n}", addresses=[courier]) for n in range(4)]

    capped = explore(officer.ncen, officer.user, companies[0].ref, settings=settings(max_shared=3))
    open_ = explore(officer.ncen, officer.user, companies[0].ref, settings=settings(max_shared=4))

    assert set(capped.nodes) == {companies[0].ref}
    assert [(v.kind, v.reason, v.holders) for v in capped.skipped] == [
        ("address", FAN_OUT, 4), ("address", FAN_OUT, 4)]
    assert set(open_.nodes) == {c.ref for c in companies}


def test_an_address_typed_two_ways_connects(officer):
    short = company(officer, "Short", addresses=[
        {"street": "12, av. Foch", "postcode": "75016", "country": "FR"}])
    long = suspect(officer, "LONG", addresses=[
        {"street": "12 AVENUE FOCH", "city": "Paris", "postcode": "75 016", "country": "FR"}])

    network = explore(officer.ncen, officer.user, short.ref, hops=1)

    assert set(network.nodes) == {short.ref, long.ref}
    assert network.connections[0].value == "FR|75016|12 AVENUE FOCH"


def test_two_seizures_meet_through_a_container_written_differently(officer):
    first = officer.create("seizure", {"reference": "S-C1", "seizure_date": "2026-03-01",
                                       "containers": [{"container_number": "CSQU3054383"}]})
    second = officer.create("seizure", {"reference": "S-C2", "seizure_date": "2026-04-01",
                                        "containers": [{"container_number": "csqu 305438-3"}]})
    seizure(officer, "S-C3")

    network = explore(officer.ncen, officer.user, first.ref, hops=1)

    assert set(network.nodes) == {first.ref, second.ref}
    (connection,) = network.connections
    assert (connection.kind, connection.label, connection.value) == (SHARED, "container",
                                                                     "CSQU3054383")


def test_hops_follow_links_and_identifiers_step_by_step(officer):
    case = seizure(officer, "S-1", plate="AB-123-CD")
    driver = suspect(officer, "DRIVER", documents=["P1234567"])
    officer.links.add(case.ref, driver.ref, "SEIZ_SUSP_DRIVER")
    twin = suspect(officer, "TWIN", documents=["p 1234567"])
    other_case = seizure(officer, "S-2", plate="ab123cd")
    officer.links.add(twin.ref, suspect(officer, "FRIEND").ref, "SUSP_SUSP_ASSOCIATE")

    one = explore(officer.ncen, officer.user, case.ref, hops=1)
    two = explore(officer.ncen, officer.user, case.ref, hops=2)

    assert set(one.nodes) == {case.ref, driver.ref, other_case.ref}
    assert {c.kind for c in one.connections} == {LINK, SHARED}
    assert set(two.nodes) == set(one.nodes) | {twin.ref}
    assert two.nodes[twin.ref].hops == 2


def test_a_deleted_record_is_not_in_the_network(officer):
    first = suspect(officer, "ONE", phones=["06 11 22 33 44"])
    gone = suspect(officer, "GONE", phones=["0611223344"])
    officer.tombstone(gone.ref, expected_version=1)

    assert set(explore(officer.ncen, officer.user, first.ref).nodes) == {first.ref}


def test_the_node_limit_truncates_and_says_so(officer):
    hub = suspect(officer, "HUB")
    for n in range(5):
        officer.links.add(hub.ref, suspect(officer, f"S{n}").ref, "SUSP_SUSP_ASSOCIATE")

    network = explore(officer.ncen, officer.user, hub.ref, max_nodes=3)

    assert network.truncated and len(network.nodes) == 3
    assert all(c.a in network.nodes and c.b in network.nodes for c in network.connections)


def test_shortest_path_takes_the_fewest_connections(officer):
    a, b, c, g, d = (suspect(officer, name) for name in "ABCGD")
    for here, there in ((a, b), (b, c), (c, g), (g, d)):
        officer.links.add(here.ref, there.ref, "SUSP_SUSP_ASSOCIATE")
    shortcut = suspect(officer, "E", phones=["0700000001"])
    officer.links.add(a.ref, shortcut.ref, "SUSP_SUSP_FAMILY")
    company(officer, "Phone shop", phones=["+33 7 00 00 00 01"])
    officer.links.add(d.ref, suspect(officer, "F", phones=["07.00.00.00.01"]).ref,
                      "SUSP_SUSP_FAMILY")

    path = shortest_path(officer.ncen, officer.user, a.ref, d.ref)

    assert [n.title.split(",")[0] for n in path.nodes] == ["A", "E", "F", "D"]
    assert [c.kind for c in path.connections] == [LINK, SHARED, LINK]
    assert shortest_path(officer.ncen, officer.user, a.ref, d.ref, max_hops=2) is None


def test_an_unknown_start_or_bad_hops_are_refused(officer):
    ghost = suspect(officer, "GHOST").ref.__class__("suspect", "FR-CDG", "no-such-uuid")
    with pytest.raises(NotFoundError, match="no suspect FR-CDG:no-such-uuid"):
        explore(officer.ncen, officer.user, ghost)
    with pytest.raises(ValidationError, match="hops"):
        explore(officer.ncen, officer.user, suspect(officer, "X").ref, hops=9)
