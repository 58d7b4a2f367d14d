"""Code lists: stable codes with labels in several languages, loaded from YAML.

A code-list file looks like::

    codelist: detection_method        # stable name, referenced by FieldSpec.codelist
    version: 3                        # bumped whenever values change
    title: {en: Detection methods, fr: Méthodes de détection, es: Métodos de detección}
    values:
      - code: XRAY                    # stable code, stored in records and packages
        label: {en: X-ray scanner, fr: Scanner à rayons X, es: Escáner de rayos X}
        parent: NII                   # optional: the code of a broader value (hierarchies)
        attrs: {factor: 1000, base: kg}   # optional: facts such as unit conversion factors
        retired: true                 # optional: kept for old records, refused for new ones

A list whose values sit under the values of another list names it at the top
(``parent_codelist: commodity_category``); its ``parent`` codes are then checked against
that list once every list is loaded (:meth:`CodeListRegistry.check_parents`).

Countries are not a code list file: they come from pycountry (ISO 3166-1 alpha-2).

Code lists are read at every start, and building Python objects from YAML is slow (about
a tenth of a second for the shipped lists). The parsed document of each file is therefore
kept as JSON in the user's cache folder under the SHA-256 of the file's bytes (reading and
hashing a file costs microseconds); a changed file is parsed again, and every document,
cached or not, goes through the same checks.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

from ncen_core.errors import FieldSpecError

DEFAULT_LANGUAGE = "en"
#: Where parsed code-list documents are kept (default: the user cache folder).
CACHE_ENV = "NCEN_CACHE_DIR"


@dataclass(frozen=True)
class CodeValue:
    """One value of a code list."""

    code: str
    labels: Mapping[str, str]
    parent: str | None = None
    attrs: Mapping[str, Any] = field(default_factory=dict)
    retired: bool = False

    def label(self, language: str = DEFAULT_LANGUAGE) -> str:
        """The label in ``language``, falling back to English, then to the code."""
        return self.labels.get(language) or self.labels.get(DEFAULT_LANGUAGE) or self.code


@dataclass(frozen=True)
class CodeList:
    """A named, versioned list of codes; lookups by code are exact and case-sensitive."""

    name: str
    version: int
    title: Mapping[str, str]
    values: Mapping[str, CodeValue]
    source: str = ""
    parent_codelist: str | None = None

    def __contains__(self, code: object) -> bool:
        return code in self.values

    def get(self, code: str) -> CodeValue | None:
        """The value for ``code`` or None."""
        return self.values.get(code)

    def label(self, code: str, language: str = DEFAULT_LANGUAGE) -> str:
        """The label of ``code``; an unknown code is shown as itself."""
        value = self.values.get(code)
        return value.label(language) if value else code

    def lookup(self, text: str, language: str = DEFAULT_LANGUAGE) -> CodeValue | None:
        """The value whose code or label equals ``text`` ignoring case (imports, pickers)."""
        if text in self.values:
            return self.values[text]
        folded = text.strip().casefold()
        for value in self.values.values():
            if value.code.casefold() == folded:
                return value
            if any(label.casefold() == folded for label in value.labels.values()):
                return value
        return None

    def active_values(self) -> list[CodeValue]:
        """Values that may be chosen for new data, in file order."""
        return [v for v in self.values.values() if not v.retired]


def shipped_codelist(name: str) -> Path:
    """Path of a code-list file shipped with ncen (``config/codelists/<name>.yaml``)."""
    return Path(str(resources.files("ncen_config") / "codelists" / f"{name}.yaml"))


def unit_conversion(codelist: CodeList, unit: str) -> tuple[Decimal, str] | None:
    """(factor, base unit) of a unit code, from its ``factor`` and ``base`` attributes."""
    value = codelist.get(unit)
    if value is None or "factor" not in value.attrs or "base" not in value.attrs:
        return None
    return Decimal(str(value.attrs["factor"])), str(value.attrs["base"])


def load_codelist_file(path: Path) -> CodeList:
    """Parse one code-list YAML file; errors name the file and the offending value."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise FieldSpecError(f"{path}: cannot read code list: {exc.strerror}") from None
    cache = _cache_file(content)
    document = _cached_document(cache)
    if document is None:
        document = _parse_yaml(path, content)
        _keep_document(cache, document)
    if not isinstance(document, dict):
        raise FieldSpecError(f"{path}: a code list file is a mapping with codelist, version, values")
    unknown = set(document) - {"codelist", "version", "title", "values", "parent_codelist"}
    if unknown:
        raise FieldSpecError(f"{path}: unknown keys {', '.join(sorted(unknown))}")
    name = document.get("codelist")
    version = document.get("version")
    if not isinstance(name, str) or not name:
        raise FieldSpecError(f"{path}: 'codelist' must name the list")
    if not isinstance(version, int) or version < 1:
        raise FieldSpecError(f"{path}: 'version' must be a positive integer")
    values_doc = document.get("values")
    if not isinstance(values_doc, list) or not values_doc:
        raise FieldSpecError(f"{path}: 'values' must be a non-empty list")
    values: dict[str, CodeValue] = {}
    for position, entry in enumerate(values_doc, start=1):
        value = _parse_value(path, position, entry)
        if value.code in values:
            raise FieldSpecError(f"{path}: value {position}: duplicate code {value.code!r}")
        values[value.code] = value
    parent_codelist = document.get("parent_codelist")
    if parent_codelist is not None and not isinstance(parent_codelist, str):
        raise FieldSpecError(f"{path}: 'parent_codelist' must name a code list")
    for value in values.values():
        if parent_codelist is None and value.parent is not None and value.parent not in values:
            raise FieldSpecError(
                f"{path}: code {value.code!r}: parent {value.parent!r} is not in the list"
            )
    title = _labels(path, "title", document.get("title") or {DEFAULT_LANGUAGE: name})
    return CodeList(name=name, version=version, title=title, values=values, source=str(path),
                    parent_codelist=parent_codelist)


def _parse_yaml(path: Path, content: bytes) -> Any:
    import yaml  # only for a file not yet in the cache

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(content.decode("utf-8"), Loader=loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise FieldSpecError(f"{path}: not valid YAML: {_first_line(exc)}") from None


def _cache_file(content: bytes) -> Path:
    folder = os.environ.get(CACHE_ENV)
    if not folder:
        import platformdirs

        folder = platformdirs.user_cache_dir("ncen")
    return Path(folder) / "codelists" / f"{hashlib.sha256(content).hexdigest()}.json"


def _cached_document(cache: Path) -> Any:
    """The document kept in ``cache``, or None (absent or unreadable)."""
    try:
        kept = json.loads(cache.read_bytes())
    except (OSError, ValueError):
        return None
    return kept.get("document") if isinstance(kept, dict) else None


def _keep_document(cache: Path, document: Any) -> None:
    """Keep ``document`` when JSON gives it back unchanged (a YAML date would not); a cache
    that cannot be written is no error, only a slower next start."""
    try:
        text = json.dumps({"document": document}, ensure_ascii=False)
        if json.loads(text)["document"] != document:
            return
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f"{cache.name}.{os.getpid()}.partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(cache)
    except (OSError, TypeError, ValueError):
        return


def _parse_value(path: Path, position: int, entry: object) -> CodeValue:
    where = f"{path}: value {position}"
    if not isinstance(entry, dict):
        raise FieldSpecError(f"{where}: expected a mapping with code and label")
    unknown = set(entry) - {"code", "label", "parent", "attrs", "retired"}
    if unknown:
        raise FieldSpecError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    code = entry.get("code")
    if isinstance(code, int) and not isinstance(code, bool):
        code = str(code)
    if not isinstance(code, str) or not code.strip() or code != code.strip():
        raise FieldSpecError(f"{where}: 'code' must be a non-empty string without spaces around")
    labels = _labels(path, f"code {code!r}", entry.get("label"))
    attrs = entry.get("attrs") or {}
    if not isinstance(attrs, dict):
        raise FieldSpecError(f"{where}: 'attrs' must be a mapping")
    if "factor" in attrs:
        try:
            Decimal(str(attrs["factor"]))
        except InvalidOperation:
            raise FieldSpecError(f"{where}: attrs.factor must be a number") from None
    parent = entry.get("parent")
    return CodeValue(
        code=code,
        labels=labels,
        parent=str(parent) if parent is not None else None,
        attrs=attrs,
        retired=bool(entry.get("retired", False)),
    )


def _labels(path: Path, what: str, raw: object) -> dict[str, str]:
    if isinstance(raw, str):
        return {DEFAULT_LANGUAGE: raw}
    if not isinstance(raw, dict) or DEFAULT_LANGUAGE not in raw:
        raise FieldSpecError(f"{path}: {what}: labels need at least an English ('en') text")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
        raise FieldSpecError(f"{path}: {what}: labels map a language code to a text")
    return dict(raw)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class CodeListRegistry:
    """All code lists in effect, by name; built once at start-up, duplicates refused."""

    def __init__(self, codelists: Iterable[CodeList] = ()):
        self._lists: dict[str, CodeList] = {}
        for codelist in codelists:
            self.add(codelist)

    def add(self, codelist: CodeList) -> None:
        """Register a list; a second list of the same name is an error naming both files."""
        existing = self._lists.get(codelist.name)
        if existing is not None:
            raise FieldSpecError(
                f"code list {codelist.name!r} is declared twice: {existing.source} and {codelist.source}"
            )
        self._lists[codelist.name] = codelist

    def check_parents(self) -> None:
        """Refuse a list whose parents name a missing list or a code not in it."""
        for codelist in self._lists.values():
            if codelist.parent_codelist is None:
                continue
            parents = self._lists.get(codelist.parent_codelist)
            if parents is None:
                raise FieldSpecError(f"{codelist.source}: parent code list "
                                     f"{codelist.parent_codelist!r} is not installed")
            for value in codelist.values.values():
                if value.parent is not None and value.parent not in parents:
                    raise FieldSpecError(
                        f"{codelist.source}: code {value.code!r}: parent {value.parent!r} is "
                        f"not in code list {parents.name}")

    def get(self, name: str) -> CodeList:
        """The list called ``name``; a missing list is a configuration error."""
        try:
            return self._lists[name]
        except KeyError:
            raise FieldSpecError(f"code list {name!r} is not installed") from None

    def __contains__(self, name: object) -> bool:
        return name in self._lists

    def names(self) -> list[str]:
        """Names of the installed lists, sorted."""
        return sorted(self._lists)
