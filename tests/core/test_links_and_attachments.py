"""Links with roles between records, and attachments stored once by SHA-256."""

from __future__ import annotations

import io
from decimal import Decimal
import zlib
import struct

import pytest
from PIL import Image

from ncen_core.errors import AttachmentError, NotFoundError, ValidationError


def png_bytes(size=(40, 30), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def bomb_png(width=30_000, height=30_000) -> bytes:
    """A tiny PNG whose header claims 900 million pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


@pytest.fixture
def two(people):
    officer = people["officer"]
    return officer, officer.create("specimen", {"reference": "L-1"}), officer.create("specimen", {"reference": "L-2"})


def test_link_is_seen_from_both_ends(two):
    officer, a, b = two
    link = officer.links.add(a.ref, b.ref, "associate", confidence=80, share_percent=12.5)
    assert [l.uuid for l in officer.links.of(a.ref)] == [link.uuid]
    assert officer.links.of(b.ref)[0].other(b.ref) == a.ref
    assert link.origin == "XA-TEST" and link.share_percent == Decimal("12.5")


def test_removed_link_disappears(two):
    officer, a, b = two
    link = officer.links.add(a.ref, b.ref, "associate")
    officer.links.remove(link.uuid, expected_version=1)
    assert officer.links.of(a.ref) == []


def test_link_checks_its_values(two):
    officer, a, b = two
    with pytest.raises(ValidationError) as caught:
        officer.links.add(a.ref, b.ref, " ", confidence=150, share_percent=-1)
    assert set(caught.value.problems) == {"role", "confidence", "share_percent"}
    with pytest.raises(ValidationError, match="itself"):
        officer.links.add(a.ref, a.ref, "associate")


def test_link_to_a_missing_record_is_refused(two):
    officer, a, b = two
    officer.tombstone(b.ref, expected_version=1)
    with pytest.raises(NotFoundError):
        officer.links.add(a.ref, b.ref, "associate")


def test_photo_is_sniffed_and_thumbnailed(two):
    officer, a, _ = two
    info = officer.attachments.add(a.ref, png_bytes((1000, 500)), caption="false bottom")
    assert (info.media_type, info.width, info.height, info.caption) == ("image/png", 1000, 500, "false bottom")
    thumb = Image.open(io.BytesIO(officer.attachments.thumbnail(info.sha256)))
    assert max(thumb.size) == 256
    assert officer.attachments.data(info.sha256) == png_bytes((1000, 500))


def test_same_bytes_are_stored_once(ncen, two):
    officer, a, b = two
    data = png_bytes()
    officer.attachments.add(a.ref, data)
    officer.attachments.add(b.ref, data, category="xray")
    assert ncen.system.AttachmentBlob.select().count() == 1
    assert len(officer.attachments.of(a.ref)) == len(officer.attachments.of(b.ref)) == 1


def test_pdf_is_accepted_without_thumbnail(two):
    officer, a, _ = two
    info = officer.attachments.add(a.ref, b"%PDF-1.4\n%...\n", category="document")
    assert info.media_type == "application/pdf"
    assert officer.attachments.thumbnail(info.sha256) is None


def test_content_type_comes_from_bytes_not_name(two):
    officer, a, _ = two
    with pytest.raises(AttachmentError, match="unsupported content"):
        officer.attachments.add(a.ref, b"#!/bin/sh\nrm -rf /\n")


def test_oversized_attachment_is_refused(ncen, two):
    officer, a, _ = two
    limit = ncen.config.attachments.max_size_mb * 1_000_000
    with pytest.raises(AttachmentError, match="limit"):
        officer.attachments.add(a.ref, b"%PDF-" + b"0" * limit)


def test_decompression_bomb_is_refused(ncen, two):
    officer, a, _ = two
    with pytest.raises(AttachmentError, match="pixels"):
        officer.attachments.add(a.ref, bomb_png())
    assert ncen.system.AttachmentBlob.select().count() == 0


def test_tombstone_purges_attachments(two):
    officer, a, _ = two
    officer.attachments.add(a.ref, png_bytes())
    officer.tombstone(a.ref, expected_version=1)
    assert officer.attachments.of(a.ref) == []


def test_removed_attachment_disappears(two):
    officer, a, _ = two
    info = officer.attachments.add(a.ref, png_bytes())
    officer.attachments.remove(info.uuid)
    assert officer.attachments.of(a.ref) == []
