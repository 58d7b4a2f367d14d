"""Link analysis: the network of suspects, companies and seizures around a record.

Two records are connected when a link joins them (a driver, a director, a consignee) or when
they hold the same identifier in the identifier index (document number, phone, postal
address, plate, container, company numbers), even if nobody ever linked them by hand: the
index holds every identifier in canonical form, so a phone typed ``06 12 34 56 78`` in one
record and ``+33 612 345 678`` in another meets. A stop-list and a fan-out cap keep
placeholder values (``UNKNOWN``, ``000000``) and very common ones (a courier company's
address) from connecting everything; both are reported, never followed.

Public API (used by the CLI and the interface):

- :func:`explore` (``explore.py``): the network to N hops around a record.
- :func:`shortest_path` (``explore.py``): the shortest chain of connections between two.
- :func:`write_graphml`, :func:`write_csv` and :func:`table_lines` (``export.py``): the
  network as GraphML, as entity and link CSV files for link-charting tools, or as text.
- :class:`NetworkSettings` (``settings.py``): stop-list, fan-out cap and identifier kinds
  followed, from the ``network`` section of the configuration.
"""

from ncen_core.network.explore import explore, shortest_path
from ncen_core.network.export import table_lines, write_csv, write_graphml
from ncen_core.network.graph import Connection, Network, NetworkPath, Node, SkippedValue
from ncen_core.network.settings import NetworkSettings

__all__ = [
    "Connection", "Network", "NetworkPath", "NetworkSettings", "Node", "SkippedValue",
    "explore", "shortest_path", "table_lines", "write_csv", "write_graphml",
]
