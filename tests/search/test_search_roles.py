"""Search shows a user only what the role may read, on both backends: the permission is
checked, the role policy's reading scope (unit, statuses) filters the rows, and tombstones
never appear."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from ncen_core import roles
from ncen_core.errors import PermissionDeniedError
from ncen_core.record_service import RecordService
from ncen_core.roles import OWN_UNIT, Permission, Role, Scope
from ncen_core.search.engine import search
from ncen_core.search.visibility import Visibility, visibility


def with_policy(monkeypatch, role, **changes):
    """Run the test under a policy where ``role``'s permissions are changed as given."""
    policy = {r: dict(permissions) for r, permissions in roles.POLICY.items()}
    for permission, scope in changes.items():
        if scope is None:
            policy[role].pop(Permission[permission.upper()], None)
        else:
            policy[role][Permission[permission.upper()]] = scope
    monkeypatch.setattr(roles, "POLICY", MappingProxyType(
        {r: MappingProxyType(p) for r, p in policy.items()}))


def test_every_role_of_the_policy_sees_every_live_record(corpus):
    for user in ("officer", "other_officer", "supervisor", "analyst"):
        assert corpus.found("type:seizure", user=user) == {"roissy", "havre", "marseille",
                                                            "recent"}


def test_a_role_without_the_search_permission_is_refused(corpus, monkeypatch):
    with_policy(monkeypatch, Role.ANALYST, search_records=None)
    with pytest.raises(PermissionDeniedError, match="role 'analyst' may not search records"):
        search(corpus.ncen, corpus.users["analyst"], "cocaine")


def test_a_role_without_the_read_permission_is_refused(corpus, monkeypatch):
    with_policy(monkeypatch, Role.ANALYST, read_records=None)
    with pytest.raises(PermissionDeniedError, match="may not read records"):
        search(corpus.ncen, corpus.users["analyst"], "cocaine")


def test_a_role_reading_its_own_unit_only_finds_its_unit_records(corpus, monkeypatch):
    with_policy(monkeypatch, Role.OFFICER, read_records=OWN_UNIT)
    assert corpus.found("type:seizure", user="other_officer") == {"recent"}
    assert corpus.found("spirits OR cocaine", user="officer") == {"roissy", "muller"}


def test_a_role_reading_some_statuses_only_finds_those(corpus, monkeypatch):
    with_policy(monkeypatch, Role.ANALYST,
                read_records=Scope(own_unit_only=False, statuses=frozenset({"submitted"})))
    assert corpus.found("type:seizure", user="analyst") == {"havre"}


def test_an_account_without_a_unit_sees_nothing_of_an_own_unit_scope(corpus, monkeypatch):
    with_policy(monkeypatch, Role.ANALYST, read_records=OWN_UNIT)
    assert visibility(corpus.users["analyst"]) == Visibility(units=(), statuses=None)
    assert corpus.found("type:seizure", user="analyst") == set()


def test_a_tombstoned_record_is_never_found(corpus):
    officer = RecordService(corpus.ncen, corpus.users["officer"])
    record = officer.create("company", {"legal_name": "Vanishing Imports", "country": "NL"})
    officer.tombstone(record.ref, expected_version=1)
    results = search(corpus.ncen, corpus.users["analyst"],
                     "vanishing OR legal_name:vanishing OR country:NL")
    assert [hit.title for hit in results.hits] == ["Acme Trading BV (NL)"]
