"""The self-signed certificate an office presents on the network channel.

Offices trust each other's certificates by pinning: the keyring carries the SHA-256 of
each office's certificate, so no certificate authority is involved and the certificate
only has to be well-formed for TLS 1.3 libraries. It uses ECDSA P-256, which every TLS
stack and ``openssl s_client`` accept, names the office in its subject and as a DNS name,
and is valid for ten years (a compromised key is revoked through the keyring, not by
expiry).
"""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VALIDITY = dt.timedelta(days=3650)
_BACKDATE = dt.timedelta(hours=1)


def tls_host_name(office: str) -> str:
    """The DNS name in an office's certificate, for TLS clients that check one."""
    return f"{office.lower()}.ncen.invalid"


def new_tls_key() -> ec.EllipticCurvePrivateKey:
    """A fresh ECDSA P-256 key."""
    return ec.generate_private_key(ec.SECP256R1())


def self_signed_certificate(
    office: str, key: ec.EllipticCurvePrivateKey, now: dt.datetime
) -> x509.Certificate:
    """A certificate for ``office`` signed by its own ``key``, valid from ``now``."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"ncen office {office}")])
    start = now.replace(tzinfo=dt.UTC) - _BACKDATE
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + VALIDITY)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(tls_host_name(office))]),
                       critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=False,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=False, crl_sign=False, encipher_only=False,
                          decipher_only=False),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                   ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
