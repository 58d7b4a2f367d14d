"""Names written in other scripts come out in the Latin letters officers type."""

from __future__ import annotations

from ncen_core.names.phonetic import name_form
from ncen_core.names.transliterate import to_latin


def test_arabic_gets_the_short_vowels_it_omits():
    assert to_latin("محمد علي حسن") == "mahamad ali hasan"


def test_arabic_name_reads_like_its_usual_romanisation():
    assert name_form("محمد علي حسن").phonetic == name_form("Mohamed Ali Hassan").phonetic


def test_arabic_abd_compound_keeps_its_conventional_form():
    assert to_latin("عبد العزيز") == "abd alaziz"


def test_persian_letters_are_transliterated():
    assert to_latin("پژمان چگینی") == "pazhaman chagini"


def test_cyrillic_russian_and_ukrainian():
    assert to_latin("Александр Петров Олександр") == "aleksandr petrov oleksandr"


def test_greek_ou_is_u_sound():
    assert to_latin("Παπαδόπουλος") == "papadopoulos"


def test_chinese_family_name_is_split_from_the_given_name():
    assert to_latin("王小明") == "wang xiaoming"


def test_chinese_written_with_a_space_keeps_its_words():
    assert to_latin("欧阳 娜娜") == "ouyang nana"


def test_latin_diacritics_are_removed():
    assert to_latin("Nguyễn Văn Đức, Çağlar Şahin") == "nguyen van duc caglar sahin"


def test_punctuation_separates_words():
    assert to_latin("Jean-Pierre O'Brien") == "jean pierre obrien"
