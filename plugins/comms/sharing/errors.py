"""The one error of sharing that is the user's to fix (bad audience, reference or plan)."""

from __future__ import annotations

from ncen_core.errors import NcenError


class ShareError(NcenError):
    """A share cannot be built or sealed as asked; the message says what to change."""
