"""Looking offices, groups and signing keys up in a keyring, with revocations applied."""

from __future__ import annotations

import pytest
from exchange_world import make_world, now

from ncen_plugins.comms.keyring import UnknownKeyError
from ncen_plugins.comms.keys import OfficeKeys


@pytest.fixture
def world():
    world = make_world("FR-CDG", "BE-BRU")
    world.enrol(OfficeKeys.generate("NL-AMS"), groups=("BENELUX",))
    return world


def test_an_office_is_found_by_its_code(world):
    assert world.keyring().office("BE-BRU").encryption_key_id == \
        world.offices["BE-BRU"].encryption_key_id


def test_an_unknown_office_code_is_reported(world):
    with pytest.raises(UnknownKeyError, match="XX-NONE"):
        world.keyring().office("XX-NONE")


def test_the_members_of_a_group_are_its_active_offices(world):
    world.draft = world.draft.revoke("BE-BRU", None, "retired", now())
    keyring = world.keyring()
    assert [office.code for office in keyring.members("EU")] == ["FR-CDG"]
    assert [office.code for office in keyring.members("BENELUX")] == ["NL-AMS"]


def test_an_office_with_a_compromised_encryption_key_is_not_active(world):
    keys = world.offices["FR-CDG"]
    world.draft = world.draft.revoke("FR-CDG", keys.encryption_key_id, "compromised", now())
    keyring = world.keyring()
    assert not keyring.is_active(keyring.office("FR-CDG"))


def test_an_unknown_group_is_reported(world):
    with pytest.raises(UnknownKeyError, match="WCO"):
        world.keyring().members("WCO")


def test_a_signing_key_is_traced_to_its_office(world):
    signer = world.keyring().signer(world.offices["FR-CDG"].signing_key_id)
    assert (signer.office, signer.revocation) == ("FR-CDG", None)


def test_a_signing_key_never_listed_is_unknown(world):
    with pytest.raises(UnknownKeyError):
        world.keyring().signer(OfficeKeys.generate("FR-CDG").signing_key_id)
