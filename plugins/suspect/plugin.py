"""The suspect plugin: its record type, code lists, rules, and the investigation tables,
whose tasks and messages are purged with a deleted suspect (see
:mod:`ncen_plugins.suspect.investigation_purge`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ncen_core import hookimpl
from ncen_core.codelists import shipped_codelist
from ncen_core.declarations import SearchHit, SearchRequest
from ncen_core.fields import RecordType
from ncen_core.migrations import Migration
from ncen_plugins.suspect.fields import SUSPECT
from ncen_plugins.suspect.investigation_purge import purge_investigation
from ncen_plugins.suspect.migrations import MIGRATIONS
from ncen_plugins.suspect.rules import suspect_problems

if TYPE_CHECKING:
    from ncen_core.app import Ncen
    from ncen_core.records import Record

CODELISTS = ("gender", "identity_document_type", "alert_type", "investigation_status")


@hookimpl
def register_record_types() -> list[RecordType]:
    return [SUSPECT]


@hookimpl
def register_codelists() -> list[Path]:
    return [shipped_codelist(name) for name in CODELISTS]


@hookimpl
def validate_record(record_type: str, values: dict) -> dict[str, str] | None:
    if record_type != SUSPECT.name:
        return None
    return suspect_problems(values) or None


@hookimpl
def register_migrations() -> list[Migration]:
    return list(MIGRATIONS)


@hookimpl
def search(request: SearchRequest) -> list[SearchHit]:
    from ncen_core.search.plugin_support import answer_search  # the search engine, on use

    return answer_search(request, SUSPECT.name)


@hookimpl
def record_saved(record: Record, change: str, ncen: Ncen) -> None:
    purge_investigation(ncen, record, change)
