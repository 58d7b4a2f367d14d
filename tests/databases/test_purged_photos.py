"""A deleted record's photos leave the database: the tombstone (or detaching the photo)
wipes the image bytes and thumbnail once no live attachment uses them, while the rows
stay as tombstones so the deletion can travel to other offices."""

from __future__ import annotations

from databases_support import photo_jpeg, photo_png, suspect_values


def stored(officer, sha256):
    """The bytes and thumbnail held for ``sha256``."""
    return officer.attachments.data(sha256), officer.attachments.thumbnail(sha256)


def test_a_tombstone_wipes_the_bytes_of_its_photos(officer):
    person = officer.create("suspect", suspect_values())
    face = officer.attachments.add(person.ref, photo_jpeg(), caption="Custody photo")
    officer.tombstone(person.ref, expected_version=1)
    assert stored(officer, face.sha256) == (b"", None)


def test_bytes_another_live_record_uses_are_kept(officer):
    one = officer.create("suspect", suspect_values())
    other = officer.create("suspect", suspect_values(family_name="Janssens", documents=[]))
    face = officer.attachments.add(one.ref, photo_png(), caption="Photo")
    officer.attachments.add(other.ref, photo_png(), caption="Same photo")
    officer.tombstone(one.ref, expected_version=1)
    data, thumbnail = stored(officer, face.sha256)
    assert data == photo_png() and thumbnail is not None


def test_a_detached_photo_is_wiped(officer):
    person = officer.create("suspect", suspect_values())
    face = officer.attachments.add(person.ref, photo_jpeg(), caption="Wrong person")
    officer.attachments.remove(face.uuid)
    assert stored(officer, face.sha256) == (b"", None)


def test_attaching_wiped_bytes_again_stores_them_again(officer):
    person = officer.create("suspect", suspect_values())
    face = officer.attachments.add(person.ref, photo_jpeg(), caption="Photo")
    officer.tombstone(person.ref, expected_version=1)
    again = officer.create("suspect", suspect_values())
    officer.attachments.add(again.ref, photo_jpeg(), caption="Photo, re-entered")
    data, thumbnail = stored(officer, face.sha256)
    assert data == photo_jpeg() and thumbnail is not None
    assert [found.caption for found in officer.attachments.of(again.ref)] == [
        "Photo, re-entered"]
