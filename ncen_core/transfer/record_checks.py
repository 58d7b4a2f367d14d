"""The record service's checks, for records that are written in bulk.

An imported record is judged exactly as one saved from a form: field validation by
:func:`normalise_values`, then every plugin's ``validate_record`` rule; its metadata by
the same lists and permissions; fields that only some roles may set (alerts,
assignments) by the record service's own table of them, when the record sets them.
"""

from __future__ import annotations

from typing import Any, Mapping

from ncen_core.app import Ncen
from ncen_core.errors import ValidationError
from ncen_core.fields import RecordType
from ncen_core.record_models import DISTRIBUTIONS, STATUSES, TLP_LEVELS
from ncen_core.record_service import MANAGED_FIELDS, STATUSES_NEEDING_VALIDATION_RIGHT
from ncen_core.roles import Permission, Role, has_permission
from ncen_core.validation import RecordValidator, name_present

META_DEFAULTS = {"status": "draft", "distribution": "local", "tlp": "AMBER", "legal_basis": ""}


class RecordChecker:
    """The checks of :func:`validated` for many records of one type and role (an import):
    the field validator is compiled once."""

    def __init__(self, ncen: Ncen, record_type: RecordType, role: Role):
        self.ncen = ncen
        self.record_type = record_type
        self.role = role
        self.validator = RecordValidator(record_type, ncen.registry.codelists)
        self.managed = any(spec.name in MANAGED_FIELDS for spec in record_type.fields)

    def __call__(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Canonical values of a new record, or ValidationError with every problem by path."""
        codelists = self.ncen.registry.codelists
        clean = self.validator.normalise(values)
        problems = managed_problems(self.role, clean) if self.managed else {}
        for result in self.ncen.plugins.hook.validate_record(
                record_type=self.record_type.name, values=dict(clean), codelists=codelists):
            problems.update(result or {})
        if problems:
            raise ValidationError(problems, self.record_type.name)
        return clean


def validated(ncen: Ncen, record_type: RecordType, values: Mapping[str, Any], role: Role
              ) -> dict[str, Any]:
    """Canonical values of a new record, or ValidationError with every problem by path."""
    return RecordChecker(ncen, record_type, role)(values)


def checked_meta(meta: Mapping[str, str | None],
                 role: Role) -> tuple[dict[str, str], dict[str, str]]:
    """(metadata with defaults, problems by ``record.<name>``) of one imported record."""
    result = dict(META_DEFAULTS)
    result.update({name: value for name, value in meta.items() if value is not None})
    result["tlp"] = result["tlp"].upper()
    result["status"] = result["status"].lower()
    result["distribution"] = result["distribution"].lower()
    problems = {}
    for name, allowed in (("status", STATUSES), ("distribution", DISTRIBUTIONS),
                          ("tlp", TLP_LEVELS)):
        if result[name] not in allowed:
            problems[f"record.{name}"] = f"{result[name]!r} is not one of {', '.join(allowed)}"
    if (result["status"] in STATUSES_NEEDING_VALIDATION_RIGHT
            and not has_permission(role, Permission.VALIDATE_RECORDS)):
        problems["record.status"] = (f"role '{role}' may not {Permission.VALIDATE_RECORDS}, so "
                                     f"it cannot import {result['status']} records")
    return result, problems


def managed_problems(role: Role, values: Mapping[str, Any]) -> dict[str, str]:
    """Problems of the fields set in ``values`` that the role may not set (alerts...)."""
    return {name: f"role '{role}' may not {permission}"
            for name, permission in MANAGED_FIELDS.items()
            if name_present(values, name) and not has_permission(role, permission)}
