"""What the engine hands to the database plugins, and what they hand back.

The ``search`` hook receives a :class:`~ncen_core.declarations.SearchRequest`; the engine
sends a :class:`PreparedSearch`, the same request plus the parsed query bound to each record
type in scope, the installation to read from and the user to read for. A plugin answers with
:class:`RankedHit` values: ordinary search hits that also say which stream of results they
come from and where that stream stands, so the engine can merge and page them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ncen_core.declarations import SearchHit, SearchRequest
from ncen_core.records import RecordRef
from ncen_core.search.shape import Shape
from ncen_core.search.visibility import Visibility

if TYPE_CHECKING:
    from ncen_core.app import Ncen

#: Streams of hits a record type may answer with, best first.
IDENTIFIER = "identifier"
TEXT = "text"
NAME = "name"
FILTER = "filter"

#: How a text stream orders its hits: by full-text rank, or newest first (too many to rank).
RANKED = "ranked"
RECENT = "recent"

#: What a hit's ``stage`` may be: how it was found and ordered.
STAGES = (IDENTIFIER, RANKED, NAME, RECENT, FILTER)

#: Where hits of each stage sort on a page (the first item of :attr:`RankedHit.order`);
#: every other stage comes after, newest first.
TIERS = {IDENTIFIER: 0, RANKED: 1, NAME: 2}
NEWEST_TIER = 3


@dataclass(frozen=True)
class TypePlan:
    """The search of one record type.

    ``after`` maps a stream to where it continues (None: from its start); None for the first
    page, when every stream starts. ``identifiers`` are the (kind, value) pairs the free text
    may be; ``names`` the (record id, score) candidates of the fuzzy-name search.
    """

    shape: Shape
    after: Mapping[str, Any] | None = None
    identifiers: tuple[tuple[str, str], ...] = ()
    names: tuple[tuple[int, float], ...] = ()


@dataclass(frozen=True, eq=False)
class PreparedSearch(SearchRequest):
    """A request the engine has parsed and bound, with what a plugin needs to answer it."""

    ncen: Ncen | None = field(default=None, kw_only=True)
    visibility: Visibility = field(default=Visibility(None, None), kw_only=True)
    plans: Mapping[str, TypePlan] = field(default_factory=dict, kw_only=True)


@dataclass(frozen=True)
class RankedHit(SearchHit):
    """A hit with its place in the merged order.

    ``stream`` is ``<record type>/<stream>``; ``position`` is where that stream continues
    after this hit (JSON-safe); ``order`` sorts hits of every stream together (lower first):
    identifier hits, then ranked text, then names, then newest first.
    """

    record_id: int = field(kw_only=True)
    stage: str = field(kw_only=True)
    created_at: dt.datetime = field(kw_only=True)
    stream: str = field(kw_only=True)
    position: list[Any] = field(kw_only=True, compare=False)
    order: tuple[Any, ...] = field(kw_only=True, compare=False)

    @property
    def ref(self) -> RecordRef:
        """The record this hit names."""
        return RecordRef(self.record_type, self.origin, self.uuid)


@dataclass(frozen=True)
class SearchResults:
    """One page of hits; ``next_cursor`` fetches the next page (None on the last one).

    ``strategies`` says per record type how its words were answered: ``ranked`` (by
    relevance) or ``recent`` (so many matches that the newest are shown first instead).
    """

    hits: list[RankedHit]
    next_cursor: str | None
    strategies: Mapping[str, str] = field(default_factory=dict)
