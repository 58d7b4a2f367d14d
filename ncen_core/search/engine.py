"""Search across every record type the user may read: the one entry point.

:func:`search` parses the query, checks every field it names, binds it to each record type
in scope, asks the database plugins through the ``search`` hook, and merges their hits into
one page: exact identifier hits first, then words by relevance, then fuzzy names, then (for
filters, or words too common to rank) the newest records. Pages continue by cursor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ncen_core.app import Ncen
from ncen_core.errors import PluginError
from ncen_core.fields import RecordType
from ncen_core.search.binder import BindContext, bind, check_fields, prune
from ncen_core.search.bound import NOTHING
from ncen_core.search.errors import QueryValueError
from ncen_core.search.merge import decode_cursor, encode_cursor, fingerprint, merge
from ncen_core.search.nodes import Node
from ncen_core.search.parser import parse
from ncen_core.search.request import (
    RANKED,
    RECENT,
    PreparedSearch,
    RankedHit,
    SearchResults,
    TypePlan,
)
from ncen_core.search.shape import shape
from ncen_core.search.visibility import require_search, visibility
from ncen_core.users import UserInfo

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def search(ncen: Ncen, user: UserInfo, query_text: str, *, record_types: Sequence[str] = (),
           limit: int = DEFAULT_LIMIT, cursor: str | None = None) -> SearchResults:
    """One page of records matching ``query_text`` that ``user`` may see.

    ``record_types`` limits the search (empty: every type); ``cursor`` is the
    ``next_cursor`` of the previous page. Raises QueryError for a bad query (with the
    position), CursorError for a cursor of another search, PermissionDeniedError for a role
    that may not search.
    """
    require_search(user)
    limit = max(1, min(limit, MAX_LIMIT))
    node, scope, context = _parsed(ncen, query_text, record_types)
    search_id = fingerprint(query_text, [t.name for t in scope])
    after = decode_cursor(cursor, search_id) if cursor else None
    plans: dict[str, TypePlan] = {}
    for record_type in scope:
        bound = bind(node, record_type, context)
        type_after = _after_for(after, record_type.name)
        if bound == NOTHING or type_after == {}:
            continue
        plans[record_type.name] = TypePlan(shape(bound), after=type_after)
    request = PreparedSearch(query_text, record_types=tuple(plans), limit=limit, ncen=ncen,
                             visibility=visibility(user), plans=plans)
    page, continuing = merge(_answers(ncen, request), after, limit)
    strategies = {hit.record_type: hit.stage for hit in page if hit.stage in (RANKED, RECENT)}
    next_cursor = encode_cursor(search_id, continuing) if continuing else None
    return SearchResults(page, next_cursor, strategies)


def check_query(ncen: Ncen, query_text: str, record_types: Sequence[str] = ()) -> None:
    """Raise QueryError (with the position) if ``query_text`` could not run."""
    node, scope, context = _parsed(ncen, query_text, record_types)
    for record_type in scope:
        bind(node, record_type, context)


def _parsed(ncen: Ncen, query_text: str, record_types: Sequence[str],
            ) -> tuple[Node, list[RecordType], BindContext]:
    scope = _scope(ncen, record_types)
    node = prune(parse(query_text))
    if node is None:
        raise QueryValueError(1, "the query has no letter or digit to search for")
    context = BindContext(ncen.registry.codelists, ncen.registry.record_types, dt.date.today())
    check_fields(node, scope, context)
    return node, scope, context


def _scope(ncen: Ncen, record_types: Sequence[str]) -> list[RecordType]:
    names = record_types or sorted(ncen.registry.record_types)
    return [ncen.registry.record_type(name) for name in dict.fromkeys(names)]


def _after_for(after: dict | None, record_type: str) -> dict | None:
    if after is None:
        return None
    prefix = f"{record_type}/"
    return {key[len(prefix):]: position for key, position in after.items()
            if key.startswith(prefix)}


def _answers(ncen: Ncen, request: PreparedSearch) -> list[RankedHit]:
    hits: list[RankedHit] = []
    for answer in ncen.plugins.hook.search(request=request):
        for hit in answer or ():
            if not isinstance(hit, RankedHit):
                raise PluginError(
                    f"a search hook answered {hit.record_type} hits without a position; "
                    "answer with ncen_core.search.plugin_support.answer_search")
            hits.append(hit)
    return hits
