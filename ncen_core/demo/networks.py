"""Criminal networks: the people and companies that recur across the demo's seizures.

Link analysis is only worth showing if there is something to find. Each network works a
few scenarios; its organiser and helpers are linked (with a confidence below 100, as
intelligence is) to many of its seizures, its couriers or drivers are sometimes caught
twice, share a phone number handed out by the organiser or a flat rented for them, its
front company receives the consignments and its lorries come back. A network is a plan
object only: its members become ordinary suspect and company records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ncen_core.demo.companies import HAULIER, IMPORTER


@dataclass(frozen=True)
class Member:
    """A role in a network: the link role on its seizures and a plausible occupation."""

    role: str
    occupation: str
    confidence: tuple[int, int] = (40, 80)


@dataclass(frozen=True)
class NetworkTemplate:
    """A kind of network: what it smuggles, where its leaders come from, who is in it."""

    name: str
    scenarios: tuple[str, ...]
    countries: tuple[str, ...]
    members: tuple[Member, ...]
    front_company: str | None = None
    front_company_country: str = "ES"


TEMPLATES: tuple[NetworkTemplate, ...] = (
    NetworkTemplate("cocaine courier ring",
                    ("cocaine swallower", "cocaine in baggage", "cocaine on the body"),
                    ("CO", "VE", "NG", "ES"),
                    (Member("SEIZ_SUSP_ORGANISER", "businessman"),
                     Member("SEIZ_SUSP_RECRUITER", "travel agent", (50, 90)))),
    NetworkTemplate("port cocaine network", ("cocaine in a container", "cocaine in air cargo"),
                    ("ES", "CO", "AL", "NL"),
                    (Member("SEIZ_SUSP_ORGANISER", "company director"),
                     Member("SEIZ_SUSP_FACILITATOR", "dock worker", (50, 90)),
                     Member("SEIZ_SUSP_FINANCIER", "car dealer")),
                    front_company=IMPORTER),
    NetworkTemplate("hashish transport network",
                    ("hashish on a ro-ro lorry", "hashish in a car", "hashish on a go-fast"),
                    ("MA", "ES"),
                    (Member("SEIZ_SUSP_ORGANISER", "businessman"),
                     Member("SEIZ_SUSP_FACILITATOR", "transport manager", (50, 90))),
                    front_company=HAULIER, front_company_country="MA"),
    NetworkTemplate("tobacco smuggling ring",
                    ("cigarettes in a container", "cigarettes from Gibraltar"),
                    ("ES", "MA", "CN"),
                    (Member("SEIZ_SUSP_ORGANISER", "wholesaler"),
                     Member("SEIZ_SUSP_FINANCIER", "shop owner")),
                    front_company=IMPORTER),
    NetworkTemplate("parcel drop network",
                    ("cocaine by express parcel", "ecstasy by parcel", "cannabis herb by parcel",
                     "falsified medicines by post"),
                    ("NL", "ES", "NG"),
                    (Member("SEIZ_SUSP_ORGANISER", "online shop owner"),)),
    NetworkTemplate("cash courier ring", ("cash leaving by air", "cash leaving by car"),
                    ("CO", "DO", "MA", "ES"),
                    (Member("SEIZ_SUSP_ORGANISER", "money changer"),
                     Member("SEIZ_SUSP_FINANCIER", "businessman"))),
    NetworkTemplate("glass eel ring", ("glass eels to Asia", "live animals in baggage"),
                    ("CN", "HK", "ES"),
                    (Member("SEIZ_SUSP_ORGANISER", "seafood trader"),)),
)


@dataclass
class Network:
    """One network of the plan and the records that stand for it (indices into the plan).

    ``members`` and ``company`` are filled when the network's first seizure is planned;
    ``front_line`` collects the couriers and drivers caught so far, who may be caught again.
    """

    template: NetworkTemplate
    phone: str
    address: dict
    members: list[tuple[Member, int]] = field(default_factory=list)
    company: int | None = None
    front_line: list[int] = field(default_factory=list)
    plates: list[tuple[str, str]] = field(default_factory=list)

    @property
    def started(self) -> bool:
        """True once the network's members exist in the plan."""
        return bool(self.members)
