"""The keyring carries each office's TLS certificate, which must hash to the office's pin."""

from __future__ import annotations

import hashlib

import pytest
from exchange_world import make_world

from ncen_plugins.comms import wire
from ncen_plugins.comms.keyring import KeyringOffice


def test_an_enrolled_office_carries_its_certificate_matching_its_pin():
    world = make_world("FR-CDG")
    office = world.keyring().office("FR-CDG")
    assert office.tls_certificate == world.offices["FR-CDG"].tls_certificate_der
    assert hashlib.sha256(office.tls_certificate).hexdigest() == office.tls_sha256


def test_a_certificate_that_does_not_match_the_pin_is_refused():
    world = make_world("FR-CDG", "BE-BRU")
    entry = world.keyring().office("FR-CDG").to_json()
    entry["tls_certificate"] = wire.encode_b64(world.offices["BE-BRU"].tls_certificate_der)
    with pytest.raises(wire.StrictJsonError, match="does not match tls_sha256"):
        KeyringOffice.from_json(entry, "office 1")


def test_an_entry_without_a_certificate_is_still_read():
    entry = make_world("FR-CDG").keyring().office("FR-CDG").to_json()
    del entry["tls_certificate"]
    assert KeyringOffice.from_json(entry, "office 1").tls_certificate is None
