"""Sharing records with other offices: audience rules, field allow-lists, the non-nominal
export, share plans sealed into packages, the sent ledger and withdrawals.

The public API::

    build_share(service, audience, selection, keyring=None, *, workdir=None) -> SharePlan
        # plan.preview() yields what would leave; plan.summary() counts it
    seal_share(plan, keys, keyring, out_dir) -> list[Path]     # packages, ledger, audit
    export_non_nominal(plan, out_dir) -> Path                   # the non-nominal file
    withdrawals_due(ncen, keyring) -> Iterator[Withdrawal]
    seal_withdrawals(service, keys, keyring, out_dir) -> list[Path]

``service`` is the acting user's :class:`~ncen_core.record_service.RecordService` (sharing
needs the "export reports" permission), ``audience`` an
:class:`~ncen_core.declarations.Audience`, ``selection`` a :class:`Selection` (a query or
record references). Use a plan as a context manager: closing it deletes its files.

The rules are documented in :mod:`.rules` (which records), :mod:`.allow_list` (which
fields), :mod:`.non_nominal` (the regional export) and :mod:`.withdrawals`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .builder import build_share
    from .errors import ShareError
    from .plan import PlannedPackage, SharePlan
    from .seal import export_non_nominal, seal_share
    from .selection import Selection, parse_reference
    from .withdrawals import Withdrawal, seal_withdrawals, withdrawals_due

#: Where each public name lives. The package loads them on first use, so that opening a
#: database (which imports :mod:`.ledger_tables` for its migrations) does not import the
#: builder, the search engine and the package sealing code.
_PUBLIC = {
    "build_share": "builder", "ShareError": "errors", "PlannedPackage": "plan",
    "SharePlan": "plan", "export_non_nominal": "seal", "seal_share": "seal",
    "Selection": "selection", "parse_reference": "selection", "Withdrawal": "withdrawals",
    "seal_withdrawals": "withdrawals", "withdrawals_due": "withdrawals",
}

__all__ = [
    "PlannedPackage", "Selection", "ShareError", "SharePlan", "Withdrawal", "build_share",
    "export_non_nominal", "parse_reference", "seal_share", "seal_withdrawals",
    "withdrawals_due",
]


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
    globals()[name] = value
    return value
