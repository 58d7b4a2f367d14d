"""Administration overview: users and roles, plugins and hooks, custom fields, database."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import DataTable, TabbedContent, TabPane

from ncen_core.errors import NcenError
from ncen_core.timeutil import utcnow
from ncen_tui.data.admin_data import AdminOverview, admin_overview
from ncen_tui.data.display import literal
from ncen_tui.screens.base import SessionScreen

TABLES = {
    "admin-users": ("User", "Name", "Role", "Unit", "State"),
    "admin-roles": ("Role", "May"),
    "admin-plugins": ("Plugin", "Version", "Hooks", "Source"),
    "admin-fields": ("Type", "Field", "Label", "Kind", "Declared in"),
    "admin-database": ("", ""),
}


def account_state(user) -> str:
    """disabled, locked (after failed logins) or active."""
    if user.disabled:
        return "disabled"
    locked = user.locked_until is not None and user.locked_until > utcnow()
    return "locked" if locked else "active"


class AdminScreen(SessionScreen):
    """Read-only overview for administrators (changes are made with ``ncen user …``)."""

    WHERE = "Admin"
    DEFAULT_CSS = """
    AdminScreen TabbedContent { height: 1fr; }
    AdminScreen DataTable { height: 1fr; }
    """

    def compose_body(self) -> ComposeResult:
        with TabbedContent():
            for table_id, title in (("admin-users", "Users"), ("admin-roles", "Roles"),
                                    ("admin-plugins", "Plugins"),
                                    ("admin-fields", "Custom fields"),
                                    ("admin-database", "Database")):
                with TabPane(title, id=f"tab-{table_id}"):
                    yield DataTable(id=table_id, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        for table_id, columns in TABLES.items():
            self.query_one(f"#{table_id}", DataTable).add_columns(*columns)
        self.load()

    @work(exclusive=True, group="admin")
    async def load(self) -> None:
        try:
            overview = await self.db(admin_overview, self.service)
        except NcenError as exc:
            self.report(exc)
            self.dismiss()
            return
        self.show(overview)

    def show(self, overview: AdminOverview) -> None:
        rows = {
            "admin-users": [(u.username, u.full_name, str(u.role), u.unit, account_state(u))
                            for u in overview.users],
            "admin-roles": overview.roles,
            "admin-plugins": [(p.name, p.version, ", ".join(p.hooks), p.source)
                              for p in overview.plugins],
            "admin-fields": overview.custom_fields or [("(none)", "", "", "", "")],
            "admin-database": overview.database,
        }
        for table_id, table_rows in rows.items():
            table = self.query_one(f"#{table_id}", DataTable)
            table.clear()
            for row in table_rows:
                table.add_row(*(literal(str(cell)) if cell else Text("") for cell in row))
