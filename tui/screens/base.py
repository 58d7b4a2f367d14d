"""The frame shared by logged-in screens: session bar on top, footer of keys below."""

from __future__ import annotations

import asyncio
from typing import Any, Callable, TypeVar

from textual.app import ComposeResult
from textual.screen import Screen

from ncen_core.errors import NcenError
from ncen_tui import keys
from ncen_tui.data.display import visible
from ncen_tui.widgets.key_footer import KeyFooter
from ncen_tui.widgets.session_bar import SessionBar

T = TypeVar("T")


class SessionScreen(Screen[Any]):
    """A screen of the logged-in session; subclasses yield their body in ``compose_body``."""

    BINDINGS = keys.bindings("screen.back")
    #: Shown in the session bar.
    WHERE = ""

    def compose(self) -> ComposeResult:
        yield SessionBar(self.where())
        yield from self.compose_body()
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets, between the session bar and the footer."""
        return iter(())

    def where(self) -> str:
        """What the session bar says about this screen."""
        return self.WHERE

    @property
    def service(self):
        """The record service of the logged-in user."""
        return self.app.service

    @property
    def ncen(self):
        """The open installation."""
        return self.app.ncen

    async def db(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run database work on the database thread (call from an async worker).

        If the screen was closed meanwhile, the worker is cancelled instead of updating
        widgets that are gone.
        """
        result = await self.app.db.run(function, *args, **kwargs)
        if not self.is_attached:
            raise asyncio.CancelledError
        return result

    def report(self, exc: NcenError) -> None:
        """Show an error an officer can act on, literally (it may quote record text)."""
        self.notify(visible(str(exc), multiline=True), severity="error", markup=False, timeout=8)

    def action_back(self) -> None:
        self.dismiss()
