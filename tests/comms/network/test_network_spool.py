"""Spooling an item off a connection: complete and flushed under its name, or absent.

Over a plain socket pair (the framing is the same inside TLS), for a small item written by
the reading thread and a large one written by a thread of its own."""

from __future__ import annotations

import os
import socket
import threading

import pytest

from ncen_plugins.comms.network.frames import FrameType, ProtocolError, send_frame, send_json
from ncen_plugins.comms.network.spool import (
    BACKGROUND_FROM,
    WRITEBACK_EVERY,
    receive_file,
    remove_unfinished,
    send_file,
)

FRAME = 64 << 10


def sent_over_a_socket(send) -> socket.socket:
    """The receiving end of a socket pair whose other end ``send`` writes to, then closes."""
    receiving, sending = socket.socketpair()

    def run():
        with sending:
            send(sending)

    threading.Thread(target=run, daemon=True).start()
    return receiving


@pytest.mark.parametrize("size", [0, 1, FRAME, 3 * FRAME, 100_000, BACKGROUND_FROM + 12_345,
                                  WRITEBACK_EVERY + FRAME + 1])
def test_an_item_is_spooled_whole_under_its_name(tmp_path, size):
    source = tmp_path / "source.ncen"
    source.write_bytes(os.urandom(size))
    with sent_over_a_socket(lambda sock: send_file(sock, source, FRAME)) as sock:
        spooled = receive_file(sock, tmp_path / "spool" / "item.ncen", size=size,
                               max_frame=FRAME)
    assert spooled.read_bytes() == source.read_bytes()
    assert [path.name for path in spooled.parent.iterdir()] == ["item.ncen"]


@pytest.mark.parametrize("size", [100_000, BACKGROUND_FROM + 12_345])
def test_an_item_whose_bytes_do_not_match_its_hash_leaves_nothing(tmp_path, size):
    data = os.urandom(size)

    def send_altered(sock):
        for start in range(0, size, FRAME):
            send_frame(sock, FrameType.DATA, data[start:start + FRAME])
        send_json(sock, FrameType.END, {"sha256": "0" * 64})

    with sent_over_a_socket(send_altered) as sock, pytest.raises(ProtocolError) as refused:
        receive_file(sock, tmp_path / "spool" / "item.ncen", size=size, max_frame=FRAME)
    assert refused.value.code == "hash"
    assert not list((tmp_path / "spool").iterdir())


def test_a_large_item_cut_half_way_leaves_nothing(tmp_path):
    size = 2 * BACKGROUND_FROM
    data = os.urandom(size // 2)

    def send_half(sock):
        for start in range(0, len(data), FRAME):
            send_frame(sock, FrameType.DATA, data[start:start + FRAME])

    with sent_over_a_socket(send_half) as sock, pytest.raises(ProtocolError) as cut:
        receive_file(sock, tmp_path / "spool" / "item.ncen", size=size, max_frame=FRAME)
    assert cut.value.code == "closed"
    assert not list((tmp_path / "spool").iterdir())


def test_what_a_cut_transfer_left_is_removed_at_start_and_nothing_else(tmp_path):
    spool = tmp_path / "spool"
    spool.mkdir()
    (spool / ".item.ncen.k3x9.part").write_bytes(b"half")
    (spool / "item.ncen").write_bytes(b"whole")
    (spool / "notes.part").write_bytes(b"not ours")
    assert remove_unfinished(spool) == 1
    assert sorted(path.name for path in spool.iterdir()) == ["item.ncen", "notes.part"]
    assert remove_unfinished(tmp_path / "missing") == 0
