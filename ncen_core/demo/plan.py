"""The demo's content, decided before anything is written: records, links and photos.

Everything comes from one ``random.Random(seed)`` consumed in a fixed order, so the same
seed, size and acting user give the same plan (the record service later adds UUIDs and
timestamps of its own). The acting user matters in two ways only: what their role may do
(officers cannot validate records nor issue alerts, so their plan holds submitted records
and no alerts; the draws are the same, only their use differs) and their user name, which
appears as the officer assigned to investigations.

A plan refers to records by their position in :attr:`DemoPlan.records`; each record comes
before any link or photo that names it.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from ncen_core.codelists import CodeListRegistry
from ncen_core.demo import addresses, conveyances
from ncen_core.demo.companies import FORWARDER, HAULIER, IMPORTER, make_company
from ncen_core.demo.networks import TEMPLATES, Network
from ncen_core.demo.people import culture_for, display_name, make_person
from ncen_core.demo.places import HOME_COUNTRY, place
from ncen_core.demo.scenarios import EXPORT, SCENARIOS, SCENARIOS_BY_NAME, Route, Scenario
from ncen_core.demo.seizures import Case, direction, seizure_values
from ncen_core.roles import Permission, Role, has_permission

#: The demo's seizures fall in the two years before this date (fixed, for reproducibility).
PERIOD_END = dt.date(2025, 12, 31)
PERIOD_DAYS = 730
NETWORK_SHARE = 0.4          # seizures attributed to a network
RECURRENCE = 0.25            # a network's courier or driver caught again
PHOTO_SHARE = 0.5            # seizures with a picture of the concealment

OCCUPATIONS = {
    "SEIZ_SUSP_COURIER": ("student", "unemployed", "waiter", "hairdresser", "domestic worker",
                          "sales assistant", "construction worker"),
    "SEIZ_SUSP_DRIVER": ("lorry driver", "lorry driver", "mechanic", "taxi driver", "unemployed"),
    "SEIZ_SUSP_PASSENGER": ("student", "unemployed", "shop assistant"),
    "SEIZ_SUSP_CONSIGNEE": ("student", "shop assistant", "IT technician", "gym instructor",
                            "unemployed"),
    "SEIZ_SUSP_CREW_MEMBER": ("fisherman", "sailor", "unemployed"),
}
#: Chance that a front-line person lives in the home country, by role.
RESIDENT_HOME = {"SEIZ_SUSP_CONSIGNEE": 1.0, "SEIZ_SUSP_DRIVER": 0.4, "SEIZ_SUSP_PASSENGER": 0.4,
                 "SEIZ_SUSP_COURIER": 0.2, "SEIZ_SUSP_CREW_MEMBER": 0.7}


@dataclass(frozen=True)
class PlannedRecord:
    """A record to create with these values and metadata."""

    record_type: str
    values: dict[str, Any]
    status: str
    tlp: str


@dataclass(frozen=True)
class PlannedLink:
    """A link between two planned records (positions in the plan), ``a`` at the role's
    ``from`` end."""

    a: int
    b: int
    role: str
    confidence: int | None = None
    note: str = ""


@dataclass(frozen=True)
class PlannedPhoto:
    """A drawing of :mod:`~ncen_core.demo.photos` to attach to a planned record."""

    record: int
    drawing: str
    seed: int
    label: str
    caption: str
    category: str


@dataclass
class DemoPlan:
    """Everything the demo will write, in order."""

    records: list[PlannedRecord] = field(default_factory=list)
    links: list[PlannedLink] = field(default_factory=list)
    photos: list[PlannedPhoto] = field(default_factory=list)

    def count(self, record_type: str) -> int:
        """How many records of ``record_type`` the plan holds."""
        return sum(1 for record in self.records if record.record_type == record_type)

    @property
    def steps(self) -> int:
        """Records, links and photos: the units of progress while writing."""
        return len(self.records) + len(self.links) + len(self.photos)


def build_plan(codelists: CodeListRegistry, *, seizures: int, seed: int, officer: str,
               role: Role, period_end: dt.date = PERIOD_END) -> DemoPlan:
    """The content of ``seizures`` demo seizures and everything around them."""
    return _Planner(codelists, seed, officer, role, period_end).build(seizures)


class _Planner:
    def __init__(self, codelists: CodeListRegistry, seed: int, officer: str, role: Role,
                 period_end: dt.date):
        self.rng = random.Random(seed)
        self.codelists = codelists
        self.seed = seed
        self.officer = officer
        self.period_end = period_end
        self.may_validate = has_permission(role, Permission.VALIDATE_RECORDS)
        self.may_alert = has_permission(role, Permission.MANAGE_ALERTS)
        self.may_assign = has_permission(role, Permission.MANAGE_ASSIGNMENTS)
        self.plan = DemoPlan()
        self.forwarders: list[int] = []

    def build(self, count: int) -> DemoPlan:
        self.fleet = conveyances.fleet(self.rng, 6 + count // 50)
        self.forwarder_count = 3 + count // 150
        order = self.rng.sample(TEMPLATES, len(TEMPLATES))
        self.networks = [Network(order[n % len(order)], addresses.phone(HOME_COUNTRY, self.rng),
                                 addresses.address(HOME_COUNTRY, self.rng))
                         for n in range(max(2, count // 25))]
        for index in range(count):
            self._seizure(index)
        return self.plan

    # -- one seizure ---------------------------------------------------------------------

    def _seizure(self, index: int) -> None:
        rng = self.rng
        network = rng.choice(self.networks) if rng.random() < NETWORK_SHARE else None
        pool = ([SCENARIOS_BY_NAME[name] for name in network.template.scenarios]
                if network else SCENARIOS)
        scenario = rng.choices(pool, weights=[s.weight for s in pool])[0]
        route = rng.choice(scenario.routes)
        when = self.period_end - dt.timedelta(days=rng.randint(0, PERIOD_DAYS - 1))
        if network and not network.started:
            self._start(network)
        people = self._front_line(scenario, route, network)
        companies = self._companies(scenario, route, network)
        case = Case(
            reference=f"DEMO-{self.seed}-{index + 1:05d}", scenario=scenario, route=route,
            control_point=rng.choice(scenario.control_points), when=when,
            people=tuple(display_name(self.plan.records[p].values) for p, _ in people),
            vessel=(rng.choice(self.fleet)
                    if scenario.channel.conveyance == "VESSEL_CONTAINER" else None),
            plate=self._plate(scenario, people, network))
        values = seizure_values(rng, case, self.codelists)
        seizure = self._add("seizure", values, self._seizure_status(when),
                            rng.choice(("GREEN", "AMBER", "AMBER")))
        for person, role in people:
            self._link(seizure, person, role, 100, "caught with the goods")
        for company, role in companies:
            self._link(seizure, company, role, 100, "named on the transport documents")
        if network:
            for position, (member, person) in enumerate(network.members):
                if rng.random() < (0.7 if position == 0 else 0.4):
                    self._link(seizure, person, member.role, rng.randint(*member.confidence),
                               "identified by the investigation")
        self._photos(seizure, values)

    def _front_line(self, scenario: Scenario, route: Route,
                    network: Network | None) -> list[tuple[int, str]]:
        rng, channel = self.rng, scenario.channel
        people: list[tuple[int, str]] = []
        for n in range(rng.randint(*scenario.people)):
            role = channel.front_line
            if n and role == "SEIZ_SUSP_DRIVER":
                role = "SEIZ_SUSP_PASSENGER"
            known = [p for p in (network.front_line if network else [])
                     if p not in {q for q, _ in people}]
            if known and rng.random() < RECURRENCE:
                people.append((rng.choice(known), role))
            else:
                people.append((self._new_front_line(scenario, route, role, network), role))
        return people

    def _new_front_line(self, scenario: Scenario, route: Route, role: str,
                        network: Network | None) -> int:
        rng = self.rng
        hint = (place(route.destination).country
                if direction(scenario, route) == EXPORT else route.origin)
        culture, nationality = culture_for(hint, rng)
        resident = HOME_COUNTRY if rng.random() < RESIDENT_HOME[role] else nationality
        values = make_person(rng, culture, nationality, resident_in=resident,
                             occupation=rng.choice(OCCUPATIONS[role]), period_end=self.period_end)
        if network:
            if rng.random() < 0.5:
                values["phones"].append({"phone": network.phone})
            if rng.random() < 0.35:
                values["addresses"].append(dict(network.address))
        person = self._add("suspect", values, self._record_status(), "AMBER")
        if network:
            network.front_line.append(person)
        return person

    def _companies(self, scenario: Scenario, route: Route,
                   network: Network | None) -> list[tuple[int, str]]:
        rng = self.rng
        companies = []
        for role, kind in scenario.companies:
            if rng.random() >= 0.85:
                continue
            if network and network.company is not None and kind == network.template.front_company:
                companies.append((network.company, role))
            elif kind == FORWARDER:
                companies.append((self._forwarder(), role))
            else:
                country, city = self._company_place(kind, scenario, route)
                values = make_company(rng, kind, country, period_end=self.period_end,
                                      fallback_city=city)
                companies.append((self._add("company", values, self._record_status(), "AMBER"),
                                  role))
        return companies

    def _company_place(self, kind: str, scenario: Scenario, route: Route) -> tuple[str, str | None]:
        """Country and city of an importer, exporter or haulier on ``route``."""
        way = direction(scenario, route)
        if (kind == IMPORTER and not route.destination) or (kind != IMPORTER and way == EXPORT):
            return HOME_COUNTRY, None
        far = route.destination if kind == IMPORTER else route.departure
        if far is None:
            return route.origin, None
        return place(far).country, place(far).city

    def _forwarder(self) -> int:
        """One of a few forwarders, which recur across seizures as real ones do."""
        rng = self.rng
        if len(self.forwarders) < self.forwarder_count and (not self.forwarders
                                                            or rng.random() < 0.5):
            values = make_company(rng, FORWARDER, HOME_COUNTRY, period_end=self.period_end)
            self.forwarders.append(self._add("company", values, self._record_status(), "AMBER"))
            return self.forwarders[-1]
        return rng.choice(self.forwarders)

    def _plate(self, scenario: Scenario, people: list[tuple[int, str]],
               network: Network | None) -> tuple[str, str] | None:
        conveyance = scenario.channel.conveyance
        if conveyance not in ("TRUCK", "CAR"):
            return None
        rng = self.rng
        if network and network.plates and rng.random() < 0.5:
            return rng.choice(network.plates)
        if conveyance == "TRUCK":
            country = "MA" if rng.random() < 0.7 else HOME_COUNTRY
        elif people:
            country = self.plan.records[people[0][0]].values["addresses"][0]["country"]
        else:
            country = HOME_COUNTRY
        plate = (conveyances.plate(rng, country), country)
        if network:
            network.plates.append(plate)
        return plate

    # -- networks ------------------------------------------------------------------------

    def _start(self, network: Network) -> None:
        """Create the network's members, front company and the links between them."""
        rng, template = self.rng, network.template
        country = rng.choice(template.countries)
        for position, member in enumerate(template.members):
            culture, nationality = culture_for(country, rng)
            resident = HOME_COUNTRY if rng.random() < 0.8 else nationality
            values = make_person(rng, culture, nationality, resident_in=resident,
                                 occupation=member.occupation, period_end=self.period_end)
            if position == 0:
                values["phones"].append({"phone": network.phone})
                self._investigation(values, template.name)
            tlp = "AMBER+STRICT" if position == 0 else "AMBER"
            network.members.append((member, self._add("suspect", values,
                                                      self._record_status(), tlp)))
        organiser = network.members[0][1]
        for _, person in network.members[1:]:
            self._link(person, organiser, "SUSP_SUSP_ASSOCIATE", rng.randint(50, 90),
                       "phone contacts and surveillance")
        if template.front_company:
            self._front_company(network, organiser)

    def _front_company(self, network: Network, organiser: int) -> None:
        rng, template = self.rng, network.template
        values = make_company(rng, template.front_company, template.front_company_country,
                              period_end=self.period_end, front=True)
        if template.front_company_country == HOME_COUNTRY:
            values["addresses"] = [dict(network.address)]
        network.company = self._add("company", values, self._record_status(), "AMBER")
        culture, nationality = culture_for(HOME_COUNTRY, rng)
        nominee = make_person(rng, culture, nationality, resident_in=HOME_COUNTRY,
                              occupation="retired", period_end=self.period_end)
        director = self._add("suspect", nominee, self._record_status(), "AMBER")
        self._link(director, network.company, "SUSP_COMP_DIRECTOR", 100, "registered director")
        self._link(organiser, network.company, "SUSP_COMP_BENEFICIAL_OWNER", rng.randint(40, 80),
                   "financial investigation")
        self._link(director, organiser, "SUSP_SUSP_FAMILY", rng.randint(60, 100), "relative")
        if template.front_company == HAULIER or rng.random() < 0.5:
            return
        shell = make_company(rng, IMPORTER, HOME_COUNTRY, period_end=self.period_end, front=True)
        shell["addresses"] = [dict(network.address)]
        shell_index = self._add("company", shell, self._record_status(), "AMBER")
        self._link(network.company, shell_index, "COMP_COMP_SAME_ADDRESS", 100,
                   "registered at the same address")

    def _investigation(self, values: dict, network_name: str) -> None:
        """Alert and investigation of an organiser, where the acting role may set them."""
        rng = self.rng
        alert = {"alert_type": rng.choice(("WATCH", "STOP_AND_SEARCH", "WANTED_FOR_QUESTIONING")),
                 "reason": f"Suspected organiser of a {network_name}",
                 "valid_until": self.period_end + dt.timedelta(days=rng.randint(180, 720)),
                 "issued_by": self.officer}
        status = rng.choice(("OPEN", "ACTIVE", "ACTIVE", "UNDER_REVIEW"))
        if self.may_alert:
            values["alerts"] = [alert]
        if self.may_assign:
            values["investigation_status"] = status
            values["assigned_officers"] = [{"username": self.officer}]

    # -- photos and bookkeeping ----------------------------------------------------------

    def _photos(self, seizure: int, values: dict) -> None:
        rng = self.rng
        wanted = rng.random() < PHOTO_SHARE or values["exceptional_concealment"]
        seeds = (rng.getrandbits(32), rng.getrandbits(32))
        extra = rng.random() < 0.3
        if not wanted:
            return
        drawing = _drawing(values["concealment_category"], values["conveyance_type"])
        marks = [values["reference"], values.get("vehicle_plate") or ""]
        marks += [row["container_number"] for row in values.get("containers") or []][:1]
        label = "  ".join(mark for mark in marks if mark)
        method = self.codelists.get("concealment_method").label(values["concealment_method"])
        category = "xray" if drawing.endswith("xray") else "photo"
        self.plan.photos.append(PlannedPhoto(seizure, drawing, seeds[0], label,
                                             f"{method} ({values['reference']})", category))
        if extra and drawing != "packages":
            self.plan.photos.append(PlannedPhoto(seizure, "packages", seeds[1], label,
                                                 f"Seized goods ({values['reference']})", "photo"))

    def _seizure_status(self, when: dt.date) -> str:
        draw = self.rng.random()
        if not self.may_validate:
            return "draft" if draw < 0.15 else "submitted"
        if (self.period_end - when).days > 180:
            return "closed" if draw < 0.3 else "validated"
        return "draft" if draw < 0.1 else "submitted" if draw < 0.4 else "validated"

    def _record_status(self) -> str:
        return "validated" if self.may_validate else "submitted"

    def _add(self, record_type: str, values: dict, status: str, tlp: str) -> int:
        self.plan.records.append(PlannedRecord(record_type, values, status, tlp))
        return len(self.plan.records) - 1

    def _link(self, a: int, b: int, role: str, confidence: int, note: str) -> None:
        self.plan.links.append(PlannedLink(a, b, role, confidence, note))


def _drawing(category: str, conveyance: str) -> str:
    """The picture that shows a concealment of ``category`` in ``conveyance``."""
    if category == "IN_BODY":
        return "body_xray"
    if category in ("BAGGAGE", "ON_BODY"):
        return "baggage_xray"
    if category == "MAIL" or conveyance in ("POSTAL_ITEM", "EXPRESS_PARCEL"):
        return "parcel_xray"
    if category == "CONTAINER":
        return "container"
    if category == "CONVEYANCE":
        return {"TRUCK": "lorry", "CAR": "car"}.get(conveyance, "packages")
    return "packages"
