"""Which records satisfy a rule: its query compiled to SQL, then its thresholds.

Every step is restricted to the candidate records (the ones just saved, received or
imported) by an IN list of at most :data:`BATCH` ids, so a rule costs the same on an empty
register and on a national one. The query runs through the search engine's own binder and
compiler, so a rule means exactly what the same query means in ``ncen search``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from ncen_core.app import Ncen
from ncen_core.fields import Kind, RecordType
from ncen_core.network import lookup
from ncen_core.record_models import table_name
from ncen_core.records import RecordRef
from ncen_core.rules.definition import Repeat, RuleDefinition
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
        totals = kilograms(ncen, rule.record_type, list(reasons))
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
    node = prune(parse(rule.query))
    context = BindContext(ncen.registry.codelists, ncen.registry.record_types, dt.date.today())
    condition = Compiler(dialect, record_type).condition(bind(node, record_type, context))
    found: set[int] = set()
    for chunk in lookup.batches(sorted(set(ids)), BATCH):
        sql = (Sql(f"SELECT m.id FROM {quoted(table_name(record_type))} m WHERE m.deleted = ")
               + dialect.p(False) + Sql(" AND m.id IN (")
               + join(", ", [dialect.p(i) for i in chunk]) + Sql(") AND ") + condition)
        found.update(row[0] for row in database.execute_sql(sql.text, sql.params))
    return found


def kilograms(ncen: Ncen, record_type_name: str, ids: Sequence[int]) -> dict[int, Decimal]:
    """Per record, its quantities normalised to kilograms added up (every quantity field,
    every row of every group); records with none are absent."""
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
            for chunk in lookup.batches(sorted(set(ids)), BATCH):
                query = (table.select(owner, amount).where(owner.in_(list(chunk))
                                                           & (unit == KILOGRAM)).tuples())
                for record_id, value in query:
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
