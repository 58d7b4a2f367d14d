"""File names of packages in transit: who sent it to whom, what kind, and which package.

``FR-CDG_BE-BRU_records_<package id>.ncen``. The name is for people and for sorting
folders; it is never trusted: the importer believes only the signed manifest inside.
Files being written are named ``.<final name>.<random>.tmp`` (hidden, and with another
suffix), and any name starting with ``.`` or not ending in ``.ncen`` is not a package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUFFIX = ".ncen"
_NAME = re.compile(
    r"(?P<sender>[A-Z0-9][A-Z0-9-]{1,31})_(?P<recipient>[A-Z0-9][A-Z0-9-]{1,31})_"
    r"(?P<kind>[a-z]+)_(?P<package_id>[0-9a-f-]{36})\.ncen")


@dataclass(frozen=True)
class PackageFileName:
    """What a package file's name says about it (unverified)."""

    sender: str
    recipient: str
    kind: str
    package_id: str

    def __str__(self) -> str:
        return f"{self.sender}_{self.recipient}_{self.kind}_{self.package_id}{SUFFIX}"

    @classmethod
    def parse(cls, name: str) -> PackageFileName | None:
        """The parts of a name ncen wrote, or None for any other name."""
        match = _NAME.fullmatch(name)
        if match is None:
            return None
        return cls(match["sender"], match["recipient"], match["kind"], match["package_id"])


def is_complete_package(name: str) -> bool:
    """True for a name an inbox scan takes: ends in ``.ncen`` and is not hidden/temporary.

    Packages copied in by hand under any name ending in ``.ncen`` are taken too; other
    programs must copy under a hidden or other name and rename, as ncen does.
    """
    return name.endswith(SUFFIX) and not name.startswith(".")
