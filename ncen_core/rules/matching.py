"""Which records satisfy a rule: its query compiled to SQL, then its thresholds.

Every step is restricted to the candidate records (the ones just saved, received or
imported) by an IN list of at most :data:`BATCH` ids, so a rule costs the same on an empty
register and on a national one. The query runs through the search engine's own binder and
compiler, so a rule means exactly what the same query means in ``ncen search``.

``quantity_kg_over`` adds up the kilograms of the rows the query is about: when the query
puts conditions on a group (``items.commodity:DRUGS``, or ``items.commodity:(DRUGS OR
PRECURSORS) items.quantity_kg:>1``), only the rows of that group satisfying all of them count,
so a seizure of 7 kg of drugs and 1 kg of tobacco holds 7 kg for a drugs rule. Only the
query's top-level terms (joined by AND) that each name a single group narrow the rows; a term
under NOT, or an OR mixing groups or fields, selects records but not rows. Quantities of
groups the query does not name, and of the main record, count in full.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from peewee import SQL

from ncen_core.app import Ncen
from ncen_core.fields import Kind, RecordType
from ncen_core.network import lookup
from ncen_core.record_models import table_name
from ncen_core.records import RecordRef
from ncen_core.rules.definition import Repeat, RuleDefinition
from ncen_core.search import bound
from ncen_core.search.binder import BindContext, bind, prune
from ncen_core.search.compiler import Compiler
from ncen_core.search.dialect import dialect_for
from ncen_core.search.parser import parse
from ncen_core.search.sql import Sql, join, quoted

BATCH = lookup.BATCH
KILOGRAM = "kg"


def satisfied(ncen: Ncen, rule: RuleDefinition, ids: Sequence[int]) -> dict[int, str]:
    """The ids among ``ids`` that satisfy ``rule``, each with why (one line)."""
    matched = query_matches(ncen, rule, ids)
    reasons = {record_id: f"matches {rule.query}" for record_id in matched}
    if rule.quantity_kg_over is not None and reasons:
        totals = kilograms(ncen, rule.record_type, list(reasons),
                           rows=row_conditions(ncen, rule))
        reasons = {record_id: f"{totals[record_id].normalize():f} kg in total (over "
                              f"{rule.quantity_kg_over:f} kg)"
                   for record_id in reasons if totals.get(record_id, 0) > rule.quantity_kg_over}
    if rule.repeat is not None and reasons:
        repeated = repeats(ncen, rule, rule.repeat, list(reasons))
        reasons = {record_id: f"{reasons[record_id]}; {repeated[record_id]}"
                   for record_id in reasons if record_id in repeated}
    return reasons


def query_matches(ncen: Ncen, rule: RuleDefinition, ids: Sequence[int]) -> set[int]:
    """The live records among ``ids`` that the rule's query matches."""
    record_type = ncen.registry.record_type(rule.record_type)
    database = ncen.database
    dialect = dialect_for(database)
    dialect.prepare(database)
    condition = Compiler(dialect, record_type).condition(_bound(ncen, rule))
    found: set[int] = set()
    for chunk in lookup.batches(sorted(set(ids)), BATCH):
        sql = (Sql(f"SELECT m.id FROM {quoted(table_name(record_type))} m WHERE m.deleted = ")
               + dialect.p(False) + Sql(" AND m.id IN (")
               + join(", ", [dialect.p(i) for i in chunk]) + Sql(") AND ") + condition)
        found.update(row[0] for row in database.execute_sql(sql.text, sql.params))
    return found


def row_conditions(ncen: Ncen, rule: RuleDefinition) -> dict[str, Sql]:
    """Per child table, the test one of its rows must pass to be one the query is about:
    the top-level terms of the query that name only that table, all of them."""
    record_type = ncen.registry.record_type(rule.record_type)
    compiler = Compiler(dialect_for(ncen.database), record_type)
    node = _bound(ncen, rule)
    terms: dict[str, list[Sql]] = defaultdict(list)
    for term in node.items if isinstance(node, bound.AllOf) else (node,):
        table = _single_table(term)
        if table is not None:
            terms[table].append(_row_test(compiler, term))
    return {table: Sql("(") + join(" AND ", tests) + Sql(")") for table, tests in terms.items()}


def _single_table(node: bound.Bound) -> str | None:
    """The child table every column of ``node`` lies in, if there is exactly one."""
    if isinstance(node, bound.Equals | bound.Contains | bound.Range):
        return node.target.child_table
    if isinstance(node, bound.AnyOf | bound.AllOf):
        tables = {_single_table(item) for item in node.items}
        return tables.pop() if len(tables) == 1 else None
    return None


def _row_test(compiler: Compiler, node: bound.Bound) -> Sql:
    if isinstance(node, bound.AnyOf | bound.AllOf):
        separator = " OR " if isinstance(node, bound.AnyOf) else " AND "
        return Sql("(") + join(separator, [_row_test(compiler, i) for i in node.items]) + Sql(")")
    return Sql("(") + compiler.row_test(node) + Sql(")")


def _bound(ncen: Ncen, rule: RuleDefinition) -> bound.Bound:
    record_type = ncen.registry.record_type(rule.record_type)
    context = BindContext(ncen.registry.codelists, ncen.registry.record_types, dt.date.today())
    return bind(prune(parse(rule.query)), record_type, context)


def kilograms(ncen: Ncen, record_type_name: str, ids: Sequence[int], *,
              rows: dict[str, Sql] | None = None) -> dict[int, Decimal]:
    """Per record, its quantities normalised to kilograms added up: every quantity field and
    every row of every group, except that a child table named in ``rows`` counts only the rows
    passing its test (see :func:`row_conditions`). Records with none are absent."""
    rows = rows or {}
    models = ncen.models_for(record_type_name)
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for spec in models.record_type.fields:
        if spec.kind is Kind.QUANTITY:
            sources = [(models.main, models.main.id, spec.name)]
        elif spec.kind is Kind.GROUP:
            child = models.children[spec.name]
            sources = [(child, child.record, sub.name) for sub in spec.fields
                       if sub.kind is Kind.QUANTITY]
        else:
            continue
        for table, owner, name in sources:
            amount = getattr(table, f"{name}_norm")
            unit = getattr(table, f"{name}_norm_unit")
            test = rows.get(table._meta.table_name)
            for chunk in lookup.batches(sorted(set(ids)), BATCH):
                condition = owner.in_(list(chunk)) & (unit == KILOGRAM)
                if test is not None:
                    condition &= SQL(test.text, test.params)
                for record_id, value in table.select(owner, amount).where(condition).tuples():
                    if value is not None:
                        totals[record_id] += Decimal(str(value))
    return dict(totals)


def repeats(ncen: Ncen, rule: RuleDefinition, repeat: Repeat,
            ids: Sequence[int]) -> dict[int, str]:
    """The ids among ``ids`` linked to a ``repeat.via`` record that is linked to at least
    ``repeat.count`` records matching the query, dated within ``repeat.within_days`` up to
    the candidate's own date; each with why."""
    record_type = ncen.registry.record_type(rule.record_type)
    candidates = lookup.records_by_id(ncen, [(record_type.name, i) for i in ids], lookup.EVERYONE)
    via_of = _linked(ncen, {found.ref for found in candidates.values()}, repeat.via)
    via_refs = {via for vias in via_of.values() for via in vias}
    members_of = _linked(ncen, via_refs, record_type.name)
    member_refs = {ref for refs in members_of.values() for ref in refs}
    members = lookup.records_by_ref(ncen, member_refs, lookup.EVERYONE)
    id_of = {found.ref: key[1] for key, found in members.items()}
    matching = query_matches(ncen, rule, list(id_of.values()))
    dates = _dates(ncen, record_type, repeat.date_field, [*matching, *ids])
    titles = {found.ref: found.title for found in
              lookup.records_by_ref(ncen, via_refs, lookup.EVERYONE).values()}
    found_reasons: dict[int, str] = {}
    for (_type, record_id), found in candidates.items():
        day = dates.get(record_id)
        if day is None:
            continue
        earliest = day - dt.timedelta(days=repeat.within_days)
        for via in sorted(via_of.get(found.ref, ()), key=str):
            within = [ref for ref in members_of.get(via, ())
                      if id_of.get(ref) in matching and earliest <= dates[id_of[ref]] <= day]
            if len(within) >= repeat.count:
                found_reasons[record_id] = (
                    f"{len(within)} {record_type.name} records linked to {via.record_type} "
                    f"{titles.get(via) or via.uuid} within {repeat.within_days} days")
                break
    return found_reasons


def _linked(ncen: Ncen, refs: set[RecordRef], other_type: str) -> dict[RecordRef, set[RecordRef]]:
    """For each of ``refs``, the records of ``other_type`` a live link joins it to."""
    linked: dict[RecordRef, set[RecordRef]] = defaultdict(set)
    for a, b, _role in lookup.links_of(ncen, refs):
        for here, there in ((a, b), (b, a)):
            if here in refs and there.record_type == other_type:
                linked[here].add(there)
    return linked


def _dates(ncen: Ncen, record_type: RecordType, date_field: str,
           ids: Sequence[int]) -> dict[int, dt.date]:
    main = ncen.models_for(record_type.name).main
    column = main._meta.columns[date_field]
    found: dict[int, dt.date] = {}
    for chunk in lookup.batches(sorted(set(ids)), BATCH):
        for record_id, day in main.select(main.id, column).where(main.id.in_(list(chunk))).tuples():
            if day is not None:
                found[record_id] = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
    return found
