"""A suspect's investigation (tasks and messages), when the suspect plugin provides one.

Only the officers assigned to the investigation and supervisors may read it; for anyone
else the record screen says so instead of listing anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ncen_core.errors import PermissionDeniedError
from ncen_core.record_service import RecordService
from ncen_core.records import RecordRef


@dataclass(frozen=True)
class Investigation:
    """Tasks and messages of one suspect's investigation, or why they are not shown."""

    tasks: list[Any] = field(default_factory=list)
    messages: list[Any] = field(default_factory=list)
    refusal: str = ""


def _service(service: RecordService):
    try:
        from ncen_plugins.suspect.investigation import InvestigationService
    except ImportError:
        return None
    return InvestigationService(service)


def investigation_of(service: RecordService, ref: RecordRef) -> Investigation | None:
    """The investigation of suspect ``ref``; None where the workflow is not installed."""
    investigations = _service(service)
    if investigations is None or ref.record_type != "suspect":
        return None
    try:
        return Investigation(investigations.tasks(ref), investigations.messages(ref))
    except PermissionDeniedError as exc:
        return Investigation(refusal=str(exc))


def post_message(service: RecordService, ref: RecordRef, body: str) -> None:
    """Add a message to the investigation of ``ref``."""
    investigations = _service(service)
    if investigations is not None:
        investigations.post_message(ref, body)
