"""The office keys of a running interface: unlocked once, when an action first needs them.

Sending a message or a read receipt, sealing a share and checking a package need the
office's secret keys. The keystore passphrase is asked the first time in a session; the
keys then stay in the interface's memory (never written anywhere) until it exits, so an
officer going through the inbox is not asked at every message. Only the keys of this
installation's office are accepted. Any logged-in user may unlock them: the passphrase
is the gate, and each action still checks the user's role.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from ncen_core.errors import NcenError
from ncen_core.record_service import RecordService

from ..keyring import Keyring
from ..keyring_store import load_keyring
from ..keys import KeystoreError, OfficeKeys, keystore_path, load_keystore

_HELD: WeakKeyDictionary[Any, OfficeKeys] = WeakKeyDictionary()


def open_office_keys(service: RecordService, passphrase: str) -> OfficeKeys:
    """The keystore of this installation opened with ``passphrase``."""
    ncen = service.ncen
    keys = load_keystore(keystore_path(ncen.config.data_dir), passphrase)
    if keys.office != ncen.office_code:
        raise KeystoreError(f"the keystore holds the keys of office {keys.office}, not of "
                            f"this office {ncen.office_code}")
    return keys


def held_keyring(service: RecordService) -> Keyring:
    """The keyring this office holds (raises the keyring error naming the fix)."""
    return load_keyring(service.ncen.config.data_dir).keyring


async def office_keys(screen: Any) -> OfficeKeys | None:
    """The session's keys, asking for the passphrase if they are not unlocked yet.

    Call from a worker of ``screen``; None when the user cancels or the passphrase is
    wrong (which is reported on the screen).
    """
    from ncen_tui.dialogs.text_prompt import TextPrompt

    app = screen.app
    keys = _HELD.get(app)
    if keys is not None:
        return keys
    passphrase = await app.push_screen_wait(
        TextPrompt("Keystore passphrase (kept unlocked until ncen exits)", password=True))
    if not passphrase:
        return None
    try:
        keys = await app.db.run(open_office_keys, app.service, passphrase)
    except NcenError as exc:
        screen.notify(str(exc), severity="error", markup=False, timeout=8)
        return None
    _HELD[app] = keys
    return keys
