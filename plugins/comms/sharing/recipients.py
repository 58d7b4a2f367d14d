"""The offices an audience names, from the keyring: never this office, never a revoked one."""

from __future__ import annotations

from ncen_core.declarations import Audience

from ..keyring import Keyring
from .errors import ShareError


def recipients_for(audience: Audience, keyring: Keyring | None, office: str) -> tuple[str, ...]:
    """Codes of the active offices ``audience`` reaches, sorted; ShareError if none."""
    if keyring is None:
        raise ShareError("sharing with other offices needs the keyring; import one from "
                         "headquarters with: ncen keyring import")
    if audience.kind == "office":
        target = keyring.office(audience.name)
        if target.code == office:
            raise ShareError(f"{office} is this office; name another office")
        if not keyring.is_active(target):
            raise ShareError(f"office {target.code} is revoked in the keyring; nothing can be "
                             "sent to it")
        codes = [target.code]
    elif audience.kind == "group":
        codes = [member.code for member in keyring.members(audience.name)]
    elif audience.kind == "all":
        codes = [entry.code for entry in keyring.offices if keyring.is_active(entry)]
    else:
        raise ShareError(f"audience {audience.kind!r} has no recipient offices")
    codes = sorted(code for code in codes if code != office)
    if not codes:
        raise ShareError(f"no active office other than {office} in {audience.kind} "
                         f"{audience.name}".rstrip())
    return tuple(codes)
