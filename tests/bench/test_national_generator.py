"""The national benchmark data set (bench/national.py) at a tiny scale: reproducible from its
seed, importable with its mappings on both backends, its links finding the suspects and
companies imported before them (none created twice)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from ncen_testing import backends, backend_url

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import national  # noqa: E402

SCALE = 0.0005  # 500 seizures, 100 suspects, 50 companies


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("NCEN_BENCH_DIR", str(tmp_path / "bench"))
    return national.Dataset(SCALE, seed=3)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_same_seed_gives_the_same_files_and_another_seed_others(data, tmp_path, monkeypatch):
    first = {kind: path.read_bytes() for kind, path in data.csv_files().items()}
    monkeypatch.setenv("NCEN_BENCH_DIR", str(tmp_path / "again"))
    again = {kind: path.read_bytes() for kind, path in data.csv_files().items()}
    other = national.Dataset(SCALE, seed=4).csv_files()["seizure"].read_bytes()
    assert first == again
    assert other != first["seizure"]


def test_files_hold_the_counts_of_the_scale_and_seizures_name_earlier_records(data):
    paths = data.csv_files()
    seizures, suspects = rows(paths["seizure"]), rows(paths["suspect"])
    companies = rows(paths["company"])
    assert (len(seizures), len(suspects), len(companies)) == (500, 100, 50)
    suspect_ids = {row["suspect_id"] for row in suspects}
    company_ids = {row["company_id"] for row in companies}
    named = {row[f"{slot}_id"] for row in seizures for slot in national.SUSPECT_SLOTS} - {""}
    named_companies = {row[f"{slot}_id"] for row in seizures
                       for slot in national.COMPANY_SLOTS} - {""}
    assert named and named <= suspect_ids
    assert named_companies and named_companies <= company_ids
    assert any(row["item2_commodity"] for row in seizures)
    assert len({row["seizure_date"][:4] for row in seizures}) >= 5


@pytest.mark.parametrize("backend", backends())
def test_files_import_with_their_mappings_and_links_reuse_imported_records(
        data, backend, tmp_path):
    urls = backend_url(backend, tmp_path)
    url = next(urls)
    try:
        national.initialise(url, data.folder)
        counts = national.import_files(url, data)
    finally:
        urls.close()
    assert {kind: count["created"] for kind, count in counts.items()} == {
        "suspect": 100, "company": 50, "seizure": 500}
    assert all(count["linked_created"] == 0 for count in counts.values())
    expected_links = sum(1 for row in rows(data.csv_files()["seizure"])
                         for slot in (*national.SUSPECT_SLOTS, *national.COMPANY_SLOTS)
                         if row[f"{slot}_id"])
    assert counts["seizure"]["links"] == expected_links
