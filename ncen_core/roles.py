"""Who may do what: the four roles, their permissions, and the record-scope rules.

:data:`POLICY` is the whole policy in one table. Each role lists the permissions it holds
and, for permissions that act on one record, the scope it holds them in: records of the
user's own unit, in the listed statuses. Everything else here only reads the table.

Separation of duties: administrators manage users, keys and configuration and verify
the audit, but hold no record permission beyond reading and searching, so whoever
controls accounts and the audit cannot also alter the evidence it records.

The record service enforces these rules; the interface only hides what would be refused.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from ncen_core.errors import PermissionDeniedError


class Role(enum.StrEnum):
    """A user's role; the value is what the user table stores."""

    OFFICER = "officer"
    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Permission(enum.StrEnum):
    """Something a role may do; the value completes the sentence "role 'x' may not ...".

    Deleting a record leaves a tombstone (the record is marked deleted and its content
    purged), so that the deletion reaches the offices that hold a copy.
    """

    READ_RECORDS = "read records"
    SEARCH_RECORDS = "search records"
    CREATE_RECORDS = "create records"
    EDIT_RECORDS = "edit records"
    DELETE_RECORDS = "delete records"
    VALIDATE_RECORDS = "validate or close records"
    RUN_ANALYSES = "run analyses"
    EXPORT_REPORTS = "export reports"
    MANAGE_ALERTS = "manage alerts"
    MANAGE_ASSIGNMENTS = "manage assignments"
    MANAGE_USERS = "manage users"
    MANAGE_KEYS = "manage keys"
    MANAGE_CONFIGURATION = "manage configuration"
    VERIFY_AUDIT = "verify the audit"


RECORD_STATUSES: Final = ("draft", "submitted", "validated", "closed")


@dataclass(frozen=True)
class Scope:
    """Where a permission applies: any record, or own unit's records in some statuses."""

    own_unit_only: bool
    statuses: frozenset[str]


ANYWHERE: Final = Scope(own_unit_only=False, statuses=frozenset(RECORD_STATUSES))
OWN_UNIT: Final = Scope(own_unit_only=True, statuses=frozenset(RECORD_STATUSES))
OWN_UNIT_BEFORE_VALIDATION: Final = Scope(
    own_unit_only=True, statuses=frozenset({"draft", "submitted"})
)

_P = Permission

POLICY: Final = MappingProxyType(
    {
        Role.OFFICER: MappingProxyType(
            {
                _P.READ_RECORDS: ANYWHERE,
                _P.SEARCH_RECORDS: ANYWHERE,
                _P.CREATE_RECORDS: ANYWHERE,
                _P.EDIT_RECORDS: OWN_UNIT,
                _P.DELETE_RECORDS: OWN_UNIT_BEFORE_VALIDATION,
            }
        ),
        Role.ANALYST: MappingProxyType(
            {
                _P.READ_RECORDS: ANYWHERE,
                _P.SEARCH_RECORDS: ANYWHERE,
                _P.RUN_ANALYSES: ANYWHERE,
                _P.EXPORT_REPORTS: ANYWHERE,
            }
        ),
        Role.SUPERVISOR: MappingProxyType(
            {
                _P.READ_RECORDS: ANYWHERE,
                _P.SEARCH_RECORDS: ANYWHERE,
                _P.CREATE_RECORDS: ANYWHERE,
                _P.EDIT_RECORDS: OWN_UNIT,
                _P.DELETE_RECORDS: OWN_UNIT,
                _P.VALIDATE_RECORDS: OWN_UNIT,
                _P.MANAGE_ALERTS: ANYWHERE,
                _P.MANAGE_ASSIGNMENTS: ANYWHERE,
                _P.EXPORT_REPORTS: ANYWHERE,
            }
        ),
        Role.ADMIN: MappingProxyType(
            {
                _P.READ_RECORDS: ANYWHERE,
                _P.SEARCH_RECORDS: ANYWHERE,
                _P.MANAGE_USERS: ANYWHERE,
                _P.MANAGE_KEYS: ANYWHERE,
                _P.MANAGE_CONFIGURATION: ANYWHERE,
                _P.VERIFY_AUDIT: ANYWHERE,
            }
        ),
    }
)


def has_permission(role: Role, permission: Permission) -> bool:
    """True when ``role`` holds ``permission`` in some scope."""
    return permission in POLICY[Role(role)]


def require(role: Role, permission: Permission) -> None:
    """Raise :class:`PermissionDeniedError` unless ``role`` holds ``permission``."""
    if not has_permission(role, permission):
        raise PermissionDeniedError(f"role '{Role(role)}' may not {permission}")


def may_act_on_record(
    role: Role, permission: Permission, user_unit: str, record_unit: str, record_status: str
) -> bool:
    """True when ``role`` may use ``permission`` on a record of ``record_unit`` in that status."""
    return _record_refusal(role, permission, user_unit, record_unit, record_status) is None


def require_on_record(
    role: Role, permission: Permission, user_unit: str, record_unit: str, record_status: str
) -> None:
    """Raise :class:`PermissionDeniedError` unless :func:`may_act_on_record` allows it."""
    refusal = _record_refusal(role, permission, user_unit, record_unit, record_status)
    if refusal is not None:
        raise PermissionDeniedError(refusal)


def may_edit_record(role: Role, user_unit: str, record_unit: str, record_status: str) -> bool:
    """True when a user of ``role`` in ``user_unit`` may edit that record."""
    return may_act_on_record(role, Permission.EDIT_RECORDS, user_unit, record_unit, record_status)


def require_edit_record(role: Role, user_unit: str, record_unit: str, record_status: str) -> None:
    """Raise :class:`PermissionDeniedError` unless :func:`may_edit_record` allows it."""
    require_on_record(role, Permission.EDIT_RECORDS, user_unit, record_unit, record_status)


def _record_refusal(
    role: Role, permission: Permission, user_unit: str, record_unit: str, record_status: str
) -> str | None:
    role = Role(role)
    scope = POLICY[role].get(permission)
    if scope is None:
        return f"role '{role}' may not {permission}"
    if scope.own_unit_only and not user_unit:
        return (
            f"your account has no unit, so it may not {permission}; "
            "ask an administrator to set your unit"
        )
    if scope.own_unit_only and user_unit != record_unit:
        return (
            f"role '{role}' may {permission} only of its own unit ({user_unit}); "
            f"this record belongs to {record_unit or 'no unit'}"
        )
    status = str(record_status)
    if status not in scope.statuses:
        allowed = " or ".join(s for s in RECORD_STATUSES if s in scope.statuses)
        return f"role '{role}' may {permission} only while they are {allowed}; this one is {status}"
    return None
