"""The relay mailbox over real TLS: pipelined pushes answered in order once durable, items
deleted only on confirmation, and what the relay refuses to store."""

from __future__ import annotations

import uuid

import pytest
from network_world import FAST, connect, make_world, ready_session, running_relay

from ncen_core.timeutil import utcnow
from ncen_plugins.comms.network.client import Outgoing
from ncen_plugins.comms.network.frames import (
    FrameType,
    ProtocolError,
    RemoteError,
    read_frame,
    send_json,
)
from ncen_plugins.comms.network.mailbox import Mailbox
from ncen_plugins.comms.receipts import Receipt, sign_receipt


@pytest.fixture
def world():
    return make_world("FR-CDG", "BE-BRU", "NL-AMS")


@pytest.fixture
def relay(world, tmp_path):
    with running_relay(world, tmp_path / "mailbox") as server:
        yield server


def files(folder, count, size=3000):
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"{number}.ncen"
        path.write_bytes((number.to_bytes(2, "big") * size)[:size])
        paths.append(path)
    return paths


def test_pipelined_pushes_are_answered_in_order_each_once_stored(world, relay, tmp_path):
    items = [Outgoing("package", "BE-BRU", str(uuid.uuid4()), path)
             for path in files(tmp_path / "out", 300)]
    with connect(world, "FR-CDG", relay) as connection:
        answers = [(item.item_id, reply.json()["id"])
                   for item, reply in connection.push_files(items)]
    assert answers == [(item.item_id, item.item_id) for item in items]
    mailbox = Mailbox(tmp_path / "mailbox")
    assert {(entry.item_id, entry.sender, entry.path.read_bytes()) for entry in
            mailbox.waiting("BE-BRU")} == {(item.item_id, "FR-CDG", item.path.read_bytes())
                                           for item in items}


def test_an_item_stays_until_its_recipient_confirms_it(world, relay, tmp_path):
    [path] = files(tmp_path / "out", 1)
    with connect(world, "FR-CDG", relay) as sender:
        sender.push_file("package", "BE-BRU", str(uuid.uuid4()), path)
    with connect(world, "BE-BRU", relay) as recipient:
        first = recipient.pull(tmp_path / "in")
    with connect(world, "BE-BRU", relay) as recipient:
        again = recipient.pull(tmp_path / "in")
        recipient.confirm(again)
        assert recipient.pull(tmp_path / "in") is None
    assert (first.item_id, first.sender) == (again.item_id, "FR-CDG")
    assert again.path.read_bytes() == path.read_bytes()


def test_an_office_only_collects_its_own_mailbox(world, relay, tmp_path):
    [path] = files(tmp_path / "out", 1)
    with connect(world, "FR-CDG", relay) as sender:
        sender.push_file("package", "BE-BRU", str(uuid.uuid4()), path)
    with connect(world, "NL-AMS", relay) as other:
        assert other.pull(tmp_path / "in") is None


def test_a_receipt_in_another_office_name_is_not_stored(world, relay, tmp_path):
    receipt = Receipt(str(uuid.uuid4()), "BE-BRU", "FR-CDG", "imported", None,
                      utcnow().replace(microsecond=0))
    path = tmp_path / "receipt"
    path.write_bytes(sign_receipt(world.offices["BE-BRU"], receipt))
    with connect(world, "NL-AMS", relay) as impostor, pytest.raises(RemoteError) as refused:
        impostor.push_file("receipt", "FR-CDG", receipt.package_id, path)
    assert refused.value.code == "bad-receipt"
    assert Mailbox(tmp_path / "mailbox").counts().get("FR-CDG", 0) == 0


def test_an_item_for_an_office_the_keyring_does_not_list_is_refused(world, relay, tmp_path):
    [path] = files(tmp_path / "out", 1)
    with connect(world, "FR-CDG", relay) as sender, pytest.raises(RemoteError) as refused:
        sender.push_file("package", "XX-NONE", str(uuid.uuid4()), path)
    assert refused.value.code == "unknown-recipient"


def test_a_package_larger_than_the_cap_is_refused_before_its_bytes(world, relay):
    tls = ready_session(world.offices["FR-CDG"], world.keyring(), "HQ-RELAY", relay.address)
    send_json(tls, FrameType.PUT, {"kind": "package", "to": "BE-BRU", "id": str(uuid.uuid4()),
                                   "size": FAST.max_package + 1})
    with pytest.raises(RemoteError) as refused:
        read_frame(tls, 1 << 20)
    assert refused.value.code == "too-large"


def test_the_client_keeps_a_package_over_the_server_cap_and_says_why(world, relay, tmp_path):
    [path] = files(tmp_path / "out", 1, size=FAST.max_package + 1)
    with connect(world, "FR-CDG", relay) as sender, pytest.raises(ProtocolError) as kept:
        sender.push_file("package", "BE-BRU", str(uuid.uuid4()), path)
    assert kept.value.code == "too-large" and "at most" in str(kept.value)


def test_a_restarted_relay_removes_what_a_cut_transfer_left_and_keeps_its_items(world, tmp_path):
    [path] = files(tmp_path / "out", 1)
    with running_relay(world, tmp_path / "mailbox") as relay, \
            connect(world, "FR-CDG", relay) as sender:
        sender.push_file("package", "BE-BRU", str(uuid.uuid4()), path)
    folder = tmp_path / "mailbox" / "BE-BRU"
    (folder / ".cut.package.FR-CDG.x1y2.part").write_bytes(b"half of a package")
    with running_relay(world, tmp_path / "mailbox"):
        assert [entry.name for entry in folder.iterdir() if entry.name.startswith(".")] == []
        assert Mailbox(tmp_path / "mailbox").counts() == {"BE-BRU": 1}
