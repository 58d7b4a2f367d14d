"""One record: its fields, its links by role, its attachments and its history."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from ncen_core.errors import NcenError
from ncen_core.records import RecordRef
from ncen_tui import keys
from ncen_tui.data.display import literal, visible
from ncen_tui.data.investigation import post_message
from ncen_tui.data.record_detail import RecordDetail, load_detail
from ncen_tui.data.viewer import open_with_system_viewer, write_temporary
from ncen_tui.screens.base import SessionScreen
from ncen_tui.widgets.field_view import FieldView
from ncen_tui.widgets.investigation_view import InvestigationView
from ncen_tui.widgets.thumbnail import Thumbnail, drawing


class RecordDetailScreen(SessionScreen):
    """Shows ``ref``; e edits, l links, delete unlinks, a attaches, v opens an attachment,
    g shows the network of connected records.

    Building this screen costs far more than reading a record, so the app keeps one per
    record type and points it at the next record to show (:meth:`show_record`).
    """

    BINDINGS = keys.bindings("screen.back", "record.edit", "record.link", "record.unlink",
                             "record.open_link", "record.attach", "record.view",
                             "record.message", "record.network")
    DEFAULT_CSS = """
    RecordDetailScreen #record-title { height: 1; padding: 0 1; text-style: bold; }
    RecordDetailScreen #record-meta { height: 1; padding: 0 1; color: $text-muted; }
    RecordDetailScreen TabbedContent { height: 1fr; }
    RecordDetailScreen #attachments-table { width: 1fr; }
    """

    def __init__(self, ref: RecordRef) -> None:
        super().__init__()
        self.ref = ref
        self.detail: RecordDetail | None = None
        #: The attachment whose thumbnail is shown or being drawn.
        self.previewing: str | None = None

    def where(self) -> str:
        record_type = self.app.ncen.registry.record_type(self.ref.record_type)
        return record_type.labels.get(self.app.language, record_type.label)

    def compose_body(self) -> ComposeResult:
        yield Static("", id="record-title")
        yield Static("", id="record-meta")
        with TabbedContent(id="record-tabs"):
            with TabPane("Fields", id="tab-fields"):
                yield FieldView(id="fields")
            with TabPane("Links", id="tab-links"):
                yield DataTable(id="links-table", cursor_type="row")
            with TabPane("Attachments", id="tab-attachments"):
                with Horizontal():
                    yield DataTable(id="attachments-table", cursor_type="row")
                    yield Thumbnail(id="thumbnail")
            with TabPane("History", id="tab-history"):
                yield DataTable(id="history-table", cursor_type="row")
            if self.ref.record_type == "suspect":
                with TabPane("Investigation", id="tab-investigation"):
                    yield InvestigationView(id="investigation")

    def on_mount(self) -> None:
        self.query_one("#links-table", DataTable).add_columns("Role", "Type", "Record")
        self.query_one("#attachments-table", DataTable).add_columns("Caption", "Kind", "Size")
        self.query_one("#history-table", DataTable).add_columns("When (UTC)", "Who", "What",
                                                                "Detail")

    def on_screen_resume(self) -> None:
        """Shown (first time, again, or back from a form): read the record afresh."""
        self.load()

    def show_record(self, ref: RecordRef) -> None:
        """Point this (kept) screen at another record of the same type before it is shown."""
        self.ref = ref
        self.detail = None
        self.query_one("#record-title", Static).update("Loading…")
        self.query_one("#record-meta", Static).update("")
        for table in self.query(DataTable):
            table.clear()
        self.previewing = None
        self.query_one("#thumbnail", Thumbnail).clear()
        self.query_one(TabbedContent).active = "tab-fields"

    @work(exclusive=True, group="detail")
    async def load(self) -> None:
        """Read the record and everything around it on the database thread."""
        try:
            detail = await self.db(load_detail, self.service, self.ref, self.app.language)
        except NcenError as exc:
            self.report(exc)
            return
        self.detail = detail
        self.show(detail)

    def show(self, detail: RecordDetail) -> None:
        record = detail.record
        registry = self.ncen.registry
        record_type = registry.record_type(record.record_type)
        self.query_one("#record-title", Static).update(literal(detail.title))
        self.query_one("#record-meta", Static).update(literal(
            f"{record.status} · version {record.version} · {record.origin} · TLP {record.tlp}"
            f" · unit {record.unit or '-'} · changed {record.updated_at:%Y-%m-%d %H:%M}"
            f" by {record.updated_by}"))
        self.query_one("#fields", FieldView).show(record_type, record, registry.codelists,
                                                  self.app.language)
        links = self.query_one("#links-table", DataTable)
        links.clear()
        for row in detail.links:
            other_type = registry.record_types.get(row.other.record_type)
            type_label = other_type.label if other_type else row.other.record_type
            links.add_row(literal(row.role_label), literal(type_label), literal(row.other_title),
                          key=row.link.uuid)
        attachments = self.query_one("#attachments-table", DataTable)
        attachments.clear()
        for info in detail.attachments:
            attachments.add_row(literal(info.caption or "(no caption)"),
                                literal(f"{info.category} {info.media_type}"),
                                Text(f"{info.size / 1000:.0f} kB"), key=info.uuid)
        history = self.query_one("#history-table", DataTable)
        history.clear()
        for event in detail.history:
            shown = ", ".join(f"{k}={v}" for k, v in event.detail.items())
            history.add_row(Text(f"{event.at:%Y-%m-%d %H:%M}"), literal(event.username),
                            literal(event.action), literal(visible(shown)))
        if detail.investigation is not None:
            self.query_one("#investigation", InvestigationView).show(detail.investigation)
        if detail.attachments:
            self.preview_attachment(detail.attachments[0].sha256)

    # -- links ----------------------------------------------------------------------------

    def selected_link(self):
        table = self.query_one("#links-table", DataTable)
        if self.detail is None or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((row for row in self.detail.links if row.link.uuid == key), None)

    @on(DataTable.RowSelected, "#links-table")
    def link_selected(self) -> None:
        self.action_open_link()

    def action_open_link(self) -> None:
        row = self.selected_link()
        if row is None:
            self.notify("choose a link in the Links tab first", severity="warning")
            return
        self.app.open_record(row.other)

    def action_add_link(self) -> None:
        from ncen_tui.dialogs.link_dialog import LinkDialog

        def chosen(result) -> None:
            if result is not None:
                self.add_link(*result)

        self.app.push_screen(LinkDialog(self.ref), chosen)

    @work(group="detail-write")
    async def add_link(self, other: RecordRef, role: str, a_is_self: bool) -> None:
        a, b = (self.ref, other) if a_is_self else (other, self.ref)
        try:
            await self.db(self.service.links.add, a, b, role)
        except NcenError as exc:
            self.report(exc)
            return
        self.notify("link added")
        self.query_one(TabbedContent).active = "tab-links"
        self.load()

    def action_remove_link(self) -> None:
        from ncen_tui.dialogs.confirm import Confirm

        row = self.selected_link()
        if row is None or self.query_one(TabbedContent).active != "tab-links":
            self.notify("choose a link in the Links tab first", severity="warning")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.remove_link(row.link.uuid, row.link.version)

        self.app.push_screen(Confirm(f"Remove the link '{row.role_label}' to "
                                     f"{row.other_title}?"), confirmed)

    @work(group="detail-write")
    async def remove_link(self, link_uuid: str, version: int) -> None:
        try:
            await self.db(self.service.links.remove, link_uuid, expected_version=version)
        except NcenError as exc:
            self.report(exc)
            return
        self.notify("link removed")
        self.load()

    # -- attachments ----------------------------------------------------------------------

    def selected_attachment(self):
        table = self.query_one("#attachments-table", DataTable)
        if self.detail is None or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((a for a in self.detail.attachments if a.uuid == key), None)

    @on(DataTable.RowHighlighted, "#attachments-table")
    def attachment_highlighted(self) -> None:
        info = self.selected_attachment()
        if info is not None:
            self.preview_attachment(info.sha256)

    def preview_attachment(self, sha256: str) -> None:
        """Draw the thumbnail of ``sha256`` unless it is already shown or being drawn
        (filling the attachments table highlights the first row, the one shown already)."""
        if sha256 != self.previewing:
            self.previewing = sha256
            self.preview(sha256)

    @work(exclusive=True, group="thumbnail")
    async def preview(self, sha256: str) -> None:
        thumbnail = self.query_one("#thumbnail", Thumbnail)
        try:
            drawn = await self.db(self.thumbnail_drawing, sha256, thumbnail.graphics)
        except NcenError as exc:
            self.previewing = None
            self.report(exc)
            return
        thumbnail.show_drawing(drawn)

    def thumbnail_drawing(self, sha256: str, graphics):
        """The stored thumbnail of ``sha256`` drawn for the terminal (database thread)."""
        return drawing(self.service.attachments.thumbnail(sha256), graphics)

    def action_attach(self) -> None:
        from ncen_tui.dialogs.attach_dialog import AttachDialog

        def chosen(result) -> None:
            if result is not None:
                self.attach(*result)

        self.app.push_screen(AttachDialog(), chosen)

    @work(group="detail-write")
    async def attach(self, path: Path, caption: str, category: str) -> None:
        try:
            data = await self.db(path.read_bytes)
        except OSError as exc:
            self.notify(f"cannot read {path}: {exc.strerror}", severity="error", markup=False)
            return
        try:
            await self.db(self.service.attachments.add, self.ref, data, caption=caption,
                          category=category)
        except NcenError as exc:
            self.report(exc)
            return
        self.notify("attached")
        self.query_one(TabbedContent).active = "tab-attachments"
        self.load()

    def action_view_attachment(self) -> None:
        info = self.selected_attachment()
        if info is None:
            self.notify("choose an attachment in the Attachments tab first", severity="warning")
            return
        self.view(info.sha256, info.media_type)

    @work(group="viewer")
    async def view(self, sha256: str, media_type: str) -> None:
        try:
            data = await self.db(self.service.attachments.data, sha256)
        except NcenError as exc:
            self.report(exc)
            return
        path = write_temporary(data, media_type)
        try:
            open_with_system_viewer(path)
        except OSError as exc:
            self.notify(f"no viewer could be started: {exc}", severity="error", markup=False)
            return
        self.notify(f"opened {path}", markup=False)

    def action_network(self) -> None:
        """Link analysis: the records connected to this one."""
        from ncen_tui.screens.link_analysis import LinkAnalysisScreen

        self.app.push_screen(LinkAnalysisScreen(self.ref))

    # -- investigation --------------------------------------------------------------------

    def action_post_message(self) -> None:
        from ncen_tui.dialogs.text_prompt import TextPrompt

        investigation = self.detail.investigation if self.detail else None
        if investigation is None or investigation.refusal:
            self.notify("no investigation you take part in", severity="warning")
            return

        def written(text: str | None) -> None:
            if text:
                self.post(text)

        self.app.push_screen(TextPrompt("Message to the investigation's officers"), written)

    @work(group="detail-write")
    async def post(self, text: str) -> None:
        try:
            await self.db(post_message, self.service, self.ref, text)
        except NcenError as exc:
            self.report(exc)
            return
        self.query_one(TabbedContent).active = "tab-investigation"
        self.load()

    # -- editing --------------------------------------------------------------------------

    def action_edit(self) -> None:
        self.app.open_form(self.ref.record_type, self.ref)
