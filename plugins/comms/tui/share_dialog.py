"""The share dialog: audience, legal basis and records in; exactly what would leave out.

Enter (in any field) builds the plan and shows its preview: one row per package, record
(with the fields that go), link, attachment, and per record held back with the reason.
``ctrl+s`` seals the previewed plan with the session's office keys (the passphrase is asked
once per session) and delivers the packages through the recipients' routes, or into the
folder typed in the last field (a USB stick); the non-nominal export is written there as a
file. Changing a field and pressing enter again makes a new preview; a plan is never
sealed without having been shown.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Select, Static

from ncen_core.errors import NcenError
from ncen_tui import keys
from ncen_tui.data.display import literal

from ..sharing import SharePlan
from .session_keys import office_keys
from .share_data import (
    AUDIENCE_KINDS,
    PREVIEW_ROWS,
    PreviewRow,
    ShareRequest,
    plan_share,
    preview_rows,
    seal_plan,
)

PREVIEW_COLUMNS = ("Item", "Record", "Ver", "Fields that go / why held back")


class ShareDialog(ModalScreen[None]):
    """Preview a share, then seal it; escape closes (and deletes an unsent plan)."""

    BINDINGS = keys.bindings("screen.back", "share.seal")
    DEFAULT_CSS = """
    ShareDialog { align: center middle; }
    ShareDialog > Vertical {
        width: 80; height: 24; border: round $primary; background: $surface; padding: 0 1;
    }
    ShareDialog Horizontal { height: auto; }
    ShareDialog #share-kind { width: 26; }
    ShareDialog #share-name { width: 14; }
    ShareDialog #share-basis { width: 1fr; }
    ShareDialog #share-query, ShareDialog #share-via { width: 100%; }
    ShareDialog #share-summary { height: auto; }
    ShareDialog DataTable { height: 1fr; }
    """

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.plan: SharePlan | None = None
        self.rows: list[PreviewRow] = []
        self.sent: list[str] = []
        self.error = ""

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Share records"
            with Horizontal():
                yield Select([(label, kind) for kind, label in AUDIENCE_KINDS],
                             prompt="For whom", id="share-kind", compact=True)
                yield Input(placeholder="office/group", id="share-name", compact=True)
                yield Input(placeholder="legal basis (personal data)", id="share-basis",
                            compact=True)
            yield Input(self.initial_query, placeholder="records: a query, e.g. type:seizure "
                        "date:-30d", id="share-query", compact=True)
            yield Input(placeholder="deliver through the routes, or into this folder or URL",
                        id="share-via", compact=True)
            yield Static("enter: preview   ctrl+s: seal and send   escape: close",
                         classes="hint", id="share-summary")
            yield DataTable(id="share-preview", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*PREVIEW_COLUMNS)
        self.query_one("#share-kind", Select).focus()

    def request(self) -> ShareRequest:
        kind = self.query_one("#share-kind", Select).value
        return ShareRequest("" if kind is Select.BLANK else str(kind),
                            self.query_one("#share-name", Input).value,
                            self.query_one("#share-basis", Input).value,
                            self.query_one("#share-query", Input).value)

    @on(Input.Submitted)
    def preview(self) -> None:
        self.make_plan(self.request())

    @work(exclusive=True, group="share")
    async def make_plan(self, request: ShareRequest) -> None:
        """Build the plan and its first rows on the database thread."""
        self.drop_plan()
        self.error = ""
        self.say(Text("planning the share..."))
        try:
            plan = await self.app.db.run(plan_share, self.app.service, request)
            rows = await self.app.db.run(preview_rows, plan)
        except NcenError as exc:
            self.show_error(str(exc))
            return
        self.plan, self.rows = plan, rows
        self.say(summary_text(plan))
        table = self.query_one(DataTable)
        for row in rows:
            table.add_row(*(literal(cell) for cell in (row.item, row.record, row.version,
                                                       row.detail)))

    def action_seal(self) -> None:
        """Seal and deliver the plan shown."""
        if self.plan is None:
            self.show_error("press enter to preview the share first")
            return
        self.seal()

    @work(exclusive=True, group="share")
    async def seal(self) -> None:
        plan = self.plan
        office = None if plan.is_non_nominal else await office_keys(self)
        if office is None and not plan.is_non_nominal:
            return
        via = self.query_one("#share-via", Input).value
        try:
            self.sent = await self.app.db.run(seal_plan, self.app.service, plan, office, via)
        except NcenError as exc:
            self.show_error(str(exc))
            return
        self.drop_plan()
        self.say(literal("sent: " + "; ".join(self.sent), multiline=True, style="bold green"))

    def show_error(self, message: str) -> None:
        self.error = message
        self.say(literal(message, multiline=True, style="bold red"))

    def say(self, text: Text) -> None:
        self.query_one("#share-summary", Static).update(text)

    def drop_plan(self) -> None:
        """Forget the plan shown (its files are deleted) and empty the preview."""
        if self.plan is not None:
            self.plan.close()
        self.plan, self.rows = None, []
        self.query_one(DataTable).clear()

    def action_back(self) -> None:
        self.drop_plan()
        self.dismiss(None)


def summary_text(plan: SharePlan) -> Text:
    """The plan's counts in one or two lines."""
    summary = plan.summary()
    audience = plan.audience
    target = audience.name or audience.kind.replace("_", "-")
    text = Text(no_wrap=False)
    text.append(f"{audience.kind} {target}: ", style="bold")
    if plan.is_non_nominal:
        text.append(f"{summary['exported']} records exported without personal data")
    else:
        text.append(f"{summary['packages']} packages, {summary['records']} records, "
                    f"{summary['tombstones']} tombstones, {summary['links']} links, "
                    f"{summary['attachments']} attachments")
    text.append(f"; {summary['held_back']} held back")
    text.append(f" (first {PREVIEW_ROWS} rows shown)", style="dim")
    return text
