"""What an import found: counts, problems per row, and unknown values with their counts.

Problems are handed to a callback as they are found (the CLI prints them at once), so a
report over a million bad rows holds counts, not the problems themselves. Unknown values
are counted per field and value, up to :data:`MAX_UNKNOWN_PER_FIELD` distinct values per
field; further distinct values are counted together.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

MAX_UNKNOWN_PER_FIELD = 100


@dataclass(frozen=True)
class Problem:
    """One problem of one row: ``file:line: field: message``."""

    line: int
    path: str
    message: str

    def describe(self, file: Path) -> str:
        """The problem as printed in reports."""
        return f"{file}:{self.line}: {self.path}: {self.message}"


@dataclass
class UnknownValues:
    """Counts of texts that named no code, country or unit, per field path."""

    counts: dict[str, Counter] = field(default_factory=dict)
    others: Counter = field(default_factory=Counter)

    def add(self, path: str, text: str) -> None:
        """Count one occurrence of ``text`` in the field ``path`` (``items.subtype``)."""
        counter = self.counts.setdefault(path, Counter())
        if text in counter or len(counter) < MAX_UNKNOWN_PER_FIELD:
            counter[text] += 1
        else:
            self.others[path] += 1

    def lines(self) -> list[str]:
        """One line per field: its unknown values, most frequent first, with counts."""
        result = []
        for path in sorted(self.counts):
            listed = ", ".join(f"{text!r} x{count}"
                               for text, count in self.counts[path].most_common())
            extra = f", and {self.others[path]} rows with other values" if self.others[path] else ""
            result.append(f"{path}: {listed}{extra}")
        return result

    def __bool__(self) -> bool:
        return bool(self.counts)


@dataclass
class ImportReport:
    """The outcome of one import or dry run."""

    file: Path
    record_type: str
    dry_run: bool
    sha256: str = ""
    rows_read: int = 0
    rows_filtered: int = 0
    rows_rejected: int = 0
    records_created: int = 0
    records_existing: int = 0
    records_rejected: int = 0
    linked_created: Counter = field(default_factory=Counter)
    links_created: int = 0
    problems: int = 0
    unknown: UnknownValues = field(default_factory=UnknownValues)
    committed: bool = False

    def summary(self) -> list[str]:
        """The report's lines for people."""
        verb = "would be" if self.dry_run or not self.committed else "were"
        lines = [
            (f"{self.file}: {self.rows_read} rows read, {self.rows_filtered} left out by the "
             f"mapping's filter, {self.rows_rejected} rows invalid ({self.problems} problems)"),
            (f"{self.record_type}: {self.records_created} records {verb} created, "
             f"{self.records_existing} already imported before (left unchanged), "
             f"{self.records_rejected} rejected"),
        ]
        for record_type, count in sorted(self.linked_created.items()):
            lines.append(f"{record_type}: {count} linked records {verb} created")
        if self.links_created:
            lines.append(f"links: {self.links_created} {verb} created")
        if self.unknown:
            lines.append("unknown values (map them under 'values' in the mapping):")
            lines += [f"  {line}" for line in self.unknown.lines()]
        return lines
