"""``ncen stats`` and ``ncen report`` as an analyst runs them: CSV columns in the documented
order with the numbers of the engine, JSON, a self-contained HTML report with charts, and
one-line errors for mistakes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from analysis_support import all_records, expected, month, route_keys
from ncen_testing import USER_PASSWORD


@pytest.fixture(scope="module")
def cli(filled, tmp_path_factory):
    """Run ``ncen`` as the analyst against the filled installation."""
    ncen, _, _ = filled
    home = tmp_path_factory.mktemp("cli")
    config = home / "ncen.yaml"
    config.write_text(f'database:\n  url: "{ncen.config.database.url}"\n'
                      "plugins:\n  folder: null\nfields_dirs: []\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "NCEN_USER": "anna",
           "NCEN_PASSWORD": USER_PASSWORD, "NCEN_CONFIG": str(config)}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "ncen_core.cli", *args], env=env,
                              capture_output=True, text=True, timeout=300, cwd=home,
                              check=False)

    run.home = home
    return run


def test_stats_csv_gives_groups_then_the_count_then_the_measures(cli, filled):
    result = cli("stats", "--type", "seizure", "--by", "transport_mode", "--period", "year",
                 "--where", "date:>2000", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["year", "year_label", "transport_mode", "transport_mode_label",
                       "records", "items", "quantity_kg", "quantity_l", "quantity_u",
                       "estimated_value"]
    wanted = expected(all_records(filled[2]), lambda r, _: [
        (month(r.values["seizure_date"])[:4], r.values["transport_mode"])], per_item=False)
    assert {(row[0], row[2]): (int(row[4]), int(row[5])) for row in rows[1:]} == {
        key: (values[0], values[1]) for key, values in wanted.items()}


def test_stats_json_names_every_column(cli):
    result = cli("stats", "--by", "items.commodity", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["groups"] == ["items.commodity"]
    drugs = next(row for row in document["rows"] if row["items.commodity"] == "DRUGS")
    assert drugs["items.commodity_label"] == "Drugs (narcotics and psychotropics)"
    assert drugs["records"] > 0


def test_html_report_is_self_contained_with_charts(cli):
    target = cli.home / "report.html"
    result = cli("report", "dashboard", "routes", "trends", "--at", "2025-06",
                 "--format", "html", "--output", str(target))
    assert result.returncode == 0, result.stderr
    page = target.read_text()
    assert page.count("<svg") == 3 and page.count("<table>") == 3
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in page and "https://" not in page
    assert not [p for p in cli.home.iterdir() if p.name.startswith(".report.html.")]


def test_csv_report_of_routes_matches_an_independent_count(cli, filled):
    target = cli.home / "routes.csv"
    result = cli("report", "routes", "--top", "1000", "--format", "csv", "--output", str(target))
    assert result.returncode == 0, result.stderr
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:5] == ["origin_country", "origin_country_label", "destination_country",
                           "destination_country_label", "records"]
    wanted = expected(all_records(filled[2]), lambda r, _: route_keys(r), per_item=False)
    assert {(row[0] or None, row[2] or None): int(row[4]) for row in rows[1:]} == {
        key: values[0] for key, values in wanted.items()}


def test_markdown_report_holds_a_table_per_analysis(cli):
    result = cli("report", "statistics", "transit", "--by", "items.commodity",
                 "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# ncen analysis report")
    assert result.stdout.count("\n## ") == 2


def test_a_mistake_is_one_line_naming_it(cli):
    result = cli("stats", "--by", "items.comodity")
    assert result.returncode == 1
    assert result.stderr.strip() == ("ncen: error: no field 'items.comodity' in seizure to "
                                     "group by; did you mean items.commodity?")


def test_an_unknown_analysis_is_named(cli):
    result = cli("report", "heatmap")
    assert result.returncode == 1
    assert "unknown analysis heatmap" in result.stderr


def test_report_lists_the_declared_analyses(cli):
    result = cli("report", "--list")
    assert result.returncode == 0, result.stderr
    names = {line.split("\t")[0] for line in result.stdout.splitlines()}
    assert {"statistics", "dashboard", "routes", "transit", "new-routes", "trends"} <= names
