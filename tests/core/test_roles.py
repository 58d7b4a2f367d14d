"""The role and permission matrix, read as the policy it states."""

from __future__ import annotations

import pytest

from ncen_core.errors import PermissionDeniedError
from ncen_core.roles import (
    POLICY,
    Permission,
    Role,
    has_permission,
    may_act_on_record,
    may_edit_record,
    require,
    require_edit_record,
    require_on_record,
)

P = Permission

EXPECTED = {
    Role.OFFICER: {
        P.READ_RECORDS, P.SEARCH_RECORDS, P.CREATE_RECORDS, P.EDIT_RECORDS, P.DELETE_RECORDS,
    },
    Role.ANALYST: {P.READ_RECORDS, P.SEARCH_RECORDS, P.RUN_ANALYSES, P.EXPORT_REPORTS},
    Role.SUPERVISOR: {
        P.READ_RECORDS, P.SEARCH_RECORDS, P.CREATE_RECORDS, P.EDIT_RECORDS, P.DELETE_RECORDS,
        P.VALIDATE_RECORDS, P.MANAGE_ALERTS, P.MANAGE_ASSIGNMENTS, P.EXPORT_REPORTS,
    },
    Role.ADMIN: {
        P.READ_RECORDS, P.SEARCH_RECORDS, P.MANAGE_USERS, P.MANAGE_KEYS,
        P.MANAGE_CONFIGURATION, P.VERIFY_AUDIT,
    },
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_holds_exactly_its_permissions(role):
    assert set(POLICY[role]) == EXPECTED[role]


@pytest.mark.parametrize("role", list(Role))
def test_every_role_may_read_and_search(role):
    assert has_permission(role, P.READ_RECORDS) and has_permission(role, P.SEARCH_RECORDS)


def test_require_names_the_role_and_the_refused_action():
    with pytest.raises(PermissionDeniedError, match="^role 'analyst' may not edit records$"):
        require(Role.ANALYST, P.EDIT_RECORDS)


def test_require_accepts_a_held_permission():
    require(Role.ANALYST, P.EXPORT_REPORTS)


def test_require_accepts_the_role_as_stored_text():
    require("supervisor", P.VALIDATE_RECORDS)


@pytest.mark.parametrize("permission", [P.CREATE_RECORDS, P.EDIT_RECORDS, P.DELETE_RECORDS])
def test_administrators_do_not_change_records(permission):
    assert not has_permission(Role.ADMIN, permission)


def test_analysts_do_not_edit_records():
    assert not may_edit_record(Role.ANALYST, "AIR", "AIR", "draft")


def test_officers_do_not_validate_records():
    assert not may_act_on_record(Role.OFFICER, P.VALIDATE_RECORDS, "AIR", "AIR", "submitted")


@pytest.mark.parametrize("status", ["draft", "submitted", "validated", "closed"])
def test_an_officer_edits_own_unit_records_in_any_status(status):
    assert may_edit_record(Role.OFFICER, "AIR", "AIR", status)


def test_an_officer_does_not_edit_another_units_records():
    with pytest.raises(PermissionDeniedError, match="own unit .AIR.; this record belongs to PORT"):
        require_edit_record(Role.OFFICER, "AIR", "PORT", "draft")


def test_a_user_without_a_unit_edits_no_record():
    with pytest.raises(PermissionDeniedError, match="has no unit"):
        require_edit_record(Role.OFFICER, "", "", "draft")


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_an_officer_deletes_own_unit_records_before_validation(status):
    assert may_act_on_record(Role.OFFICER, P.DELETE_RECORDS, "AIR", "AIR", status)


@pytest.mark.parametrize("status", ["validated", "closed"])
def test_an_officer_does_not_delete_validated_or_closed_records(status):
    expected = f"only while they are draft or submitted; this one is {status}"
    with pytest.raises(PermissionDeniedError, match=expected):
        require_on_record(Role.OFFICER, P.DELETE_RECORDS, "AIR", "AIR", status)


@pytest.mark.parametrize("status", ["draft", "submitted", "validated", "closed"])
def test_a_supervisor_deletes_own_unit_records_in_any_status(status):
    assert may_act_on_record(Role.SUPERVISOR, P.DELETE_RECORDS, "AIR", "AIR", status)


def test_a_supervisor_does_not_delete_another_units_records():
    assert not may_act_on_record(Role.SUPERVISOR, P.DELETE_RECORDS, "AIR", "PORT", "draft")


def test_a_supervisor_validates_own_unit_records():
    assert may_act_on_record(Role.SUPERVISOR, P.VALIDATE_RECORDS, "AIR", "AIR", "submitted")


def test_a_supervisor_does_not_validate_another_units_records():
    assert not may_act_on_record(Role.SUPERVISOR, P.VALIDATE_RECORDS, "AIR", "PORT", "submitted")


def test_unit_wide_permissions_ignore_the_record_unit():
    assert may_act_on_record(Role.ANALYST, P.READ_RECORDS, "HQ", "PORT", "closed")
