"""Which fields of a record may leave for an audience, derived from the FieldSpecs alone.

- X (exportable) fields go to every audience.
- S (sensitive) and N (personal) fields go only to a named office or a group, and only
  with a legal basis: the one given for the whole share (``--legal-basis``), else the
  record's own ``legal_basis``. Without either the record still goes, with its X fields
  only, and the preview says the personal and sensitive fields were withheld. The basis
  used is written in the audit entry of the share and in the sent ledger.
- The non-nominal export takes the X fields that cannot point at a person or a case file
  (:func:`is_non_nominal`).
- A repeating group (items, route legs, documents, addresses, ...) goes when the group
  itself is allowed, with only its allowed members in every row; a group left with no
  allowed member is omitted.
- Then every ``redact_record`` hook may remove more, by field name or by ``group.member``;
  nothing a hook returns can add a field back.

Allowed fields are present even when empty (``null`` or ``[]``), so a receiver can tell an
emptied field from one that was not shared; fields not shared are absent.
"""

from __future__ import annotations

import copy
from typing import Any

import pluggy

from ncen_core.declarations import Audience
from ncen_core.fields import Classification, FieldSpec, Kind, RecordType
from ncen_core.record_json import jsonable
from ncen_core.records import Record

X_ONLY = frozenset({Classification.EXPORTABLE})
EVERY_CLASS = frozenset(Classification)
#: Kinds that hold free text or pictures, which may name or show a person whatever the
#: classification says: never in the non-nominal export.
FREE_FORM_KINDS = frozenset({Kind.LONGTEXT, Kind.PHOTO})


def legal_basis_for(record: Record, audience: Audience) -> str | None:
    """The legal basis that lets personal and sensitive fields of ``record`` go to
    ``audience``: the share's, else the record's; None when they may not go."""
    if audience.kind not in ("office", "group"):
        return None
    return audience.legal_basis.strip() or record.legal_basis.strip() or None


def is_non_nominal(spec: FieldSpec) -> bool:
    """True for an X field that names no person and no identifier: no name part, no
    identifier (plate, container, document, phone...), no long free text, no photo."""
    return (spec.classification is Classification.EXPORTABLE and spec.identifier is None
            and spec.name_part is None and spec.kind not in FREE_FORM_KINDS)


class FieldFilter:
    """Keeps the fields of one record that may go to one audience."""

    def __init__(self, plugins: pluggy.PluginManager, audience: Audience):
        self.audience = audience
        self._hook = plugins.hook.redact_record
        self._has_redactors = bool(self._hook.get_hookimpls())
        self._shapes: dict[tuple[str, bool], list[tuple[str, tuple[str, ...] | None]]] = {}

    def allowed(self, spec: FieldSpec, personal: bool) -> bool:
        """True when ``spec`` may go, with or without personal data allowed."""
        if self.audience.kind == "non_nominal":
            return is_non_nominal(spec)
        return spec.classification in (EVERY_CLASS if personal else X_ONLY)

    def values(self, record_type: RecordType, record: Record, personal: bool) -> dict[str, Any]:
        """The JSON-ready fields of ``record`` that may go, after the plugins' redaction."""
        shared: dict[str, Any] = {}
        for name, members in self._shape(record_type, personal):
            value = record.values.get(name)
            if members is not None:
                value = [{member: row.get(member) for member in members} for row in value or []]
            shared[name] = jsonable(value)
        return self._redacted(shared)

    def _shape(self, record_type: RecordType, personal: bool
               ) -> list[tuple[str, tuple[str, ...] | None]]:
        """(field, allowed group members or None) of every field that may go, worked out
        once per record type."""
        key = (record_type.name, personal)
        if key not in self._shapes:
            shape: list[tuple[str, tuple[str, ...] | None]] = []
            for spec in record_type.fields:
                if not self.allowed(spec, personal):
                    continue
                if spec.kind is not Kind.GROUP:
                    shape.append((spec.name, None))
                    continue
                members = tuple(m.name for m in spec.fields if self.allowed(m, personal))
                if members:
                    shape.append((spec.name, members))
            self._shapes[key] = shape
        return self._shapes[key]

    def _redacted(self, shared: dict[str, Any]) -> dict[str, Any]:
        if not self._has_redactors:
            return shared
        removed: set[str] = set()
        for names in self._hook(record=copy.deepcopy(shared), audience=self.audience):
            removed.update(names or ())
        for name in removed:
            group, dot, member = name.partition(".")
            if not dot:
                shared.pop(name, None)
            elif isinstance(shared.get(group), list):
                for row in shared[group]:
                    row.pop(member, None)
        return shared
