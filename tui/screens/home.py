"""Home: quick keys to every area, the unit's recent records, open alerts, my tasks."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ncen_core.errors import NcenError
from ncen_core.records import RecordRef
from ncen_tui.data.display import literal, visible
from ncen_tui.data.home_data import open_alerts, recent_records
from ncen_tui.data.tasks import my_tasks
from ncen_tui.screens.base import SessionScreen


class HomeScreen(SessionScreen):
    """The base of the session; escape does nothing here."""

    WHERE = "Home"
    DEFAULT_CSS = """
    HomeScreen .home-title { height: 1; text-style: bold; margin-top: 1; padding: 0 1; }
    HomeScreen #home-areas { height: auto; padding: 0 1; }
    HomeScreen DataTable { height: auto; max-height: 7; }
    """

    def __init__(self) -> None:
        super().__init__()
        for binding in self.area_bindings():
            self._bindings.key_to_bindings.setdefault(binding.key, []).append(binding)
        self.refs: dict[str, dict[str, RecordRef]] = {}

    def area_bindings(self) -> list[Binding]:
        """Quick keys to lists and plugin screens, and plugin commands (ids remappable).

        Plugin screens are listed in the areas line rather than the footer, which has room
        for a few keys only at 80 columns.
        """
        app = self.app
        registry = app.ncen.registry
        found = [action.binding() for action in app.area_actions()]
        found += [Binding(s.key, f"app.open_plugin_screen('{s.id}')", s.title, id=s.id,
                          show=False)
                  for s in registry.screens.values() if s.key]
        found += [Binding(c.key, c.action, c.title, id=c.id)
                  for c in registry.commands.values() if c.key]
        return found

    def compose_body(self) -> ComposeResult:
        yield Static(self.areas_text(), id="home-areas")
        yield Static("Recent records of my unit", classes="home-title")
        yield DataTable(id="home-recent", cursor_type="row")
        yield Static("Open alerts", classes="home-title")
        yield DataTable(id="home-alerts", cursor_type="row")
        yield Static("My tasks", classes="home-title", id="home-tasks-title")
        yield DataTable(id="home-tasks", cursor_type="row")

    def areas_text(self) -> Text:
        app = self.app
        text = Text()
        for action in app.area_actions():
            key = app.keymap.get(action.id, action.key)
            text.append(f" {key} ", style="reverse")
            text.append(f" {action.description}  ")
        for screen in app.ncen.registry.screens.values():
            if screen.key:
                text.append(f" {app.keymap.get(screen.id, screen.key)} ", style="reverse")
                text.append(f" {screen.title}  ")
        text.append(" / ", style="reverse")
        text.append(" Search  ")
        text.append(" F6 ", style="reverse")
        text.append(" Analysis  ")
        text.append(" F9 ", style="reverse")
        text.append(" Admin  ")
        text.append(" ? ", style="reverse")
        text.append(" Keys")
        return text

    def on_mount(self) -> None:
        self.query_one("#home-recent", DataTable).add_columns("Type", "Record", "Status", "Changed")
        self.query_one("#home-alerts", DataTable).add_columns("Suspect", "Alert", "Until", "Reason")
        self.query_one("#home-tasks", DataTable).add_columns("Task", "Due", "Suspect")
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(exclusive=True, group="home")
    async def load(self) -> None:
        """Fill the three tables from the database thread."""
        service, language = self.service, self.app.language
        try:
            recent = await self.db(recent_records, service, language)
            alerts = await self.db(open_alerts, service, language, dt.date.today())
            tasks = await self.db(my_tasks, service)
        except NcenError as exc:
            self.report(exc)
            return
        self.fill("home-recent", [
            (r.ref, (r.type_label, r.title, r.status, r.updated_at.strftime("%Y-%m-%d %H:%M")))
            for r in recent])
        self.fill("home-alerts", [
            (a.ref, (a.name, a.alert_type, a.valid_until.isoformat(), a.reason)) for a in alerts])
        self.query_one("#home-tasks-title").display = tasks is not None
        self.query_one("#home-tasks").display = tasks is not None
        if tasks is not None:
            self.fill("home-tasks", [(t.ref, (t.title, t.due, t.suspect)) for t in tasks])

    def fill(self, table_id: str, rows: list[tuple[RecordRef, tuple[str, ...]]]) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        table.clear()
        self.refs[table_id] = {}
        for index, (ref, cells) in enumerate(rows):
            key = f"{index}"
            self.refs[table_id][key] = ref
            table.add_row(*(literal(visible(str(cell))) for cell in cells), key=key)

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        ref = self.refs.get(event.data_table.id or "", {}).get(event.row_key.value)
        if ref is not None:
            self.app.open_record(ref)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Home is the bottom of the session: there is nothing to go back to."""
        return action != "back"
