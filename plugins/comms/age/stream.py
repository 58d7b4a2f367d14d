"""The age payload: ChaCha20-Poly1305 STREAM in 64 KiB chunks with a last-chunk flag.

Both directions hold at most two chunks in memory, so a 100 MB package streams in constant
space. Decryption writes each chunk to the destination only after its tag verifies; when
a later chunk fails, exactly the verified prefix has been written and the caller must
discard it (the error says why).
"""

from __future__ import annotations

from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from .errors import AgePayloadError

CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
_SEALED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE
_LAST = b"\x01"
_NOT_LAST = b"\x00"


def _nonce(counter: int, flag: bytes) -> bytes:
    return counter.to_bytes(11, "big") + flag


def read_up_to(src: BinaryIO, size: int) -> bytes:
    """Read ``size`` bytes, fewer only at end of file (pipes may return short reads)."""
    data = src.read(size)
    if len(data) == size or not data:
        return data
    parts = [data]
    missing = size - len(data)
    while missing and (more := src.read(missing)):
        parts.append(more)
        missing -= len(more)
    return b"".join(parts)


def encrypt_payload(key: bytes, src: BinaryIO, dst: BinaryIO) -> int:
    """Encrypt all of ``src`` to ``dst``; returns the number of plaintext bytes.

    A chunk is marked last once the next read comes back empty, so a payload that is an
    exact multiple of 64 KiB ends with a full final chunk, and an empty payload is one
    empty final chunk, as the spec requires.
    """
    aead = ChaCha20Poly1305(key)
    chunk = read_up_to(src, CHUNK_SIZE)
    counter = total = 0
    while True:
        following = read_up_to(src, CHUNK_SIZE) if len(chunk) == CHUNK_SIZE else b""
        flag = _NOT_LAST if following else _LAST
        dst.write(aead.encrypt(_nonce(counter, flag), chunk, None))
        total += len(chunk)
        if not following:
            return total
        chunk = following
        counter += 1


def decrypt_payload(key: bytes, src: BinaryIO, dst: BinaryIO) -> int:
    """Decrypt the chunks of ``src`` to ``dst``; returns the number of plaintext bytes.

    Raises :class:`AgePayloadError` for a failed tag, a missing or empty final chunk, or
    data after the final chunk.
    """
    aead = ChaCha20Poly1305(key)
    counter = total = 0
    while True:
        sealed = read_up_to(src, _SEALED_CHUNK_SIZE)
        if len(sealed) < _SEALED_CHUNK_SIZE:
            _check_final_length(len(sealed), counter)
            plain, last = _open_last(aead, counter, sealed), True
        else:
            plain, last = _open_full(aead, counter, sealed)
        dst.write(plain)
        total += len(plain)
        if last:
            if src.read(1):
                raise AgePayloadError("age payload: unexpected data after the final chunk")
            return total
        counter += 1


def _check_final_length(length: int, counter: int) -> None:
    if length == 0:
        if counter == 0:
            raise AgePayloadError("age payload: the file has no payload chunks")
        raise AgePayloadError("age payload: the file is truncated (no final chunk)")
    if length == TAG_SIZE and counter > 0:
        raise AgePayloadError("age payload: empty final chunk after a full one (not allowed)")


def _open_full(aead: ChaCha20Poly1305, counter: int, sealed: bytes) -> tuple[bytes, bool]:
    """Open a full-size chunk, which may be a middle chunk or a full final chunk."""
    try:
        return aead.decrypt(_nonce(counter, _NOT_LAST), sealed, None), False
    except InvalidTag:
        return _open_last(aead, counter, sealed), True


def _open_last(aead: ChaCha20Poly1305, counter: int, sealed: bytes) -> bytes:
    try:
        return aead.decrypt(_nonce(counter, _LAST), sealed, None)
    except InvalidTag:
        raise AgePayloadError(
            f"age payload: chunk {counter} failed authentication (the file is damaged or altered)"
        ) from None
