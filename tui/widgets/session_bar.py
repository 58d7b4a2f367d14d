"""The top line of every logged-in screen: office, user and role, and where you are."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ncen_tui.data.display import visible


class SessionBar(Static):
    """One line naming the office, the user, the user's role and unit, and the screen."""

    DEFAULT_CSS = """
    SessionBar {
        height: 1;
        background: $primary;
        color: $text;
        padding: 0 1;
    }
    """

    def __init__(self, where: str = "") -> None:
        super().__init__(id="session-bar")
        self.where = where

    def on_mount(self) -> None:
        self.update(self.describe())

    def describe(self) -> Text:
        """The bar's text; office and names are shown literally."""
        app = self.app
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("ncen", style="bold")
        ncen = getattr(app, "ncen", None)
        service = getattr(app, "service", None)
        if ncen is not None and ncen.is_initialised:
            text.append(f"  {visible(ncen.office_code)} {visible(ncen.office_name)}")
        if service is not None:
            user = service.user
            unit = f", unit {visible(user.unit)}" if user.unit else ""
            text.append(f"  │ {visible(user.username)} ({user.role}{unit})")
        if self.where:
            text.append(f"  │ {visible(self.where)}", style="bold")
        return text
