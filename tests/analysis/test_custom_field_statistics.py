"""A custom field declared in YAML (no code) is a statistics dimension like any other, and its
yes/no values are labelled (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from analysis_support import all_records, as_found, close, expected, seizures
from ncen_testing import USER_PASSWORD, make_config, open_initialised

from ncen_core.analysis.statistics import StatsRequest, statistics
from ncen_core.record_service import RecordService
from ncen_core.users import add_user

FIELDS = Path(__file__).resolve().parents[2] / "config" / "fields"


@pytest.fixture
def ncen(db_url, tmp_path):
    installation = open_initialised(make_config(db_url, tmp_path, with_databases=True,
                                                fields_dirs=(FIELDS,)))
    installation.upgrade()
    yield installation
    installation.close()


def test_a_yaml_custom_field_groups_with_a_commodity(ncen):
    officer = RecordService(ncen, add_user(ncen.system, "olga", USER_PASSWORD, "officer",
                                           unit="A"))
    analyst = add_user(ncen.system, "anna", USER_PASSWORD, "analyst")
    rng = random.Random(4)
    for values in seizures(25, seed=21):
        officer.create("seizure", values | {"controlled_delivery": rng.choice((True, False,
                                                                               None))})
    table = statistics(ncen, analyst, StatsRequest(
        "seizure", ("controlled_delivery", "items.commodity")))
    wanted = expected(all_records(officer), lambda r, item: [
        (r.values["controlled_delivery"], item and item["commodity"])], per_item=True)
    assert close(as_found(table), wanted)
    assert {row.labels[0] for row in table.rows} == {"yes", "no", "(not recorded)"}
    assert table.groups[0].label == "Controlled delivery"
