"""The seizure plugin: its record type, code lists, consistency rules and analyses."""

from __future__ import annotations

from pathlib import Path

from ncen_core import hookimpl
from ncen_core.analysis.lazy import lazy_analysis
from ncen_core.codelists import CodeListRegistry, shipped_codelist
from ncen_core.declarations import AnalysisSpec, SearchHit, SearchRequest
from ncen_core.fields import RecordType
from ncen_core.migrations import Migration
from ncen_plugins.seizure.fields import SEIZURE
from ncen_plugins.seizure.migrations import MIGRATIONS
from ncen_plugins.seizure.rules import seizure_problems

CODELISTS = (
    "commodity_category", "commodity_subtype", "detection_method", "concealment_category",
    "concealment_method", "location_type", "customs_procedure", "offence_type",
    "transport_mode", "conveyance_type", "action_taken", "route_leg_type",
)

_ANALYSES = "ncen_plugins.seizure.analyses"
ANALYSES = (
    AnalysisSpec("routes", "Routes", "Origin to destination flows, largest first",
                 lazy_analysis(f"{_ANALYSES}:routes")),
    AnalysisSpec("transit", "Transit countries", "Countries of transit and transhipment legs",
                 lazy_analysis(f"{_ANALYSES}:transit")),
    AnalysisSpec("new-routes", "New routes", "Routes first used in a period",
                 lazy_analysis(f"{_ANALYSES}:new_routes")),
    AnalysisSpec("trends", "Trends", "Largest rises and falls from one period to the next",
                 lazy_analysis(f"{_ANALYSES}:seizure_trends")),
)
"""The seizure analyses, imported on their first run (statistics and the search compiler)."""


@hookimpl
def register_record_types() -> list[RecordType]:
    return [SEIZURE]


@hookimpl
def register_codelists() -> list[Path]:
    return [shipped_codelist(name) for name in CODELISTS]


@hookimpl
def validate_record(
    record_type: str, values: dict, codelists: CodeListRegistry
) -> dict[str, str] | None:
    if record_type != SEIZURE.name:
        return None
    return seizure_problems(values, codelists) or None


@hookimpl
def register_migrations() -> list[Migration]:
    return list(MIGRATIONS)


@hookimpl
def search(request: SearchRequest) -> list[SearchHit]:
    from ncen_core.search.plugin_support import answer_search  # the search engine, on use

    return answer_search(request, SEIZURE.name)


@hookimpl
def register_analyses() -> list[AnalysisSpec]:
    return list(ANALYSES)
