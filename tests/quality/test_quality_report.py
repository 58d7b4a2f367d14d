"""Data quality per office, each measure checked against a plain Python computation over
the same records."""

from __future__ import annotations

import datetime as dt
import io
import math
import random

import pytest

from ncen_core.config import QualityConfig
from ncen_core.errors import PermissionDeniedError
from ncen_core.quality.measures import QualityConfigError, percentile
from ncen_core.quality.report import NO_LEDGER_NOTE, quality_report
from ncen_core.timeutil import utcnow
from ncen_core.transfer.exporter import export_records

PATHS = ("seizure_date", "place_country", "location_type", "transport_mode",
         "detection_methods", "concealment_method", "route.country", "items.commodity",
         "items.quantity")


def random_seizure(rng, n, today):
    values = {"reference": f"Q-{n}", "seizure_date": today - dt.timedelta(days=rng.randint(0, 60)),
              "items": [{"commodity": "DRUGS", "quantity": {"amount": "1", "unit": "KG"}}]}
    optional = {"place_country": "FR", "location_type": "AIRPORT", "transport_mode": "4",
                "detection_methods": ["RISK_PROFILING"],
                "concealment_method": "BAGGAGE_FALSE_BOTTOM",
                "route": [{"leg_type": "ORIGIN", "country": "CO"}]}
    values.update({k: v for k, v in optional.items() if rng.random() < 0.6})
    return values


def expected_filled(values):
    return {path: int(bool(values.get(path.split(".")[0]))) for path in PATHS}


def nearest_rank(values, fraction):
    ordered = sorted(values)
    return ordered[math.ceil(fraction * len(ordered) - 1e-9) - 1]


def received_from(office, record, origin):
    """Make ``record`` a copy received from ``origin`` (as the exchange stores them)."""
    main = office.models_for(record.record_type).main
    main.update(origin=origin).where(main.id == record.id).execute()


def test_completeness_and_delay_per_office_agree_with_python(office, officer, supervisor):
    rng = random.Random(6)
    today = utcnow().date()
    made = [(officer.create("seizure", values), values)
            for values in (random_seizure(rng, n, today) for n in range(40))]
    for record, _values in made[:12]:
        received_from(office, record, "BE-BRU")

    report = quality_report(office, supervisor.user)

    by_office = {q.office: q for q in report.offices if q.record_type == "seizure"}
    assert set(by_office) == {"FR-CDG", "BE-BRU"}
    for origin, group in (("BE-BRU", made[:12]), ("FR-CDG", made[12:])):
        quality = by_office[origin]
        assert quality.records == len(group)
        assert quality.filled == {path: sum(expected_filled(v)[path] for _r, v in group)
                                  for path in PATHS}
        delays = [(today - values["seizure_date"]).days for _r, values in group]
        assert (quality.delay_median_days, quality.delay_p90_days) == (
            nearest_rank(delays, 0.5), nearest_rank(delays, 0.9))
        assert quality.delays_measured == len(group)


def test_percentile_is_the_nearest_rank():
    assert percentile({}, 0.5) is None
    assert percentile({3: 1}, 0.9) == 3
    values = [5, 1, 9, 9, 2, 7, 3, 3, 8, 10]
    histogram = {v: values.count(v) for v in set(values)}
    assert percentile(histogram, 0.5) == nearest_rank(values, 0.5) == 5
    assert percentile(histogram, 0.9) == nearest_rank(values, 0.9) == 9


def test_not_yet_exported_counts_records_changed_since_the_last_full_export(
        office, officer, supervisor):
    records = [officer.create("seizure", random_seizure(random.Random(n), n, utcnow().date()))
               for n in range(3)]

    def unexported():
        (row,) = [q for q in quality_report(office, supervisor.user).offices
                  if q.record_type == "seizure"]
        return row.not_exported

    assert unexported() == 3
    export_records(supervisor, "seizure", io.StringIO(), "csv")
    assert unexported() == 0
    officer.update(records[0].ref, {"narrative": "more"}, expected_version=1)
    export_records(supervisor, "seizure", io.StringIO(), "csv",
                   filters={"reference": records[0].values["reference"]})
    assert unexported() == 1


def test_not_yet_shared_reads_the_sent_ledger(office, officer, supervisor):
    values = [random_seizure(random.Random(n), n, utcnow().date()) for n in range(4)]
    shared, changed, _never, _local = (
        officer.create("seizure", v, distribution=d)
        for v, d in zip(values, ("group", "group", "all", "local")))
    changed = officer.update(changed.ref, {"narrative": "v2"}, expected_version=1)
    p = office.database.param
    for record in (shared, changed):
        office.database.execute_sql(
            f"INSERT INTO comms_holding (office, record_type, record_uuid, version, state, "
            f"audience_kind, audience_name, package_id, updated_at) "
            f"VALUES ({', '.join([p] * 9)})",
            ("BE-BRU", "seizure", record.uuid, 1, "held", "group", "EU", "pkg-1", utcnow()))

    (row,) = [q for q in quality_report(office, supervisor.user).offices
              if q.record_type == "seizure"]

    assert row.not_shared == 2  # the changed one (v2 not sent) and the one never sent
    assert NO_LEDGER_NOTE not in quality_report(office, supervisor.user).notes


def test_a_misnamed_quality_field_is_a_clear_error(db_url, tmp_path):
    from ncen_testing import open_office

    from ncen_core.record_service import RecordService
    from ncen_core.users import add_user

    ncen = open_office(db_url, tmp_path, quality=QualityConfig(
        fields={"seizure": ("items.colour",)}, event_dates={}))
    user = add_user(ncen.system, "sven", "user-password-1", "supervisor", unit="A")
    with pytest.raises(QualityConfigError, match="seizure: group 'items' has no member 'colour'"):
        quality_report(ncen, RecordService(ncen, user).user)
    ncen.close()


def test_officers_may_not_run_the_report(office, officer):
    with pytest.raises(PermissionDeniedError, match="may not run quality reports"):
        quality_report(office, officer.user)
