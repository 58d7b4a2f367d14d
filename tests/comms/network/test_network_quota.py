"""The relay's per-office mailbox quota: what would go over it is refused with a reason
naming the office, before a byte is spooled, and collecting frees the space."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

import pytest
from network_world import FAST, connect, make_world

from ncen_plugins.comms.network.frames import RemoteError
from ncen_plugins.comms.network.mailbox import Mailbox
from ncen_plugins.comms.network.quota import QuotaSizeError, parse_size
from ncen_plugins.comms.network.relay import RelayHandler
from ncen_plugins.comms.network.server import NetworkServer

QUOTA = 10_000


@pytest.fixture
def world():
    return make_world("FR-CDG", "BE-BRU", "NL-AMS")


@contextmanager
def relay_with_quota(world, folder):
    server = NetworkServer(world.offices["HQ-RELAY"], world.keyring(),
                           RelayHandler(Mailbox(folder), quota=QUOTA),
                           address=("127.0.0.1", 0), limits=FAST)
    server.start()
    try:
        yield server
    finally:
        server.close()


def package(tmp_path, size: int):
    path = tmp_path / f"{uuid.uuid4()}.ncen"
    path.write_bytes(b"x" * size)
    return path


def push(world, relay, office, to, path, item_id=None):
    with connect(world, office, relay) as sender:
        return sender.push_file("package", to, item_id or str(uuid.uuid4()), path)


def test_a_push_over_the_office_quota_is_refused_until_the_office_collects(world, tmp_path):
    with relay_with_quota(world, tmp_path / "mailbox") as relay:
        push(world, relay, "FR-CDG", "BE-BRU", package(tmp_path, 6_000))
        with pytest.raises(RemoteError) as refused:
            push(world, relay, "FR-CDG", "BE-BRU", package(tmp_path, 6_000))
        assert refused.value.code == "mailbox-full"
        assert "BE-BRU" in str(refused.value) and str(QUOTA) in str(refused.value)
        assert Mailbox(tmp_path / "mailbox").counts() == {"BE-BRU": 1}
        assert [p.name for p in (tmp_path / "mailbox" / "BE-BRU").iterdir()
                if p.name.startswith(".")] == []
        push(world, relay, "FR-CDG", "NL-AMS", package(tmp_path, 6_000))
        with connect(world, "BE-BRU", relay) as recipient:
            recipient.confirm(recipient.pull(tmp_path / "in"))
        push(world, relay, "FR-CDG", "BE-BRU", package(tmp_path, 6_000))


def test_an_item_larger_than_the_whole_quota_can_never_be_stored(world, tmp_path):
    with relay_with_quota(world, tmp_path / "mailbox") as relay:
        with pytest.raises(RemoteError) as refused:
            push(world, relay, "FR-CDG", "BE-BRU", package(tmp_path, QUOTA + 1))
        assert refused.value.code == "over-quota"
    assert Mailbox(tmp_path / "mailbox").counts().get("BE-BRU", 0) == 0


def test_a_restarted_relay_counts_what_its_mailbox_kept(world, tmp_path):
    with relay_with_quota(world, tmp_path / "mailbox") as relay:
        push(world, relay, "FR-CDG", "BE-BRU", package(tmp_path, 6_000))
    with relay_with_quota(world, tmp_path / "mailbox") as relay, \
            pytest.raises(RemoteError) as refused:
        push(world, relay, "NL-AMS", "BE-BRU", package(tmp_path, 6_000))
    assert refused.value.code == "mailbox-full"


def test_a_resent_item_counts_once(world, tmp_path):
    """Three copies of 4,000 bytes counted once leave room for 6,000 more."""
    item_id, path = str(uuid.uuid4()), package(tmp_path, 4_000)
    with relay_with_quota(world, tmp_path / "mailbox") as relay:
        for _ in range(3):
            push(world, relay, "FR-CDG", "BE-BRU", path, item_id)
        push(world, relay, "FR-CDG", "BE-BRU", package(tmp_path, 6_000))
        assert Mailbox(tmp_path / "mailbox").counts() == {"BE-BRU": 2}


@pytest.mark.parametrize(("text", "size"), [("123", 123), ("500M", 500 << 20),
                                            ("10G", 10 << 30), ("2GiB", 2 << 30),
                                            ("64k", 64 << 10)])
def test_quota_sizes(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "ten", "10 X", "-5M", "1.5G"])
def test_a_quota_that_is_not_a_size_is_refused(text):
    with pytest.raises(QuotaSizeError, match="expected a size"):
        parse_size(text)
