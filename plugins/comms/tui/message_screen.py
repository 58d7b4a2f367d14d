"""One conversation between offices, oldest message first; ``r`` replies to the last one.

Opening a received message that nobody has read yet marks it read and sends the read
receipt, which needs the office keys: the passphrase is asked if the session has not
unlocked them yet (escape leaves the message unread, but shows it).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ncen_core.errors import NcenError
from ncen_tui import keys
from ncen_tui.data.display import visible
from ncen_tui.screens.base import SessionScreen

from ..messages.store import MessageView
from .messages_data import note_read, read_thread
from .session_keys import office_keys


class MessageScreen(SessionScreen):
    """The thread of the message ``message_id``."""

    WHERE = "Message"
    BINDINGS = keys.bindings("message.reply")
    DEFAULT_CSS = """
    MessageScreen VerticalScroll { height: 1fr; padding: 0 1; }
    MessageScreen .message { margin-bottom: 1; }
    """

    def __init__(self, message_id: str) -> None:
        super().__init__()
        self.message_id = message_id
        self.thread: list[MessageView] = []
        self.marked_read = False

    def compose_body(self) -> ComposeResult:
        yield VerticalScroll(id="message-thread")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="message")
    async def load(self) -> None:
        try:
            self.thread = await self.db(read_thread, self.service, self.message_id)
        except NcenError as exc:
            self.report(exc)
            return
        scroll = self.query_one("#message-thread", VerticalScroll)
        await scroll.remove_children()
        await scroll.mount_all([Static(message_text(view), classes="message")
                                for view in self.thread])
        scroll.scroll_end(animate=False)
        opened = next(view for view in self.thread
                      if view.summary.message_id == self.message_id)
        if opened.summary.unread:
            await self.mark_read()

    async def mark_read(self) -> None:
        """Note the reading and send the read receipt, with the session's keys."""
        office = await office_keys(self)
        if office is None:
            return
        try:
            self.marked_read = await self.db(note_read, self.service, office, self.message_id)
        except NcenError as exc:
            self.report(exc)

    def action_reply(self) -> None:
        from .compose_dialog import ComposeDialog

        if self.thread:
            self.app.push_screen(ComposeDialog(reply_to=self.thread[-1]),
                                 lambda sent: self.load() if sent else None)


def message_text(view: MessageView) -> Text:
    """Header and body of one message, literally (it was written in another office)."""
    summary = view.summary
    text = Text()
    to = f"{summary.to_kind} {summary.to_name}"
    text.append(f"{visible(summary.subject)}\n", style="bold")
    text.append(f"from {summary.sender_office} ({visible(summary.author)}) to {to}, "
                f"{summary.sent_at:%Y-%m-%d %H:%M}\n", style="dim")
    text.append(visible(view.body, multiline=True))
    if view.records:
        text.append("\nrecords: " + ", ".join(f"{r.record_type}:{r.origin}:{r.uuid}"
                                              for r in view.records), style="dim")
    if view.attachments:
        text.append("\nattachments: " + ", ".join(visible(a.filename)
                                                  for a in view.attachments), style="dim")
    if view.read_by:
        text.append("\nread: " + ", ".join(
            f"{office} {at:%Y-%m-%d %H:%M}" if at else f"{office} not yet"
            for office, at in view.read_by.items()), style="dim")
    return text
