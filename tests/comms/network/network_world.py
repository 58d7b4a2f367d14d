"""Offices, a keyring and servers on loopback for the network tests: real keys, real TLS."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from ncen_core.timeutil import utcnow
from ncen_plugins.comms.enrolment import make_request, read_request
from ncen_plugins.comms.hq import Draft, sign_draft
from ncen_plugins.comms.keyring import Keyring
from ncen_plugins.comms.keyring_file import verify_keyring_file
from ncen_plugins.comms.keys import OfficeKeys
from ncen_plugins.comms.messages.payload import MESSAGE_PART, MessagePayload
from ncen_plugins.comms.network.client import Connection
from ncen_plugins.comms.network.frames import FrameType, expect, read_frame, send_json
from ncen_plugins.comms.network.limits import NetworkLimits
from ncen_plugins.comms.network.mailbox import Mailbox
from ncen_plugins.comms.network.relay import RelayHandler
from ncen_plugins.comms.network.server import NetworkServer
from ncen_plugins.comms.network.trust import client_context, server_host_name
from ncen_plugins.comms.package import PartSource, seal_package

FAST = NetworkLimits(max_frame=64 << 10, max_package=8 << 20, idle_timeout=1.0,
                     overall_timeout=20.0, connections_per_office=2, max_connections=16)
"""Short timeouts and small caps, so refusals happen quickly."""


@dataclass
class NetWorld:
    """Headquarters, offices and the keyring draft listing them."""

    hq: OfficeKeys = field(default_factory=lambda: OfficeKeys.generate("HQ"))
    offices: dict[str, OfficeKeys] = field(default_factory=dict)
    draft: Draft = field(default_factory=Draft)

    def enrol(self, code: str, *endpoints: str, keys: OfficeKeys | None = None) -> OfficeKeys:
        keys = keys or OfficeKeys.generate(code)
        self.offices[code] = keys
        self.draft = self.draft.enrol(read_request(make_request(keys)), f"Office {code}",
                                      endpoints, ("EU",), utcnow().replace(microsecond=0))
        return keys

    def revoke(self, code: str) -> None:
        self.draft = self.draft.revoke(code, None, "compromised",
                                       utcnow().replace(microsecond=0))

    def signed(self) -> bytes:
        data, self.draft = sign_draft(self.draft, self.hq, utcnow().replace(microsecond=0)
                                      - dt.timedelta(seconds=5), dt.timedelta(days=30))
        return data

    def keyring(self) -> Keyring:
        return verify_keyring_file(self.signed(), now=utcnow(),
                                   pinned_hq_key_id=self.hq.signing_key_id).keyring

    def install_keyring(self, data_dir: Path) -> None:
        """Write the next signed keyring where an office keeps it."""
        from ncen_plugins.comms.keyring_store import import_keyring
        import_keyring(data_dir, self.signed(), now=utcnow(),
                       hq_fingerprint=self.hq.signing_key_id)


def raw_session(keys: OfficeKeys, keyring: Keyring, server: str,
                address: tuple[str, int]) -> ssl.SSLSocket:
    """A TLS connection as ``keys`` to ``server`` that has read the server's HELLO only."""
    raw = socket.create_connection(address, timeout=10)
    tls = client_context(keys, keyring.office(server)).wrap_socket(
        raw, server_hostname=server_host_name(server))
    expect(read_frame(tls, 1 << 20), FrameType.HELLO)
    return tls


def ready_session(keys: OfficeKeys, keyring: Keyring, server: str,
                  address: tuple[str, int]) -> ssl.SSLSocket:
    """A TLS connection past the version handshake, ready for requests."""
    tls = raw_session(keys, keyring, server, address)
    send_json(tls, FrameType.HELLO, {"version": 1, "office": keys.office})
    expect(read_frame(tls, 1 << 20), FrameType.READY)
    return tls


def set_endpoints(world: NetWorld, endpoints: dict[str, str]) -> None:
    """Give offices of the draft their endpoints (ports are known once servers listen)."""
    world.draft = replace(world.draft, offices=tuple(
        replace(office, endpoints=(endpoints[office.code],)) if office.code in endpoints
        else office for office in world.draft.offices))


def seal_message(sender: OfficeKeys, keyring: Keyring, recipient: str, folder: Path,
                 subject: str) -> tuple[str, Path]:
    """A real message package from ``sender`` to ``recipient``: (package id, file)."""
    payload = MessagePayload(str(uuid.uuid4()), str(uuid.uuid4()), None, "office", recipient,
                             subject, "Body of " + subject, utcnow().replace(microsecond=0))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{subject}.ncen"
    with path.open("wb") as out:
        manifest = seal_package(sender, [keyring.office(recipient)], "message",
                                [PartSource.from_bytes(MESSAGE_PART, payload.to_bytes())], out)
    return manifest.package_id, path


def make_world(*codes: str) -> NetWorld:
    """A keyring with the relay ``HQ-RELAY`` and an office for every code."""
    world = NetWorld()
    for code in ("HQ-RELAY", *codes):
        world.enrol(code)
    return world


@contextmanager
def running_relay(world: NetWorld, mailbox: Path) -> Iterator[NetworkServer]:
    """The relay ``HQ-RELAY`` serving ``mailbox`` on a free loopback port."""
    server = NetworkServer(world.offices["HQ-RELAY"], world.keyring(),
                           RelayHandler(Mailbox(mailbox)), address=("127.0.0.1", 0),
                           limits=FAST)
    server.start()
    try:
        yield server
    finally:
        server.close()


def connect(world: NetWorld, code: str, server: NetworkServer,
            keyring: Keyring | None = None) -> Connection:
    """A connection of office ``code`` to the relay."""
    return Connection.open(world.offices[code], keyring or world.keyring(), "HQ-RELAY",
                           server.address, limits=FAST)
