"""Importing a CSV or Excel file as records: one streaming pass, one transaction, one audit
entry.

How an import runs, and why:

- **One pass inside one transaction.** Rows are read, mapped, validated and written in
  batches inside a single write transaction. If any row is invalid (and the user did not
  choose to skip invalid rows), or for a dry run, the transaction is rolled back at the
  end, so the database is unchanged on both backends. Valid rows keep being written after
  the first invalid one: the report is then complete (a key repeated later in the file is
  found too) and a dry run does exactly what the import would do. Memory holds one batch,
  never the file. On SQLite the import holds the write lock while it runs; other writers
  wait (an import is an administrative operation, run when the office is quiet).
- **Two processes for a large file.** Reading, mapping and validation
  (:mod:`preparer`) run in a forked worker while this process writes what it hands over,
  in file order (:mod:`pipeline`); the transaction, and so all-or-nothing, stays here.
- **Validation is the record service's**: field validation, every plugin's
  ``validate_record`` rule, metadata and role checks (:mod:`record_checks`). Writing is
  the bulk path of :mod:`bulk_writer`.
- **One audit entry per import** (action ``import``: file name, SHA-256 of the file,
  mapping, counts), not one per record: a national register of a million seizures would
  otherwise double the import's cost and the audit chain's length to say a million times
  what one entry says. Each record still carries who imported it and when
  (``created_by``/``created_at``), and the file's hash ties the entry to its content.
  For the same reason ``record_saved`` is not called once per imported record: analytic
  rules are evaluated once per batch of records written (:func:`ncen_core.rules.firing.
  evaluate`), inside the import's transaction, so a dry run or a refused import leaves no
  hit and no notification behind.
- **Identity**: see :mod:`ncen_core.transfer.identity`; records imported before are left
  unchanged and counted.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

import peewee as pw

from ncen_core import audit
from ncen_core.record_service import RecordService
from ncen_core.roles import Permission, require
from ncen_core.rules.firing import evaluate as evaluate_rules
from ncen_core.storage import refresh_planner_statistics, write_transaction
from ncen_core.timeutil import utcnow
from ncen_core.transfer.bulk_writer import BulkWriter, NewRecord, TableWriter
from ncen_core.transfer.csv_reader import MAX_LINE_BYTES
from ncen_core.transfer.errors import ImportRefusedError, SourceFileError, TransferError
from ncen_core.transfer.identity import link_uuid
from ncen_core.transfer.mapping import LINK_ROLE_CODELIST, ImportMapping, check_mapping
from ncen_core.transfer.pipeline import (
    CHUNK_RECORDS,
    Finished,
    fewer_collections,
    prepared_here,
    prepared_in_worker,
    worth_a_worker,
)
from ncen_core.transfer.preparer import Prepared, Preparer, Ready, Refused
from ncen_core.transfer.readers import open_source
from ncen_core.transfer.reject_file import RejectWriter
from ncen_core.transfer.report import ImportReport, Problem
from ncen_core.transfer.row_mapper import RowMapper
from ncen_core.transfer.source import SourceRow, TableSource

DEFAULT_BATCH_SIZE = 1000
#: The columns of a link row that vary from link to link, in the order the rows give them.
LINK_COLUMNS = ("uuid", "a_type", "a_uuid", "b_type", "b_uuid", "role")
#: An import creating at least this many records refreshes PostgreSQL's planner statistics
#: when it commits (:func:`ncen_core.storage.refresh_planner_statistics`).
SETTLE_AFTER_RECORDS = 10_000

ProblemSink = Callable[[Problem], None]


@dataclass(frozen=True)
class ImportOptions:
    """How to import: ``skip_invalid`` writes the valid records and puts the invalid rows
    in ``reject_file``; ``dry_run`` does everything, then undoes it. ``parallel`` prepares
    the records in a worker process (:mod:`pipeline`); None decides by the file's size."""

    dry_run: bool = False
    skip_invalid: bool = False
    reject_file: Path | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    max_line_bytes: int = MAX_LINE_BYTES
    parallel: bool | None = None


class _RolledBack(Exception):
    """Raised inside the transaction to undo a dry run or a refused import."""


def import_file(
    service: RecordService,
    path: Path,
    mapping: ImportMapping,
    *,
    options: ImportOptions = ImportOptions(),
    on_problem: ProblemSink | None = None,
) -> ImportReport:
    """Import ``path`` with ``mapping`` as the user of ``service``; returns the report.

    Each problem is passed to ``on_problem`` as soon as it is found. Raises
    ImportRefusedError (nothing written) when rows are invalid and ``options.skip_invalid``
    is off, unless it is a dry run.
    """
    ncen = service.ncen
    require(service.user.role, Permission.CREATE_RECORDS)
    check_mapping(mapping, ncen.registry)
    if options.skip_invalid and options.reject_file is None:
        raise TransferError("skipping invalid rows needs a reject file to put them in")
    report = ImportReport(path, mapping.record_type, options.dry_run)
    source = open_source(path, encoding=mapping.encoding, delimiter=mapping.delimiter,
                         sheet=mapping.sheet, max_line_bytes=options.max_line_bytes)
    try:
        mapper = RowMapper(mapping, ncen.registry, source.header, path, report.unknown)
        rejects = RejectWriter(options.reject_file, source.header) if options.reject_file else None
        try:
            run = _ImportRun(service, mapping, mapper, report, rejects, on_problem, options)
            run.execute(source)
        finally:
            if rejects is not None:
                rejects.close()
    finally:
        source.close()
    if report.rows_rejected and not options.skip_invalid and not options.dry_run:
        raise ImportRefusedError(
            f"{path}: {report.rows_rejected} of {report.rows_read} rows are invalid; nothing was "
            "imported (correct them, or skip them with a reject file)", report)
    return report


class _ImportRun:
    """The state of one import while its records stream through."""

    def __init__(self, service: RecordService, mapping: ImportMapping, mapper: RowMapper,
                 report: ImportReport, rejects: RejectWriter | None,
                 on_problem: ProblemSink | None, options: ImportOptions):
        self.ncen = service.ncen
        self.user = service.user
        self.mapping = mapping
        self.preparer = Preparer(self.ncen, self.user.role, mapping, mapper)
        self.report = report
        self.rejects = rejects
        self.on_problem = on_problem
        self.options = options
        self.office = self.ncen.office_code
        self.record_type = self.ncen.registry.record_types[mapping.record_type]
        self.now = utcnow()
        self.writers: dict[str, BulkWriter] = {}
        stamp = {"origin": self.office, "a_origin": self.office, "b_origin": self.office,
                 "version": 1, "created_at": self.now, "created_by": self.user.username,
                 "updated_at": self.now, "updated_by": self.user.username, "deleted": False,
                 "note": ""}
        self.link_writer = TableWriter(self.ncen.database, self.ncen.system.Link, with_id=False,
                                       leading=LINK_COLUMNS, constants=stamp)
        #: Per link of the mapping: its role, the linked record type, and whether the link
        #: goes from the main record to the linked one.
        self.link_plans = [(link.role, link.record_type,
                            self._from_type(link.role) == self.record_type.name)
                           for link in mapping.links]
        self.batch: list[Ready] = []

    def execute(self, source: TableSource) -> None:
        """Stream every record, then commit or roll back as the module docstring says."""
        parallel = self.options.parallel
        if parallel is None:
            parallel = worth_a_worker(source.path)
        finished: list[Finished] = []
        if parallel:
            records = prepared_in_worker(self.preparer, source, finished,
                                         min(self.options.batch_size, CHUNK_RECORDS))
        else:
            records = prepared_here(self.preparer, source, finished)
        try:
            with closing(records), fewer_collections(), write_transaction(self.ncen.database):
                self._process(records)
                self._finish(finished[0])
                if self.report.rows_read == 0:
                    raise SourceFileError(f"{source.path}: the file has no rows under its header")
                if self.options.dry_run or (self.report.rows_rejected
                                            and not self.options.skip_invalid):
                    raise _RolledBack
                self._audit()
        except _RolledBack:
            return
        except pw.IntegrityError as exc:
            raise TransferError(f"{source.path}: another import wrote the same records meanwhile; "
                                f"nothing was imported ({str(exc).splitlines()[0]})") from None
        self.report.committed = True
        if self.report.records_created >= SETTLE_AFTER_RECORDS:
            refresh_planner_statistics(self.ncen.database)

    def _process(self, records: Iterable[Prepared]) -> None:
        batch_size = self.options.batch_size
        for item in records:
            if isinstance(item, Refused):
                self._reject(item.rows, item.problems)
                continue
            self.batch.append(item)
            if len(self.batch) >= batch_size:
                self._flush()
        self._flush()

    def _finish(self, finished: Finished) -> None:
        report = self.report
        report.rows_read = finished.counts.read
        report.rows_filtered = finished.counts.filtered
        report.sha256 = finished.sha256
        report.unknown.counts = finished.unknown.counts
        report.unknown.others = finished.unknown.others

    def _reject(self, rows: Sequence[SourceRow], problems: list[Problem]) -> None:
        problems = sorted(problems, key=lambda problem: problem.line)
        self.report.records_rejected += 1
        self.report.rows_rejected += len(rows)
        self.report.problems += len(problems)
        if self.on_problem is not None:
            for problem in problems:
                self.on_problem(problem)
        if self.rejects is not None:
            self.rejects.write(rows, problems)

    def _writer(self, record_type: str) -> BulkWriter:
        if record_type not in self.writers:
            self.writers[record_type] = BulkWriter(self.ncen, record_type,
                                                   username=self.user.username,
                                                   unit=self.user.unit, now=self.now)
        return self.writers[record_type]

    def _flush(self) -> None:
        batch, self.batch = self.batch, []
        if not batch:
            return
        writer = self._writer(self.record_type.name)
        existing = writer.existing([pending.record.uuid for pending in batch])
        new: list[Ready] = []
        taken: set[str] = set()
        for pending in batch:
            record_id = existing.get(pending.record.uuid)
            if pending.record.uuid in taken or (
                    record_id is not None and writer.written_by_this_import(record_id)):
                self._reject(pending.rows, [Problem(pending.rows[0].line, "key",
                                                    self._repeated(pending.key))])
            elif record_id is not None:
                self.report.records_existing += 1
            else:
                taken.add(pending.record.uuid)
                new.append(pending)
        written = {self.record_type.name: writer.write([pending.record for pending in new])}
        self.report.records_created += len(new)
        self._write_linked(new, written)
        self._write_links(new)
        for record_type, ids in written.items():
            evaluate_rules(self.ncen, record_type, ids)

    def _repeated(self, key: tuple[str, ...]) -> str:
        if not self.mapping.key:
            return "repeats an earlier row of this file"
        return (f"the key {', '.join(key)} was already used by an earlier record of this file "
                "(the lines of one record must follow each other)")

    def _write_linked(self, new: list[Ready], written: dict[str, list[int]]) -> None:
        by_type: dict[str, dict[str, NewRecord]] = {}
        for pending in new:
            for item in pending.linked:
                record_type = self.mapping.links[item.link - 1].record_type
                by_type.setdefault(record_type, {}).setdefault(item.record.uuid, item.record)
        for record_type, records in by_type.items():
            writer = self._writer(record_type)
            found = writer.existing(list(records))
            missing = [record for uuid, record in records.items() if uuid not in found]
            written[record_type] = writer.write(missing)
            self.report.linked_created[record_type] += len(missing)

    def _write_links(self, new: list[Ready]) -> None:
        main_type, plans = self.record_type.name, self.link_plans
        rows = []
        for pending in new:
            main = pending.record.uuid
            for item in pending.linked:
                role, other_type, from_main = plans[item.link - 1]
                other = item.record.uuid
                if from_main:
                    rows.append((link_uuid(main, role, other), main_type, main, other_type, other,
                                 role))
                else:
                    rows.append((link_uuid(other, role, main), other_type, other, main_type, main,
                                 role))
        self.report.links_created += self.link_writer.insert_tuples(rows)

    def _from_type(self, role: str) -> str:
        """The record type a role links from (the main record's type when the code list
        does not say)."""
        codelists = self.ncen.registry.codelists
        if LINK_ROLE_CODELIST not in codelists:
            return self.record_type.name
        value = codelists.get(LINK_ROLE_CODELIST).get(role)
        return value.attrs.get("from", self.record_type.name) if value else self.record_type.name

    def _audit(self) -> None:
        report = self.report
        audit.append(self.ncen.system, self.user.username, "import",
                     record_type=self.record_type.name, detail={
                         "file": report.file.name, "sha256": report.sha256,
                         "mapping": self.mapping.name, "created": report.records_created,
                         "already_imported": report.records_existing,
                         "rejected": report.records_rejected,
                         "linked_created": dict(report.linked_created),
                         "links_created": report.links_created})
