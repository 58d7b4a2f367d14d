"""Record forms driven from the keyboard: groups, validation, the unsaved-change guard and
edit conflicts."""

from __future__ import annotations

import datetime as dt

from tui_helpers import SIZE, drive, log_in, open_list, tab_to, type_text, wait_for, wait_screen

from ncen_tui.app import NcenApp
from ncen_tui.dialogs.confirm import Confirm
from ncen_tui.dialogs.group_row import GroupRowDialog
from ncen_tui.screens.record_detail import RecordDetailScreen
from ncen_tui.screens.record_form import RecordFormScreen
from ncen_tui.screens.record_list import RecordListScreen

ITEMS = (("DRUGS", "2.5", "KG"), ("TOBACCO", "200", "U"))
LEGS = (("ORIGIN", "CO"), ("TRANSIT", "ES"), ("DESTINATION", "FR"))


async def add_row(pilot, values: list[str]) -> None:
    """ctrl+n on a group, then type each value and enter; the last enter keeps the row."""
    await pilot.press("ctrl+n")
    dialog = await wait_screen(pilot, GroupRowDialog)
    for value in values:
        await type_text(pilot, value)
        await pilot.press("enter")
    await wait_for(pilot, lambda: not dialog.is_attached, what="row dialog closed")


@drive
async def test_a_seizure_with_two_items_and_three_route_legs_is_created_by_keyboard(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await open_list(pilot, "seizure")
        await pilot.press("n")
        await wait_screen(pilot, RecordFormScreen)
        await type_text(pilot, "FR-2024-0001")
        await pilot.press("enter", "enter")
        await type_text(pilot, "2024-03-01")
        await tab_to(pilot, "f-route")
        for leg_type, country in LEGS:
            await add_row(pilot, [leg_type, country, "", "", ""])
        await tab_to(pilot, "f-items")
        for commodity, amount, unit in ITEMS:
            await add_row(pilot, [commodity, "", "", "", "", "", amount, unit, "", ""])
        await pilot.press("ctrl+s")
        detail = await wait_screen(pilot, RecordDetailScreen)
        await wait_for(pilot, lambda: detail.detail is not None, what="record loaded")
        values = detail.detail.record.values
        assert [leg["leg_type"] for leg in values["route"]] == ["ORIGIN", "TRANSIT", "DESTINATION"]
        assert [leg["country"] for leg in values["route"]] == ["CO", "ES", "FR"]
        assert [(i["commodity"], str(i["quantity"].amount), i["quantity"].unit)
                for i in values["items"]] == [("DRUGS", "2.500", "KG"), ("TOBACCO", "200.000", "U")]


@drive
async def test_a_validation_error_shows_beside_its_field_and_the_fix_saves(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await open_list(pilot, "seizure")
        await pilot.press("n")
        form = await wait_screen(pilot, RecordFormScreen)
        await type_text(pilot, "FR-2024-0002")
        await pilot.press("enter", "enter")
        await type_text(pilot, "2024-02-30")
        row = form.query_one("#row-seizure_date")
        assert "must be a date" in row.problem
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "problem" in str(form.query_one("#form-status").render()),
                       what="problems reported")
        assert isinstance(app.screen, RecordFormScreen)
        await pilot.press("backspace", "backspace", "2", "9")
        assert row.problem == ""
        await pilot.press("ctrl+s")
        detail = await wait_screen(pilot, RecordDetailScreen)
        await wait_for(pilot, lambda: detail.detail is not None, what="record loaded")
        assert detail.detail.record.values["seizure_date"] == dt.date(2024, 2, 29)


@drive
async def test_leaving_a_changed_form_asks_before_dropping_the_changes(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await open_list(pilot, "seizure")
        await pilot.press("n")
        await wait_screen(pilot, RecordFormScreen)
        await type_text(pilot, "FR-1")
        await pilot.press("escape")
        await wait_screen(pilot, Confirm)
        await pilot.press("n")
        form = await wait_screen(pilot, RecordFormScreen)
        assert form.query_one("#f-reference").value == "FR-1"
        await pilot.press("escape")
        await wait_screen(pilot, Confirm)
        await pilot.press("y")
        await wait_screen(pilot, RecordListScreen)


@drive
async def test_a_record_changed_meanwhile_is_reloaded_keeping_the_users_edits(installation,
                                                                             service_for):
    other = service_for("olga")
    record = other.create("seizure", {"reference": "FR-9", "seizure_date": dt.date(2024, 1, 1),
                                      "place_name": "Roissy"})
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        app.open_record(record.ref)
        detail = await wait_screen(pilot, RecordDetailScreen)
        await wait_for(pilot, lambda: detail.detail is not None, what="record loaded")
        await pilot.press("e")
        form = await wait_screen(pilot, RecordFormScreen)
        await wait_for(pilot, lambda: form.ready, what="form filled")
        form.query_one("#f-place_name").focus()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "Orly")
        other.update(record.ref, {"reporting_office": "CDG brigade"}, expected_version=1)
        await pilot.press("ctrl+s")
        await wait_screen(pilot, Confirm)
        assert form.query_one("#f-place_name").value == "Orly"
        await pilot.press("y")
        form = await wait_screen(pilot, RecordFormScreen)
        await wait_for(pilot, lambda: form.version == 2, what="their version reloaded")
        assert form.query_one("#f-place_name").value == "Orly"
        assert form.query_one("#f-reporting_office").value == "CDG brigade"
        await pilot.press("ctrl+s")
        await wait_screen(pilot, RecordDetailScreen)
    saved = other.get(record.ref)
    assert (saved.version, saved.values["place_name"], saved.values["reporting_office"]) == (
        3, "Orly", "CDG brigade")


@drive
async def test_a_code_is_completed_from_its_label_and_stored_as_the_code(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await open_list(pilot, "seizure")
        await pilot.press("n")
        form = await wait_screen(pilot, RecordFormScreen)
        form.query_one("#f-transport_mode").focus()
        await type_text(pilot, "ai")
        field = form.query_one("#f-transport_mode")

        async def accepted() -> bool:
            await pilot.press("right")
            return field.value.lower().startswith("air")

        for _ in range(50):
            if await accepted():
                break
        assert field.raw_value() == "4"
        assert "Air" in form.query_one("#row-transport_mode").note


@drive
async def test_possible_duplicates_are_shown_while_a_suspect_is_typed(installation, service_for):
    service_for("olga").create("suspect", {"family_name": "Karimov", "given_names": "Rustam",
                                           "date_of_birth": "1980-05-03"})
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        app.open_form("suspect")
        form = await wait_screen(pilot, RecordFormScreen)
        await type_text(pilot, "Karimow")
        form.query_one("#f-given_names").focus()
        await type_text(pilot, "Rustam")
        panel = form.query_one("#duplicates")
        await wait_for(pilot, lambda: panel.shown, what="possible duplicates")
        assert "Karimov, Rustam (1980-05-03)" in panel.shown[0]


@drive
async def test_f4_lists_the_code_values_narrowed_by_typing(installation):
    from ncen_tui.dialogs.code_picker import CodePicker

    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        app.open_form("seizure")
        form = await wait_screen(pilot, RecordFormScreen)
        form.query_one("#f-transport_mode").focus()
        await pilot.press("f4")
        picker = await wait_screen(pilot, CodePicker)
        await type_text(pilot, "air")
        await wait_for(pilot, lambda: picker.query_one("#picker-options").option_count == 1,
                       what="narrowed list")
        await pilot.press("enter")
        await wait_screen(pilot, RecordFormScreen)
        assert form.query_one("#f-transport_mode").raw_value() == "4"


@drive
async def test_quitting_with_unsaved_changes_asks_first(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        app.open_form("seizure")
        await wait_screen(pilot, RecordFormScreen)
        await type_text(pilot, "FR-5")
        await pilot.press("ctrl+q")
        await wait_screen(pilot, Confirm)
        await pilot.press("n")
        form = await wait_screen(pilot, RecordFormScreen)
        assert form.query_one("#f-reference").value == "FR-5"
        assert app.is_running
