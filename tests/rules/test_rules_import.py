"""Bulk imports evaluate each rule once per batch of records written, inside the import:
a dry run leaves no hit, importing the same file again fires nothing new."""

from __future__ import annotations

import textwrap

from ncen_core.rules.definition import RuleDefinition
from ncen_core.rules.notifications import notifications_for
from ncen_core.rules.store import save_rule
from ncen_core.transfer.importer import ImportOptions, import_file
from ncen_core.transfer.mapping_file import load_mapping

MAPPING = textwrap.dedent("""\
    ncen_mapping: 1
    record_type: seizure
    name: rules-test
    key: [case]
    fields:
      reference: case
      seizure_date: {column: date, date_format: YYYY-MM-DD}
      items:
        rows:
          - commodity: commodity
            quantity: {column: qty, unit_column: unit}
    """)


def write_register(folder, rows):
    (folder / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    lines = ["case,date,commodity,qty,unit"] + [",".join(row) for row in rows]
    (folder / "register.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "register.csv", load_mapping(folder / "mapping.yaml")


def rows(count):
    """``count`` seizures; every third is 20 kg of drugs, the others 1 kg of tobacco."""
    return [(f"C-{n:03d}", "2026-02-01", *(("DRUGS", "20", "KG") if n % 3 == 0
                                            else ("TOBACCO", "1", "KG")))
            for n in range(count)]


def test_an_import_fires_the_rules_on_the_records_it_wrote(office, people, tmp_path):
    save_rule(office, people["analyst"].user, RuleDefinition(
        "heavy-drugs", "seizure", "items.commodity:DRUGS", quantity_kg_over=10,
        subscribers=("anna",)))
    register, mapping = write_register(tmp_path, rows(25))

    import_file(people["officer"], register, mapping, options=ImportOptions(batch_size=7))

    fired = sorted(office.models_for("seizure").main.get(
        office.models_for("seizure").main.uuid == n.ref.uuid).reference
        for n in notifications_for(office, "anna"))
    assert fired == [f"C-{n:03d}" for n in range(25) if n % 3 == 0]


def test_a_dry_run_or_a_second_import_adds_no_hit(office, people, tmp_path):
    save_rule(office, people["analyst"].user, RuleDefinition(
        "heavy-drugs", "seizure", "items.commodity:DRUGS", quantity_kg_over=10,
        subscribers=("anna",)))
    register, mapping = write_register(tmp_path, rows(6))

    import_file(people["officer"], register, mapping, options=ImportOptions(dry_run=True))
    assert notifications_for(office, "anna") == []
    import_file(people["officer"], register, mapping)
    import_file(people["officer"], register, mapping)
    assert len(notifications_for(office, "anna")) == 2
