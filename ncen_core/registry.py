"""Everything the plugins declare, collected once at start-up into one frozen registry.

Collect hooks return declarations; the registry refuses two declarations of one kind
with the same name, applies custom fields (from hooks and from YAML files) to their record
types, and checks that every code list a field names is installed. After this, nothing is
registered at run time. CLI commands are not collected here: the command line collects (and
checks) them itself, so the interface never imports the command modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, TypeVar

import pluggy

from ncen_core.codelists import CodeListRegistry, load_codelist_file
from ncen_core.config import Config
from ncen_core.declarations import (
    AnalysisSpec,
    CommandSpec,
    ScreenSpec,
    SearchIndexSpec,
    TransportSpec,
)
from ncen_core.errors import FieldSpecError, PluginError
from ncen_core.field_files import load_field_files
from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.migrations import Migration, check_migrations

T = TypeVar("T")


@dataclass(frozen=True)
class Registry:
    """Declarations in effect, by name."""

    record_types: Mapping[str, RecordType]
    custom_fields: Mapping[str, tuple[FieldSpec, ...]]
    codelists: CodeListRegistry
    migrations: tuple[Migration, ...]
    search_indexes: Mapping[str, SearchIndexSpec]
    transports: Mapping[str, TransportSpec]
    analyses: Mapping[str, AnalysisSpec]
    screens: Mapping[str, ScreenSpec]
    commands: Mapping[str, CommandSpec]

    def record_type(self, name: str) -> RecordType:
        """The record type called ``name``; an unknown name is a user-facing error."""
        try:
            return self.record_types[name]
        except KeyError:
            known = ", ".join(sorted(self.record_types)) or "none installed"
            raise FieldSpecError(f"unknown record type {name!r} (known: {known})") from None


def build_registry(pm: pluggy.PluginManager, config: Config) -> Registry:
    """Call every collect hook once and check the declarations against each other."""
    hook = pm.hook
    codelists = CodeListRegistry(
        load_codelist_file(Path(path)) for path in flatten_results(hook.register_codelists())
    )
    codelists.check_parents()
    base_types = unique_by(flatten_results(hook.register_record_types()), lambda t: t.name, "record type")
    yaml_fields = load_field_files(list(config.fields_dirs))
    unknown_targets = sorted(set(yaml_fields) - set(base_types))
    if unknown_targets:
        raise FieldSpecError(
            f"custom fields are declared for unknown record types: {', '.join(unknown_targets)}"
        )
    record_types: dict[str, RecordType] = {}
    custom_fields: dict[str, tuple[FieldSpec, ...]] = {}
    for name, record_type in base_types.items():
        extra = tuple(flatten_results(hook.register_fields(record_type=name))) + tuple(
            yaml_fields.get(name, ())
        )
        record_types[name] = record_type.with_fields(extra)
        custom_fields[name] = extra
        _check_codelists(record_types[name], codelists)
    return Registry(
        record_types=record_types,
        custom_fields=custom_fields,
        codelists=codelists,
        migrations=tuple(check_migrations(list(flatten_results(hook.register_migrations())))),
        search_indexes=unique_by(
            flatten_results(hook.register_search_indexes()), lambda s: s.record_type, "search index"
        ),
        transports=unique_by(flatten_results(hook.register_transports()), lambda t: t.scheme, "transport"),
        analyses=unique_by(flatten_results(hook.register_analyses()), lambda a: a.name, "analysis"),
        screens=unique_by(flatten_results(hook.register_screens()), lambda s: s.id, "screen"),
        commands=unique_by(flatten_results(hook.register_commands()), lambda c: c.id, "command"),
    )


def flatten_results(results: Iterable[Iterable[T] | None]) -> list[T]:
    """Hook results (one list per plugin, plugins in reverse registration order) as one list."""
    items: list[T] = []
    for result in reversed(list(results)):
        items.extend(result or ())
    return items


def unique_by(items: Iterable[T], key: Callable[[T], str], what: str) -> dict[str, T]:
    """``items`` by name; a second item of the same name is a PluginError."""
    by_name: dict[str, T] = {}
    for item in items:
        name = key(item)
        if name in by_name:
            raise PluginError(f"{what} {name!r} is declared twice by the installed plugins")
        by_name[name] = item
    return by_name


def _check_codelists(record_type: RecordType, codelists: CodeListRegistry) -> None:
    for spec in record_type.fields:
        for member in (spec, *spec.fields):
            needed = member.codelist or ("unit" if member.kind is Kind.QUANTITY else None)
            if needed and needed not in codelists:
                raise FieldSpecError(
                    f"record type {record_type.name!r}: field {member.name!r} needs code list "
                    f"{needed!r}, which no installed plugin provides"
                )
