"""The message screens' work: a thread to read, the first reading noted, a message sent.

Reading needs no keys. Noting the first reading of a received message sends its sender a
read receipt, and sending signs and seals, so both take the office keys the session
unlocked (:mod:`.session_keys`). Every function runs on the interface's database thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from ncen_core.record_service import RecordService

from ..keys import OfficeKeys
from ..messages.service import MessageService
from ..messages.store import MessageView
from .session_keys import held_keyring


@dataclass(frozen=True)
class Draft:
    """A message as composed: to an office or a group, or a reply to ``reply_to``."""

    to_kind: str
    to_name: str
    subject: str
    body: str
    reply_to: str | None = None


def read_thread(service: RecordService, message_id: str) -> list[MessageView]:
    """The thread ``message_id`` belongs to, oldest first."""
    messages = MessageService(service)
    return messages.thread(messages.show(message_id).summary.thread_id)


def note_read(service: RecordService, keys: OfficeKeys, message_id: str) -> bool:
    """Mark a received message read and send the read receipt (False if read before)."""
    return MessageService(service, keys, held_keyring(service)).mark_read(message_id)


def send_draft(service: RecordService, keys: OfficeKeys, draft: Draft) -> MessageView:
    """Seal and send ``draft`` through the routes of its recipient offices."""
    messages = MessageService(service, keys, held_keyring(service))
    if draft.reply_to is not None:
        return messages.reply(draft.reply_to, draft.body, subject=draft.subject or None)
    return messages.send(draft.to_kind, draft.to_name.strip().upper(), draft.subject,
                         draft.body)
