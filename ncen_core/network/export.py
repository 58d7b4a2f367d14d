"""The network written for people and for link-charting tools.

- **GraphML** (``write_graphml``): one ``<node>`` per record with its type, origin, UUID,
  title and hops, one ``<edge>`` per connection with its kind, label and shared value.
  Gephi, yEd, Cytoscape and networkx read it.
- **Entity and link CSV files** (``write_csv``): ``entities.csv`` (one row per record) and
  ``links.csv`` (one row per connection, naming both ends by entity id), the pair of files
  that i2 Analyst's Notebook and similar charting tools import with an entity and a link
  specification. Cells a spreadsheet could run as formulas are neutralised as in every CSV
  that ncen writes.
- **Text** (``table_lines``): what ``ncen network`` prints.

Files are written under a temporary name and renamed, so a crash never leaves half a file
where a previous export was.
"""

from __future__ import annotations

import contextlib
import csv
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from ncen_core.network.graph import Network, NetworkPath
from ncen_core.transfer.csv_safety import neutralise

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
ENTITY_COLUMNS = ("Entity ID", "Entity Type", "Label", "Origin", "UUID", "Hops")
LINK_COLUMNS = ("From Entity ID", "To Entity ID", "Link Type", "Label", "Shared Value")
_NODE_KEYS = ("type", "origin", "uuid", "title", "hops")
_EDGE_KEYS = ("kind", "label", "value")


def graphml_text(network: Network) -> str:
    """The network as a GraphML document."""
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    for target, names in (("node", _NODE_KEYS), ("edge", _EDGE_KEYS)):
        for name in names:
            ET.SubElement(root, f"{{{GRAPHML_NS}}}key", {
                "id": f"{target[0]}_{name}", "for": target, "attr.name": name,
                "attr.type": "int" if name == "hops" else "string"})
    graph = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph",
                          {"id": str(network.start), "edgedefault": "undirected"})
    for node in network.nodes.values():
        element = ET.SubElement(graph, f"{{{GRAPHML_NS}}}node", {"id": node.key})
        for name, value in zip(_NODE_KEYS, (node.ref.record_type, node.ref.origin,
                                            node.ref.uuid, node.title, node.hops)):
            ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": f"n_{name}"}).text = str(value)
    for number, connection in enumerate(network.connections, start=1):
        element = ET.SubElement(graph, f"{{{GRAPHML_NS}}}edge", {
            "id": f"e{number}", "source": str(connection.a), "target": str(connection.b)})
        for name, value in zip(_EDGE_KEYS, (connection.kind, connection.label, connection.value)):
            ET.SubElement(element, f"{{{GRAPHML_NS}}}data", {"key": f"e_{name}"}).text = value
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_graphml(network: Network, path: Path) -> None:
    """Write the network to ``path`` as GraphML (write-then-rename)."""
    with _replacing(path) as handle:
        handle.write(graphml_text(network))


def write_csv(network: Network, folder: Path) -> tuple[Path, Path]:
    """Write ``entities.csv`` and ``links.csv`` into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    entities, links = folder / "entities.csv", folder / "links.csv"
    with _replacing(entities) as handle:
        _rows(handle, ENTITY_COLUMNS, (
            (node.key, node.ref.record_type, node.title, node.ref.origin, node.ref.uuid,
             str(node.hops)) for node in network.nodes.values()))
    with _replacing(links) as handle:
        _rows(handle, LINK_COLUMNS, (
            (str(c.a), str(c.b), c.kind, c.label, c.value) for c in network.connections))
    return entities, links


def table_lines(network: Network) -> list[str]:
    """The network as text: records by distance, connections, identifiers not followed."""
    lines = [f"{len(network.nodes)} records within {network.hops} hops of {network.start}"
             + (" (truncated at the node limit)" if network.truncated else "")]
    for node in sorted(network.nodes.values(), key=lambda n: (n.hops, n.ref.record_type, n.key)):
        lines.append(f"  [{node.hops}] {node.ref.record_type:<10} {node.title or '-'}  {node.key}")
    lines.append(f"{len(network.connections)} connections")
    titles = {ref: node.title or str(ref) for ref, node in network.nodes.items()}
    for connection in network.connections:
        lines.append(f"  {titles[connection.a]} -- {titles[connection.b]}: "
                     f"{connection.description}")
    if network.skipped:
        lines.append("identifiers not followed")
        for value in network.skipped:
            why = ("on the stop-list" if value.holders is None
                   else f"held by more than {value.holders - 1} records")
            lines.append(f"  {value.kind} {value.value}: {why}")
    return lines


def path_lines(path: NetworkPath | None) -> list[str]:
    """A shortest path as text, one step per line."""
    if path is None:
        return ["no connection found"]
    lines = [f"{len(path.connections)} steps"]
    lines.append(f"  {path.nodes[0].ref.record_type} {path.nodes[0].title}  {path.nodes[0].key}")
    for connection, node in zip(path.connections, path.nodes[1:]):
        lines.append(f"    {connection.description}")
        lines.append(f"  {node.ref.record_type} {node.title}  {node.key}")
    return lines


def _rows(handle: IO[str], header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> None:
    writer = csv.writer(handle)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[IO[str]]:
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
