"""``ncen keys``, ``ncen hq``, ``ncen keyring`` and ``ncen package``: keys and trust on the command line.

Office commands act as a logged-in administrator and are audited; the office keystore
passphrase is asked for or read from NCEN_KEY_PASSPHRASE. ``ncen hq`` is for the
headquarters operator: it needs no office database, only the headquarters keystore named
by ``--hq-keystore`` (passphrase from NCEN_HQ_PASSPHRASE or a prompt) and the keyring
draft kept beside it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from ncen_core import audit
from ncen_core.cli.context import CliState, pass_state
from ncen_core.roles import Permission
from ncen_core.storage import write_transaction
from ncen_core.timeutil import utcnow

from . import wire
from .atomic_file import write_atomically
from .enrolment import make_request, read_request
from .fingerprint import normalise_fingerprint
from .hq import DEFAULT_VALIDITY, Draft, draft_path, load_draft, save_draft, sign_draft
from .keyring import REVOCATION_REASONS, Keyring, KeyringOffice, KeyringStatus
from .keyring_store import import_keyring, load_keyring
from .keys import KeystoreError, OfficeKeys, keystore_path, load_keystore, save_keystore
from .package import open_package
from .package_errors import PackageRejected
from .receiving.cli import COMMANDS as RECEIVING_COMMANDS
from .file_transport.cli import COMMANDS as EXCHANGE_COMMANDS
from .messages.cli import COMMANDS as MESSAGE_COMMANDS
from .sharing.cli import COMMANDS as SHARING_COMMANDS

KEY_PASSPHRASE_ENV = "NCEN_KEY_PASSPHRASE"
HQ_PASSPHRASE_ENV = "NCEN_HQ_PASSPHRASE"


def _passphrase(env: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env)
    if value is None:
        value = click.prompt(prompt, hide_input=True, confirmation_prompt=confirm, err=True)
    return value


def _office_passphrase(confirm: bool = False) -> str:
    return _passphrase(KEY_PASSPHRASE_ENV, "Keystore passphrase", confirm=confirm)


def _echo_fingerprints(fingerprints: dict[str, str]) -> None:
    for label, value in fingerprints.items():
        click.echo(f"  {label:<16} {value}")


def _fingerprints(keys: OfficeKeys) -> dict[str, str]:
    return {"signing key": keys.signing_key_id, "encryption key": keys.encryption_key_id,
            "TLS certificate": keys.tls_key_id}


# -- ncen keys ------------------------------------------------------------------------------


@click.group("keys")
def keys_group() -> None:
    """This office's signing, encryption and TLS keys."""


@keys_group.command("init")
@pass_state
def keys_init_command(state: CliState) -> None:
    """Create this office's keys in <data_dir>/keys/office.age, under a passphrase.

    Keep the passphrase safe: without it the keys are lost (the file opens with
    'age -d' and the passphrase if ncen is unavailable).
    """
    admin = state.session(Permission.MANAGE_KEYS)
    path = keystore_path(state.config.data_dir)
    if path.exists():
        raise KeystoreError(f"this office already has keys in {path}; nothing was changed")
    keys = OfficeKeys.generate(admin.ncen.office_code)
    save_keystore(keys, path, _office_passphrase(confirm=True))
    with write_transaction(admin.ncen.database):
        audit.append(admin.ncen.system, admin.user.username, "keys-init",
                     detail=_fingerprints(keys))
    click.echo(f"Keys of office {keys.office} created in {path}.")
    _echo_fingerprints(_fingerprints(keys))


@keys_group.command("show")
@click.option("--request", "request_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the enrolment request for headquarters to this file.")
@pass_state
def keys_show_command(state: CliState, request_path: Path | None) -> None:
    """Show the fingerprints of this office's keys, to compare by telephone."""
    state.session(Permission.MANAGE_KEYS)
    keys = load_keystore(keystore_path(state.config.data_dir), _office_passphrase())
    click.echo(f"Office {keys.office}, keys created {wire.format_time(keys.created_at)}")
    _echo_fingerprints(_fingerprints(keys))
    click.echo(f"  {'age recipient':<16} {keys.encryption_recipient}")
    click.echo(f"  {'TLS SHA-256':<16} {keys.tls_sha256}")
    if request_path is not None:
        write_atomically(request_path, make_request(keys), mode=0o644)
        click.echo(f"Enrolment request written to {request_path}; send it to headquarters.")


# -- ncen hq --------------------------------------------------------------------------------


_hq_keystore_option = click.option(
    "--hq-keystore", "hq_keystore", required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The headquarters keystore; the keyring draft is kept beside it.")


@click.group("hq")
def hq_group() -> None:
    """Headquarters: enrol and revoke offices, sign the keyring."""


@hq_group.command("init")
@_hq_keystore_option
@click.option("--code", default="HQ", show_default=True, help="Code naming headquarters.")
def hq_init_command(hq_keystore: Path, code: str) -> None:
    """Create the headquarters keystore and an empty keyring draft."""
    draft = draft_path(hq_keystore)
    for path in (hq_keystore, draft):
        if path.exists():
            raise KeystoreError(f"{path} already exists; nothing was changed")
    keys = OfficeKeys.generate(code.upper())
    save_keystore(keys, hq_keystore,
                  _passphrase(HQ_PASSPHRASE_ENV, "Headquarters passphrase", confirm=True))
    save_draft(draft, Draft())
    click.echo(f"Headquarters keystore created in {hq_keystore}.")
    click.echo(f"Headquarters key fingerprint (read it to each office for its first keyring "
               f"import): {keys.signing_key_id}")


@hq_group.command("enrol")
@_hq_keystore_option
@click.argument("request_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--name", required=True, help="Office name shown to other offices.")
@click.option("--endpoint", "endpoints", multiple=True, metavar="URL",
              help="Network endpoint, e.g. ncen://host.example:4443 (repeatable).")
@click.option("--group", "groups", multiple=True, metavar="CODE",
              help="Group the office belongs to (repeatable; created if new).")
@click.option("--yes", is_flag=True, help="Do not ask to confirm the fingerprints.")
def hq_enrol_command(hq_keystore: Path, request_file: Path, name: str,
                     endpoints: tuple[str, ...], groups: tuple[str, ...], yes: bool) -> None:
    """Add an office (or its new keys) to the keyring draft from its enrolment request."""
    request = read_request(request_file.read_bytes())
    click.echo(f"Office {request.office} asks to be enrolled with these keys:")
    _echo_fingerprints(request.fingerprints)
    if not yes and not click.confirm(
            "Has the office read you the same fingerprints by telephone?", err=True):
        raise click.Abort()
    path = draft_path(hq_keystore)
    save_draft(path, load_draft(path).enrol(request, name, endpoints,
                                            tuple(g.upper() for g in groups), utcnow()))
    click.echo(f"Office {request.office} is in the draft; issue it with 'ncen hq sign'.")


@hq_group.command("revoke")
@_hq_keystore_option
@click.argument("office")
@click.option("--key", "key_id", metavar="FINGERPRINT",
              help="Revoke only this key of the office (default: the whole office).")
@click.option("--reason", type=click.Choice(REVOCATION_REASONS), required=True)
def hq_revoke_command(hq_keystore: Path, office: str, key_id: str | None, reason: str) -> None:
    """Revoke an office or one of its keys in the keyring draft."""
    path = draft_path(hq_keystore)
    normalised = None if key_id is None else _fingerprint_option(key_id, "--key")
    save_draft(path, load_draft(path).revoke(office.upper(), normalised, reason, utcnow()))
    what = f"key {normalised}" if normalised else "the office"
    click.echo(f"Revoked {what} of {office.upper()} ({reason}) in the draft; issue it with "
               "'ncen hq sign'.")


@hq_group.command("sign")
@_hq_keystore_option
@click.option("--out", "out_path", required=True,
              type=click.Path(path_type=Path, dir_okay=False),
              help="Where to write the signed keyring for the offices.")
@click.option("--days", default=DEFAULT_VALIDITY.days, show_default=True,
              type=click.IntRange(1, 3650), help="Days until the keyring expires.")
def hq_sign_command(hq_keystore: Path, out_path: Path, days: int) -> None:
    """Sign the draft as the next keyring (serial + 1)."""
    path = draft_path(hq_keystore)
    draft = load_draft(path)
    keys = load_keystore(hq_keystore, _passphrase(HQ_PASSPHRASE_ENV, "Headquarters passphrase"))
    signed, advanced = sign_draft(draft, keys, utcnow(), dt.timedelta(days=days))
    save_draft(path, advanced)
    write_atomically(out_path, signed, mode=0o644)
    click.echo(f"Keyring serial {advanced.last_serial} ({len(draft.offices)} offices, "
               f"{len(draft.revocations)} revocations, valid {days} days) written to "
               f"{out_path}.")


def _fingerprint_option(text: str, option: str) -> str:
    try:
        return normalise_fingerprint(text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=option) from None


# -- ncen keyring ---------------------------------------------------------------------------


@click.group("keyring")
def keyring_group() -> None:
    """The keyring from headquarters: import a new one, show its state."""


@keyring_group.command("import")
@click.argument("keyring_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--hq-fingerprint", metavar="FINGERPRINT",
              help="Fingerprint of the headquarters key, read to you by headquarters "
                   "(required for the first import).")
@pass_state
def keyring_import_command(state: CliState, keyring_file: Path,
                           hq_fingerprint: str | None) -> None:
    """Verify a keyring file and keep it if it is newer than the one held."""
    admin = state.session(Permission.MANAGE_KEYS)
    pin = None if hq_fingerprint is None else _fingerprint_option(hq_fingerprint,
                                                                  "--hq-fingerprint")
    now = utcnow()
    result = import_keyring(state.config.data_dir, keyring_file.read_bytes(), now=now,
                            hq_fingerprint=pin)
    keyring = result.current.keyring
    if not result.changed:
        click.echo(f"Keyring serial {keyring.serial} is already the current one.")
        return
    with write_transaction(admin.ncen.database):
        audit.append(admin.ncen.system, admin.user.username, "keyring-import",
                     detail={"serial": keyring.serial, "previous": result.previous_serial,
                             "hq_key": result.current.hq_key_id})
    replaced = f" (replaces serial {result.previous_serial})" if result.previous_serial else ""
    click.echo(f"Keyring serial {keyring.serial} imported{replaced}: "
               f"{len(keyring.offices)} offices, {len(keyring.revocations)} revocations.")
    if keyring.status(now) is KeyringStatus.EXPIRING:
        click.echo(f"warning: {_expiry_text(keyring, now)}", err=True)


@keyring_group.command("status")
@pass_state
def keyring_status_command(state: CliState) -> None:
    """Show the keyring held: serial, expiry, and every office with its state."""
    signed = load_keyring(state.config.data_dir)
    keyring, now = signed.keyring, utcnow()
    click.echo(f"Keyring serial {keyring.serial}, issued {wire.format_time(keyring.issued_at)}, "
               f"signed by headquarters key {signed.hq_key_id}")
    click.echo(f"Status: {_expiry_text(keyring, now)}")
    click.echo("Offices:")
    for office in keyring.offices:
        groups = ",".join(office.groups) or "-"
        click.echo(f"  {office.code:<12} {office.name[:30]:<30} {groups:<16} "
                   f"{_office_state(keyring, office)}")
        click.echo(f"  {'':<12} signing key {office.signing_key_id}")
    retired = [revocation for revocation in keyring.revocations
               if revocation.key_id is not None]
    if retired:
        click.echo("Revoked keys:")
        for revocation in retired:
            click.echo(f"  {revocation.office:<12} {revocation.key_id} {revocation.reason} "
                       f"since {wire.format_time(revocation.revoked_at)}")


def _expiry_text(keyring: Keyring, now: dt.datetime) -> str:
    expires = wire.format_time(keyring.expires_at)
    status = keyring.status(now)
    if status is KeyringStatus.EXPIRED:
        return f"EXPIRED on {expires}: packages cannot be sent or received; import a new keyring"
    if status is KeyringStatus.EXPIRING:
        days = (keyring.expires_at - now).days
        return (f"expires on {expires} (in {days} days); ask headquarters for a new keyring")
    return f"valid until {expires}"


def _office_state(keyring: Keyring, office: KeyringOffice) -> str:
    revocations = keyring.revocations_of(office)
    if not revocations:
        return "active"
    first = min(revocations, key=lambda revocation: revocation.revoked_at)
    what = "office" if first.key_id is None else "key"
    return f"{what} revoked ({first.reason}) since {wire.format_time(first.revoked_at)}"


# -- ncen package ---------------------------------------------------------------------------


@click.group("package")
def package_group() -> None:
    """Packages exchanged with other offices."""


@package_group.command("inspect")
@click.argument("package_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@pass_state
def package_inspect_command(state: CliState, package_file: Path) -> None:
    """Verify a package for this office and show its manifest (nothing is imported).

    Every import rule is applied except the replay check, so a package already imported
    can be inspected again.
    """
    state.session(Permission.READ_RECORDS)
    data_dir = state.config.data_dir
    keys = load_keystore(keystore_path(data_dir), _office_passphrase())
    keyring = load_keyring(data_dir).keyring
    workdir = data_dir / "tmp"
    workdir.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        with package_file.open("rb") as src, open_package(
                src, keys, keyring, seen=lambda _: False, now=utcnow(),
                workdir=workdir) as opened:
            manifest = opened.manifest
    except PackageRejected as error:
        raise type(error)(f"package refused ({error.reason}): {error}") from None
    click.echo(f"Package {manifest.package_id} ({manifest.kind}, format {manifest.format})")
    click.echo(f"  created     {wire.format_time(manifest.created_at)}")
    click.echo(f"  sender      {manifest.sender.office}  signing key {manifest.sender.key_id}")
    click.echo("  recipients")
    for party in manifest.recipients:
        mine = "  (this office)" if party.office == keys.office else ""
        click.echo(f"    {party.office:<12} key {party.key_id}{mine}")
    click.echo(f"  parts ({len(manifest.parts)}, {manifest.total_size} bytes)")
    for part in manifest.parts:
        click.echo(f"    {part.name:<40} {part.size:>12} bytes  sha256 {part.sha256}")
    click.echo("Signature, sender, recipients and every part hash verified.")


for _command in RECEIVING_COMMANDS:
    package_group.add_command(_command)


COMMANDS = (keys_group, hq_group, keyring_group, package_group, *SHARING_COMMANDS,
            *EXCHANGE_COMMANDS, *MESSAGE_COMMANDS)
"""The command groups, contributed through the plugin's ``register_cli_commands`` hook."""
