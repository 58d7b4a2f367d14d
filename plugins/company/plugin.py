"""The company plugin: its record type and code lists."""

from __future__ import annotations

from pathlib import Path

from ncen_core import hookimpl
from ncen_core.codelists import shipped_codelist
from ncen_core.declarations import SearchHit, SearchRequest
from ncen_core.fields import RecordType
from ncen_plugins.company.fields import COMPANY

CODELISTS = ("company_legal_form", "aeo_status", "trade_role")


@hookimpl
def register_record_types() -> list[RecordType]:
    return [COMPANY]


@hookimpl
def register_codelists() -> list[Path]:
    return [shipped_codelist(name) for name in CODELISTS]


@hookimpl
def search(request: SearchRequest) -> list[SearchHit]:
    from ncen_core.search.plugin_support import answer_search  # the search engine, on use

    return answer_search(request, COMPANY.name)
