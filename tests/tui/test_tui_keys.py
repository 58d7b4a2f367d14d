"""Key bindings: remapped from the configuration by id, refused when the id is unknown,
listed on the help screen, and reachable from the command palette."""

from __future__ import annotations

import dataclasses
import types

from tui_helpers import SIZE, drive, log_in, type_text, wait_for, wait_screen

from ncen_tui.app import NcenApp
from ncen_tui.screens.help import HelpScreen
from ncen_tui.screens.home import HomeScreen
from ncen_tui.screens.message import MessageScreen
from ncen_tui.screens.record_list import RecordListScreen
from ncen_tui.screens.search import SearchScreen


def with_keys(config, **keys):
    return dataclasses.replace(config, keys=types.MappingProxyType(
        {name.replace("__", "."): key for name, key in keys.items()}))


@drive
async def test_a_key_remapped_in_the_config_runs_its_action(installation):
    app = NcenApp(with_keys(installation, app__search="f3"))
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f3")
        await wait_screen(pilot, SearchScreen)


@drive
async def test_an_unknown_binding_id_in_the_config_is_refused_by_name(installation):
    app = NcenApp(with_keys(installation, list__nwe="x"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_screen(pilot, MessageScreen)
        assert "unknown key binding id 'list.nwe'" in screen.message
        assert "list.new" in screen.message


@drive
async def test_the_help_screen_lists_each_action_with_its_remapped_key(installation):
    app = NcenApp(with_keys(installation, app__search="f3"))
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("question_mark")
        help_screen = await wait_screen(pilot, HelpScreen)
        table = help_screen.query_one("#help-table")
        rows = {str(table.get_row_at(i)[3]): str(table.get_row_at(i)[0])
                for i in range(table.row_count)}
        assert rows["app.search"] == "f3"
        assert rows["form.save"] == "^s"
        assert "area.seizure" in rows


@drive
async def test_the_command_palette_opens_a_list_by_name(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "Open Seizure")
        await wait_for(pilot, lambda: app.screen.query("CommandList").first().option_count > 0,
                       what="palette hits")
        await pilot.press("enter")
        screen = await wait_screen(pilot, RecordListScreen)
        assert screen.type_name == "seizure"


@drive
async def test_a_plugin_screen_opens_from_its_key_and_its_command_from_another(installation):
    import tui_sample_screens

    app = NcenApp(with_keys(installation, sample__keys="K"), extra_plugins=[tui_sample_screens])
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("x")
        await wait_screen(pilot, tui_sample_screens.SampleScreen)
        await pilot.press("escape")
        await wait_screen(pilot, HomeScreen)
        await pilot.press("K")
        await wait_screen(pilot, HelpScreen)
