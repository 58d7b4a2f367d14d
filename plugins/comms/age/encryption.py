"""Encrypting and decrypting whole age files, streamed from one file object to another.

Decryption order follows the reference implementation, which the test vectors encode:
parse the header strictly, find an identity that opens a stanza, verify the header MAC,
read the payload nonce, then stream the payload. Nothing is written to the destination
before the header is authenticated.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from typing import BinaryIO

from .errors import AgeHeaderError, AgeNoMatchError
from .header import read_header, serialise_header
from .keywrap import FILE_KEY_SIZE, hkdf_sha256
from .scrypt import ScryptRecipient, reject_mixed_scrypt
from .stanza import Identity, Recipient, Stanza
from .stream import decrypt_payload, encrypt_payload, read_up_to

PAYLOAD_NONCE_SIZE = 16


def encrypt(src: BinaryIO, dst: BinaryIO, recipients: Sequence[Recipient]) -> int:
    """Encrypt ``src`` to ``dst`` for every recipient; returns the plaintext size.

    Raises ``ValueError`` when no recipient is given or a passphrase recipient is mixed
    with others (the format forbids it).
    """
    if not recipients:
        raise ValueError("age: encrypting needs at least one recipient")
    if len(recipients) > 1 and any(isinstance(r, ScryptRecipient) for r in recipients):
        raise ValueError("age: a passphrase (scrypt) recipient must be the only recipient")
    file_key = os.urandom(FILE_KEY_SIZE)
    stanzas = [stanza for recipient in recipients for stanza in recipient.wrap(file_key)]
    dst.write(serialise_header(stanzas, file_key))
    nonce = os.urandom(PAYLOAD_NONCE_SIZE)
    dst.write(nonce)
    return encrypt_payload(_payload_key(file_key, nonce), src, dst)


def decrypt(src: BinaryIO, dst: BinaryIO, identities: Sequence[Identity]) -> int:
    """Decrypt ``src`` to ``dst`` with the first identity that opens it; returns its size.

    Raises a subclass of :class:`~.errors.AgeError`. On :class:`~.errors.AgePayloadError`
    the verified prefix of the plaintext has already been written to ``dst`` and must be
    discarded by the caller. Raises ``ValueError`` when no identity is given.
    """
    if not identities:
        raise ValueError("age: decrypting needs at least one identity")
    header = read_header(src)
    reject_mixed_scrypt(header.stanzas)
    file_key = _unwrap(header.stanzas, identities)
    header.verify_mac(file_key)
    nonce = read_up_to(src, PAYLOAD_NONCE_SIZE)
    if len(nonce) != PAYLOAD_NONCE_SIZE:
        raise AgeHeaderError(
            f"age header: payload nonce is {len(nonce)} bytes, expected {PAYLOAD_NONCE_SIZE}"
        )
    return decrypt_payload(_payload_key(file_key, nonce), src, dst)


def encrypt_bytes(plaintext: bytes, recipients: Sequence[Recipient]) -> bytes:
    """:func:`encrypt` for data already in memory."""
    sealed = io.BytesIO()
    encrypt(io.BytesIO(plaintext), sealed, recipients)
    return sealed.getvalue()


def decrypt_bytes(sealed: bytes, identities: Sequence[Identity]) -> bytes:
    """:func:`decrypt` for data already in memory; no partial plaintext escapes a failure."""
    plaintext = io.BytesIO()
    decrypt(io.BytesIO(sealed), plaintext, identities)
    return plaintext.getvalue()


def _payload_key(file_key: bytes, nonce: bytes) -> bytes:
    return hkdf_sha256(file_key, nonce, b"payload")


def _unwrap(stanzas: Sequence[Stanza], identities: Sequence[Identity]) -> bytes:
    for identity in identities:
        file_key = identity.unwrap(stanzas)
        if file_key is not None:
            return file_key
    types = ", ".join(sorted({stanza.type for stanza in stanzas}))
    raise AgeNoMatchError(
        f"age: none of the given keys opens this file (its {len(stanzas)} recipient "
        f"stanza(s) are of type {types}); it is meant for someone else or the passphrase "
        "is wrong"
    )
