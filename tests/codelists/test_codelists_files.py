"""The code-list files shipped in config/codelists: they load, are translated and agree.

These tests check structure, not content: a value may be added, relabelled or retired
without touching this file, but not left untranslated, given an odd code, or pointed at a
parent, transport mode or record type that does not exist.
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pycountry
import pytest
import yaml

from ncen_core.codelists import CodeList, load_codelist_file
from ncen_core.errors import FieldSpecError

CODELIST_DIR = Path(__file__).resolve().parents[2] / "config" / "codelists"
FILES = sorted(CODELIST_DIR.glob("*.yaml"))
LANGUAGES = ("en", "fr", "es")
CODE_PATTERN = re.compile(r"^[A-Z0-9]+(?:_[A-Z0-9]+)*$")

# Lists that may leave a French or Spanish label out (the label then falls back to English),
# each with the share of values that must still be fully translated. Every such value must
# be named in the file's header comment.
TRANSLATION_FALLBACKS = {"currency": 0.95}

# Lists whose values have a parent in another list (declared with `parent_codelist`).
CROSS_LIST_PARENTS = {
    "commodity_subtype": "commodity_category",
    "concealment_method": "concealment_category",
}

LINK_RECORD_TYPES = {"seizure": "SEIZ", "suspect": "SUSP", "company": "COMP"}
CITES_APPENDICES = {"I", "II", "III"}


def _ids(paths: list[Path]) -> list[str]:
    return [path.stem for path in paths]


@pytest.fixture(scope="module")
def codelists() -> dict[str, CodeList]:
    """The lists that load; a file that does not is reported by its own test."""
    loaded = {}
    for path in FILES:
        try:
            loaded[path.stem] = load_codelist_file(path)
        except FieldSpecError:
            pass
    return loaded


def _codelist(codelists: dict[str, CodeList], name: str) -> CodeList:
    if name not in codelists:
        pytest.fail(f"config/codelists/{name}.yaml is missing or does not load")
    return codelists[name]


def _header_comment(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    return "\n".join(header)


def test_the_directory_holds_code_lists():
    assert FILES, f"no code list in {CODELIST_DIR}"
    assert not list(CODELIST_DIR.glob("*.yml")), "code lists end in .yaml"


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_a_file_loads_and_is_named_after_its_list(path):
    codelist = load_codelist_file(path)

    assert codelist.name == path.stem
    assert isinstance(codelist.version, int) and codelist.version >= 1
    assert codelist.active_values(), "a list offers at least one value for new data"


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_a_file_opens_with_a_comment_saying_what_the_list_is(path):
    assert len(_header_comment(path)) > 40


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_the_title_is_in_every_language(path):
    title = load_codelist_file(path).title

    for language in LANGUAGES:
        assert title.get(language, "").strip(), f"title has no {language!r} text"


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_codes_are_unique_and_look_stable(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    codes = [str(entry["code"]) for entry in raw["values"]]

    bad = [code for code in codes if not CODE_PATTERN.match(code)]
    assert not bad, f"codes must be UPPER_SNAKE or digits: {bad}"
    folded = collections.Counter(code.casefold() for code in codes)
    assert not [code for code, n in folded.items() if n > 1], "codes must be unique, ignoring case"


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_every_value_is_labelled_in_english_french_and_spanish(path):
    codelist = load_codelist_file(path)
    untranslated = []
    for value in codelist.values.values():
        assert value.labels.get("en", "").strip(), f"{value.code}: no English label"
        for language, text in value.labels.items():
            assert text and text == text.strip(), f"{value.code}: blank or padded {language} label"
        if any(language not in value.labels for language in LANGUAGES):
            untranslated.append(value.code)

    share = TRANSLATION_FALLBACKS.get(codelist.name)
    if share is None:
        assert not untranslated, f"values without en, fr and es labels: {untranslated}"
        return
    assert len(untranslated) <= (1 - share) * len(codelist.values), untranslated
    header = _header_comment(path)
    undocumented = [code for code in untranslated if code not in header]
    assert not undocumented, f"English fallbacks not named in the header comment: {undocumented}"


@pytest.mark.parametrize("path", FILES, ids=_ids(FILES))
def test_labels_tell_sibling_values_apart(path):
    """Pickers and imports look values up by label: siblings must not share one."""
    codelist = load_codelist_file(path)
    seen: dict[tuple, str] = {}
    for value in codelist.values.values():
        group = (value.parent, value.attrs.get("from"), value.attrs.get("to"))
        for language, text in value.labels.items():
            key = (group, language, text.casefold())
            assert key not in seen, f"{value.code} and {seen[key]} share the label {text!r}"
            seen[key] = value.code


@pytest.mark.parametrize(("child", "parent"), CROSS_LIST_PARENTS.items())
def test_every_value_has_a_parent_in_the_parent_list(codelists, child, parent):
    children = _codelist(codelists, child)
    parents = _codelist(codelists, parent)

    for value in children.active_values():
        assert value.parent is not None, f"{child} {value.code} has no parent"
        assert value.parent in parents, f"{child} {value.code}: {value.parent!r} not in {parent}"
        assert not parents.values[value.parent].retired, f"{child} {value.code}: parent is retired"


@pytest.mark.parametrize(("child", "parent"), CROSS_LIST_PARENTS.items())
def test_child_list_declares_its_parent_list(codelists, child, parent):
    assert _codelist(codelists, child).parent_codelist == parent


@pytest.mark.parametrize(("child", "parent"), CROSS_LIST_PARENTS.items())
def test_every_parent_value_has_children(codelists, child, parent):
    used = {value.parent for value in _codelist(codelists, child).active_values()}

    childless = [v.code for v in _codelist(codelists, parent).active_values() if v.code not in used]
    assert not childless, f"{parent} values without any {child}: {childless}"


def test_a_commodity_subtype_code_starts_with_its_category(codelists):
    for value in _codelist(codelists, "commodity_subtype").active_values():
        assert value.code.startswith(f"{value.parent}_"), value.code


def test_cites_appendices_are_only_on_wildlife_and_are_i_ii_or_iii(codelists):
    for value in _codelist(codelists, "commodity_subtype").values.values():
        if "cites_appendix" in value.attrs:
            assert value.parent == "WILDLIFE", f"{value.code}: CITES Appendix outside wildlife"
            assert value.attrs["cites_appendix"] in CITES_APPENDICES, value.code


def test_currency_codes_are_iso_4217(codelists):
    for value in _codelist(codelists, "currency").values.values():
        currency = pycountry.currencies.get(alpha_3=value.code)
        assert currency is not None, f"{value.code} is not an ISO 4217 code"
        assert value.attrs.get("numeric") == currency.numeric, f"{value.code}: numeric code"


def test_transport_modes_are_un_cefact_rec_19_digits(codelists):
    codes = set(_codelist(codelists, "transport_mode").values)

    assert codes <= {str(digit) for digit in range(10)}


def test_every_conveyance_type_names_an_existing_transport_mode(codelists):
    modes = _codelist(codelists, "transport_mode")

    for value in _codelist(codelists, "conveyance_type").values.values():
        mode = value.attrs.get("transport_mode")
        assert isinstance(mode, str), f"{value.code}: transport_mode must be a code (text)"
        assert mode in modes, f"{value.code}: transport mode {mode!r} is not in transport_mode"


def test_every_link_role_connects_known_record_types(codelists):
    for value in _codelist(codelists, "link_role").values.values():
        ends = (value.attrs.get("from"), value.attrs.get("to"))
        assert set(ends) <= set(LINK_RECORD_TYPES), f"{value.code}: from/to {ends}"


def test_a_link_role_code_starts_with_the_types_it_connects(codelists):
    for value in _codelist(codelists, "link_role").values.values():
        prefix = f"{LINK_RECORD_TYPES[value.attrs['from']]}_{LINK_RECORD_TYPES[value.attrs['to']]}_"
        assert value.code.startswith(prefix), f"{value.code} should start with {prefix}"


def test_symmetric_and_inverse_link_roles_are_consistent(codelists):
    roles = _codelist(codelists, "link_role")

    for value in roles.values.values():
        if value.attrs.get("symmetric"):
            assert value.attrs["from"] == value.attrs["to"], f"{value.code}: symmetric across types"
            assert "inverse" not in value.attrs, f"{value.code}: symmetric role with an inverse"
        if "inverse" in value.attrs:
            inverse = roles.get(value.attrs["inverse"])
            assert inverse is not None, f"{value.code}: unknown inverse {value.attrs['inverse']!r}"
            assert inverse.attrs.get("inverse") == value.code, f"{value.code}: inverse not mutual"
            reversed_ends = (value.attrs["to"], value.attrs["from"])
            assert (inverse.attrs["from"], inverse.attrs["to"]) == reversed_ends, value.code
