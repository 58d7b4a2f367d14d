"""Words joined by other signs (an e-mail, a permit number with a slash, a decimal, a plate
with hyphens) are found by any of their words on both backends, as SQLite's tokenizer cuts
them and as PostgreSQL's parser, which keeps such tokens whole, does not on its own."""

from __future__ import annotations

import pytest

from ncen_core.record_service import RecordService


@pytest.fixture(scope="module")
def joined(installation):
    """A company with an e-mail address and a seizure whose narrative cites a permit."""
    olga = RecordService(installation.ncen, installation.users["officer"])
    installation.records.update({
        "scheldt": olga.create("company", {
            "legal_name": "Scheldt Fresh Imports BV", "country": "BE",
            "emails": [{"email": "orders@scheldtfresh.example"}]}),
        "parrots": olga.create("seizure", {
            "reference": "SZ-2025-0007", "seizure_date": "2025-05-02",
            "narrative": "Grey parrots with permit 21US12345A/9, crate weighed 12.5 kg; "
                         "lorry plate XK-481-ZT."}),
    })
    return installation


@pytest.mark.parametrize("word", ["scheldtfresh", "orders", "orders@scheldtfresh.example"])
def test_an_e_mail_address_is_found_by_each_of_its_words_and_whole(joined, word):
    assert joined.found(word) == {"scheldt"}


@pytest.mark.parametrize("word", ["21US12345A", "21US12345A/9", "481", "XK-481-ZT"])
def test_a_slashed_or_hyphenated_token_is_found_by_its_parts_and_whole(joined, word):
    assert joined.found(word) == {"parrots"}


def test_the_words_of_a_joined_token_keep_their_order_in_a_phrase(joined):
    assert joined.found('"permit 21US12345A"') == {"parrots"}
