"""A share streams: memory holds a page of records, not the selection, whatever its size."""

from __future__ import annotations

import tracemalloc

from sharing_world import seizure

from ncen_core.declarations import Audience
from ncen_core.record_store import load_records, select_rows
from ncen_plugins.comms.sharing import Selection, build_share, selection

FEW, MANY = 60, 360


def peak(action) -> int:
    """Peak bytes allocated while ``action`` runs."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_grows_with_the_page_not_with_the_selection(office, monkeypatch):
    monkeypatch.setattr(selection, "PAGE", 20)
    refs = tuple(office.supervisor.create("seizure", seizure(reference=f"R-{n}"),
                                          distribution="all", tlp="GREEN").ref
                 for n in range(MANY))
    models = office.ncen.models_for("seizure")
    main = models.main

    def load(count):
        uuids = [ref.uuid for ref in refs[:count]]
        return lambda: load_records(models, select_rows(models).where(main.uuid.in_(uuids)))

    def share(count):
        def run():
            with build_share(office.analyst, Audience("all"), Selection(refs=refs[:count]),
                             office.keyring) as plan:
                assert plan.summary()["records"] == count
        return run

    share(FEW)()
    loading_growth = peak(load(MANY)) - peak(load(FEW))
    sharing_growth = peak(share(MANY)) - peak(share(FEW))
    assert sharing_growth < loading_growth / 4, (sharing_growth, loading_growth)
