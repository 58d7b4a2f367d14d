"""Group commit: no answer leaves before its item's flush and its folder's flush are done,
and answers keep the order of the requests even when later flushes finish first."""

from __future__ import annotations

import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from ncen_plugins.comms.network import replies as replies_module
from ncen_plugins.comms.network.frames import FrameType, read_frame
from ncen_plugins.comms.network.replies import BATCH, Replies
from ncen_plugins.comms.network.timed_socket import TimedSocket


@pytest.fixture
def pair():
    server, client = socket.socketpair()
    with server, client, ThreadPoolExecutor(max_workers=8) as pool:
        yield Replies(TimedSocket(server, 5.0, 60.0), pool), client


def answers(client: socket.socket, count: int) -> list[int]:
    return [read_frame(client, 1 << 10).json()["id"] for _ in range(count)]


def nothing_arrived(client: socket.socket) -> bool:
    client.settimeout(0.2)
    try:
        return client.recv(1, socket.MSG_PEEK) == b""
    except TimeoutError:
        return True
    finally:
        client.settimeout(None)


def test_no_answer_before_the_flush_of_its_item_and_of_its_folder(pair, tmp_path, monkeypatch):
    replies, client = pair
    flushed, folders_flushed = threading.Event(), []
    monkeypatch.setattr(replies_module, "sync_folder", folders_flushed.append)
    replies.after(flushed.wait, FrameType.STORED, {"id": 1}, folder=tmp_path)
    waiting = threading.Thread(target=replies.before_read)
    waiting.start()
    assert nothing_arrived(client)
    assert folders_flushed == []
    flushed.set()
    waiting.join(5)
    assert answers(client, 1) == [1]
    assert folders_flushed == [tmp_path]


def test_answers_keep_request_order_across_batches(pair, tmp_path, monkeypatch):
    replies, client = pair
    monkeypatch.setattr(replies_module, "sync_folder", lambda folder: None)
    first = threading.Event()
    count = 2 * BATCH + 5
    for number in range(count):
        replies.after(first.wait if number == 0 else (lambda: None), FrameType.STORED,
                      {"id": number}, folder=tmp_path)
    closing = threading.Thread(target=replies.now, args=(FrameType.NONE, {}))
    closing.start()
    assert nothing_arrived(client)
    first.set()
    closing.join(5)
    assert answers(client, count) == list(range(count))
    assert read_frame(client, 1 << 10).type is FrameType.NONE


def test_a_failed_flush_is_never_answered(pair, tmp_path):
    replies, client = pair

    def fail():
        raise OSError("disk full")

    replies.after(fail, FrameType.STORED, {"id": 1}, folder=tmp_path)
    with pytest.raises(OSError, match="disk full"):
        replies.before_read()
    assert nothing_arrived(client)
