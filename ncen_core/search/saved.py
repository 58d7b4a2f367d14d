"""Saved searches: each user's named queries, kept in the database so that every workstation
of a shared installation offers them.

A saved search keeps the query text and the record types it was limited to; relative dates
(``date:>-30d``) are read again each time it runs. The query is checked when it is saved, so
a saved search with a typo cannot be stored. Users see and change only their own.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import peewee as pw

from ncen_core.app import Ncen
from ncen_core.errors import NcenError, NotFoundError
from ncen_core.search.engine import DEFAULT_LIMIT, check_query, search
from ncen_core.search.request import SearchResults
from ncen_core.search.saved_table import saved_search_model as _model
from ncen_core.search.visibility import require_search
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow
from ncen_core.users import UserInfo

MAX_NAME_LENGTH = 100


class SavedSearchError(NcenError):
    """A saved search that cannot be stored: a bad name, or a name already taken."""


@dataclass(frozen=True)
class SavedSearch:
    """A named query of one user."""

    name: str
    query: str
    record_types: tuple[str, ...]
    created_at: dt.datetime
    updated_at: dt.datetime


def save_search(ncen: Ncen, user: UserInfo, name: str, query: str,
                record_types: Sequence[str] = (), *, replace: bool = False) -> SavedSearch:
    """Store ``query`` under ``name`` for ``user``; QueryError if the query could not run."""
    require_search(user)
    name = _checked_name(name)
    if any(unicodedata.category(c) == "Cc" and not c.isspace() for c in query):
        raise SavedSearchError("a saved query cannot hold control characters")
    check_query(ncen, query, record_types)
    model = _model(ncen.database)
    now = utcnow()
    types = ",".join(dict.fromkeys(record_types))
    with write_transaction(ncen.database):
        existing = model.get_or_none((model.username == user.username) & (model.name == name))
        if existing is not None and not replace:
            raise SavedSearchError(f"you already have a saved search named '{name}'; "
                                   "replace it or choose another name")
        if existing is None:
            model.insert(username=user.username, name=name, query=query, record_types=types,
                         created_at=now, updated_at=now).execute()
        else:
            model.update(query=query, record_types=types, updated_at=now).where(
                (model.username == user.username) & (model.name == name)).execute()
    return get_search(ncen, user, name)


def list_searches(ncen: Ncen, user: UserInfo) -> list[SavedSearch]:
    """The saved searches of ``user``, by name."""
    require_search(user)
    model = _model(ncen.database)
    rows = model.select().where(model.username == user.username).order_by(model.name)
    return [_saved(row) for row in rows]


def get_search(ncen: Ncen, user: UserInfo, name: str) -> SavedSearch:
    """The saved search ``name`` of ``user``; NotFoundError if there is none."""
    require_search(user)
    model = _model(ncen.database)
    row = model.get_or_none((model.username == user.username) & (model.name == name.strip()))
    if row is None:
        raise NotFoundError(f"you have no saved search named '{name.strip()}'")
    return _saved(row)


def delete_search(ncen: Ncen, user: UserInfo, name: str) -> None:
    """Forget the saved search ``name`` of ``user``; NotFoundError if there is none."""
    get_search(ncen, user, name)
    model = _model(ncen.database)
    with write_transaction(ncen.database):
        model.delete().where((model.username == user.username)
                             & (model.name == name.strip())).execute()


def run_saved_search(ncen: Ncen, user: UserInfo, name: str, *, limit: int = DEFAULT_LIMIT,
                     cursor: str | None = None) -> SearchResults:
    """One page of the results of the saved search ``name``."""
    saved = get_search(ncen, user, name)
    return search(ncen, user, saved.query, record_types=saved.record_types, limit=limit,
                  cursor=cursor)


def _checked_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH or not name.isprintable():
        raise SavedSearchError(f"a saved search needs a name of 1 to {MAX_NAME_LENGTH} "
                               "printable characters")
    return name


def _saved(row: pw.Model) -> SavedSearch:
    types = tuple(t for t in row.record_types.split(",") if t)
    return SavedSearch(row.name, row.query, types, row.created_at, row.updated_at)

