"""Headquarters: enrolment requests, the keyring draft, revocations and signing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from exchange_world import make_world, now

from ncen_plugins.comms.enrolment import EnrolmentError, make_request, read_request
from ncen_plugins.comms.hq import Draft, DraftError, load_draft, save_draft, sign_draft
from ncen_plugins.comms.keyring import UnknownKeyError
from ncen_plugins.comms.keyring_file import verify_keyring_file
from ncen_plugins.comms.keys import OfficeKeys


@pytest.fixture(scope="module")
def office():
    return OfficeKeys.generate("FR-CDG")


def test_an_enrolment_request_carries_the_fingerprints_of_the_office_keys(office):
    request = read_request(make_request(office))
    assert request.fingerprints == {"signing key": office.signing_key_id,
                                    "encryption key": office.encryption_key_id,
                                    "TLS certificate": office.tls_key_id}


def test_a_request_whose_signing_key_was_swapped_is_refused(office):
    document = json.loads(make_request(office))
    document["request"]["signing_key"] = json.loads(
        make_request(OfficeKeys.generate("FR-CDG")))["request"]["signing_key"]
    forged = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    with pytest.raises(EnrolmentError, match="not signed"):
        read_request(forged)


def test_a_request_that_is_not_canonical_json_is_refused(office):
    with pytest.raises(EnrolmentError, match="canonical"):
        read_request(make_request(office) + b"\n")


def test_enrolment_creates_each_new_group_once(office):
    request = read_request(make_request(office))
    draft = Draft().enrol(request, "Paris", (), ("EU", "WCO"), now())
    draft = draft.enrol(read_request(make_request(OfficeKeys.generate("BE-BRU"))), "Brussels",
                        (), ("EU",), now())
    assert [group.code for group in draft.groups] == ["EU", "WCO"]


def test_enrolment_refuses_an_endpoint_that_is_not_a_url(office):
    with pytest.raises(DraftError, match="endpoints"):
        Draft().enrol(read_request(make_request(office)), "Paris", ("host:4443",), (), now())


def test_re_enrolment_supersedes_the_old_keys_and_keeps_the_old_signing_key(office):
    draft = Draft().enrol(read_request(make_request(office)), "Paris", (), (), now())
    draft = draft.enrol(read_request(make_request(OfficeKeys.generate("FR-CDG"))), "Paris",
                        (), (), now())
    revoked = {revocation.key_id: revocation for revocation in draft.revocations}
    assert set(revoked) == {office.signing_key_id, office.encryption_key_id}
    assert {revocation.reason for revocation in revoked.values()} == {"superseded"}
    assert revoked[office.signing_key_id].signing_key == office.signing_public
    assert len(draft.offices) == 1


def test_a_key_of_another_office_cannot_be_revoked_under_this_one():
    world = make_world("FR-CDG", "BE-BRU")
    with pytest.raises(DraftError, match="not a current key"):
        world.draft.revoke("FR-CDG", world.offices["BE-BRU"].signing_key_id, "compromised",
                           now())


def test_a_whole_office_cannot_be_superseded():
    world = make_world("FR-CDG")
    with pytest.raises(DraftError, match="only a key"):
        world.draft.revoke("FR-CDG", None, "superseded", now())


def test_revoking_an_office_the_draft_does_not_know_is_refused():
    with pytest.raises(UnknownKeyError, match="XX-NONE"):
        make_world("FR-CDG").draft.revoke("XX-NONE", None, "retired", now())


def test_the_draft_reads_back_as_saved(tmp_path):
    world = make_world("FR-CDG", "BE-BRU")
    world.draft = world.draft.revoke("BE-BRU", None, "retired", now())
    save_draft(tmp_path / "draft.json", world.draft)
    assert load_draft(tmp_path / "draft.json") == world.draft


def test_a_damaged_draft_is_refused_with_its_path(tmp_path):
    path = tmp_path / "draft.json"
    path.write_text('{"last_serial": 1}')
    with pytest.raises(DraftError, match="draft.json"):
        load_draft(path)


def test_signing_gives_the_next_serial_and_the_requested_validity():
    world = make_world("FR-CDG")
    issued = now()
    data, advanced = sign_draft(world.draft, world.hq, issued, dt.timedelta(days=30))
    keyring = verify_keyring_file(data, now=issued,
                                  pinned_hq_key_id=world.hq.signing_key_id).keyring
    assert (keyring.serial, advanced.last_serial) == (1, 1)
    assert keyring.expires_at - keyring.issued_at == dt.timedelta(days=30)
