"""The network of a random register, checked against a plain breadth-first search over the
same facts computed in Python (phones normalised with phonenumbers directly)."""

from __future__ import annotations

import random
from collections import defaultdict

import phonenumbers
from network_support import suspect

from ncen_core.network import NetworkSettings, explore, shortest_path

PHONES = ["06 10 00 00 01", "+33 6 10 00 00 02", "0033 6 10 00 00 03", "06.10.00.00.04",
          "+33610000005", "06 10 00 00 06"]


def e164(text):
    return phonenumbers.format_number(phonenumbers.parse(text, "FR"),
                                      phonenumbers.PhoneNumberFormat.E164)


def expected_network(people, links, start, hops, cap):
    """Records within ``hops`` of ``start``: links, and phones held by 2..cap records."""
    holders = defaultdict(set)
    for name, phones in people.items():
        for phone in phones:
            holders[e164(phone)].add(name)
    neighbours = defaultdict(set)
    for a, b in links:
        neighbours[a].add(b)
        neighbours[b].add(a)
    for names in holders.values():
        if len(names) <= cap:
            for name in names:
                neighbours[name] |= names - {name}
    distance = {start: 0}
    frontier = [start]
    for hop in range(1, hops + 1):
        frontier = sorted({n for f in frontier for n in neighbours[f]} - set(distance))
        distance.update((name, hop) for name in frontier)
    return distance


def test_explore_matches_a_plain_breadth_first_search(officer):
    rng = random.Random(8)
    people = {f"P{n:02d}": rng.sample(PHONES, rng.choice([0, 0, 1, 1, 2]))
              # the same number typed in another way half of the time
              for n in range(40)}
    people = {name: [p.replace(" ", "") if rng.random() < 0.5 else p for p in phones]
              for name, phones in people.items()}
    records = {name: suspect(officer, name, phones=phones) for name, phones in people.items()}
    links = {tuple(sorted(rng.sample(sorted(people), 2))) for _ in range(25)}
    for a, b in links:
        officer.links.add(records[a].ref, records[b].ref, "SUSP_SUSP_ASSOCIATE")
    settings = NetworkSettings(stop_values=(), max_shared=6, follow=("phone",))
    by_ref = {record.ref: name for name, record in records.items()}

    for start in ("P00", "P07", "P21"):
        for hops in (1, 2, 3):
            network = explore(officer.ncen, officer.user, records[start].ref, hops=hops,
                              settings=settings)
            found = {by_ref[ref]: node.hops for ref, node in network.nodes.items()}
            assert found == expected_network(people, links, start, hops, cap=6)


def test_shortest_path_length_matches_the_breadth_first_distance(officer):
    rng = random.Random(3)
    people = {f"Q{n:02d}": rng.sample(PHONES, rng.choice([0, 1])) for n in range(25)}
    records = {name: suspect(officer, name, phones=phones) for name, phones in people.items()}
    links = {tuple(sorted(rng.sample(sorted(people), 2))) for _ in range(15)}
    for a, b in links:
        officer.links.add(records[a].ref, records[b].ref, "SUSP_SUSP_ASSOCIATE")
    settings = NetworkSettings(stop_values=(), max_shared=25, follow=("phone",))
    distances = expected_network(people, links, "Q00", 6, cap=25)

    for name in ("Q05", "Q11", "Q19", "Q24"):
        path = shortest_path(officer.ncen, officer.user, records["Q00"].ref, records[name].ref,
                             settings=settings)
        if name in distances:
            assert len(path.connections) == distances[name]
            assert path.nodes[-1].ref == records[name].ref
        else:
            assert path is None
