"""Example ncen plugin: a CITES permit number on seizures, and a rule that goes with it.

Plugins add fields through the ``register_fields`` hook and cross-field rules through
``validate_record``; both are ordinary pluggy hook implementations marked with
``ncen_core.hookimpl``. The field becomes a real column at the next ``ncen db upgrade`` and
appears in forms, validation and exports like a built-in one.
"""

from __future__ import annotations

from ncen_core import hookimpl
from ncen_core.fields import FieldSpec, Kind

CITES_PERMIT = FieldSpec(
    "cites_permit_number", "CITES permit number", Kind.TEXT, "S",
    labels={"fr": "Numéro de permis CITES", "es": "Número de permiso CITES"},
    max_length=40, searchable=True,
    help="The CITES export or re-export permit presented with the wildlife, if any",
)


@hookimpl
def register_fields(record_type: str) -> list[FieldSpec]:
    return [CITES_PERMIT] if record_type == "seizure" else []


@hookimpl
def validate_record(record_type: str, values: dict) -> dict[str, str] | None:
    """A CITES permit concerns wildlife: refuse one on a seizure without a wildlife item."""
    if record_type != "seizure" or not values.get(CITES_PERMIT.name):
        return None
    if any(item.get("commodity") == "WILDLIFE" for item in values.get("items") or []):
        return None
    return {CITES_PERMIT.name: "a CITES permit concerns wildlife: add the wildlife item "
                               "or clear the permit number"}
