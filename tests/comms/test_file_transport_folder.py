"""The exchange folder: packages appear only complete, under names that say what they are,
and leave the inbox only by being moved to done/ or quarantine/."""

from __future__ import annotations

import uuid

import pytest

from ncen_plugins.comms.file_transport.folder import (
    DONE,
    QUARANTINE,
    ExchangeFolderError,
    FileTransport,
)
from ncen_plugins.comms.file_transport.names import PackageFileName, is_complete_package


def a_name(kind: str = "records") -> PackageFileName:
    return PackageFileName("FR-CDG", "BE-BRU", kind, str(uuid.uuid4()))


def test_a_package_file_name_says_sender_recipient_kind_and_package():
    name = a_name("message")
    text = str(name)
    assert text == f"FR-CDG_BE-BRU_message_{name.package_id}.ncen"
    assert PackageFileName.parse(text) == name
    assert PackageFileName.parse("holiday.jpg") is None


def test_temporary_and_hidden_names_are_not_packages():
    assert is_complete_package("FR-CDG_BE-BRU_records_x.ncen")
    assert not is_complete_package(".FR-CDG_BE-BRU_records_x.ncen.1a2b.tmp")
    assert not is_complete_package(".hidden.ncen")
    assert not is_complete_package("FR-CDG_BE-BRU_records_x.ncen.part")


def test_a_package_being_written_is_invisible_under_its_final_name(tmp_path):
    transport = FileTransport(tmp_path / "to-BE-BRU")
    name = a_name()

    def write(handle):
        handle.write(b"x" * 300_000)
        handle.flush()
        assert not (transport.folder / str(name)).exists()
        assert transport.waiting() == []
        (partial,) = transport.folder.iterdir()
        assert partial.name.startswith(".") and partial.name.endswith(".tmp")
        assert partial.stat().st_size == 300_000

    assert transport.write(name, write) == transport.folder / str(name)
    assert transport.waiting() == [transport.folder / str(name)]
    assert (transport.folder / str(name)).read_bytes() == b"x" * 300_000
    assert [p.name for p in transport.folder.iterdir()] == [str(name)]


def test_a_failed_write_leaves_no_file_at_all(tmp_path):
    transport = FileTransport(tmp_path / "to-BE-BRU")

    def write(handle):
        handle.write(b"half a package")
        raise RuntimeError("disk pulled out")

    with pytest.raises(RuntimeError):
        transport.write(a_name(), write)
    assert list(transport.folder.iterdir()) == []


def test_delivering_copies_the_sealed_file_byte_for_byte_readable_by_other_offices(tmp_path):
    sealed = tmp_path / "sealed.ncen"
    sealed.write_bytes(bytes(range(256)) * 5000)
    transport = FileTransport(tmp_path / "to-BE-BRU")
    delivered = transport.deliver(sealed, a_name())
    assert delivered.read_bytes() == sealed.read_bytes()
    assert delivered.stat().st_mode & 0o777 == 0o644


def test_the_inbox_lists_complete_packages_oldest_first_and_skips_the_rest(tmp_path):
    inbox = FileTransport(tmp_path / "inbox")
    first, second = a_name(), a_name()
    for name in (first, second):
        inbox.write(name, lambda handle: handle.write(b"package"))
    (inbox.folder / f".{a_name()}.9f9f.tmp").write_bytes(b"half")
    (inbox.folder / "notes.txt").write_text("not a package")
    (inbox.folder / "folder.ncen").mkdir()
    assert [p.name for p in inbox.waiting()] == [str(first), str(second)]


def test_settled_files_move_to_done_or_quarantine_and_never_overwrite(tmp_path):
    inbox = FileTransport(tmp_path / "inbox")
    name = a_name()
    for outcome in (DONE, DONE, QUARANTINE):
        inbox.write(name, lambda handle, text=outcome: handle.write(text.encode()))
        inbox.settle(inbox.waiting()[0], outcome)
    assert inbox.waiting() == []
    done = {p.name: p.read_bytes() for p in (inbox.folder / DONE).iterdir()}
    assert done == {str(name): b"done", str(name).replace(".ncen", ".2.ncen"): b"done"}
    assert (inbox.folder / QUARANTINE / str(name)).read_bytes() == b"quarantine"


def test_a_missing_inbox_folder_is_simply_empty(tmp_path):
    assert FileTransport(tmp_path / "nowhere").waiting() == []


def test_a_folder_url_opens_its_folder(tmp_path):
    transport = FileTransport.from_url((tmp_path / "ex change").as_uri())
    assert transport.folder == tmp_path / "ex change"
    assert FileTransport.from_url(transport.url).folder == transport.folder


@pytest.mark.parametrize("url", ["file://server/share", "ncen://host:4443", "file:"])
def test_a_url_that_is_not_a_local_folder_is_refused(url):
    with pytest.raises(ExchangeFolderError, match="exchange folder"):
        FileTransport.from_url(url)
