"""A share plan: exactly what would leave, already written as the package parts.

:func:`.builder.build_share` writes every part into a private temporary folder, and both
the preview and :func:`.seal.seal_share` read those same files, so what the preview shows
is byte for byte what is sealed. A plan is a snapshot: seal it promptly, then close it
(or use it as a context manager) to delete the folder.

Folder layout: ``package-<n>/parts/`` holds the parts of package *n*;
``package-<n>/ledger.jsonl`` and ``ledger-links.jsonl`` the ledger lines written when
it is sealed;
``held-back.jsonl`` the records left out and why; ``non-nominal.jsonl`` the export lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ncen_core.app import Ncen
from ncen_core.declarations import Audience
from ncen_core.users import UserInfo

from ..scratch_folder import OwnsScratchFolder
from .ledger import SentLine

RECORDS, LINKS = "records.jsonl", "links.jsonl"
ATTACHMENTS, SHARE = "attachments.jsonl", "share.json"
BLOB_PREFIX = "blob-"


def read_lines(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON documents of a JSON lines file, one at a time."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


@dataclass
class PlannedPackage:
    """One package of the plan: its recipient offices and counts of what it carries."""

    index: int
    recipients: tuple[str, ...]
    folder: Path
    records: int = 0
    tombstones: int = 0
    with_personal_data: int = 0
    links: int = 0
    attachments: int = 0

    @property
    def parts_folder(self) -> Path:
        return self.folder / "parts"

    @property
    def ledger_file(self) -> Path:
        return self.folder / "ledger.jsonl"

    @property
    def link_ledger_file(self) -> Path:
        return self.folder / "ledger-links.jsonl"

    def part_files(self) -> list[tuple[str, Path]]:
        """(part name, file) of every part, in a stable order: documents, then blobs."""
        files = sorted(self.parts_folder.iterdir(), key=lambda p: (p.name.startswith(BLOB_PREFIX),
                                                                   p.name))
        return [(path.name, path) for path in files]

    def ledger_lines(self) -> Iterator[SentLine]:
        """What the ledger records for each recipient once this package is written: record
        lines, then link lines."""
        for path in (self.ledger_file, self.link_ledger_file):
            for line in read_lines(path):
                yield SentLine(**line)

    def preview(self) -> Iterator[dict[str, Any]]:
        """The package, its records (with the fields that go), links and attachments."""
        yield {"item": "package", "package": self.index, "recipients": list(self.recipients),
               "records": self.records, "with_personal_data": self.with_personal_data,
               "tombstones": self.tombstones, "links": self.links,
               "attachments": self.attachments}
        bases = (line["legal_basis"] for line in read_lines(self.ledger_file))
        for line in read_lines(self.parts_folder / RECORDS):
            yield {"item": "record", "package": self.index, "type": line["type"],
                   "uuid": line["uuid"], "version": line["version"], "deleted": line["deleted"],
                   "fields": field_names(line["fields"]), "legal_basis": next(bases) or None}
        for line in read_lines(self.parts_folder / LINKS):
            yield {"item": "link", "package": self.index, "uuid": line["uuid"],
                   "role": line["role"], "a": line["a"], "b": line["b"],
                   "deleted": line["deleted"]}
        for line in read_lines(self.parts_folder / ATTACHMENTS):
            yield {"item": "attachment", "package": self.index, "record": line["record"],
                   "sha256": line["sha256"], "media_type": line["media_type"],
                   "size": line["size"], "deleted": line["deleted"]}


def field_names(fields: dict[str, Any]) -> list[str]:
    """Names of the shared fields; a group's as ``group.member`` for each member shared."""
    names = []
    for name, value in fields.items():
        members = sorted({key for row in value for key in row}) if (
            isinstance(value, list) and value and isinstance(value[0], dict)) else []
        names.extend([f"{name}.{member}" for member in members] or [name])
    return names


@dataclass
class SharePlan(OwnsScratchFolder):
    """Everything a share would send, to whom, and what it leaves out and why."""

    ncen: Ncen
    user: UserInfo
    audience: Audience
    office: str
    folder: Path
    packages: list[PlannedPackage] = field(default_factory=list)
    held_back_count: int = 0
    export_count: int = 0

    @property
    def held_back_file(self) -> Path:
        return self.folder / "held-back.jsonl"

    @property
    def export_file(self) -> Path:
        return self.folder / "non-nominal.jsonl"

    @property
    def is_non_nominal(self) -> bool:
        return self.audience.kind == "non_nominal"

    def preview(self) -> Iterator[dict[str, Any]]:
        """One document per item that would leave or is held back, in a stable order."""
        for package in self.packages:
            yield from package.preview()
        for line in read_lines(self.export_file):
            yield {"item": "export", "type": line["type"], "uuid": line["uuid"],
                   "version": line["version"], "fields": field_names(line["fields"]),
                   "offenders": line["offenders"]["count"]}
        for line in read_lines(self.held_back_file):
            yield {"item": "held_back", **line}

    def summary(self) -> dict[str, Any]:
        """Counts for a one-paragraph report."""
        return {"audience": {"kind": self.audience.kind, "name": self.audience.name,
                             "legal_basis": self.audience.legal_basis},
                "packages": len(self.packages),
                "records": sum(p.records for p in self.packages),
                "with_personal_data": sum(p.with_personal_data for p in self.packages),
                "tombstones": sum(p.tombstones for p in self.packages),
                "links": sum(p.links for p in self.packages),
                "attachments": sum(p.attachments for p in self.packages),
                "exported": self.export_count, "held_back": self.held_back_count}
