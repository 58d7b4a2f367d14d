"""Search across every record type the user may read: the one entry point.

:func:`search` parses the query, checks every field it names, binds it to each record type
in scope, asks the database plugins through the ``search`` hook, and merges their hits into
one page: exact identifier hits first, then words by relevance, then fuzzy names, then (for
filters, or words too common to rank) the newest records. Pages continue by cursor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from ncen_core.app import Ncen
from ncen_core.errors import PluginError
from ncen_core.fields import RecordType
from ncen_core.identifier_index import office_region
from ncen_core.identifiers import identifier_candidates
from ncen_core.names.find import find_names
from ncen_core.names.name_index import has_names
from ncen_core.search.binder import BindContext, bind, check_fields, prune
from ncen_core.search.bound import NOTHING
from ncen_core.search.errors import QueryValueError
from ncen_core.search.merge import decode_cursor, encode_cursor, fingerprint, merge
from ncen_core.search.nodes import Node
from ncen_core.search.parser import parse
from ncen_core.search.request import (
    NAME,
    RANKED,
    RECENT,
    TIERS,
    PreparedSearch,
    RankedHit,
    SearchResults,
    TypePlan,
)
from ncen_core.search.shape import Shape, shape
from ncen_core.search.visibility import require_search, visibility
from ncen_core.users import UserInfo

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
#: Fuzzy-name candidates asked for per search, and the score (0-100) a name needs to be shown:
#: below it, names only share a few sounds with the words typed.
NAME_CANDIDATES = 100
NAME_MIN_SCORE = 75.0


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
    shapes: dict[str, Shape] = {}
    afters: dict[str, dict | None] = {}
    for record_type in scope:
        bound = bind(node, record_type, context)
        afters[record_type.name] = _after_for(after, record_type.name)
        if bound != NOTHING and afters[record_type.name] != {}:
            shapes[record_type.name] = shape(bound)
    free_texts = {name: found.free_text for name, found in shapes.items() if found.free_text}
    identifiers = _identifier_stage(ncen, set(free_texts.values()))
    named = {name: text for name, text in free_texts.items()
             if shapes[name].text is not None and has_names(ncen.registry.record_types[name])}
    # Fuzzy names are looked up only for the name streams this page reads: on a first page
    # only once the other streams have been merged and leave room for them (_with_names).
    deferred = named if after is None else {}
    names = _name_stage(ncen, {name: text for name, text in named.items()
                               if after is not None and f"{name}/{NAME}" in after})
    plans = {name: TypePlan(found, after=afters[name],
                            identifiers=identifiers.get(found.free_text, ()),
                            names=names.get(name, ()))
             for name, found in shapes.items()}
    request = PreparedSearch(query_text, record_types=tuple(plans), limit=limit, ncen=ncen,
                             visibility=visibility(user), plans=plans)
    hits = _answers(ncen, request)
    page, continuing = merge(hits, after, limit)
    if deferred:
        page, continuing = _with_names(ncen, request, hits, deferred, page, continuing)
    strategies = {hit.record_type: hit.stage for hit in page if hit.stage in (RANKED, RECENT)}
    next_cursor = encode_cursor(search_id, continuing) if continuing else None
    return SearchResults(page, next_cursor, strategies)


def _with_names(ncen: Ncen, request: PreparedSearch, hits: list[RankedHit],
                texts: dict[str, str], page: list[RankedHit], continuing: dict,
                ) -> tuple[list[RankedHit], dict]:
    """The first page with the fuzzy-name streams of the record types ``texts`` added.

    Name hits come after identifier and ranked word hits, so when those fill the page and
    go on beyond it (there is a next page anyway) the names cannot be on this page: the
    fuzzy search is left to the next page (its stream continues from the start) instead of
    running for nothing. Otherwise it runs now, and the name streams are merged with the
    rest.
    """
    if (continuing and len(page) == request.limit
            and all(hit.order[0] < TIERS[NAME] for hit in page)):
        return page, {**continuing, **{f"{name}/{NAME}": [NAME] for name in texts}}
    names = _name_stage(ncen, texts)
    if not names:
        return page, continuing
    start = {NAME: [NAME]}
    plans = {name: replace(request.plans[name], after=start, names=found)
             for name, found in names.items()}
    extra = _answers(ncen, replace(request, record_types=tuple(plans), plans=plans))
    return merge(hits + extra, None, request.limit)


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


def _identifier_stage(ncen: Ncen, texts: set[str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """The (kind, value) identifiers each free text may be (item 4: ncen_core.identifiers),
    national numbers read in this office's country."""
    region = office_region(ncen.office_code)
    return {text: tuple(identifier_candidates(text, region=region)) for text in texts}


def _name_stage(ncen: Ncen, free_texts: dict[str, str]) -> dict[str, tuple[tuple[int, float], ...]]:
    """Fuzzy-name candidates per record type whose score reaches :data:`NAME_MIN_SCORE`
    (item 5: ncen_core.names), one lookup per distinct free text."""
    types_by_text: dict[str, list[str]] = {}
    for record_type, text in free_texts.items():
        types_by_text.setdefault(text, []).append(record_type)
    found: dict[str, list[tuple[int, float]]] = {}
    for text, record_types in types_by_text.items():
        for record_type, record_id, score in find_names(ncen, text, record_types=record_types,
                                                        limit=NAME_CANDIDATES,
                                                        min_score=NAME_MIN_SCORE):
            found.setdefault(record_type, []).append((record_id, score))
    return {record_type: tuple(candidates) for record_type, candidates in found.items()}


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
