"""The places of the demo: the home administration's control points and the foreign places
on smuggling routes.

The demo plays the customs administration of Spain: its airports, container ports, the
ro-ro ferries from Morocco, the land borders of Ceuta, Melilla and Gibraltar, a postal
exchange and express hubs cover every channel smugglers use, so each kind of seizure has a
place where it really happens. UN/LOCODEs are given only where the place has a well-known one.
"""

from __future__ import annotations

from dataclasses import dataclass

HOME_COUNTRY = "ES"

#: Inland cities the goods were bound for, once they had entered the country.
HOME_CITIES = ("Madrid", "Barcelona", "Valencia", "Sevilla", "Málaga", "Zaragoza", "Bilbao",
               "Alicante", "Murcia")


@dataclass(frozen=True)
class Place:
    """A named place; ``location_type`` is set for the home control points only.

    ``airlines`` are IATA codes of carriers flying between this airport and the home country,
    used to make flight numbers that fit the route.
    """

    name: str
    country: str
    unlocode: str | None = None
    location_type: str | None = None
    airlines: tuple[str, ...] = ()

    @property
    def city(self) -> str:
        """The city part of the name (before any comma)."""
        return self.name.split(",")[0]


def _home(name: str, unlocode: str | None, location_type: str) -> Place:
    return Place(name, HOME_COUNTRY, unlocode, location_type)


PLACES: dict[str, Place] = {
    # -- home control points ------------------------------------------------------------
    "MAD": _home("Madrid-Barajas Airport", "ESMAD", "AIRPORT"),
    "BCN": _home("Barcelona-El Prat Airport", "ESBCN", "AIRPORT"),
    "AGP": _home("Málaga-Costa del Sol Airport", "ESAGP", "AIRPORT"),
    "ALG": _home("Port of Algeciras", "ESALG", "SEAPORT"),
    "VLC": _home("Port of Valencia", "ESVLC", "SEAPORT"),
    "BCNP": _home("Port of Barcelona", "ESBCN", "SEAPORT"),
    "CEU": _home("Ceuta, El Tarajal border crossing", "ESCEU", "LAND_BORDER"),
    "MLN": _home("Melilla, Beni Enzar border crossing", "ESMLN", "LAND_BORDER"),
    "LIN": _home("La Línea de la Concepción, Gibraltar border crossing", None, "LAND_BORDER"),
    "MADP": _home("Madrid-Barajas international postal exchange", "ESMAD", "POSTAL"),
    "VIT": _home("Vitoria-Gasteiz express courier hub", "ESVIT", "EXPRESS_HUB"),
    "MADX": _home("Madrid-Barajas express courier hub", "ESMAD", "EXPRESS_HUB"),
    "GUAD": _home("Guadalquivir estuary, off Sanlúcar de Barrameda", None, "AT_SEA"),
    "STRAIT": _home("Strait of Gibraltar, off Tarifa", None, "AT_SEA"),
    # -- the Americas ---------------------------------------------------------------------
    "BOG": Place("Bogotá, El Dorado Airport", "CO", "COBOG", airlines=("AV", "IB", "UX")),
    "CTG": Place("Cartagena, Port of Cartagena", "CO", "COCTG"),
    "BUN": Place("Buenaventura, Port of Buenaventura", "CO", "COBUN"),
    "GYE": Place("Guayaquil, Port of Guayaquil", "EC", "ECGYE"),
    "GRU": Place("São Paulo, Guarulhos Airport", "BR", "BRGRU", airlines=("LA", "IB", "UX")),
    "SSZ": Place("Santos, Port of Santos", "BR", "BRSSZ"),
    "LIM": Place("Lima, Jorge Chávez Airport", "PE", "PELIM", airlines=("LA", "IB")),
    "CLL": Place("Callao, Port of Callao", "PE", "PECLL"),
    "CCS": Place("Caracas, Simón Bolívar Airport", "VE", "VECCS", airlines=("IB", "UX")),
    "SDQ": Place("Santo Domingo, Las Américas Airport", "DO", "DOSDQ", airlines=("IB", "UX")),
    "CAU": Place("Caucedo, Port of Caucedo", "DO", "DOCAU"),
    "PTY": Place("Panama City, Tocumen Airport", "PA", "PAPTY", airlines=("CM", "IB")),
    "MIT": Place("Manzanillo, Manzanillo International Terminal", "PA", "PAMIT"),
    "MEX": Place("Mexico City, Benito Juárez Airport", "MX", "MXMEX", airlines=("AM", "IB")),
    "MIA": Place("Miami, Miami International Airport", "US", "USMIA", airlines=("AA", "IB")),
    "YYZ": Place("Toronto, Pearson Airport", "CA", "CAYTO", airlines=("AC",)),
    # -- Africa -----------------------------------------------------------------------------
    "PTM": Place("Tanger Med, Port of Tanger Med", "MA", "MAPTM"),
    "TNG": Place("Tangier, Port of Tangier Ville", "MA", "MATNG"),
    "NDR": Place("Nador, Port of Beni Ansar", "MA", "MANDR"),
    "CMN": Place("Casablanca, Mohammed V Airport", "MA", "MACAS", airlines=("AT", "IB")),
    "LOS": Place("Lagos, Murtala Muhammed Airport", "NG", "NGLOS", airlines=("ET", "QR")),
    "APP": Place("Lagos, Apapa Port", "NG", "NGAPP"),
    "TEM": Place("Tema, Port of Tema", "GH", "GHTEM"),
    "LFW": Place("Lomé, Port of Lomé", "TG", "TGLFW"),
    "ADD": Place("Addis Ababa, Bole Airport", "ET", "ETADD", airlines=("ET",)),
    "TNR": Place("Antananarivo, Ivato Airport", "MG", "MGTNR", airlines=("ET", "AF")),
    "CAI": Place("Cairo, Cairo International Airport", "EG", "EGCAI", airlines=("MS",)),
    # -- Middle East and Asia ---------------------------------------------------------------
    "DOH": Place("Doha, Hamad Airport", "QA", "QADOH", airlines=("QR",)),
    "DXB": Place("Dubai, Dubai International Airport", "AE", "AEDXB", airlines=("EK",)),
    "JEA": Place("Jebel Ali, Port of Jebel Ali", "AE", "AEJEA"),
    "IST": Place("Istanbul, Istanbul Airport", "TR", "TRIST", airlines=("TK",)),
    "MER": Place("Mersin, Port of Mersin", "TR", "TRMER"),
    "BEY": Place("Beirut, Port of Beirut", "LB", "LBBEY"),
    "LTK": Place("Latakia, Port of Latakia", "SY", "SYLTK"),
    "JED": Place("Jeddah, Jeddah Islamic Port", "SA", "SAJED"),
    "KHI": Place("Karachi, Jinnah Airport", "PK", "PKKHI", airlines=("QR", "TK")),
    "NSA": Place("Nhava Sheva, Jawaharlal Nehru Port", "IN", "INNSA"),
    "DEL": Place("Delhi, Indira Gandhi Airport", "IN", "INDEL", airlines=("AI",)),
    "NGB": Place("Ningbo, Port of Ningbo-Zhoushan", "CN", "CNNGB"),
    "SHA": Place("Shanghai, Port of Shanghai", "CN", "CNSHA"),
    "SZX": Place("Shenzhen, Yantian Port", "CN", "CNSZX"),
    "HKG": Place("Hong Kong, Hong Kong International Airport", "HK", "HKHKG", airlines=("CX",)),
    "SGN": Place("Ho Chi Minh City, Cat Lai Port", "VN", "VNSGN"),
    "BKK": Place("Bangkok, Suvarnabhumi Airport", "TH", "THBKK", airlines=("TG", "QR")),
    "CGK": Place("Jakarta, Soekarno-Hatta Airport", "ID", "IDJKT", airlines=("QR", "EK")),
    "SIN": Place("Singapore, Port of Singapore", "SG", "SGSIN"),
    # -- Europe -------------------------------------------------------------------------------
    "AMS": Place("Amsterdam, Schiphol Airport", "NL", "NLAMS", airlines=("KL", "UX")),
    "RTM": Place("Rotterdam, Port of Rotterdam", "NL", "NLRTM"),
    "ANR": Place("Antwerp, Port of Antwerp", "BE", "BEANR"),
    "CDG": Place("Paris, Charles de Gaulle Airport", "FR", "FRCDG", airlines=("AF",)),
    "FRA": Place("Frankfurt, Frankfurt Airport", "DE", "DEFRA", airlines=("LH",)),
    "GIB": Place("Gibraltar", "GI", "GIGIB"),
}


def place(key: str) -> Place:
    """The place named by ``key`` (KeyError for an unknown key: a catalogue mistake)."""
    return PLACES[key]
