"""psycopg only when a PostgreSQL database is opened, even where it is installed.

peewee imports psycopg at its own import whenever it is installed, which costs every
embedded start-up about 100 ms and 17 MB (DESIGN §9). :func:`import_peewee_without_psycopg`
(run by ``ncen_core/__init__.py``, before any module imports peewee) imports peewee with the
drivers hidden; :func:`load_psycopg` imports psycopg when a PostgreSQL URL is opened and
gives peewee what its own import would have found. A process that imported peewee before
ncen_core simply has psycopg already.
"""

from __future__ import annotations

import sys

HIDDEN_DRIVERS = ("psycopg", "psycopg2", "psycopg2cffi")


def import_peewee_without_psycopg() -> None:
    """Import peewee (once) while the PostgreSQL drivers look absent to it."""
    if "peewee" in sys.modules:
        return
    hidden = [name for name in HIDDEN_DRIVERS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  (import raises ImportError)
    try:
        import peewee  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, False) is None:
                del sys.modules[name]


def load_psycopg() -> None:
    """Import psycopg 3 and hand it to peewee; ImportError when it is not installed."""
    import peewee

    if peewee.psycopg is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    peewee.psycopg, peewee.TransactionStatus = psycopg, TransactionStatus
    peewee.Json_pg3, peewee.Jsonb_pg3 = Json, Jsonb
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
