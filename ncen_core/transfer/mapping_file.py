"""Import mappings as YAML files: parsing with errors that name the file and the key, and
writing them back (suggested mappings are saved for the user to review and reuse).

YAML reads unquoted ``NO``, ``YES``, ``ON`` and ``OFF`` as true/false; a mapping holds
codes such as ``NO`` (Norway, or "number" in LEMIS units), so a true/false where text is
expected is refused with a message asking for quotes, never silently turned into text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from ncen_core.transfer.errors import MappingError
from ncen_core.transfer.mapping import (
    FieldSource,
    GroupSource,
    ImportMapping,
    LinkSource,
    Source,
)

FORMAT_KEY = "ncen_mapping"
FORMAT_VERSION = 1
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
TOP_KEYS = {FORMAT_KEY, "record_type", "name", "encoding", "delimiter", "sheet", "missing",
            "where", "key", "record", "fields", "links", "ignore"}
SOURCE_KEYS = {"column", "columns", "join", "value", "values", "separator", "date_format",
               "unit_column", "unit", "units"}
GROUP_KEYS = {"rows", "lines"}
LINK_KEYS = {"role", "record_type", "key", "fields"}


def load_mapping(path: Path) -> ImportMapping:
    """Read and parse a mapping file (its fit to the record type is checked separately)."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise MappingError(f"{path}: cannot read the mapping: {exc.strerror}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise MappingError(f"{path}: not valid YAML: {first}") from None
    return parse_mapping(document, str(path))


def parse_mapping(document: Any, where: str) -> ImportMapping:
    """An :class:`ImportMapping` from a parsed YAML document; MappingError naming ``where``
    (the file) and the key."""
    top = _mapping(document, where, "the mapping")
    unknown = set(top) - TOP_KEYS
    if unknown:
        raise MappingError(f"{where}: unknown keys {_names(unknown)}")
    if top.get(FORMAT_KEY) != FORMAT_VERSION:
        raise MappingError(f"{where}: {FORMAT_KEY}: must be {FORMAT_VERSION} "
                           "(the version of the mapping format)")
    name = _text(top.get("name"), where, "name")
    if not NAME_PATTERN.match(name):
        raise MappingError(f"{where}: name: lowercase letters, digits, '.', '_' or '-' "
                           "(it identifies the imported records across re-imports)")
    return ImportMapping(
        record_type=_text(top.get("record_type"), where, "record_type"),
        name=name,
        fields=_fields(top.get("fields"), where, "fields"),
        encoding=_text(top.get("encoding", "auto"), where, "encoding"),
        delimiter=_optional_text(top.get("delimiter"), where, "delimiter"),
        sheet=_optional_text(top.get("sheet"), where, "sheet"),
        missing=_texts(top.get("missing", [""]), where, "missing", allow_empty=True),
        where={_text(k, where, "where"): _texts(v if isinstance(v, list) else [v], where,
                                                f"where.{k}")
               for k, v in _mapping(top.get("where") or {}, where, "where").items()},
        key=_texts(top.get("key") or [], where, "key"),
        record={_text(k, where, "record"): _source(v, where, f"record.{k}")
                for k, v in _mapping(top.get("record") or {}, where, "record").items()},
        links=tuple(_link(item, where, f"links[{index}]")
                    for index, item in enumerate(_list(top.get("links") or [], where, "links"),
                                                 start=1)),
        ignore=_texts(top.get("ignore") or [], where, "ignore"),
        source=where,
    )


def save_mapping(mapping: ImportMapping, path: Path, notes: Iterable[str] = ()) -> None:
    """Write ``mapping`` as YAML, ``notes`` first as comments for the reviewer."""
    header = [f"# ncen import mapping for {mapping.record_type} records.",
              ("# Review it, then import with: ncen import FILE --type "
               f"{mapping.record_type} --mapping {path.name}")]
    header += [f"# NOTE: {note}" for note in notes]
    body = yaml.safe_dump(mapping_document(mapping), sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=100)
    try:
        path.write_text("\n".join(header) + "\n" + body, encoding="utf-8")
    except OSError as exc:
        raise MappingError(f"{path}: cannot write the mapping: {exc.strerror}") from None


def mapping_document(mapping: ImportMapping) -> dict[str, Any]:
    """The YAML document of ``mapping``, keys in reading order, defaults left out."""
    document: dict[str, Any] = {FORMAT_KEY: FORMAT_VERSION, "record_type": mapping.record_type,
                                "name": mapping.name, "encoding": mapping.encoding}
    for key in ("delimiter", "sheet"):
        if getattr(mapping, key) is not None:
            document[key] = getattr(mapping, key)
    document["missing"] = list(mapping.missing)
    if mapping.where:
        document["where"] = {k: list(v) for k, v in mapping.where.items()}
    if mapping.key:
        document["key"] = list(mapping.key)
    if mapping.record:
        document["record"] = {k: _source_document(v) for k, v in mapping.record.items()}
    document["fields"] = _fields_document(mapping.fields)
    if mapping.links:
        document["links"] = [
            {"role": link.role, "record_type": link.record_type, "key": list(link.key),
             "fields": _fields_document(link.fields)}
            for link in mapping.links
        ]
    if mapping.ignore:
        document["ignore"] = list(mapping.ignore)
    return document


def _fields_document(fields: Mapping[str, Source]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for name, source in fields.items():
        if isinstance(source, GroupSource):
            group: dict[str, Any] = {}
            if source.lines != "each":
                group["lines"] = source.lines
            group["rows"] = [{m: _source_document(s) for m, s in row.items()}
                             for row in source.rows]
            document[name] = group
        else:
            document[name] = _source_document(source)
    return document


def _source_document(source: FieldSource) -> Any:
    if source.column and source == FieldSource(column=source.column):
        return source.column
    default = FieldSource()
    document: dict[str, Any] = {}
    for key in ("column", "columns", "join", "value", "values", "separator", "date_format",
                "unit_column", "unit", "units"):
        value = getattr(source, key)
        if value != getattr(default, key):
            document[key] = list(value) if isinstance(value, tuple) else (
                dict(value) if isinstance(value, Mapping) else value)
    return document


def _fields(raw: Any, where: str, path: str) -> dict[str, Source]:
    fields = _mapping(raw, where, path)
    return {_text(name, where, path): _field_or_group(value, where, f"{path}.{name}")
            for name, value in fields.items()}


def _field_or_group(raw: Any, where: str, path: str) -> Source:
    if isinstance(raw, dict) and "rows" in raw:
        unknown = set(raw) - GROUP_KEYS
        if unknown:
            raise MappingError(f"{where}: {path}: unknown keys {_names(unknown)}")
        rows = _list(raw["rows"], where, f"{path}.rows")
        return GroupSource(
            rows=tuple(
                {_text(m, where, f"{path}.rows[{i}]"): _source(s, where, f"{path}.rows[{i}].{m}")
                 for m, s in _mapping(row, where, f"{path}.rows[{i}]").items()}
                for i, row in enumerate(rows, start=1)),
            lines=_text(raw.get("lines", "each"), where, f"{path}.lines"),
        )
    return _source(raw, where, path)


def _source(raw: Any, where: str, path: str) -> FieldSource:
    if isinstance(raw, str):
        return FieldSource(column=raw)
    spec = _mapping(raw, where, path)
    unknown = set(spec) - SOURCE_KEYS
    if unknown:
        raise MappingError(f"{where}: {path}: unknown keys {_names(unknown)}")
    origins = [key for key in ("column", "columns", "value") if key in spec]
    if len(origins) != 1:
        raise MappingError(f"{where}: {path}: give exactly one of column, columns or value")
    return FieldSource(
        column=_optional_text(spec.get("column"), where, f"{path}.column"),
        columns=_texts(spec.get("columns") or [], where, f"{path}.columns"),
        join=_text(spec.get("join", " "), where, f"{path}.join", allow_empty=True),
        value=_optional_text(spec.get("value"), where, f"{path}.value", allow_empty=True),
        values=_value_map(spec.get("values") or {}, where, f"{path}.values"),
        separator=_optional_text(spec.get("separator"), where, f"{path}.separator"),
        date_format=_optional_text(spec.get("date_format"), where, f"{path}.date_format"),
        unit_column=_optional_text(spec.get("unit_column"), where, f"{path}.unit_column"),
        unit=_optional_text(spec.get("unit"), where, f"{path}.unit"),
        units=_value_map(spec.get("units") or {}, where, f"{path}.units"),
    )


def _link(raw: Any, where: str, path: str) -> LinkSource:
    spec = _mapping(raw, where, path)
    unknown = set(spec) - LINK_KEYS
    if unknown:
        raise MappingError(f"{where}: {path}: unknown keys {_names(unknown)}")
    return LinkSource(
        role=_text(spec.get("role"), where, f"{path}.role"),
        record_type=_text(spec.get("record_type"), where, f"{path}.record_type"),
        key=_texts(spec.get("key") or [], where, f"{path}.key"),
        fields=_fields(spec.get("fields"), where, f"{path}.fields"),
    )


def _value_map(raw: Any, where: str, path: str) -> dict[str, str | None]:
    result: dict[str, str | None] = {}
    for key, value in _mapping(raw, where, path).items():
        text_key = _text(key, where, path, allow_empty=True)
        result[text_key] = None if value is None else _text(value, where, f"{path}.{text_key}",
                                                             allow_empty=True) or None
    return result


def _names(keys: set[Any]) -> str:
    return ", ".join(sorted(map(str, keys)))


def _mapping(raw: Any, where: str, path: str) -> dict[Any, Any]:
    if not isinstance(raw, dict):
        raise MappingError(f"{where}: {path}: expected a mapping of keys to values")
    return raw


def _list(raw: Any, where: str, path: str) -> list[Any]:
    if not isinstance(raw, list):
        raise MappingError(f"{where}: {path}: expected a list")
    return raw


def _text(raw: Any, where: str, path: str, *, allow_empty: bool = False) -> str:
    if isinstance(raw, bool):
        raise MappingError(f"{where}: {path}: YAML read a bare yes/no/on/off as true/false; "
                           "put the text in quotes")
    if isinstance(raw, (int, float)):
        raw = str(raw)
    if not isinstance(raw, str) or (not allow_empty and not raw.strip()):
        raise MappingError(f"{where}: {path}: expected a text")
    return raw


def _optional_text(raw: Any, where: str, path: str, *, allow_empty: bool = False) -> str | None:
    return None if raw is None else _text(raw, where, path, allow_empty=allow_empty)


def _texts(raw: Any, where: str, path: str, *, allow_empty: bool = False) -> tuple[str, ...]:
    return tuple(_text(item, where, f"{path}[{index}]", allow_empty=allow_empty)
                 for index, item in enumerate(_list(raw, where, path), start=1))
