"""Real keys for the exchange screens' tests: a keystore in the office's data folder, a
headquarters that signs a keyring naming it and a partner office, and sealed packages."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tui_helpers import OFFICE, type_text, wait_for

from ncen_core.timeutil import utcnow
from ncen_plugins.comms.enrolment import make_request, read_request
from ncen_plugins.comms.hq import Draft, sign_draft
from ncen_plugins.comms.keyring import Keyring
from ncen_plugins.comms.keyring_store import import_keyring
from ncen_plugins.comms.keys import OfficeKeys, keystore_path, save_keystore
from ncen_plugins.comms.messages.payload import MessagePayload
from ncen_plugins.comms.package import PartSource, seal_package

KEY_PASSPHRASE = "office keystore passphrase"
PARTNER = "XB-PART"
THIRD = "XC-THIRD"


@dataclass
class Network:
    """Headquarters, this office's keys (saved in its data folder) and two partners."""

    data_dir: Path
    hq: OfficeKeys = field(default_factory=lambda: OfficeKeys.generate("HQ"))
    own: OfficeKeys = field(default_factory=lambda: OfficeKeys.generate(OFFICE))
    partner: OfficeKeys = field(default_factory=lambda: OfficeKeys.generate(PARTNER))
    third: OfficeKeys = field(default_factory=lambda: OfficeKeys.generate(THIRD))
    draft: Draft = field(default_factory=Draft)
    keyring: Keyring | None = None

    def save_keystore(self) -> None:
        save_keystore(self.own, keystore_path(self.data_dir), KEY_PASSPHRASE, work_factor=10)

    def enrol(self, keys: OfficeKeys, groups: tuple[str, ...] = ("EU",)) -> None:
        self.draft = self.draft.enrol(read_request(make_request(keys)), f"Office {keys.office}",
                                      (f"ncen://{keys.office.lower()}.example:4443",), groups,
                                      utcnow())

    def revoke(self, code: str, reason: str = "retired") -> None:
        self.draft = self.draft.revoke(code, None, reason, utcnow())

    def issue(self, days: int = 90) -> Keyring:
        """Sign the draft and import it into the office's data folder."""
        data, self.draft = sign_draft(self.draft, self.hq, utcnow(), dt.timedelta(days=days))
        self.keyring = import_keyring(self.data_dir, data, now=utcnow(),
                                      hq_fingerprint=self.hq.signing_key_id).current.keyring
        return self.keyring


def network_for(config, *, offices: tuple[str, ...] = (OFFICE, PARTNER), days: int = 90,
                keystore: bool = True) -> Network:
    """A network whose keyring lists ``offices`` and is held by the office of ``config``."""
    network = Network(config.data_dir)
    if keystore:
        network.save_keystore()
    by_code = {OFFICE: network.own, PARTNER: network.partner, THIRD: network.third}
    for code in offices:
        network.enrol(by_code[code])
    network.issue(days)
    return network


def sealed_package(network: Network, path: Path, recipients: tuple[str, ...] = (OFFICE,),
                   parts: dict[str, bytes] | None = None, kind: str = "records") -> Path:
    """A package from the partner office to ``recipients``, written to ``path``."""
    out = io.BytesIO()
    parts = parts if parts is not None else {"records.jsonl": b'{"x": 1}\n'}
    seal_package(network.partner, [network.keyring.office(code) for code in recipients],
                 kind, [PartSource.from_bytes(name, data) for name, data in parts.items()],
                 out)
    path.write_bytes(out.getvalue())
    return path


def message_from_partner(network: Network, path: Path, subject: str, body: str) -> Path:
    """A message package the partner office wrote to this office."""
    message_id = str(uuid.uuid4())
    payload = MessagePayload(message_id, message_id, None, "office", OFFICE, subject, body,
                             utcnow().replace(microsecond=0))
    return sealed_package(network, path, parts={"message.json": payload.to_bytes()},
                          kind="message")


def receive(config, network: Network, path: Path):
    """Import ``path`` into the office's database as its inbox would."""
    from ncen_core.app import open_ncen
    from ncen_plugins.comms.file_transport.inbox import HANDLERS
    from ncen_plugins.comms.receiving.importer import import_package

    ncen = open_ncen(config)
    try:
        return import_package(ncen, network.own, network.keyring, path, handlers=HANDLERS)
    finally:
        ncen.close()


async def give_passphrase(pilot, passphrase: str = KEY_PASSPHRASE) -> None:
    """Answer the keystore passphrase prompt once it has the focus."""
    await wait_for(pilot, lambda: pilot.app.screen.query_one("#prompt-input").has_focus,
                   what="passphrase prompt")
    await type_text(pilot, passphrase)
    await pilot.press("enter")
