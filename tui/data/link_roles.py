"""Which link roles may join two record types, and which end of the link is which.

A role of the ``link_role`` list names the types it connects in ``attrs.from`` and
``attrs.to``; the link's end ``a`` is the ``from`` record. Roles without those attributes
fit any pair.
"""

from __future__ import annotations

from dataclasses import dataclass

from ncen_core.codelists import CodeListRegistry
from ncen_core.links import LINK_ROLE_CODELIST


@dataclass(frozen=True)
class RoleChoice:
    """A role that fits the pair, and whether the record shown is its ``from`` end."""

    code: str
    label: str
    shown_is_from: bool


def roles_for_pair(codelists: CodeListRegistry, shown: str, other: str,
                   language: str) -> list[RoleChoice]:
    """Active roles linking a record of type ``shown`` to one of type ``other``."""
    if LINK_ROLE_CODELIST not in codelists:
        return []
    choices = []
    for value in codelists.get(LINK_ROLE_CODELIST).active_values():
        origin, target = value.attrs.get("from"), value.attrs.get("to")
        if origin is None:
            choices.append(RoleChoice(value.code, value.label(language), True))
        elif (origin, target) == (shown, other):
            choices.append(RoleChoice(value.code, value.label(language), True))
        elif (origin, target) == (other, shown):
            choices.append(RoleChoice(value.code, value.label(language), False))
    return choices
