"""A narrow record type for the tests that write thousands of records from worker processes.

The sample record type uses every field kind, which makes each save several statements;
these tests are about transactions and locking, not field kinds, so a crate has just a
reference and a counter and the workloads stay fast.
"""

from __future__ import annotations

from ncen_core import hookimpl
from ncen_core.fields import FieldSpec, Kind, RecordType

CRATE = RecordType(
    name="crate",
    label="Crate",
    title_template="{reference}",
    list_columns=("reference", "count"),
    fields=(
        FieldSpec("reference", "Reference", Kind.TEXT, "X", required=True),
        FieldSpec("count", "Count", Kind.INT, "X", min_value=0),
    ),
)


@hookimpl
def register_record_types():
    return [CRATE]
