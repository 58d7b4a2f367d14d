"""Evaluating rules on records that have just been saved, received or imported.

A hit is recorded once per rule and record version (the primary key of ``ncen_rule_hit``,
written with ``ON CONFLICT DO NOTHING``): a record received again in the same version, or
re-imported, never fires twice; a new version is new information and may fire again. Only a
newly recorded hit notifies the rule's subscribers, and of them only those who may read the
record (an enabled account whose role reads records of that unit in that status,
:func:`ncen_core.roles.may_act_on_record`): a notification names a record, and a user must
not learn of a record the record service would not show them.

A rule that can no longer run (its query names a code or a field since removed from the
configuration) is skipped with a warning rather than failing the save it follows; ``ncen
rules list`` marks it.

Entry points: :func:`on_record_saved`, called through the ``record_saved`` hook after each
change the record service commits (and after each record the exchange applies);
:func:`on_link_added`, called by the link service after a new link commits (a series of
seizures of one suspect is often completed by linking, not by saving); and :func:`evaluate`,
which the bulk importer calls once per batch of records it has just written, inside its
transaction, so an import that is rolled back leaves no hit behind.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ncen_core.app import Ncen
from ncen_core.errors import NcenError
from ncen_core.network import lookup
from ncen_core.records import Record, RecordRef
from ncen_core.roles import Permission, may_act_on_record
from ncen_core.rules.matching import satisfied
from ncen_core.rules.store import SavedRule, list_rules
from ncen_core.rules.tables import HIT, NOTIFICATION
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow
from ncen_core.users import UserInfo, get_user

LOG = logging.getLogger("ncen.rules")

#: Changes after which rules are evaluated (a tombstone has nothing left to match).
EVALUATED_CHANGES = frozenset({"created", "updated", "received"})


@dataclass(frozen=True)
class Hit:
    """A rule that fired on one version of one record, and why."""

    rule: str
    ref: RecordRef
    version: int
    reason: str


def on_record_saved(ncen: Ncen, record: Record, change: str) -> list[Hit]:
    """Evaluate the rules of the record's type on it, after ``change`` was committed."""
    if change not in EVALUATED_CHANGES or record.deleted:
        return []
    return evaluate(ncen, record.record_type, [record.id])


def on_link_added(ncen: Ncen, ends: Sequence[RecordRef]) -> list[Hit]:
    """Evaluate the rules with a ``repeat`` threshold on both ends of a new link: linking a
    seizure to a suspect may complete a series that no save did."""
    by_type: dict[str, list[int]] = defaultdict(list)
    for record_type, record_id in lookup.records_by_ref(ncen, ends, lookup.EVERYONE):
        by_type[record_type].append(record_id)
    hits = []
    for record_type, ids in by_type.items():
        rules = [rule for rule in list_rules(ncen, record_type) if rule.definition.repeat]
        hits += evaluate(ncen, record_type, ids, rules=rules)
    return hits


def evaluate(ncen: Ncen, record_type: str, record_ids: Sequence[int], *,
             rules: Sequence[SavedRule] | None = None) -> list[Hit]:
    """Evaluate every rule of ``record_type`` (or ``rules``) once on the records
    ``record_ids``; record and notify the new hits. Returns them."""
    rules = list_rules(ncen, record_type) if rules is None else rules
    if not rules or not record_ids:
        return []
    hits: list[Hit] = []
    with write_transaction(ncen.database):
        for rule in rules:
            try:
                reasons = satisfied(ncen, rule.definition, record_ids)
            except NcenError as exc:
                LOG.warning("analytic rule %s cannot run and was skipped: %s", rule.name, exc)
                continue
            if reasons:
                versions = _versions(ncen, record_type, list(reasons))
                subscribers = _accounts(ncen, rule.definition.subscribers)
                for record_id, reason in sorted(reasons.items()):
                    ref, version, unit, status = versions[record_id]
                    hit = Hit(rule.name, ref, version, reason)
                    if _record(ncen, hit):
                        _notify(ncen, hit, [user.username for user in subscribers
                                            if _may_read(user, unit, status)])
                        hits.append(hit)
    return hits


def _versions(ncen: Ncen, record_type: str,
              ids: list[int]) -> dict[int, tuple[RecordRef, int, str, str]]:
    """Per id: the record's reference, version, unit and status."""
    main = ncen.models_for(record_type).main
    found = {}
    for chunk in lookup.batches(sorted(ids)):
        query = main.select(main.id, main.origin, main.uuid, main.version, main.unit,
                            main.status).where(main.id.in_(list(chunk))).tuples()
        for record_id, origin, uuid, version, unit, status in query:
            found[record_id] = (RecordRef(record_type, origin, uuid), version, unit or "",
                                status)
    return found


def _accounts(ncen: Ncen, usernames: Sequence[str]) -> list[UserInfo]:
    """The enabled accounts among ``usernames`` (an account removed since is skipped)."""
    accounts = []
    for username in usernames:
        try:
            user = get_user(ncen.system, username)
        except NcenError:
            continue
        if not user.disabled:
            accounts.append(user)
    return accounts


def _may_read(user: UserInfo, unit: str, status: str) -> bool:
    return may_act_on_record(user.role, Permission.READ_RECORDS, user.unit, unit, status)


def _record(ncen: Ncen, hit: Hit) -> bool:
    """Store the hit; False when this rule already fired on this record version."""
    p = ncen.database.param
    cursor = ncen.database.execute_sql(
        f"INSERT INTO {HIT} (rule, record_type, record_origin, record_uuid, record_version, "
        f"reason, hit_at) VALUES ({', '.join([p] * 7)}) ON CONFLICT DO NOTHING",
        (hit.rule, hit.ref.record_type, hit.ref.origin, hit.ref.uuid, hit.version, hit.reason,
         utcnow()))
    return cursor.rowcount == 1


def _notify(ncen: Ncen, hit: Hit, usernames: Sequence[str]) -> None:
    p = ncen.database.param
    now = utcnow()
    rows = [(username, hit.rule, hit.ref.record_type, hit.ref.origin, hit.ref.uuid, hit.version,
             hit.reason, now) for username in usernames]
    if rows:
        ncen.database.cursor().executemany(
            f"INSERT INTO {NOTIFICATION} (username, rule, record_type, record_origin, "
            f"record_uuid, record_version, reason, created_at) VALUES ({', '.join([p] * 8)})",
            rows)
