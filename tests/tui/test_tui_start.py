"""Starting the interface: first run on an empty database, login, what the header says."""

from __future__ import annotations

from tui_helpers import ADMIN_PASSWORD, SIZE, drive, log_in, type_text, wait_for, wait_screen

from ncen_tui.app import NcenApp
from ncen_tui.screens.first_run import FirstRunScreen
from ncen_tui.screens.login import LoginScreen


@drive
async def test_first_run_initialises_the_office_and_asks_for_login(tui_config):
    app = NcenApp(tui_config)
    async with app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, FirstRunScreen)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "XA-NEW")
        await pilot.press("enter")
        await type_text(pilot, "New office")
        await pilot.press("enter")
        await type_text(pilot, "chief")
        await pilot.press("enter")
        await type_text(pilot, ADMIN_PASSWORD)
        await pilot.press("enter")
        await type_text(pilot, ADMIN_PASSWORD)
        await pilot.press("enter")
        await wait_screen(pilot, LoginScreen)
        assert app.ncen.office_code == "XA-NEW"
        assert app.screen.query_one("#login-user").value == "chief"


@drive
async def test_first_run_shows_a_refused_office_code_beside_the_field(tui_config):
    app = NcenApp(tui_config)
    async with app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, FirstRunScreen)
        app.screen.query_one("#init-office").value = "x"
        app.screen.query_one("#init-username").value = "chief"
        app.screen.query_one("#init-password").value = ADMIN_PASSWORD
        app.screen.query_one("#init-confirm").value = ADMIN_PASSWORD
        app.screen.query_one("#init-confirm").focus()
        await pilot.press("enter")
        row = app.screen.query_one("#row-office")
        await wait_for(pilot, lambda: row.problem, what="office problem")
        assert "office code" in row.problem
        assert app.ncen is None


@drive
async def test_login_shows_office_user_and_role_in_the_header(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        bar = str(app.screen.query_one("#session-bar").describe())
        assert "XA-TEST Test office" in bar
        assert "olga (officer, unit A)" in bar


@drive
async def test_a_wrong_password_is_refused_with_a_message(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, LoginScreen)
        await type_text(pilot, "olga")
        await pilot.press("enter")
        await type_text(pilot, "not-the-password")
        await pilot.press("enter")
        error = app.screen.query_one("#login-error")
        await wait_for(pilot, lambda: "wrong" in str(error.render()).lower(), what="error")
        assert isinstance(app.screen, LoginScreen)
        assert app.service is None


@drive
async def test_a_schema_behind_the_code_shows_the_command_that_fixes_it(installation, tmp_path):
    import dataclasses

    from ncen_tui.screens.message import MessageScreen

    fields = tmp_path / "fields"
    fields.mkdir()
    (fields / "extra.yaml").write_text(
        "seizure:\n  - name: seal_number\n    label: Seal number\n    kind: text\n"
        "    classification: X\n", encoding="utf-8")
    app = NcenApp(dataclasses.replace(installation, fields_dirs=(fields,)))
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_screen(pilot, MessageScreen)
        assert "ncen db upgrade" in screen.message and "ncen db upgrade" in screen.fix


@drive
async def test_a_custom_field_appears_in_the_form_once_the_schema_is_upgraded(installation,
                                                                              tmp_path):
    import dataclasses

    from ncen_core.app import open_ncen
    from ncen_tui.screens.record_form import RecordFormScreen

    fields = tmp_path / "fields"
    fields.mkdir()
    (fields / "extra.yaml").write_text(
        "seizure:\n  - name: seal_number\n    label: Seal number\n    kind: text\n"
        "    classification: X\n", encoding="utf-8")
    config = dataclasses.replace(installation, fields_dirs=(fields,))
    ncen = open_ncen(config, require_current_schema=False)
    ncen.upgrade()
    ncen.close()
    app = NcenApp(config)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        app.open_form("seizure")
        form = await wait_screen(pilot, RecordFormScreen)
        assert form.query_one("#row-seal_number").label == "Seal number"


@drive
async def test_repeated_wrong_passwords_lock_the_account_with_a_message(installation):
    import dataclasses

    from ncen_core.config import SecurityConfig

    config = dataclasses.replace(installation, security=SecurityConfig(max_failed_logins=2))
    app = NcenApp(config)
    async with app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, LoginScreen)
        await type_text(pilot, "olga")
        await pilot.press("enter")
        error = app.screen.query_one("#login-error")
        for attempt, answer in ((1, "wrong"), (2, "locked")):
            await type_text(pilot, f"wrong-{attempt}")
            await pilot.press("enter")
            await wait_for(pilot, lambda: answer in str(error.render()), what=answer)
        assert app.service is None
