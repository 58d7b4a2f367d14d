"""Identifiers the demo makes carry the check characters real ones carry."""

from __future__ import annotations

import random

import pytest

from ncen_core.demo import addresses, companies, conveyances, people
from ncen_core.identifiers import check_container_number, check_imo_number

SEEDS = range(50)


@pytest.mark.parametrize("seed", SEEDS[:5])
def test_container_numbers_pass_the_iso_6346_check(seed):
    number = conveyances.container_number(random.Random(seed))
    assert check_container_number(number) == number


@pytest.mark.parametrize("seed", SEEDS[:5])
def test_imo_numbers_pass_the_imo_check(seed):
    check_imo_number(conveyances.imo_number(random.Random(seed)))


def test_air_waybill_serials_end_with_their_modulo_7_check_digit():
    for seed in SEEDS:
        serial = conveyances.air_waybill(random.Random(seed), "IB").split("-")[1]
        assert int(serial[:7]) % 7 == int(serial[7])


def test_postal_item_identifiers_carry_the_upu_s10_check_digit():
    identifier = conveyances.postal_item_id(random.Random(1), "MA", parcel=True)
    serial, check = identifier[2:10], int(identifier[10])
    total = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7)))
    assert check == {10: 0, 11: 5}.get(11 - total % 11, 11 - total % 11)
    assert identifier.startswith("CP") and identifier.endswith("MA")


def test_spanish_dni_letter_is_the_number_modulo_23():
    for seed in SEEDS:
        dni = people.spanish_dni(random.Random(seed))
        assert dni[-1] == "TRWAGMYFPDXBNJZSQVHLCKE"[int(dni[:8]) % 23]


def test_spanish_nie_letter_counts_x_y_z_as_0_1_2():
    for seed in SEEDS:
        nie = people.spanish_nie(random.Random(seed))
        number = int("XYZ".index(nie[0]) * 10_000_000 + int(nie[1:8]))
        assert nie[-1] == "TRWAGMYFPDXBNJZSQVHLCKE"[number % 23]


def test_chinese_identity_numbers_hold_the_birth_date_and_the_mod_11_2_check():
    number = people.chinese_id(random.Random(3), "F", "1990-04-17")
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    assert number[6:14] == "19900417" and int(number[16]) % 2 == 0
    assert number[17] == "10X98765432"[sum(int(d) * w for d, w in zip(number, weights)) % 11]


def test_spanish_cif_control_digit_matches_published_tax_numbers():
    assert companies.spanish_cif(_FixedDigits("2801586"), "A") == "A28015865"
    assert companies.spanish_cif(_FixedDigits("4610383"), "A") == "A46103834"


def test_phone_numbers_are_international():
    rng = random.Random(2)
    for country in addresses.BOOKS:
        assert addresses.phone(country, rng).startswith("+")


class _FixedDigits(random.Random):
    """A generator whose next integer draw returns fixed digits (for a known CIF)."""

    def __init__(self, digits: str):
        super().__init__(0)
        self.digits = int(digits)

    def randint(self, a: int, b: int) -> int:
        return self.digits
