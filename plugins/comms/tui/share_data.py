"""The share dialog's work: plan a share, read its preview a page at a time, seal it.

The preview is the sharing plan itself (:func:`~ncen_plugins.comms.sharing.build_share`
writes every part before anything is sealed), so the rows shown are exactly what would
leave: each record with the fields that go, each link and attachment, and each record
held back with the reason. Only the first :data:`PREVIEW_ROWS` rows are shown; the counts
cover the whole plan. Sending seals the packages (as ``ncen share --out``) and delivers
them (as ``ncen exchange send``), both audited.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ncen_core.declarations import Audience
from ncen_core.record_service import RecordService

from ..file_transport.sending import deliver_shared
from ..keyring_store import load_keyring
from ..keys import OfficeKeys
from ..sharing import SharePlan, build_share, export_non_nominal, seal_share
from ..sharing.errors import ShareError
from ..sharing.selection import Selection

PREVIEW_ROWS = 200
AUDIENCE_KINDS = (("office", "One office"), ("group", "A group"), ("all", "All offices"),
                  ("non_nominal", "Non-nominal export"))
NAMED_KINDS = ("office", "group")


@dataclass(frozen=True)
class ShareRequest:
    """What the officer typed: who, under which legal basis, and which records."""

    kind: str
    name: str
    legal_basis: str
    query: str

    def audience(self) -> Audience:
        """The audience, or ShareError saying what is missing or not allowed."""
        if self.kind not in dict(AUDIENCE_KINDS):
            raise ShareError("choose who the records are for")
        name = self.name.strip().upper()
        if self.kind in NAMED_KINDS and not name:
            raise ShareError(f"name the {self.kind} to share with")
        if self.legal_basis.strip() and self.kind not in NAMED_KINDS:
            raise ShareError("a legal basis applies only to one office or a group: personal "
                             "and sensitive fields never go to every office or the "
                             "non-nominal export")
        return Audience(self.kind, name if self.kind in NAMED_KINDS else "",  # type: ignore[arg-type]
                        self.legal_basis.strip())


@dataclass(frozen=True)
class PreviewRow:
    """One line of the preview table."""

    item: str
    record: str
    version: str
    detail: str


def plan_share(service: RecordService, request: ShareRequest) -> SharePlan:
    """Build the plan of ``request`` (close it when done); nothing is written."""
    audience = request.audience()
    if not request.query.strip():
        raise ShareError("type a query saying which records to share (e.g. type:seizure "
                         "date:-30d)")
    data_dir = service.ncen.config.data_dir
    keyring = None if audience.kind == "non_nominal" else load_keyring(data_dir).keyring
    workdir = data_dir / "tmp"
    workdir.mkdir(parents=True, exist_ok=True, mode=0o700)
    return build_share(service, audience, Selection(request.query.strip()), keyring,
                       workdir=workdir)


def preview_rows(plan: SharePlan, limit: int = PREVIEW_ROWS) -> list[PreviewRow]:
    """The first ``limit`` rows of the plan's preview."""
    return [_row(item) for item in itertools.islice(plan.preview(), limit)]


def seal_plan(service: RecordService, plan: SharePlan, keys: OfficeKeys,
              via: str = "") -> list[str]:
    """Seal the plan's packages and deliver them; one line per package or file written.

    Packages are sealed into ``<data_dir>/exchange/outgoing`` (kept there) and delivered
    through each recipient's route, or all to ``via`` (a folder such as a USB stick, or a
    transport URL). A non-nominal plan is written as its export file into ``via`` or the
    outgoing folder.
    """
    ncen = service.ncen
    folder = ncen.config.data_dir / "exchange" / "outgoing"
    target = _url(via)
    if plan.is_non_nominal:
        out = Path(via).expanduser() if via.strip() else folder
        out.mkdir(parents=True, exist_ok=True)
        return [f"export written to {export_non_nominal(plan, out)}"]
    if not plan.packages:
        raise ShareError(f"nothing to send: {plan.held_back_count} records held back "
                         "(the preview says why)")
    folder.mkdir(parents=True, exist_ok=True)
    paths = seal_share(plan, keys, load_keyring(ncen.config.data_dir).keyring, folder)
    deliveries = deliver_shared(ncen, paths, service.user.username, via=target)
    return [f"package {d.package_id} to {', '.join(sorted(d.files))}" for d in deliveries]


def _url(via: str) -> str | None:
    """A folder typed by the officer as a ``file:`` URL; a URL as it is; blank: None."""
    via = via.strip()
    if not via:
        return None
    if "://" in via:
        return via
    return Path(via).expanduser().absolute().as_uri()


def _ref(document: dict[str, str]) -> str:
    return f"{document['type']}:{document['uuid'][:8]}"


def _row(item: dict[str, Any]) -> PreviewRow:
    kind = item["item"]
    if kind == "package":
        return PreviewRow(f"package {item['package']}", "", "",
                          "to " + ", ".join(item["recipients"]))
    if kind == "link":
        return PreviewRow("link", _ref(item["a"]), "", f"{item['role']} {_ref(item['b'])}")
    if kind == "attachment":
        return PreviewRow("attachment", _ref(item["record"]), "",
                          f"{item['media_type']} {item['size']:,} bytes")
    version = f"v{item['version']}"
    if kind == "held_back":
        return PreviewRow("held back", _ref(item), version, item["reason"])
    if kind == "record" and item["deleted"]:
        return PreviewRow("tombstone", _ref(item), version, "")
    basis = f" [legal basis: {item['legal_basis']}]" if item.get("legal_basis") else ""
    label = "export" if kind == "export" else "record"
    return PreviewRow(label, _ref(item), version, ", ".join(item["fields"]) + basis)
