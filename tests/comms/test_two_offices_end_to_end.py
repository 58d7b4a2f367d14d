"""Acceptance: two offices exchange by file through their shared exchange folder.

FR-CDG keeps its records in PostgreSQL (when the suite has one; SQLite otherwise) and
BE-BRU in SQLite; each has its own keys and copy of the keyring. Records with links and
photos go both ways through ``ncen share``'s sealing and the file transport; receipts come
back and mark each delivery; a tombstone and a withdrawal propagate; every package
delivered a second time changes nothing; messages go both ways.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from ncen_testing import USER_PASSWORD, backend_url, backends
from PIL import Image
from receiving_world import IGNORED_BY_DUMP, dump
from two_offices import Office, office_pair

from ncen_core.attachment_service import AttachmentService
from ncen_core.declarations import Audience
from ncen_core.links import LinkService
from ncen_core.record_service import RecordService
from ncen_core.records import Record, RecordRef
from ncen_core.users import add_user
from ncen_plugins.comms.file_transport.folder import DONE, FileTransport
from ncen_plugins.comms.file_transport.inbox import receive_all
from ncen_plugins.comms.file_transport.ledger import SentLedger
from ncen_plugins.comms.file_transport.sending import deliver_shared
from ncen_plugins.comms.messages.service import MessageService
from ncen_plugins.comms.sharing.builder import build_share
from ncen_plugins.comms.sharing.seal import seal_share
from ncen_plugins.comms.sharing.selection import Selection
from ncen_plugins.comms.sharing.withdrawals import seal_withdrawals

LEGAL_BASIS = "Naples II Convention, art. 10"
UNCHANGED_BY_REPLAY = (*IGNORED_BY_DUMP, "comms_file_delivery")
"""Tables a duplicate may touch: audit, bookkeeping, and the receipts it answers with."""


@pytest.fixture
def offices(tmp_path):
    backend = "postgresql" if "postgresql" in backends() else "sqlite"
    (tmp_path / "fr-db").mkdir()
    for fr_url in backend_url(backend, tmp_path / "fr-db"):
        for fr, be, _ in office_pair(fr_url, tmp_path, with_databases=True):
            yield fr, be


def supervisor(office: Office) -> RecordService:
    user = add_user(office.ncen.system, f"sup.{office.code.lower()}", USER_PASSWORD,
                    "supervisor", full_name="Supervisor", unit="EXCH")
    return RecordService(office.ncen, user)


def picture(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(out, format="PNG")
    return out.getvalue()


def seizure(service: RecordService, reference: str) -> Record:
    return service.create("seizure", {
        "reference": reference, "seizure_date": dt.date(2025, 3, 14),
        "place_name": "Deurganck dock", "place_country": "BE", "transport_mode": "1",
        "items": [{"commodity": "DRUGS", "quantity": "412.5 KG",
                   "description": "bricks in banana boxes"}],
    }, distribution="group", tlp="AMBER", legal_basis=LEGAL_BASIS)


def share(service: RecordService, office: Office, to: str, *refs: RecordRef,
          out: Path, via: Path | None = None) -> None:
    """Seal ``refs`` for office ``to`` as ``ncen share`` does, and deliver them by file
    (through the route, or into the folder ``via``)."""
    out.mkdir()
    with build_share(service, Audience("office", to, LEGAL_BASIS), Selection(refs=refs),
                     office.keyring, workdir=out) as plan:
        paths = seal_share(plan, office.keys, office.keyring, out)
    deliver_shared(office.ncen, paths, service.user.username,
                   via=None if via is None else via.as_uri())


def receive(office: Office, inbox: Path | None = None) -> list[str]:
    """Receive everything waiting in the inbox (or another folder); the statuses."""
    outcomes = receive_all(office.ncen, office.keys, office.keyring,
                           FileTransport(inbox or office.inbox))
    return [outcome.result.status for outcome in outcomes]


def copy_of(office: Office, ref: RecordRef) -> Record:
    return office.officer.get(ref, include_deleted=True)


def test_two_offices_exchange_records_links_photos_tombstones_withdrawals_and_messages(
        offices, tmp_path):
    fr, be = offices
    fr_sup, be_sup = supervisor(fr), supervisor(be)

    # FR-CDG to BE-BRU: a seizure with a photo, linked to a suspect.
    found = seizure(fr_sup, "FR-2025-0001")
    person = fr_sup.create("suspect", {
        "family_name": "Moreau", "given_names": "Jean", "gender": "M",
        "date_of_birth": "1987-03", "nationalities": [{"country": "FR"}],
        "documents": [{"document_type": "PASSPORT", "number": "19FR48213",
                       "issuing_country": "FR"}],
    }, distribution="group", tlp="AMBER", legal_basis=LEGAL_BASIS)
    fr_photo = picture((200, 30, 30))
    AttachmentService(fr_sup).add(found.ref, fr_photo, caption="boxes")
    LinkService(fr_sup).add(found.ref, person.ref, "SEIZ_SUSP_COURIER")
    share(fr_sup, fr, "BE-BRU", found.ref, person.ref, out=tmp_path / "fr-out-1")
    assert receive(be) == ["imported"]
    assert copy_of(be, person.ref).values["family_name"] == "Moreau"
    assert [link.role for link in LinkService(be.officer).of(found.ref)] == ["SEIZ_SUSP_COURIER"]
    (attachment,) = AttachmentService(be.officer).of(found.ref)
    assert AttachmentService(be.officer).data(attachment.sha256) == fr_photo
    assert receive(fr) == ["imported"]
    assert {s.kind: s.status for s in SentLedger(fr.ncen.database).page()} == {
        "records": "imported"}

    # BE-BRU to FR-CDG on a USB stick: its own seizure with a photo, linked to a company.
    theirs = seizure(be_sup, "BE-2025-0042")
    firm = be_sup.create("company", {"legal_name": "Banana Import BV", "country": "BE",
                                     "registration_number": "0712.345.678"},
                         distribution="group", tlp="AMBER", legal_basis=LEGAL_BASIS)
    be_photo = picture((30, 200, 30))
    AttachmentService(be_sup).add(theirs.ref, be_photo, caption="x-ray")
    LinkService(be_sup).add(theirs.ref, firm.ref, "SEIZ_COMP_IMPORTER")
    stick = tmp_path / "usb-stick"
    share(be_sup, be, "FR-CDG", theirs.ref, firm.ref, out=tmp_path / "be-out-1", via=stick)
    assert FileTransport(fr.inbox).waiting() == []
    assert receive(fr, stick) == ["imported"]
    assert copy_of(fr, firm.ref).values["legal_name"] == "Banana Import BV"
    assert [link.b for link in LinkService(fr.officer).of(theirs.ref)] == [firm.ref]
    (attachment,) = AttachmentService(fr.officer).of(theirs.ref)
    assert AttachmentService(fr.officer).data(attachment.sha256) == be_photo

    # A tombstone propagates: FR-CDG deletes the suspect and shares the deletion.
    fr_sup.tombstone(person.ref, expected_version=1)
    share(fr_sup, fr, "BE-BRU", person.ref, out=tmp_path / "fr-out-2")
    receive(be)
    gone = copy_of(be, person.ref)
    assert gone.deleted and "family_name" not in {k for k, v in gone.values.items() if v}

    # A withdrawal propagates: FR-CDG narrows the seizure to local use only.
    fr_sup.update(found.ref, {}, expected_version=1, distribution="local")
    withdrawals = seal_withdrawals(fr_sup, fr.keys, fr.keyring, tmp_path / "fr-out-3")
    deliver_shared(fr.ncen, withdrawals, fr_sup.user.username)
    assert receive(be) == ["imported"]
    assert copy_of(be, found.ref).deleted
    assert AttachmentService(be.officer).of(found.ref) == []

    # Messages both ways, in one thread.
    question = MessageService(fr.officer, fr.keys, fr.keyring).send(
        "office", "BE-BRU", "Banana Import BV", "Do you know the consignee?",
        records=[firm.ref])
    receive(be)
    be_messages = MessageService(be.officer, be.keys, be.keyring)
    be_messages.reply(question.summary.message_id, "Yes: two earlier seizures.")
    receive(fr)
    thread = MessageService(fr.officer).thread(question.summary.thread_id)
    assert [m.summary.sender_office for m in thread] == ["FR-CDG", "BE-BRU"]

    # Every package delivered again changes nothing, in either office.
    for office in (fr, be):
        receive(office)
        before = dump(office.ncen, UNCHANGED_BY_REPLAY)
        done = office.inbox / DONE
        for path in sorted(done.iterdir()):
            shutil.move(path, office.inbox / path.name)
        statuses = receive(office)
        assert statuses and set(statuses) == {"duplicate"}
        assert dump(office.ncen, UNCHANGED_BY_REPLAY) == before

    # Every package either office sent was acknowledged as imported by the other.
    for office in (fr, be):
        receive(office)
        verdicts = {(s.kind, s.status) for s in SentLedger(office.ncen.database).page(limit=500)
                    if s.kind != "receipt"}
        assert {status for _, status in verdicts} == {"imported"}
