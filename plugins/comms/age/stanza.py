"""Recipient stanzas and the two roles that produce and consume them.

A :class:`Recipient` wraps the file key into stanzas when a file is encrypted; an
:class:`Identity` looks through a file's stanzas for one addressed to it when the file is
decrypted. New recipient types (for example a hardware key) only need these two methods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Stanza:
    """One recipient stanza: its arguments (the first names the type) and its raw body."""

    args: tuple[str, ...]
    body: bytes

    def __post_init__(self) -> None:
        if not self.args:
            raise ValueError("an age stanza needs at least one argument (its type)")

    @property
    def type(self) -> str:
        """The recipient type, by convention the first argument (``X25519``, ``scrypt``)."""
        return self.args[0]


class Recipient(Protocol):
    """Something a file can be encrypted to."""

    def wrap(self, file_key: bytes) -> list[Stanza]:
        """Return the stanzas that carry ``file_key`` to this recipient."""
        ...


class Identity(Protocol):
    """Something that can open the stanzas addressed to it."""

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        """Return the 16-byte file key, or ``None`` when no stanza is addressed to it.

        Raises :class:`~.errors.AgeHeaderError` when a stanza of its own type is
        malformed: the spec requires aborting rather than trying the next stanza.
        """
        ...
