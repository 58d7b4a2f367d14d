"""Saving, listing and removing analytic rules, each checked against the installation.

A rule is saved whole (replacing one of the same name) after every check that evaluation
would otherwise fail on: the record type exists, the query runs on it, the ``repeat``
threshold names a record type and a date field, every subscriber is an account. Analysts
(who run analyses) and supervisors (who manage alerts) may save rules; a rule belongs to
the user who first saved it, and only that user or a supervisor changes or removes it. A rule
that names no subscribers notifies its owner; any user may subscribe to a rule, or
unsubscribe. Saving and removing are audited.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from ncen_core import audit
from ncen_core.app import Ncen
from ncen_core.errors import NcenError, NotFoundError, PermissionDeniedError
from ncen_core.fields import Kind
from ncen_core.roles import Permission, has_permission
from ncen_core.rules.definition import Repeat, RuleDefinition, RuleError, definition_from
from ncen_core.rules.tables import RULE, SUBSCRIBER, stored_time
from ncen_core.search.engine import check_query
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow
from ncen_core.users import UserInfo, get_user

_COLUMNS = "name, description, record_type, query, thresholds, owner, created_at, updated_at"


@dataclass(frozen=True)
class SavedRule:
    """A rule as stored: its definition, owner and subscribers."""

    definition: RuleDefinition
    owner: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def name(self) -> str:
        """The rule's unique name."""
        return self.definition.name


def save_rule(ncen: Ncen, user: UserInfo, rule: RuleDefinition) -> SavedRule:
    """Check ``rule`` and save it (replacing a rule of the same name); returns it as stored."""
    _require_rule_rights(user)
    check_rule(ncen, rule)
    database, p = ncen.database, ncen.database.param
    now = utcnow()
    with write_transaction(database):
        current = _rows(ncen, f"WHERE name = {p}", [rule.name])
        if current:
            _require_owner(user, current[0])
            database.execute_sql(f"DELETE FROM {SUBSCRIBER} WHERE rule = {p}", (rule.name,))
            database.execute_sql(
                f"UPDATE {RULE} SET description = {p}, record_type = {p}, query = {p}, "
                f"thresholds = {p}, updated_at = {p} WHERE name = {p}",
                (rule.description, rule.record_type, rule.query, json.dumps(rule.thresholds()),
                 now, rule.name))
        else:
            database.execute_sql(
                f"INSERT INTO {RULE} ({_COLUMNS}) VALUES ({', '.join([p] * 8)})",
                (rule.name, rule.description, rule.record_type, rule.query,
                 json.dumps(rule.thresholds()), user.username, now, now))
        owner = current[0].owner if current else user.username
        for username in rule.subscribers or (owner,):
            database.execute_sql(f"INSERT INTO {SUBSCRIBER} (rule, username) VALUES ({p}, {p})",
                                 (rule.name, username))
        audit.append(ncen.system, user.username, "rule_save", record_type=rule.record_type,
                     detail={"rule": rule.name, "query": rule.query, **rule.thresholds(),
                             "subscribers": list(rule.subscribers)})
    return get_rule(ncen, rule.name)


def remove_rule(ncen: Ncen, user: UserInfo, name: str) -> None:
    """Delete a rule with its subscriptions; its past hits and notifications stay."""
    _require_rule_rights(user)
    database, p = ncen.database, ncen.database.param
    with write_transaction(database):
        current = _rows(ncen, f"WHERE name = {p}", [name])
        if not current:
            raise NotFoundError(f"no rule named {name!r}")
        _require_owner(user, current[0])
        database.execute_sql(f"DELETE FROM {SUBSCRIBER} WHERE rule = {p}", (name,))
        database.execute_sql(f"DELETE FROM {RULE} WHERE name = {p}", (name,))
        audit.append(ncen.system, user.username, "rule_remove", detail={"rule": name})


def subscribe(ncen: Ncen, user: UserInfo, name: str) -> None:
    """Notify ``user`` of the rule's future hits (any user may follow a rule)."""
    p = ncen.database.param
    with write_transaction(ncen.database):
        rule = get_rule(ncen, name)
        if user.username not in rule.definition.subscribers:
            ncen.database.execute_sql(
                f"INSERT INTO {SUBSCRIBER} (rule, username) VALUES ({p}, {p})",
                (name, user.username))


def unsubscribe(ncen: Ncen, user: UserInfo, name: str) -> None:
    """Stop notifying ``user`` of the rule's hits; its past notifications stay."""
    p = ncen.database.param
    with write_transaction(ncen.database):
        get_rule(ncen, name)
        ncen.database.execute_sql(f"DELETE FROM {SUBSCRIBER} WHERE rule = {p} AND username = {p}",
                                  (name, user.username))


def get_rule(ncen: Ncen, name: str) -> SavedRule:
    """The rule named ``name``; NotFoundError when there is none."""
    found = _rows(ncen, f"WHERE name = {ncen.database.param}", [name])
    if not found:
        raise NotFoundError(f"no rule named {name!r}")
    return found[0]


def list_rules(ncen: Ncen, record_type: str | None = None) -> list[SavedRule]:
    """Every rule (of ``record_type`` when given), by name. Rules are few: a national set
    is tens, not thousands, so they are read whole."""
    if record_type is None:
        return _rows(ncen, "", [])
    return _rows(ncen, f"WHERE record_type = {ncen.database.param}", [record_type])


def check_rule(ncen: Ncen, rule: RuleDefinition) -> None:
    """Raise RuleError for a rule that could not be evaluated in this installation."""
    where = f"rule {rule.name!r}"
    if rule.record_type not in ncen.registry.record_types:
        raise RuleError(f"{where}: record_type: unknown record type {rule.record_type!r} "
                        f"(expected one of: {', '.join(sorted(ncen.registry.record_types))})")
    try:
        check_query(ncen, rule.query, [rule.record_type])
    except NcenError as exc:
        raise RuleError(f"{where}: query: {exc}") from None
    if rule.repeat is not None:
        _check_repeat(ncen, rule.record_type, rule.repeat, where)
    for username in rule.subscribers:
        try:
            get_user(ncen.system, username)
        except NotFoundError:
            raise RuleError(f"{where}: subscribers: no user named {username!r}") from None


def _check_repeat(ncen: Ncen, record_type: str, repeat: Repeat, where: str) -> None:
    if repeat.via not in ncen.registry.record_types:
        raise RuleError(f"{where}: thresholds.repeat.via: unknown record type {repeat.via!r}")
    spec_type = ncen.registry.record_types[record_type]
    if not spec_type.has_field(repeat.date_field) or \
            spec_type.field(repeat.date_field).kind is not Kind.DATE:
        raise RuleError(f"{where}: thresholds.repeat.date_field: {repeat.date_field!r} is not "
                        f"a date field of {record_type}")


def _require_rule_rights(user: UserInfo) -> None:
    if not (has_permission(user.role, Permission.RUN_ANALYSES)
            or has_permission(user.role, Permission.MANAGE_ALERTS)):
        raise PermissionDeniedError(f"role '{user.role}' may not manage analytic rules "
                                    "(analysts and supervisors may)")


def _require_owner(user: UserInfo, rule: SavedRule) -> None:
    if rule.owner != user.username and not has_permission(user.role, Permission.MANAGE_ALERTS):
        raise PermissionDeniedError(f"rule {rule.name!r} belongs to {rule.owner}; only its owner "
                                    "or a supervisor may change it")


def _rows(ncen: Ncen, where: str, params: list) -> list[SavedRule]:
    database = ncen.database
    rows = database.execute_sql(f"SELECT {_COLUMNS} FROM {RULE} {where} ORDER BY name",
                                params).fetchall()
    if not rows:
        return []
    p = database.param
    names = [row[0] for row in rows]
    subscribers: dict[str, list[str]] = {name: [] for name in names}
    for rule, username in database.execute_sql(
            f"SELECT rule, username FROM {SUBSCRIBER} WHERE rule IN ({', '.join([p] * len(names))})"
            " ORDER BY username", names):
        subscribers[rule].append(username)
    return [_saved(row, subscribers[row[0]]) for row in rows]


def _saved(row: tuple, subscribers: list[str]) -> SavedRule:
    name, description, record_type, query, thresholds, owner, created_at, updated_at = row
    definition = definition_from({"name": name, "description": description,
                                  "record_type": record_type, "query": query,
                                  "thresholds": json.loads(thresholds),
                                  "subscribers": subscribers})
    return SavedRule(definition, owner, stored_time(created_at), stored_time(updated_at))
