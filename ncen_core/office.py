"""Setting up an installation: schema, office identity and the first administrator.

``ncen init`` runs this once. It is all-or-nothing: the identity and the administrator
are written in one transaction, after the schema exists.
"""

from __future__ import annotations

import re

from ncen_core import audit
from ncen_core.app import OFFICE_CODE_KEY, OFFICE_NAME_KEY, Ncen
from ncen_core.errors import NcenError, ValidationError
from ncen_core.passwords import check_password_policy
from ncen_core.roles import Role
from ncen_core.storage import write_transaction
from ncen_core.users import UserInfo, add_user

OFFICE_CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,31}$")


class AlreadyInitialisedError(NcenError):
    """``ncen init`` on a database that already belongs to an office."""


def initialise_office(
    ncen: Ncen, office_code: str, office_name: str, admin_username: str, admin_password: str
) -> UserInfo:
    """Create the schema, record the office identity and create the first administrator."""
    code = office_code.strip().upper()
    if not OFFICE_CODE_PATTERN.match(code):
        raise ValidationError(
            {"office": "an office code is 2-32 letters, digits or '-', e.g. FR-CDG"}
        )
    check_password_policy(admin_password, admin_username)
    ncen.upgrade()
    if ncen.is_initialised:
        raise AlreadyInitialisedError(
            f"this database already belongs to office {ncen.office_code}; nothing was changed"
        )
    Meta = ncen.system.Meta
    with write_transaction(ncen.database):
        Meta.insert_many(
            [{"key": OFFICE_CODE_KEY, "value": code},
             {"key": OFFICE_NAME_KEY, "value": office_name.strip()}]
        ).execute()
        audit.append(ncen.system, "system", "init", detail={"office": code})
        admin = add_user(
            ncen.system, admin_username, admin_password, Role.ADMIN,
            full_name="Administrator", acting="system",
        )
    return admin
