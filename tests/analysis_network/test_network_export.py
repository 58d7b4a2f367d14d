"""GraphML and entity/link CSV exports, read back with independent parsers."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

from network_support import company, seizure, suspect

from ncen_core.network import explore, write_csv, write_graphml
from ncen_core.network.export import ENTITY_COLUMNS, LINK_COLUMNS

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


def small_network(officer):
    case = seizure(officer, "S-9")
    person = suspect(officer, "=HYPERLINK(\"x\")", phones=["06 55 44 33 22"])
    firm = company(officer, "Fret & Co <SARL>", phones=["+33 6 55 44 33 22"])
    officer.links.add(case.ref, person.ref, "SEIZ_SUSP_COURIER")
    return explore(officer.ncen, officer.user, case.ref, hops=2), firm


def test_graphml_holds_every_node_and_connection(officer, tmp_path):
    network, firm = small_network(officer)
    path = tmp_path / "net.graphml"

    write_graphml(network, path)

    graph = ET.parse(path).getroot().find("g:graph", NS)
    nodes = {n.get("id"): {d.get("key"): d.text for d in n.findall("g:data", NS)}
             for n in graph.findall("g:node", NS)}
    edges = [(e.get("source"), e.get("target")) for e in graph.findall("g:edge", NS)]
    assert set(nodes) == {str(ref) for ref in network.nodes}
    assert nodes[str(firm.ref)]["n_title"].startswith("Fret & Co <SARL>")
    assert sorted(edges) == sorted((str(c.a), str(c.b)) for c in network.connections)
    assert len(edges) == 2 and not list(tmp_path.glob(".*partial"))


def test_graphml_follows_the_schema_structure(officer, tmp_path):
    network, _firm = small_network(officer)
    path = tmp_path / "net.graphml"
    write_graphml(network, path)

    root = ET.parse(path).getroot()
    assert root.tag == f"{{{NS['g']}}}graphml"
    children = [child.tag.split("}")[1] for child in root]
    assert children == ["key"] * (len(children) - 1) + ["graph"]
    keys = {key.get("id"): key for key in root.findall("g:key", NS)}
    assert all(key.get("for") in {"node", "edge", "graph", "all"}
               and key.get("attr.type") in {"boolean", "int", "long", "float", "double",
                                            "string"} and key.get("attr.name")
               for key in keys.values())
    graph = root.find("g:graph", NS)
    assert graph.get("edgedefault") in {"directed", "undirected"}
    node_ids = [node.get("id") for node in graph.findall("g:node", NS)]
    assert len(node_ids) == len(set(node_ids))
    for element in graph:
        domain = element.tag.split("}")[1]
        assert domain in {"node", "edge"}
        if domain == "edge":
            assert {element.get("source"), element.get("target")} <= set(node_ids)
        for data in element.findall("g:data", NS):
            key = keys[data.get("key")]
            assert key.get("for") in {domain, "all"}
            if key.get("attr.type") == "int":
                int(data.text)


def test_csv_files_name_entities_and_links_for_charting_tools(officer, tmp_path):
    network, _firm = small_network(officer)

    entities, links = write_csv(network, tmp_path / "chart")

    with entities.open(encoding="utf-8", newline="") as handle:
        entity_rows = list(csv.DictReader(handle))
    with links.open(encoding="utf-8", newline="") as handle:
        link_rows = list(csv.DictReader(handle))
    assert tuple(entity_rows[0]) == ENTITY_COLUMNS and tuple(link_rows[0]) == LINK_COLUMNS
    assert {row["Entity ID"] for row in entity_rows} == {str(ref) for ref in network.nodes}
    ids = {row["Entity ID"] for row in entity_rows}
    assert all(row["From Entity ID"] in ids and row["To Entity ID"] in ids for row in link_rows)
    assert {row["Link Type"] for row in link_rows} == {"link", "shared"}
    assert any(row["Label"].startswith("'=HYPERLINK") for row in entity_rows)
