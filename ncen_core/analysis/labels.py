"""Display labels of grouping values: code-list labels in the configured language, country
names, yes/no, and a mark for values not recorded."""

from __future__ import annotations

from typing import Any

import pycountry

from ncen_core.analysis.dimensions import Dimension
from ncen_core.analysis.table import NOT_RECORDED
from ncen_core.codelists import CodeListRegistry
from ncen_core.fields import Kind


def value_label(dimension: Dimension, value: Any, codelists: CodeListRegistry,
                language: str) -> str:
    """How ``value`` of ``dimension`` is shown (``DRUGS`` -> ``Drugs``, ``FR`` -> ``France``)."""
    if value is None or value == "":
        return NOT_RECORDED
    if dimension.period:
        return str(value)
    if dimension.kind is Kind.CODE and dimension.codelist and dimension.codelist in codelists:
        return codelists.get(dimension.codelist).label(str(value), language)
    if dimension.kind is Kind.COUNTRY:
        country = pycountry.countries.get(alpha_2=str(value))
        return country.name if country else str(value)
    if dimension.kind is Kind.BOOL:
        return "yes" if value in (True, 1, "1") else "no"
    return str(value)
