"""``ncen rules`` and ``ncen alerts``."""

from __future__ import annotations

import json
from pathlib import Path

from rules_support import seizure_values

SHIPPED = Path(__file__).resolve().parents[2] / "config" / "rules"


def test_rules_load_list_and_remove(ncen_cli):
    status, out, _err = ncen_cli("rules", "load", SHIPPED)
    assert status == 0 and out.startswith("4 rules saved: ")

    status, out, _err = ncen_cli("rules", "list", "--format", "json")
    rules = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and {r["owner"] for r in rules} == {"anna"}
    assert {r["name"]: r["thresholds"] for r in rules}["drugs-over-10-kg"] == {
        "quantity_kg_over": "10"}

    assert ncen_cli("rules", "remove", "tobacco-over-500-kg")[0] == 0
    assert "tobacco-over-500-kg" not in ncen_cli("rules", "list")[1]


def test_a_bad_rules_file_saves_nothing(ncen_cli, tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    good = folder / "a.yaml"
    good.write_text("name: fine\nrecord_type: seizure\nquery: items.commodity:DRUGS\n")
    bad = folder / "b.yaml"
    bad.write_text("name: broken\nrecord_type: seizure\nquery: 'nofield:1'\n")

    status, _out, err = ncen_cli("rules", "load", folder)

    assert status == 1
    assert f"{bad}: rule 'broken': query: position 1: no field 'nofield'" in err
    assert ncen_cli("rules", "list")[1] == ""


def test_alerts_lists_and_acknowledges_hits(ncen_cli, office, people):
    status, out, _err = ncen_cli("rules", "add", "any-drugs", "--type", "seizure",
                                 "--query", "items.commodity:DRUGS", "--kg-over", "0.5")
    assert status == 0 and "quantity_kg_over=0.5" in out
    seizure = people["officer"].create("seizure", seizure_values("Z-1", ("DRUGS", "1", "KG")))

    status, out, _err = ncen_cli("alerts")
    (line,) = out.splitlines()
    assert status == 0 and f"any-drugs  {seizure.ref} v1: 1 kg in total (over 0.5 kg)" in line

    notification_id = line.split()[0]
    assert ncen_cli("alerts", "--ack", notification_id)[1] == "1 acknowledged\n"
    assert ncen_cli("alerts")[1] == "no notifications\n"
    assert "(acknowledged)" in ncen_cli("alerts", "--all")[1]


def test_an_officer_may_not_add_rules(ncen_cli, monkeypatch):
    monkeypatch.setenv("NCEN_USER", "olga")
    status, _out, err = ncen_cli("rules", "add", "x", "--type", "seizure", "--query", "a")
    assert status == 1 and "role 'officer' may not manage analytic rules" in err


def test_rules_list_marks_a_rule_that_cannot_run(ncen_cli, office):
    ncen_cli("rules", "add", "old", "--type", "seizure", "--query", "items.commodity:DRUGS")
    p = office.database.param
    office.database.execute_sql(f"UPDATE ncen_rule SET query = {p}", ("gone_field:1",))

    status, out, _err = ncen_cli("rules", "list")

    assert status == 0 and "CANNOT RUN: rule 'old': query: position 1: no field 'gone_field'" in out


def test_any_user_may_follow_a_rule_and_stop(ncen_cli, monkeypatch, people):
    ncen_cli("rules", "add", "drugs", "--type", "seizure", "--query", "items.commodity:DRUGS")
    monkeypatch.setenv("NCEN_USER", "olga")

    assert ncen_cli("rules", "subscribe", "drugs")[1] == "olga follows rule drugs\n"
    people["officer"].create("seizure", seizure_values("F-1", ("DRUGS", "1", "KG")))
    assert len(ncen_cli("alerts")[1].splitlines()) == 1

    assert ncen_cli("rules", "unsubscribe", "drugs")[0] == 0
    people["officer"].create("seizure", seizure_values("F-2", ("DRUGS", "1", "KG")))
    assert len(ncen_cli("alerts")[1].splitlines()) == 1
    status, _out, err = ncen_cli("rules", "subscribe", "nothing")
    assert status == 1 and "no rule named 'nothing'" in err
