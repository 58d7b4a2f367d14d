"""Smuggling scenarios: which goods travel which way, hidden how, found how.

A :class:`Channel` is a way goods cross the border (air passenger, sea container, ro-ro
lorry, ...): its conveyance, where it is controlled, the concealments that conveyance
allows and how shipments or travellers are selected. A :class:`Scenario` puts goods on a
channel: the lots and their typical quantities, the routes, the concealments used (a
subset of the channel's), the offences and the people and companies involved. Codes are
those of the shipped code lists; the catalogue is checked against them by the tests.

Quantities and prices are orders of magnitude from public seizure reports, not statistics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

IMPORT, EXPORT, TRANSIT = "import", "export", "transit"


@dataclass(frozen=True)
class Channel:
    """A way across the border, with what fits it.

    ``findings`` are the detection methods that find goods hidden in the cargo or not
    hidden at all on this channel (X-ray for parcels, fixed scanners for containers);
    concealments in the body, on the body, in baggage, in a container or in the conveyance
    have findings of their own (:data:`FINDINGS`). ``front_line`` is the link role of the
    person caught with the goods, if anyone is.
    """

    name: str
    conveyance: str
    places: tuple[str, ...]
    procedures: Mapping[str, str]
    concealments: tuple[str, ...]
    selections: tuple[str, ...]
    findings: tuple[str, ...]
    front_line: str | None
    travel_days: tuple[int, int]
    dogs: bool = True


@dataclass(frozen=True)
class Goods:
    """A kind of seized goods; ``price`` is in euros per kg, litre or unit (the base unit).

    Cash has ``face_values`` instead: each banknote is worth one of them, in the
    currency drawn from ``currencies``.
    """

    subtype: str
    hs_code: str | None
    description: str
    price: float = 0.0
    brands: tuple[str, ...] = ()
    species: tuple[str, ...] = ()
    face_values: tuple[int, ...] = ()
    currencies: tuple[str, ...] = ("EUR",)


@dataclass(frozen=True)
class Lot:
    """Goods in the unit and the range of amounts one seizure of a scenario holds."""

    goods: Goods
    unit: str
    amount: tuple[float, float]


@dataclass(frozen=True)
class Route:
    """Where the goods came from and went: place keys of :mod:`~ncen_core.demo.places`.

    ``departure`` is None when the goods left from an unnamed place (a beach) or from the
    home country itself (exports); ``destination`` is None when the home country is the
    destination.
    """

    origin: str
    departure: str | None = None
    via: tuple[str, ...] = ()
    destination: str | None = None


@dataclass(frozen=True)
class Scenario:
    """One kind of case: goods on a channel, with everything that goes with them.

    ``people`` is the range of front-line persons caught; ``companies`` pairs a link role
    with a company kind of :mod:`~ncen_core.demo.companies`; the first action always
    applies, the others sometimes; ``mixed`` is the chance of a second lot.
    """

    name: str
    weight: int
    channel: Channel
    lots: tuple[Lot, ...]
    concealments: tuple[str, ...]
    routes: tuple[Route, ...]
    offences: tuple[str, ...]
    direction: str = IMPORT
    places: tuple[str, ...] = ()
    people: tuple[int, int] = (1, 1)
    companies: tuple[tuple[str, str], ...] = ()
    actions: tuple[str, ...] = ("SEIZURE",)
    cover: tuple[str, ...] = ()
    mixed: float = 0.0

    @property
    def control_points(self) -> tuple[str, ...]:
        """Home places where this scenario's seizures are made."""
        return self.places or self.channel.places


#: Detection methods that find goods by where they are hidden (concealment category).
FINDINGS: Mapping[str, tuple[str, ...]] = {
    "IN_BODY": ("NII_BODY",),
    "ON_BODY": ("PHYSICAL_EXAMINATION", "NII_BODY"),
    "BAGGAGE": ("NII_BAGGAGE", "PHYSICAL_EXAMINATION"),
    "MAIL": ("NII_BAGGAGE", "PHYSICAL_EXAMINATION"),
    "CONTAINER": ("NII_FIXED", "NII_MOBILE", "PHYSICAL_EXAMINATION"),
    "CONVEYANCE": ("NII_BACKSCATTER", "DENSITY_METER", "PHYSICAL_EXAMINATION"),
    "NONE": ("DOCUMENT_CHECK", "PHYSICAL_EXAMINATION"),
}

#: The detector dog trained for each commodity category, where there is one.
DOGS: Mapping[str, str] = {"DRUGS": "DOG_DRUGS", "CURRENCY": "DOG_CURRENCY",
                           "TOBACCO": "DOG_TOBACCO"}

# -- channels ---------------------------------------------------------------------------------

AIR_PASSENGER = Channel(
    "air passenger", "AIRCRAFT_COMMERCIAL", ("MAD", "MAD", "MAD", "BCN", "BCN", "AGP"),
    {IMPORT: "PASSENGER_ARRIVAL", EXPORT: "PASSENGER_DEPARTURE", TRANSIT: "PASSENGER_TRANSIT"},
    ("BODY_PACKING", "BODY_STUFFING", "STRAPPED_TO_BODY", "IN_CLOTHING", "IN_SHOES",
     "WORN_ITEMS", "BAGGAGE_FALSE_BOTTOM", "BAGGAGE_FRAME_LINING", "BAGGAGE_PERSONAL_EFFECTS",
     "LIQUID_IMPREGNATED", "IN_FOOD_ITEMS", "UNDECLARED_PLAIN_SIGHT"),
    ("RISK_PROFILING", "RISK_PROFILING", "BEHAVIOURAL_ANALYSIS", "INTELLIGENCE", "RANDOM_CHECK"),
    ("NII_BAGGAGE", "PHYSICAL_EXAMINATION"), "SEIZ_SUSP_COURIER", (0, 1))

AIR_CARGO = Channel(
    "air cargo", "AIRCRAFT_COMMERCIAL", ("MAD", "MAD", "BCN"),
    {IMPORT: "IMPORT", EXPORT: "EXPORT", TRANSIT: "TRANSIT"},
    ("MIXED_WITH_CARGO", "HOLLOWED_ITEMS", "IN_FOOD_ITEMS", "IN_MACHINERY", "IN_PACKAGING",
     "MOULDED_INTO_GOODS", "DISSOLVED_IN_LIQUID", "IN_ELECTRONICS", "MISDECLARATION"),
    ("RISK_PROFILING", "TARGETING", "INTELLIGENCE", "RANDOM_CHECK"),
    ("NII_FIXED", "PHYSICAL_EXAMINATION", "TRACE_DETECTION"), "SEIZ_SUSP_CONSIGNEE", (1, 4))

SEA_CONTAINER = Channel(
    "sea container", "VESSEL_CONTAINER", ("ALG", "ALG", "VLC", "VLC", "BCNP"),
    {IMPORT: "IMPORT", EXPORT: "EXPORT", TRANSIT: "TRANSHIPMENT"},
    ("RIP_ON_RIP_OFF", "REEFER_UNIT", "CONTAINER_DOUBLE_WALL", "CONTAINER_FLOOR",
     "CONTAINER_FRAME", "MIXED_WITH_CARGO", "IN_FOOD_ITEMS", "IN_MACHINERY",
     "MOULDED_INTO_GOODS", "IN_PACKAGING", "MISDECLARATION"),
    ("RISK_PROFILING", "TARGETING", "TARGETING", "INTELLIGENCE", "JOINT_OPERATION"),
    ("NII_FIXED", "NII_MOBILE", "PHYSICAL_EXAMINATION"), None, (12, 30))

RORO_LORRY = Channel(
    "ro-ro lorry", "TRUCK", ("ALG",),
    {IMPORT: "IMPORT", EXPORT: "EXPORT", TRANSIT: "TRANSIT"},
    ("HIDDEN_COMPARTMENT", "CHASSIS_TRAILER", "ROOF_FLOOR_PANELS", "FUEL_TANK",
     "MIXED_WITH_CARGO", "IN_FOOD_ITEMS", "MISDECLARATION"),
    ("RISK_PROFILING", "TARGETING", "RANDOM_CHECK", "INTELLIGENCE"),
    ("NII_MOBILE", "NII_BACKSCATTER", "PHYSICAL_EXAMINATION"), "SEIZ_SUSP_DRIVER", (0, 2))

CAR = Channel(
    "private car", "CAR", ("CEU", "MLN", "LIN", "ALG"),
    {IMPORT: "PASSENGER_ARRIVAL", EXPORT: "PASSENGER_DEPARTURE"},
    ("NATURAL_VOIDS", "HIDDEN_COMPARTMENT", "FUEL_TANK", "TYRES_WHEELS", "ENGINE_COMPARTMENT",
     "ROOF_FLOOR_PANELS", "BAGGAGE_PERSONAL_EFFECTS", "STRAPPED_TO_BODY",
     "UNDECLARED_PLAIN_SIGHT"),
    ("RISK_PROFILING", "BEHAVIOURAL_ANALYSIS", "RANDOM_CHECK", "INTELLIGENCE"),
    ("NII_BACKSCATTER", "PHYSICAL_EXAMINATION"), "SEIZ_SUSP_DRIVER", (0, 0))

POSTAL = Channel(
    "postal item", "POSTAL_ITEM", ("MADP",),
    {IMPORT: "POSTAL_IMPORT", EXPORT: "POSTAL_EXPORT"},
    ("MAIL_LETTER", "MAIL_PARCEL", "IN_BOOKS_DOCUMENTS", "HOLLOWED_ITEMS", "IN_ELECTRONICS",
     "IN_PACKAGING", "LIQUID_IMPREGNATED", "MISDECLARATION"),
    ("RISK_PROFILING", "TARGETING", "RANDOM_CHECK", "INTELLIGENCE"),
    ("NII_BAGGAGE",), "SEIZ_SUSP_CONSIGNEE", (4, 20))

EXPRESS = Channel(
    "express parcel", "EXPRESS_PARCEL", ("VIT", "VIT", "MADX"),
    {IMPORT: "IMPORT", EXPORT: "EXPORT"},
    ("MAIL_PARCEL", "IN_ELECTRONICS", "IN_FOOD_ITEMS", "HOLLOWED_ITEMS", "IN_PACKAGING",
     "IN_MACHINERY", "IN_BOOKS_DOCUMENTS", "DISSOLVED_IN_LIQUID", "MISDECLARATION"),
    ("RISK_PROFILING", "TARGETING", "TARGETING", "RANDOM_CHECK"),
    ("NII_BAGGAGE", "PHYSICAL_EXAMINATION"), "SEIZ_SUSP_CONSIGNEE", (1, 5))

GO_FAST = Channel(
    "go-fast boat", "VESSEL_GO_FAST", ("GUAD", "STRAIT"), {IMPORT: "NONE"},
    ("UNDECLARED_PLAIN_SIGHT", "NATURAL_VOIDS"),
    ("INTELLIGENCE", "JOINT_OPERATION", "TIP_OFF"),
    ("PHYSICAL_EXAMINATION",), "SEIZ_SUSP_CREW_MEMBER", (0, 0), dogs=False)

CHANNELS = (AIR_PASSENGER, AIR_CARGO, SEA_CONTAINER, RORO_LORRY, CAR, POSTAL, EXPRESS, GO_FAST)

# -- goods ------------------------------------------------------------------------------------

COCAINE = Goods("DRUGS_COCAINE", "293971", "Cocaine hydrochloride, white powder", 33_000)
COCAINE_BRICKS = Goods("DRUGS_COCAINE", "293971",
                       "Cocaine in 1 kg bricks stamped with a logo", 30_000)
HASHISH = Goods("DRUGS_CANNABIS_RESIN", "130190", "Cannabis resin in 250 g tablets",
                2_000)
CANNABIS_HERB = Goods("DRUGS_CANNABIS_HERB", "121190", "Cannabis herb, vacuum-sealed bags",
                      4_000)
HEROIN = Goods("DRUGS_HEROIN", "293911", "Heroin, brown powder", 25_000)
MDMA = Goods("DRUGS_MDMA", "293299", "Ecstasy (MDMA) tablets with a logo", 3)
METHAMPHETAMINE = Goods("DRUGS_METHAMPHETAMINE", "293971", "Crystal methamphetamine", 20_000)
CAPTAGON = Goods("DRUGS_CAPTAGON", "292146", "Captagon tablets (amphetamine)", 8)
TRAMADOL = Goods("DRUGS_TRAMADOL", "300490", "Tramadol 225 mg tablets without licence", 0.5)
CIGARETTES = Goods("TOBACCO_CIGARETTES", "240220", "Cigarettes without tax stamps", 0.25,
                   brands=("Gold Falcon", "Royal Crest", "Minsky Blue", "Pacific Star",
                           "Capital Lights"))
WATERPIPE = Goods("TOBACCO_WATERPIPE", "240311", "Water-pipe tobacco (molasses)", 40)
APPAREL = Goods("IPR_APPAREL", "610910", "Counterfeit T-shirts and sportswear", 35,
                brands=("Velora", "Strida", "Northpeak", "Kanzo"))
FOOTWEAR = Goods("IPR_FOOTWEAR", "640411", "Counterfeit trainers", 45,
                 brands=("Strida", "Airvent", "Kanzo"))
BAGS = Goods("IPR_BAGS", "420221", "Counterfeit handbags", 120, brands=("Maison Argento", "Lunelle"))
WATCHES = Goods("IPR_WATCHES", "910211", "Counterfeit wristwatches", 150,
                brands=("Helvetor", "Chronaris"))
TOYS = Goods("IPR_TOYS", "950300", "Counterfeit toys without CE marking", 15,
             brands=("Brickstar", "Toyland Heroes"))
PHONES = Goods("IPR_MOBILE_PHONES", "851713", "Counterfeit smartphones and earphones", 90,
               brands=("Pomelo", "Galaxion"))
ED_PILLS = Goods("MEDICINES_ERECTILE_DYSFUNCTION", "300490",
                 "Falsified sildenafil tablets in blister packs", 2)
STEROIDS = Goods("MEDICINES_ANABOLIC_STEROIDS", "300439",
                 "Anabolic steroids (testosterone esters) in ampoules", 10)
GLASS_EELS = Goods("WILDLIFE_EELS", "030192", "Live glass eels in oxygenated bags", 1_500,
                   species=("Anguilla anguilla",))
IVORY = Goods("WILDLIFE_IVORY", "050790", "Raw and roughly worked elephant ivory", 1_000,
              species=("Loxodonta africana", "Loxodonta cyclotis"))
PANGOLIN = Goods("WILDLIFE_PANGOLIN", "050790", "Pangolin scales in sacks", 500,
                 species=("Phataginus tricuspis", "Smutsia gigantea"))
REPTILES = Goods("WILDLIFE_LIVE_REPTILES", "010620", "Live reptiles in socks and boxes", 300,
                 species=("Astrochelys radiata", "Furcifer pardalis", "Python regius",
                          "Varanus prasinus"))
BIRDS = Goods("WILDLIFE_LIVE_BIRDS", "010632", "Live parrots in plastic tubes", 1_000,
              species=("Psittacus erithacus", "Amazona oratrix"))
CASH = Goods("CURRENCY_BANKNOTES", None, "Undeclared banknotes in bundles",
             face_values=(50, 100, 200, 500), currencies=("EUR", "EUR", "USD"))
FIREARM_PARTS = Goods("WEAPONS_FIREARM_PARTS", "930591",
                      "Firearm parts (slides, barrels, frames)", 150)
ALARM_GUNS = Goods("WEAPONS_ALARM_GUNS", "930400", "Convertible blank-firing pistols", 200)
BMK = Goods("PRECURSORS_DESIGNER", "291439",
            "BMK glycidate (designer precursor) declared as a cosmetic raw material", 100)
HFC = Goods("ENVIRONMENT_HFC", "290345", "HFC-134a refrigerant in disposable cylinders", 40)
E_WASTE = Goods("ENVIRONMENT_E_WASTE", "854911",
                "Broken fridges, televisions and circuit boards", 0.2)
ANTIQUITIES = Goods("CULTURAL_ARCHAEOLOGICAL", "970510",
                    "Archaeological coins, lamps and figurines without export licence", 2_000)

# -- routes -----------------------------------------------------------------------------------

COCAINE_AIR = (Route("CO", "BOG"), Route("CO", "BOG", ("PTY",)), Route("BR", "GRU"),
               Route("BR", "GRU", ("ADD",)), Route("PE", "LIM"), Route("VE", "CCS"),
               Route("DO", "SDQ"), Route("BO", "GRU"), Route("MX", "MEX"))
COCAINE_SEA = (Route("EC", "GYE", ("MIT",)), Route("EC", "GYE"), Route("CO", "CTG"),
               Route("CO", "BUN", ("MIT",)), Route("BR", "SSZ"), Route("PE", "CLL", ("MIT",)),
               Route("DO", "CAU"))
MOROCCO_SEA = (Route("MA", "PTM"), Route("MA", "PTM", destination="RTM"), Route("MA", "TNG"))
MOROCCO_LAND = (Route("MA"),)
FAR_EAST_SEA = (Route("CN", "NGB"), Route("CN", "SHA"), Route("CN", "SZX", ("SIN",)),
                Route("VN", "SGN", ("SIN",)))

# -- scenarios --------------------------------------------------------------------------------

_DRUG_OFFENCES = ("DRUG_TRAFFICKING", "SMUGGLING")
_ARREST = ("SEIZURE", "ARREST", "REFERRAL")

SCENARIOS: tuple[Scenario, ...] = (
    Scenario("cocaine swallower", 8, AIR_PASSENGER, (Lot(COCAINE, "G", (350, 1300)),),
             ("BODY_PACKING", "BODY_PACKING", "BODY_STUFFING"), COCAINE_AIR, _DRUG_OFFENCES,
             actions=_ARREST),
    Scenario("cocaine in baggage", 8, AIR_PASSENGER, (Lot(COCAINE, "KG", (1, 9)),),
             ("BAGGAGE_FALSE_BOTTOM", "BAGGAGE_FRAME_LINING", "BAGGAGE_PERSONAL_EFFECTS",
              "LIQUID_IMPREGNATED", "IN_FOOD_ITEMS"), COCAINE_AIR, _DRUG_OFFENCES,
             people=(1, 2), actions=_ARREST),
    Scenario("cocaine on the body", 4, AIR_PASSENGER, (Lot(COCAINE, "G", (300, 2500)),),
             ("STRAPPED_TO_BODY", "IN_SHOES", "IN_CLOTHING", "WORN_ITEMS"), COCAINE_AIR,
             _DRUG_OFFENCES, actions=_ARREST),
    Scenario("cocaine in a container", 7, SEA_CONTAINER, (Lot(COCAINE_BRICKS, "KG", (40, 2500)),),
             ("RIP_ON_RIP_OFF", "RIP_ON_RIP_OFF", "REEFER_UNIT", "CONTAINER_DOUBLE_WALL",
              "CONTAINER_FLOOR", "MIXED_WITH_CARGO", "IN_FOOD_ITEMS"), COCAINE_SEA,
             _DRUG_OFFENCES, people=(0, 0),
             companies=(("SEIZ_COMP_CONSIGNEE", "importer"), ("SEIZ_COMP_CONSIGNOR", "exporter"),
                        ("SEIZ_COMP_FORWARDER", "forwarder")),
             actions=("SEIZURE", "DESTROYED", "CONTROLLED_DELIVERY"),
             cover=("bananas", "pineapples", "frozen shrimp", "cocoa beans", "cut flowers")),
    Scenario("cocaine in air cargo", 3, AIR_CARGO, (Lot(COCAINE, "KG", (5, 60)),),
             ("MIXED_WITH_CARGO", "HOLLOWED_ITEMS", "IN_MACHINERY", "IN_FOOD_ITEMS",
              "MOULDED_INTO_GOODS", "DISSOLVED_IN_LIQUID"),
             (Route("CO", "BOG"), Route("BR", "GRU"), Route("PE", "LIM")), _DRUG_OFFENCES,
             people=(0, 1),
             companies=(("SEIZ_COMP_CONSIGNEE", "importer"), ("SEIZ_COMP_CONSIGNOR", "exporter")),
             cover=("fruit pulp", "coffee", "industrial pumps", "handicrafts")),
    Scenario("cocaine by express parcel", 3, EXPRESS, (Lot(COCAINE, "G", (50, 1500)),),
             ("MAIL_PARCEL", "IN_ELECTRONICS", "HOLLOWED_ITEMS", "IN_BOOKS_DOCUMENTS"),
             (Route("CO", "BOG"), Route("BR", "GRU"), Route("MX", "MEX")), _DRUG_OFFENCES,
             actions=("SEIZURE", "CONTROLLED_DELIVERY", "ARREST")),
    Scenario("hashish on a ro-ro lorry", 7, RORO_LORRY, (Lot(HASHISH, "KG", (150, 3500)),),
             ("HIDDEN_COMPARTMENT", "CHASSIS_TRAILER", "ROOF_FLOOR_PANELS", "MIXED_WITH_CARGO",
              "IN_FOOD_ITEMS", "FUEL_TANK"), MOROCCO_SEA, _DRUG_OFFENCES,
             companies=(("SEIZ_COMP_CARRIER", "haulier"), ("SEIZ_COMP_CONSIGNEE", "importer")),
             actions=_ARREST, cover=("fresh tomatoes", "peppers", "textiles", "frozen fish")),
    Scenario("hashish in a car", 6, CAR, (Lot(HASHISH, "KG", (5, 120)),),
             ("NATURAL_VOIDS", "HIDDEN_COMPARTMENT", "FUEL_TANK", "TYRES_WHEELS",
              "ROOF_FLOOR_PANELS"), MOROCCO_LAND, _DRUG_OFFENCES, places=("CEU", "MLN"),
             people=(1, 2), actions=_ARREST),
    Scenario("hashish on a go-fast", 3, GO_FAST, (Lot(HASHISH, "KG", (800, 3500)),),
             ("UNDECLARED_PLAIN_SIGHT",), MOROCCO_LAND, _DRUG_OFFENCES, people=(2, 3),
             actions=_ARREST),
    Scenario("cannabis herb by parcel", 3, EXPRESS, (Lot(CANNABIS_HERB, "G", (200, 5000)),),
             ("MAIL_PARCEL", "IN_PACKAGING", "IN_FOOD_ITEMS"),
             (Route("US", "MIA"), Route("CA", "YYZ"), Route("TH", "BKK")), _DRUG_OFFENCES,
             actions=("SEIZURE", "REFERRAL")),
    Scenario("heroin courier", 2, AIR_PASSENGER, (Lot(HEROIN, "G", (500, 4000)),),
             ("BAGGAGE_FALSE_BOTTOM", "BAGGAGE_FRAME_LINING", "BODY_PACKING"),
             (Route("AF", "KHI", ("DOH",)), Route("PK", "KHI", ("IST",)), Route("IR", "IST")),
             _DRUG_OFFENCES, actions=_ARREST),
    Scenario("ecstasy by parcel", 3, EXPRESS, (Lot(MDMA, "TABLET", (200, 20_000)),),
             ("MAIL_PARCEL", "IN_ELECTRONICS", "IN_FOOD_ITEMS", "IN_PACKAGING"),
             (Route("NL", "AMS"), Route("BE", "ANR")), _DRUG_OFFENCES,
             actions=("SEIZURE", "CONTROLLED_DELIVERY", "ARREST")),
    Scenario("captagon in transhipment", 1, SEA_CONTAINER,
             (Lot(CAPTAGON, "TABLET", (200_000, 5_000_000)),),
             ("IN_MACHINERY", "MOULDED_INTO_GOODS", "IN_FOOD_ITEMS", "CONTAINER_DOUBLE_WALL"),
             (Route("SY", "LTK", destination="JED"), Route("LB", "BEY", destination="JED"),
              Route("SY", "LTK", ("MER",), destination="JEA")),
             _DRUG_OFFENCES, direction=TRANSIT, people=(0, 0),
             companies=(("SEIZ_COMP_CONSIGNOR", "exporter"), ("SEIZ_COMP_CONSIGNEE", "importer")),
             cover=("industrial rollers", "pomegranates", "plastic pallets", "ceramic tiles")),
    Scenario("methamphetamine in air cargo", 1, AIR_CARGO,
             (Lot(METHAMPHETAMINE, "KG", (2, 40)),),
             ("DISSOLVED_IN_LIQUID", "MOULDED_INTO_GOODS", "IN_MACHINERY", "IN_FOOD_ITEMS"),
             (Route("MX", "MEX"),), _DRUG_OFFENCES, people=(0, 1),
             companies=(("SEIZ_COMP_CONSIGNEE", "importer"),),
             cover=("tequila", "car parts", "chilli sauce")),
    Scenario("cigarettes in a container", 4, SEA_CONTAINER,
             (Lot(CIGARETTES, "CARTON200", (5_000, 50_000)), Lot(WATERPIPE, "KG", (200, 3000))),
             ("MISDECLARATION", "MIXED_WITH_CARGO", "CONTAINER_DOUBLE_WALL"),
             (Route("AE", "JEA"), *FAR_EAST_SEA), ("SMUGGLING", "EXCISE_FRAUD",
                                                   "MISDECLARATION_DESCRIPTION"),
             people=(0, 0),
             companies=(("SEIZ_COMP_CONSIGNEE", "importer"), ("SEIZ_COMP_CONSIGNOR", "exporter"),
                        ("SEIZ_COMP_FORWARDER", "forwarder")),
             actions=("SEIZURE", "DESTROYED", "FINE"),
             cover=("paper napkins", "plastic household goods", "furniture", "ceramic tiles"),
             mixed=0.2),
    Scenario("cigarettes from Gibraltar", 4, CAR, (Lot(CIGARETTES, "CARTON200", (10, 400)),),
             ("NATURAL_VOIDS", "ROOF_FLOOR_PANELS", "STRAPPED_TO_BODY",
              "UNDECLARED_PLAIN_SIGHT"), (Route("GI", "GIB"),), ("SMUGGLING", "EXCISE_FRAUD"),
             places=("LIN",), people=(1, 2), actions=("SEIZURE", "FINE")),
    Scenario("counterfeits in a container", 4, SEA_CONTAINER,
             (Lot(APPAREL, "U", (2_000, 40_000)), Lot(FOOTWEAR, "PAIR", (500, 12_000)),
              Lot(BAGS, "U", (300, 8_000)), Lot(WATCHES, "U", (200, 5_000)),
              Lot(TOYS, "U", (1_000, 30_000))),
             ("MISDECLARATION", "MIXED_WITH_CARGO", "IN_PACKAGING"),
             (*FAR_EAST_SEA, Route("TR", "MER")), ("IPR_INFRINGEMENT", "MISDECLARATION_DESCRIPTION"),
             people=(0, 0),
             companies=(("SEIZ_COMP_CONSIGNEE", "importer"), ("SEIZ_COMP_CONSIGNOR", "exporter"),
                        ("SEIZ_COMP_FORWARDER", "forwarder")),
             actions=("DETENTION", "DESTROYED"), cover=("unbranded garments", "plastic bags",
                                                        "household textiles"), mixed=0.5),
    Scenario("counterfeits by express parcel", 4, EXPRESS,
             (Lot(PHONES, "U", (1, 60)), Lot(WATCHES, "U", (1, 30)), Lot(BAGS, "U", (1, 20)),
              Lot(FOOTWEAR, "PAIR", (1, 20))),
             ("MAIL_PARCEL", "MISDECLARATION", "IN_PACKAGING"),
             (Route("CN", "HKG"), Route("HK", "HKG"), Route("TR", "IST")), ("IPR_INFRINGEMENT",),
             actions=("DETENTION", "DESTROYED"), mixed=0.3),
    Scenario("falsified medicines by post", 4, POSTAL,
             (Lot(ED_PILLS, "TABLET", (20, 2_000)), Lot(STEROIDS, "AMPOULE", (10, 300))),
             ("MAIL_PARCEL", "MAIL_LETTER", "MISDECLARATION", "IN_PACKAGING"),
             (Route("IN", "DEL"), Route("CN", "HKG"), Route("TH", "BKK")),
             ("RESTRICTED_NO_LICENCE", "IPR_INFRINGEMENT"), actions=("DETENTION", "DESTROYED"),
             mixed=0.15),
    Scenario("tramadol in transhipment", 1, SEA_CONTAINER,
             (Lot(TRAMADOL, "TABLET", (500_000, 20_000_000)),),
             ("MISDECLARATION", "MIXED_WITH_CARGO"),
             (Route("IN", "NSA", destination="LFW"), Route("IN", "NSA", destination="APP")),
             ("RESTRICTED_NO_LICENCE", "MISDECLARATION_DESCRIPTION"), direction=TRANSIT,
             people=(0, 0),
             companies=(("SEIZ_COMP_CONSIGNOR", "exporter"), ("SEIZ_COMP_CONSIGNEE", "importer")),
             cover=("medicines (paracetamol)", "cosmetics", "plastic buckets")),
    Scenario("glass eels to Asia", 2, AIR_PASSENGER, (Lot(GLASS_EELS, "KG", (10, 90)),),
             ("BAGGAGE_PERSONAL_EFFECTS", "BAGGAGE_FALSE_BOTTOM"),
             (Route("ES", via=("DOH",), destination="HKG"), Route("ES", via=("IST",),
                                                                  destination="BKK"),
              Route("ES", via=("CDG",), destination="HKG")),
             ("CITES_VIOLATION", "SMUGGLING"), direction=EXPORT, people=(1, 2),
             actions=("SEIZURE", "ARREST", "OTHER")),
    Scenario("ivory and pangolin scales in transhipment", 1, SEA_CONTAINER,
             (Lot(PANGOLIN, "KG", (200, 8_000)), Lot(IVORY, "KG", (100, 3_000))),
             ("MISDECLARATION", "MIXED_WITH_CARGO"),
             (Route("NG", "APP", destination="SGN"), Route("CD", "LFW", destination="SGN")),
             ("CITES_VIOLATION", "MISDECLARATION_DESCRIPTION"), direction=TRANSIT,
             people=(0, 0),
             companies=(("SEIZ_COMP_CONSIGNOR", "exporter"), ("SEIZ_COMP_CONSIGNEE", "importer")),
             actions=("SEIZURE", "FORFEITURE"), cover=("frozen fish", "timber", "cashew nuts"),
             mixed=0.4),
    Scenario("live animals in baggage", 2, AIR_PASSENGER,
             (Lot(REPTILES, "SPECIMEN", (5, 120)), Lot(BIRDS, "SPECIMEN", (2, 40))),
             ("BAGGAGE_PERSONAL_EFFECTS", "IN_CLOTHING"),
             (Route("MG", "TNR", ("ADD",)), Route("ID", "CGK", ("DOH",)), Route("MX", "MEX")),
             ("CITES_VIOLATION", "SMUGGLING"), actions=("SEIZURE", "FORFEITURE", "FINE")),
    Scenario("cash leaving by air", 4, AIR_PASSENGER, (Lot(CASH, "U", (200, 6_000)),),
             ("BAGGAGE_FALSE_BOTTOM", "STRAPPED_TO_BODY", "IN_CLOTHING",
              "BAGGAGE_PERSONAL_EFFECTS"),
             (Route("ES", destination="BOG"), Route("ES", destination="SDQ"),
              Route("ES", via=("IST",), destination="DXB"), Route("ES", destination="CMN"),
              Route("ES", destination="CCS")),
             ("CASH_DECLARATION_BREACH", "MONEY_LAUNDERING_INDICATOR"), direction=EXPORT,
             actions=("DETENTION", "FINE", "REFERRAL")),
    Scenario("cash leaving by car", 2, CAR, (Lot(CASH, "U", (100, 2_000)),),
             ("NATURAL_VOIDS", "HIDDEN_COMPARTMENT", "STRAPPED_TO_BODY"),
             (Route("ES", destination="NDR"), Route("ES", destination="TNG")),
             ("CASH_DECLARATION_BREACH", "MONEY_LAUNDERING_INDICATOR"), direction=EXPORT,
             places=("CEU", "MLN", "ALG"), actions=("DETENTION", "FINE", "REFERRAL")),
    Scenario("weapons by express parcel", 1, EXPRESS,
             (Lot(FIREARM_PARTS, "U", (1, 40)), Lot(ALARM_GUNS, "U", (1, 30))),
             ("MAIL_PARCEL", "IN_ELECTRONICS", "IN_MACHINERY", "MISDECLARATION"),
             (Route("US", "MIA"), Route("TR", "IST")), ("RESTRICTED_NO_LICENCE", "SMUGGLING"),
             actions=("SEIZURE", "ARREST", "REFERRAL")),
    Scenario("drug precursors in a container", 1, SEA_CONTAINER, (Lot(BMK, "KG", (500, 15_000)),),
             ("MISDECLARATION", "MIXED_WITH_CARGO"), (Route("CN", "SHA"), Route("CN", "NGB")),
             ("RESTRICTED_NO_LICENCE", "MISDECLARATION_DESCRIPTION"), people=(0, 0),
             companies=(("SEIZ_COMP_CONSIGNEE", "importer"), ("SEIZ_COMP_FORWARDER", "forwarder")),
             actions=("SEIZURE", "REFERRAL"), cover=("cosmetic raw material", "industrial wax")),
    Scenario("HFC refrigerants in a container", 1, SEA_CONTAINER, (Lot(HFC, "KG", (500, 12_000)),),
             ("MISDECLARATION", "MIXED_WITH_CARGO"), (Route("TR", "MER"), Route("CN", "NGB")),
             ("RESTRICTED_NO_LICENCE", "PROHIBITED_GOODS"), people=(0, 0),
             companies=(("SEIZ_COMP_CONSIGNEE", "importer"),),
             actions=("DETENTION", "RETURNED_TO_SENDER"), cover=("air-conditioning parts",)),
    Scenario("e-waste export", 1, SEA_CONTAINER, (Lot(E_WASTE, "T", (5, 25)),),
             ("MISDECLARATION", "MIXED_WITH_CARGO"),
             (Route("ES", destination="TEM"), Route("ES", destination="APP")),
             ("PROHIBITED_GOODS", "MISDECLARATION_DESCRIPTION"), direction=EXPORT,
             people=(0, 0), companies=(("SEIZ_COMP_EXPORTER", "exporter"),
                                       ("SEIZ_COMP_CONSIGNEE", "importer")),
             actions=("DETENTION", "FINE"), cover=("used vehicles", "second-hand household goods")),
    Scenario("antiquities in baggage", 1, AIR_PASSENGER, (Lot(ANTIQUITIES, "U", (1, 40)),),
             ("BAGGAGE_PERSONAL_EFFECTS", "BAGGAGE_FALSE_BOTTOM", "UNDECLARED_PLAIN_SIGHT"),
             (Route("EG", "CAI"), Route("TR", "IST"), Route("MA", "CMN")),
             ("RESTRICTED_NO_LICENCE", "SMUGGLING"), actions=("SEIZURE", "REFERRAL")),
)

SCENARIOS_BY_NAME: Mapping[str, Scenario] = {s.name: s for s in SCENARIOS}
