"""A few screens at 80x24 compared, as plain text, with the copies in ``snapshots/``.

Run with ``NCEN_UPDATE_SNAPSHOTS=1`` to rewrite the copies after an intended change, and
review the difference like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

from tui_helpers import SIZE, drive, log_in, screen_text, wait_for, wait_screen

from ncen_tui.app import NcenApp
from ncen_tui.screens.first_run import FirstRunScreen
from ncen_tui.screens.help import HelpScreen
from ncen_tui.screens.login import LoginScreen

SNAPSHOTS = Path(__file__).parent / "snapshots"


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("NCEN_UPDATE_SNAPSHOTS") == "1" or not path.exists():
        path.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == path.read_text(encoding="utf-8")


@drive
async def test_snapshot_first_run(tui_config):
    app = NcenApp(tui_config)
    async with app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, FirstRunScreen)
        await pilot.pause()
        check_snapshot("first_run", screen_text(app))


@drive
async def test_snapshot_login(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await wait_screen(pilot, LoginScreen)
        await pilot.pause()
        check_snapshot("login", screen_text(app))


@drive
async def test_snapshot_home_of_a_new_office(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await wait_for(pilot, lambda: not app.screen.workers or all(
            w.is_finished for w in app.screen.workers), what="home loaded")
        await pilot.pause()
        check_snapshot("home", screen_text(app))


@drive
async def test_snapshot_help(installation):
    app = NcenApp(installation)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("question_mark")
        await wait_screen(pilot, HelpScreen)
        await pilot.pause()
        check_snapshot("help", screen_text(app))
