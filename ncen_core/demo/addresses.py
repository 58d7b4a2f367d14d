"""Postal addresses and phone numbers that look right for their country.

Officers recognise a Colombian address (``Calle 45 # 12-34``) or a Moroccan mobile number
(``+212 6..``) at a glance, and link analysis matches addresses and phones as text, so the
demo writes them the way each country does. Phone numbers are E.164 with spaces; postcodes
follow each country's pattern (``#`` a digit, ``L`` a letter). Streets are common names,
so no address points at a real household.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


@dataclass(frozen=True)
class AddressBook:
    """How addresses and phone numbers of one country are written.

    ``line`` formats the street line from ``{street}``, ``{n}`` (a house number) and
    ``{m}`` (a second number, for grid addresses); ``cities`` pairs a city with its
    postcode pattern (empty where the country has no postcodes).
    """

    country: str
    phones: tuple[str, ...]
    streets: tuple[str, ...]
    cities: tuple[tuple[str, str], ...]
    line: str = "{street} {n}"


BOOKS: dict[str, AddressBook] = {book.country: book for book in (
    AddressBook("ES", ("+34 6xx xxx xxx", "+34 6xx xxx xxx", "+34 7xx xxx xxx"),
                ("Calle Mayor", "Avenida de América", "Calle de Alcalá", "Calle Real",
                 "Avenida de Andalucía", "Calle San Juan", "Paseo Marítimo", "Calle Ancha"),
                (("Madrid", "280##"), ("Barcelona", "080##"), ("Valencia", "460##"),
                 ("Sevilla", "410##"), ("Málaga", "290##"), ("Algeciras", "112##"),
                 ("La Línea de la Concepción", "1130#"), ("Ceuta", "5100#"),
                 ("Melilla", "5200#"), ("Marbella", "296##")), "{street}, {n}"),
    AddressBook("CO", ("+57 3xx xxx xxxx",),
                ("Calle 45", "Carrera 7", "Calle 80", "Carrera 15", "Avenida Boyacá",
                 "Calle 10 Sur"),
                (("Bogotá", "1100##"), ("Medellín", "0500##"), ("Cali", "7600##"),
                 ("Cartagena", "1300##"), ("Pereira", "6600##")), "{street} # {n}-{m}"),
    AddressBook("VE", ("+58 412 xxx xxxx", "+58 414 xxx xxxx"),
                ("Avenida Urdaneta", "Avenida Bolívar", "Calle Real de Sabana Grande"),
                (("Caracas", "10##"), ("Maracaibo", "40##"), ("Valencia", "20##"))),
    AddressBook("DO", ("+1 809 xxx xxxx", "+1 829 xxx xxxx"),
                ("Avenida Winston Churchill", "Calle El Conde", "Avenida 27 de Febrero"),
                (("Santo Domingo", "10###"), ("Santiago de los Caballeros", "51###"))),
    AddressBook("PE", ("+51 9xx xxx xxx",),
                ("Avenida Arequipa", "Jirón de la Unión", "Avenida Brasil"),
                (("Lima", "150##"), ("Callao", "070##"))),
    AddressBook("EC", ("+593 9x xxx xxxx",),
                ("Avenida 9 de Octubre", "Calle Chimborazo", "Avenida Francisco de Orellana"),
                (("Guayaquil", "0901##"), ("Quito", "1701##")), "{street} {n}-{m}"),
    AddressBook("BO", ("+591 7xxx xxxx",), ("Avenida 16 de Julio", "Calle Sucre", "Avenida Cañoto"),
                (("La Paz", ""), ("Santa Cruz de la Sierra", ""))),
    AddressBook("PA", ("+507 6xxx xxxx",), ("Avenida Balboa", "Vía España", "Calle 50"),
                (("Panamá", ""), ("Colón", ""))),
    AddressBook("MX", ("+52 55 xxxx xxxx", "+52 667 xxx xxxx"),
                ("Avenida Insurgentes Sur", "Calle Madero", "Paseo de la Reforma"),
                (("Ciudad de México", "0####"), ("Culiacán", "80###"), ("Guadalajara", "44###"))),
    AddressBook("BR", ("+55 11 9xxxx xxxx", "+55 21 9xxxx xxxx"),
                ("Rua Augusta", "Avenida Paulista", "Rua da Consolação", "Rua Voluntários da Pátria"),
                (("São Paulo", "0####-###"), ("Rio de Janeiro", "2####-###"),
                 ("Santos", "110##-###")), "{street}, {n}"),
    AddressBook("US", ("+1 305 xxx xxxx", "+1 212 xxx xxxx"),
                ("Biscayne Boulevard", "Flagler Street", "Ocean Drive"),
                (("Miami", "331##"), ("New York", "100##")), "{n} {street}"),
    AddressBook("MA", ("+212 6xx xx xx xx", "+212 7xx xx xx xx"),
                ("Rue Ibn Batouta", "Avenue Mohammed V", "Boulevard Zerktouni", "Rue de Fès",
                 "Avenue Hassan II"),
                (("Tanger", "90000"), ("Tétouan", "93000"), ("Nador", "62000"),
                 ("Casablanca", "20###"), ("Fnideq", "93100")), "{n}, {street}"),
    AddressBook("NG", ("+234 80x xxx xxxx", "+234 70x xxx xxxx"),
                ("Allen Avenue", "Awolowo Road", "Adeola Odeku Street", "Herbert Macaulay Way"),
                (("Lagos", "1000##"), ("Abuja", "9000##"), ("Onitsha", "4340##")), "{n} {street}"),
    AddressBook("LB", ("+961 3 xxx xxx", "+961 71 xxx xxx"),
                ("Rue Hamra", "Rue Gouraud", "Avenue des Français"),
                (("Beirut", "11##"), ("Tripoli", "13##")), "{n} {street}"),
    AddressBook("AE", ("+971 50 xxx xxxx", "+971 55 xxx xxxx"),
                ("Sheikh Zayed Road", "Al Rigga Road", "Khalid bin Al Waleed Road"),
                (("Dubai", ""), ("Sharjah", "")), "{n} {street}"),
    AddressBook("TR", ("+90 5xx xxx xx xx",),
                ("Atatürk Caddesi", "İstiklal Caddesi", "Cumhuriyet Caddesi"),
                (("İstanbul", "34###"), ("Mersin", "33###"), ("Gaziantep", "27###")),
                "{street} No:{n}"),
    AddressBook("AL", ("+355 6x xxx xxxx",),
                ("Rruga e Durrësit", "Rruga Myslym Shyri", "Bulevardi Zogu I"),
                (("Tiranë", "1001"), ("Durrës", "2001"), ("Vlorë", "9401")), "{street}, Nr. {n}"),
    AddressBook("NL", ("+31 6 xxxx xxxx",),
                ("Kerkstraat", "Molenweg", "Dorpsstraat", "Stationsweg"),
                (("Amsterdam", "10## LL"), ("Rotterdam", "30## LL"), ("Eindhoven", "56## LL"))),
    AddressBook("BE", ("+32 4xx xx xx xx",),
                ("Kerkstraat", "Meir", "Rue Neuve"), (("Antwerpen", "2000"), ("Bruxelles", "1000"))),
    AddressBook("FR", ("+33 6 xx xx xx xx", "+33 7 xx xx xx xx"),
                ("Rue de la République", "Avenue Jean Jaurès", "Boulevard Voltaire"),
                (("Paris", "750##"), ("Marseille", "130##"), ("Perpignan", "66000")), "{n} {street}"),
    AddressBook("GI", ("+350 5xxx xxxx",), ("Main Street", "Irish Town", "Devil's Tower Road"),
                (("Gibraltar", "GX11 1AA"),), "{n} {street}"),
    AddressBook("RU", ("+7 9xx xxx xx xx",),
                ("ulitsa Lenina", "prospekt Mira", "ulitsa Gagarina", "Sadovaya ulitsa"),
                (("Moskva", "1#####"), ("Sankt-Peterburg", "19####"), ("Kaliningrad", "236###"))),
    AddressBook("PK", ("+92 3xx xxx xxxx",), ("Shahrah-e-Faisal", "M. A. Jinnah Road"),
                (("Karachi", "7####"), ("Lahore", "54###")), "{n} {street}"),
    AddressBook("IN", ("+91 9xxxx xxxxx",), ("MG Road", "Linking Road", "Chandni Chowk"),
                (("Mumbai", "4000##"), ("Delhi", "1100##")), "{n} {street}"),
    AddressBook("CN", ("+86 13x xxxx xxxx", "+86 15x xxxx xxxx"),
                ("Renmin Road", "Jiefang Road", "Zhongshan Road", "Binhe Avenue"),
                (("Shenzhen", "518###"), ("Guangzhou", "510###"), ("Ningbo", "315###"),
                 ("Yiwu", "322###"), ("Fuzhou", "350###")), "No. {n} {street}"),
    AddressBook("HK", ("+852 9xxx xxxx", "+852 6xxx xxxx"),
                ("Nathan Road", "Des Voeux Road Central", "Canton Road"),
                (("Hong Kong", ""), ("Kowloon", "")), "{n} {street}"),
    AddressBook("VN", ("+84 9x xxx xxxx",), ("Đường Nguyễn Huệ", "Đường Lê Lợi", "Đường Trần Hưng Đạo"),
                (("Thành phố Hồ Chí Minh", "700000"), ("Hà Nội", "100000")), "{n} {street}"),
)}


def fill(pattern: str, rng: random.Random) -> str:
    """``pattern`` with each ``#`` or ``x`` replaced by a digit and each ``L`` by a letter."""
    out = []
    for char in pattern:
        if char in "#x":
            out.append(str(rng.randrange(10)))
        elif char == "L":
            out.append(rng.choice(LETTERS))
        else:
            out.append(char)
    return "".join(out)


def phone(country: str, rng: random.Random) -> str | None:
    """A mobile number of ``country``; None where the demo knows no numbering plan."""
    book = BOOKS.get(country)
    return fill(rng.choice(book.phones), rng) if book else None


def city(country: str, rng: random.Random) -> str | None:
    """A city of ``country``, or None."""
    book = BOOKS.get(country)
    return rng.choice(book.cities)[0] if book else None


def address(country: str, rng: random.Random, *, fallback_city: str | None = None) -> dict:
    """An address row (street, city, postcode, country).

    For a country without an address book only the city (``fallback_city``) is known, as
    often happens with a foreign company named on a bill of lading.
    """
    book = BOOKS.get(country)
    if book is None:
        return {"street": None, "city": fallback_city, "postcode": None, "country": country}
    city_name, postcode = rng.choice(book.cities)
    street = book.line.format(street=rng.choice(book.streets), n=rng.randint(1, 180),
                              m=rng.randint(1, 99))
    return {"street": street, "city": city_name, "postcode": fill(postcode, rng) or None,
            "country": country}
