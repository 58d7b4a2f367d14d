"""Issue 8 acceptance: an analytic rule fires on a record arriving in an imported package,
and only once, however often the record arrives again in the same version."""

from __future__ import annotations

from receiving_world import newer, record_line

from ncen_core.rules.definition import RuleDefinition
from ncen_core.rules.notifications import notifications_for
from ncen_core.rules.store import save_rule


def test_a_rule_fires_once_on_a_record_received_in_a_package(exchange, people):
    ncen = exchange.ncen
    save_rule(ncen, people["analyst"].user,
              RuleDefinition("many-specimens", "specimen", "count:>5", subscribers=("anna",)))
    heavy, light = record_line(count=9), record_line(count=2)
    package = exchange.records([heavy, light])

    assert exchange.receive(package).status == "imported"
    assert exchange.receive(package).status == "duplicate"
    assert exchange.receive(exchange.records([heavy])).status == "imported"

    (notification,) = notifications_for(ncen, "anna")
    assert (notification.ref.origin, notification.ref.uuid, notification.version) == (
        "FR-CDG", heavy["uuid"], 1)
    assert notification.reason == "matches count:>5"


def test_a_newer_version_received_fires_again(exchange, people):
    ncen = exchange.ncen
    save_rule(ncen, people["analyst"].user,
              RuleDefinition("many-specimens", "specimen", "count:>5", subscribers=("anna",)))
    first = record_line(count=7)
    exchange.receive(exchange.records([first]))
    exchange.receive(exchange.records([newer(first, count=8)]))

    assert [n.version for n in notifications_for(ncen, "anna")] == [2, 1]
