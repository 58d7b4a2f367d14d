"""Version rules: a newer version replaces the copy, an older one is ignored, and the same
version with other content is equivocation, which quarantines the package."""

from __future__ import annotations

import copy

from receiving_world import (
    SENDER,
    assert_quarantined,
    dump,
    newer,
    record_line,
)

from ncen_core.records import RecordRef


def _copy(people, line):
    return people["analyst"].get(RecordRef("specimen", SENDER, line["uuid"]))


def test_a_newer_version_replaces_the_copy_and_clears_what_it_leaves_out(exchange, people):
    first = record_line(name="Jean Dupont", notes="first notes")
    exchange.receive(exchange.records([first]))
    second = newer(first, name="Jean Dupond")
    del second["fields"]["notes"]

    result = exchange.receive(exchange.records([second]))

    assert dict(result.counts) == {"records": 1}
    held = _copy(people, first)
    assert (held.version, held.values["name"], held.values["notes"]) == (2, "Jean Dupond", None)


def test_an_older_version_after_a_newer_one_is_ignored(exchange, people):
    first = record_line(name="Old name")
    second = newer(first, name="New name")
    exchange.receive(exchange.records([second]))
    before = dump(exchange.ncen)

    result = exchange.receive(exchange.records([first]))

    assert (result.status, dict(result.counts)) == ("imported", {"ignored": 1})
    assert dump(exchange.ncen) == before
    assert _copy(people, first).values["name"] == "New name"


def test_the_same_version_with_other_content_is_equivocation(exchange, people):
    first = record_line(name="Told to us")
    exchange.receive(exchange.records([first]))
    other = copy.deepcopy(first)
    other["fields"]["name"] = "Told to others"

    assert_quarantined(exchange, exchange.records([other]), "equivocation")
    assert _copy(people, first).values["name"] == "Told to us"


def test_equivocation_inside_one_package_applies_nothing(exchange, people):
    first = record_line(name="One")
    other = copy.deepcopy(first)
    other["tlp"] = "RED"

    assert_quarantined(exchange, exchange.records([record_line(), first, other]),
                       "equivocation")
    assert people["analyst"].count("specimen") == 0


def test_the_same_version_for_a_wider_audience_adds_its_fields(exchange, people):
    narrow = record_line(count=4)
    exchange.receive(exchange.records([narrow]))
    wide = copy.deepcopy(narrow)
    wide["fields"]["name"] = "Personal name"

    result = exchange.receive(exchange.records([wide]))
    narrow_again = exchange.receive(exchange.records([narrow]))

    assert dict(result.counts) == {"records": 1}
    assert dict(narrow_again.counts) == {"ignored": 1}
    held = _copy(people, narrow)
    assert (held.version, held.values["count"], held.values["name"]) == (1, 4, "Personal name")
