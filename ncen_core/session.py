"""Logging in: from a user name and password to a record service acting as that user."""

from __future__ import annotations

from ncen_core.app import Ncen
from ncen_core.record_service import RecordService
from ncen_core.users import authenticate


def login(ncen: Ncen, username: str, password: str) -> RecordService:
    """Authenticate (with the configured lockout) and return the user's record service."""
    security = ncen.config.security
    user = authenticate(
        ncen.system, username, password,
        max_failed_logins=security.max_failed_logins,
        lockout_minutes=security.lockout_minutes,
    )
    return RecordService(ncen, user)
