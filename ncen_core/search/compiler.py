"""Compiling bound conditions into SQL over the main table ``m`` of one record type.

Every value is a parameter. Table and column names come only from FieldSpecs and are
quoted. A condition on a group member or a multi-code field becomes
``EXISTS (SELECT 1 FROM <child table> c WHERE c.record_id = m.id AND ...)``, so a range such
as ``items.quantity_kg:10..20`` holds within one row; text that cannot drive the query (under
an OR with a filter) becomes ``m.id IN (<full-text match>)``.
"""

from __future__ import annotations

from ncen_core.fields import RecordType
from ncen_core.search import bound
from ncen_core.search.bound import Bound, Contains, Equals, Range
from ncen_core.search.dialect import Dialect
from ncen_core.search.shape import text_expr
from ncen_core.search.sql import Sql, join, quoted
from ncen_core.search.targets import Target
from ncen_core.search.visibility import Visibility

TRUE = Sql("1 = 1")
FALSE = Sql("1 = 0")


class Compiler:
    """SQL conditions for ``record_type`` in ``dialect``."""

    def __init__(self, dialect: Dialect, record_type: RecordType):
        self.dialect = dialect
        self.record_type = record_type

    def condition(self, node: Bound) -> Sql:
        """``node`` as a condition on ``m``."""
        if isinstance(node, bound.Constant):
            return TRUE if node.value else FALSE
        expr = text_expr(node)
        if expr is not None:
            ids = self.dialect.matching_ids(self.record_type, self.dialect.text_query(expr))
            return Sql("m.id IN (") + ids + Sql(")")
        if isinstance(node, bound.AllOf):
            return Sql("(") + join(" AND ", map(self.condition, node.items)) + Sql(")")
        if isinstance(node, bound.AnyOf):
            return Sql("(") + join(" OR ", map(self.condition, node.items)) + Sql(")")
        if isinstance(node, bound.NoneOf):
            return Sql("NOT (") + self.condition(node.item) + Sql(")")
        return self._column_condition(node)

    def visible(self, rules: Visibility) -> Sql:
        """Live rows that ``rules`` let the user see."""
        parts = [Sql("m.deleted = ") + self.dialect.p(False)]
        for column, allowed in (("unit", rules.units), ("status", rules.statuses)):
            if allowed is None:
                continue
            if not allowed:
                return FALSE
            values = join(", ", [self.dialect.p(v) for v in allowed])
            parts.append(Sql(f"m.{quoted(column)} IN (") + values + Sql(")"))
        return join(" AND ", parts)

    def _column_condition(self, node: Equals | Contains | Range) -> Sql:
        test = self.row_test(node)
        if not node.target.child_table:
            return Sql("(") + test + Sql(")")
        # Correlated, so that a page read newest first (or through another index) probes the
        # rows of its candidates only -- through the child table's (column, record_id) index
        # where a plugin declares one -- instead of listing every row matching the test.
        return (Sql(f"EXISTS (SELECT 1 FROM {quoted(node.target.child_table)} c "
                    "WHERE c.record_id = m.id AND ") + test + Sql(")"))

    def row_test(self, node: Equals | Contains | Range) -> Sql:
        """``node`` as a test of one row of the table holding its column (a child table's
        columns unqualified, the main table's as ``m.``)."""
        target = node.target
        prefix = "" if target.child_table else "m."
        column = self._column(target, prefix)
        if isinstance(node, Equals):
            test = Sql(f"{column} = ") + self.dialect.p(node.value)
        elif isinstance(node, Contains):
            test = self.dialect.squash(column) + Sql(" LIKE ") + self.dialect.p(
                f"%{node.squashed}%")
        else:
            test = self._range(column, node)
        if target.base_unit is not None:
            unit_column = f"{prefix}{quoted(target.column + '_unit')}"
            test = test + Sql(f" AND {unit_column} = ") + self.dialect.p(target.base_unit)
        return test

    @staticmethod
    def _column(target: Target, prefix: str) -> str:
        column = f"{prefix}{quoted(target.column)}"
        if not target.partial:
            return column
        # A partial date compares by its earliest day: 1980 as 1980-01-01, 1980-05 as 1980-05-01.
        return (f"(CASE length({column}) WHEN 4 THEN {column} || '-01-01' "
                f"WHEN 7 THEN {column} || '-01' ELSE {column} END)")

    def _range(self, column: str, node: Range) -> Sql:
        parts = []
        if node.low is not None:
            op = ">=" if node.low_inclusive else ">"
            parts.append(Sql(f"{column} {op} ") + self.dialect.p(node.low))
        if node.high is not None:
            op = "<=" if node.high_inclusive else "<"
            parts.append(Sql(f"{column} {op} ") + self.dialect.p(node.high))
        return join(" AND ", parts) if parts else Sql(f"{column} IS NOT NULL")
