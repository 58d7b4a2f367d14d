"""The C2SP CCTV age test vectors: every file, its exact outcome and the plaintext released.

Each vector file is one test. For the features ncen implements (X25519, scrypt, header,
HMAC and STREAM rules) the outcome class and the SHA-256 of everything written to the
destination must equal the vector's. Two families are deliberately not implemented and
must fail cleanly instead:

* ASCII-armored files (``armored: yes``) raise :class:`AgeArmorError` before anything is
  released, whatever the vector expects of a full implementation.
* Post-quantum hybrid vectors carry ``AGE-SECRET-KEY-PQ-1`` identities, which parsing
  refuses with :class:`AgeUnsupportedError`. The file is then decrypted with the
  vector's other identities, or when it has none with a fresh X25519 identity standing
  in for the office's own key. An ``mlkem768x25519`` stanza is of a type no ncen identity
  knows, so the spec requires ignoring it: the result is "no match", except where the
  vector breaks a rule ncen does check (see ``HYBRID_FAILURES_NCEN_DETECTS``).

The folder is ``../shared/data/cctv-age/testdata`` beside the checkout, or
``NCEN_CCTV_AGE_DIR``; a missing folder fails the run rather than skipping it.
"""

from __future__ import annotations

import hashlib
import io
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ncen_plugins.comms.age import (
    AgeArmorError,
    AgeError,
    AgeHeaderError,
    AgeHmacError,
    AgeNoMatchError,
    AgePayloadError,
    AgeUnsupportedError,
    Identity,
    ScryptIdentity,
    X25519Identity,
    decrypt,
    parse_identity,
)

VECTOR_DIR = Path(
    os.environ.get("NCEN_CCTV_AGE_DIR")
    or Path(__file__).resolve().parents[2].parent / "shared/data/cctv-age/testdata"
)
VECTOR_COUNT = 143
FAMILIES = ("armor_", "hybrid", "scrypt", "stanza_", "stream_", "x25519", "hmac_")
SINGLE_VECTORS = ("empty", "header_crlf", "version_unsupported")
MISSING = "cctv-age-folder-missing"
NOTHING_RELEASED = hashlib.sha256(b"").hexdigest()
PQ_IDENTITY_PREFIX = "AGE-SECRET-KEY-PQ-1"

OUTCOMES: dict[str, type[AgeError] | None] = {
    "success": None,
    "no match": AgeNoMatchError,
    "header failure": AgeHeaderError,
    "HMAC failure": AgeHmacError,
    "payload failure": AgePayloadError,
    "armor failure": AgeArmorError,
}

HYBRID_FAILURES_NCEN_DETECTS: dict[str, type[AgeError]] = {
    # Non-canonical base64 in a stanza body breaks the header grammar itself.
    "hybrid_not_canonical_body": AgeHeaderError,
    # The malformed stanza is an X25519 one, opened with the vector's X25519 identity.
    "hybrid_x25519_arg": AgeHeaderError,
}


@dataclass
class Vector:
    expect: str
    payload: str | None
    armored: bool
    identities: list[str] = field(default_factory=list)
    passphrases: list[str] = field(default_factory=list)
    age_file: bytes = b""


def _vector_names() -> list[str]:
    if not VECTOR_DIR.is_dir():
        return [MISSING]
    return sorted(path.name for path in VECTOR_DIR.iterdir() if path.is_file())


def _load(name: str) -> Vector:
    if name == MISSING:
        pytest.fail(f"CCTV age vectors not found at {VECTOR_DIR}; set NCEN_CCTV_AGE_DIR")
    head, _, age_file = (VECTOR_DIR / name).read_bytes().partition(b"\n\n")
    fields: dict[str, list[str]] = {}
    for line in head.decode("utf-8").splitlines():
        key, _, value = line.partition(": ")
        fields.setdefault(key, []).append(value)
    if fields.get("compressed") == ["zlib"]:
        age_file = zlib.decompress(age_file)
    return Vector(
        expect=fields["expect"][0],
        payload=fields.get("payload", [None])[0],
        armored=fields.get("armored") == ["yes"],
        identities=fields.get("identity", []),
        passphrases=fields.get("passphrase", []),
        age_file=age_file,
    )


def _usable_identities(vector: Vector) -> list[Identity]:
    """The vector's identities ncen supports; post-quantum ones must be refused cleanly."""
    identities: list[Identity] = []
    for text in vector.identities:
        if text.startswith(PQ_IDENTITY_PREFIX):
            with pytest.raises(AgeUnsupportedError, match="post-quantum"):
                parse_identity(text)
        else:
            identities.append(parse_identity(text))
    identities.extend(ScryptIdentity(passphrase) for passphrase in vector.passphrases)
    return identities or [X25519Identity.generate()]


def _expected(name: str, vector: Vector) -> tuple[type[AgeError] | None, str]:
    if vector.armored:
        return AgeArmorError, NOTHING_RELEASED
    if any(text.startswith(PQ_IDENTITY_PREFIX) for text in vector.identities):
        return HYBRID_FAILURES_NCEN_DETECTS.get(name, AgeNoMatchError), NOTHING_RELEASED
    return OUTCOMES[vector.expect], vector.payload or NOTHING_RELEASED


def test_the_vector_folder_holds_all_143_cctv_files():
    assert len([name for name in _vector_names() if name != MISSING]) == VECTOR_COUNT


def test_every_vector_file_belongs_to_a_family_this_suite_handles():
    unknown = [
        name
        for name in _vector_names()
        if not name.startswith(FAMILIES) and name not in SINGLE_VECTORS
    ]
    assert unknown == []


@pytest.mark.parametrize("name", _vector_names())
def test_vector_outcome_and_released_plaintext(name):
    vector = _load(name)
    expected_error, expected_sha256 = _expected(name, vector)
    released = io.BytesIO()
    error = None
    try:
        decrypt(io.BytesIO(vector.age_file), released, _usable_identities(vector))
    except AgeError as raised:
        error = raised
    assert (type(error) if error else None) is expected_error, error
    assert hashlib.sha256(released.getvalue()).hexdigest() == expected_sha256
