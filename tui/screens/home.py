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
from ncen_core.rules.notifications import Notification, acknowledge
from ncen_tui.data.badges import plugin_badges
from ncen_tui.data.display import literal, visible
from ncen_tui.data.home_data import open_alerts, recent_records, rule_notifications
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
        self.badges: dict[str, str] = {}
        self.notification_ids: dict[str, int] = {}

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
        yield Static("Rule notifications", classes="home-title", id="home-rules-title")
        yield DataTable(id="home-rules", cursor_type="row")

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
                text.append(f" {screen.title}")
                badge = self.badges.get(screen.id)
                text.append(f" ({badge})  " if badge else "  ", style="bold" if badge else "")
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
        self.query_one("#home-rules", DataTable).add_columns("Rule", "Record", "Why", "When")
        self.query_one("#home-rules-title").display = False
        self.query_one("#home-rules").display = False
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    @work(exclusive=True, group="home")
    async def load(self) -> None:
        """Fill the three tables from the database thread, while home is the screen shown:
        a screen opened on top at once (a list at start-up) would otherwise wait behind
        home's queries and plugin imports on the one database thread; coming back to home
        loads it (:meth:`on_screen_resume`)."""
        if self.app.screen is not self:
            return
        service, language = self.service, self.app.language
        try:
            recent = await self.db(recent_records, service, language)
            alerts = await self.db(open_alerts, service, language, dt.date.today())
            tasks = await self.db(my_tasks, service)
        except NcenError as exc:
            self.report(exc)
            return
        if not self.is_attached:  # the app closed or the screen went while the query ran
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
        if self.app.screen is not self:
            return
        try:
            notifications, unseen = await self.db(rule_notifications, service)
            self.badges = await self.db(plugin_badges, service, self.ncen.registry.screens)
        except NcenError as exc:
            self.report(exc)
            return
        if not self.is_attached:
            return
        self.show_notifications(notifications, unseen)
        self.query_one("#home-areas", Static).update(self.areas_text())

    def show_notifications(self, notifications: list[Notification], unseen: int) -> None:
        """The user's newest unacknowledged rule hits; hidden when there are none."""
        self.query_one("#home-rules-title", Static).update(
            f"Rule notifications ({unseen} new)")
        for widget_id in ("#home-rules-title", "#home-rules"):
            self.query_one(widget_id).display = bool(notifications)
        self.fill("home-rules", [
            (n.ref, (n.rule, f"{n.ref.record_type} {n.ref.uuid[:8]} v{n.version}", n.reason,
                     n.created_at.strftime("%Y-%m-%d %H:%M"))) for n in notifications])
        self.notification_ids = {str(i): n.id for i, n in enumerate(notifications)}

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
        if ref is None:
            return
        if event.data_table.id == "home-rules":
            self.acknowledge(self.notification_ids[event.row_key.value])
        self.app.open_record(ref)

    @work(group="acknowledge")
    async def acknowledge(self, notification_id: int) -> None:
        """A notification opened is seen: it leaves the list."""
        try:
            await self.db(acknowledge, self.ncen, self.service.user.username, notification_id)
        except NcenError as exc:
            self.report(exc)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Home is the bottom of the session: there is nothing to go back to."""
        return action != "back"
