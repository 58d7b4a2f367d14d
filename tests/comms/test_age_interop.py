"""Interoperation both ways with the real ``age`` and ``age-keygen`` command-line tools.

The tools are required: CI installs Debian's ``age`` package, and a missing binary fails
these tests with a message saying so. ``age`` reads passphrases from the terminal only,
so the passphrase tests run it on a pseudo-terminal and type at each prompt as soon as
it appears (no sleeping).
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from ncen_plugins.comms.age import (
    ScryptIdentity,
    ScryptRecipient,
    X25519Identity,
    decrypt_bytes,
    encrypt_bytes,
    parse_identities,
    parse_recipient,
)

SIZES = [0, 1, 64 * 1024, 200 * 1024]
SIZE_IDS = ["empty", "one-byte", "exactly-64KiB", "200KiB"]
PASSPHRASE = b"correct horse battery staple"
TERMINAL_TIMEOUT = 60.0


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"the {name!r} command is required for the age interop tests "
            "(install the Debian package 'age')"
        )
    return path


@pytest.fixture
def age() -> str:
    return _tool("age")


@pytest.fixture
def age_keygen() -> str:
    return _tool("age-keygen")


def _run(*argv: str, stdin: bytes = b"") -> bytes:
    done = subprocess.run(
        argv, input=stdin, capture_output=True, timeout=TERMINAL_TIMEOUT, check=False
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout


def _keygen(age_keygen: str, path: Path) -> Path:
    _run(age_keygen, "-o", str(path))
    return path


def _recipient_of(age_keygen: str, key_file: Path) -> str:
    return _run(age_keygen, "-y", str(key_file)).decode().strip()


def _run_on_terminal(argv: list[str], answers: list[tuple[bytes, bytes]]) -> bytes:
    """Run ``argv`` with a pseudo-terminal as its controlling terminal. For each
    ``(prompt, answer)``, wait until ``prompt`` appears, then type ``answer``. Returns the
    terminal transcript; fails the test (and kills the program) if it stalls, and fails it
    if the program exits non-zero."""
    pid, terminal = pty.fork()
    if pid == 0:
        try:
            os.execv(argv[0], argv)
        finally:
            os._exit(127)
    deadline = time.monotonic() + TERMINAL_TIMEOUT
    transcript = b""
    try:
        for prompt, answer in answers:
            start = len(transcript)
            while prompt not in transcript[start:]:
                chunk = _read_terminal(terminal, deadline)
                if not chunk:
                    pytest.fail(f"{argv[0]} ended before prompting {prompt!r}: {transcript!r}")
                transcript += chunk
            os.write(terminal, answer + b"\n")
        while chunk := _read_terminal(terminal, deadline):
            transcript += chunk
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.close(terminal)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, transcript.decode(errors="replace")
    return transcript


def _read_terminal(terminal: int, deadline: float) -> bytes:
    """The next output of the terminal, or ``b""`` once the program has closed it."""
    ready, _, _ = select.select([terminal], [], [], max(0.0, deadline - time.monotonic()))
    if not ready:
        pytest.fail("timed out waiting for the program on the pseudo-terminal")
    try:
        return os.read(terminal, 4096)
    except OSError:  # Linux reports EIO once the other side is closed.
        return b""


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_age_decrypts_what_we_encrypt_to_an_age_keygen_key(age, age_keygen, tmp_path, size):
    key_file = _keygen(age_keygen, tmp_path / "key.txt")
    plaintext = os.urandom(size)
    recipient = parse_recipient(_recipient_of(age_keygen, key_file))
    sealed = tmp_path / "sealed.age"
    sealed.write_bytes(encrypt_bytes(plaintext, [recipient]))
    assert _run(age, "-d", "-i", str(key_file), str(sealed)) == plaintext


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_we_decrypt_what_age_encrypts_to_our_key(age, size):
    identity = X25519Identity.generate()
    plaintext = os.urandom(size)
    sealed = _run(age, "-r", str(identity.recipient), stdin=plaintext)
    assert decrypt_bytes(sealed, [identity]) == plaintext


def test_an_age_keygen_identity_file_parses_to_the_key_age_keygen_reports(age_keygen, tmp_path):
    key_file = _keygen(age_keygen, tmp_path / "key.txt")
    [identity] = parse_identities(key_file.read_text())
    assert str(identity.recipient) == _recipient_of(age_keygen, key_file)


def test_age_keygen_derives_our_recipient_from_our_identity(age_keygen, tmp_path):
    identity = X25519Identity.generate()
    key_file = tmp_path / "key.txt"
    key_file.write_text(f"{identity}\n")
    assert _recipient_of(age_keygen, key_file) == str(identity.recipient)


def test_every_recipient_of_our_multi_recipient_file_opens_it_with_age(age, age_keygen, tmp_path):
    key_files = [_keygen(age_keygen, tmp_path / f"key{index}.txt") for index in range(3)]
    recipients = [parse_recipient(_recipient_of(age_keygen, path)) for path in key_files]
    plaintext = os.urandom(100_000)
    sealed = tmp_path / "sealed.age"
    sealed.write_bytes(encrypt_bytes(plaintext, recipients))
    opened = [_run(age, "-d", "-i", str(path), str(sealed)) for path in key_files]
    assert opened == [plaintext] * 3


def test_we_open_an_age_multi_recipient_file_with_any_of_its_keys(age, age_keygen, tmp_path):
    theirs = _keygen(age_keygen, tmp_path / "theirs.txt")
    ours = X25519Identity.generate()
    plaintext = os.urandom(100_000)
    sealed = _run(
        age, "-r", _recipient_of(age_keygen, theirs), "-r", str(ours.recipient), stdin=plaintext
    )
    [their_identity] = parse_identities(theirs.read_text())
    assert [decrypt_bytes(sealed, [key]) for key in (ours, their_identity)] == [plaintext] * 2


def test_age_decrypts_our_passphrase_file_typed_on_its_terminal(age, tmp_path):
    plaintext = os.urandom(70_000)
    sealed = tmp_path / "sealed.age"
    sealed.write_bytes(encrypt_bytes(plaintext, [ScryptRecipient(PASSPHRASE)]))
    opened = tmp_path / "opened.bin"
    _run_on_terminal(
        [age, "-d", "-o", str(opened), str(sealed)], [(b"Enter passphrase", PASSPHRASE)]
    )
    assert opened.read_bytes() == plaintext


def test_we_decrypt_a_file_age_encrypts_with_a_passphrase_typed_on_its_terminal(age, tmp_path):
    plaintext = os.urandom(70_000)
    source = tmp_path / "plain.bin"
    source.write_bytes(plaintext)
    sealed = tmp_path / "sealed.age"
    _run_on_terminal(
        [age, "-p", "-o", str(sealed), str(source)],
        [(b"Enter passphrase", PASSPHRASE), (b"Confirm passphrase", PASSPHRASE)],
    )
    assert decrypt_bytes(sealed.read_bytes(), [ScryptIdentity(PASSPHRASE)]) == plaintext
