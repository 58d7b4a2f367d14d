"""Re-importing any package changes nothing: after a history of imported, ignored,
quarantined and pending packages, receiving every file again (imported ones are
duplicates, quarantined ones are judged and refused again) leaves every table, the audit
trail and the receiving bookkeeping included, exactly as it was."""

from __future__ import annotations

import copy

from receiving_world import (
    attachment_line,
    dump,
    link_line,
    newer,
    png,
    record_line,
)

from ncen_plugins.comms.keys import OfficeKeys


def _history(exchange) -> list:
    a, b, c = record_line(name="A"), record_line(name="B"), record_line(name="C")
    photo = png()
    tombstone = newer(b)
    tombstone["deleted"], tombstone["fields"] = True, {}
    a2 = newer(a, name="A2")
    equivocating = copy.deepcopy(a2)
    equivocating["fields"]["name"] = "A2, told otherwise"
    exchange.records([a, b, c], links=[link_line(a, c)],
                     attachments=[(attachment_line(a, photo), photo)])
    exchange.records([a2])
    exchange.records([a])
    exchange.records([tombstone])
    exchange.withdrawal(c)
    exchange.records([equivocating])
    exchange.records([record_line(origin="NL-AMS")])
    damaged = bytearray(exchange.records([record_line()]).read_bytes())
    damaged[-100] ^= 1
    exchange.sent[-1].write_bytes(bytes(damaged))
    exchange.world.enrol(OfficeKeys.generate("DE-FRA"))
    held, exchange.keyring = exchange.keyring, exchange.world.keyring()
    exchange.records([record_line(origin="DE-FRA")], sender="DE-FRA")
    exchange.keyring = held
    return [exchange.receive(path).status for path in exchange.sent]


def test_receiving_every_package_again_changes_nothing(exchange):
    statuses = _history(exchange)
    assert statuses == ["imported"] * 5 + ["quarantined"] * 3 + ["pending"]
    before = dump(exchange.ncen, ignored=())

    again = [exchange.receive(path) for path in exchange.sent]

    assert [result.status for result in again] == (
        ["duplicate"] * 5 + ["quarantined"] * 3 + ["pending"])
    assert dump(exchange.ncen, ignored=()) == before
