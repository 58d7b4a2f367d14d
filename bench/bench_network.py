"""Benchmark: packages over the network channel against a raw TLS 1.3 transfer, same run.

An office pushes 1,000 packages of 100 KB and then 10 of 50 MB to a relay on loopback
over one connection of the real protocol (mutual TLS, frames, SHA-256 announced and
checked, each package spooled with fsync and rename before ``STORED`` comes back). The
baseline streams the same number of bytes over a TLS connection made with the very same
contexts (:mod:`ncen_plugins.comms.network.trust`) into memory, with no protocol, hashing
or disk. Each round runs the raw transfer, the disk-only copy and ncen one after the other,
so each ratio compares runs made under the same load; ``--repeat`` rounds are run and the
medians reported (wall and CPU seconds, and the median of the per-round ratios), with
every round's wall and CPU times. The package bytes are random (sealed packages are
incompressible too) and the relay never opens them, as in production.

Sender and receiver are two processes, in the raw transfer as in ncen: in production they
are two machines, and in one Python process the two sides would take turns on one
interpreter lock (the raw transfer barely notices, its work is all in OpenSSL with the
lock released; ncen's Python code would). The receiving process is forked before the
clock starts; CPU seconds are those of both processes during the transfer.

Acceptance (issue 7): ncen's throughput is at least 50% of the raw transfer's. Since the
channel must make every package durable before acknowledging it and the raw transfer
writes nothing, the run also times the disk's share alone (``durable_copy``: each file
copied to a new file, flushed and renamed, no network): where the disk is slower than
loopback TLS, that is the ceiling of any durable receiver.

The files of every round (copies, mailboxes) are removed only once all rounds of a size
are done: on an ext4 file system without a journal (as on the machine of the README's
figures) creating a file skips every inode freed in the last 30 seconds, one by one, so
deleting a round's thousand files would make the next round's file creations several
times slower.

    python bench/bench_network.py [--repeat 5] [--small 1000] [--large 10] [--folder DIR]

``--folder`` puts the files (sources, copies, mailboxes) under DIR instead of the system's
temporary folder: creating a file costs very different times in different parts of one
ext4 file system (up to 0.9 ms against 0.05 ms on the machine of the README's figures), and
both the durable copy and ncen create one file per package.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import socket
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from ncen_core.timeutil import utcnow
from ncen_plugins.comms.atomic_file import sync_folder
from ncen_plugins.comms.enrolment import make_request, read_request
from ncen_plugins.comms.hq import Draft, sign_draft
from ncen_plugins.comms.keyring_file import verify_keyring_file
from ncen_plugins.comms.keys import OfficeKeys
from ncen_plugins.comms.network.client import Connection, Outgoing
from ncen_plugins.comms.network.mailbox import Mailbox
from ncen_plugins.comms.network.relay import RelayHandler
from ncen_plugins.comms.network.server import NetworkServer
from ncen_plugins.comms.network.trust import client_context, server_context, server_host_name

SMALL_SIZE = 100_000
LARGE_SIZE = 50_000_000
MB = 1_000_000
_BLOCK = 1 << 20


def make_keyring(relay: OfficeKeys, office: OfficeKeys):
    """A signed keyring naming the relay and the sending office."""
    draft, now = Draft(), utcnow().replace(microsecond=0)
    for keys in (relay, office):
        draft = draft.enrol(read_request(make_request(keys)), keys.office, (), ("EU",), now)
    import datetime as dt
    data, _ = sign_draft(draft, relay, now, dt.timedelta(days=1))
    return verify_keyring_file(data, now=now, pinned_hq_key_id=relay.signing_key_id).keyring


def write_files(folder: Path, count: int, size: int) -> list[Path]:
    """``count`` files of ``size`` random bytes (one random block reused, written fresh)."""
    folder.mkdir(parents=True, exist_ok=True)
    block = os.urandom(min(size, _BLOCK))
    paths = []
    for number in range(count):
        path = folder / f"{number:05d}.ncen"
        with path.open("wb") as out:
            remaining = size
            while remaining:
                piece = block[: min(remaining, len(block))]
                out.write(piece)
                remaining -= len(piece)
        paths.append(path)
    return paths


def cpu_seconds() -> float:
    """User and system CPU seconds of this process so far (all its threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(action, receiver: Receiver) -> dict[str, float]:
    """Wall seconds of ``action()`` and the CPU seconds of both processes meanwhile."""
    cpu = cpu_seconds()
    start = time.perf_counter()
    action()
    wall = time.perf_counter() - start
    return {"wall": wall, "cpu": cpu_seconds() - cpu + receiver.cpu()}


class Receiver:
    """A forked process running ``serve(ready, sent)``, the receiving side of one transfer.

    ``serve`` sets up its server, calls ``ready(address)``, may call ``sent()`` to wait
    until the sender is done, and returns once the transfer is over; the parent then
    learns the process's CPU seconds between ``ready`` and the end, and what ``serve``
    returned.
    """

    def __init__(self, serve):
        context = multiprocessing.get_context("fork")
        self._pipe, child = context.Pipe()
        self._process = context.Process(target=self._run, args=(serve, child), daemon=True)
        self._process.start()
        self.address = self._pipe.recv()

    @staticmethod
    def _run(serve, pipe) -> None:
        started = []

        def ready(address):
            started.append(cpu_seconds())
            pipe.send(address)

        result = serve(ready, pipe.recv)
        pipe.send((cpu_seconds() - started[0], result))

    def cpu(self) -> float:
        """Tell the receiver the sender is done, wait for the end of the transfer; the CPU
        seconds the receiver spent on it."""
        self._pipe.send("sent")
        cpu, self.result = self._pipe.recv()
        self._process.join()
        return cpu


def push_all(office: OfficeKeys, keyring, address, paths: list[Path]) -> None:
    """Every file as a package for the relay's own mailbox, over one pipelined connection."""
    items = [Outgoing("package", "HQ-RELAY", str(uuid.uuid4()), path) for path in paths]
    with Connection.open(office, keyring, "HQ-RELAY", address) as connection:
        for _ in connection.push_files(items):
            pass


def raw_transfer(relay: OfficeKeys, office: OfficeKeys, keyring, total: int) -> dict:
    """Stream ``total`` bytes over TLS with the same contexts, into memory; timed."""

    def receive(ready, sent):
        listener = socket.create_server(("127.0.0.1", 0))
        context = server_context(relay, keyring)
        ready(listener.getsockname())
        raw, _ = listener.accept()
        with context.wrap_socket(raw, server_side=True) as tls:
            buffer = bytearray(_BLOCK)
            remaining = total
            while remaining:
                remaining -= tls.recv_into(buffer, min(remaining, _BLOCK))
            tls.sendall(b"k")
        listener.close()
        sent()

    receiver = Receiver(receive)
    block = os.urandom(_BLOCK)

    def send():
        raw = socket.create_connection(receiver.address)
        with client_context(office, keyring.office("HQ-RELAY")).wrap_socket(
                raw, server_hostname=server_host_name("HQ-RELAY")) as tls:
            remaining = total
            while remaining:
                piece = block[: min(remaining, _BLOCK)]
                tls.sendall(piece)
                remaining -= len(piece)
            tls.recv(1)

    return timed(send, receiver)


def durable_copy(paths: list[Path], folder: Path) -> dict:
    """The disk's share alone: copy each file to its own new file, flush, rename, flush the
    folder, as any receiver that keeps what it acknowledges must; timed."""
    folder.mkdir(parents=True, exist_ok=True)

    def copy_all():
        for path in paths:
            partial = folder / f".{path.name}.part"
            with path.open("rb") as source, partial.open("wb") as target:
                while block := source.read(_BLOCK):
                    target.write(block)
                target.flush()
                os.fsync(target.fileno())
            partial.replace(folder / path.name)
            sync_folder(folder)

    cpu = cpu_seconds()
    start = time.perf_counter()
    copy_all()
    return {"wall": time.perf_counter() - start, "cpu": cpu_seconds() - cpu}


def push_to_relay(relay: OfficeKeys, office: OfficeKeys, keyring, paths: list[Path],
                  mailbox: Mailbox) -> dict:
    """The real channel: every file through a relay (its own process) into ``mailbox``;
    timed."""

    def serve(ready, sent):
        server = NetworkServer(relay, keyring, RelayHandler(mailbox), address=("127.0.0.1", 0))
        server.start()
        ready(server.address)
        sent()
        server.close()
        return mailbox.counts()

    receiver = Receiver(serve)
    result = timed(lambda: push_all(office, keyring, receiver.address, paths), receiver)
    assert receiver.result == {"HQ-RELAY": len(paths)}, receiver.result
    return result


def median_of(runs: list[dict]) -> dict[str, float]:
    """Median wall and CPU seconds of ``runs``."""
    return {key: statistics.median(run[key] for run in runs) for key in ("wall", "cpu")}


def measure(label: str, count: int, size: int, folder: Path, repeat: int) -> dict:
    relay, office = OfficeKeys.generate("HQ-RELAY"), OfficeKeys.generate("FR-CDG")
    keyring = make_keyring(relay, office)
    folder = folder / label
    paths = write_files(folder / "source", count, size)
    total = count * size
    rounds = []
    for attempt in range(repeat):
        rounds.append({
            "raw_tls": raw_transfer(relay, office, keyring, total),
            "durable_copy": durable_copy(paths, folder / f"{label}-copy-{attempt}"),
            "ncen": push_to_relay(relay, office, keyring, paths,
                                  Mailbox(folder / f"{label}-mailbox-{attempt}")),
        })
    shutil.rmtree(folder)
    medians = {name: median_of([run[name] for run in rounds])
               for name in ("raw_tls", "ncen", "durable_copy")}
    for result in medians.values():
        result["mb_per_s"] = total / MB / result["wall"]
    medians["ncen"]["packages_per_s"] = count / medians["ncen"]["wall"]
    return {
        "packages": count, "package_bytes": size, "total_mb": total / MB, **medians,
        "ratio_to_raw": statistics.median(run["raw_tls"]["wall"] / run["ncen"]["wall"]
                                          for run in rounds),
        "ratio_to_durable_copy": statistics.median(
            run["durable_copy"]["wall"] / run["ncen"]["wall"] for run in rounds),
        "rounds": [{name: {key: round(value, 3) for key, value in run[name].items()}
                    for name in run} for run in rounds],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--small", type=int, default=1000, help="packages of 100 KB")
    parser.add_argument("--large", type=int, default=10, help="packages of 50 MB")
    parser.add_argument("--folder", type=Path, default=None,
                        help="where the files go (default: the system's temporary folder)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ncen-bench-network-", dir=options.folder) as folder:
        results = {
            "small": measure("small", options.small, SMALL_SIZE, Path(folder), options.repeat),
            "large": measure("large", options.large, LARGE_SIZE, Path(folder), options.repeat),
        }
    results["acceptance"] = {"minimum_ratio": 0.5,
                             "met": all(results[k]["ratio_to_raw"] >= 0.5
                                        for k in ("small", "large"))}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
