"""Network status: each office's route, open connections and delivery state, the outbox
queue with attempts, last errors and receipts, and the server's own report (running or
not, and for a relay the items waiting per office). ``r`` reads it all again."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from ncen_core.errors import NcenError
from ncen_tui import keys
from ncen_tui.data.display import literal
from ncen_tui.screens.base import SessionScreen

from ..network.outbox_table import DELIVERED, QUEUED, REJECTED, RELAYED
from .network_data import PAGE, NetworkOverview, QueueItem, network_overview, queue_page

OFFICE_COLUMNS = ("Office", "Route", "Conn", "State", "Queued", "Relayed", "Done",
                  "Refused", "Last error")
QUEUE_COLUMNS = ("Item", "To", "Kind", "State", "Tries", "Next try", "Error / receipt")
STATE_STYLE = {"failing": "bold red", "waiting": "yellow", "ok": "green", "idle": "dim"}


class NetworkScreen(SessionScreen):
    """Where packages stand on the network channel."""

    WHERE = "Network"
    BINDINGS = keys.bindings("network.reload")
    DEFAULT_CSS = """
    NetworkScreen #network-summary { height: auto; padding: 0 1; }
    NetworkScreen TabbedContent { height: 1fr; }
    NetworkScreen DataTable { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.overview: NetworkOverview | None = None
        self.queue: list[QueueItem] = []
        self.queue_complete = False

    def compose_body(self) -> ComposeResult:
        yield Static("reading the outbox...", id="network-summary")
        with TabbedContent():
            with TabPane("Offices", id="tab-network-offices"):
                yield DataTable(id="network-offices", cursor_type="row", zebra_stripes=True)
            with TabPane("Outbox", id="tab-network-queue"):
                yield DataTable(id="network-queue", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#network-offices", DataTable).add_columns(*OFFICE_COLUMNS)
        self.query_one("#network-queue", DataTable).add_columns(*QUEUE_COLUMNS)
        self.action_reload()

    def action_reload(self) -> None:
        self.queue, self.queue_complete = [], False
        self.query_one("#network-queue", DataTable).clear()
        self.load()

    @work(exclusive=True, group="network")
    async def load(self) -> None:
        try:
            overview = await self.db(network_overview, self.service)
        except NcenError as exc:
            self.query_one("#network-summary", Static).update(
                literal(str(exc), multiline=True, style="bold red"))
            return
        self.overview = overview
        self.query_one("#network-summary", Static).update(summary_text(overview))
        offices = self.query_one("#network-offices", DataTable)
        offices.clear()
        for office in overview.offices:
            counts = office.counts
            offices.add_row(
                literal(office.code), literal(office.route), literal(str(office.connections)),
                literal(office.state, style=STATE_STYLE.get(office.state, "")),
                *(literal(str(counts.get(state, 0)))
                  for state in (QUEUED, RELAYED, DELIVERED, REJECTED)),
                literal(office.last_error))
        await self.more_queue()

    async def more_queue(self) -> None:
        """Append the next page of the outbox queue."""
        after = self.queue[-1].id if self.queue else 0
        try:
            items = await self.db(queue_page, self.service, after)
        except NcenError as exc:
            self.report(exc)
            return
        table = self.query_one("#network-queue", DataTable)
        for item in items:
            table.add_row(*(literal(cell) for cell in (
                str(item.id), item.destination, item.kind, item.state, str(item.attempts),
                item.next_attempt_at.strftime("%m-%d %H:%M") if item.state == QUEUED else "",
                item.last_error or item.receipt)))
        self.queue.extend(items)
        self.queue_complete = len(items) < PAGE

    @on(DataTable.RowHighlighted, "#network-queue")
    def maybe_more(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row == event.data_table.row_count - 1 and not self.queue_complete:
            self.queue_complete = True
            self.next_page()

    @work(exclusive=True, group="network-queue")
    async def next_page(self) -> None:
        await self.more_queue()


def summary_text(overview: NetworkOverview) -> Text:
    """The server's state, the relays this office collects from, failing offices."""
    text = Text()
    server = overview.server
    if server is None:
        text.append("ncen serve has never run on this installation", style="dim")
    elif server.running:
        text.append(f"ncen serve running as {server.role} on {server.address}, keyring "
                    f"serial {server.keyring_serial}, {len(server.connections)} connections",
                    style="green")
    else:
        last = server.updated_at.strftime("%Y-%m-%d %H:%M")
        text.append(f"ncen serve not running (last report {last} UTC)", style="bold yellow")
    if server is not None and server.running and server.mailbox:
        waiting = ", ".join(f"{office} {count}" for office, count in server.mailbox.items())
        text.append(f"\nRelay mailbox: {sum(server.mailbox.values())} items waiting "
                    f"({waiting})")
    failing = sum(1 for office in overview.offices if office.state == "failing")
    relays = ", ".join(overview.relays) or "none (reached directly)"
    text.append(f"\n{len(overview.offices)} offices, ")
    text.append(f"{failing} failing", style="bold red" if failing else "")
    text.append(f"; this office collects from relay: {relays}")
    return text
