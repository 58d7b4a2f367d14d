"""Rules of a suspect record that single fields cannot express."""

from __future__ import annotations

from typing import Any, Mapping

from ncen_core.identifiers import compact


def suspect_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """Field path -> message: the same document twice, a nationality given twice."""
    problems: dict[str, str] = {}
    seen_documents: dict[tuple[str, str, str], int] = {}
    for index, document in enumerate(values.get("documents") or [], start=1):
        key = (document.get("document_type") or "", compact(document.get("number") or ""),
               document.get("issuing_country") or "")
        if key in seen_documents:
            problems[f"documents[{index}].number"] = (
                f"the same document is already listed as document {seen_documents[key]}")
        seen_documents.setdefault(key, index)
    countries = [row.get("country") for row in values.get("nationalities") or []]
    for index, country in enumerate(countries, start=1):
        if country in countries[: index - 1]:
            problems[f"nationalities[{index}].country"] = f"{country} is listed twice"
    return problems
