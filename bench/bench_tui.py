"""Benchmark of the TUI on the national database, against raw baselines measured in the same run.

Prints one JSON object; every figure of the app stands beside its baseline and their ratio:

- ``cold_start``: seconds from starting a Python process to the first painted page of the
  seizure list (headless, logged in without the password hash, which is a deliberate cost of
  its own), against a bare Textual app that paints an empty DataTable; medians of
  :data:`COLD_STARTS` runs of each, taking turns (on a loaded machine either child may take
  twice its usual time). Both children import only what they run (this script's own harness
  modules, which import much of ncen, are imported by the parent alone), so the bare app is
  Textual and nothing else. Both run from compiled bytecode, as an installed ncen does:
  under ``PYTHONDONTWRITEBYTECODE`` a checkout would compile its 80 modules at every start
  (50 ms) while Textual's come compiled, so the children keep their bytecode in a cache
  folder beside the data (``PYTHONPYCACHEPREFIX``), filled by one unmeasured run of each.
- ``peak_rss_mb``: the peak resident memory of those processes, and of the benchmark process
  after the interactive steps below (the app plus the harness).
- ``first_page``: opening the seizure list until its first page is painted (the number of
  records in its title, a scan of the table, is counted after that paint).
- ``paging``: moving 1,000 pages down the list (cursor to the last row, page fetched, rows
  added, oldest page dropped), one at a time: each move waits for its page, so every page
  is put in the table (the held-key path below never is); the time then spent waiting for
  the next frame (Textual paints at most 60 times a second) is given apart.
- ``held_page_down``: :data:`HELD_KEYS` page-down keys sent at once, as a key held down
  queues them when they come faster than pages: from the first key until the cursor is on
  the row they lead to, painted. The list fetches every page the cursor moves past (each
  one's last key starts the next) but puts only the window it lands in into the table; the
  raw baseline is the SQL of fetching those pages.
- ``jump``: jump to a reference until the record it names is painted.
- ``open_record``: opening a record until painted: fields, links, photos (with the first
  thumbnail drawn) and history.
- ``search``: a search screen query until its results are painted; median over
  :data:`SEARCH_QUERIES`, each a different realistic query.
- ``textual_floor``: what Textual itself costs for the same interactions, measured in the
  same run with bare apps and no database: a page move (a line widget given 50 new lines,
  cursor to the last row, until the next frame is painted) and a screen switch (pushing an
  installed screen holding a tabbed pane of three tables and a footer, until painted). A
  painted page move or record cannot cost less than these, whatever the queries cost.

The raw baseline of each interactive step is *the same SQL statements* run with the plain
driver (``sqlite3`` or ``psycopg``, rows fetched): the statements are recorded from peewee's
query log while ncen's data layer does the step once, then replayed and timed. The data
layer's own time (peewee, record assembly) is given too, as ``data_layer_seconds``.

Data: ``--source direct`` (default) is the national seizures loaded straight into the
tables plus a search index and a few dressed records (:mod:`tui_database`, minutes);
``--source national`` the database ``national.py`` imports through ncen (hours at scale 1).

Usage: ``python bench/bench_tui.py [--scale 1] [--seed 1] [--backend sqlite|postgresql]
[--source direct|national]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PAGES = 1000
HELD_KEYS = 1000
COLD_STARTS = 7
OPENS = 5
#: A child that shows an error screen instead of the list would otherwise wait forever.
CHILD_TIMEOUT = 300
#: How often the measuring loop looks for the result. It sleeps (releasing the GIL) rather
#: than spinning, which would slow down the database thread it is waiting for.
POLL = 0.0005
SEARCH_QUERIES = ("heroin", "cigarettes transport_mode:1", "\"Rotterdam\"", "cocaine seaport",
                  "tramadol", "place_country:NL")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--source", choices=("direct", "national"), default="direct")
    parser.add_argument("--url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--folder", default="", help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=("ncen", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--started", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--user", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "ncen":
        child_ncen(args.url, args.folder, args.user, args.started)
        return
    if args.child == "bare":
        child_bare(args.started)
        return
    import national
    from tui_database import tui_database

    data = national.Dataset(args.scale, args.seed)
    begin = time.perf_counter()
    url = tui_database(data, args.backend, args.source)
    national.open_bench(url, data.folder).close()  # a kept database: the code may be newer
    prepared = time.perf_counter() - begin
    note("cold starts")
    runs: dict[str, list[dict]] = {"bare": [], "ncen": []}
    for round_ in range(COLD_STARTS + 1):
        for kind, kept in runs.items():
            result = cold_start(kind, url, data.folder, national.USER)
            if round_:  # the first run of each compiles the bytecode
                kept.append(result)
    bare, ncen = runs["bare"], runs["ncen"]
    bare_s = statistics.median(r["seconds"] for r in bare)
    ncen_s = statistics.median(r["seconds"] for r in ncen)
    steps = asyncio.run(interactive(url, data.folder))
    note("textual floor")
    floor = asyncio.run(textual_floor(steps["paging"]["pages"], OPENS))
    result = {
        "benchmark": "tui", "scale": args.scale, "seed": args.seed, "source": args.source,
        "backend": args.backend, "seizures": steps.pop("seizures"),
        "prepare_seconds": round(prepared, 1),
        "cold_start": compare(ncen_s, bare_s, "bare_textual_seconds"),
        "peak_rss_mb": {"ncen_cold_start": max(r["peak_rss_mb"] for r in ncen),
                        "bare_textual": max(r["peak_rss_mb"] for r in bare),
                        "benchmark_process_after_all_steps": peak_rss_mb()},
        **steps,
        "textual_floor": floor,
    }
    print(json.dumps(result, indent=2))


def compare(app_seconds: float, raw_seconds: float, raw_name: str = "raw_sql_seconds",
            **extra: Any) -> dict[str, Any]:
    """One step's figures: the app, its baseline, their ratio (and anything else)."""
    return {"app_seconds": round(app_seconds, 4), raw_name: round(raw_seconds, 4),
            "ratio": round(app_seconds / raw_seconds, 2), **extra}


# -- child processes: cold start ----------------------------------------------------------

def child_ncen(url: str, folder: str, user: str, started: float) -> None:
    """Run the app until the first page of the seizure list is painted; print timings.
    The configuration is ``national.bench_config``'s, made here without importing it."""
    from ncen_core.config import Config, DatabaseConfig, PluginsConfig
    from ncen_core.record_service import RecordService
    from ncen_core.users import get_user
    from ncen_tui.app import NcenApp
    from ncen_tui.screens.record_list import RecordListScreen

    class BenchApp(NcenApp):
        def installation_ready(self, ncen, username: str = "") -> None:
            self.ncen = ncen
            self.logged_in(RecordService(ncen, get_user(ncen.system, user)))

        def on_painted(self) -> None:
            report(started)
            self.exit()

        def watch_first_page(self) -> None:
            screen = self.screen
            if isinstance(screen, RecordListScreen) and screen.table.row_count:
                self.call_after_refresh(self.on_painted)
            else:
                self.set_timer(0.001, self.watch_first_page)

        def on_mount(self) -> None:
            super().on_mount()
            self.watch_first_page()

    config = Config(database=DatabaseConfig(url=url), data_dir=Path(folder) / "data",
                    plugins=PluginsConfig(folder=None), fields_dirs=())
    BenchApp(config, start_list="seizure").run(headless=True)


def child_bare(started: float) -> None:
    """A bare Textual app painting an empty DataTable."""
    from textual.app import App
    from textual.widgets import DataTable

    class Bare(App):
        def compose(self):
            yield DataTable()

        def on_mount(self) -> None:
            self.query_one(DataTable).add_columns("a", "b", "c", "d", "e")
            self.call_after_refresh(self.painted)

        def painted(self) -> None:
            report(started)
            self.exit()

    Bare().run(headless=True)


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux keeps ``ru_maxrss`` across exec (a child
    would report its parent's peak), so VmHWM of /proc is read where it exists."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(started: float) -> None:
    print(json.dumps({"seconds": time.monotonic() - started, "peak_rss_mb": peak_rss_mb()}),
          flush=True)


def cold_start(kind: str, url: str, folder: Path, user: str) -> dict:
    environ = {name: value for name, value in os.environ.items()
               if name != "PYTHONDONTWRITEBYTECODE"}
    environ["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    started = time.monotonic()
    output = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--url", url, "--folder", str(folder),
         "--user", user, "--started", repr(started)], capture_output=True, text=True, check=True,
        timeout=CHILD_TIMEOUT, env=environ).stdout
    line = [line for line in output.splitlines() if line.startswith("{")][-1]
    return json.loads(line)


# -- raw baselines: the data layer's SQL, replayed with the plain driver ------------------

class _Statements(logging.Handler):
    """The statements peewee logs from one thread: other threads' work (a list counting its
    rows after its first page, say) is not the step's."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.thread = threading.get_ident()
        self.statements: list[tuple[str, tuple]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            sql, params = record.msg
            self.statements.append((sql, tuple(params or ())))


@contextmanager
def recorded_sql() -> Iterator[list[tuple[str, tuple]]]:
    """Every statement peewee executes inside the block on the calling thread."""
    logger = logging.getLogger("peewee")
    handler, level = _Statements(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def raw_connection(url: str) -> Any:
    """A plain DB-API connection to the benchmark database, outside peewee."""
    if url.startswith("sqlite"):
        import sqlite3

        from ncen_core.storage import sqlite_path

        return sqlite3.connect(sqlite_path(url), check_same_thread=False)
    import psycopg

    parts = urllib.parse.urlsplit(url)
    options = dict(urllib.parse.parse_qsl(parts.query)).get("options", "")
    return psycopg.connect(urllib.parse.urlunsplit(parts._replace(query="")),
                           options=options, prepare_threshold=None, autocommit=True)


def replay(connection: Any, statements: list[tuple[str, tuple]]) -> float:
    """Seconds to run ``statements`` and fetch every row, with the plain driver."""
    cursor = connection.cursor()
    begin = time.perf_counter()
    for sql, params in statements:
        cursor.execute(sql, params)
        if cursor.description is not None:
            cursor.fetchall()
    return time.perf_counter() - begin


async def baseline(app, connection: Any, step: Callable[[], Any]) -> tuple[float, float]:
    """``step`` run by the data layer on the app's database thread (seconds), and its SQL
    replayed raw (seconds); the step runs once more first, recorded, to learn its SQL."""
    statements = await app.db.run(statements_of, step)
    layer = await app.db.run(timed, step)
    raw = await app.db.run(replay, connection, statements)
    return layer, raw


def statements_of(step: Callable[[], Any]) -> list[tuple[str, tuple]]:
    """The SQL ``step`` runs, recorded on the thread that runs it."""
    with recorded_sql() as statements:
        step()
    return statements


def timed(step: Callable[[], Any]) -> float:
    """Seconds ``step`` takes, measured on the thread that runs it (as :func:`replay`)."""
    begin = time.perf_counter()
    step()
    return time.perf_counter() - begin


# -- in-process steps ---------------------------------------------------------------------

async def painted(app) -> None:
    """Wait until the app has refreshed the screen once more."""
    done = asyncio.get_running_loop().create_future()
    app.call_after_refresh(lambda: done.done() or done.set_result(None))
    await done


def idle(screen) -> bool:
    """True when none of the screen's workers (record, thumbnail, preview) is running."""
    return not any(worker.is_running for worker in screen.workers)


async def until(condition: Callable[[], Any]) -> Any:
    """Poll ``condition`` until it is true; returns its value."""
    while not (value := condition()):
        await asyncio.sleep(POLL)
    return value


async def interactive(url: str, folder: Path) -> dict[str, Any]:
    import national
    from tui_database import dressed_references

    from ncen_core.record_service import RecordService
    from ncen_core.users import get_user
    from ncen_tui.app import NcenApp
    from ncen_tui.data.record_pages import PAGE_SIZE

    app = NcenApp(national.bench_config(url, folder))
    connection = raw_connection(url)
    async with app.run_test(size=(100, 32)) as pilot:
        while app.ncen is None:
            await pilot.pause(0.01)
        app.service = RecordService(app.ncen, get_user(app.ncen.system, national.USER))
        seizures = await app.db.run(app.service.count, "seizure")
        references = await app.db.run(dressed_references, app.ncen)
        steps = {"seizures": seizures,
                 **await list_steps(app, connection, min(PAGES, seizures // PAGE_SIZE - 4)),
                 "held_page_down": await held_keys_step(app, connection, seizures),
                 **await record_steps(app, connection, references),
                 "search": await search_step(app, connection)}
    connection.close()
    return steps


def note(step: str) -> None:
    """Progress on stderr (the JSON result goes to stdout)."""
    print(f"{time.strftime('%H:%M:%S')} {step}", file=sys.stderr, flush=True)


async def list_steps(app, connection: Any, count: int) -> dict[str, Any]:
    """The first page of the seizure list, then ``count`` pages down (1,000 where the
    list is long enough)."""
    note("list: first page")
    from ncen_tui.data.record_pages import ListOrder, fetch_page
    from ncen_tui.screens.record_list import RecordListScreen

    service = app.service

    def first_page() -> None:
        fetch_page(service, "seizure", ListOrder(), None)

    def pages() -> None:
        order, cursor = ListOrder(), None
        for _ in range(count + 1):
            cursor = fetch_page(service, "seizure", order, cursor).next_cursor

    begin = time.perf_counter()
    screen = RecordListScreen("seizure")
    await app.push_screen(screen)
    await until(lambda: screen.pages)
    await painted(app)
    first_app = time.perf_counter() - begin
    first_layer, first_raw = await baseline(app, connection, first_page)

    note(f"list: {count} pages")
    app_paging = frame_wait = 0.0
    for _ in range(count):
        before = screen.pages[-1][-1].id
        started = time.perf_counter()
        screen.table.move_cursor(row=screen.table.row_count - 1)
        await until(lambda before=before: screen.pages[-1][-1].id != before)
        loaded = time.perf_counter()
        await painted(app)
        app_paging += loaded - started
        frame_wait += time.perf_counter() - loaded
    rows_held = screen.table.row_count
    paging_layer, paging_raw = await baseline(app, connection, pages)
    await app.pop_screen()
    return {
        "first_page": compare(first_app, first_raw, data_layer_seconds=round(first_layer, 4)),
        "paging": compare(app_paging, paging_raw, pages=count,
                          data_layer_seconds=round(paging_layer, 4),
                          rows_held_in_table=rows_held,
                          then_waiting_for_the_next_frame_seconds=round(frame_wait, 4),
                          painted_seconds=round(app_paging + frame_wait, 4)),
    }


async def held_keys_step(app, connection: Any, seizures: int) -> dict[str, Any]:
    """Page-down keys sent all at once to a new seizure list, until the row they lead to
    is painted; beside the SQL of the pages moved past."""
    from textual import events

    from ncen_tui.data.record_pages import PAGE_SIZE, ListOrder, fetch_page
    from ncen_tui.screens.record_list import RecordListScreen

    service = app.service
    screen = RecordListScreen("seizure")
    await app.push_screen(screen)
    await until(lambda: screen.pages)
    await painted(app)
    step = screen.table.rows.size.height - 1
    keys = min(HELD_KEYS, (seizures - 200) // step)
    note(f"list: {keys} page-down keys at once ({keys * step:,} rows)")

    def row_at(index: int = keys * step) -> Any:
        order, cursor, before = ListOrder(), None, 0
        while True:
            page = fetch_page(service, "seizure", order, cursor)
            if index < before + len(page.records):
                return page.records[index - before]
            before, cursor = before + len(page.records), page.next_cursor

    target = await app.db.run(row_at)
    begin = time.perf_counter()
    for _ in range(keys):
        app.post_message(events.Key("pagedown", None))

    def landed() -> bool:
        record = screen.table.current_record()
        return not screen.fetching and record is not None and record.id == target.id

    await until(landed)
    await painted(app)
    seconds = time.perf_counter() - begin
    layer, raw = await baseline(app, connection, row_at)
    await app.pop_screen()
    return compare(seconds, raw, keys=keys, rows_moved=keys * step,
                   pages_fetched=keys * step // PAGE_SIZE + 1,
                   data_layer_seconds=round(layer, 4))


async def open_and_wait(app, action: Callable[[], None]) -> float:
    """Seconds from ``action`` until a record screen shows its record, first photo drawn."""
    from ncen_tui.screens.record_detail import RecordDetailScreen

    begin = time.perf_counter()
    action()

    def shown() -> bool:
        screen = app.screen
        return (isinstance(screen, RecordDetailScreen) and screen.detail is not None
                and idle(screen))

    await until(shown)
    await painted(app)
    seconds = time.perf_counter() - begin
    await app.pop_screen()
    return seconds


async def record_steps(app, connection: Any, references: list[str]) -> dict[str, Any]:
    """Jump to a reference from the list, and open a record, each on a different record."""
    from ncen_tui.data.record_detail import load_detail
    from ncen_tui.data.record_pages import find_by_key
    from ncen_tui.screens.record_list import RecordListScreen

    service, language = app.service, app.language
    screen = RecordListScreen("seizure")
    await app.push_screen(screen)
    await until(lambda: screen.pages)
    jumps, opens, jump_base, open_base = [], [], [], []
    for reference in references[:OPENS]:
        note(f"jump to and open {reference}")
        found = await app.db.run(find_by_key, service, "seizure", "reference", reference)
        ref = found[0].ref

        def jump_step(reference: str = reference, ref=ref) -> None:
            find_by_key(service, "seizure", "reference", reference)
            load_detail(service, ref, language)

        def open_step(ref=ref) -> None:
            detail = load_detail(service, ref, language)
            if detail.attachments:
                service.attachments.thumbnail(detail.attachments[0].sha256)

        jumps.append(await open_and_wait(
            app, lambda reference=reference: screen.jump("reference", reference)))
        jump_base.append(await baseline(app, connection, jump_step))
        opens.append(await open_and_wait(app, lambda ref=ref: app.open_record(ref)))
        open_base.append(await baseline(app, connection, open_step))
    await app.pop_screen()

    def figures(app_times: list[float], bases: list[tuple[float, float]]) -> dict[str, Any]:
        return compare(statistics.median(app_times), statistics.median(r for _, r in bases),
                       data_layer_seconds=round(statistics.median(d for d, _ in bases), 4),
                       records=len(app_times))

    return {"jump": figures(jumps, jump_base), "open_record": figures(opens, open_base)}


async def search_step(app, connection: Any) -> dict[str, Any]:
    """Each query typed into the search screen until its results are painted."""
    from ncen_core.search.engine import search
    from ncen_tui.screens.search import PAGE, SearchScreen

    ncen, user = app.ncen, app.service.user
    times, bases, found = [], [], {}
    for query in SEARCH_QUERIES:
        note(f"search {query}")
        begin = time.perf_counter()
        screen = SearchScreen(query)
        await app.push_screen(screen)
        await until(lambda screen=screen: idle(screen) and "found" in str(
            screen.query_one("#search-message").render()))
        await painted(app)
        times.append(time.perf_counter() - begin)
        found[query] = len(screen.hits)
        await app.pop_screen()
        bases.append(await baseline(
            app, connection, lambda query=query: search(ncen, user, query, limit=PAGE)))
    return compare(statistics.median(times), statistics.median(r for _, r in bases),
                   data_layer_seconds=round(statistics.median(d for d, _ in bases), 4),
                   hits_on_first_page=found)


# -- Textual's own floor ------------------------------------------------------------------

async def textual_floor(pages: int, opens: int) -> dict[str, Any]:
    """Bare Textual doing what a page move and a record switch ask of it (no database)."""
    from rich.segment import Segment
    from textual.app import App
    from textual.geometry import Size
    from textual.screen import Screen
    from textual.scroll_view import ScrollView
    from textual.strip import Strip
    from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

    class Lines(ScrollView):
        def __init__(self) -> None:
            super().__init__()
            self.lines: list[str] = []
            self.cursor = 0

        def show(self, lines: list[str], cursor: int) -> None:
            self.lines, self.cursor = lines, cursor
            self.virtual_size = Size(80, len(lines))
            self.scroll_to(y=max(0, cursor - self.size.height + 1), animate=False)
            self.refresh()

        def render_line(self, y: int) -> Strip:
            index = y + self.scroll_offset.y
            text = self.lines[index] if index < len(self.lines) else ""
            return Strip([Segment(text.ljust(self.size.width)[:self.size.width])])

    class Detail(Screen):
        BINDINGS = [("e", "app.bell", "Edit"), ("l", "app.bell", "Link"),
                    ("a", "app.bell", "Attach"), ("escape", "app.pop_screen", "Back")]

        def compose(self):
            yield Static("title")
            with TabbedContent():
                for name in ("Fields", "Links", "Attachments", "History"):
                    with TabPane(name):
                        yield DataTable()
            yield Footer()

    class Bare(App):
        def compose(self):
            yield Lines()
            yield Footer()

    app = Bare()
    async with app.run_test(size=(100, 32)):
        lines_widget = app.query_one(Lines)
        window = [f"row {n}" for n in range(150)]
        paging = 0.0
        for page in range(pages):
            begin = time.perf_counter()
            window = window[50:] + [f"row {page} {n}" for n in range(50)]
            lines_widget.show(window, len(window) - 1)
            await painted(app)
            paging += time.perf_counter() - begin
        app.install_screen(Detail(), name="detail")
        await app.push_screen("detail")
        await painted(app)
        await app.pop_screen()
        switches = []
        for _ in range(opens):
            begin = time.perf_counter()
            await app.push_screen("detail")
            await painted(app)
            switches.append(time.perf_counter() - begin)
            await app.pop_screen()
            await painted(app)
    return {"page_moves_painted_seconds": round(paging, 4), "pages": pages,
            "screen_switch_painted_seconds": round(statistics.median(switches), 4)}


if __name__ == "__main__":
    main()
