"""Record lists: paged by key with a bounded window, sorting, filters, jump to a reference."""

from __future__ import annotations

import datetime as dt

import pytest
from textual import events
from tui_helpers import SIZE, drive, log_in, open_list, type_text, wait_for, wait_screen

from ncen_tui.app import NcenApp
from ncen_tui.dialogs.list_filter import ListFilterDialog
from ncen_tui.screens.record_detail import RecordDetailScreen
from ncen_tui.screens.record_list import MAX_PAGES, RecordListScreen

COUNT = 45


@pytest.fixture
def seizures(installation, service_for):
    """COUNT seizures FR-000 .. FR-044, created in that order; every third by sea."""
    officer = service_for("olga")
    return [officer.create("seizure", {
        "reference": f"FR-{n:03d}", "seizure_date": dt.date(2024, 1, 1) + dt.timedelta(n),
        "transport_mode": "1" if n % 3 == 0 else "4"}) for n in range(COUNT)]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(RecordListScreen, "page_size", 10)


def references(screen) -> list[str]:
    return [r.values["reference"] for page in screen.pages for r in page]


@drive
async def test_scrolling_down_fetches_pages_and_keeps_a_bounded_window(installation, seizures,
                                                                       small_pages):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        screen = await open_list(pilot, "seizure")
        await wait_for(pilot, lambda: screen.table.row_count == 10, what="first page")
        for _ in range(4):
            await pilot.press("end")
            await wait_for(pilot, lambda: not screen.fetching, what="page loaded")
        await wait_for(pilot, lambda: screen.next_cursor is None or len(screen.pages) == MAX_PAGES,
                       what="window full")
        assert screen.table.row_count <= MAX_PAGES * 10
        assert references(screen)[-1] == "FR-000"
        assert not screen.at_start


@drive
async def test_page_down_keys_queued_faster_than_pages_land_on_the_right_row(installation,
                                                                             service_for,
                                                                             small_pages):
    """Thirty page-downs sent at once, as a held key sends them: the list fetches the pages
    the cursor moves past one after the other and shows the window it lands in."""
    officer = service_for("olga")
    created = [officer.create("seizure", {"reference": f"PG-{n:03d}", "seizure_date": "2024-01-01"})
               for n in range(170)]
    newest_first = [record.values["reference"] for record in reversed(created)]
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        screen = await open_list(pilot, "seizure")
        await pilot.resize_terminal(80, 10)
        await pilot.pause()
        step = screen.table.rows.size.height - 1
        assert 30 * step < len(created) - 10
        expected = newest_first[30 * step]
        for _ in range(30):
            app.post_message(events.Key("pagedown", None))

        def landed() -> str:
            record = screen.table.current_record()
            return "" if screen.fetching or record is None else record.values["reference"]

        await wait_for(pilot, lambda: landed() == expected, what=f"the cursor on {expected}")
        await pilot.pause()
        assert landed() == expected
        shown = references(screen)
        start = newest_first.index(shown[0])
        assert shown == newest_first[start:start + len(shown)]
        assert len(screen.pages) <= MAX_PAGES


@drive
async def test_scrolling_back_to_the_top_fetches_the_earlier_pages(installation, seizures,
                                                                   small_pages):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        screen = await open_list(pilot, "seizure")
        for _ in range(4):
            await pilot.press("end")
            await wait_for(pilot, lambda: not screen.fetching, what="page loaded")
        for _ in range(4):
            await pilot.press("home")
            await wait_for(pilot, lambda: not screen.fetching, what="page loaded")
            if screen.at_start:
                break
        assert references(screen)[0] == "FR-044"
        assert screen.table.row_count <= MAX_PAGES * 10


@drive
async def test_sorting_cycles_through_the_supported_orders(installation, seizures):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        screen = await open_list(pilot, "seizure")
        await wait_for(pilot, lambda: screen.table.row_count == COUNT, what="list")
        await pilot.press("o")
        await wait_for(pilot, lambda: references(screen)[0] == "FR-000", what="oldest first")
        assert screen.order.describe() == "updated at ↑"


@drive
async def test_a_filter_on_an_indexed_code_keeps_only_matching_records(installation, seizures):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        screen = await open_list(pilot, "seizure")
        await pilot.press("f")
        dialog = await wait_screen(pilot, ListFilterDialog)
        dialog.query_one("#filter-transport_mode").value = "1"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.filters and screen.table.row_count == 15,
                       what="filtered list")
        assert all(r.values["transport_mode"] == "1" for page in screen.pages for r in page)


@drive
async def test_jumping_to_a_reference_opens_that_record(installation, seizures):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await open_list(pilot, "seizure")
        await pilot.press("j")
        await type_text(pilot, "FR-007")
        await pilot.press("enter")
        detail = await wait_screen(pilot, RecordDetailScreen)
        assert detail.ref == seizures[7].ref


@drive
async def test_codes_are_listed_with_their_labels_in_the_configured_language(installation,
                                                                            seizures):
    import dataclasses

    app = NcenApp(dataclasses.replace(installation, language="fr"))
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        screen = await open_list(pilot, "seizure")
        await wait_for(pilot, lambda: screen.table.row_count == COUNT, what="list")
        assert screen.table.headers[0] == "National reference"
        assert "Transport aérien" in screen.table.lines[0]
