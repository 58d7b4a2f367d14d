"""First run on an empty database: what ``ncen init`` does, as a guided form."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from ncen_core.errors import NcenError, ValidationError
from ncen_tui import keys
from ncen_tui.data.display import literal
from ncen_tui.data.startup import initialise
from ncen_tui.widgets.labelled import Labelled

INTRO = (
    "This database is empty. Give this office its code and name and create the first "
    "administrator; the administrator then creates the officers' accounts."
)
FIELDS = (
    ("office", "Office code (e.g. FR-CDG)", False),
    ("office_name", "Office name", False),
    ("username", "Administrator user name", False),
    ("password", "Administrator password", True),
    ("confirm", "Password again", True),
)


class FirstRunScreen(Screen[None]):
    """Collects office code, name, administrator and password, then initialises."""

    BINDINGS = keys.bindings("app.quit")
    DEFAULT_CSS = """
    FirstRunScreen { align: center top; }
    FirstRunScreen #first-run { width: 72; height: 1fr; padding: 0 1; }
    FirstRunScreen #first-run-title { text-style: bold; margin-bottom: 1; }
    FirstRunScreen Input { width: 100%; margin-bottom: 1; }
    FirstRunScreen #first-run-error { color: $error; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="first-run"):
            yield Static("ncen: first run", id="first-run-title")
            yield Static(INTRO, classes="hint")
            config_office = self.app.config.office
            for name, label, secret in FIELDS:
                value = {"office": config_office.code,
                         "office_name": config_office.name}.get(name, "")
                yield Labelled(label, Input(value, password=secret, id=f"init-{name}",
                                            compact=True),
                               required=name != "office_name", id=f"row-{name}")
            yield Static("", id="first-run-error")
            yield Button("Create the office", id="init-submit", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#init-office", Input).focus()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "init-confirm":
            self.submit()
        else:
            self.focus_next()

    @on(Button.Pressed, "#init-submit")
    def pressed(self) -> None:
        self.submit()

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#init-{name}", Input).value for name, _, _ in FIELDS}

    def submit(self) -> None:
        values = self.values()
        for name, _, _ in FIELDS:
            self.query_one(f"#row-{name}", Labelled).show_problem(None)
        if values["password"] != values["confirm"]:
            self.query_one("#row-confirm", Labelled).show_problem("the passwords differ")
            return
        self.initialise(values)

    @work(exclusive=True, group="init")
    async def initialise(self, values: dict[str, str]) -> None:
        error = self.query_one("#first-run-error", Static)
        error.update("Creating the database…")
        app = self.app
        try:
            ncen, admin = await app.db.run(
                initialise, app.config, values["office"], values["office_name"],
                values["username"], values["password"], app.extra_plugins)
        except ValidationError as exc:
            error.update("")
            for path, message in exc.problems.items():
                row = {"office": "office", "username": "username"}.get(path, "password")
                self.query_one(f"#row-{row}", Labelled).show_problem(message)
            return
        except NcenError as exc:
            error.update(literal(str(exc), multiline=True))
            return
        self.dismiss()
        app.installation_ready(ncen, admin.username)
