"""The key derivation and file-key wrapping shared by the X25519 and scrypt recipient types.

Both types seal the 16-byte file key with ChaCha20-Poly1305 under a derived 32-byte wrap
key and a fixed all-zero nonce (safe because every wrap key is used once).
"""

from __future__ import annotations

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FILE_KEY_SIZE = 16
WRAPPED_FILE_KEY_SIZE = FILE_KEY_SIZE + 16
_ZERO_NONCE = bytes(12)


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    """HKDF-SHA-256 with 32 bytes of output, as every key derivation in age uses."""
    return HKDF(algorithm=SHA256(), length=32, salt=salt, info=info).derive(ikm)


def wrap_file_key(wrap_key: bytes, file_key: bytes) -> bytes:
    """Seal ``file_key`` into the 32-byte body of a recipient stanza."""
    return ChaCha20Poly1305(wrap_key).encrypt(_ZERO_NONCE, file_key, None)


def unwrap_file_key(wrap_key: bytes, body: bytes) -> bytes | None:
    """Open a stanza body; ``None`` when the tag fails (the stanza is not for this key).

    Callers must have checked that ``body`` is exactly :data:`WRAPPED_FILE_KEY_SIZE` bytes,
    as the spec requires, before calling.
    """
    try:
        return ChaCha20Poly1305(wrap_key).decrypt(_ZERO_NONCE, body, None)
    except InvalidTag:
        return None
