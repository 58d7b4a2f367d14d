"""Benchmark: packages over the network channel against a raw TLS 1.3 transfer, same run.

An office pushes 1,000 packages of 100 KB and then 10 of 50 MB to a relay on loopback
over one connection of the real protocol (mutual TLS, frames, SHA-256 announced and
checked, each package spooled with fsync and rename before ``STORED`` comes back). The
baseline streams the same number of bytes over a TLS connection made with the very same
contexts (:mod:`ncen_plugins.comms.network.trust`) into memory, with no protocol, hashing
or disk. Each round runs the raw transfer, the disk-only copy and ncen one after the other,
so each ratio compares runs made under the same load; ``--repeat`` rounds are run and the
medians reported (wall and CPU seconds, and the median of the per-round ratios), with
every round's wall times. The package bytes are random (sealed packages are
incompressible too) and the relay never opens them, as in production.

Acceptance (issue 7): ncen's throughput is at least 50% of the raw transfer's. Since the
channel must make every package durable before acknowledging it and the raw transfer
writes nothing, the run also times the disk's share alone (``durable_copy``: each file
copied to a new file, flushed and renamed, no network): where the disk is slower than
loopback TLS, that is the ceiling of any durable receiver.

    python bench/bench_network.py [--repeat 5] [--small 1000] [--large 10]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import shutil
import socket
import statistics
import tempfile
import threading
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


def timed(action) -> dict[str, float]:
    """Wall and CPU seconds (this process, all threads) of ``action()``."""
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    action()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    return {"wall": wall, "cpu": (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)}


def push_all(office: OfficeKeys, keyring, address, paths: list[Path]) -> None:
    """Every file as a package for the relay's own mailbox, over one pipelined connection."""
    items = [Outgoing("package", "HQ-RELAY", str(uuid.uuid4()), path) for path in paths]
    with Connection.open(office, keyring, "HQ-RELAY", address) as connection:
        for _ in connection.push_files(items):
            pass


def raw_transfer(relay: OfficeKeys, office: OfficeKeys, keyring, total: int) -> dict:
    """Stream ``total`` bytes over TLS with the same contexts, into memory; timed."""
    listener = socket.create_server(("127.0.0.1", 0))
    context = server_context(relay, keyring)

    def receive():
        raw, _ = listener.accept()
        with context.wrap_socket(raw, server_side=True) as tls:
            remaining = total
            while remaining:
                remaining -= len(tls.recv(min(remaining, _BLOCK)))
            tls.sendall(b"k")

    thread = threading.Thread(target=receive)
    thread.start()
    block = os.urandom(_BLOCK)

    def send():
        raw = socket.create_connection(listener.getsockname())
        with client_context(office, keyring.office("HQ-RELAY")).wrap_socket(
                raw, server_hostname=server_host_name("HQ-RELAY")) as tls:
            remaining = total
            while remaining:
                piece = block[: min(remaining, _BLOCK)]
                tls.sendall(piece)
                remaining -= len(piece)
            tls.recv(1)

    result = timed(send)
    thread.join()
    listener.close()
    return result


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

    result = timed(copy_all)
    shutil.rmtree(folder)
    return result


def push_to_relay(relay: OfficeKeys, office: OfficeKeys, keyring, paths: list[Path],
                  mailbox: Mailbox) -> dict:
    """The real channel: every file through a relay into ``mailbox``; timed, then emptied."""
    server = NetworkServer(relay, keyring, RelayHandler(mailbox), address=("127.0.0.1", 0))
    server.start()
    try:
        result = timed(functools.partial(push_all, office, keyring, server.address, paths))
    finally:
        server.close()
    assert mailbox.counts() == {"HQ-RELAY": len(paths)}
    shutil.rmtree(mailbox.root)
    return result


def median_of(runs: list[dict]) -> dict[str, float]:
    """Median wall and CPU seconds of ``runs``."""
    return {key: statistics.median(run[key] for run in runs) for key in ("wall", "cpu")}


def measure(label: str, count: int, size: int, folder: Path, repeat: int) -> dict:
    relay, office = OfficeKeys.generate("HQ-RELAY"), OfficeKeys.generate("FR-CDG")
    keyring = make_keyring(relay, office)
    paths = write_files(folder / f"{label}-source", count, size)
    total = count * size
    rounds = []
    for attempt in range(repeat):
        rounds.append({
            "raw_tls": raw_transfer(relay, office, keyring, total),
            "durable_copy": durable_copy(paths, folder / f"{label}-copy"),
            "ncen": push_to_relay(relay, office, keyring, paths,
                                  Mailbox(folder / f"{label}-mailbox-{attempt}")),
        })
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
        "rounds_wall": [{name: round(run[name]["wall"], 3) for name in run} for run in rounds],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--small", type=int, default=1000, help="packages of 100 KB")
    parser.add_argument("--large", type=int, default=10, help="packages of 50 MB")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ncen-bench-network-") as folder:
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
