"""Writing a message to an office or a group of the keyring, or a reply in a thread.

``ctrl+s`` sends: the message is sealed with the session's office keys (the passphrase is
asked once per session) and delivered through the route of every recipient office. The
dialog answers True once the message is sent; a refusal (unknown office, text too long,
no keys) is shown in it and nothing is sent.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static, TextArea

from ncen_core.errors import NcenError
from ncen_tui import keys
from ncen_tui.data.display import literal

from ..messages.store import MessageView
from .messages_data import Draft, send_draft
from .session_keys import office_keys

ADDRESSEES = (("An office", "office"), ("A group", "group"))


class ComposeDialog(ModalScreen[bool]):
    """A new message, or a reply to ``reply_to``."""

    BINDINGS = keys.bindings("screen.back", "message.send")
    DEFAULT_CSS = """
    ComposeDialog { align: center middle; }
    ComposeDialog > Vertical {
        width: 78; height: 22; border: round $primary; background: $surface; padding: 0 1;
    }
    ComposeDialog Horizontal { height: auto; }
    ComposeDialog #compose-kind { width: 16; }
    ComposeDialog #compose-to { width: 1fr; }
    ComposeDialog #compose-subject { width: 100%; }
    ComposeDialog TextArea { height: 1fr; }
    ComposeDialog #compose-status { height: auto; }
    """

    def __init__(self, reply_to: MessageView | None = None) -> None:
        super().__init__()
        self.reply_to = reply_to
        self.sent: MessageView | None = None
        self.error = ""

    def compose(self) -> ComposeResult:
        original = self.reply_to.summary if self.reply_to else None
        with Vertical() as box:
            box.border_title = "Reply" if original else "New message"
            if original is None:
                with Horizontal():
                    yield Select(ADDRESSEES, value="office", allow_blank=False,
                                 id="compose-kind", compact=True)
                    yield Input(placeholder="office or group code", id="compose-to",
                                compact=True)
            subject = ""
            if original is not None:
                subject = original.subject if original.subject.startswith("Re: ") \
                    else f"Re: {original.subject}"
            yield Input(subject[:200], placeholder="subject", id="compose-subject",
                        compact=True)
            yield TextArea(id="compose-body")
            yield Static("ctrl+s: send   escape: cancel", classes="hint", id="compose-status")

    def on_mount(self) -> None:
        first = "#compose-body" if self.reply_to else "#compose-to"
        self.query_one(first).focus()

    def draft(self) -> Draft:
        subject = self.query_one("#compose-subject", Input).value
        body = self.query_one("#compose-body", TextArea).text
        if self.reply_to is not None:
            return Draft("", "", subject, body, reply_to=self.reply_to.summary.message_id)
        return Draft(str(self.query_one("#compose-kind", Select).value),
                     self.query_one("#compose-to", Input).value, subject, body)

    def action_send(self) -> None:
        self.send(self.draft())

    @work(exclusive=True, group="compose")
    async def send(self, draft: Draft) -> None:
        office = await office_keys(self)
        if office is None:
            return
        self.query_one("#compose-status", Static).update(Text("sending..."))
        try:
            self.sent = await self.app.db.run(send_draft, self.app.service, office, draft)
        except NcenError as exc:
            self.error = str(exc)
            self.query_one("#compose-status", Static).update(
                literal(self.error, multiline=True, style="bold red"))
            return
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)
