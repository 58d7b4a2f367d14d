"""Unlocking the office keystore for an unattended server.

The server needs the office keys (TLS key to be authenticated, signing key for receipts,
encryption identity to import) for as long as it runs. The passphrase is taken, in order:

1. from ``--passphrase-file FILE``: a protected key file (mode 0600, owned by the service
   user) holding the passphrase; the server refuses a file that others can read. Simple,
   but the file is a secret at rest next to the keystore.
2. from a systemd credential named ``ncen-key-passphrase`` (``LoadCredentialEncrypted=``
   in the unit, see ``config/ncen-serve.service``): systemd decrypts it (with the TPM or
   the host key) into a private, in-memory folder given in ``$CREDENTIALS_DIRECTORY``,
   for this service only. The recommended choice.
3. from the ``NCEN_KEY_PASSPHRASE`` environment variable (tests, containers);
4. otherwise it is asked for at start (an operator unlocks the keys at each start).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import click

from ncen_core.errors import NcenError

CREDENTIAL_NAME = "ncen-key-passphrase"
PASSPHRASE_ENV = "NCEN_KEY_PASSPHRASE"


class PassphraseFileError(NcenError):
    """The passphrase file cannot be used (missing, empty, or readable by others)."""


def server_passphrase(passphrase_file: Path | None) -> str:
    """The keystore passphrase from the first source available (see the module docs)."""
    if passphrase_file is not None:
        return _read_protected(passphrase_file)
    credentials = os.environ.get("CREDENTIALS_DIRECTORY")
    if credentials and (Path(credentials) / CREDENTIAL_NAME).is_file():
        return _read(Path(credentials) / CREDENTIAL_NAME)
    if PASSPHRASE_ENV in os.environ:
        return os.environ[PASSPHRASE_ENV]
    return click.prompt("Keystore passphrase", hide_input=True, err=True)


def _read_protected(path: Path) -> str:
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise PassphraseFileError(f"cannot read the passphrase file {path}: "
                                  f"{error.strerror}") from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise PassphraseFileError(f"the passphrase file {path} can be read by other users; "
                                  f"make it private: chmod 600 {path}")
    return _read(path)


def _read(path: Path) -> str:
    text = path.read_text(encoding="utf-8").rstrip("\r\n")
    if not text:
        raise PassphraseFileError(f"the passphrase file {path} is empty")
    return text
