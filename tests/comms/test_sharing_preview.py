"""The preview shows exactly what is sealed; ``ncen share`` and ``ncen withdraw`` on the
command line, as an analyst runs them."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from exchange_world import PASSPHRASE, TEST_WORK_FACTOR
from ncen_testing import USER_PASSWORD, write_config
from sharing_world import BASIS, photo, ref_text, seizure, suspect

from ncen_core.cli.main import main
from ncen_core.declarations import Audience
from ncen_plugins.comms.keyring_store import import_keyring
from ncen_plugins.comms.keys import keystore_path, save_keystore
from ncen_plugins.comms.sharing import Selection, build_share, seal_share
from ncen_plugins.comms.sharing.plan import field_names


def mixed_records(office):
    """A seizure with a photo, its suspect with a link, and a shared-then-deleted record."""
    s = office.supervisor
    found = s.create("seizure", seizure(), distribution="group", tlp="AMBER")
    person = s.create("suspect", suspect(), distribution="group", tlp="AMBER")
    s.attachments.add(found.ref, photo(), caption="CNRY caption")
    s.links.add(found.ref, person.ref, "SEIZ_SUSP_COURIER", note="CNRY link note")
    gone = s.create("seizure", seizure(reference="GONE"), distribution="group", tlp="GREEN")
    local = s.create("seizure", seizure(reference="LOCAL"), distribution="local", tlp="GREEN")
    return found, person, gone, local


def sealed_items(office, path, me):
    """The preview items a package file really carries, read back after decryption."""
    with office.open(path, me) as opened:
        def lines(name):
            return [json.loads(text) for text in opened.open_part(name)]

        records = [(line["type"], line["uuid"], line["version"], line["deleted"],
                    field_names(line["fields"])) for line in lines("records.jsonl")]
        links = [line["uuid"] for line in lines("links.jsonl")]
        attachments = [(line["sha256"], line["size"]) for line in lines("attachments.jsonl")]
        parts = sorted(part.name for part in opened.manifest.parts)
        share = json.loads(opened.open_part("share.json").read())
    return records, links, attachments, parts, share


def test_the_preview_is_exactly_what_is_sealed(office, tmp_path):
    found, person, gone, local = mixed_records(office)
    with build_share(office.analyst, Audience("office", "BE-BRU"),
                     Selection(refs=(gone.ref,)), office.keyring) as plan:
        seal_share(plan, office.keys, office.keyring, tmp_path / "first")
    office.supervisor.tombstone(gone.ref, expected_version=1)
    audience = Audience("group", "NORTH", BASIS)
    selection = Selection(refs=(found.ref, person.ref, gone.ref, local.ref))
    with build_share(office.analyst, audience, selection, office.keyring) as plan:
        preview = list(plan.preview())
        paths = seal_share(plan, office.keys, office.keyring, tmp_path / "out")
        planned = [(p.recipients, sorted(name for name, _ in p.part_files()))
                   for p in plan.packages]
    packages = [item for item in preview if item["item"] == "package"]
    assert [tuple(p["recipients"]) for p in packages] == [r for r, _ in planned]
    assert len(paths) == len(packages) == 2
    for package, path, (recipients, part_names) in zip(packages, paths, planned, strict=True):
        number = package["package"]
        shown = [item for item in preview if item.get("package") == number]
        records, links, attachments, parts, share = sealed_items(office, path, recipients[0])
        assert records == [(i["type"], i["uuid"], i["version"], i["deleted"], i["fields"])
                           for i in shown if i["item"] == "record"]
        assert links == [i["uuid"] for i in shown if i["item"] == "link"]
        assert attachments == [(i["sha256"], i["size"]) for i in shown
                               if i["item"] == "attachment"]
        assert parts == part_names
        assert share == {"payload": 1, "audience": {"kind": "group", "name": "NORTH",
                                                    "legal_basis": BASIS},
                         "record_count": package["records"] + package["tombstones"]}
    held = [item for item in preview if item["item"] == "held_back"]
    assert [(item["uuid"], item["reason"]) for item in held] == [
        (local.uuid, "distribution local: never leaves this office")]


# -- the command line --------------------------------------------------------------------


@pytest.fixture
def cli_office(office, db_url, tmp_path, monkeypatch):
    """The office with its keystore and keyring in its data folder, and a config file."""
    data_dir = office.ncen.config.data_dir
    save_keystore(office.keys, keystore_path(data_dir), PASSPHRASE,
                  work_factor=TEST_WORK_FACTOR)
    import_keyring(data_dir, office.world.sign(), now=office.world.when,
                   hq_fingerprint=office.world.hq.signing_key_id)
    config = write_config(tmp_path, db_url, data_dir=data_dir, fields_dirs=[tmp_path / "fields"])
    for name, value in {"NCEN_CONFIG": str(config), "NCEN_USER": "anna",
                        "NCEN_PASSWORD": USER_PASSWORD, "NCEN_KEY_PASSPHRASE": PASSPHRASE,
                        "HOME": str(tmp_path)}.items():
        monkeypatch.setenv(name, value)
    return office


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def test_share_preview_as_json_lines_writes_nothing(cli_office, tmp_path):
    found, _person, _gone, local = mixed_records(cli_office)
    status, out, err = run("share", "--to", "be-bru", "--legal-basis", BASIS,
                           "--record", ref_text(found.ref), "--record", ref_text(local.ref),
                           "--preview", "--format", "json", "--out", str(tmp_path / "out"))
    assert status == 0, err
    items = [json.loads(line) for line in out.splitlines()]
    assert items[0]["item"] == "summary" and items[0]["records"] == 1
    [record] = [item for item in items if item["item"] == "record"]
    assert record["uuid"] == found.uuid and "narrative" in record["fields"]
    assert record["legal_basis"] == BASIS
    assert [item["uuid"] for item in items if item["item"] == "held_back"] == [local.uuid]
    assert not (tmp_path / "out").exists()


def test_share_writes_the_packages_and_says_where(cli_office, tmp_path):
    found = cli_office.supervisor.create("seizure", seizure(), distribution="all", tlp="GREEN")
    status, out, err = run("share", "--all", "--query", "reference:SZ-2025-000417",
                           "--out", str(tmp_path / "out"))
    assert status == 0, err
    [path] = list((tmp_path / "out").iterdir())
    assert str(path) in out and "1 records" in out
    records, *_ = sealed_items(cli_office, path, "FR-CDG")
    assert [r[1] for r in records] == [found.uuid]


def test_share_text_preview_names_fields_and_reasons(cli_office):
    found, _person, _gone, local = mixed_records(cli_office)
    status, out, err = run("share", "--group", "NORTH", "--record", ref_text(found.ref),
                           "--record", ref_text(local.ref), "--preview")
    assert status == 0, err
    assert "Package 1 to BE-BRU, NL-AMS" in out
    assert "(legal basis: none: X fields only): reference," in out
    assert f"held back seizure XA-TEST:{local.uuid} v1: distribution local" in out


def test_non_nominal_export_on_the_command_line(cli_office, tmp_path):
    cli_office.supervisor.create("seizure", seizure(), distribution="all", tlp="GREEN")
    status, out, err = run("share", "--non-nominal", "--query", "reference:SZ-2025-000417",
                           "--out", str(tmp_path / "out"))
    assert status == 0, err
    [path] = list((tmp_path / "out").iterdir())
    assert path.name.startswith("non-nominal-XA-TEST-") and "1 seizures" in out


@pytest.mark.parametrize("args, message", [
    (("--to", "BE-BRU", "--all"), "exactly one audience"),
    (("--all", "--legal-basis", "x"), "--legal-basis applies only"),
    (("--all",), "either --query or --record"),
])
def test_share_usage_mistakes_are_explained(cli_office, args, message):
    status, _out, err = run("share", *args, "--preview")
    assert status == 2 and message in err


def test_an_unknown_office_is_one_line_error(cli_office):
    status, _out, err = run("share", "--to", "ZZ-NONE", "--query", "reference:X", "--preview")
    assert status == 1 and err.startswith("ncen: error: ") and "ZZ-NONE" in err


def test_an_officer_may_not_share(cli_office, monkeypatch):
    monkeypatch.setenv("NCEN_USER", "olga")
    status, _out, err = run("share", "--all", "--query", "reference:X", "--preview")
    assert status == 1 and "may not export reports" in err


def test_withdraw_sends_what_is_due(cli_office, tmp_path):
    s = cli_office.supervisor
    found = s.create("seizure", seizure(), distribution="group", tlp="GREEN")
    assert run("share", "--to", "BE-BRU", "--record", ref_text(found.ref),
               "--out", str(tmp_path / "out"))[0] == 0
    s.update(found.ref, {}, expected_version=1, tlp="RED")
    status, out, _err = run("withdraw", "--preview")
    assert status == 0 and f"BE-BRU       seizure {found.uuid} v2:" in out
    status, out, _err = run("withdraw", "--out", str(tmp_path / "withdrawals"))
    assert status == 0 and "1 withdrawal packages" in out
    assert run("withdraw", "--preview")[1] == ""


def test_non_nominal_text_preview_counts_seizures_and_offenders(cli_office):
    s = cli_office.supervisor
    found = s.create("seizure", seizure(), distribution="all", tlp="GREEN")
    person = s.create("suspect", suspect(), distribution="all", tlp="GREEN")
    s.links.add(found.ref, person.ref, "SEIZ_SUSP_COURIER")
    status, out, err = run("share", "--non-nominal", "--record", ref_text(found.ref),
                           "--record", ref_text(person.ref), "--preview")
    assert status == 0, err
    assert out.splitlines()[0] == "Non-nominal export: 1 seizures; 1 held back."
    assert f"export seizure {found.uuid} v1 (1 offenders): reference," in out
    assert "CNRYFAMILY" not in out
