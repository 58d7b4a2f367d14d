"""The enrolment request an office sends to headquarters to be added to the keyring.

It carries the office's three public keys and is signed with the office's signing key, so
headquarters knows the sender holds that key. Whether the keys really are the office's is
settled by reading the fingerprints over the telephone before ``ncen hq enrol`` adds them.
The file is canonical JSON: ``{"request": {...}, "signature": "<base64>"}``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ncen_core.errors import NcenError

from . import age, wire
from .fingerprint import fingerprint
from .keyring import KeyringOffice
from .keys import OFFICE_CODE, OfficeKeys

REQUEST_FORMAT = "ncen-enrolment/1"
_CONTEXT = b"ncen-enrolment/1\n"
_FIELDS = {"format", "office", "created_at", "signing_key", "encryption_recipient",
           "tls_certificate"}
_SIGNATURE_SIZE = 64
_KEY_SIZE = 32


class EnrolmentError(NcenError):
    """An enrolment request is malformed or its signature does not match its key."""


@dataclass(frozen=True)
class EnrolmentRequest:
    """The public keys of an office asking to be enrolled."""

    office: str
    created_at: dt.datetime
    signing_key: bytes
    encryption_recipient: age.X25519Recipient
    tls_certificate_der: bytes

    @property
    def fingerprints(self) -> dict[str, str]:
        """The three fingerprints to read over the telephone, by key."""
        return {"signing key": fingerprint(self.signing_key),
                "encryption key": fingerprint(self.encryption_recipient.public_bytes),
                "TLS certificate": fingerprint(self.tls_certificate_der)}

    def to_office(self, name: str, endpoints: tuple[str, ...] = (),
                  groups: tuple[str, ...] = ()) -> KeyringOffice:
        """The keyring entry for this office."""
        return KeyringOffice(self.office, name, self.signing_key, self.encryption_recipient,
                             hashlib.sha256(self.tls_certificate_der).hexdigest(),
                             endpoints, groups, self.tls_certificate_der)


def make_request(keys: OfficeKeys) -> bytes:
    """The signed enrolment request for ``keys``."""
    request = {
        "format": REQUEST_FORMAT,
        "office": keys.office,
        "created_at": wire.format_time(keys.created_at),
        "signing_key": wire.encode_b64(keys.signing_public),
        "encryption_recipient": str(keys.encryption_recipient),
        "tls_certificate": keys.tls_certificate.public_bytes(
            serialization.Encoding.PEM).decode("ascii"),
    }
    signature = keys.sign(_CONTEXT + wire.dumps_canonical(request))
    return wire.dumps_canonical({"request": request, "signature": wire.encode_b64(signature)})


def read_request(data: bytes) -> EnrolmentRequest:
    """Parse ``data`` and check its signature; raises :class:`EnrolmentError`."""
    try:
        outer = wire.require_fields(wire.loads_strict(data, "enrolment request"),
                                    {"request", "signature"}, "enrolment request")
        request = wire.require_fields(outer["request"], _FIELDS, "enrolment request")
        if request["format"] != REQUEST_FORMAT:
            raise EnrolmentError(f"unknown enrolment request format {request['format']!r}")
        signing_key = wire.decode_b64(request["signing_key"], _KEY_SIZE, "signing_key")
        signature = wire.decode_b64(outer["signature"], _SIGNATURE_SIZE, "signature")
        recipient = age.X25519Recipient.parse(
            wire.require_str(request["encryption_recipient"], "encryption_recipient"))
        certificate = x509.load_pem_x509_certificate(
            wire.require_str(request["tls_certificate"], "tls_certificate").encode("ascii"))
        parsed = EnrolmentRequest(
            wire.require_str(request["office"], "office", OFFICE_CODE),
            wire.parse_time(request["created_at"], "created_at"), signing_key, recipient,
            certificate.public_bytes(serialization.Encoding.DER))
    except (wire.StrictJsonError, age.AgeKeyFormatError, ValueError) as error:
        raise EnrolmentError(f"the enrolment request is malformed: {error}") from None
    if not isinstance(certificate.public_key(), ec.EllipticCurvePublicKey):
        raise EnrolmentError("the enrolment request's TLS certificate is not an ECDSA key")
    try:
        Ed25519PublicKey.from_public_bytes(signing_key).verify(
            signature, _CONTEXT + wire.dumps_canonical(request))
    except InvalidSignature:
        raise EnrolmentError(
            "the enrolment request is not signed by the signing key it carries") from None
    return parsed
