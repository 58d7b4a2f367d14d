"""Links between records: who drove, who owned, which company shipped.

A link belongs to the office that made it and names both ends by type, origin and UUID,
so it can join records of different offices and travel with them. Removing a link leaves
a tombstone, like records. Roles come from the ``link_role`` code list when one is
installed; its ``from``/``to`` attributes say which record types a role connects. A new link
has the analytic rules that count linked records evaluated on both its ends. Deleting a
record, or receiving its office's tombstone or withdrawal of a copy, tombstones this
office's links of it (:func:`tombstone_links_of`).
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ncen_core import audit
from ncen_core.errors import ConflictError, NotFoundError, ValidationError
from ncen_core.records import LinkInfo, RecordRef
from ncen_core.roles import Permission, require
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow

if TYPE_CHECKING:
    from ncen_core.app import Ncen
    from ncen_core.record_service import RecordService

LINK_ROLE_CODELIST = "link_role"


class LinkService:
    """Link operations for the user of ``records``."""

    def __init__(self, records: RecordService):
        self.records = records
        self.ncen = records.ncen

    def add(
        self,
        a: RecordRef,
        b: RecordRef,
        role: str,
        *,
        valid_from: dt.date | None = None,
        valid_to: dt.date | None = None,
        confidence: int | None = None,
        share_percent: Decimal | float | None = None,
        note: str = "",
    ) -> LinkInfo:
        """Link two existing records with ``role``; both must be readable by the user."""
        require(self.records.user.role, Permission.CREATE_RECORDS)
        if a == b:
            raise ValidationError({"link": "a record cannot be linked to itself"})
        self.records.require_exists(a)
        self.records.require_exists(b)
        self._check(a, b, role, valid_from, valid_to, confidence, share_percent)
        Link = self.ncen.system.Link
        now = utcnow()
        username = self.records.user.username
        row: dict[str, Any] = dict(
            uuid=str(uuid_module.uuid4()), origin=self.ncen.office_code, version=1,
            a_type=a.record_type, a_origin=a.origin, a_uuid=a.uuid,
            b_type=b.record_type, b_origin=b.origin, b_uuid=b.uuid,
            role=role, valid_from=valid_from, valid_to=valid_to, confidence=confidence,
            share_percent=Decimal(str(share_percent)) if share_percent is not None else None,
            note=note.strip(), created_at=now, created_by=username,
            updated_at=now, updated_by=username, deleted=False,
        )
        with write_transaction(self.ncen.database):
            Link.insert(row).execute()
            self._audit("link", a, role=role, other=str(b), link=row["uuid"])
        from ncen_core.rules.firing import on_link_added  # the rules need the search engine

        on_link_added(self.ncen, [a, b])
        return self._get(row["uuid"])

    def remove(self, link_uuid: str, *, expected_version: int) -> None:
        """Tombstone a link made by this office."""
        require(self.records.user.role, Permission.CREATE_RECORDS)
        link = self._get(link_uuid)
        Link = self.ncen.system.Link
        with write_transaction(self.ncen.database):
            changed = (
                Link.update(version=Link.version + 1, deleted=True, updated_at=utcnow(),
                            updated_by=self.records.user.username)
                .where((Link.uuid == link_uuid) & (Link.origin == self.ncen.office_code)
                       & (Link.version == expected_version) & (Link.deleted == False))  # noqa: E712
                .execute()
            )
            if changed != 1:
                raise ConflictError(f"link {link_uuid} was changed meanwhile or is not this office's")
            self._audit("unlink", link.a, role=link.role, other=str(link.b), link=link_uuid)

    def of(self, ref: RecordRef) -> list[LinkInfo]:
        """Live links with ``ref`` at either end, oldest first."""
        require(self.records.user.role, Permission.READ_RECORDS)
        Link = self.ncen.system.Link
        live = _at_either_end(Link, ref) & (Link.deleted == False)  # noqa: E712
        query = Link.select().where(live).order_by(Link.created_at, Link.id)
        return [_info(row) for row in query]

    def purge_record(self, ref: RecordRef) -> list[str]:
        """Tombstone this office's links of ``ref``, a record being deleted (see
        :func:`tombstone_links_of`); returns their UUIDs."""
        return tombstone_links_of(self.ncen, ref, self.records.user.username)

    def _get(self, link_uuid: str) -> LinkInfo:
        Link = self.ncen.system.Link
        row = Link.get_or_none((Link.uuid == link_uuid) & (Link.deleted == False))  # noqa: E712
        if row is None:
            raise NotFoundError(f"no link {link_uuid}")
        return _info(row)

    def _check(self, a: RecordRef, b: RecordRef, role: str, valid_from: dt.date | None,
               valid_to: dt.date | None, confidence: int | None,
               share_percent: Decimal | float | None) -> None:
        problems: dict[str, str] = {}
        codelists = self.ncen.registry.codelists
        if not role.strip():
            problems["role"] = "a link needs a role"
        elif LINK_ROLE_CODELIST in codelists:
            value = codelists.get(LINK_ROLE_CODELIST).get(role)
            if value is None:
                problems["role"] = f"unknown link role {role!r}"
            elif "from" in value.attrs and {value.attrs["from"], value.attrs.get("to")} != {
                a.record_type, b.record_type
            }:
                problems["role"] = (f"role {role!r} links {value.attrs['from']} and "
                                    f"{value.attrs.get('to')}, not {a.record_type} and {b.record_type}")
        if valid_from and valid_to and valid_from > valid_to:
            problems["valid_to"] = "must not be before valid_from"
        if confidence is not None and not 0 <= confidence <= 100:
            problems["confidence"] = "must be between 0 and 100"
        if share_percent is not None and not 0 <= Decimal(str(share_percent)) <= 100:
            problems["share_percent"] = "must be between 0 and 100"
        if problems:
            raise ValidationError(problems, "link")

    def _audit(self, action: str, ref: RecordRef, **detail: Any) -> None:
        audit.append(self.ncen.system, self.records.user.username, action,
                     record_type=ref.record_type, record_origin=ref.origin,
                     record_uuid=ref.uuid, detail=detail)


def tombstone_links_of(ncen: Ncen, ref: RecordRef, username: str) -> list[str]:
    """Tombstone this office's live links of ``ref``, a deleted record (made here, or a
    received copy its office deleted or withdrew), notes cleared, inside the caller's
    transaction; returns their UUIDs.

    A link to a deleted record joins nothing any more, and its note is content about it.
    The tombstones travel like any removed link. Links made by other offices stay as they
    are: only their office changes them.
    """
    Link = ncen.system.Link
    mine = (_at_either_end(Link, ref) & (Link.origin == ncen.office_code)
            & (Link.deleted == False))  # noqa: E712
    uuids = [uuid for (uuid,) in Link.select(Link.uuid).where(mine).tuples()]
    if uuids:
        Link.update(version=Link.version + 1, deleted=True, note="", updated_at=utcnow(),
                    updated_by=username).where(mine).execute()
    return uuids


def _at_either_end(Link: Any, ref: RecordRef) -> Any:
    """The condition of the links with ``ref`` at end a or end b."""
    at_a = ((Link.a_type == ref.record_type) & (Link.a_origin == ref.origin)
            & (Link.a_uuid == ref.uuid))
    at_b = ((Link.b_type == ref.record_type) & (Link.b_origin == ref.origin)
            & (Link.b_uuid == ref.uuid))
    return at_a | at_b


def _info(row: Any) -> LinkInfo:
    return LinkInfo(
        uuid=row.uuid, origin=row.origin, version=row.version,
        a=RecordRef(row.a_type, row.a_origin, row.a_uuid),
        b=RecordRef(row.b_type, row.b_origin, row.b_uuid),
        role=row.role, valid_from=row.valid_from, valid_to=row.valid_to,
        confidence=row.confidence,
        share_percent=Decimal(str(row.share_percent)) if row.share_percent is not None else None,
        note=row.note, created_at=row.created_at, created_by=row.created_by,
    )
