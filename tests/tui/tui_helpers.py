"""Helpers of the TUI tests: credentials, a configuration, and waiting on the running app.

Waiting polls the app (never a bare sleep): database work runs on the app's database
thread, so its results arrive a few event-loop turns later.
"""

from __future__ import annotations

import asyncio
import functools
import time

from ncen_core.config import Config, DatabaseConfig, PluginsConfig

ADMIN_PASSWORD = "admin-password-1"
USER_PASSWORD = "user-password-1"
OFFICE = "XA-TEST"
SIZE = (80, 24)


def drive(test):
    """Run an ``async def`` test on its own event loop (no asyncio plugin is needed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return run


def tui_config_for(db_url: str, tmp_path, **overrides) -> Config:
    """A configuration with the built-in databases that reads nothing from the user's folders."""
    settings = dict(database=DatabaseConfig(url=db_url), data_dir=tmp_path / "data",
                    plugins=PluginsConfig(folder=None), fields_dirs=())
    settings.update(overrides)
    return Config(**settings)



async def wait_for(pilot, predicate, timeout: float = 10.0, what: str = "condition"):
    """Let the app run until ``predicate()`` is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = predicate()
        except Exception:  # noqa: BLE001 - the widget may not exist yet
            result = False
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)


async def wait_screen(pilot, screen_class, timeout: float = 10.0):
    """Wait until the app's current screen is an instance of ``screen_class``."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen_class)
                   and pilot.app.screen.is_mounted, timeout, f"screen {screen_class.__name__}")
    return pilot.app.screen


async def type_text(pilot, text: str) -> None:
    """Type ``text`` key by key into the focused widget."""
    await pilot.press(*[_key(c) for c in text])


def _key(char: str) -> str:
    names = {" ": "space", "/": "slash", "?": "question_mark", "-": "minus", ".": "full_stop",
             ":": "colon", ",": "comma", "@": "at", "_": "underscore", "[": "left_square_bracket",
             "]": "right_square_bracket", "=": "equals_sign"}
    return names.get(char, char)


async def log_in(pilot, username: str = "olga", password: str = USER_PASSWORD):
    """Type the credentials on the login screen and wait for the home screen."""
    from ncen_tui.screens.home import HomeScreen
    from ncen_tui.screens.login import LoginScreen

    await wait_screen(pilot, LoginScreen)
    await type_text(pilot, username)
    await pilot.press("enter")
    await type_text(pilot, password)
    await pilot.press("enter")
    await wait_screen(pilot, HomeScreen)


def screen_text(app) -> str:
    """The characters on the screen now, one line per terminal row (no styles)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


async def tab_to(pilot, widget_id: str, limit: int = 80) -> None:
    """Press tab until the widget ``widget_id`` (or a part of it) has the focus."""
    for _ in range(limit):
        focused = pilot.app.focused
        if focused is not None and any(n.id == widget_id for n in focused.ancestors_with_self):
            return
        await pilot.press("tab")
    raise AssertionError(f"tab never reached #{widget_id}")


async def open_list(pilot, record_type: str):
    """Press the home screen's quick key of ``record_type`` and wait for its first page."""
    from ncen_tui.screens.record_list import RecordListScreen

    action = next(a for a in pilot.app.area_actions() if a.id == f"area.{record_type}")
    await pilot.press(action.key)
    screen = await wait_screen(pilot, RecordListScreen)
    await wait_for(pilot, lambda: screen.total is not None or screen.filters, what="first page")
    return screen
