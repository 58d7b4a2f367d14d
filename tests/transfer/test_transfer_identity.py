"""The UUIDs of imported records are the standard UUID version 5 of their names."""

from __future__ import annotations

import uuid

import pytest

from ncen_core.transfer.identity import NAMESPACE, link_uuid, record_uuid, uuid5_text


@pytest.mark.parametrize("name", ["", "x", "FR\x1fnational\x1fseizure\x1fNAT-0000001",
                                  "Café\x1fé€😀", "a" * 1000])
def test_uuid5_text_is_the_standard_uuid5(name):
    assert uuid5_text(name) == str(uuid.uuid5(NAMESPACE, name))


def test_record_and_link_uuids_name_office_mapping_type_and_key():
    assert record_uuid("FR", "m", "seizure", ("K1", "2")) == str(
        uuid.uuid5(NAMESPACE, "FR\x1fm\x1fseizure\x1fK1\x1f2"))
    assert link_uuid("a", "ROLE", "b") == str(uuid.uuid5(NAMESPACE, "link\x1fa\x1fROLE\x1fb"))
