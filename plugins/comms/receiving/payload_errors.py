"""Why a verified package is still refused: one class and one reason code per payload rule.

These follow the envelope rules of :mod:`..package_errors` (the package opened, its
signature and every part hash are good). A first pass reads every line of every part:
a kind this office can apply, the parts of that kind, strict JSON of the documented shape,
origins equal to the sender, record types installed here. The apply pass then judges each
line in package order (records, links, attachments): UUID squatting, attachment bytes
present, values against the FieldSpecs, the version rules. Any of them quarantines the
whole package and applies nothing.
"""

from __future__ import annotations

from ..package_errors import PackageRejected


class PayloadMalformed(PackageRejected):
    """A part is missing, or a line is not strict JSON or not the documented shape."""

    reason = "payload"


class OriginMismatch(PackageRejected):
    """A record, link or attachment claims another origin office than the sender."""

    reason = "origin-mismatch"


class UuidSquatting(PackageRejected):
    """A UUID already belongs here to another office or to another record type."""

    reason = "uuid-squatting"


class AttachmentMissing(PackageRejected):
    """An attachment's bytes are neither in the package nor already held here."""

    reason = "attachment-missing"


class InvalidRecord(PackageRejected):
    """A record is of an unknown type, or a value fails this office's FieldSpecs."""

    reason = "invalid-record"


class Equivocation(PackageRejected):
    """The sender sent two different contents under one version of the same item."""

    reason = "equivocation"


class UnsupportedKind(PackageRejected):
    """The package is of a kind this office has no importer for."""

    reason = "kind"


PAYLOAD_RULE_ORDER: tuple[str, ...] = (
    UnsupportedKind.reason,
    PayloadMalformed.reason,
    OriginMismatch.reason,
    UuidSquatting.reason,
    AttachmentMissing.reason,
    InvalidRecord.reason,
    Equivocation.reason,
)
"""Reason codes of the payload rules, after :data:`..package_errors.REJECTION_ORDER`. An
unknown record type is an ``invalid-record`` of the first pass, so it is reported before a
later line's squatting; otherwise a line's problems come in this order."""
