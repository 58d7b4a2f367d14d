"""Benchmark: sealing and opening a package against the ``age`` tool on the same plaintext.

The package holds 10,000 synthetic records as JSON lines and 100 photos of 1 MB each
(random bytes, as incompressible as JPEG). Sealing is timed from the part files to the
package file; opening from the package file to verified part files. The ``age`` tool then
encrypts the package's exact plaintext to the same recipient and decrypts it, file to
file, in the same run. The four steps take turns, ``--repeat`` rounds of each, and the
fastest of each step is kept, so a load that drifts during the run slows both sides alike;
wall time and CPU time are both reported, since other work on the machine inflates wall
time.

Acceptance (issue 6): ncen's throughput is at least 50% of age's, sealing and opening.

    python bench/bench_seal.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from ncen_core.timeutil import utcnow
from ncen_plugins.comms import age
from ncen_plugins.comms.enrolment import make_request, read_request
from ncen_plugins.comms.hq import Draft, sign_draft
from ncen_plugins.comms.keyring_file import verify_keyring_file
from ncen_plugins.comms.keys import OfficeKeys
from ncen_plugins.comms.package import PartSource, open_package, seal_package

RECORDS = 10_000
PHOTOS = 100
PHOTO_SIZE = 1 << 20
MB = 1_000_000


def write_records(path: Path) -> None:
    """10,000 seizure-like records, one JSON object per line."""
    rng = random.Random(6)
    with path.open("w", encoding="utf-8") as out:
        for number in range(RECORDS):
            record = {
                "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "origin": "FR-CDG", "version": 1, "type": "seizure",
                "fields": {"reference": f"FR-CDG-2025-{number:06d}",
                           "date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                           "commodity": rng.choice(["cocaine", "cigarettes", "ivory", "cash"]),
                           "quantity": rng.randint(1, 10_000), "unit": "kg",
                           "place": rng.choice(["CDG airport", "Le Havre port", "A1 toll"]),
                           "narrative": " ".join(rng.choice(["passenger", "declared", "hidden",
                                                             "suitcase", "false", "bottom",
                                                             "x-ray", "dog", "alert"])
                                                 for _ in range(60))},
                "attachments": [f"sha256-{rng.getrandbits(256):064x}.jpg"],
            }
            out.write(json.dumps(record) + "\n")


def write_photos(folder: Path) -> list[Path]:
    paths = []
    for number in range(PHOTOS):
        path = folder / f"photo-{number:03d}.jpg"
        path.write_bytes(os.urandom(PHOTO_SIZE))
        paths.append(path)
    return paths


def timed_in_turns(actions: dict[str, Callable[[], object]],
                   repeat: int) -> dict[str, dict[str, float]]:
    """Fastest wall and CPU time of each action over ``repeat`` rounds in which every action
    runs once, in turn (CPU includes child processes)."""
    best = {name: {"wall_s": float("inf"), "cpu_s": float("inf")} for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            wall, cpu = _measure(action)
            best[name]["wall_s"] = min(best[name]["wall_s"], round(wall, 4))
            best[name]["cpu_s"] = min(best[name]["cpu_s"], round(cpu, 4))
    return best


def _measure(action: Callable[[], object]) -> tuple[float, float]:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu, wall = time.process_time(), time.perf_counter()
    action()
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - cpu + (after.ru_utime - children.ru_utime) + (
        after.ru_stime - children.ru_stime)
    return wall, cpu


def throughput(size: int, timing: dict[str, float]) -> dict[str, float]:
    return {**timing, "wall_mb_s": round(size / MB / timing["wall_s"], 1),
            "cpu_mb_s": round(size / MB / timing["cpu_s"], 1)}


def ratio(ours: dict[str, float], theirs: dict[str, float]) -> dict[str, float]:
    return {"wall": round(ours["wall_mb_s"] / theirs["wall_mb_s"], 3),
            "cpu": round(ours["cpu_mb_s"] / theirs["cpu_mb_s"], 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    tool = shutil.which("age")
    if tool is None:
        sys.exit("the 'age' command is required (Debian package 'age')")
    with tempfile.TemporaryDirectory(prefix="ncen-bench-") as name:
        folder = Path(name)
        print(json.dumps(run(folder, tool, options.repeat), indent=2))


def run(folder: Path, tool: str, repeat: int) -> dict[str, object]:
    now = utcnow()
    hq, sender, me = (OfficeKeys.generate(code) for code in ("HQ", "FR-CDG", "BE-BRU"))
    draft = Draft()
    for keys in (sender, me):
        draft = draft.enrol(read_request(make_request(keys)), keys.office, (), (), now)
    keyring = verify_keyring_file(sign_draft(draft, hq, now)[0], now=now,
                                  pinned_hq_key_id=hq.signing_key_id).keyring
    records = folder / "records.jsonl"
    write_records(records)
    photos = write_photos(folder)
    parts = [PartSource.from_path("records.jsonl", records),
             *(PartSource.from_path(path.name, path) for path in photos)]
    package, opened_dir = folder / "package.ncen", folder / "opened"
    opened_dir.mkdir()

    def seal() -> None:
        with package.open("wb") as out:
            seal_package(sender, [keyring.office("BE-BRU")], "records", parts, out)

    def open_() -> None:
        with package.open("rb") as src, open_package(
                src, me, keyring, seen=lambda _: False, now=utcnow(), workdir=opened_dir):
            pass

    seal()  # once untimed on each side: the package gives the age tool its plaintext
    plaintext, identity = folder / "plaintext.bin", folder / "identity.txt"
    with package.open("rb") as src, plaintext.open("wb") as out:
        size = age.decrypt(src, out, [me.encryption_identity])
    identity.write_text(f"{me.encryption_identity}\n")
    sealed_by_age, opened_by_age = folder / "age.age", folder / "age.out"
    encrypt = [tool, "-r", str(me.encryption_recipient), "-o", str(sealed_by_age),
               str(plaintext)]
    decrypt = [tool, "-d", "-i", str(identity), "-o", str(opened_by_age), str(sealed_by_age)]
    subprocess.run(encrypt, check=True)
    timings = timed_in_turns({
        "ncen seal": seal, "age seal": lambda: subprocess.run(encrypt, check=True),
        "ncen open": open_, "age open": lambda: subprocess.run(decrypt, check=True),
    }, repeat)

    ours = {step: throughput(size, timings[f"ncen {step}"]) for step in ("seal", "open")}
    theirs = {step: throughput(size, timings[f"age {step}"]) for step in ("seal", "open")}
    return {
        "plaintext_bytes": size,
        "package_bytes": package.stat().st_size,
        "records": RECORDS,
        "photos": PHOTOS,
        "ncen": ours,
        "age_tool": theirs,
        "ratio": {step: ratio(ours[step], theirs[step]) for step in ("seal", "open")},
        "acceptance_50_percent": all(ratio(ours[step], theirs[step])["wall"] >= 0.5
                                     for step in ("seal", "open")),
    }


if __name__ == "__main__":
    main()
