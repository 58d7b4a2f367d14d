"""The demo plan: reproducible from its seed, consistent with the code lists, with networks."""

from __future__ import annotations

from collections import Counter

import pytest
from ncen_testing import make_config

from ncen_core.demo.places import PLACES
from ncen_core.demo.plan import build_plan
from ncen_core.demo.scenarios import CHANNELS, SCENARIOS
from ncen_core.roles import Role


@pytest.fixture(scope="module")
def codelists(tmp_path_factory):
    from ncen_core.app import open_ncen

    tmp = tmp_path_factory.mktemp("codelists")
    ncen = open_ncen(make_config(f"sqlite:///{tmp / 'ncen.db'}", tmp, with_databases=True),
                     require_current_schema=False)
    yield ncen.registry.codelists
    ncen.close()


def plan(codelists, seed=1, seizures=30, role=Role.SUPERVISOR):
    return build_plan(codelists, seizures=seizures, seed=seed, officer="sven", role=role)


def seizure_links(demo_plan):
    return [link for link in demo_plan.links
            if demo_plan.records[link.a].record_type == "seizure"
            and demo_plan.records[link.b].record_type == "suspect"]


def test_the_same_seed_gives_the_same_plan(codelists):
    assert plan(codelists, seed=5) == plan(codelists, seed=5)


def test_another_seed_gives_another_plan(codelists):
    first, second = plan(codelists, seed=5), plan(codelists, seed=6)
    assert [r.values for r in first.records] != [r.values for r in second.records]


def test_the_plan_holds_the_number_of_seizures_asked_for(codelists):
    assert plan(codelists, seizures=17).count("seizure") == 17


def test_every_code_of_the_catalogue_is_in_its_code_list(codelists):
    for channel in CHANNELS:
        assert codelists.get("conveyance_type").get(channel.conveyance), channel.name
        for method in channel.concealments:
            assert codelists.get("concealment_method").get(method), method
        for method in (*channel.selections, *channel.findings):
            assert codelists.get("detection_method").get(method), method
        for procedure in channel.procedures.values():
            assert codelists.get("customs_procedure").get(procedure), procedure
    for scenario in SCENARIOS:
        for lot in scenario.lots:
            assert codelists.get("commodity_subtype").get(lot.goods.subtype), lot.goods.subtype
            assert codelists.get("unit").get(lot.unit), lot.unit
        for code in scenario.offences:
            assert codelists.get("offence_type").get(code), code
        for code in scenario.actions:
            assert codelists.get("action_taken").get(code), code
        for role, _ in scenario.companies:
            assert codelists.get("link_role").get(role).attrs["to"] == "company", role


def test_each_scenario_uses_only_concealments_places_and_roles_of_its_channel():
    for scenario in SCENARIOS:
        assert scenario.people == (0, 0) or scenario.channel.front_line, scenario.name
        assert set(scenario.concealments) <= set(scenario.channel.concealments), scenario.name
        assert set(scenario.control_points) <= set(scenario.channel.places), scenario.name


def test_routes_name_known_places_and_control_points_are_home_places():
    for scenario in SCENARIOS:
        for route in scenario.routes:
            for key in (route.departure, *route.via, route.destination):
                assert key is None or key in PLACES, (scenario.name, key)
        for key in scenario.control_points:
            assert PLACES[key].location_type, (scenario.name, key)


def test_some_suspect_recurs_across_seizures_whatever_the_seed(codelists):
    for seed in range(1, 11):
        demo_plan = plan(codelists, seed=seed)
        seizures_per_suspect = Counter(link.b for link in seizure_links(demo_plan))
        assert max(seizures_per_suspect.values()) >= 2, seed


def test_suspects_of_a_network_share_a_phone_number(codelists):
    demo_plan = plan(codelists, seed=3, seizures=60)
    holders = Counter(row["phone"] for record in demo_plan.records
                      if record.record_type == "suspect"
                      for row in record.values["phones"])
    assert max(holders.values()) >= 2


def test_an_officers_plan_holds_no_validated_record_and_no_alert(codelists):
    demo_plan = plan(codelists, role=Role.OFFICER)
    assert {r.status for r in demo_plan.records} <= {"draft", "submitted"}
    assert not any(r.values.get("alerts") for r in demo_plan.records)


def test_a_supervisors_plan_puts_organisers_under_investigation(codelists):
    organisers = [r for r in plan(codelists).records if r.values.get("alerts")]
    assert organisers
    assert all(r.values["assigned_officers"] == [{"username": "sven"}] for r in organisers)


def test_the_acting_role_changes_no_seizure_content(codelists):
    def seizures(role):
        return [r.values for r in plan(codelists, role=role).records
                if r.record_type == "seizure"]

    assert seizures(Role.OFFICER) == seizures(Role.SUPERVISOR)
