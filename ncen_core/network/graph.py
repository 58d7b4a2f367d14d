"""What link analysis hands out: nodes, the connections between them, and what was skipped.

Plain frozen values, detached from the database, so the interface can draw them and the
exporters write them without a connection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ncen_core.records import RecordRef

#: Connection kinds: an explicit link with a role, or an identifier both records hold.
LINK = "link"
SHARED = "shared"

#: Why an identifier was not followed.
STOP_LISTED = "stop-list"
FAN_OUT = "fan-out"


@dataclass(frozen=True)
class Node:
    """A record of the network, ``hops`` connections away from where the analysis started."""

    ref: RecordRef
    record_id: int
    title: str
    hops: int

    @property
    def key(self) -> str:
        """A stable identifier for exports: ``type:origin:uuid``."""
        return str(self.ref)


@dataclass(frozen=True)
class Connection:
    """Why two records are connected: a link's ``role``, or the identifier ``kind`` and
    canonical ``value`` they share (``phone``, ``+33612345678``)."""

    a: RecordRef
    b: RecordRef
    kind: str
    label: str
    value: str = ""

    def other(self, ref: RecordRef) -> RecordRef:
        """The end that is not ``ref``."""
        return self.b if self.a == ref else self.a

    @property
    def description(self) -> str:
        """One line: ``link: driver`` or ``shared phone +33612345678``."""
        return f"link: {self.label}" if self.kind == LINK else f"shared {self.label} {self.value}"


@dataclass(frozen=True)
class SkippedValue:
    """An identifier held by records of the network that was not followed, and why:
    ``stop-list`` (a placeholder) or ``fan-out`` (held by ``holders`` records, more than
    the cap; counted up to the cap's tenfold)."""

    kind: str
    value: str
    reason: str
    holders: int | None = None


@dataclass
class Network:
    """The records around ``start``; ``truncated`` when the node limit stopped the walk."""

    start: RecordRef
    hops: int
    nodes: dict[RecordRef, Node] = field(default_factory=dict)
    connections: list[Connection] = field(default_factory=list)
    skipped: list[SkippedValue] = field(default_factory=list)
    truncated: bool = False


@dataclass(frozen=True)
class NetworkPath:
    """The records from one end to the other and the connection taken at each step."""

    nodes: tuple[Node, ...]
    connections: tuple[Connection, ...]
