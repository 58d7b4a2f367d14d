"""Adding a link: pick the other record (type, then the start of its name or reference)
and a role that fits the two record types."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Select, Static

from ncen_core.errors import NcenError
from ncen_core.records import RecordRef
from ncen_tui import keys
from ncen_tui.data.display import literal
from ncen_tui.data.link_roles import roles_for_pair
from ncen_tui.data.record_detail import record_title
from ncen_tui.data.record_pages import find_by_prefix, jump_field


class LinkDialog(ModalScreen[tuple[RecordRef, str, bool] | None]):
    """Returns (other record, role code, whether the shown record is the link's ``a`` end)."""

    BINDINGS = keys.bindings("screen.back", "form.save")
    DEFAULT_CSS = """
    LinkDialog { align: center middle; }
    LinkDialog > Vertical {
        width: 78; height: 22; border: round $primary; background: $surface; padding: 0 1;
    }
    LinkDialog Input, LinkDialog Select { width: 100%; }
    LinkDialog DataTable { height: 6; }
    LinkDialog #link-error { color: $error; height: auto; }
    """

    def __init__(self, shown: RecordRef) -> None:
        super().__init__()
        self.shown = shown
        self.found: dict[str, RecordRef] = {}

    def compose(self) -> ComposeResult:
        app = self.app
        types = [(t.labels.get(app.language, t.label), t.name)
                 for t in app.ncen.registry.record_types.values()]
        with Vertical():
            yield Select(types, value=types[0][1], allow_blank=False, id="link-type")
            yield Input(placeholder="start of the name or reference, then enter", id="link-find")
            yield DataTable(id="link-results", cursor_type="row")
            yield Select([], prompt="Role", id="link-role")
            yield Static("", id="link-error")
            yield Static("enter in the list picks  ctrl+s: link  escape: cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#link-results", DataTable).add_column("Record")
        self.refresh_roles()
        self.query_one("#link-find", Input).focus()

    @property
    def other_type(self) -> str:
        return self.query_one("#link-type", Select).value

    @on(Select.Changed, "#link-type")
    def type_changed(self) -> None:
        self.refresh_roles()
        self.query_one("#link-results", DataTable).clear()
        self.found.clear()

    def refresh_roles(self) -> None:
        app = self.app
        choices = roles_for_pair(app.ncen.registry.codelists, self.shown.record_type,
                                 self.other_type, app.language)
        self.roles = {choice.code: choice for choice in choices}
        self.query_one("#link-role", Select).set_options(
            [(choice.label, choice.code) for choice in choices])

    @on(Input.Submitted, "#link-find")
    def find(self, event: Input.Submitted) -> None:
        self.search(self.other_type, event.value)

    @work(exclusive=True, group="link-find")
    async def search(self, record_type: str, text: str) -> None:
        app = self.app
        field = jump_field(app.ncen.registry.record_type(record_type))
        error = self.query_one("#link-error", Static)
        if field is None:
            error.update("this kind of record cannot be looked up by name")
            return
        try:
            records = await app.db.run(find_by_prefix, app.service, record_type, field, text)
            titles = [await app.db.run(record_title, app.service, r) for r in records]
        except NcenError as exc:
            error.update(literal(str(exc)))
            return
        table = self.query_one("#link-results", DataTable)
        table.clear()
        self.found = {}
        for record, title in zip(records, titles):
            if record.ref == self.shown:
                continue
            self.found[record.uuid] = record.ref
            table.add_row(literal(title), key=record.uuid)
        error.update("" if self.found else "nothing found")
        if self.found:
            table.focus()

    @on(DataTable.RowSelected, "#link-results")
    def picked(self) -> None:
        self.query_one("#link-role", Select).focus()

    def action_save(self) -> None:
        table = self.query_one("#link-results", DataTable)
        role = self.query_one("#link-role", Select).value
        error = self.query_one("#link-error", Static)
        if table.row_count == 0:
            error.update("find the record to link first")
            return
        if role is Select.NULL or role not in self.roles:
            error.update("choose a role")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        self.dismiss((self.found[key], role, self.roles[role].shown_is_from))

    def action_back(self) -> None:
        self.dismiss(None)
