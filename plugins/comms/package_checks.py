"""The import rules that judge a package's preamble, in their fixed order.

They run as soon as the preamble has been decrypted, before any part is written, and
touch nothing but the keyring, this office's keys and the caller's ``seen`` test: signer
known and not compromised, signature over the raw bytes, strict JSON, sender and
recipient binding (with revocation dates), freshness, and replay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from . import wire
from .keyring import Keyring, Signer, UnknownKeyError
from .keys import OfficeKeys
from .package_errors import (
    BadSignature,
    NotARecipient,
    ReplayedPackage,
    RevokedSigner,
    SenderMismatch,
    StalePackage,
    UnknownSigner,
)
from .package_framing import Preamble
from .package_manifest import Limits, Manifest, Party


def check_preamble(
    preamble: Preamble,
    *,
    me: OfficeKeys,
    keyring: Keyring,
    seen: Callable[[str], bool],
    now: dt.datetime,
    limits: Limits,
) -> Manifest:
    """The verified manifest, or the :class:`~.package_errors.PackageRejected` of the first
    rule that fails."""
    signer = _known_signer(keyring, preamble.key_id)
    if not signer.verifies(preamble.signature, preamble.signed):
        raise BadSignature(
            f"the package signature does not match its manifest (signer {signer.office}): "
            "it was altered or forged")
    manifest = Manifest.from_bytes(preamble.manifest, limits)
    _check_sender(manifest, signer, preamble.key_id)
    if not manifest.names(me.office, me.encryption_key_id):
        raise NotARecipient(
            f"the package from {signer.office} is not addressed to {me.office} with key "
            f"{me.encryption_key_id}; another recipient may have re-encrypted it")
    _check_fresh(manifest, now, limits)
    if seen(manifest.package_id):
        raise ReplayedPackage(f"package {manifest.package_id} was already received")
    return manifest


def _known_signer(keyring: Keyring, key_id: str) -> Signer:
    try:
        signer = keyring.signer(key_id)
    except UnknownKeyError:
        raise UnknownSigner(
            f"the keyring (serial {keyring.serial}) does not know the signing key {key_id}; "
            "the package can be imported once a keyring names it") from None
    revocation = signer.revocation
    if revocation is not None and revocation.reason == "compromised":
        what = "office" if revocation.key_id is None else "signing key"
        raise RevokedSigner(
            f"the {what} of {signer.office} ({key_id}) was revoked as compromised on "
            f"{wire.format_time(revocation.revoked_at)}; none of its packages is accepted")
    return signer


def _check_sender(manifest: Manifest, signer: Signer, key_id: str) -> None:
    if manifest.sender != Party(signer.office, key_id):
        raise SenderMismatch(
            f"the manifest names sender {manifest.sender.office} ({manifest.sender.key_id}) "
            f"but the package is signed by {signer.office} ({key_id})")
    revocation = signer.revoked_for(manifest.created_at)
    if revocation is not None:
        what = "office" if revocation.key_id is None else "signing key"
        raise RevokedSigner(
            f"the {what} of {signer.office} was revoked ({revocation.reason}) on "
            f"{wire.format_time(revocation.revoked_at)}, before the package was created on "
            f"{wire.format_time(manifest.created_at)}")


def _check_fresh(manifest: Manifest, now: dt.datetime, limits: Limits) -> None:
    created = wire.format_time(manifest.created_at)
    if manifest.created_at > now + limits.clock_skew:
        raise StalePackage(
            f"the package claims to be created on {created}, in the future; check the "
            "clocks of both offices")
    if manifest.created_at < now - limits.max_age:
        raise StalePackage(
            f"the package was created on {created}, more than {limits.max_age.days} days "
            "ago; ask the sender for a new one")
