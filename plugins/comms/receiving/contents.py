"""The parts of an opened package read as the lines of ``docs/exchange-payload.md``.

:meth:`PackageContents.check` is the first pass over a package: the parts its kind
needs and no others, every line strict JSON of the documented shape, every record type
known here, every origin equal to the sender. Nothing is held in memory: the apply pass
reads the parts again through the same iterators.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from ncen_core.app import Ncen

from ..package import OpenedPackage
from .json_lines import read_json_document, read_json_lines
from .payload import (
    AttachmentLine,
    LinkLine,
    RecordLine,
    Share,
    WithdrawalLine,
    parse_attachment,
    parse_link,
    parse_record,
    parse_share,
    parse_withdrawal,
)
from .payload_errors import InvalidRecord, OriginMismatch, PayloadMalformed

SHARE, RECORDS, LINKS, ATTACHMENTS = "share.json", "records.jsonl", "links.jsonl", "attachments.jsonl"
WITHDRAWALS = "withdrawals.jsonl"
BLOB = re.compile(r"blob-([0-9a-f]{64})")
PARTS_OF_KIND: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "records": (frozenset({SHARE, RECORDS}), frozenset({LINKS, ATTACHMENTS})),
    "withdrawal": (frozenset({WITHDRAWALS}), frozenset()),
}
"""For each kind this module reads: the parts it needs and those it may carry (plus blobs
for records)."""

Line = TypeVar("Line")


class PackageContents:
    """The lines of an opened records or withdrawal package from ``sender``."""

    def __init__(self, ncen: Ncen, opened: OpenedPackage):
        self.ncen = ncen
        self.opened = opened
        self.sender = opened.manifest.sender.office

    def check(self) -> None:
        """Run the first pass; raises the PackageRejected of the first problem."""
        self._check_parts()
        if self.opened.manifest.kind == "records":
            share = self.share()
            count = sum(1 for _ in self.records())
            if count != share.record_count:
                raise PayloadMalformed(
                    f"{SHARE}: record_count is {share.record_count} but {RECORDS} holds "
                    f"{count} records")
            for _ in self.links():
                pass
            for _ in self.attachments():
                pass
        else:
            for _ in self.withdrawals():
                pass

    def share(self) -> Share:
        with self.opened.open_part(SHARE) as stream:
            return parse_share(read_json_document(stream, SHARE), SHARE)

    def records(self) -> Iterator[tuple[str, RecordLine]]:
        """``(where, line)`` for every record line."""
        return self._lines(RECORDS, parse_record, self._check_record)

    def links(self) -> Iterator[tuple[str, LinkLine]]:
        return self._lines(LINKS, parse_link, self._check_link)

    def attachments(self) -> Iterator[tuple[str, AttachmentLine]]:
        return self._lines(ATTACHMENTS, parse_attachment, self._check_attachment)

    def withdrawals(self) -> Iterator[tuple[str, WithdrawalLine]]:
        return self._lines(WITHDRAWALS, parse_withdrawal, self._check_withdrawal)

    def blob(self, sha256: str) -> bytes | None:
        """The bytes of part ``blob-<sha256>``, or None when the package has no such part."""
        name = f"blob-{sha256}"
        if name not in self.opened.files:
            return None
        with self.opened.open_part(name) as stream:
            return stream.read()

    def _lines(self, part: str, parse: Callable[[Any, str], Line],
               check: Callable[[Line, str], None]) -> Iterator[tuple[str, Line]]:
        if part not in self.opened.files:
            return
        with self.opened.open_part(part) as stream:
            for number, value in read_json_lines(stream, part):
                where = f"{part} line {number}"
                line = parse(value, where)
                check(line, where)
                yield where, line

    def _check_parts(self) -> None:
        kind = self.opened.manifest.kind
        needed, optional = PARTS_OF_KIND[kind]
        names = {part.name for part in self.opened.manifest.parts}
        for name in sorted(needed - names):
            raise PayloadMalformed(f"the {kind} package has no part {name}")
        for part in self.opened.manifest.parts:
            if part.name in needed or part.name in optional:
                continue
            blob = BLOB.fullmatch(part.name) if kind == "records" else None
            if blob is None:
                raise PayloadMalformed(f"the {kind} package holds an unexpected part {part.name}")
            if blob.group(1) != part.sha256:
                raise PayloadMalformed(
                    f"part {part.name} is named after another SHA-256 than its content's")

    def _origin(self, origin: str, what: str, where: str) -> None:
        if origin != self.sender:
            raise OriginMismatch(
                f"{where}: the {what} belongs to office {origin}, but the package comes from "
                f"{self.sender}; an office may only send its own records")

    def _known_type(self, record_type: str, where: str) -> None:
        if record_type not in self.ncen.registry.record_types:
            raise InvalidRecord(
                f"{where}: record type {record_type!r} is not installed in this office")

    def _check_record(self, line: RecordLine, where: str) -> None:
        self._origin(line.ref.origin, "record", where)
        self._known_type(line.ref.record_type, where)

    def _check_link(self, line: LinkLine, where: str) -> None:
        self._origin(line.origin, "link", where)

    def _check_attachment(self, line: AttachmentLine, where: str) -> None:
        self._origin(line.origin, "attachment", where)
        self._origin(line.record.origin, "record of the attachment", where)

    def _check_withdrawal(self, line: WithdrawalLine, where: str) -> None:
        self._origin(line.ref.origin, "withdrawn record", where)
        self._known_type(line.ref.record_type, where)
