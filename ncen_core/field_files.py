"""Custom fields declared without code, in YAML files of the configured fields folders.

A file maps existing record types to lists of fields; each field has the keys of a
:class:`~ncen_core.fields.FieldSpec` (``fields`` for the members of a group)::

    seizure:
      - name: tir_carnet_number
        label: TIR carnet number
        kind: text
        classification: S          # N personal, S sensitive, X exportable
        max_length: 12
        searchable: true
      - name: driver_phone
        label: Driver's phone
        kind: text
        classification: N
        identifier: phone          # normalised on save, found however it is typed

Errors name the file, the line, the record type and the field.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ncen_core.errors import FieldSpecError, NcenError
from ncen_core.fields import Classification, FieldSpec, Kind

if TYPE_CHECKING:
    import yaml

_SPEC_KEYS = {f.name for f in dataclasses.fields(FieldSpec)} - {"source"}


def load_field_files(folders: list[Path] | tuple[Path, ...]) -> dict[str, list[FieldSpec]]:
    """Custom fields by record type from every ``*.yaml`` file in ``folders`` (sorted by name)."""
    by_type: dict[str, list[FieldSpec]] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            for record_type, specs in load_field_file(path).items():
                by_type.setdefault(record_type, []).extend(specs)
    return by_type


def load_field_file(path: Path) -> dict[str, list[FieldSpec]]:
    """The custom fields declared in one YAML file."""
    import yaml  # only when a fields folder holds a file: the interface starts without it

    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except OSError as exc:
        raise FieldSpecError(f"{path}: cannot read: {exc.strerror}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise FieldSpecError(f"{path}: not valid YAML: {str(exc).splitlines()[0]}") from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise FieldSpecError(f"{path}: line {root.start_mark.line + 1}: expected record types "
                             "mapped to lists of fields")
    result: dict[str, list[FieldSpec]] = {}
    for key_node, list_node in root.value:
        record_type = key_node.value
        if not isinstance(list_node, yaml.SequenceNode):
            raise FieldSpecError(f"{path}: line {list_node.start_mark.line + 1}: "
                                 f"{record_type}: expected a list of fields")
        result[record_type] = [
            _spec(path, record_type, position, node)
            for position, node in enumerate(list_node.value, start=1)
        ]
    return result


def _spec(path: Path, record_type: str, position: int, node: yaml.Node) -> FieldSpec:
    raw = _construct(node)
    where = f"{path}: line {node.start_mark.line + 1}: {record_type} field {position}"
    if isinstance(raw, dict) and isinstance(raw.get("name"), str):
        where += f" ({raw['name']!r})"
    try:
        return spec_from_mapping(raw, source=str(path))
    except NcenError as exc:
        raise FieldSpecError(f"{where}: {exc}") from None


def _construct(node: yaml.Node) -> Any:
    import yaml

    return yaml.SafeLoader("").construct_document(node)


_EXPECTED_TYPES: dict[str, tuple[type, ...]] = {
    "name": (str,), "label": (str,), "kind": (str,), "classification": (str,),
    "required": (bool,), "codelist": (str,), "max_length": (int,), "pattern": (str,),
    "min_value": (int, float), "max_value": (int, float), "decimal_places": (int,),
    "partial": (bool,), "help": (str,), "labels": (dict,), "searchable": (bool,),
    "filterable": (bool,), "indexed": (bool,), "fields": (list,), "identifier": (str,),
    "name_part": (str,),
}


_MAY_BE_EMPTY = ("codelist", "max_length", "pattern", "min_value", "max_value", "identifier",
                 "name_part")


def _check_types(values: dict[str, Any]) -> None:
    for key, value in values.items():
        expected = _EXPECTED_TYPES[key]
        if value is None and key in _MAY_BE_EMPTY:
            continue
        if not isinstance(value, expected) or (bool not in expected and isinstance(value, bool)):
            names = " or ".join(t.__name__.replace("str", "text").replace("dict", "mapping")
                                for t in expected)
            raise FieldSpecError(f"{key!r} must be {names}, got {value!r}")
    if values["kind"] not in {k.value for k in Kind}:
        raise FieldSpecError(f"unknown kind {values['kind']!r} (expected one of: "
                             f"{', '.join(k.value for k in Kind)})")
    if values["classification"] not in {c.value for c in Classification}:
        raise FieldSpecError("classification must be N (personal), S (sensitive) "
                             "or X (exportable)")


def spec_from_mapping(raw: Any, *, source: str) -> FieldSpec:
    """A FieldSpec from a plain mapping, refusing unknown keys and wrong types."""
    if not isinstance(raw, dict):
        raise FieldSpecError("expected a mapping of field settings")
    unknown = sorted(set(raw) - _SPEC_KEYS)
    if unknown:
        raise FieldSpecError(f"unknown keys {', '.join(unknown)} (expected some of: "
                             f"{', '.join(sorted(_SPEC_KEYS))})")
    values = dict(raw)
    missing = [k for k in ("name", "label", "kind", "classification") if k not in values]
    if missing:
        raise FieldSpecError(f"missing {', '.join(missing)}")
    _check_types(values)
    if "fields" in values:
        members = values["fields"]
        if not isinstance(members, list):
            raise FieldSpecError("'fields' must be a list of member fields")
        values["fields"] = tuple(spec_from_mapping(m, source=source) for m in members)
    try:
        return FieldSpec(**values, source=source)
    except ValueError as exc:
        raise FieldSpecError(str(exc)) from None
    except TypeError as exc:
        raise FieldSpecError(f"wrong setting: {exc}") from None
