"""The record service: the only way the TUI, the CLI and the exchange touch records.

Every call acts as one authenticated user. The service checks the user's role, validates
values against the FieldSpecs and the plugins' rules, bumps the version with optimistic
locking (a stale version is refused, never overwritten), writes the audit entry and the
search-index entry in the same transaction as the change, and tells plugins after the
change is committed.

Records received from another office are read-only copies: only their origin office
changes them, and the copies change only through the exchange import.
"""

from __future__ import annotations

import functools
import operator
import uuid as uuid_module
from collections.abc import Iterable
from types import MappingProxyType
from typing import Any, Mapping

import peewee as pw

from ncen_core import audit
from ncen_core.analysis.aggregates import record_changed
from ncen_core.app import Ncen
from ncen_core.attachment_service import AttachmentService
from ncen_core.identifier_index import index_identifiers, office_region, remove_identifiers
from ncen_core.links import LinkService
from ncen_core.names.name_index import index_names, remove_names
from ncen_core.errors import (
    ConflictError,
    NotFoundError,
    ReadOnlyRecordError,
    ValidationError,
)
from ncen_core.keyset import KeysetQuery
from ncen_core.record_models import DISTRIBUTIONS, STATUSES, TLP_LEVELS, RecordModels
from ncen_core.record_store import (
    load_records,
    scalar_columns,
    select_rows,
    write_children,
)
from ncen_core.records import Page, PageCursor, Record, RecordRef
from ncen_core.roles import Permission, require, require_on_record
from ncen_core.search_index import SearchIndex
from ncen_core.search_text import search_text
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow
from ncen_core.users import UserInfo
from ncen_core.validation import name_present, normalise_values

#: Columns a list can be ordered by: never null, and indexed together with the id.
SORT_COLUMNS = ("updated_at", "created_at", "id")
MAX_PAGE_SIZE = 500
#: Lists (record type, sort, filter) whose page statements a service keeps built.
KEPT_LIST_QUERIES = 32
STATUSES_NEEDING_VALIDATION_RIGHT = frozenset({"validated", "closed"})
#: Fields only the holder of a permission may set or change, in any record type that has
#: them: supervisors manage alerts and assignments (DESIGN §2). An officer's edit that
#: leaves them as they are goes through; one that changes them is refused.
MANAGED_FIELDS: Mapping[str, Permission] = MappingProxyType({
    "alerts": Permission.MANAGE_ALERTS,
    "assigned_officers": Permission.MANAGE_ASSIGNMENTS,
    "investigation_status": Permission.MANAGE_ASSIGNMENTS,
})


class RecordService:
    """Record operations on behalf of ``user`` in the installation ``ncen``."""

    def __init__(self, ncen: Ncen, user: UserInfo):
        self.ncen = ncen
        self.user = user
        self.links = LinkService(self)
        self.attachments = AttachmentService(self)
        self._search = SearchIndex(ncen.database)
        self._list_queries: dict[tuple[Any, ...], KeysetQuery] = {}

    # -- reading -------------------------------------------------------------------------

    def get(self, ref: RecordRef, *, include_deleted: bool = False) -> Record:
        """The record ``ref``; NotFoundError if it does not exist (or is a tombstone)."""
        require(self.user.role, Permission.READ_RECORDS)
        models = self.ncen.models_for(ref.record_type)
        main = models.main
        rows = list(select_rows(models).where((main.origin == ref.origin) & (main.uuid == ref.uuid)))
        if not rows or (rows[0]["deleted"] and not include_deleted):
            raise NotFoundError(f"no {ref.record_type} record {ref.uuid} from {ref.origin}")
        return load_records(models, rows)[0]

    def require_exists(self, ref: RecordRef) -> None:
        """NotFoundError unless ``ref`` is a live record (cheaper than :meth:`get`)."""
        require(self.user.role, Permission.READ_RECORDS)
        main = self.ncen.models_for(ref.record_type).main
        live = main.select(main.id).where(
            (main.origin == ref.origin) & (main.uuid == ref.uuid)
            & (main.deleted == False)).exists()  # noqa: E712
        if not live:
            raise NotFoundError(f"no {ref.record_type} record {ref.uuid} from {ref.origin}")

    def find(self, record_type: str, uuid: str) -> Record:
        """The live record of ``record_type`` with ``uuid``, whatever its origin office."""
        require(self.user.role, Permission.READ_RECORDS)
        models = self.ncen.models_for(record_type)
        main = models.main
        rows = list(
            select_rows(models).where((main.uuid == uuid) & (main.deleted == False)).limit(2)  # noqa: E712
        )
        if not rows:
            raise NotFoundError(f"no {record_type} record {uuid}")
        if len(rows) > 1:
            raise NotFoundError(
                f"{record_type} record {uuid} exists from several offices; name the origin office"
            )
        return load_records(models, rows)[0]

    def list(
        self,
        record_type: str,
        *,
        order_by: str = "updated_at",
        descending: bool = True,
        after: PageCursor | None = None,
        limit: int = 50,
        include_deleted: bool = False,
        fields: Iterable[str] | None = None,
        equal: Mapping[str, Any] | None = None,
    ) -> Page:
        """One page of records, ordered by ``order_by`` then id, continuing after ``after``.

        Keyset pagination: the cost of a page does not grow with its distance from the start.
        ``fields`` (a list's columns) limits the child tables read (:func:`load_records`).
        ``equal`` keeps the records whose main-table columns equal the values given (a
        list's filters; the caller checks the names). The statements of each list, sort and
        filter are built once (:class:`KeysetQuery`).
        """
        require(self.user.role, Permission.READ_RECORDS)
        if order_by not in SORT_COLUMNS:
            raise ValidationError({"order_by": f"must be one of {', '.join(SORT_COLUMNS)}"})
        limit = max(1, min(limit, MAX_PAGE_SIZE))
        models = self.ncen.models_for(record_type)
        query = self._list_query(models, order_by, descending, include_deleted, equal or {})
        rows = query.rows_after(after, limit + 1)
        more = len(rows) > limit
        records = load_records(models, rows[:limit], fields)
        next_cursor = None
        if more and records:
            last = records[-1]
            next_cursor = PageCursor(getattr(last, order_by), last.id)
        return Page(records, next_cursor)

    def _list_query(self, models: RecordModels, order_by: str, descending: bool,
                    include_deleted: bool, equal: Mapping[str, Any]) -> KeysetQuery:
        """The kept :class:`KeysetQuery` of one list, sort and filter."""
        key = (models.main, order_by, descending, include_deleted, tuple(equal.items()))
        query = self._list_queries.get(key)
        if query is None:
            main = models.main
            conditions = [getattr(main, name) == value for name, value in equal.items()]
            if not include_deleted:
                conditions.append(main.deleted == False)  # noqa: E712
            where = functools.reduce(operator.and_, conditions) if conditions else None
            if len(self._list_queries) >= KEPT_LIST_QUERIES:
                self._list_queries.clear()
            query = self._list_queries[key] = KeysetQuery(
                main, where, getattr(main, order_by), main.id, descending)
        return query

    def count(self, record_type: str, *, include_deleted: bool = False) -> int:
        """Number of records of a type, with a plain COUNT(*) (no subquery)."""
        require(self.user.role, Permission.READ_RECORDS)
        main = self.ncen.models_for(record_type).main
        query = main.select(pw.fn.COUNT(pw.SQL("*")))
        if not include_deleted:
            query = query.where(main.deleted == False)  # noqa: E712
        return query.scalar()

    # -- writing -------------------------------------------------------------------------

    def create(
        self,
        record_type: str,
        values: Mapping[str, Any],
        *,
        status: str = "draft",
        distribution: str = "local",
        tlp: str = "AMBER",
        legal_basis: str = "",
    ) -> Record:
        """Validate and store a new record of this office; returns it at version 1."""
        require(self.user.role, Permission.CREATE_RECORDS)
        models = self.ncen.models_for(record_type)
        self._check_meta(status=status, distribution=distribution, tlp=tlp)
        if status in STATUSES_NEEDING_VALIDATION_RIGHT:
            require(self.user.role, Permission.VALIDATE_RECORDS)
        clean = self._validated(models, values)
        self._require_managed([name for name in clean if name_present(clean, name)])
        now = utcnow()
        row = {
            "uuid": str(uuid_module.uuid4()),
            "origin": self.ncen.office_code,
            "version": 1,
            "status": status,
            "distribution": distribution,
            "tlp": tlp,
            "legal_basis": legal_basis,
            "unit": self.user.unit,
            "created_at": now,
            "created_by": self.user.username,
            "updated_at": now,
            "updated_by": self.user.username,
            "deleted": False,
            **scalar_columns(models, clean),
        }
        with write_transaction(self.ncen.database):
            record_id = models.main.insert(row).execute()
            write_children(models, record_id, clean)
            self._search.index(models.record_type, record_id,
                               search_text(models.record_type, clean))
            self._index_keys(models, record_id, row["origin"], clean)
            record_changed(self.ncen, record_type, row["origin"], None, clean)
            self._audit("create", models, row["origin"], row["uuid"], version=1)
        record = self._reload(models, record_id)
        self.ncen.plugins.hook.record_saved(record=record, change="created", ncen=self.ncen)
        return record

    def update(
        self,
        ref: RecordRef,
        changes: Mapping[str, Any],
        *,
        expected_version: int,
        status: str | None = None,
        distribution: str | None = None,
        tlp: str | None = None,
        legal_basis: str | None = None,
        audit_detail: Mapping[str, Any] | None = None,
    ) -> Record:
        """Change fields and/or metadata of a record last read at ``expected_version``.

        Fields absent from ``changes`` keep their values; a group given in ``changes``
        replaces all its rows. ConflictError if someone saved the record meanwhile.
        ``audit_detail`` adds JSON-ready facts to the audit entry (which alert was issued);
        it cannot replace the entry's standard keys.
        """
        models = self.ncen.models_for(ref.record_type)
        current = self.editable(ref, Permission.EDIT_RECORDS)
        self._check_meta(status=status, distribution=distribution, tlp=tlp)
        if status is not None and status != current.status:
            if status in STATUSES_NEEDING_VALIDATION_RIGHT or current.status in STATUSES_NEEDING_VALIDATION_RIGHT:
                require_on_record(self.user.role, Permission.VALIDATE_RECORDS, self.user.unit,
                                  current.unit, current.status)
        clean = self._validated(models, {**current.values, **changes})
        changed_fields = sorted(name for name in clean if clean[name] != current.values.get(name))
        self._require_managed(changed_fields)
        meta = {k: v for k, v in (("status", status), ("distribution", distribution),
                                  ("tlp", tlp), ("legal_basis", legal_basis)) if v is not None}
        now = utcnow()
        with write_transaction(self.ncen.database):
            self._bump(models, current, expected_version, {
                **meta, **scalar_columns(models, clean),
                "updated_at": now, "updated_by": self.user.username,
            })
            write_children(models, current.id, {n: clean[n] for n in changes if n in clean})
            self._search.index(models.record_type, current.id,
                               search_text(models.record_type, clean))
            self._index_keys(models, current.id, ref.origin, clean)
            record_changed(self.ncen, ref.record_type, ref.origin, current.values, clean)
            self._audit("update", models, ref.origin, ref.uuid, **{
                **(audit_detail or {}), "version": expected_version + 1, "fields": changed_fields,
                **{k: str(v) for k, v in meta.items() if k != "legal_basis"}})
        record = self._reload(models, current.id)
        self.ncen.plugins.hook.record_saved(record=record, change="updated", ncen=self.ncen)
        return record

    def tombstone(self, ref: RecordRef, *, expected_version: int) -> Record:
        """Delete a record: it stays as a tombstone (so the deletion can travel to other
        offices) and its content, child rows and attachments are purged (the bytes too,
        unless a live attachment of another record uses the same ones), and this office's
        links of it are tombstoned."""
        models = self.ncen.models_for(ref.record_type)
        current = self.editable(ref, Permission.DELETE_RECORDS)
        cleared = {spec.name: ([] if spec.is_child_table else None)
                   for spec in models.record_type.fields}
        now = utcnow()
        with write_transaction(self.ncen.database):
            self._bump(models, current, expected_version, {
                **scalar_columns(models, cleared), "deleted": True,
                "updated_at": now, "updated_by": self.user.username,
            })
            write_children(models, current.id, cleared)
            self._search.remove(models.record_type, current.id)
            remove_identifiers(self.ncen.database, ref.record_type, current.id)
            remove_names(self.ncen.database, ref.record_type, current.id)
            record_changed(self.ncen, ref.record_type, ref.origin, current.values, None)
            self.attachments.purge_record(ref)
            links = self.links.purge_record(ref)
            self._audit("tombstone", models, ref.origin, ref.uuid, version=expected_version + 1,
                        **({"links": links} if links else {}))
        record = self._reload(models, current.id)
        self.ncen.plugins.hook.record_saved(record=record, change="tombstoned", ncen=self.ncen)
        return record

    # -- helpers -------------------------------------------------------------------------

    def editable(self, ref: RecordRef, permission: Permission) -> Record:
        """The record ``ref`` if it is this office's and ``permission`` applies to it."""
        current = self.get(ref)
        if current.origin != self.ncen.office_code:
            raise ReadOnlyRecordError(
                f"{ref.record_type} {ref.uuid} belongs to office {current.origin}; "
                "only that office can change it"
            )
        require_on_record(self.user.role, permission, self.user.unit, current.unit, current.status)
        return current

    def _validated(self, models: RecordModels, values: Mapping[str, Any]) -> dict[str, Any]:
        record_type = models.record_type
        clean = normalise_values(record_type, values, self.ncen.registry.codelists)
        problems: dict[str, str] = {}
        for result in self.ncen.plugins.hook.validate_record(
                record_type=record_type.name, values=dict(clean),
                codelists=self.ncen.registry.codelists):
            problems.update(result or {})
        if problems:
            raise ValidationError(problems, record_type.name)
        return clean

    def _require_managed(self, field_names: list[str]) -> None:
        for name in field_names:
            if name in MANAGED_FIELDS:
                require(self.user.role, MANAGED_FIELDS[name])

    def _bump(self, models: RecordModels, current: Record, expected_version: int,
              columns: dict[str, Any]) -> None:
        main = models.main
        updated = (
            main.update(version=main.version + 1, **columns)
            .where((main.id == current.id) & (main.version == expected_version)
                   & (main.deleted == False))  # noqa: E712
            .execute()
        )
        if updated != 1:
            latest = main.select(main.version).where(main.id == current.id).scalar()
            raise ConflictError(
                f"{models.record_type.name} {current.uuid} was changed by someone else "
                f"(you edited version {expected_version}, it is now at version {latest}); "
                "reload it and apply your change again",
                current_version=latest,
            )

    def _index_keys(self, models: RecordModels, record_id: int, origin: str,
                    values: Mapping[str, Any]) -> None:
        """Identifiers and names of the record, phones read in its origin office's country."""
        database = self.ncen.database
        index_identifiers(database, models.record_type, record_id, values,
                          region=office_region(origin))
        index_names(database, models.record_type, record_id, values)

    def _reload(self, models: RecordModels, record_id: int) -> Record:
        return load_records(models, select_rows(models).where(models.main.id == record_id))[0]

    def _audit(self, action: str, models: RecordModels, origin: str, uuid: str,
               **detail: Any) -> None:
        audit.append(self.ncen.system, self.user.username, action,
                     record_type=models.record_type.name, record_origin=origin,
                     record_uuid=uuid, detail=detail)

    @staticmethod
    def _check_meta(*, status: str | None, distribution: str | None, tlp: str | None) -> None:
        problems = {}
        if status is not None and status not in STATUSES:
            problems["status"] = f"must be one of {', '.join(STATUSES)}"
        if distribution is not None and distribution not in DISTRIBUTIONS:
            problems["distribution"] = f"must be one of {', '.join(DISTRIBUTIONS)}"
        if tlp is not None and tlp not in TLP_LEVELS:
            problems["tlp"] = f"must be one of {', '.join(TLP_LEVELS)}"
        if problems:
            raise ValidationError(problems)
