"""Errors in a search query, each naming the position an officer has to look at."""

from __future__ import annotations

from ncen_core.errors import NcenError


class QueryError(NcenError):
    """A query that cannot be run; ``position`` is 1-based (the first character is 1)."""

    def __init__(self, position: int, reason: str):
        self.position = position
        self.reason = reason
        super().__init__(f"position {position}: {reason}")


class QuerySyntaxError(QueryError):
    """The query is not well formed: an unclosed quote or parenthesis, a missing term."""


class QueryValueError(QueryError):
    """The query is well formed but names an unknown field or an impossible value."""


class CursorError(NcenError):
    """A page cursor that is damaged or belongs to another search."""
