"""Rules evaluated on saved and received records: query, kilograms, repeats, once per
version, notifications to subscribers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from rules_support import seizure_values, service_of

from ncen_core import roles
from ncen_core.errors import PermissionDeniedError
from ncen_core.rules.definition import Repeat, RuleDefinition
from ncen_core.rules.notifications import (
    acknowledge,
    notifications_for,
    unacknowledged_count,
)
from ncen_core.rules.store import save_rule, subscribe
from ncen_core.users import disable_user

KG = {"KG": Decimal(1), "G": Decimal("0.001"), "T": Decimal(1000)}


def drugs_over(kg, subscribers=("anna", "sven")):
    return RuleDefinition("drugs-heavy", "seizure", "items.commodity:DRUGS",
                          quantity_kg_over=Decimal(kg), subscribers=subscribers)


def test_a_new_record_matching_a_rule_notifies_each_subscriber(office, people):
    save_rule(office, people["analyst"].user, drugs_over(10))

    seizure = people["officer"].create("seizure", seizure_values(
        "S-1", ("DRUGS", "6", "KG"), ("DRUGS", "5000", "G")))

    for username in ("anna", "sven"):
        (notification,) = notifications_for(office, username)
        assert (notification.rule, notification.ref, notification.version) == (
            "drugs-heavy", seizure.ref, 1)
        assert notification.reason == "11 kg in total (over 10 kg)"
    assert notifications_for(office, "olga") == []


def test_only_subscribers_who_may_read_the_record_are_notified(office, people, monkeypatch):
    narrowed = dict(roles.POLICY)
    narrowed[roles.Role.OFFICER] = {**roles.POLICY[roles.Role.OFFICER],
                                    roles.Permission.READ_RECORDS: roles.OWN_UNIT}
    monkeypatch.setattr(roles, "POLICY", narrowed)
    save_rule(office, people["analyst"].user, drugs_over(1, subscribers=("anna", "sven")))
    same_unit, other_unit = service_of(office, "omar", "officer", "A"), service_of(
        office, "bea", "officer", "B")
    for follower in (same_unit, other_unit, people["supervisor"]):
        subscribe(office, follower.user, "drugs-heavy")
    disable_user(office.system, "sven")

    seizure = people["officer"].create("seizure", seizure_values("S-U", ("DRUGS", "2", "KG")))

    assert seizure.unit == "A"
    notified = {name for name in ("anna", "sven", "omar", "bea")
                if notifications_for(office, name)}
    assert notified == {"anna", "omar"}


def test_the_kilogram_threshold_agrees_with_a_plain_sum(office, people):
    save_rule(office, people["analyst"].user, drugs_over("7.5"))
    cases = {"A": [("DRUGS", "7.5", "KG")], "B": [("DRUGS", "7500.001", "G")],
             "C": [("DRUGS", "0.007", "T"), ("TOBACCO", "1", "KG")],
             "D": [("DRUGS", "3", "KG"), ("DRUGS", "4", "KG"), ("DRUGS", "501", "G")],
             "E": [("TOBACCO", "100", "KG")],
             "F": [("DRUGS", "5", "KG"), ("TOBACCO", "9", "KG")]}
    created = {name: people["officer"].create("seizure", seizure_values(name, *items))
               for name, items in cases.items()}

    def drugs_kg(items):
        return sum(Decimal(amount) * KG[unit] for c, amount, unit in items if c == "DRUGS")

    expected = {name for name, items in cases.items() if drugs_kg(items) > Decimal("7.5")}
    fired = {n.ref for n in notifications_for(office, "anna")}
    assert fired == {created[name].ref for name in expected} and expected == {"B", "D"}


def test_the_kilograms_counted_are_those_of_the_items_the_query_names(office, people):
    save_rule(office, people["analyst"].user, RuleDefinition(
        "big-lots", "seizure", "(items.commodity:DRUGS OR items.commodity:ALCOHOL) items.quantity_kg:>=2",
        quantity_kg_over=Decimal(5), subscribers=("anna",)))
    cases = {"lots": [("DRUGS", "3", "KG"), ("ALCOHOL", "2.5", "KG"), ("TOBACCO", "50", "KG")],
             "small": [("DRUGS", "4", "KG"), ("ALCOHOL", "1.5", "KG"), ("DRUGS", "0.9", "KG")],
             "tobacco": [("TOBACCO", "9", "KG"), ("DRUGS", "2", "KG")]}
    created = {name: people["officer"].create("seizure", seizure_values(name, *items))
               for name, items in cases.items()}

    (notification,) = notifications_for(office, "anna")
    assert notification.ref == created["lots"].ref
    assert notification.reason == "5.5 kg in total (over 5 kg)"


def test_a_rule_fires_once_per_record_version(office, people):
    save_rule(office, people["analyst"].user, drugs_over(1))
    officer = people["officer"]
    seizure = officer.create("seizure", seizure_values("S-2", ("DRUGS", "2", "KG")))
    office.plugins.hook.record_saved(record=seizure, change="received", ncen=office)
    office.plugins.hook.record_saved(record=seizure, change="received", ncen=office)
    edited = officer.update(seizure.ref, {"narrative": "second look"}, expected_version=1)

    versions = [n.version for n in notifications_for(office, "anna")]
    assert versions == [2, 1] and edited.version == 2


def test_a_deleted_record_does_not_fire(office, people):
    officer = people["officer"]
    seizure = officer.create("seizure", seizure_values("S-3", ("DRUGS", "2", "KG")))
    save_rule(office, people["analyst"].user, drugs_over(1))
    officer.tombstone(seizure.ref, expected_version=1)
    assert notifications_for(office, "anna") == []


def test_repeats_of_one_suspect_within_the_period_agree_with_a_plain_count(office, people):
    rule = RuleDefinition("courier-again", "seizure", "items.commodity:DRUGS",
                          repeat=Repeat(3, 100, "suspect", "seizure_date"),
                          subscribers=("sven",))
    save_rule(office, people["supervisor"].user, rule)
    officer = people["officer"]
    courier = officer.create("suspect", {"family_name": "COURIER"})
    dates = ["2026-01-01", "2026-02-15", "2026-01-20", "2026-03-01", "2026-07-01", "2026-07-05",
             "2025-12-30"]
    commodities = ["DRUGS", "DRUGS", "TOBACCO", "DRUGS", "DRUGS", "DRUGS", "DRUGS"]
    made = []
    for n, (day, commodity) in enumerate(zip(dates, commodities)):
        seizure = officer.create("seizure", seizure_values(f"R-{n}", (commodity, "1", "KG"),
                                                           date=day))
        officer.links.add(seizure.ref, courier.ref, "SEIZ_SUSP_COURIER")
        made.append(seizure)

    def expected_fires(upto):
        fired = set()
        for k in range(upto + 1):
            here = dt.date.fromisoformat(dates[k])
            within = [j for j in range(upto + 1) if commodities[j] == "DRUGS"
                      and here - dt.timedelta(days=100) <= dt.date.fromisoformat(dates[j]) <= here]
            if commodities[k] == "DRUGS" and len(within) >= 3:
                fired.add(k)
        return fired

    fired = {n.ref for n in notifications_for(office, "sven")}
    # each seizure is evaluated when it is linked, with the seizures linked before it
    expected = {made[k].ref for k in range(len(dates)) if k in expected_fires(k)}
    assert fired == expected and len(fired) == 1


def test_notifications_are_acknowledged_one_by_one(office, people):
    save_rule(office, people["analyst"].user, drugs_over(0))
    for n in range(3):
        people["officer"].create("seizure", seizure_values(f"A-{n}", ("DRUGS", "1", "KG")))
    first, *_rest = notifications_for(office, "anna")

    acknowledge(office, "anna", first.id)
    acknowledge(office, "anna", first.id)

    assert unacknowledged_count(office, "anna") == 2
    newest = notifications_for(office, "anna", include_acknowledged=True, limit=1)
    assert [n.id for n in newest] == [first.id]
    page = notifications_for(office, "anna", limit=1)
    assert len(page) == 1 and notifications_for(office, "anna", before_id=page[0].id)


def test_only_analysts_and_supervisors_manage_rules(office, people):
    with pytest.raises(PermissionDeniedError, match="may not manage analytic rules"):
        save_rule(office, people["officer"].user, drugs_over(1))
    save_rule(office, people["analyst"].user, drugs_over(1))
    other = people["analyst"].user.__class__(**{**people["analyst"].user.__dict__,
                                                "username": "someone"})
    with pytest.raises(PermissionDeniedError, match="belongs to anna"):
        save_rule(office, other, drugs_over(2))
    save_rule(office, people["supervisor"].user, drugs_over(2))


def test_a_rule_that_can_no_longer_run_is_skipped_not_fatal(office, people, caplog):
    save_rule(office, people["analyst"].user, drugs_over(1))
    p = office.database.param
    office.database.execute_sql(f"UPDATE ncen_rule SET query = {p}", ("items.commodity:RETIRED_CODE",))

    seizure = people["officer"].create("seizure", seizure_values("B-1", ("DRUGS", "2", "KG")))

    assert seizure.version == 1 and notifications_for(office, "anna") == []
    assert "analytic rule drugs-heavy cannot run and was skipped" in caplog.text
