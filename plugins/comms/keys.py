"""The office keystore: the three secret keys of an office in one passphrase-protected file.

* an Ed25519 **signing key**: signs package manifests (and, for headquarters, keyrings);
* an X25519 **encryption identity** (an age ``AGE-SECRET-KEY-1...`` key): opens packages;
* an ECDSA P-256 **TLS key** with its self-signed certificate, pinned by the keyring.

The file, ``<data_dir>/keys/office.age`` for an office, is an ordinary age file encrypted
to the passphrase (scrypt recipient), so if ncen is ever unavailable ``age -d office.age``
recovers the keys: its plaintext is canonical JSON holding the signing seed in base64,
the encryption identity as age prints it (usable with ``age -d -i``), and the TLS key and
certificate in PEM. It is replaced with write-then-rename and fsync, readable by its
owner only. Headquarters keeps its keyring-signing key in a keystore of the same format.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ncen_core.errors import NcenError
from ncen_core.office import OFFICE_CODE_PATTERN
from ncen_core.timeutil import utcnow

from . import age, wire
from .age.scrypt import DEFAULT_WORK_FACTOR
from .atomic_file import write_atomically
from .fingerprint import fingerprint
from .tls_identity import new_tls_key, self_signed_certificate

KEYSTORE_FORMAT = "ncen-office-keystore/1"
KEYSTORE_RELATIVE_PATH = Path("keys") / "office.age"
MIN_PASSPHRASE_LENGTH = 12
OFFICE_CODE = OFFICE_CODE_PATTERN
_FIELDS = {"format", "office", "created_at", "signing_key", "encryption_identity",
           "tls_private_key", "tls_certificate"}
_RAW = serialization.Encoding.Raw
_SEED = 32


class KeystoreError(NcenError):
    """The keystore is missing, damaged, or cannot be written."""


class KeystorePassphraseError(KeystoreError):
    """The passphrase is wrong, or too short to protect a new keystore."""


def keystore_path(data_dir: Path) -> Path:
    """Where an office keeps its keystore: ``<data_dir>/keys/office.age``."""
    return data_dir / KEYSTORE_RELATIVE_PATH


@dataclass(frozen=True, repr=False, eq=False)
class OfficeKeys:
    """The secret keys of one office (or of headquarters) and what is derived from them."""

    office: str
    created_at: dt.datetime
    signing_key: Ed25519PrivateKey
    encryption_identity: age.X25519Identity
    tls_key: ec.EllipticCurvePrivateKey
    tls_certificate: x509.Certificate

    @classmethod
    def generate(cls, office: str, now: dt.datetime | None = None) -> OfficeKeys:
        """Fresh keys for ``office`` (a code such as ``FR-CDG``)."""
        if not OFFICE_CODE.fullmatch(office):
            raise KeystoreError(f"{office!r} is not an office code (2-32 of A-Z, 0-9, '-')")
        created = (now or utcnow()).replace(microsecond=0)
        tls_key = new_tls_key()
        return cls(office, created, Ed25519PrivateKey.generate(),
                   age.X25519Identity.generate(), tls_key,
                   self_signed_certificate(office, tls_key, created))

    def __repr__(self) -> str:
        return f"OfficeKeys(office={self.office!r}, signing_key_id={self.signing_key_id!r})"

    @property
    def signing_public(self) -> bytes:
        """The raw 32-byte Ed25519 public key."""
        return self.signing_key.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)

    @property
    def signing_key_id(self) -> str:
        """Fingerprint of the signing key: names the signer in packages."""
        return fingerprint(self.signing_public)

    @property
    def encryption_recipient(self) -> age.X25519Recipient:
        """The ``age1...`` recipient packages for this office are encrypted to."""
        return self.encryption_identity.recipient

    @property
    def encryption_key_id(self) -> str:
        """Fingerprint of the encryption key: names this office among package recipients."""
        return fingerprint(self.encryption_recipient.public_bytes)

    @property
    def tls_certificate_der(self) -> bytes:
        """The certificate as DER, the bytes its pin is computed over."""
        return self.tls_certificate.public_bytes(serialization.Encoding.DER)

    @property
    def tls_key_id(self) -> str:
        """Fingerprint of the TLS certificate, for reading over the telephone."""
        return fingerprint(self.tls_certificate_der)

    @property
    def tls_sha256(self) -> str:
        """SHA-256 of the certificate in hex: the pin the keyring carries."""
        return hashlib.sha256(self.tls_certificate_der).hexdigest()

    def sign(self, data: bytes) -> bytes:
        """An Ed25519 signature of ``data``."""
        return self.signing_key.sign(data)

    def to_plaintext(self) -> bytes:
        """The keystore's plaintext: canonical JSON of every key."""
        seed = self.signing_key.private_bytes(
            _RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        tls_pem = self.tls_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return wire.dumps_canonical({
            "format": KEYSTORE_FORMAT,
            "office": self.office,
            "created_at": wire.format_time(self.created_at),
            "signing_key": wire.encode_b64(seed),
            "encryption_identity": str(self.encryption_identity),
            "tls_private_key": tls_pem.decode("ascii"),
            "tls_certificate": self.tls_certificate.public_bytes(
                serialization.Encoding.PEM).decode("ascii"),
        })

    @classmethod
    def from_plaintext(cls, raw: bytes, where: str) -> OfficeKeys:
        """Keys from a keystore's plaintext; :class:`KeystoreError` names what is wrong."""
        try:
            document = wire.require_fields(wire.loads_strict(raw, where), _FIELDS, where)
            if document["format"] != KEYSTORE_FORMAT:
                raise KeystoreError(f"{where}: unknown keystore format {document['format']!r}")
            office = wire.require_str(document["office"], f"{where}: office", OFFICE_CODE)
            seed = wire.decode_b64(document["signing_key"], _SEED, f"{where}: signing_key")
            tls_key = serialization.load_pem_private_key(
                wire.require_str(document["tls_private_key"], where).encode("ascii"), None)
            certificate = x509.load_pem_x509_certificate(
                wire.require_str(document["tls_certificate"], where).encode("ascii"))
            identity = age.parse_identity(wire.require_str(document["encryption_identity"], where))
            created = wire.parse_time(document["created_at"], f"{where}: created_at")
        except (wire.StrictJsonError, age.AgeError, ValueError, UnicodeError) as error:
            raise KeystoreError(f"{where}: damaged keystore ({error})") from None
        if not isinstance(tls_key, ec.EllipticCurvePrivateKey):
            raise KeystoreError(f"{where}: the TLS key is not an ECDSA key")
        if certificate.public_key() != tls_key.public_key():
            raise KeystoreError(f"{where}: the TLS certificate does not belong to the TLS key")
        return cls(office, created, Ed25519PrivateKey.from_private_bytes(seed), identity,
                   tls_key, certificate)


def save_keystore(
    keys: OfficeKeys, path: Path, passphrase: str,
    *, work_factor: int = DEFAULT_WORK_FACTOR,
) -> None:
    """Encrypt ``keys`` to ``passphrase`` and replace ``path`` atomically.

    ``work_factor`` is scrypt's log2 cost; the default (age's) takes about a second.
    """
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise KeystorePassphraseError(
            f"the keystore passphrase must have at least {MIN_PASSPHRASE_LENGTH} characters"
        )
    sealed = io.BytesIO()
    age.encrypt(io.BytesIO(keys.to_plaintext()), sealed,
                [age.ScryptRecipient(passphrase, work_factor=work_factor)])
    write_atomically(path, sealed.getvalue())


def load_keystore(path: Path, passphrase: str) -> OfficeKeys:
    """Open the keystore at ``path`` with ``passphrase``."""
    try:
        sealed = path.read_bytes()
    except FileNotFoundError:
        raise KeystoreError(f"no keystore at {path} (create one with 'ncen keys init')") from None
    except OSError as error:
        raise KeystoreError(f"cannot read the keystore {path}: {error.strerror}") from None
    try:
        plaintext = age.decrypt_bytes(sealed, [age.ScryptIdentity(passphrase)])
    except age.AgeNoMatchError:
        raise KeystorePassphraseError(f"wrong passphrase for the keystore {path}") from None
    except age.AgeError as error:
        raise KeystoreError(f"the keystore {path} is damaged: {error}") from None
    return OfficeKeys.from_plaintext(plaintext, str(path))
