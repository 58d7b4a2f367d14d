"""Revocations: superseded and retired keys still vouch for what they signed before; a
compromised key or office vouches for nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from exchange_world import make_world, now, open_bytes, seal_bytes

from ncen_plugins.comms.keys import OfficeKeys
from ncen_plugins.comms.package_errors import RevokedSigner

PARTS = {"records.jsonl": b'{"uuid": "x"}\n'}
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def world():
    return make_world("FR-CDG", "BE-BRU")


def revoked_at():
    return now() - HOUR


def test_a_superseded_key_still_opens_packages_created_before_the_change(world):
    old = world.offices["FR-CDG"]
    before = seal_bytes(old, world.keyring(), ["BE-BRU"], PARTS, when=revoked_at() - HOUR)
    world.when = revoked_at()
    world.enrol(OfficeKeys.generate("FR-CDG"))
    with open_bytes(before, world.offices["BE-BRU"], world.keyring()) as opened:
        assert opened.manifest.sender.key_id == old.signing_key_id


def test_a_superseded_key_is_refused_for_packages_created_after_the_change(world):
    old = world.offices["FR-CDG"]
    keyring_before = world.keyring()
    world.when = revoked_at()
    world.enrol(OfficeKeys.generate("FR-CDG"))
    after = seal_bytes(old, keyring_before, ["BE-BRU"], PARTS)
    with pytest.raises(RevokedSigner, match="superseded"):
        open_bytes(after, world.offices["BE-BRU"], world.keyring())


def test_the_new_key_of_a_re_enrolled_office_is_accepted(world):
    world.enrol(OfficeKeys.generate("FR-CDG"))
    keyring = world.keyring()
    package = seal_bytes(world.offices["FR-CDG"], keyring, ["BE-BRU"], PARTS)
    with open_bytes(package, world.offices["BE-BRU"], keyring) as opened:
        assert opened.manifest.sender.office == "FR-CDG"


def test_a_compromised_key_is_refused_even_for_packages_dated_before(world):
    sender = world.offices["FR-CDG"]
    package = seal_bytes(sender, world.keyring(), ["BE-BRU"], PARTS, when=revoked_at() - HOUR)
    world.draft = world.draft.revoke("FR-CDG", sender.signing_key_id, "compromised",
                                     revoked_at())
    with pytest.raises(RevokedSigner, match="compromised"):
        open_bytes(package, world.offices["BE-BRU"], world.keyring())


def test_a_retired_office_is_refused_for_packages_created_after_retirement(world):
    package = seal_bytes(world.offices["FR-CDG"], world.keyring(), ["BE-BRU"], PARTS)
    world.draft = world.draft.revoke("FR-CDG", None, "retired", revoked_at())
    with pytest.raises(RevokedSigner, match="retired"):
        open_bytes(package, world.offices["BE-BRU"], world.keyring())


def test_a_retired_office_still_opens_packages_created_before_retirement(world):
    package = seal_bytes(world.offices["FR-CDG"], world.keyring(), ["BE-BRU"], PARTS,
                         when=revoked_at() - HOUR)
    world.draft = world.draft.revoke("FR-CDG", None, "retired", revoked_at())
    with open_bytes(package, world.offices["BE-BRU"], world.keyring()) as opened:
        assert opened.manifest.sender.office == "FR-CDG"


def test_a_compromised_office_is_refused_for_every_package(world):
    package = seal_bytes(world.offices["FR-CDG"], world.keyring(), ["BE-BRU"], PARTS,
                         when=revoked_at() - HOUR)
    world.draft = world.draft.revoke("FR-CDG", None, "compromised", revoked_at())
    with pytest.raises(RevokedSigner, match="compromised"):
        open_bytes(package, world.offices["BE-BRU"], world.keyring())
