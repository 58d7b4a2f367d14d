"""The STREAM payload: chunk boundaries, released plaintext on failure, constant memory."""

from __future__ import annotations

import hashlib
import io
import os
import tracemalloc

import pytest

from ncen_plugins.comms.age import (
    AgePayloadError,
    X25519Identity,
    decrypt,
    decrypt_bytes,
    encrypt,
    encrypt_bytes,
)

CHUNK = 64 * 1024
SEALED_CHUNK = CHUNK + 16


@pytest.fixture(scope="module")
def identity() -> X25519Identity:
    return X25519Identity.generate()


class _Trickle(io.RawIOBase):
    """A reader that returns at most ``step`` bytes per read, like a pipe or a socket."""

    def __init__(self, data: bytes, step: int):
        self._data, self._step, self._position = data, step, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        piece = self._data[self._position : self._position + min(self._step, len(buffer))]
        buffer[: len(piece)] = piece
        self._position += len(piece)
        return len(piece)


class _Zeros(io.RawIOBase):
    """``size`` zero bytes produced on demand, so the source itself holds no memory."""

    def __init__(self, size: int):
        self._left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self._left)
        buffer[:count] = bytes(count)
        self._left -= count
        return count


class _Digest(io.RawIOBase):
    """A sink that keeps only a hash of what is written to it."""

    def __init__(self):
        self.hash = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.hash.update(data)
        return len(data)


def _payload_start(sealed: bytes) -> int:
    return sealed.index(b"\n", sealed.index(b"\n--- ") + 1) + 1 + 16


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 5])
def test_plaintext_of_any_size_round_trips(identity, size):
    plaintext = os.urandom(size)
    assert decrypt_bytes(encrypt_bytes(plaintext, [identity.recipient]), [identity]) == plaintext


def test_exactly_one_chunk_of_plaintext_is_sealed_as_one_full_final_chunk(identity):
    sealed = encrypt_bytes(bytes(CHUNK), [identity.recipient])
    assert len(sealed) - _payload_start(sealed) == SEALED_CHUNK


def test_an_empty_plaintext_is_sealed_as_one_empty_final_chunk(identity):
    sealed = encrypt_bytes(b"", [identity.recipient])
    assert len(sealed) - _payload_start(sealed) == 16


def test_a_damaged_chunk_leaves_exactly_the_verified_chunks_written(identity):
    plaintext = os.urandom(3 * CHUNK)
    sealed = bytearray(encrypt_bytes(plaintext, [identity.recipient]))
    sealed[_payload_start(sealed) + 2 * SEALED_CHUNK + 100] ^= 1
    released = io.BytesIO()
    with pytest.raises(AgePayloadError, match="chunk 2 failed authentication"):
        decrypt(io.BytesIO(bytes(sealed)), released, [identity])
    assert released.getvalue() == plaintext[: 2 * CHUNK]


def test_a_file_cut_after_a_full_middle_chunk_is_reported_truncated(identity):
    sealed = encrypt_bytes(os.urandom(2 * CHUNK), [identity.recipient])
    with pytest.raises(AgePayloadError, match="truncated"):
        decrypt_bytes(sealed[: _payload_start(sealed) + SEALED_CHUNK], [identity])


def test_short_reads_from_a_pipe_give_the_same_plaintext(identity):
    plaintext = os.urandom(2 * CHUNK + 300)
    sealed = io.BytesIO()
    encrypt(io.BufferedReader(_Trickle(plaintext, 1000)), sealed, [identity.recipient])
    opened = io.BytesIO()
    decrypt(io.BufferedReader(_Trickle(sealed.getvalue(), 777), 64), opened, [identity])
    assert opened.getvalue() == plaintext


def test_encrypting_and_decrypting_16_mib_holds_only_a_few_chunks_in_memory(identity, tmp_path):
    size = 16 * 1024 * 1024
    sealed_path = tmp_path / "sealed.age"
    tracemalloc.start()
    try:
        with sealed_path.open("wb") as sealed:
            encrypt(_Zeros(size), sealed, [identity.recipient])
        sink = _Digest()
        with sealed_path.open("rb") as sealed:
            decrypt(sealed, sink, [identity])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sink.hash.digest() == hashlib.sha256(bytes(size)).digest()
    assert peak < 8 * SEALED_CHUNK
