"""Walking the network hop by hop: :func:`explore` around one record, :func:`shortest_path`
between two.

Each hop is one round of batched queries (:mod:`.lookup`) over the records reached by the
previous hop, the frontier: their links, their identifiers, how many records hold each
identifier (counted no further than the fan-out cap), and the holders of those under the
cap. Records the user may not read, and tombstones, are neither shown nor walked through.
A node limit keeps a dense neighbourhood from growing without bound; the network then says
it was truncated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ncen_core.app import Ncen
from ncen_core.errors import NotFoundError, ValidationError
from ncen_core.network import lookup
from ncen_core.network.graph import (
    FAN_OUT,
    LINK,
    SHARED,
    STOP_LISTED,
    Connection,
    Network,
    NetworkPath,
    Node,
    SkippedValue,
)
from ncen_core.network.lookup import Found, Key
from ncen_core.network.settings import NetworkSettings
from ncen_core.records import RecordRef
from ncen_core.search.visibility import Visibility, require_search, visibility
from ncen_core.users import UserInfo

DEFAULT_HOPS = 2
MAX_HOPS = 6
DEFAULT_MAX_NODES = 500
PATH_MAX_NODES = 5_000


def explore(ncen: Ncen, user: UserInfo, start: RecordRef, *, hops: int = DEFAULT_HOPS,
            settings: NetworkSettings | None = None,
            max_nodes: int = DEFAULT_MAX_NODES) -> Network:
    """The records connected to ``start`` within ``hops`` connections, as ``user`` sees them.

    Raises NotFoundError when ``start`` does not exist (or the user may not read it),
    ValidationError for a number of hops outside 1..6.
    """
    _check_hops(hops)
    walk = _Walk(ncen, user, settings)
    origin = walk.start(start)
    network = Network(start, hops)
    network.nodes[origin.ref] = Node(origin.ref, origin.key[1], origin.title, 0)
    frontier = {origin.key: origin}
    known: set[Key] = {origin.key}
    connections: dict[tuple, Connection] = {}
    skipped: dict[tuple[str, str], SkippedValue] = {}
    for hop in range(1, hops + 1):
        step = walk.step(frontier)
        for value in step.skipped:
            skipped.setdefault((value.kind, value.value), value)
        reached: dict[Key, Found] = {}
        for connection in step.connections:
            for end in (connection.a, connection.b):
                found = step.found[end]
                if found.key in known or found.key in reached:
                    continue
                if len(known) + len(reached) >= max_nodes:
                    network.truncated = True
                    continue
                reached[found.key] = found
            if all(step.found[end].key in known or step.found[end].key in reached
                   for end in (connection.a, connection.b)):
                _keep(connections, connection)
        for found in reached.values():
            network.nodes[found.ref] = Node(found.ref, found.key[1], found.title, hop)
        known.update(reached)
        frontier = reached
        if not frontier:
            break
    network.connections = list(connections.values())
    network.skipped = sorted(skipped.values(), key=lambda v: (v.reason, v.kind, v.value))
    return network


def shortest_path(ncen: Ncen, user: UserInfo, a: RecordRef, b: RecordRef, *,
                  max_hops: int = MAX_HOPS, settings: NetworkSettings | None = None,
                  max_nodes: int = PATH_MAX_NODES) -> NetworkPath | None:
    """The fewest connections leading from ``a`` to ``b`` (None when there is no such chain
    within ``max_hops``, or within ``max_nodes`` records walked)."""
    _check_hops(max_hops)
    walk = _Walk(ncen, user, settings)
    first, last = walk.start(a), walk.start(b)
    came_from: dict[Key, tuple[Key, Connection] | None] = {first.key: None}
    found_at: dict[Key, Found] = {first.key: first}
    frontier = {first.key: first}
    for _hop in range(max_hops):
        if last.key in came_from or not frontier or len(came_from) >= max_nodes:
            break
        step = walk.step(frontier)
        reached: dict[Key, Found] = {}
        for connection in step.connections:
            ends = [step.found[connection.a], step.found[connection.b]]
            here = next((end for end in ends if end.key in frontier), None)
            there = ends[1] if here is ends[0] else ends[0]
            if here is None or there.key in came_from:
                continue
            came_from[there.key] = (here.key, connection)
            reached[there.key] = found_at[there.key] = there
        frontier = reached
    if last.key not in came_from:
        return None
    return _path(came_from, found_at, last.key)


def _path(came_from: dict[Key, tuple[Key, Connection] | None], found_at: dict[Key, Found],
          end: Key) -> NetworkPath:
    keys, connections = [end], []
    while came_from[keys[-1]] is not None:
        previous, connection = came_from[keys[-1]]  # type: ignore[misc]
        keys.append(previous)
        connections.append(connection)
    keys.reverse()
    connections.reverse()
    nodes = tuple(Node(found_at[k].ref, k[1], found_at[k].title, hop) for hop, k in enumerate(keys))
    return NetworkPath(nodes, tuple(connections))


def _check_hops(hops: int) -> None:
    if not 1 <= hops <= MAX_HOPS:
        raise ValidationError({"hops": f"must be between 1 and {MAX_HOPS}, got {hops}"})


def _keep(connections: dict[tuple, Connection], connection: Connection) -> None:
    """Keep one connection per pair of records and reason; of two forms of one identifier
    (a phone's E.164 and national forms) the fuller one names it."""
    pair = tuple(sorted((str(connection.a), str(connection.b))))
    key = (pair, connection.kind, connection.label)
    kept = connections.get(key)
    if kept is None or len(connection.value) > len(kept.value):
        connections[key] = connection


@dataclass
class _Step:
    """What one hop found: connections touching the frontier, every record at their ends
    (by reference), and the identifiers not followed."""

    connections: list[Connection] = field(default_factory=list)
    found: dict[RecordRef, Found] = field(default_factory=dict)
    skipped: list[SkippedValue] = field(default_factory=list)


class _Walk:
    """The queries of one analysis, for one user and one set of settings."""

    def __init__(self, ncen: Ncen, user: UserInfo, settings: NetworkSettings | None):
        require_search(user)
        self.ncen = ncen
        self.seen: Visibility = visibility(user)
        self.settings = settings or NetworkSettings.from_config(ncen.config)

    def start(self, ref: RecordRef) -> Found:
        """The record an analysis starts or ends at; NotFoundError when it is not there."""
        self.ncen.models_for(ref.record_type)
        found = lookup.records_by_ref(self.ncen, [ref], self.seen)
        if not found:
            raise NotFoundError(f"no {ref.record_type} {ref.origin}:{ref.uuid} to analyse")
        return next(iter(found.values()))

    def step(self, frontier: dict[Key, Found]) -> _Step:
        """Everything one connection away from the ``frontier`` records."""
        step = _Step(found={found.ref: found for found in frontier.values()})
        self._links(frontier, step)
        self._shared(frontier, step)
        return step

    def _links(self, frontier: dict[Key, Found], step: _Step) -> None:
        links = lookup.links_of(self.ncen, [found.ref for found in frontier.values()])
        others = {end for a, b, _role in links for end in (a, b) if end not in step.found}
        for found in lookup.records_by_ref(self.ncen, others, self.seen).values():
            step.found[found.ref] = found
        step.connections += [Connection(a, b, LINK, role) for a, b, role in links
                             if a in step.found and b in step.found]

    def _shared(self, frontier: dict[Key, Found], step: _Step) -> None:
        held = lookup.identifiers_of(self.ncen, frontier, self.settings.follow)
        values = sorted({(kind, value) for _key, kind, value in held})
        stopped = {pair for pair in values if self.settings.is_stopped(*pair)}
        step.skipped += [SkippedValue(kind, value, STOP_LISTED) for kind, value in stopped]
        cap = self.settings.max_shared
        counts = lookup.holder_counts(self.ncen, [v for v in values if v not in stopped], cap + 1)
        step.skipped += [SkippedValue(kind, value, FAN_OUT, count)
                         for (kind, value), count in counts.items() if count > cap]
        followed = [pair for pair, count in counts.items() if 1 < count <= cap]
        holders: dict[tuple[str, str], list[Key]] = defaultdict(list)
        for key, kind, value in lookup.holders(self.ncen, followed):
            holders[(kind, value)].append(key)
        by_key = {found.key: found for found in step.found.values()}
        missing = {key for keys in holders.values() for key in keys if key not in by_key}
        by_key.update(lookup.records_by_id(self.ncen, missing, self.seen))
        for found in by_key.values():
            step.found[found.ref] = found
        for (kind, value), keys in holders.items():
            for here in (key for key in keys if key in frontier):
                for there in (key for key in keys if key != here and key in by_key):
                    step.connections.append(Connection(frontier[here].ref, by_key[there].ref,
                                                       SHARED, kind, value))
