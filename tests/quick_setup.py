"""The two test-only settings that make installations cheap to open, applied for the whole
session by the root conftest (``quick_installations``).

- Accounts get Argon2id hashes at the smallest cost the algorithm allows. Hashes carry
  their parameters, so logins verify them as usual; production keeps its defaults, which
  ``tests/core/test_passwords.py`` checks through ``ncen_core.passwords`` itself.
- A code-list file is parsed once per content: the code lists are frozen values, and a
  file a test writes or changes is read again because its bytes differ.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from ncen_core.codelists import CodeList

TEST_ARGON2_MEMORY_KIB = 8
"""Argon2id's minimum (8 KiB per lane): a hash costs microseconds instead of a fifth of a
second, which every account a test creates would otherwise pay."""


def quick_hash_password(password: str) -> str:
    """``ncen_core.passwords.hash_password`` at the test cost (same normalisation, PHC)."""
    kdf = Argon2id(salt=os.urandom(16), length=32, iterations=1, lanes=1,
                   memory_cost=TEST_ARGON2_MEMORY_KIB)
    return kdf.derive_phc_encoded(unicodedata.normalize("NFC", password).encode("utf-8"))


def parsed_once(load: Callable[[Path], CodeList]) -> Callable[[Path], CodeList]:
    """``load`` memoised by file name and content."""
    parsed: dict[tuple[str, bytes], CodeList] = {}

    def load_once(path: Path) -> CodeList:
        try:
            key = (str(path), hashlib.sha256(Path(path).read_bytes()).digest())
        except OSError:
            return load(path)
        if key not in parsed:
            parsed[key] = load(path)
        return parsed[key]

    return load_once


def quick_installations() -> Iterator[None]:
    """Apply both settings until the generator is closed (a session fixture body)."""
    import ncen_core.registry
    import ncen_core.users

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ncen_core.users, "hash_password", quick_hash_password)
        patch.setattr(ncen_core.registry, "load_codelist_file",
                      parsed_once(ncen_core.registry.load_codelist_file))
        yield
