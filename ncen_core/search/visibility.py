"""Which records a search may show a user: the one place search applies the role policy.

A user may search only with the "search records" and "read records" permissions, and sees
exactly the records the role may read (:data:`ncen_core.roles.POLICY`): today every role
reads every record of the office, so the row filter only hides tombstones; if an
administration narrows reading to the user's own unit or to some statuses, search follows
without change here. Distribution and TLP are not applied: they decide what may leave the
office (DESIGN §5), not who may read inside it. Sharing rules that do restrict reading
inside the office belong in :func:`visibility`, and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from ncen_core import roles
from ncen_core.roles import RECORD_STATUSES, Permission, Role, require
from ncen_core.users import UserInfo


@dataclass(frozen=True)
class Visibility:
    """Rows a user may see: of these ``units`` and ``statuses`` (None: any), never deleted."""

    units: tuple[str, ...] | None
    statuses: tuple[str, ...] | None


def require_search(user: UserInfo) -> None:
    """Raise PermissionDeniedError unless ``user`` may search and read records."""
    require(user.role, Permission.SEARCH_RECORDS)
    require(user.role, Permission.READ_RECORDS)


def visibility(user: UserInfo) -> Visibility:
    """The rows ``user`` may see in search results."""
    scope = roles.POLICY[Role(user.role)][Permission.READ_RECORDS]
    units = None
    if scope.own_unit_only:
        units = (user.unit,) if user.unit else ()
    statuses = None
    if not scope.statuses >= set(RECORD_STATUSES):
        statuses = tuple(s for s in RECORD_STATUSES if s in scope.statuses)
    return Visibility(units, statuses)
