"""``ncen network`` and ``ncen network path`` on both backends."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from network_support import suspect


def test_network_prints_the_records_and_why_they_connect(officer, ncen_cli):
    first = suspect(officer, "DUPONT", phones=["06 12 34 56 78"], documents=["UNKNOWN"])
    second = suspect(officer, "MARTIN", phones=["+33612345678"], documents=["unknown"])

    status, out, _err = ncen_cli("network", f"suspect:{first.uuid}", "--hops", "1")

    assert status == 0
    assert f"2 records within 1 hops of {first.ref}" in out
    assert "[1] suspect    MARTIN" in out and str(second.ref) in out
    (connection,) = [line for line in out.splitlines() if " -- " in line]
    assert connection.startswith("  DUPONT") and "MARTIN" in connection
    assert connection.endswith(": shared phone +33612345678")
    assert "document UNKNOWN: on the stop-list" in out


def test_network_writes_graphml_and_csv(officer, ncen_cli, tmp_path):
    first = suspect(officer, "ONE", phones=["0611111111"])
    suspect(officer, "TWO", phones=["06 11 11 11 11"])

    status, out, _err = ncen_cli("network", str(first.ref), "--format", "graphml",
                                 "--out", str(tmp_path / "n.graphml"))
    assert status == 0 and "2 records, 1 connections" in out
    assert len(ET.parse(tmp_path / "n.graphml").getroot()[-1].findall(
        "{http://graphml.graphdrawing.org/xmlns}node")) == 2

    status, _out, _err = ncen_cli("network", str(first.ref), "--format", "csv",
                                  "--out", str(tmp_path / "chart"))
    assert status == 0 and (tmp_path / "chart" / "links.csv").read_text().count("\n") == 2


def test_network_path_names_each_step(officer, ncen_cli):
    a, b, c = (suspect(officer, name) for name in "ABC")
    officer.links.add(a.ref, b.ref, "SUSP_SUSP_ASSOCIATE")
    officer.links.add(b.ref, c.ref, "SUSP_SUSP_FAMILY")

    status, out, _err = ncen_cli("network", "path", str(a.ref), f"suspect:{c.uuid}")

    assert status == 0
    assert out.splitlines()[0] == "2 steps"
    assert "link: SUSP_SUSP_ASSOCIATE" in out and "link: SUSP_SUSP_FAMILY" in out


def test_a_badly_written_record_is_a_one_line_error(officer, ncen_cli):
    status, _out, err = ncen_cli("network", "suspect")
    assert status == 2 and "TYPE:UUID or TYPE:ORIGIN:UUID" in err
    status, _out, err = ncen_cli("network", "suspect:no-such-uuid")
    assert status == 1 and err.strip() == "ncen: error: no suspect record no-such-uuid"
