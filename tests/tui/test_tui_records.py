"""Record detail, search and admin driven through the app: links, photos, results."""

from __future__ import annotations

import datetime as dt

from PIL import Image
from tui_helpers import ADMIN_PASSWORD, SIZE, drive, log_in, type_text, wait_for, wait_screen

from ncen_tui.app import NcenApp
from ncen_tui.dialogs.attach_dialog import AttachDialog
from ncen_tui.dialogs.link_dialog import LinkDialog
from ncen_tui.screens.admin import AdminScreen
from ncen_tui.screens.home import HomeScreen
from ncen_tui.screens.record_detail import RecordDetailScreen
from ncen_tui.screens.search import SearchScreen


def new_seizure(service, reference="FR-1", **values):
    return service.create("seizure", {"reference": reference,
                                      "seizure_date": dt.date(2024, 5, 1), **values})


async def searched(pilot, text):
    """Log in, open the search screen and run ``text``; the screen (results may be pending)."""
    await log_in(pilot)
    await pilot.press("slash")
    search = await wait_screen(pilot, SearchScreen)
    await type_text(pilot, text)
    await pilot.press("enter")
    return search


async def open_detail(pilot, ref):
    pilot.app.open_record(ref)
    screen = await wait_screen(pilot, RecordDetailScreen)
    await wait_for(pilot, lambda: screen.detail is not None, what="record loaded")
    return screen


@drive
async def test_a_suspect_linked_to_a_seizure_is_listed_under_its_role(installation, service_for):
    officer = service_for("olga")
    seizure = new_seizure(officer)
    suspect = officer.create("suspect", {"family_name": "Doe", "given_names": "Jane"})
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        detail = await open_detail(pilot, seizure.ref)
        await pilot.press("l")
        dialog = await wait_screen(pilot, LinkDialog)
        dialog.query_one("#link-type").value = "suspect"
        dialog.query_one("#link-find").focus()
        await type_text(pilot, "Do")
        await pilot.press("enter")
        results = dialog.query_one("#link-results")
        await wait_for(pilot, lambda: results.row_count == 1, what="suspect found")
        await pilot.press("enter")
        dialog.query_one("#link-role").value = "SEIZ_SUSP_COURIER"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: detail.detail and detail.detail.links, what="link shown")
        row = detail.detail.links[0]
        assert (row.other, row.role_label) == (suspect.ref, "Courier (mule)")
    (link,) = officer.links.of(seizure.ref)
    assert (link.a, link.b, link.role) == (seizure.ref, suspect.ref, "SEIZ_SUSP_COURIER")


@drive
async def test_a_photo_attached_by_typing_its_path_is_stored_and_previewed(installation,
                                                                          service_for, tmp_path):
    officer = service_for("olga")
    seizure = new_seizure(officer)
    photo = tmp_path / "suitcase.png"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(photo)
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        detail = await open_detail(pilot, seizure.ref)
        await pilot.press("a")
        await wait_screen(pilot, AttachDialog)
        await type_text(pilot, str(photo))
        await pilot.press("enter")
        await type_text(pilot, "false bottom")
        await pilot.press("enter")
        await wait_for(pilot, lambda: detail.detail and detail.detail.attachments,
                       what="attachment listed")
        thumbnail = detail.query_one("#thumbnail")
        await wait_for(pilot, lambda: "▀" in str(thumbnail.render()), what="thumbnail drawn")
    (info,) = officer.attachments.of(seizure.ref)
    assert (info.caption, info.media_type, info.width) == ("false bottom", "image/png", 64)


@drive
async def test_a_search_result_opens_its_record(installation, service_for):
    officer = service_for("olga")
    wanted = new_seizure(officer, "FR-7", narrative="cocaine in a suitcase")
    new_seizure(officer, "FR-8", narrative="cigarettes in a truck")
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        search = await searched(pilot, "cocaine")
        results = search.query_one("#search-results")
        await wait_for(pilot, lambda: results.row_count == 1 and app.focused is results,
                       what="one result")
        await pilot.press("enter")
        detail = await wait_screen(pilot, RecordDetailScreen)
        assert detail.ref == wanted.ref


@drive
async def test_a_preview_arriving_as_the_search_screen_closes_is_dropped(installation,
                                                                        service_for):
    """The preview of a highlighted result is read on the database thread; if the screen's
    widgets are already gone when it arrives (the officer pressed escape), it is dropped
    instead of failing the app."""
    new_seizure(service_for("olga"), "FR-7", narrative="cocaine in a suitcase")
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        search = await searched(pilot, "cocaine")
        await wait_for(pilot, lambda: search.current_hit() is not None, what="a result")
        await search.query_one("#search-preview").remove()
        worker = search.preview(search.current_hit())
        await worker.wait()
        assert worker.error is None


@drive
async def test_a_malformed_query_is_shown_with_its_position(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        search = await searched(pilot, '"open quote')
        message = search.query_one("#search-message")
        await wait_for(pilot, lambda: "position" in str(message.render()), what="query error")
        assert str(message.render()).startswith(" " * 11 + "^\nposition 12")


@drive
async def test_the_admin_screen_lists_accounts_and_plugins(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, "admin", ADMIN_PASSWORD)
        await pilot.press("f9")
        admin = await wait_screen(pilot, AdminScreen)
        users = admin.query_one("#admin-users")
        await wait_for(pilot, lambda: users.row_count == 3, what="accounts listed")
        plugins = [str(admin.query_one("#admin-plugins").get_row_at(i)[0])
                   for i in range(admin.query_one("#admin-plugins").row_count)]
        assert {"seizure", "suspect", "company"} <= set(plugins)


@drive
async def test_an_officer_is_refused_the_admin_screen(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen)
                       and any("may not" in n.message for n in app._notifications),
                       what="refusal")


@drive
async def test_an_assigned_officer_sees_the_investigation_and_posts_a_message(installation,
                                                                              service_for):
    from ncen_plugins.suspect.investigation import InvestigationService

    officer, supervisor = service_for("olga"), service_for("sven")
    suspect = officer.create("suspect", {"family_name": "Doe"})
    investigation = InvestigationService(supervisor)
    investigation.assign_officer(suspect.ref, "olga", expected_version=1)
    investigation.add_task(suspect.ref, "Check the phone records", dt.date(2031, 1, 15), "olga")
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        home = app.screen
        tasks = home.query_one("#home-tasks")
        await wait_for(pilot, lambda: tasks.row_count == 1, what="my task on the home screen")
        assert str(tasks.get_row_at(0)[2]) == "Doe"
        detail = await open_detail(pilot, suspect.ref)
        assert [t.title for t in detail.detail.investigation.tasks] == ["Check the phone records"]
        await pilot.press("m")
        await type_text(pilot, "Phone records requested")
        await pilot.press("enter")
        await wait_for(pilot, lambda: detail.detail.investigation.messages, what="message")
    (message,) = InvestigationService(supervisor).messages(suspect.ref)
    assert (message.author, message.body) == ("olga", "Phone records requested")


@drive
async def test_home_lists_the_units_recent_records_and_the_open_alerts(installation,
                                                                        service_for):
    supervisor = service_for("sven")
    new_seizure(service_for("olga"), "FR-HOME")
    supervisor.create("suspect", {"family_name": "Roe", "alerts": [
        {"alert_type": "WATCH", "reason": "courier network", "valid_until": "2099-01-01"},
        {"alert_type": "WATCH", "reason": "expired", "valid_until": "2001-01-01"}]})
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        home = app.screen
        recent, alerts = home.query_one("#home-recent"), home.query_one("#home-alerts")
        await wait_for(pilot, lambda: recent.row_count == 2 and alerts.row_count == 1,
                       what="home filled")
        assert str(alerts.get_row_at(0)[3]) == "courier network"
