"""Every refusal of the network server, each over real TLS on loopback."""

from __future__ import annotations

import datetime as dt
import shutil
import socket
import ssl
import struct
import subprocess
from dataclasses import replace

import pytest
from network_world import FAST, connect, make_world, raw_session, ready_session, running_relay

from ncen_core.timeutil import utcnow
from ncen_plugins.comms.hq import sign_draft
from ncen_plugins.comms.keyring import KeyringExpiredError
from ncen_plugins.comms.keyring_file import read_signed_keyring
from ncen_plugins.comms.keys import OfficeKeys
from ncen_plugins.comms.network.frames import (
    FrameType,
    PeerClosed,
    RemoteError,
    read_frame,
    send_frame,
    send_json,
)
from ncen_plugins.comms.network.mailbox import Mailbox
from ncen_plugins.comms.network.relay import RelayHandler
from ncen_plugins.comms.network.server import NetworkServer
from ncen_plugins.comms.network.trust import client_context, server_host_name

CUT = (PeerClosed, ssl.SSLError, ConnectionError)


@pytest.fixture
def world():
    return make_world("FR-CDG", "BE-BRU")


@pytest.fixture
def relay(world, tmp_path):
    with running_relay(world, tmp_path / "mailbox") as server:
        yield server


def test_a_trusted_office_is_greeted_and_served(world, relay, tmp_path):
    with connect(world, "FR-CDG", relay) as connection:
        assert connection.role == "relay"
        assert connection.pull(tmp_path) is None


def test_a_tls12_client_is_refused(world, relay):
    keyring = world.keyring()
    context = client_context(world.offices["FR-CDG"], keyring.office("HQ-RELAY"))
    context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_2
    with pytest.raises(ssl.SSLError), socket.create_connection(relay.address, timeout=5) as raw:
        context.wrap_socket(raw, server_hostname=server_host_name("HQ-RELAY"))


def test_a_client_without_a_certificate_is_refused(world, relay):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.load_verify_locations(cadata=world.keyring().office("HQ-RELAY").tls_certificate)
    with pytest.raises(CUT), socket.create_connection(relay.address, timeout=5) as raw:
        tls = context.wrap_socket(raw, server_hostname=server_host_name("HQ-RELAY"))
        read_frame(tls, 1 << 20)


def test_a_certificate_not_in_the_keyring_is_refused(world, relay):
    stranger = OfficeKeys.generate("XX-UNK")
    with pytest.raises(CUT):
        tls = raw_session(stranger, world.keyring(), "HQ-RELAY", relay.address)
        read_frame(tls, 1 << 20)


def test_a_revoked_office_is_refused_after_a_keyring_reload(world, relay):
    world.revoke("FR-CDG")
    relay.reload_keyring(world.keyring())
    with pytest.raises(CUT):
        tls = raw_session(world.offices["FR-CDG"], world.keyring(), "HQ-RELAY",
                          relay.address)
        read_frame(tls, 1 << 20)


def test_a_revoked_office_loses_its_open_connection_at_the_reload(world, relay, tmp_path):
    connection = connect(world, "FR-CDG", relay)
    world.revoke("FR-CDG")
    assert relay.reload_keyring(world.keyring()) == ["FR-CDG"]
    with pytest.raises(CUT + (OSError,)):
        connection.pull(tmp_path)
    with connect(world, "BE-BRU", relay) as other:
        assert other.pull(tmp_path) is None


def test_a_rotated_certificate_takes_effect_without_a_restart(world, relay, tmp_path):
    old = world.offices["FR-CDG"]
    world.enrol("FR-CDG", keys=OfficeKeys.generate("FR-CDG"))
    relay.reload_keyring(world.keyring())
    with pytest.raises(CUT):
        read_frame(raw_session(old, world.keyring(), "HQ-RELAY", relay.address), 1 << 20)
    with connect(world, "FR-CDG", relay) as connection:
        assert connection.pull(tmp_path) is None


def test_a_handshake_naming_another_office_is_refused(world, relay):
    tls = raw_session(world.offices["FR-CDG"], world.keyring(), "HQ-RELAY", relay.address)
    send_json(tls, FrameType.HELLO, {"version": 1, "office": "BE-BRU"})
    with pytest.raises(RemoteError) as refused:
        read_frame(tls, 1 << 20)
    assert refused.value.code == "office-mismatch"


def test_a_protocol_version_the_server_does_not_speak_is_refused(world, relay):
    tls = raw_session(world.offices["FR-CDG"], world.keyring(), "HQ-RELAY", relay.address)
    send_json(tls, FrameType.HELLO, {"version": 2, "office": "FR-CDG"})
    with pytest.raises(RemoteError) as refused:
        read_frame(tls, 1 << 20)
    assert refused.value.code == "version"


def test_an_oversized_frame_is_refused_before_it_is_read(world, relay):
    tls = ready_session(world.offices["FR-CDG"], world.keyring(), "HQ-RELAY", relay.address)
    tls.sendall(struct.pack(">IB", FAST.max_frame + 1, FrameType.PUT))
    with pytest.raises(RemoteError) as refused:
        read_frame(tls, 1 << 20)
    assert refused.value.code == "frame-too-large"


def test_an_unknown_frame_type_is_refused(world, relay):
    tls = ready_session(world.offices["FR-CDG"], world.keyring(), "HQ-RELAY", relay.address)
    send_frame(tls, 99, b"{}")
    with pytest.raises(RemoteError) as refused:
        read_frame(tls, 1 << 20)
    assert refused.value.code == "unknown-frame"


def test_a_peer_that_stops_sending_is_dropped_after_the_idle_timeout(world, relay):
    tls = raw_session(world.offices["FR-CDG"], world.keyring(), "HQ-RELAY", relay.address)
    with pytest.raises(RemoteError) as refused:
        read_frame(tls, 1 << 20)
    assert refused.value.code == "idle-timeout"


def test_more_connections_than_the_per_office_limit_are_refused(world, relay, tmp_path):
    first, second = connect(world, "FR-CDG", relay), connect(world, "FR-CDG", relay)
    try:
        with pytest.raises(RemoteError) as refused:
            connect(world, "FR-CDG", relay)
        assert refused.value.code == "too-many-connections"
        with connect(world, "BE-BRU", relay) as other:
            assert other.pull(tmp_path) is None
    finally:
        first.close()
        second.close()


def test_openssl_s_client_without_a_certificate_is_refused(world, relay):
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail("the 'openssl' command is required for this test")
    host, port = relay.address
    run = subprocess.run([openssl, "s_client", "-connect", f"{host}:{port}", "-tls1_3",
                          "-ign_eof", "-servername", server_host_name("HQ-RELAY")],
                         input=b"", capture_output=True, timeout=30, check=False)
    output = (run.stdout + run.stderr).decode(errors="replace")
    assert "alert certificate required" in output
    assert b"ncen-network" not in run.stdout


def test_a_server_whose_keyring_expired_accepts_no_one(world, relay):
    issued = utcnow().replace(microsecond=0) - dt.timedelta(days=2)
    data, world.draft = sign_draft(world.draft, world.hq, issued, dt.timedelta(days=1))
    relay.reload_keyring(read_signed_keyring(data, "expired keyring").keyring)
    with pytest.raises(RemoteError) as refused:
        connect(world, "FR-CDG", relay)
    assert refused.value.code == "keyring-expired"


def test_a_client_whose_keyring_expired_does_not_connect(world, relay):
    issued = utcnow().replace(microsecond=0) - dt.timedelta(days=2)
    data, world.draft = sign_draft(world.draft, world.hq, issued, dt.timedelta(days=1))
    with pytest.raises(KeyringExpiredError):
        connect(world, "FR-CDG", relay, keyring=read_signed_keyring(data, "expired").keyring)


def test_a_connection_past_its_overall_timeout_is_closed_at_its_next_read(world, tmp_path):
    limits = replace(FAST, idle_timeout=5.0, overall_timeout=0.5)
    server = NetworkServer(world.offices["HQ-RELAY"], world.keyring(),
                           RelayHandler(Mailbox(tmp_path / "mailbox")),
                           address=("127.0.0.1", 0), limits=limits)
    server.start()
    try:
        tls = raw_session(world.offices["FR-CDG"], world.keyring(), "HQ-RELAY",
                          server.address)
        with pytest.raises(RemoteError) as refused:
            read_frame(tls, 1 << 20)
        assert refused.value.code == "overall-timeout"
    finally:
        server.close()
