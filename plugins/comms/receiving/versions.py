"""The version rules: what a received version does to the one held here.

A newer version replaces, an older one is ignored. A tombstone from the origin office is
final: nothing after it brings the record back. A withdrawal leaves a tombstone that a
*higher* version lifts (the sender widened the audience again). The same version twice
must be the same content, or the sender equivocated and the package is quarantined.

Records of one version may arrive for two audiences with different allowed fields (first
to all offices, then to a group with personal fields). So for records the same version
agrees when its metadata and every field both lines carry are equal; fields only the new
line carries are added to the copy. Links and attachments must be equal as a whole.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

LIVE, DELETED, WITHDRAWN = "live", "deleted", "withdrawn"


class Verdict(enum.Enum):
    """What to do with a received version."""

    APPLY = "apply"
    IGNORE = "ignore"
    EQUIVOCATION = "equivocation"


@dataclass(frozen=True)
class Held:
    """The latest version held of an item, its state and the line it came in."""

    version: int
    state: str
    line: dict[str, Any]


@dataclass(frozen=True)
class Judgement:
    """The verdict and, for APPLY, the line the copy must hold afterwards."""

    verdict: Verdict
    line: dict[str, Any]


def judge(held: Held | None, version: int, line: dict[str, Any], *,
          merge_fields: bool) -> Judgement:
    """Judge ``line`` at ``version`` against what is held (``merge_fields`` for records)."""
    if held is None:
        return Judgement(Verdict.APPLY, line)
    if version < held.version:
        return Judgement(Verdict.IGNORE, held.line)
    if held.state == WITHDRAWN:
        return Judgement(Verdict.APPLY if version > held.version else Verdict.IGNORE, line)
    if version > held.version:
        return Judgement(Verdict.IGNORE if held.state == DELETED else Verdict.APPLY, line)
    if not merge_fields:
        return Judgement(Verdict.IGNORE if line == held.line else Verdict.EQUIVOCATION,
                         held.line)
    return _same_record_version(held.line, line)


def _same_record_version(held: dict[str, Any], line: dict[str, Any]) -> Judgement:
    held_fields, fields = held["fields"], line["fields"]
    meta_differs = any(held[key] != line[key] for key in held if key != "fields")
    if meta_differs or any(held_fields[name] != fields[name]
                           for name in held_fields.keys() & fields.keys()):
        return Judgement(Verdict.EQUIVOCATION, held)
    if fields.keys() <= held_fields.keys():
        return Judgement(Verdict.IGNORE, held)
    return Judgement(Verdict.APPLY, {**held, "fields": {**held_fields, **fields}})
