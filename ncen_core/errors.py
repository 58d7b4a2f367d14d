"""Exceptions that carry a message an officer or administrator can act on.

Everything a user can cause (bad configuration, bad input, wrong password, a stale
edit) raises a subclass of :class:`NcenError`; the CLI prints its message on one line
and exits with status 1. Any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations


class NcenError(Exception):
    """Base class of every error caused by input, configuration or permissions."""


class ConfigError(NcenError):
    """The configuration file is unreadable, malformed, or holds an unknown or mistyped key."""


class PluginError(NcenError):
    """A plugin could not be loaded, implements an unknown hook, or declares a duplicate name."""


class FieldSpecError(NcenError):
    """A field or record-type declaration (Python or YAML) is invalid."""


class ValidationError(NcenError):
    """One or more field values are invalid.

    ``problems`` maps a field path (``items[2].quantity``) to a message, so a form can
    show each message beside its field and the CLI can print them all.
    """

    def __init__(self, problems: dict[str, str], record_type: str | None = None):
        self.problems = dict(problems)
        self.record_type = record_type
        listed = "; ".join(f"{path}: {message}" for path, message in self.problems.items())
        prefix = f"{record_type}: " if record_type else ""
        super().__init__(f"{prefix}{listed}")


class DatabaseError(NcenError):
    """The database cannot be opened or reached (bad URL, server down, missing driver)."""


class SchemaBehindError(NcenError):
    """The database schema is older than the code; ``ncen db upgrade`` fixes it."""


class NotFoundError(NcenError):
    """A record, user or attachment that was asked for does not exist."""


class ConflictError(NcenError):
    """Someone else changed the record since it was read (optimistic lock)."""

    def __init__(self, message: str, current_version: int | None = None):
        self.current_version = current_version
        super().__init__(message)


class ReadOnlyRecordError(NcenError):
    """The record was received from another office and may only be changed there."""


class PermissionDeniedError(NcenError):
    """The acting user's role does not allow this action."""


class AuthenticationError(NcenError):
    """Wrong user name or password, a disabled account, or an account locked after failures."""


class AttachmentError(NcenError):
    """An attachment is too large, of a refused media type, or unreadable."""
