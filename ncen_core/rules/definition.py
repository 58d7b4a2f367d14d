"""What an analytic rule is, and how one is read from YAML with errors naming file and line.

A rule is a query in the query language over one record type, plus optional thresholds the
query language cannot say:

- ``quantity_kg_over: X`` -- the record's quantities in kilograms, normalised, add up to
  more than X; of a group the query puts conditions on (``items.commodity:DRUGS``), only the
  rows meeting them count (the precise rule is in :mod:`ncen_core.rules.matching`);
- ``repeat: {count: N, within_days: D, via: suspect, date_field: seizure_date}`` -- at least
  N records matching the query (this one included) are linked to one same ``via`` record,
  with dates no more than D days before this record's.

A rules file holds one rule (a mapping) or several (a list of mappings)::

    name: large-drug-seizure
    description: More than 10 kg of drugs in one seizure
    record_type: seizure
    query: "items.commodity:DRUGS"
    thresholds:
      quantity_kg_over: 10
    subscribers: [anna, sven]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from ncen_core.errors import NcenError

NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,99}$")
RULE_KEYS = ("name", "description", "record_type", "query", "thresholds", "subscribers")
REPEAT_KEYS = ("count", "within_days", "via", "date_field")


class RuleError(NcenError):
    """A rule that cannot be saved: the message names the file, line and field."""


@dataclass(frozen=True)
class Repeat:
    """N records matching the query linked to one same ``via`` record within D days."""

    count: int
    within_days: int
    via: str
    date_field: str


@dataclass(frozen=True)
class RuleDefinition:
    """A rule as written; :func:`ncen_core.rules.store.save_rule` checks it against the
    installation (record type, query, fields, subscribers) before saving it."""

    name: str
    record_type: str
    query: str
    description: str = ""
    quantity_kg_over: Decimal | None = None
    repeat: Repeat | None = None
    subscribers: tuple[str, ...] = field(default_factory=tuple)

    def thresholds(self) -> dict[str, Any]:
        """The thresholds as JSON-ready values (stored with the rule)."""
        found: dict[str, Any] = {}
        if self.quantity_kg_over is not None:
            found["quantity_kg_over"] = str(self.quantity_kg_over)
        if self.repeat is not None:
            found["repeat"] = {"count": self.repeat.count, "within_days": self.repeat.within_days,
                               "via": self.repeat.via, "date_field": self.repeat.date_field}
        return found


def definition_from(values: Mapping[str, Any],
                    locate: Callable[[str], str] = lambda _key: "rule") -> RuleDefinition:
    """A rule from plain values (a parsed YAML mapping, or the CLI's options).

    ``locate(key)`` says where a key was written (``rules.yaml: line 4``); every message
    starts with it.
    """
    unknown = sorted(set(values) - set(RULE_KEYS))
    if unknown:
        raise RuleError(f"{locate(unknown[0])}: unknown key {unknown[0]!r} (expected one of: "
                        f"{', '.join(RULE_KEYS)})")
    name = _text(values, "name", locate("name"))
    if not NAME.match(name):
        raise RuleError(f"{locate('name')}: name: {name!r} must be lowercase letters, digits, "
                        "'.', '-' or '_' (at most 100)")

    def where(key: str) -> str:
        return f"{locate(key)}: rule {name!r}"

    thresholds = values.get("thresholds") or {}
    if not isinstance(thresholds, Mapping):
        raise RuleError(f"{where('thresholds')}: thresholds: must be a mapping")
    extra = sorted(set(thresholds) - {"quantity_kg_over", "repeat"})
    if extra:
        raise RuleError(f"{where('thresholds')}: thresholds: unknown threshold {extra[0]!r} "
                        "(expected quantity_kg_over or repeat)")
    subscribers = values.get("subscribers") or []
    if not isinstance(subscribers, list) or not all(isinstance(s, str) for s in subscribers):
        raise RuleError(f"{where('subscribers')}: subscribers: must be a list of user names")
    return RuleDefinition(
        name=name, record_type=_text(values, "record_type", where("record_type")),
        query=_text(values, "query", where("query")),
        description=str(values.get("description") or "").strip(),
        quantity_kg_over=_kilograms(thresholds.get("quantity_kg_over"), where("thresholds")),
        repeat=_repeat(thresholds.get("repeat"), where("thresholds")),
        subscribers=tuple(dict.fromkeys(s.strip().lower() for s in subscribers)),
    )


def read_rule_file(path: Path) -> list[RuleDefinition]:
    """Every rule of one YAML file; RuleError names the file and line of the first mistake."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except OSError as exc:
        raise RuleError(f"{path}: cannot read the rules file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise RuleError(f"{path}: the rules file is not UTF-8 text") from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise RuleError(f"{path}: line {line}: not valid YAML: {exc.problem}") from None
    nodes = root.value if isinstance(root, yaml.SequenceNode) else [root]
    rules = []
    for node in nodes:
        line = (node.start_mark.line + 1) if node is not None else 1
        if not isinstance(node, yaml.MappingNode):
            raise RuleError(f"{path}: line {line}: a rule must be a mapping of name, "
                            "record_type, query, ...")
        values = yaml.SafeLoader("").construct_mapping(node, deep=True)
        lines = {key.value: key.start_mark.line + 1 for key, _value in node.value}
        rules.append(definition_from(
            values, lambda key, lines=lines, line=line: f"{path}: line {lines.get(key, line)}"))
    names = [rule.name for rule in rules]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise RuleError(f"{path}: rule {repeated[0]!r} is defined twice")
    return rules


def _text(values: Mapping[str, Any], key: str, where: str) -> str:
    value = values.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleError(f"{where}: {key}: is required (text)")
    return value.strip()


def _kilograms(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        amount = Decimal(-1)
    if isinstance(value, bool) or not amount.is_finite() or amount < 0:
        raise RuleError(f"{where}: thresholds.quantity_kg_over: must be a number of kilograms "
                        f"(0 or more), got {value!r}")
    return amount


def _repeat(value: Any, where: str) -> Repeat | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise RuleError(f"{where}: thresholds.repeat: must be a mapping of "
                        f"{', '.join(REPEAT_KEYS)}")
    unknown = sorted(set(value) - set(REPEAT_KEYS))
    if unknown:
        raise RuleError(f"{where}: thresholds.repeat: unknown key {unknown[0]!r} (expected one "
                        f"of: {', '.join(REPEAT_KEYS)})")
    numbers = {}
    for key, least in (("count", 2), ("within_days", 1)):
        number = value.get(key)
        if not isinstance(number, int) or isinstance(number, bool) or number < least:
            raise RuleError(f"{where}: thresholds.repeat.{key}: must be a whole number of at "
                            f"least {least}, got {number!r}")
        numbers[key] = number
    texts = {}
    for key in ("via", "date_field"):
        text = value.get(key)
        if not isinstance(text, str) or not text.strip():
            raise RuleError(f"{where}: thresholds.repeat.{key}: is required (text)")
        texts[key] = text.strip()
    return Repeat(numbers["count"], numbers["within_days"], texts["via"], texts["date_field"])
