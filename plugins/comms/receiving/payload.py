"""The lines of a package's parts as typed values, checked against ``docs/exchange-payload.md``.

Each parser takes one parsed JSON object and returns a frozen value, or raises
:class:`~.payload_errors.PayloadMalformed` naming the part, the line and the key: a key
missing or unknown, or a value of the wrong type. Meaning (origins, versions, field
values) is judged later by the rules that apply the package.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ncen_core.received_records import ReceivedVersion
from ncen_core.record_models import DISTRIBUTIONS, STATUSES, TLP_LEVELS
from ncen_core.records import RecordRef

from .. import wire
from ..keys import OFFICE_CODE
from .payload_errors import PayloadMalformed

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
RECORD_TYPE = re.compile(r"[a-z][a-z0-9_]{0,63}")
AUDIENCE_KINDS = ("office", "group", "all", "non_nominal")
PAYLOAD_VERSION = 1

_RECORD_KEYS = {"type", "uuid", "origin", "version", "status", "distribution", "tlp",
                "legal_basis", "created_at", "updated_at", "deleted", "fields"}
_REF_KEYS = {"type", "origin", "uuid"}
_LINK_KEYS = {"uuid", "origin", "version", "a", "b", "role", "valid_from", "valid_to",
              "confidence", "share_percent", "note", "deleted"}
_ATTACHMENT_KEYS = {"uuid", "origin", "version", "record", "sha256", "media_type", "size",
                    "category", "caption", "deleted"}
_WITHDRAWAL_KEYS = {"type", "origin", "uuid", "version", "reason"}
_SHARE_KEYS = {"payload", "audience", "record_count"}
_AUDIENCE_KEYS = {"kind", "name", "legal_basis"}


@dataclass(frozen=True)
class RecordLine:
    """One version of a record; a tombstone has ``deleted`` set and no fields."""

    meta: ReceivedVersion
    deleted: bool
    fields: dict[str, Any]
    raw: dict[str, Any]

    @property
    def ref(self) -> RecordRef:
        return self.meta.ref

    @property
    def version(self) -> int:
        return self.meta.version


@dataclass(frozen=True)
class LinkLine:
    """One version of a link between two records."""

    uuid: str
    origin: str
    version: int
    a: RecordRef
    b: RecordRef
    deleted: bool
    raw: dict[str, Any]


@dataclass(frozen=True)
class AttachmentLine:
    """One version of an attachment of a record; its bytes are part ``blob-<sha256>``."""

    uuid: str
    origin: str
    version: int
    record: RecordRef
    sha256: str
    size: int
    category: str
    caption: str
    deleted: bool
    raw: dict[str, Any]


@dataclass(frozen=True)
class WithdrawalLine:
    """The sender narrowed the audience of a record at ``version``."""

    ref: RecordRef
    version: int
    reason: str


@dataclass(frozen=True)
class Share:
    """``share.json``: the audience of a records package and how many records it holds."""

    audience_kind: str
    audience_name: str
    legal_basis: str
    record_count: int


class _Line:
    """Checks on one line, every message prefixed with where the line is."""

    def __init__(self, value: Any, keys: set[str], where: str):
        self.where = where
        self.value = self._fields(value, keys, where)

    def _fields(self, value: Any, keys: set[str], what: str) -> dict[str, Any]:
        try:
            return wire.require_fields(value, keys, what)
        except wire.StrictJsonError as error:
            raise PayloadMalformed(str(error)) from None

    def fail(self, key: str, expected: str) -> PayloadMalformed:
        shown = str(self.value.get(key))[:60]
        return PayloadMalformed(f"{self.where}: {key} {shown!r} is not {expected}")

    def text(self, key: str, pattern: re.Pattern[str] | None = None,
             choices: tuple[str, ...] | None = None, *, nullable: bool = False) -> Any:
        value = self.value[key]
        if value is None and nullable:
            return None
        if (not isinstance(value, str) or (pattern is not None and not pattern.fullmatch(value))
                or (choices is not None and value not in choices)):
            expected = f"one of {', '.join(choices)}" if choices else "valid text here"
            raise self.fail(key, expected)
        return value

    def integer(self, key: str, minimum: int, *, nullable: bool = False) -> Any:
        value = self.value[key]
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.fail(key, f"a whole number of at least {minimum}")
        return value

    def flag(self, key: str) -> bool:
        value = self.value[key]
        if not isinstance(value, bool):
            raise self.fail(key, "true or false")
        return value

    def moment(self, key: str) -> dt.datetime:
        value = self.text(key)
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(key, "an ISO 8601 date and time") from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        return moment

    def ref(self, key: str) -> RecordRef:
        entry = _Line(self.value[key], _REF_KEYS, f"{self.where}: {key}")
        return RecordRef(entry.text("type", RECORD_TYPE), entry.text("origin", OFFICE_CODE),
                         entry.text("uuid", UUID4))


def parse_record(value: Any, where: str) -> RecordLine:
    """A record line; a tombstone must carry ``"fields": {}``."""
    line = _Line(value, _RECORD_KEYS, where)
    fields = line.value["fields"]
    if not isinstance(fields, dict):
        raise line.fail("fields", "an object")
    deleted = line.flag("deleted")
    if deleted and fields:
        raise PayloadMalformed(f"{where}: a tombstone (deleted: true) must have empty fields")
    meta = ReceivedVersion(
        ref=RecordRef(line.text("type", RECORD_TYPE), line.text("origin", OFFICE_CODE),
                      line.text("uuid", UUID4)),
        version=line.integer("version", 1), status=line.text("status", choices=STATUSES),
        distribution=line.text("distribution", choices=DISTRIBUTIONS),
        tlp=line.text("tlp", choices=TLP_LEVELS), legal_basis=line.text("legal_basis"),
        created_at=line.moment("created_at"), updated_at=line.moment("updated_at"))
    return RecordLine(meta=meta, deleted=deleted, fields=fields, raw=line.value)


def parse_link(value: Any, where: str) -> LinkLine:
    """A link line; its optional values are checked by :mod:`ncen_core.received_items`."""
    line = _Line(value, _LINK_KEYS, where)
    line.text("role")
    line.text("note")
    for key in ("valid_from", "valid_to", "share_percent"):
        line.text(key, nullable=True)
    line.integer("confidence", 0, nullable=True)
    return LinkLine(uuid=line.text("uuid", UUID4), origin=line.text("origin", OFFICE_CODE),
                    version=line.integer("version", 1), a=line.ref("a"), b=line.ref("b"),
                    deleted=line.flag("deleted"), raw=line.value)


def parse_attachment(value: Any, where: str) -> AttachmentLine:
    """An attachment line."""
    line = _Line(value, _ATTACHMENT_KEYS, where)
    line.text("media_type")
    return AttachmentLine(
        uuid=line.text("uuid", UUID4), origin=line.text("origin", OFFICE_CODE),
        version=line.integer("version", 1), record=line.ref("record"),
        sha256=line.text("sha256", SHA256_HEX), size=line.integer("size", 0),
        category=line.text("category"), caption=line.text("caption"),
        deleted=line.flag("deleted"), raw=line.value)


def parse_withdrawal(value: Any, where: str) -> WithdrawalLine:
    """A withdrawal line."""
    line = _Line(value, _WITHDRAWAL_KEYS, where)
    return WithdrawalLine(
        ref=RecordRef(line.text("type", RECORD_TYPE), line.text("origin", OFFICE_CODE),
                      line.text("uuid", UUID4)),
        version=line.integer("version", 1), reason=line.text("reason"))


def parse_share(value: Any, where: str) -> Share:
    """``share.json`` of a records package, in payload version :data:`PAYLOAD_VERSION`."""
    line = _Line(value, _SHARE_KEYS, where)
    if line.integer("payload", 1) != PAYLOAD_VERSION:
        raise line.fail("payload", f"payload version {PAYLOAD_VERSION}")
    audience = _Line(line.value["audience"], _AUDIENCE_KEYS, f"{where}: audience")
    return Share(audience_kind=audience.text("kind", choices=AUDIENCE_KINDS),
                 audience_name=audience.text("name"),
                 legal_basis=audience.text("legal_basis"),
                 record_count=line.integer("record_count", 0))
