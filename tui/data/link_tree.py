"""A record's network (link analysis) as a tree to browse: each record under the one it was
first reached from, with the link role or the shared identifier that connects them.

:func:`ncen_core.network.explore` finds the records within N hops; a network is a graph,
so a record reached from several others appears once, under one of its neighbours one hop
nearer the start, and :attr:`TreeEntry.also` counts its other connections. Identifiers the
analysis did not follow (stop-list, fan-out cap) are listed apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ncen_core.network import Network, NetworkSettings, explore
from ncen_core.record_service import RecordService
from ncen_core.records import RecordRef


@dataclass
class TreeEntry:
    """A record of the network and how it hangs on its parent."""

    ref: RecordRef
    title: str
    via: str
    children: list[TreeEntry] = field(default_factory=list)
    also: int = 0


def explore_record(service: RecordService, ref: RecordRef, hops: int) -> Network:
    """The network within ``hops`` of ``ref`` as the user may see it, with the configured
    stop-list and fan-out cap."""
    ncen = service.ncen
    return explore(ncen, service.user, ref, hops=hops,
                   settings=NetworkSettings.from_config(ncen.config))


def network_tree(network: Network) -> TreeEntry:
    """The spanning tree of ``network`` from its start, nearest records first."""
    nodes = network.nodes
    start = nodes[network.start]
    entries = {ref: TreeEntry(ref, node.title or str(ref), "") for ref, node in nodes.items()}
    placed = {network.start}
    degree: dict[RecordRef, int] = {}
    for connection in network.connections:
        for end in (connection.a, connection.b):
            degree[end] = degree.get(end, 0) + 1
    by_distance = sorted(network.connections, key=lambda c: (
        min(nodes[c.a].hops, nodes[c.b].hops), max(nodes[c.a].hops, nodes[c.b].hops)))
    for connection in by_distance:
        near, far = sorted((connection.a, connection.b), key=lambda ref: nodes[ref].hops)
        if far in placed or near not in placed or nodes[far].hops != nodes[near].hops + 1:
            continue
        child = entries[far]
        child.via = connection.description
        entries[near].children.append(child)
        placed.add(far)
    for ref, entry in entries.items():
        entry.also = degree.get(ref, 0) - len(entry.children) - (0 if ref == start.ref else 1)
    return entries[start.ref]
