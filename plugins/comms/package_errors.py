"""Why a package is refused: one exception class and one reason code per import rule.

:func:`.package.open_package` applies the rules in the order of :data:`REJECTION_ORDER`
and raises the class of the first rule that fails, so the same damaged package is always
refused for the same reason, whatever else is wrong with it. The reason code is what an
importer records with a quarantined package; the message says what to do in plain words.
"""

from __future__ import annotations

from typing import ClassVar

from ncen_core.errors import NcenError


class PackageRejected(NcenError):
    """A package failed an import rule; ``reason`` is the rule's stable code."""

    reason: ClassVar[str] = "rejected"


class PackageTooLarge(PackageRejected):
    """The file, the manifest, a part, the parts together or their number exceed a cap."""

    reason = "too-large"


class PackageNotAddressed(PackageRejected):
    """None of this office's keys opens the file: it was encrypted for other offices."""

    reason = "not-addressed"


class PackageDecryptFailed(PackageRejected):
    """The age layer refused the file: altered, truncated, extended or not age at all."""

    reason = "decrypt"


class PackageLayoutError(PackageRejected):
    """The decrypted content does not follow the package framing."""

    reason = "layout"


class UnsignedPackage(PackageLayoutError):
    """The decrypted content is not an ncen package at all (a plain age file, say)."""

    reason = "unsigned"


class PackageVersionError(PackageRejected):
    """The package is written in another format version than this software reads."""

    reason = "version"


class UnknownSigner(PackageRejected):
    """The keyring names no signing key with the package's key id (yet)."""

    reason = "unknown-signer"


class RevokedSigner(PackageRejected):
    """The signing key or its office is revoked for packages of this date."""

    reason = "revoked-signer"


class BadSignature(PackageRejected):
    """The signature does not match the manifest: forged or altered after signing."""

    reason = "bad-signature"


class BadManifest(PackageRejected):
    """The signed manifest is not canonical JSON or does not follow the manifest schema."""

    reason = "bad-manifest"


class BadPartName(PackageRejected):
    """A part name is outside the allowed pattern (paths, dots, control characters)."""

    reason = "part-name"


class SenderMismatch(PackageRejected):
    """The manifest names another sender than the owner of the signing key."""

    reason = "sender-mismatch"


class NotARecipient(PackageRejected):
    """The manifest does not name this office and key among its recipients."""

    reason = "not-a-recipient"


class StalePackage(PackageRejected):
    """The package was created too long ago, or claims a time in the future."""

    reason = "stale"


class ReplayedPackage(PackageRejected):
    """A package with this id was already received."""

    reason = "replay"


class PartSizeMismatch(PackageRejected):
    """The parts hold more or fewer bytes than the manifest declares."""

    reason = "part-size"


class PartHashMismatch(PackageRejected):
    """A part's SHA-256 differs from the one in the manifest."""

    reason = "part-hash"


class PackageSealError(NcenError):
    """A package could not be sealed (bad part name, caps, or a part changed meanwhile)."""


REJECTION_ORDER: tuple[str, ...] = (
    PackageTooLarge.reason,
    PackageNotAddressed.reason,
    PackageDecryptFailed.reason,
    UnsignedPackage.reason,
    PackageLayoutError.reason,
    PackageVersionError.reason,
    UnknownSigner.reason,
    RevokedSigner.reason,
    BadSignature.reason,
    BadManifest.reason,
    BadPartName.reason,
    SenderMismatch.reason,
    NotARecipient.reason,
    StalePackage.reason,
    ReplayedPackage.reason,
    PartSizeMismatch.reason,
    PartHashMismatch.reason,
)
"""Reason codes in the order the rules run: size, age, layout, signer known and not
revoked, signature, strict JSON, sender and recipient binding, freshness, replay, parts.
A compromised key or office is refused at the signer rule; whether a superseded or retired
key was revoked before the package was created needs the manifest's ``created_at``, so that
part of ``revoked-signer`` is judged with the sender binding. ``version`` is raised for the
framing version with the layout and for the manifest's format right after the signature;
``too-large`` also where a cap is read: the manifest's length with the layout, the parts
with strict JSON."""
