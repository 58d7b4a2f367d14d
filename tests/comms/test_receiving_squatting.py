"""UUID squatting: a UUID that already belongs here to another office, or to another
record type, cannot be taken over by a package."""

from __future__ import annotations

import pytest
from ncen_testing import make_config, open_initialised
from receiving_world import (
    SENDER,
    THIRD,
    assert_quarantined,
    link_line,
    make_exchange,
    record_line,
)

from ncen_core import hookimpl
from ncen_core.fields import FieldSpec, Kind, RecordType


class ExhibitPlugin:
    """A second record type, so a UUID can squat across types."""

    @hookimpl
    def register_record_types(self):
        return [RecordType(name="exhibit", label="Exhibit", title_template="{label}",
                           list_columns=("label",),
                           fields=(FieldSpec("label", "Label", Kind.TEXT, "X"),))]


@pytest.fixture
def installation(db_url, tmp_path):
    ncen = open_initialised(make_config(db_url, tmp_path), extra_plugins=[ExhibitPlugin()])
    yield ncen
    ncen.close()


@pytest.fixture
def exchange(installation, tmp_path):
    return make_exchange(installation, tmp_path / "packages")


def test_a_uuid_of_this_office_s_record_is_refused(exchange, installation):
    from ncen_core.record_service import RecordService
    from ncen_core.users import add_user

    officer = add_user(installation.system, "olga", "user-password-1", "officer", unit="A")
    own = RecordService(installation, officer).create("specimen", {"reference": "XA-1"})

    assert_quarantined(exchange, exchange.records([record_line(own.uuid)]), "uuid-squatting")


def test_a_uuid_received_from_another_office_is_refused(exchange):
    theirs = record_line(origin=THIRD)
    assert exchange.receive(exchange.records([theirs], sender=THIRD)).status == "imported"

    assert_quarantined(exchange, exchange.records([record_line(theirs["uuid"])]),
                       "uuid-squatting")


def test_a_uuid_of_another_record_type_is_refused(exchange):
    exhibit = record_line(record_type="exhibit")
    exhibit["fields"] = {"label": "bag"}
    assert exchange.receive(exchange.records([exhibit])).status == "imported"

    assert_quarantined(exchange, exchange.records([record_line(exhibit["uuid"])]),
                       "uuid-squatting")


def test_one_uuid_for_two_record_types_in_one_package_is_refused(exchange):
    exhibit = record_line(record_type="exhibit")
    exhibit["fields"] = {"label": "bag"}

    assert_quarantined(exchange, exchange.records([exhibit, record_line(exhibit["uuid"])]),
                       "uuid-squatting")


def test_a_link_uuid_of_another_office_is_refused(exchange):
    a, b = record_line(origin=THIRD), record_line(origin=THIRD, reference="NL-2")
    theirs = link_line(a, b, origin=THIRD)
    assert exchange.receive(exchange.records([a, b], links=[theirs], sender=THIRD)).status \
        == "imported"
    mine_a, mine_b = record_line(), record_line(reference="FR-2")

    package = exchange.records([mine_a, mine_b], links=[link_line(mine_a, mine_b,
                                                                  uuid_=theirs["uuid"])])
    assert_quarantined(exchange, package, "uuid-squatting")


def test_the_sender_s_own_uuid_is_not_squatting(exchange, installation):
    line = record_line()
    exchange.receive(exchange.records([line]))
    following = dict(line, version=2)

    assert exchange.receive(exchange.records([following])).status == "imported"
    main = installation.models_for("specimen").main
    assert main.get((main.origin == SENDER) & (main.uuid == line["uuid"])).version == 2
