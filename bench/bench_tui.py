"""Benchmark of the TUI on a large seizure table, against raw baselines measured in the same run.

Prints one JSON object:

- ``cold_start``: seconds from starting a Python process to the first painted seizure list
  (headless, logged in without the password hash, which is a deliberate cost of its own),
  against a bare Textual app that paints an empty DataTable; and their ratio.
- ``peak_rss_mb``: the peak resident memory of that process.
- ``paging``: moving 1,000 pages down the list in the app (cursor to the last row, page
  fetched, rows added, oldest page dropped) against the same 1,000 keyset queries made
  directly, and their ratio; the time then spent waiting for the next frame (Textual paints
  at most 60 times a second) is given apart.
- ``open_record``: opening a record's screen until painted, against reading the same
  record, links, attachments and history directly; and their ratio.

Usage: ``python bench/bench_tui.py [--rows 100000] [--url sqlite:///...|postgresql://...]``.
Rows are bulk-inserted once (a database that already holds them is reused).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from ncen_core.app import open_ncen
from ncen_core.config import Config, DatabaseConfig, PluginsConfig
from ncen_core.office import initialise_office
from ncen_core.record_service import RecordService
from ncen_core.storage import write_transaction
from ncen_core.users import add_user, get_user

OFFICE, USER, PASSWORD = "XB-BENCH", "bench", "bench-password-1"
PAGES = 1000
#: How often the measuring loop looks for the result. It sleeps (releasing the GIL) rather
#: than spinning, which would slow down the database thread it is waiting for.
POLL = 0.0005
BATCH = 2000  # rows per INSERT: PostgreSQL takes at most 65,535 parameters
MODES = ("1", "3", "4", "5")
PLACES = ("Roissy", "Le Havre", "Algeciras", "Rotterdam", "Frankfurt", "Ceuta", "Marseille")


def config_for(url: str, folder: Path) -> Config:
    """A configuration that reads nothing from the user's folders."""
    return Config(database=DatabaseConfig(url=url), data_dir=folder,
                  plugins=PluginsConfig(folder=None), fields_dirs=())


def prepare(config: Config, rows: int) -> None:
    """Initialise the office (or bring a kept database up to the installed schema) and
    bulk-insert ``rows`` seizures unless they are there."""
    ncen = open_ncen(config, require_current_schema=False)
    try:
        if not ncen.is_initialised:
            initialise_office(ncen, OFFICE, "Benchmark office", "admin", PASSWORD)
            add_user(ncen.system, USER, PASSWORD, "officer", full_name="Bench", unit="A")
        ncen.upgrade()
        main = ncen.models_for("seizure").main
        present = main.select().count()
        if present >= rows:
            return
        rng = random.Random(5)
        start = dt.datetime(2020, 1, 1)
        for first in range(present, rows, BATCH):
            batch = []
            for n in range(first, min(first + BATCH, rows)):
                at = start + dt.timedelta(minutes=n)
                batch.append(dict(
                    uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)), origin=OFFICE,
                    version=1, status="draft", distribution="local", tlp="AMBER",
                    legal_basis="", unit="A", created_at=at, created_by=USER, updated_at=at,
                    updated_by=USER, deleted=False, reference=f"XB-{n:07d}",
                    seizure_date=at.date(), place_name=rng.choice(PLACES),
                    transport_mode=rng.choice(MODES)))
            with write_transaction(ncen.database):
                main.insert_many(batch).execute()
    finally:
        ncen.close()


# -- child processes: cold start ----------------------------------------------------------

def child_ncen(url: str, folder: str, started: float) -> None:
    """Run the app until the first page of the seizure list is painted; print timings."""
    from ncen_tui.app import NcenApp
    from ncen_tui.screens.record_list import RecordListScreen

    class BenchApp(NcenApp):
        def installation_ready(self, ncen, username: str = "") -> None:
            self.ncen = ncen
            self.logged_in(RecordService(ncen, get_user(ncen.system, USER)))

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

    BenchApp(config_for(url, Path(folder)), start_list="seizure").run(headless=True)


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


def cold_start(kind: str, url: str, folder: Path) -> dict:
    started = time.monotonic()
    output = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--url", url, "--folder", str(folder),
         "--started", repr(started)], capture_output=True, text=True, check=True).stdout
    line = [line for line in output.splitlines() if line.startswith("{")][-1]
    return json.loads(line)


# -- in-process: paging and opening a record ----------------------------------------------

async def painted(app) -> None:
    """Wait until the app has refreshed the screen once more."""
    done = asyncio.get_running_loop().create_future()
    app.call_after_refresh(lambda: done.done() or done.set_result(None))
    await done


async def interactive(config: Config) -> dict:
    from ncen_tui.app import NcenApp
    from ncen_tui.data.record_detail import load_detail
    from ncen_tui.data.record_pages import ListOrder, fetch_page
    from ncen_tui.screens.record_detail import RecordDetailScreen
    from ncen_tui.screens.record_list import RecordListScreen

    app = NcenApp(config)
    async with app.run_test(size=(80, 24)) as pilot:
        while app.ncen is None:
            await pilot.pause(0.01)
        ncen = app.ncen
        service = RecordService(ncen, get_user(ncen.system, USER))
        app.service = service
        screen = RecordListScreen("seizure")
        await app.push_screen(screen)
        while not screen.pages:
            await pilot.pause(0.01)
        app_paging = frame_wait = 0.0
        for _ in range(PAGES):
            before = screen.pages[-1][-1].id
            started = time.perf_counter()
            screen.table.move_cursor(row=screen.table.row_count - 1)
            while screen.pages[-1][-1].id == before:
                await asyncio.sleep(POLL)
            loaded = time.perf_counter()
            await painted(app)
            app_paging += loaded - started
            frame_wait += time.perf_counter() - loaded
        last = screen.pages[-1][-1]
        rows_held = screen.table.row_count

        def raw_paging() -> float:
            order, cursor = ListOrder(), None
            begin = time.perf_counter()
            for _ in range(PAGES + 1):
                page = fetch_page(service, "seizure", order, cursor)
                cursor = page.next_cursor
            return time.perf_counter() - begin

        query_paging = await app.db.run(raw_paging)
        opens, raws = [], []
        for _ in range(5):
            begin = time.perf_counter()
            app.open_record(last.ref)
            detail = app.screen
            while not isinstance(detail, RecordDetailScreen) or detail.detail is None:
                await asyncio.sleep(POLL)
                detail = app.screen
            await painted(app)
            opens.append(time.perf_counter() - begin)
            await app.pop_screen()
            begin = time.perf_counter()
            await app.db.run(load_detail, service, last.ref, "en")
            raws.append(time.perf_counter() - begin)
    open_app, open_raw = statistics.median(opens), statistics.median(raws)
    return {
        "paging": {"pages": PAGES, "app_seconds": app_paging, "query_seconds": query_paging,
                   "ratio": app_paging / query_paging, "rows_held_in_table": rows_held,
                   "then_waiting_for_the_next_frame_seconds": frame_wait},
        "open_record": {"app_seconds": open_app, "query_seconds": open_raw,
                        "ratio": open_app / open_raw},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--url", default="")
    parser.add_argument("--folder", default="")
    parser.add_argument("--child", choices=("ncen", "bare"))
    parser.add_argument("--started", type=float)
    args = parser.parse_args()
    if args.child == "ncen":
        child_ncen(args.url, args.folder, args.started)
        return
    if args.child == "bare":
        child_bare(args.started)
        return
    folder = Path(args.folder or tempfile.mkdtemp(prefix="ncen-bench-tui-"))
    url = args.url or f"sqlite:///{folder / 'bench.db'}"
    config = config_for(url, folder)
    begin = time.perf_counter()
    prepare(config, args.rows)
    prepared = time.perf_counter() - begin
    bare = [cold_start("bare", url, folder) for _ in range(3)]
    ncen = [cold_start("ncen", url, folder) for _ in range(3)]
    bare_s = statistics.median(r["seconds"] for r in bare)
    ncen_s = statistics.median(r["seconds"] for r in ncen)
    result = {
        "rows": args.rows,
        "backend": url.split(":", 1)[0],
        "prepare_seconds": prepared,
        "cold_start": {"ncen_seconds": ncen_s, "bare_textual_seconds": bare_s,
                       "ratio": ncen_s / bare_s},
        "peak_rss_mb": {"ncen": max(r["peak_rss_mb"] for r in ncen),
                        "bare_textual": max(r["peak_rss_mb"] for r in bare)},
        **asyncio.run(interactive(config)),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
