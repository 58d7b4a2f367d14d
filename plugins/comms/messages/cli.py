"""``ncen message``: the office's mail to and from other offices, on the command line.

``send`` writes to an office (``--to``) or a keyring group (``--group``); ``reply`` answers
a message in its thread; ``list`` shows the inbox (or ``--sent``) newest first with the
unread count; ``show`` prints one message, or its whole thread with ``--thread``, and marks
a received message read, which sends the read receipt (``--keep-unread`` does not).
Sending and read receipts need the keystore passphrase (NCEN_KEY_PASSPHRASE or a prompt).
Text is printed literally.
"""

from __future__ import annotations

from pathlib import Path

import click

from ncen_core.cli.context import CliState, pass_state
from ncen_core.records import RecordRef

from .. import wire
from ..file_transport.cli import office_keys
from ..keyring_store import load_keyring
from ..sharing.selection import parse_reference
from .service import MessageService
from .store import MessageSummary, MessageView


def _service(state: CliState, *, with_keys: bool) -> MessageService:
    records = state.session()
    if not with_keys:
        return MessageService(records)
    return MessageService(records, office_keys(state),
                          load_keyring(state.config.data_dir).keyring)


def _body(body: str | None, body_file: Path | None) -> str:
    if (body is None) == (body_file is None):
        raise click.UsageError("give the text with --body TEXT or --body-file FILE (one of them)")
    if body_file is not None:
        try:
            return body_file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise click.BadParameter(f"{body_file} is not UTF-8 text",
                                     param_hint="--body-file") from None
    return body or ""


def _references(state: CliState, texts: tuple[str, ...]) -> list[RecordRef]:
    office = state.open().office_code
    return [parse_reference(text, office) for text in texts]


_body_options = (
    click.option("--body", help="The text of the message."),
    click.option("--body-file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
                 help="Read the text from this UTF-8 file."),
    click.option("--record", "references", multiple=True, metavar="TYPE:UUID",
                 help="Refer to a record (repeatable; TYPE:ORIGIN:UUID for another office's)."),
    click.option("--attach", "attachments", multiple=True,
                 type=click.Path(path_type=Path, dir_okay=False, exists=True),
                 help="Attach a photo, PDF or X-ray image (repeatable)."),
)


def _with_body_options(command):
    for option in reversed(_body_options):
        command = option(command)
    return command


@click.group("message")
def message_group() -> None:
    """Messages to and from other offices."""


@message_group.command("send")
@click.option("--to", metavar="OFFICE", help="Write to one office.")
@click.option("--group", metavar="GROUP", help="Write to every other office of a group.")
@click.option("--subject", required=True)
@_with_body_options
@pass_state
def send_command(state: CliState, to: str | None, group: str | None, subject: str,
                 body: str | None, body_file: Path | None, references: tuple[str, ...],
                 attachments: tuple[Path, ...]) -> None:
    """Write a new message."""
    if (to is None) == (group is None):
        raise click.UsageError("name the addressee with --to OFFICE or --group GROUP (one)")
    text = _body(body, body_file)
    service = _service(state, with_keys=True)
    kind, name = ("office", to) if to else ("group", group)
    sent = service.send(kind, (name or "").upper(), subject, text,
                        records=_references(state, references), attachments=attachments)
    click.echo(f"Message {sent.summary.message_id} sent to "
               f"{', '.join(sorted(sent.read_by))}.")


@message_group.command("reply")
@click.argument("message_id")
@click.option("--subject", help="Another subject (default: Re: and the original's).")
@_with_body_options
@pass_state
def reply_command(state: CliState, message_id: str, subject: str | None, body: str | None,
                  body_file: Path | None, references: tuple[str, ...],
                  attachments: tuple[Path, ...]) -> None:
    """Answer a message, in its thread."""
    text = _body(body, body_file)
    service = _service(state, with_keys=True)
    sent = service.reply(message_id, text, subject=subject,
                         records=_references(state, references), attachments=attachments)
    click.echo(f"Reply {sent.summary.message_id} sent to {', '.join(sorted(sent.read_by))}.")


@message_group.command("list")
@click.option("--sent", is_flag=True, help="Sent messages instead of the inbox.")
@click.option("--unread", is_flag=True, help="Only messages not read yet.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@click.option("--after", "after_id", type=int, help="Continue after this list number.")
@pass_state
def list_command(state: CliState, sent: bool, unread: bool, limit: int,
                 after_id: int | None) -> None:
    """The inbox (or sent messages), newest first."""
    service = _service(state, with_keys=False)
    if sent:
        lines = service.sent(after_id=after_id, limit=limit)
    else:
        lines = service.inbox(after_id=after_id, limit=limit, unread_only=unread)
        click.echo(f"{service.unread_count()} unread")
    for line in lines:
        click.echo(_line(line))


@message_group.command("show")
@click.argument("message_id")
@click.option("--thread", is_flag=True, help="Show the whole conversation.")
@click.option("--keep-unread", is_flag=True, help="Do not mark it read (no read receipt).")
@pass_state
def show_command(state: CliState, message_id: str, thread: bool, keep_unread: bool) -> None:
    """Show a message (marking it read) or its thread."""
    service = _service(state, with_keys=False)
    view = service.show(message_id)
    views = service.thread(view.summary.thread_id) if thread else [view]
    for index, item in enumerate(views):
        if index:
            click.echo("-" * 60)
        _print(item)
    if view.summary.unread and not keep_unread:
        _service(state, with_keys=True).mark_read(message_id)
        click.echo(f"(marked read; read receipt sent to {view.summary.sender_office})")


def _line(line: MessageSummary) -> str:
    flag = "*" if line.unread else " "
    who = f"to {line.to_name}" if line.outgoing else f"from {line.sender_office}"
    return (f"{line.id:>6} {flag} {wire.format_time(line.sent_at)}  {who:<16} "
            f"{line.subject}  [{line.message_id}]")


def _print(view: MessageView) -> None:
    summary = view.summary
    click.echo(f"Message {summary.message_id} (thread {summary.thread_id})")
    click.echo(f"From:    {summary.sender_office}"
               + (f" ({summary.author})" if summary.author else ""))
    click.echo(f"To:      {summary.to_kind} {summary.to_name}")
    click.echo(f"Date:    {wire.format_time(summary.sent_at)}")
    click.echo(f"Subject: {summary.subject}")
    if view.in_reply_to:
        click.echo(f"Reply to: {view.in_reply_to}")
    for ref in view.records:
        click.echo(f"Record:  {ref}")
    for attachment in view.attachments:
        click.echo(f"Attached: {attachment.filename} ({attachment.media_type}, "
                   f"{attachment.size} bytes, sha256 {attachment.sha256})")
    for office, read_at in view.read_by.items():
        click.echo(f"Read by {office}: "
                   + ("not yet" if read_at is None else wire.format_time(read_at)))
    click.echo("")
    click.echo(view.body)


COMMANDS = (message_group,)
"""The message commands, added to the comms plugin's commands."""
