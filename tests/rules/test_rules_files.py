"""Rules read from YAML: the shipped examples load; mistakes name the file, line and field
and save nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from ncen_core.rules.definition import RuleError, read_rule_file
from ncen_core.rules.store import check_rule, list_rules, save_rule

SHIPPED = Path(__file__).resolve().parents[2] / "config" / "rules"


def test_every_shipped_example_rule_is_valid(office, people):
    files = sorted(SHIPPED.glob("*.yaml"))
    rules = [rule for path in files for rule in read_rule_file(path)]
    for rule in rules:
        save_rule(office, people["analyst"].user, rule)
    saved = list_rules(office)
    assert len(files) >= 2 and [r.name for r in saved] == sorted(r.name for r in rules)
    assert all(r.definition.subscribers == ("anna",) for r in saved)


@pytest.mark.parametrize(("text", "message"), [
    ("name: x\nrecord_type: seizure\nquery: a\ncolour: red\n",
     "line 4: unknown key 'colour'"),
    ("name: Big Rule\nrecord_type: seizure\nquery: a\n", "line 1: name: 'Big Rule' must be"),
    ("name: x\nrecord_type: seizure\n\nquery: ''\n", "line 4: rule 'x': query: is required"),
    ("name: x\nrecord_type: seizure\nquery: a\nthresholds:\n  quantity_kg_over: lots\n",
     "line 4: rule 'x': thresholds.quantity_kg_over: must be a number"),
    ("name: x\nrecord_type: seizure\nquery: a\nthresholds:\n  repeat: {count: 1}\n",
     "thresholds.repeat.count: must be a whole number of at least 2, got 1"),
    (("- name: x\n  record_type: seizure\n  query: a\n- name: x\n  record_type: seizure\n"
      "  query: b\n"), "rule 'x' is defined twice"),
    ("name: x\nquery: [a\n", "line 3: not valid YAML"),
])
def test_a_mistake_in_a_rules_file_names_file_and_line(tmp_path, text, message):
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        read_rule_file(path)
    assert str(caught.value).startswith(str(path)) and message in str(caught.value)


@pytest.mark.parametrize(("changes", "message"), [
    ({"record_type": "vessel"}, "record_type: unknown record type 'vessel'"),
    ({"query": "colour:red"}, "query: position 1: no field 'colour' in seizure"),
    ({"thresholds": {"repeat": {"count": 2, "within_days": 5, "via": "suspect",
                                "date_field": "reference"}}},
     "'reference' is not a date field of seizure"),
    ({"subscribers": ["nobody"]}, "subscribers: no user named 'nobody'"),
])
def test_a_rule_the_installation_cannot_run_is_refused(office, tmp_path, changes, message):
    from ncen_core.rules.definition import definition_from

    rule = definition_from({"name": "x", "record_type": "seizure",
                            "query": "items.commodity:DRUGS", **changes})
    with pytest.raises(RuleError, match=message):
        check_rule(office, rule)
