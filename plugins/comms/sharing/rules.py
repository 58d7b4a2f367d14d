"""Which records may leave the office for an audience: distribution, TLP and origin.

The rules, decided once here and shown by ``ncen share --preview``:

- ``distribution`` says how far the record may travel at most: ``local`` never leaves the
  office; ``group`` may go to named recipients (an office or a group); ``all`` may also go
  to every office of the network and, without personal data, to the non-nominal export.
- TLP narrows further, by audience:

  ============  =============  ==========  ==========  ===========
  TLP           office         group       all         non_nominal
  ============  =============  ==========  ==========  ===========
  CLEAR         yes            yes         yes         yes
  GREEN         yes            yes         yes         yes
  AMBER         yes            yes         no          no
  AMBER+STRICT  yes            no          no          no
  RED           no             no          no          no
  ============  =============  ==========  ==========  ===========

  RED is for named people in a room, never for a package. AMBER+STRICT stays within one
  recipient organisation, so it goes only to a single named office. AMBER is need-to-know:
  named recipients only, never broadcast to every office nor to a regional database.
- Records received from another office (origin is not this office) are never re-shared:
  only their origin office decides where they go.
- A record deleted here travels as a tombstone, but only to offices that hold a copy (see
  :mod:`.ledger`); a tombstone tells nothing new to anyone else.
- The workflow status does not matter: a draft with distribution ``group`` goes like a
  validated record, because urgent intelligence is shared before a case is closed. Keep a
  record ``local`` until it may leave.
"""

from __future__ import annotations

from typing import Final

from ncen_core.declarations import Audience
from ncen_core.records import Record

#: Audiences each distribution allows.
DISTRIBUTION_AUDIENCES: Final = {
    "local": frozenset(),
    "group": frozenset({"office", "group"}),
    "all": frozenset({"office", "group", "all", "non_nominal"}),
}

#: Audiences each TLP level allows.
TLP_AUDIENCES: Final = {
    "CLEAR": frozenset({"office", "group", "all", "non_nominal"}),
    "GREEN": frozenset({"office", "group", "all", "non_nominal"}),
    "AMBER": frozenset({"office", "group"}),
    "AMBER+STRICT": frozenset({"office"}),
    "RED": frozenset(),
}

AUDIENCE_WORDS: Final = {
    "office": "a named office", "group": "a group of offices", "all": "every office",
    "non_nominal": "the non-nominal export",
}


def allows(distribution: str, tlp: str, audience_kind: str) -> bool:
    """True when a record with this distribution and TLP may go to ``audience_kind``."""
    return (audience_kind in DISTRIBUTION_AUDIENCES.get(distribution, frozenset())
            and audience_kind in TLP_AUDIENCES.get(tlp, frozenset()))


def refusal(record: Record, audience: Audience, office_code: str) -> str | None:
    """Why ``record`` may not go to ``audience`` from ``office_code``; None when it may.

    Tombstones are not judged here: whether one travels depends on who holds the record.
    """
    if record.origin != office_code:
        return f"received from {record.origin}: only the origin office shares it"
    if record.distribution == "local":
        return "distribution local: never leaves this office"
    if record.tlp == "RED":
        return "TLP:RED never leaves in a package"
    if audience.kind not in DISTRIBUTION_AUDIENCES.get(record.distribution, frozenset()):
        return (f"distribution {record.distribution} does not reach "
                f"{AUDIENCE_WORDS[audience.kind]}")
    if audience.kind not in TLP_AUDIENCES.get(record.tlp, frozenset()):
        return f"TLP:{record.tlp} does not go to {AUDIENCE_WORDS[audience.kind]}"
    return None
