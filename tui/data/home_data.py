"""What the home screen shows: the unit's recent records, the open alerts, and the user's
rule notifications.

All are bounded, cheap queries: recent records come from the first page of each type's
list (newest changes first), alerts from the suspects' alert rows still valid today,
notifications from the first page of the user's unacknowledged ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ncen_core.record_service import RecordService
from ncen_core.records import RecordRef
from ncen_core.rules.notifications import Notification, notifications_for, unacknowledged_count

SUSPECT_TYPE = "suspect"
ALERT_GROUP = "alerts"
RECENT_SCAN = 200


@dataclass(frozen=True)
class RecentRecord:
    """A record changed lately by the user's unit."""

    ref: RecordRef
    type_label: str
    title: str
    status: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class OpenAlert:
    """An alert on a suspect that is still valid."""

    ref: RecordRef
    name: str
    alert_type: str
    valid_until: dt.date
    reason: str


def recent_records(service: RecordService, language: str, limit: int = 8) -> list[RecentRecord]:
    """The latest changed records of the user's unit (of everyone's for users without one),
    among the newest changes of each record type."""
    unit = service.user.unit
    found: list[RecentRecord] = []
    for name, record_type in service.ncen.registry.record_types.items():
        page = service.list(name, limit=RECENT_SCAN if unit else limit,
                            fields=record_type.title_fields)
        label = record_type.labels.get(language, record_type.label)
        for record in page.records:
            if unit and record.unit != unit:
                continue
            found.append(RecentRecord(record.ref, label, record_type.title(record.values),
                                      record.status, record.updated_at))
    found.sort(key=lambda r: r.updated_at, reverse=True)
    return found[:limit]


def open_alerts(service: RecordService, language: str, today: dt.date,
                limit: int = 8) -> list[OpenAlert]:
    """Alerts valid until today or later, soonest to expire first."""
    registry = service.ncen.registry
    if SUSPECT_TYPE not in registry.record_types:
        return []
    record_type = registry.record_type(SUSPECT_TYPE)
    if not record_type.has_field(ALERT_GROUP):
        return []
    models = service.ncen.models_for(SUSPECT_TYPE)
    main, alerts = models.main, models.children[ALERT_GROUP]
    query = (
        alerts.select(alerts.alert_type, alerts.valid_until, alerts.reason, main.origin,
                      main.uuid, main.family_name, main.given_names)
        .join(main)
        .where((alerts.valid_until >= today) & (main.deleted == False))
        .order_by(alerts.valid_until, alerts.id)
        .limit(limit)
        .dicts()
    )
    codelist = registry.codelists.get(record_type.field(ALERT_GROUP).member("alert_type").codelist)
    return [
        OpenAlert(RecordRef(SUSPECT_TYPE, row["origin"], row["uuid"]),
                  ", ".join(p for p in (row["family_name"], row["given_names"]) if p),
                  codelist.label(row["alert_type"], language), row["valid_until"],
                  row["reason"] or "")
        for row in query
    ]


def rule_notifications(service: RecordService,
                       limit: int = 6) -> tuple[list[Notification], int]:
    """The user's newest rule hits not acknowledged yet, and how many there are in all."""
    username = service.user.username
    return (notifications_for(service.ncen, username, limit=limit),
            unacknowledged_count(service.ncen, username))
