"""Fuzzy name search at national scale: ncen's indexed search against brute-force rapidfuzz.

Loads 200,000 generated suspects (the pools of ``tests/names/name_pools.py``) plus the
labelled persons of the name-recall test, through the bulk path, into a fresh database; then
runs a sample of the labelled variants and of perturbed generated names as queries and prints
JSON with the median time of ncen's :func:`find_names` top-20 and of two brute-force
baselines measured in the same run over the same names held in memory (their preparation,
like ncen's indexing, is not timed):

- ``brute_same_scorer``: ncen's own score computed for every name, the word similarities
  by rapidfuzz against every distinct word: the exact top-20 the index must find (recall is
  measured against it, names tied at the cutoff being interchangeable);
- ``brute_extract``: ``rapidfuzz.process.extract`` with one C scorer (token-sort ratio on
  the phonetic names) over every name: the fastest brute force rapidfuzz offers, for scale.

Usage: python bench/bench_fuzzy_names.py [DATABASE_URL] [--names N] [--queries N]
(default: a temporary SQLite file). Absolute times vary between machines; the ratios are the
result.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "names")]

import name_pools  # noqa: E402
import names_support  # noqa: E402
from name_brute_force import name_memory, timed_pair, vocabulary_of  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from ncen_core.names.name_index import index_names_many  # noqa: E402
from ncen_core.names.phonetic import name_form  # noqa: E402
from ncen_core.storage import write_transaction  # noqa: E402

TOP = 20


def load(ncen, count: int) -> list[tuple[int, str, str]]:
    """Insert ``count`` generated suspects and the labelled persons; (id, family, given)."""
    models = ncen.models_for("suspect")
    rng = random.Random(2024)
    people = [name_pools.person_name(rng) for _ in range(count)]
    people += [(p["family"], p["given"]) for p, _ in names_support.labelled_persons()
               if p.get("type") != "company"]
    rows = [{"id": i + 1, "uuid": str(uuid.uuid4()), "origin": "FR-CDG",
             "family_name": family, "given_names": given}
            for i, (family, given) in enumerate(people)]
    started = time.perf_counter()
    with write_transaction(ncen.database):
        for start in range(0, len(rows), 1000):
            models.main.insert_many(rows[start:start + 1000]).execute()
        index_names_many(ncen.database, models.record_type, [(r["id"], r) for r in rows])
    print(f"loaded {len(rows)} suspects in {time.perf_counter() - started:.1f}s",
          file=sys.stderr)
    return [(r["id"], r["family_name"], r["given_names"]) for r in rows]


def queries(people: list[tuple[int, str, str]], count: int) -> list[str]:
    """``count`` labelled variants plus ``count`` generated names with a typo or swapped
    order: a realistic mix, never one query repeated."""
    rng = random.Random(7)
    texts = rng.sample([text for _, variants in names_support.labelled_persons()
                        for _, text in variants], count)
    for _, family, given in rng.sample(people, count):
        name = f"{given} {family}"
        if rng.random() < 0.5:
            position = rng.randrange(len(name))
            name = name[:position] + rng.choice("aeioulnrst") + name[position + 1:]
        else:
            name = f"{family} {given}"
        texts.append(name)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url", nargs="?")
    parser.add_argument("--names", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=40)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    ncen = names_support.open_databases(args.url or f"sqlite:///{tmp / 'bench.db'}", tmp)
    people = load(ncen, args.names)
    record_type = ncen.models_for("suspect").record_type
    memory = name_memory(record_type, ((rid, {"family_name": family, "given_names": given})
                                       for rid, family, given in people))
    vocabulary = vocabulary_of(memory)
    phonetic_choices = [" ".join(names[0][1]) if names else "" for _, names in memory]

    ncen_times, same_times, extract_times, recalls = [], [], [], []
    for text in queries(people, args.queries):
        ours, brute, found_recall = timed_pair(ncen, text, memory, vocabulary, TOP)
        ncen_times.append(ours)
        same_times.append(brute)

        started = time.perf_counter()
        process.extract(name_form(text).phonetic_text, phonetic_choices,
                        scorer=fuzz.token_sort_ratio, limit=TOP)
        extract_times.append(time.perf_counter() - started)
        if found_recall is not None:
            recalls.append(found_recall)

    median_ms = {name: round(statistics.median(values) * 1000, 2) for name, values in
                 (("ncen", ncen_times), ("brute_same_scorer", same_times),
                  ("brute_extract", extract_times))}
    ncen_ms = median_ms["ncen"]
    print(json.dumps({
        "backend": ncen.database.__class__.__name__, "names": len(memory),
        "queries": len(ncen_times), "median_ms": median_ms,
        "speedup_vs_brute_same_scorer": round(median_ms["brute_same_scorer"] / ncen_ms, 1),
        "speedup_vs_brute_extract": round(median_ms["brute_extract"] / ncen_ms, 1),
        "recall_at_20_vs_brute_same_scorer": round(statistics.mean(recalls), 4),
        "p95_ms_ncen": round(sorted(ncen_times)[int(len(ncen_times) * 0.95)] * 1000, 2),
    }, indent=2))
    ncen.close()


if __name__ == "__main__":
    main()
