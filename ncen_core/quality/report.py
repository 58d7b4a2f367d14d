"""The data-quality report: assembled per record type and office, written as text, JSON
or CSV.

Offices are the records' origins: this office's own records and the copies received from
others. Only this office's records can be shared from here, so "not yet shared" is given
for them alone, and only when the exchange's sent ledger exists; otherwise the report says
that it counts exports only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import asdict, dataclass, field

from ncen_core.app import Ncen
from ncen_core.audit import history
from ncen_core.errors import PermissionDeniedError
from ncen_core.quality import measures
from ncen_core.roles import Permission, has_permission
from ncen_core.users import UserInfo

EXPORT_ACTION = "export"
NO_LEDGER_NOTE = ("the exchange's sent ledger is not installed: 'not shared' is not measured, "
                  "only exports")
CSV_COLUMNS = ("record_type", "office", "measure", "value")


@dataclass(frozen=True)
class OfficeQuality:
    """The quality of one office's records of one type.

    ``filled`` maps each field path to the number of records filling it in; delays are in
    days (None when no record has an event date); ``not_shared`` is None for other offices'
    records and when the sent ledger is missing.
    """

    record_type: str
    office: str
    records: int
    filled: dict[str, int]
    delay_median_days: int | None = None
    delay_p90_days: int | None = None
    delays_measured: int = 0
    not_shared: int | None = None
    not_exported: int = 0

    def percent(self, path: str) -> float:
        """Share of records filling in ``path``, in percent (one decimal)."""
        return round(100 * self.filled[path] / self.records, 1) if self.records else 0.0


@dataclass
class QualityReport:
    """Every record type and office, with notes on what could not be measured."""

    offices: list[OfficeQuality] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def quality_report(ncen: Ncen, user: UserInfo) -> QualityReport:
    """Measure data quality (analysts and supervisors may)."""
    if not has_permission(user.role, Permission.EXPORT_REPORTS):
        raise PermissionDeniedError(f"role '{user.role}' may not run quality reports")
    settings = ncen.config.quality
    ledger = measures.ledger_present(ncen)
    report = QualityReport(notes=[] if ledger else [NO_LEDGER_NOTE])
    for name in sorted(settings.fields):
        if name not in ncen.registry.record_types:
            report.notes.append(f"quality.fields names record type {name!r}, not installed")
            continue
        record_type = ncen.registry.record_types[name]
        paths = tuple(settings.fields[name])
        measures.check_paths(record_type, paths)
        counts = measures.filled_counts(ncen, record_type, paths)
        delays = (measures.delay_histograms(ncen, record_type, settings.event_dates[name])
                  if name in settings.event_dates else {})
        unexported = measures.changed_since(ncen, record_type, _last_full_export(ncen, name))
        unshared = measures.not_shared(ncen, record_type) if ledger else None
        for office in sorted(counts):
            records, filled = counts[office]
            histogram = delays.get(office, {})
            report.offices.append(OfficeQuality(
                name, office, records, filled,
                measures.percentile(histogram, 0.5), measures.percentile(histogram, 0.9),
                sum(histogram.values()),
                unshared if office == ncen.office_code else None,
                unexported.get(office, 0)))
    return report


def _last_full_export(ncen: Ncen, record_type: str) -> dt.datetime | None:
    """When every live record of the type was last exported (an export without filter)."""
    before = None
    while True:
        events = history(ncen.system, record_type, "", "", before_id=before)
        for event in events:
            if event.action == EXPORT_ACTION and not event.detail.get("filter"):
                return event.at
        if not events:
            return None
        before = events[-1].id


def as_json(report: QualityReport) -> str:
    """The report as one JSON document."""
    return json.dumps({"offices": [asdict(office) for office in report.offices],
                       "notes": report.notes}, ensure_ascii=False, indent=2)


def as_csv(report: QualityReport) -> str:
    """The report as CSV rows (record type, office, measure, value): one row per measure."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for office, measure, value in _measures(report):
        writer.writerow((office.record_type, office.office, measure,
                         "" if value is None else value))
    return out.getvalue()


def as_lines(report: QualityReport) -> list[str]:
    """The report as text, one block per record type and office."""
    lines = []
    for office in report.offices:
        lines.append(f"{office.record_type} from {office.office}: {office.records} records")
        for path in office.filled:
            lines.append(f"  {path:<28} {office.percent(path):5.1f}%  "
                         f"({office.filled[path]} filled in)")
        if office.delays_measured:
            lines.append(f"  delay to entry: median {office.delay_median_days} days, 90% within "
                         f"{office.delay_p90_days} days ({office.delays_measured} records)")
        if office.not_shared is not None:
            lines.append(f"  not yet shared: {office.not_shared}")
        lines.append(f"  not yet exported: {office.not_exported}")
    lines += [f"note: {note}" for note in report.notes]
    return lines


def _measures(report: QualityReport):
    for office in report.offices:
        yield office, "records", office.records
        for path in office.filled:
            yield office, f"filled:{path}", office.filled[path]
            yield office, f"percent:{path}", office.percent(path)
        yield office, "delay_median_days", office.delay_median_days
        yield office, "delay_p90_days", office.delay_p90_days
        yield office, "not_shared", office.not_shared
        yield office, "not_exported", office.not_exported
