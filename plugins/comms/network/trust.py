"""Who may connect: TLS 1.3 contexts whose only trust is the keyring's certificate pins.

There is no certificate authority. A server requires a client certificate and trusts
exactly the certificates of the active offices in the keyring (each carried in the keyring
and hashing to its pin); after the handshake the peer's certificate is hashed again and
looked up by its pin, which names the office. A client trusts only the certificate of the
office it means to reach. Python's ``ssl`` has no verification callback, so the pinned
certificates are given to OpenSSL as the only trust anchors: a self-signed certificate
verifies only if it is one of them, and the pin check afterwards names the office.

An office is trusted when the keyring lists it with a certificate, no revocation names the
office itself or one of its keys, and the certificate's own fingerprint is not revoked.
"""

from __future__ import annotations

import hashlib
import secrets
import ssl
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from ..fingerprint import fingerprint
from ..keyring import Keyring, KeyringOffice
from ..keys import OfficeKeys
from ..tls_identity import tls_host_name


def trusted_offices(keyring: Keyring) -> dict[str, KeyringOffice]:
    """The offices that may connect now, by the SHA-256 pin of their certificate."""
    revoked_keys = {revocation.key_id for revocation in keyring.revocations}
    return {office.tls_sha256: office for office in keyring.offices
            if office.tls_certificate is not None and keyring.is_active(office)
            and fingerprint(office.tls_certificate) not in revoked_keys}


def certificate_pin(der: bytes) -> str:
    """The pin of a certificate: SHA-256 of its DER bytes, in hex."""
    return hashlib.sha256(der).hexdigest()


def server_context(keys: OfficeKeys, keyring: Keyring) -> ssl.SSLContext:
    """TLS 1.3 only, a client certificate required, trusting the keyring's active offices."""
    context = _context(ssl.PROTOCOL_TLS_SERVER, keys)
    context.verify_mode = ssl.CERT_REQUIRED
    anchors = b"".join(office.tls_certificate or b""
                       for office in trusted_offices(keyring).values())
    if anchors:
        context.load_verify_locations(cadata=anchors)
    return context


def client_context(keys: OfficeKeys, server: KeyringOffice) -> ssl.SSLContext:
    """TLS 1.3 only, presenting ``keys`` and trusting only ``server``'s certificate."""
    if server.tls_certificate is None:
        raise ssl.SSLError(f"the keyring carries no TLS certificate for {server.code}")
    context = _context(ssl.PROTOCOL_TLS_CLIENT, keys)
    context.load_verify_locations(cadata=server.tls_certificate)
    return context


def server_host_name(office: str) -> str:
    """The name a client checks in the server's certificate."""
    return tls_host_name(office)


def _context(protocol: int, keys: OfficeKeys) -> ssl.SSLContext:
    context = ssl.SSLContext(protocol)
    context.minimum_version = ssl.TLSVersion.TLSv1_3
    context.maximum_version = ssl.TLSVersion.TLSv1_3
    _load_identity(context, keys)
    return context


def _load_identity(context: ssl.SSLContext, keys: OfficeKeys) -> None:
    """Load the office's certificate and key; ``ssl`` reads them only from files.

    The key goes to disk encrypted under a one-time password, in a private temporary
    folder removed at once, so the plaintext TLS key never touches the disk.
    """
    password = secrets.token_bytes(32)
    pem = keys.tls_certificate.public_bytes(serialization.Encoding.PEM) + keys.tls_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password))
    with tempfile.TemporaryDirectory(prefix="ncen-tls-") as folder:
        path = Path(folder) / "identity.pem"
        path.write_bytes(pem)
        context.load_cert_chain(path, password=password)
