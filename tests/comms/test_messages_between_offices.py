"""Messages between two offices: composing to an office or a group, threads, replies,
attachments, read receipts, unread counts, and refusals of badly composed messages.

FR-CDG runs on each backend under test, BE-BRU on SQLite; packages travel through the
shared exchange folder and are applied by the message applier, as the importer calls it.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image
from two_offices import Office, office_pair

from ncen_core.errors import NotFoundError, ValidationError
from ncen_core.records import RecordRef
from ncen_plugins.comms.file_transport.folder import FileTransport
from ncen_plugins.comms.file_transport.inbox import receive_all
from ncen_plugins.comms.file_transport.names import PackageFileName
from ncen_plugins.comms.messages.service import MessageError, MessageService


@pytest.fixture
def pair(db_url, tmp_path):
    for fr, be, _ in office_pair(db_url, tmp_path):
        yield fr, be


def messages(office: Office) -> MessageService:
    return MessageService(office.officer, office.keys, office.keyring)


def collect(office: Office) -> list[str]:
    """Receive every package waiting in the office's inbox; what each carried.

    Receipts are received too but not listed, so the lists show the messages' traffic.
    """
    outcomes = receive_all(office.ncen, office.keys, office.keyring, FileTransport(office.inbox))
    assert all(o.result.status == "imported" for o in outcomes), outcomes
    return [name for o in outcomes if o.result.kind == "message"
            for name in o.result.counts]


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return out.getvalue()


def test_a_message_to_an_office_arrives_unread_in_its_inbox(pair):
    fr, be = pair
    sent = messages(fr).send("office", "BE-BRU", "Container MSKU1234565",
                             "Please check this container on arrival.\nThanks.")
    (name,) = [PackageFileName.parse(p.name) for p in FileTransport(be.inbox).waiting()]
    assert (name.sender, name.recipient, name.kind) == ("FR-CDG", "BE-BRU", "message")
    assert collect(be) == ["messages"]
    inbox = messages(be)
    (line,) = inbox.inbox()
    assert (line.message_id, line.sender_office, line.subject, line.unread) == (
        sent.summary.message_id, "FR-CDG", "Container MSKU1234565", True)
    assert inbox.unread_count() == 1
    assert inbox.show(line.message_id).body == "Please check this container on arrival.\nThanks."
    assert messages(fr).sent()[0].message_id == sent.summary.message_id


def test_a_reply_continues_the_thread_and_goes_back_to_the_sender(pair):
    fr, be = pair
    first = messages(fr).send("office", "BE-BRU", "Courier network", "Do you know them?")
    collect(be)
    reply = messages(be).reply(first.summary.message_id, "Yes, two seizures last year.")
    assert reply.summary.subject == "Re: Courier network"
    assert reply.in_reply_to == first.summary.message_id
    assert collect(fr) == ["messages"]
    thread = messages(fr).thread(first.summary.thread_id)
    assert [(m.summary.sender_office, m.summary.outgoing) for m in thread] == [
        ("FR-CDG", True), ("BE-BRU", False)]
    assert thread[1].in_reply_to == first.summary.message_id


def test_reading_a_message_sends_a_read_receipt_once(pair):
    fr, be = pair
    sent = messages(fr).send("office", "BE-BRU", "Alert", "Suspect travelling tomorrow.")
    collect(be)
    assert messages(fr).show(sent.summary.message_id).read_by == {"BE-BRU": None}
    reader = messages(be)
    assert reader.mark_read(sent.summary.message_id) is True
    assert reader.mark_read(sent.summary.message_id) is False
    assert reader.unread_count() == 0
    assert collect(fr) == ["read receipts"]
    assert collect(fr) == []
    read_by = messages(fr).show(sent.summary.message_id).read_by
    assert read_by["BE-BRU"] is not None


def test_a_group_message_is_one_package_for_every_other_member(pair, tmp_path):
    fr, be = pair
    sent = messages(fr).send("group", "EU", "Trend", "Cocaine in banana boxes again.")
    names = {PackageFileName.parse(p.name) for p in (tmp_path / "exchange").rglob("*.ncen")}
    assert {n.recipient for n in names} == {"BE-BRU", "NL-AMS"}
    assert len({n.package_id for n in names}) == 1
    assert set(messages(fr).show(sent.summary.message_id).read_by) == {"BE-BRU", "NL-AMS"}
    assert collect(be) == ["messages"]


def test_attachments_and_record_references_travel_with_the_message(pair, tmp_path):
    fr, be = pair
    photo = tmp_path / "concealment.png"
    photo.write_bytes(png())
    record = fr.officer.create("specimen", {"reference": "GATE-4"})
    sent = messages(fr).send("office", "BE-BRU", "Photo", "See the photo.",
                             records=[record.ref], attachments=[photo])
    collect(be)
    received = messages(be).show(sent.summary.message_id)
    (attachment,) = received.attachments
    assert (attachment.filename, attachment.media_type) == ("concealment.png", "image/png")
    assert messages(be).attachment(attachment.sha256) == photo.read_bytes()
    assert received.records == (record.ref,)


def test_the_same_message_package_delivered_twice_is_stored_once(pair):
    fr, be = pair
    messages(fr).send("office", "BE-BRU", "Once", "Only once.")
    (path,) = FileTransport(be.inbox).waiting()
    again = path.read_bytes()
    collect(be)
    path.write_bytes(again)
    (outcome,) = receive_all(be.ncen, be.keys, be.keyring, FileTransport(be.inbox))
    assert outcome.result.status == "duplicate"
    assert outcome.receipt == "receipt (duplicate) sent to FR-CDG"
    assert len(messages(be).inbox()) == 1


def test_the_inbox_pages_by_key_newest_first(pair):
    fr, be = pair
    for number in range(5):
        messages(fr).send("office", "BE-BRU", f"Message {number}", "Body.")
    collect(be)
    inbox = messages(be)
    first = inbox.inbox(limit=2)
    second = inbox.inbox(after_id=first[-1].id, limit=2)
    rest = inbox.inbox(after_id=second[-1].id, limit=2)
    subjects = [m.subject for m in first + second + rest]
    assert len(subjects) == 5 and len(set(subjects)) == 5
    assert [m.id for m in first + second + rest] == sorted(
        (m.id for m in first + second + rest), reverse=True)


@pytest.mark.parametrize("subject, body", [("", "Body."), ("Subject", ""),
                                           ("Two\nlines", "Body."), ("S", "bell \x07")])
def test_a_badly_written_message_is_refused_and_nothing_is_sent(pair, subject, body):
    fr, be = pair
    with pytest.raises(ValidationError):
        messages(fr).send("office", "BE-BRU", subject, body)
    assert FileTransport(be.inbox).waiting() == [] and messages(fr).sent() == []


def test_an_unknown_addressee_or_record_is_refused(pair):
    fr, _ = pair
    with pytest.raises(Exception, match="names no office 'XX-NONE'"):
        messages(fr).send("office", "XX-NONE", "Hello", "Body.")
    with pytest.raises(NotFoundError):
        messages(fr).send("office", "BE-BRU", "Hello", "Body.",
                          records=[RecordRef("specimen", "FR-CDG", "0" * 8 + "-0000-4000-8000-" + "0" * 12)])
    assert messages(fr).sent() == []


def test_writing_to_this_office_itself_is_refused(pair):
    fr, _ = pair
    with pytest.raises(MessageError, match="office FR-CDG has no active office other than"):
        messages(fr).send("office", "FR-CDG", "Hello", "Body.")


def test_sending_without_the_office_keys_is_a_clear_error(pair):
    fr, _ = pair
    with pytest.raises(MessageError, match="unlock the keystore"):
        MessageService(fr.officer).send("office", "BE-BRU", "Hello", "Body.")
