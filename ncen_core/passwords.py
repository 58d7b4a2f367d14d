"""Password hashing (Argon2id, from ``cryptography``) and the password policy.

Hashes are PHC strings (``$argon2id$v=19$m=...,t=...,p=...$salt$hash``) that carry their
own parameters, so raising the cost later keeps old hashes verifiable. Passwords are
NFC-normalised before hashing, so the same password typed on terminals that compose
accented letters differently still matches.

``cryptography`` is imported on the first hash or check, not with this module: the
password policy and the user accounts are imported by every start of the interface,
where no password may be hashed before the login.
"""

from __future__ import annotations

import os
import unicodedata

from ncen_core.errors import ValidationError

# OWASP Password Storage Cheat Sheet, Argon2id minimum configuration.
ARGON2_MEMORY_KIB = 19_456
ARGON2_ITERATIONS = 2
ARGON2_LANES = 1
ARGON2_SALT_BYTES = 16
ARGON2_HASH_BYTES = 32

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    """The PHC-encoded Argon2id hash of ``password`` with a fresh random salt."""
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    kdf = Argon2id(
        salt=os.urandom(ARGON2_SALT_BYTES),
        length=ARGON2_HASH_BYTES,
        iterations=ARGON2_ITERATIONS,
        lanes=ARGON2_LANES,
        memory_cost=ARGON2_MEMORY_KIB,
    )
    return kdf.derive_phc_encoded(_key_material(password))


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches ``encoded``; False on a mismatch or a malformed hash."""
    from cryptography.exceptions import InvalidKey
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    try:
        Argon2id.verify_phc_encoded(_key_material(password), encoded)
    except InvalidKey:
        return False
    return True


def check_password_policy(password: str, username: str = "") -> None:
    """Raise :class:`ValidationError` (field ``password``) unless ``password`` is acceptable.

    The policy follows NIST SP 800-63B: length matters, composition rules do not. A
    password must have at least :data:`MIN_PASSWORD_LENGTH` characters, must not repeat
    one character throughout, and must not be the user name.
    """
    normalised = unicodedata.normalize("NFC", password)
    if len(normalised) < MIN_PASSWORD_LENGTH:
        problem = f"use at least {MIN_PASSWORD_LENGTH} characters"
    elif len(set(normalised)) == 1:
        problem = "use more than one distinct character"
    elif username and normalised.casefold() == username.casefold():
        problem = "must not be the user name"
    else:
        return
    raise ValidationError({"password": problem})


def _key_material(password: str) -> bytes:
    return unicodedata.normalize("NFC", password).encode("utf-8")
