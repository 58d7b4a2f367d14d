"""The rows an analysis reads: what the user may see, narrowed by query-language filters.

Filters are the query language of search (``docs/query-language.md``), parsed, checked and
bound by the search package and compiled by its compiler, so ``--where`` means exactly what
the same text means in ``ncen search``. Several filters (the user's, and a period an analysis
adds) are combined with AND.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ncen_core.fields import RecordType
from ncen_core.roles import Permission, require
from ncen_core.search.binder import BindContext, bind, check_fields, prune
from ncen_core.search.compiler import Compiler
from ncen_core.search.dialect import dialect_for
from ncen_core.search.errors import QueryValueError
from ncen_core.search.parser import parse
from ncen_core.search.sql import Sql
from ncen_core.search.visibility import visibility
from ncen_core.users import UserInfo

if TYPE_CHECKING:
    from ncen_core.app import Ncen


def require_analysis(user: UserInfo) -> None:
    """PermissionDeniedError unless ``user`` may run analyses (and read what they count)."""
    require(user.role, Permission.RUN_ANALYSES)
    require(user.role, Permission.READ_RECORDS)


def compiled_filter(ncen: Ncen, user: UserInfo, record_type: RecordType,
                    queries: Sequence[str]) -> tuple[Compiler, Sql]:
    """The compiler for ``record_type`` and the condition on ``m``: rows ``user`` may see that
    match every non-empty text of ``queries``. QueryError (with the position) for a bad one."""
    dialect = dialect_for(ncen.database)
    dialect.prepare(ncen.database)
    compiler = Compiler(dialect, record_type)
    condition = compiler.visible(visibility(user))
    context = BindContext(ncen.registry.codelists, ncen.registry.record_types, dt.date.today())
    for text in queries:
        if not text or not text.strip():
            continue
        node = prune(parse(text))
        if node is None:
            raise QueryValueError(1, "the filter has no letter or digit to look for")
        check_fields(node, [record_type], context)
        condition = condition + Sql(" AND ") + compiler.condition(bind(node, record_type, context))
    return compiler, condition


def unrestricted(user: UserInfo) -> bool:
    """True when ``user`` sees every live record (maintained aggregates then answer for it)."""
    rules = visibility(user)
    return rules.units is None and rules.statuses is None


def date_filter(start: dt.date, end: dt.date) -> str:
    """The query-language filter for the main date from ``start`` up to ``end`` (excluded)."""
    return f"date:{start.isoformat()}..{(end - dt.timedelta(days=1)).isoformat()}"
