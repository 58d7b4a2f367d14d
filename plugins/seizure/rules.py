"""Consistency rules of a seizure that single fields cannot express.

A subtype must belong to its item's commodity, a concealment method to its category; a
container or IMO number must carry the right check digit; a value needs a currency.
"""

from __future__ import annotations

from typing import Any, Mapping

from ncen_core.codelists import CodeListRegistry
from ncen_core.identifiers import check_container_number, check_imo_number


def seizure_problems(values: Mapping[str, Any], codelists: CodeListRegistry) -> dict[str, str]:
    """Field path -> message for every rule the seizure breaks."""
    problems: dict[str, str] = {}
    method = values.get("concealment_method")
    category = values.get("concealment_category")
    if method and category:
        parent = codelists.get("concealment_method").get(method)
        if parent is not None and parent.parent != category:
            problems["concealment_method"] = (
                f"{method} is a method of concealment category {parent.parent}, not {category}")
    if values.get("vessel_imo"):
        _check(problems, "vessel_imo", check_imo_number, values["vessel_imo"])
    for index, row in enumerate(values.get("containers") or [], start=1):
        _check(problems, f"containers[{index}].container_number", check_container_number,
               row.get("container_number") or "")
    subtypes = codelists.get("commodity_subtype")
    for index, item in enumerate(values.get("items") or [], start=1):
        subtype = item.get("subtype")
        if subtype and subtypes.get(subtype) and subtypes.get(subtype).parent != item.get("commodity"):
            problems[f"items[{index}].subtype"] = (
                f"{subtype} is a subtype of {subtypes.get(subtype).parent}, "
                f"not of {item.get('commodity')}")
        if item.get("estimated_value") is not None and not item.get("currency"):
            problems[f"items[{index}].currency"] = "a value needs its currency"
    return problems


def _check(problems: dict[str, str], path: str, check, value: str) -> None:
    try:
        check(value)
    except ValueError as exc:
        problems[path] = str(exc)
