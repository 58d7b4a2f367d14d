"""Header serialisation and the header rules the test vectors do not pin down."""

from __future__ import annotations

import io
import os

import pytest

from ncen_core.errors import NcenError
from ncen_plugins.comms.age import (
    AgeError,
    AgeHeaderError,
    AgeHmacError,
    AgeUnsupportedError,
    Stanza,
    X25519Identity,
    decrypt_bytes,
    encrypt_bytes,
)
from ncen_plugins.comms.age.header import MAX_HEADER_SIZE, read_header, serialise_header

FILE_KEY = bytes(range(16))


class _Grease:
    """A recipient of a type no identity knows, which every identity must ignore."""

    def wrap(self, file_key: bytes) -> list[Stanza]:
        return [Stanza(("grease", "x"), b"unrelated body")]


@pytest.mark.parametrize("body_size", [0, 1, 47, 48, 96, 100])
def test_a_serialised_stanza_body_wraps_at_64_columns_and_parses_back(body_size):
    stanza = Stanza(("example.org/type", "arg"), os.urandom(body_size))
    serialised = serialise_header([stanza], FILE_KEY)
    header = read_header(io.BytesIO(serialised))
    assert header.stanzas == (stanza,)


def test_a_parsed_header_verifies_under_the_file_key_it_was_written_with():
    header = read_header(io.BytesIO(serialise_header([Stanza(("a",), b"")], FILE_KEY)))
    header.verify_mac(FILE_KEY)


def test_reading_a_header_stops_at_the_payload():
    serialised = serialise_header([Stanza(("a",), b"")], FILE_KEY)
    stream = io.BytesIO(serialised + b"PAYLOAD")
    read_header(stream)
    assert stream.read() == b"PAYLOAD"


def test_an_altered_stanza_of_an_unknown_type_fails_the_mac():
    identity = X25519Identity.generate()
    sealed = encrypt_bytes(b"manifest", [_Grease(), identity.recipient])
    with pytest.raises(AgeHmacError):
        decrypt_bytes(sealed.replace(b"-> grease x", b"-> grease y"), [identity])


def test_a_header_larger_than_one_mebibyte_is_refused():
    stanza = Stanza(("big",), bytes(MAX_HEADER_SIZE))
    with pytest.raises(AgeHeaderError, match="longer than"):
        read_header(io.BytesIO(serialise_header([stanza], FILE_KEY)))


def test_a_header_converted_to_crlf_line_ends_is_explained():
    serialised = serialise_header([Stanza(("a",), b"")], FILE_KEY)
    with pytest.raises(AgeHeaderError, match="CRLF"):
        read_header(io.BytesIO(serialised.replace(b"\n", b"\r\n")))


def test_a_file_cut_inside_the_header_is_reported_as_cut_short():
    serialised = serialise_header([Stanza(("a",), b"")], FILE_KEY)
    with pytest.raises(AgeHeaderError, match="ends before the header"):
        read_header(io.BytesIO(serialised[:30]))


def test_a_file_that_is_not_age_is_named_as_such():
    with pytest.raises(AgeHeaderError, match="not an age file"):
        read_header(io.BytesIO(b"%PDF-1.7\n"))


def test_an_armored_file_is_refused_as_an_unsupported_feature():
    armored = b"-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n"
    with pytest.raises(AgeUnsupportedError, match="ASCII-armored"):
        read_header(io.BytesIO(armored))


def test_age_errors_are_ncen_errors_so_the_cli_prints_their_message():
    assert issubclass(AgeError, NcenError)
