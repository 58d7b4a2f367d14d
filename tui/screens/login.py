"""Logging in: user name and password; wrong passwords and lockouts are said plainly."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from ncen_core.errors import NcenError
from ncen_core.session import login
from ncen_tui import keys
from ncen_tui.data.display import literal


class LoginScreen(Screen[None]):
    """Asks for the user name and password; on success the app opens the home screen."""

    BINDINGS = keys.bindings("app.quit")
    DEFAULT_CSS = """
    LoginScreen { align: center middle; }
    LoginScreen #login-box { width: 60; height: auto; border: round $primary; padding: 1 2; }
    LoginScreen #login-office { text-style: bold; }
    LoginScreen Input { width: 100%; }
    LoginScreen #login-error { color: $error; height: auto; }
    """

    def __init__(self, username: str = "") -> None:
        super().__init__()
        self.username = username

    def compose(self) -> ComposeResult:
        ncen = self.app.ncen
        with Vertical(id="login-box"):
            yield Static(literal(f"ncen · {ncen.office_code} {ncen.office_name}"),
                         id="login-office")
            yield Static("User name", classes="hint")
            yield Input(self.username, id="login-user")
            yield Static("Password", classes="hint")
            yield Input(password=True, id="login-password")
            yield Static("", id="login-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#login-password" if self.username else "#login-user", Input).focus()

    @on(Input.Submitted, "#login-user")
    def to_password(self) -> None:
        self.query_one("#login-password", Input).focus()

    @on(Input.Submitted, "#login-password")
    def submit(self) -> None:
        user = self.query_one("#login-user", Input).value.strip()
        password = self.query_one("#login-password", Input).value
        if not user:
            self.query_one("#login-user", Input).focus()
            return
        self.attempt(user, password)

    @work(exclusive=True, group="login")
    async def attempt(self, user: str, password: str) -> None:
        error = self.query_one("#login-error", Static)
        error.update("Checking…")
        try:
            service = await self.app.db.run(login, self.app.ncen, user, password)
        except NcenError as exc:
            error.update(literal(str(exc), multiline=True))
            password_input = self.query_one("#login-password", Input)
            password_input.value = ""
            password_input.focus()
            return
        self.app.logged_in(service)
