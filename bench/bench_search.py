"""Search at national scale: ncen's search against the raw SQL of each query, in the same run.

On the ready national database of :mod:`national` (1,000,000 seizures, 200,000 suspects,
100,000 companies at ``--scale 1``), each class of the issue's mix runs ``--runs`` times
(default 50), every run with another term of its class -- never one term repeated, since a
repeated term measures a cache and PostgreSQL may settle on a generic plan (DESIGN §9). Each
run times ncen's :func:`ncen_core.search.engine.search` (first page of 50, as the analyst
account) and the raw query, in alternating order (the first to meet a new term pays the cold
cache): plain ``sqlite3``, or plain psycopg with
``prepare_threshold=None`` and the same SQL, on the same database:

- ``rare``: a term in at most 10 seizures (the generated words all recur, so these are
  codes such as waybill or plate numbers, letters among the digits); raw: FTS ``MATCH``
  ranked (bm25 ``rank`` / ``ts_rank``), top 50, joined to the seizure table for the title
  columns;
- ``two_percent``: a word in 1.5-2.5% of the seizures; same raw query;
- ``every``: a word in (almost) every seizure; raw: the same ranked query, which must rank
  every match (acceptance: ncen at most 0.1x of it);
- ``phrase``: two consecutive words of a narrative, quoted; raw: the FTS phrase, ranked;
- ``prefix``: the first five letters of a word, ``abcde*``; raw: the FTS prefix, ranked;
- ``field``: ``concealment_method:CODE``; raw: the indexed column, newest 50;
- ``identifier``: a container number, plate or passport number typed with other spacing
  and case; raw: the identifier index lookup of the stored form, with the titles;
- ``name``: a suspect's name with a typo or in the other order (suspects only); raw: the
  FTS match of its words, ranked;
- ``filtered_page``: ``date:<6 months> items.commodity:C route.country:CC``; raw: the same
  conditions in indexed SQL (date range, EXISTS on the item and route tables), newest 50;
- ``fuzzy_names``: ncen's fuzzy name top-20 (:func:`find_names`) against brute force over
  every suspect name held in memory with the same scorer (as ``bench_fuzzy_names.py``),
  and the recall of ncen's top-20 against it (acceptance: 10x faster, recall >= 0.95).

Acceptance per query: median at most max(1.5x raw, raw + 5 ms), on wall time. Prints JSON
per backend; on SQLite the CPU-time medians are given too (on a machine shared with other
work they show the cost without the waits for a processor).

    python bench/bench_search.py [--scale 1] [--seed 1] [--backend sqlite|postgresql|both]
                                 [--runs 50] [--pg-url ...]

On PostgreSQL the schema is vacuumed and analysed first (``VACUUM (ANALYZE)`` of each of its
tables; nothing to do once done): a freshly bulk-loaded database has no planner statistics
and its GIN indexes hold every new entry in their unsorted pending list until autovacuum
comes by, which makes every full-text lookup read hundreds of pages and lets the planner
scan whole tables -- a state a database in use leaves within minutes. Both sides run on the
settled database.

The terms are drawn from the SQLite database's FTS vocabulary (both backends hold the same
records, so the same terms serve both); the database is built first if it is not cached.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national  # noqa: E402

PAGE = 50
NAMES_TOP = 20
TITLE = "m.id, m.reference, m.seizure_date, m.place_name"


# -- terms ----------------------------------------------------------------------------------------


class Terms:
    """``runs`` query instances per class, drawn from the data (same terms on both backends)."""

    def __init__(self, sqlite_file: Path, runs: int, seed: int = 11):
        self.rng = random.Random(seed)
        self.runs = runs
        self.db = sqlite3.connect(f"file:/{str(sqlite_file).lstrip('/')}?mode=ro", uri=True)
        self.seizures = self.db.execute("SELECT max(id) FROM rec_seizure").fetchone()[0]
        vocabulary = self._vocabulary()
        alpha = [(term, df) for term, df in vocabulary if term.isalpha() and len(term) >= 4]
        self.classes: dict[str, list[Any]] = {
            "rare": self._pick([t for t, df in vocabulary
                                if df <= 10 and len(t) >= 5 and not t.isdigit()]),
            "two_percent": self._pick([t for t, df in alpha
                                       if 0.015 * self.seizures <= df <= 0.025 * self.seizures]),
            "every": self._pick([t for t, df in alpha if df >= 0.99 * self.seizures]),
            "prefix": self._pick(sorted({t[:5] for t, df in alpha
                                         if len(t) >= 7 and df <= 0.02 * self.seizures})),
            "phrase": self._phrases(),
            "field": self._pick(self._column_values("rec_seizure", "concealment_method")),
            "identifier": self._identifiers(),
            "name": self._names(),
            "filtered_page": self._filters(),
        }
        self.db.close()

    def _vocabulary(self) -> list[tuple[str, int]]:
        self.db.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, fts_seizure, row)")
        return self.db.execute("SELECT term, doc FROM temp.vocab").fetchall()

    def _pick(self, choices: list[Any]) -> list[Any]:
        """``runs`` of ``choices``, each as rarely repeated as the choices allow."""
        if not choices:
            raise SystemExit("the data set has no term of a class; is the scale too small?")
        shuffled = self.rng.sample(choices, len(choices))
        return [shuffled[n % len(shuffled)] for n in range(self.runs)]

    def _random_ids(self, table: str) -> list[int]:
        top = self.db.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
        return [self.rng.randint(1, top) for _ in range(self.runs)]

    def _phrases(self) -> list[str]:
        phrases = []
        for record_id in self._random_ids("rec_seizure"):
            narrative = self.db.execute("SELECT narrative FROM rec_seizure WHERE id = ?",
                                        (record_id,)).fetchone()[0]
            words = [w for w in narrative.lower().replace(".", " ").replace(",", " ").split()]
            pairs = [(a, b) for a, b in zip(words, words[1:])
                     if a.isalpha() and b.isalpha() and len(a) >= 4 and len(b) >= 4]
            phrases.append(" ".join(self.rng.choice(pairs)))
        return phrases

    def _column_values(self, table: str, column: str) -> list[str]:
        return [row[0] for row in self.db.execute(
            f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL")]

    def _identifiers(self) -> list[tuple[str, str, str, str]]:
        """(typed text, kind, stored value, record type)."""
        found = []
        kinds = ("container", "plate", "document")
        while len(found) < self.runs:
            kind = kinds[len(found) % len(kinds)]
            row = self.db.execute(
                "SELECT value, record_type FROM ncen_identifier WHERE kind = ? AND rowid >= ? "
                "LIMIT 1", (kind, self.rng.randint(1, self._identifier_rows()))).fetchone()
            if row:
                value, record_type = row
                middle = len(value) // 2
                typed = f"{value[:middle].lower()} {value[middle:]}"
                found.append((typed, kind, value, record_type))
        return found

    def _identifier_rows(self) -> int:
        if not hasattr(self, "_identifier_count"):
            self._identifier_count = self.db.execute(
                "SELECT max(rowid) FROM ncen_identifier").fetchone()[0]
        return self._identifier_count

    def _names(self) -> list[tuple[str, int]]:
        """(typed name, suspect id): a typo in one word, or the words in the other order."""
        names = []
        for record_id in self._random_ids("rec_suspect"):
            family, given = self.db.execute(
                "SELECT family_name, given_names FROM rec_suspect WHERE id = ?",
                (record_id,)).fetchone()
            text = f"{given} {family}"
            if self.rng.random() < 0.5:
                position = self.rng.randrange(len(text))
                text = text[:position] + self.rng.choice("aeiounrst") + text[position + 1:]
            else:
                text = f"{family} {given}"
            names.append((text, record_id))
        return names

    def _filters(self) -> list[tuple[str, str, str, str]]:
        """(start month, end month, commodity, route country) for six-month windows."""
        commodities = [c for c, n in Counter(row[0] for row in self.db.execute(
            "SELECT commodity FROM rec_seizure__items WHERE record_id <= 20000")).items()
            if n >= 20]
        countries = [c for c, n in Counter(row[0] for row in self.db.execute(
            "SELECT country FROM rec_seizure__route WHERE record_id <= 20000")).items()
            if n >= 50]
        filters = []
        for _ in range(self.runs):
            year, month = self.rng.randint(2019, 2025), self.rng.randint(1, 7)
            filters.append((f"{year}-{month:02d}", f"{year}-{month + 5:02d}",
                            self.rng.choice(commodities), self.rng.choice(countries)))
        return filters


# -- the two sides of each query ----------------------------------------------------------------


class Raw:
    """The raw SQL of each query class on one backend."""

    def __init__(self, url: str):
        self.sqlite = url.startswith("sqlite")
        if self.sqlite:
            from ncen_core.storage import sqlite_path

            self.connection = sqlite3.connect(sqlite_path(url))
            self.p = "?"
        else:
            import psycopg

            self.connection = psycopg.connect(url, prepare_threshold=None, autocommit=True)
            self.p = "%s"

    def settle(self) -> None:
        """Vacuum and analyse every table of the schema (PostgreSQL; see the docstring)."""
        if self.sqlite:
            return
        tables = [row[0] for row in self.rows(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
        for table in tables:
            self.connection.execute(f'VACUUM (ANALYZE) "{table}"')

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        return list(self.connection.execute(sql, params).fetchall())

    def ranked(self, match: str, record_type: str = "seizure", *, columns: str = TITLE) -> list:
        """Top 50 by relevance of an FTS query (``match`` in FTS5 syntax on SQLite, in
        ``to_tsquery`` syntax on PostgreSQL)."""
        if self.sqlite:
            return self.rows(
                f"SELECT {columns} FROM fts_{record_type} f JOIN rec_{record_type} m "
                f"ON m.id = f.rowid WHERE fts_{record_type} MATCH ? ORDER BY f.rank "
                f"LIMIT {PAGE}", (match,))
        return self.rows(
            f"SELECT {columns} FROM fts_{record_type} f JOIN rec_{record_type} m "
            "ON m.id = f.record_id WHERE f.document @@ to_tsquery('simple', %s) "
            "ORDER BY ts_rank(f.document, to_tsquery('simple', %s)) DESC "
            f"LIMIT {PAGE}", (match, match))

    def words(self, words: list[str], *, prefix: bool = False, phrase: bool = False) -> str:
        """The FTS query text of ``words`` for this backend."""
        if self.sqlite:
            if phrase:
                return '"' + " ".join(words) + '"'
            return " AND ".join(f'"{w}"' + ("*" if prefix else "") for w in words)
        joiner = " <-> " if phrase else " & "
        return joiner.join(f"'{w}'" + (":*" if prefix else "") for w in words)

    def field(self, column: str, value: str) -> list:
        p = self.p
        return self.rows(f"SELECT {TITLE} FROM rec_seizure m WHERE m.{column} = {p} "
                         f"ORDER BY m.id DESC LIMIT {PAGE}", (value,))

    def identifier(self, kind: str, value: str, record_type: str) -> list:
        p = self.p
        return self.rows(f"SELECT m.id, m.uuid FROM rec_{record_type} m WHERE m.id IN "
                         f"(SELECT record_id FROM ncen_identifier WHERE kind = {p} AND "
                         f"value = {p} AND record_type = {p}) ORDER BY m.id DESC LIMIT {PAGE}",
                         (kind, value, record_type))

    def filtered(self, start: str, end: str, commodity: str, country: str) -> list:
        p = self.p
        first, last = f"{start}-01", _month_end(end)
        return self.rows(
            f"SELECT {TITLE} FROM rec_seizure m WHERE m.seizure_date BETWEEN {p} AND {p} "
            "AND EXISTS (SELECT 1 FROM rec_seizure__items i WHERE i.record_id = m.id AND "
            f"i.commodity = {p}) AND EXISTS (SELECT 1 FROM rec_seizure__route r WHERE "
            f"r.record_id = m.id AND r.country = {p}) ORDER BY m.id DESC LIMIT {PAGE}",
            (first, last, commodity, country))


def _month_end(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    following = f"{year + 1}-01-01" if number == 12 else f"{year}-{number + 1:02d}-01"
    import datetime as dt

    return (dt.date.fromisoformat(following) - dt.timedelta(days=1)).isoformat()


def query_pairs(terms: Terms, raw: Raw) -> dict[str, list[tuple[str, tuple[str, ...],
                                                             Callable[[], Any]]]]:
    """Per class, the runs as (ncen query text, record types, raw query)."""
    pairs: dict[str, list] = {}
    classes = terms.classes
    for name in ("rare", "two_percent", "every"):
        pairs[name] = [(term, ("seizure",), lambda t=term: raw.ranked(raw.words([t])))
                       for term in classes[name]]
    pairs["phrase"] = [(f'"{phrase}"', ("seizure",),
                        lambda t=phrase: raw.ranked(raw.words(t.split(), phrase=True)))
                       for phrase in classes["phrase"]]
    pairs["prefix"] = [(f"{stem}*", ("seizure",),
                        lambda t=stem: raw.ranked(raw.words([t], prefix=True)))
                       for stem in classes["prefix"]]
    pairs["field"] = [(f"concealment_method:{code}", ("seizure",),
                       lambda c=code: raw.field("concealment_method", c))
                      for code in classes["field"]]
    pairs["identifier"] = [(typed, (record_type,),
                            lambda k=kind, v=value, r=record_type: raw.identifier(k, v, r))
                           for typed, kind, value, record_type in classes["identifier"]]
    pairs["name"] = [(text, ("suspect",),
                      lambda t=text: raw.ranked(raw.words(_words(t)), "suspect",
                                                columns="m.id, m.family_name, m.given_names"))
                     for text, _ in classes["name"]]
    pairs["filtered_page"] = [
        (f"date:{start}..{end} items.commodity:{commodity} route.country:{country}",
         ("seizure",), lambda f=(start, end, commodity, country): raw.filtered(*f))
        for start, end, commodity, country in classes["filtered_page"]]
    return pairs


def _words(text: str) -> list[str]:
    from ncen_core.search_text import fold

    return [word for word in fold(text).replace("-", " ").split() if word.isalnum()]


# -- measuring ----------------------------------------------------------------------------------


def timed(action: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds of ``action`` (CPU: this process, so SQLite's work and not the
    PostgreSQL server's)."""
    started, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - started, time.process_time() - cpu


def median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 2)


def measure_queries(ncen: Any, user: Any, pairs: dict[str, list], *, cpu: bool
                    ) -> dict[str, Any]:
    from ncen_core.search.engine import search

    results = {}
    for name, runs in pairs.items():
        ours, theirs, strategies = [], [], Counter()
        for text, record_types, raw_query in runs:
            found = None

            def run_ncen(text=text, record_types=record_types) -> None:
                nonlocal found
                found = search(ncen, user, text, record_types=record_types, limit=PAGE)

            # Whichever side runs first for a new term reads its pages from disk for both:
            # the order alternates so that neither side always pays the cold cache.
            if len(ours) % 2:
                theirs.append(timed(raw_query))
                ours.append(timed(run_ncen))
            else:
                ours.append(timed(run_ncen))
                theirs.append(timed(raw_query))
            strategies.update(found.strategies.values() or ["-"])
        ncen_ms, raw_ms = median_ms([w for w, _ in ours]), median_ms([w for w, _ in theirs])
        entry = {"runs": len(runs), "ncen_median_ms": ncen_ms, "raw_median_ms": raw_ms,
                 "ratio": round(ncen_ms / raw_ms, 3) if raw_ms else None,
                 "ncen_p95_ms": round(sorted(w for w, _ in ours)[int(len(ours) * 0.95)] * 1000,
                                      2),
                 "strategies": dict(strategies), "example": runs[0][0]}
        if cpu:
            entry["ncen_cpu_median_ms"] = median_ms([c for _, c in ours])
            entry["raw_cpu_median_ms"] = median_ms([c for _, c in theirs])
        if name == "every":
            entry["acceptance"] = ncen_ms <= 0.1 * raw_ms
        else:
            entry["acceptance"] = ncen_ms <= max(1.5 * raw_ms, raw_ms + 5)
        results[name] = entry
        print(f"{name}: {json.dumps(entry)}", file=sys.stderr)
    return results


def measure_fuzzy_names(ncen: Any, names: list[tuple[str, int]]) -> dict[str, Any]:
    """find_names top-20 against the brute force of :mod:`name_brute_force` over every
    suspect name in memory (loaded page by page; its preparation is not timed)."""
    from name_brute_force import name_memory, timed_pair, vocabulary_of

    models = ncen.models_for("suspect")
    main = models.main
    memory: list = []
    last = 0
    while True:
        page = list(main.select(main.id, main.family_name, main.given_names,
                                main.name_original_script)
                    .where(main.id > last).order_by(main.id).limit(10_000).dicts())
        if not page:
            break
        memory += name_memory(models.record_type, ((row["id"], row) for row in page))
        last = page[-1]["id"]
    vocabulary = vocabulary_of(memory)
    pairs = [timed_pair(ncen, text, memory, vocabulary, NAMES_TOP) for text, _ in names]
    recalls = [found for _, _, found in pairs if found is not None]
    ncen_ms, brute_ms = median_ms([p[0] for p in pairs]), median_ms([p[1] for p in pairs])
    mean_recall = round(statistics.mean(recalls), 4) if recalls else None
    return {"runs": len(pairs), "names": len(memory), "ncen_median_ms": ncen_ms,
            "brute_force_median_ms": brute_ms, "speedup": round(brute_ms / ncen_ms, 1),
            "recall_at_20": mean_recall,
            "acceptance": brute_ms >= 10 * ncen_ms and (mean_recall or 0) >= 0.95}


def measure(data: national.Dataset, backend: str, terms: Terms, server_url: str | None,
            fuzzy: bool, classes: set[str]) -> dict[str, Any]:
    from ncen_core.users import get_user

    url = national.ready_database(data, backend, server_url=server_url)
    ncen = national.open_bench(url, data.folder)
    try:
        user = get_user(ncen.system, national.ANALYST)
        raw = Raw(url)
        raw.settle()
        results: dict[str, Any] = {"backend": backend,
                                   "records": {kind: data.count(kind)
                                               for kind in national.IMPORT_ORDER}}
        pairs = {name: runs for name, runs in query_pairs(terms, raw).items()
                 if not classes or name in classes}
        results["queries"] = measure_queries(ncen, user, pairs, cpu=backend == "sqlite")
        if fuzzy:
            results["fuzzy_names"] = measure_fuzzy_names(ncen, terms.classes["name"])
        return results
    finally:
        ncen.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--pg-url", default=None)
    parser.add_argument("--no-fuzzy", action="store_true",
                        help="leave out the fuzzy-name brute force (it holds every name)")
    parser.add_argument("--classes", default="",
                        help="comma-separated query classes to run (default: all)")
    options = parser.parse_args()
    data = national.Dataset(options.scale, options.seed)
    sqlite_url = national.ready_database(data, "sqlite")
    from ncen_core.storage import sqlite_path

    terms = Terms(sqlite_path(sqlite_url), options.runs)
    backends = ("sqlite", "postgresql") if options.backend == "both" else (options.backend,)
    classes = {name for name in options.classes.split(",") if name}
    print(json.dumps([measure(data, backend, terms, options.pg_url, not options.no_fuzzy, classes)
                      for backend in backends], indent=2))


if __name__ == "__main__":
    main()
