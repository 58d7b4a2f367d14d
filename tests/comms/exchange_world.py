"""A small world of offices for the exchange tests: headquarters, office keys, a signed
keyring, and helpers to seal, open, forge and damage packages, all with real keys."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
from dataclasses import dataclass, field, replace

from ncen_core.timeutil import utcnow
from ncen_plugins.comms import age
from ncen_plugins.comms.enrolment import make_request, read_request
from ncen_plugins.comms.hq import Draft, sign_draft
from ncen_plugins.comms.keyring import Keyring
from ncen_plugins.comms.keyring_file import SignedKeyring, verify_keyring_file
from ncen_plugins.comms.keys import OfficeKeys
from ncen_plugins.comms.package import OpenedPackage, PartSource, open_package, seal_package
from ncen_plugins.comms.package_framing import encode_preamble
from ncen_plugins.comms.package_manifest import (
    DEFAULT_LIMITS,
    Limits,
    Manifest,
    ManifestPart,
    Party,
)

TEST_WORK_FACTOR = 10
"""scrypt cost for test keystores: 2**10 keeps tests fast; the format is the same."""

PASSPHRASE = "correct horse battery staple"


def now() -> dt.datetime:
    """The current time, whole seconds, as packages and keyrings record it."""
    return utcnow().replace(microsecond=0)


@dataclass
class World:
    """Headquarters and offices, with the keyring draft that lists them."""

    hq: OfficeKeys
    offices: dict[str, OfficeKeys]
    draft: Draft = field(default_factory=Draft)
    when: dt.datetime = field(default_factory=now)

    def enrol(self, keys: OfficeKeys, groups: tuple[str, ...] = ("EU",)) -> None:
        self.offices[keys.office] = keys
        self.draft = self.draft.enrol(read_request(make_request(keys)), f"Office {keys.office}",
                                      (f"ncen://{keys.office.lower()}.example:4443",), groups,
                                      self.when)

    def sign(self, *, validity: dt.timedelta = dt.timedelta(days=90),
             issued: dt.datetime | None = None) -> bytes:
        data, self.draft = sign_draft(self.draft, self.hq, issued or self.when, validity)
        return data

    def signed_keyring(self) -> SignedKeyring:
        return verify_keyring_file(self.sign(), now=self.when,
                                   pinned_hq_key_id=self.hq.signing_key_id)

    def keyring(self) -> Keyring:
        return self.signed_keyring().keyring


def make_world(*codes: str) -> World:
    """A world whose keyring lists an office for every code, all in group EU."""
    world = World(OfficeKeys.generate("HQ"), {})
    for code in codes:
        world.enrol(OfficeKeys.generate(code))
    return world


def seal_bytes(sender: OfficeKeys, keyring: Keyring, recipients: list[str],
               parts: dict[str, bytes], *, kind: str = "records",
               when: dt.datetime | None = None, limits: Limits = DEFAULT_LIMITS) -> bytes:
    out = io.BytesIO()
    seal_package(sender, [keyring.office(code) for code in recipients], kind,
                 [PartSource.from_bytes(name, data) for name, data in parts.items()], out,
                 now=when, limits=limits)
    return out.getvalue()


def open_bytes(data: bytes, me: OfficeKeys, keyring: Keyring, *,
               when: dt.datetime | None = None, seen=lambda package_id: False,
               limits: Limits = DEFAULT_LIMITS, workdir=None) -> OpenedPackage:
    return open_package(io.BytesIO(data), me, keyring, seen=seen, now=when or now(),
                        limits=limits, workdir=workdir)


def encrypt_plaintext(plaintext: bytes, *recipients: OfficeKeys) -> bytes:
    """Encrypt any plaintext to offices, as a malicious or faulty sender could."""
    return age.encrypt_bytes(plaintext, [keys.encryption_recipient for keys in recipients])


def forge(sender: OfficeKeys, manifest: Manifest | bytes, parts: bytes,
          *recipients: OfficeKeys, magic: bytes | None = None) -> bytes:
    """A package signed by ``sender`` with exactly the manifest bytes and parts given."""
    raw = manifest.to_bytes() if isinstance(manifest, Manifest) else manifest
    preamble = encode_preamble(sender.signing_key_id, raw, sender.sign)
    if magic is not None:
        signed = magic + preamble[len(b"ncen-package/1\n") : -64]
        preamble = signed + sender.sign(signed)
    return encrypt_plaintext(preamble + parts, *recipients)


def manifest_for(sender: OfficeKeys, recipients: list[OfficeKeys], parts: dict[str, bytes],
                 **changes) -> Manifest:
    """The manifest an honest sender would sign, with ``changes`` applied."""
    manifest = Manifest(
        package_id=str(uuid.uuid4()), kind="records", created_at=now(),
        sender=Party(sender.office, sender.signing_key_id),
        recipients=tuple(Party(keys.office, keys.encryption_key_id) for keys in recipients),
        parts=tuple(ManifestPart(name, hashlib.sha256(data).hexdigest(), len(data))
                    for name, data in parts.items()),
    )
    return replace(manifest, **changes)


# -- damaging a sealed file at a chosen place --------------------------------------------------

CHUNK = 64 * 1024 + 16
"""The size of one sealed age payload chunk: 64 KiB of plaintext and its 16-byte tag."""


def header_end(data: bytes) -> int:
    """Where the age header ends: the payload nonce starts here."""
    return data.index(b"\n", data.index(b"\n--- ") + 1) + 1


def with_byte(data: bytes, position: int, value: int) -> bytes:
    return data[:position] + bytes([value]) + data[position + 1 :]


def flip(data: bytes, position: int) -> bytes:
    """``data`` with the lowest bit of the byte at ``position`` inverted."""
    return with_byte(data, position, data[position] ^ 0x01)


def replace_base64_char(data: bytes, position: int) -> bytes:
    """Change one base64 character to another, keeping the header parseable."""
    return with_byte(data, position, ord("B") if data[position] == ord("A") else ord("A"))


def stanza_body(data: bytes, index: int) -> int:
    """Position of the middle of the body line of stanza ``index``."""
    start = 0
    for _ in range(index + 1):
        start = data.index(b"\n-> X25519 ", start) + 1
    body = data.index(b"\n", start) + 1
    return body + 20
