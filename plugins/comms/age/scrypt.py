"""Passphrase recipients and identities (the ``scrypt`` stanza).

ncen uses these only to protect an office keystore with a passphrase. Per the spec an
scrypt stanza must be the only stanza of its header, so that a file that opens with a
passphrase is known to have been written by someone who knew it.

Work factor: files are written with 2**18 (256 MiB of memory, about a second, as
``age -p`` does). Reading accepts at most 2**22 by default (4 GiB, the same ceiling as the
reference implementation), so a hostile or corrupt file cannot demand unbounded time or
memory; pass a lower ``max_work_factor`` on small machines.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from . import b64
from .errors import AgeHeaderError
from .keywrap import WRAPPED_FILE_KEY_SIZE, unwrap_file_key, wrap_file_key
from .stanza import Stanza

STANZA_TYPE = "scrypt"
DEFAULT_WORK_FACTOR = 18
MAX_WORK_FACTOR = 22
SALT_SIZE = 16
_SALT_LABEL = b"age-encryption.org/v1/scrypt"
_DECIMAL = re.compile(r"[1-9][0-9]*")


def _as_bytes(passphrase: str | bytes) -> bytes:
    return passphrase.encode("utf-8") if isinstance(passphrase, str) else bytes(passphrase)


def _wrap_key(passphrase: bytes, salt: bytes, work_factor: int) -> bytes:
    kdf = Scrypt(salt=_SALT_LABEL + salt, length=32, n=1 << work_factor, r=8, p=1)
    try:
        return kdf.derive(passphrase)
    except MemoryError:
        raise AgeHeaderError(
            f"age header: scrypt work factor 2^{work_factor} needs "
            f"{(1 << work_factor) // 1024} MiB of memory, more than is available"
        ) from None


@dataclass(frozen=True)
class ScryptRecipient:
    """Encrypts to a passphrase; must be the only recipient of a file."""

    passphrase: str | bytes = field(repr=False)
    work_factor: int = DEFAULT_WORK_FACTOR

    def __post_init__(self) -> None:
        if not 1 <= self.work_factor <= MAX_WORK_FACTOR:
            raise ValueError(f"scrypt work factor must be 1..{MAX_WORK_FACTOR}")
        object.__setattr__(self, "passphrase", _as_bytes(self.passphrase))

    def wrap(self, file_key: bytes) -> list[Stanza]:
        """One ``scrypt`` stanza with a fresh salt."""
        salt = os.urandom(SALT_SIZE)
        body = wrap_file_key(_wrap_key(self.passphrase, salt, self.work_factor), file_key)
        args = (STANZA_TYPE, b64.encode(salt).decode("ascii"), str(self.work_factor))
        return [Stanza(args, body)]


@dataclass(frozen=True)
class ScryptIdentity:
    """Opens a file encrypted to a passphrase, refusing work factors above the limit."""

    passphrase: str | bytes = field(repr=False)
    max_work_factor: int = MAX_WORK_FACTOR

    def __post_init__(self) -> None:
        object.__setattr__(self, "passphrase", _as_bytes(self.passphrase))

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        """The file key, or ``None`` when there is no scrypt stanza or the passphrase is wrong.

        Headers mixing scrypt with other stanzas are refused for every identity by
        :func:`reject_mixed_scrypt`, which decryption calls first.
        """
        for stanza in stanzas:
            if stanza.type == STANZA_TYPE:
                salt, work_factor = _check_stanza(stanza, self.max_work_factor)
                wrap_key = _wrap_key(self.passphrase, salt, work_factor)
                return unwrap_file_key(wrap_key, stanza.body)
        return None


def reject_mixed_scrypt(stanzas: Sequence[Stanza]) -> None:
    """Raise :class:`AgeHeaderError` when an scrypt stanza shares the header with another."""
    if len(stanzas) > 1 and any(stanza.type == STANZA_TYPE for stanza in stanzas):
        raise AgeHeaderError(
            "age header: a passphrase (scrypt) stanza must be the only stanza in the header"
        )


def _check_stanza(stanza: Stanza, max_work_factor: int) -> tuple[bytes, int]:
    if len(stanza.args) != 3:
        raise AgeHeaderError(
            f"age header: scrypt stanza must have 3 arguments, found {len(stanza.args)}"
        )
    salt = b64.decode(stanza.args[1].encode("ascii"), "scrypt salt")
    if len(salt) != SALT_SIZE:
        raise AgeHeaderError(f"age header: scrypt salt is {len(salt)} bytes, expected {SALT_SIZE}")
    text = stanza.args[2]
    if not _DECIMAL.fullmatch(text):
        raise AgeHeaderError(
            f"age header: scrypt work factor {text[:20]!r} is not a decimal without leading zeros"
        )
    if len(text) > len(str(max_work_factor)) or int(text) > max_work_factor:
        raise AgeHeaderError(
            f"age header: scrypt work factor 2^{text[:20]} exceeds the limit of 2^{max_work_factor}"
        )
    if len(stanza.body) != WRAPPED_FILE_KEY_SIZE:
        raise AgeHeaderError(
            f"age header: scrypt stanza body is {len(stanza.body)} bytes, "
            f"expected {WRAPPED_FILE_KEY_SIZE}"
        )
    return salt, int(text)
