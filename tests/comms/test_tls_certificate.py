"""The office TLS certificate serves a mutual TLS 1.3 handshake when peers pin it."""

from __future__ import annotations

import hashlib
import socket
import ssl
import threading

import pytest
from cryptography.hazmat.primitives import serialization

from ncen_plugins.comms.keys import OfficeKeys
from ncen_plugins.comms.tls_identity import tls_host_name


def context(keys: OfficeKeys, peer: OfficeKeys, folder, *, server: bool) -> ssl.SSLContext:
    """A TLS 1.3 context presenting ``keys`` and trusting only ``peer``'s certificate."""
    protocol = ssl.PROTOCOL_TLS_SERVER if server else ssl.PROTOCOL_TLS_CLIENT
    tls = ssl.SSLContext(protocol)
    tls.minimum_version = ssl.TLSVersion.TLSv1_3
    certificate, key = folder / f"{keys.office}.crt", folder / f"{keys.office}.key"
    certificate.write_bytes(keys.tls_certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(keys.tls_key.private_bytes(serialization.Encoding.PEM,
                                               serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    tls.load_cert_chain(certificate, key)
    tls.load_verify_locations(cadata=peer.tls_certificate.public_bytes(
        serialization.Encoding.PEM).decode())
    tls.verify_mode = ssl.CERT_REQUIRED
    return tls


@pytest.fixture(scope="module")
def offices():
    return OfficeKeys.generate("FR-CDG"), OfficeKeys.generate("BE-BRU")


def handshake(server_tls, client_tls, host_name):
    """Run both ends over a loopback socket pair; returns what each saw of the other."""
    server_end, client_end = socket.socketpair()
    seen = {}

    def serve():
        try:
            with server_tls.wrap_socket(server_end, server_side=True) as tls:
                seen["client"] = tls.getpeercert(binary_form=True)
        except (ssl.SSLError, OSError) as error:
            seen["server error"] = error

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        with client_tls.wrap_socket(client_end, server_hostname=host_name) as tls:
            seen["server"] = tls.getpeercert(binary_form=True)
            seen["version"] = tls.version()
    finally:
        thread.join(timeout=30)
    return seen


def test_two_offices_complete_a_mutual_tls13_handshake_with_pinned_certificates(offices,
                                                                                tmp_path):
    server, client = offices
    seen = handshake(context(server, client, tmp_path, server=True),
                     context(client, server, tmp_path, server=False), tls_host_name("FR-CDG"))
    assert seen["version"] == "TLSv1.3"
    assert hashlib.sha256(seen["server"]).hexdigest() == server.tls_sha256
    assert hashlib.sha256(seen["client"]).hexdigest() == client.tls_sha256


def test_a_certificate_that_is_not_pinned_fails_the_handshake(offices, tmp_path):
    server, client = offices
    stranger = OfficeKeys.generate("XX-UNK")
    with pytest.raises(ssl.SSLError):
        handshake(context(server, client, tmp_path, server=True),
                  context(client, stranger, tmp_path, server=False), tls_host_name("FR-CDG"))
