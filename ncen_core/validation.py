"""Turning raw values (typed, or text from forms and CSV files) into valid stored values.

One function per kind; each returns the canonical value or raises ValueError with a short
reason, and :func:`normalise_values` collects every problem into one ValidationError keyed
by field path (``items[2].quantity``) so a form or an import report can show them all.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Mapping

from ncen_core.codelists import CodeListRegistry, unit_conversion
from ncen_core.errors import ValidationError
from ncen_core.fields import FieldSpec, Kind, RecordType
from ncen_core.partial_dates import parse_partial_date

TRUE_WORDS = frozenset({"true", "yes", "y", "1", "oui", "si", "sí", "x"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "non", ""})
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")
DEFAULT_MAX_TEXT = 2000
DEFAULT_MAX_LONGTEXT = 100_000


@dataclass(frozen=True)
class Quantity:
    """An amount in a unit, with its value normalised to kg, l or u when the unit is known."""

    amount: Decimal
    unit: str
    normalised: Decimal | None = None
    base_unit: str | None = None


def normalise_values(
    record_type: RecordType,
    values: Mapping[str, Any],
    codelists: CodeListRegistry,
    *,
    check_required: bool = True,
) -> dict[str, Any]:
    """Validate ``values`` for ``record_type``; return canonical values or raise ValidationError.

    Empty strings and None mean "not set". Unknown field names are errors, so a typo in an
    import mapping cannot silently drop data. Callers that validate many records of one
    type (imports) keep a :class:`RecordValidator` instead.
    """
    return RecordValidator(record_type, codelists).normalise(values, check_required=check_required)


Checker = Callable[[Any], Any]


class RecordValidator:
    """:func:`normalise_values` for one record type, compiled once.

    Each field gets its checker up front (patterns compiled, limits and decimal quanta
    computed, valid codes and units in plain dictionaries), so validating a record costs
    a dictionary lookup and a call per field set: an import validates millions of records
    with the same few dozen fields. Results and messages are those of the per-kind
    functions below.
    """

    def __init__(self, record_type: RecordType, codelists: CodeListRegistry):
        self.record_type = record_type
        self.known = frozenset(spec.name for spec in record_type.fields)
        #: Per field: name, check, whether the check takes (problems, path) too (a group
        #: reports each row's problems), required, and whether "not set" is a list.
        self.plan = [(spec.name, *_checker(spec, codelists), spec.required,
                      spec.is_child_table) for spec in record_type.fields]

    def normalise(self, values: Mapping[str, Any], *, check_required: bool = True
                  ) -> dict[str, Any]:
        """Canonical values of ``values``, or ValidationError with every problem by path."""
        problems: dict[str, str] = {}
        result: dict[str, Any] = {}
        if not self.known.issuperset(values):
            for name in values:
                if name not in self.known:
                    problems[name] = f"unknown field of {self.record_type.name}"
        get = values.get
        for name, check, per_row, required, is_list in self.plan:
            value = get(name)
            if value.__class__ is str:  # most values: _present inlined
                present = value and not value.isspace()
            else:
                present = value is not None and _present(value)
            if present:
                try:
                    result[name] = check(value, problems, name) if per_row else check(value)
                except ValueError as exc:
                    problems[name] = str(exc)
            elif check_required and required:
                problems[name] = "is required"
            elif name in values:
                result[name] = [] if is_list else None
        if problems:
            raise ValidationError(problems, self.record_type.name)
        return result


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value) and not value.isspace()
    if isinstance(value, (list, tuple)):
        return bool(value)
    return True


def name_present(values: Mapping[str, Any], name: str) -> bool:
    """True when ``values`` sets ``name`` to something other than nothing."""
    return _present(values.get(name))


def _checker(spec: FieldSpec, codelists: CodeListRegistry) -> tuple[Callable[..., Any], bool]:
    """The compiled check of one field and whether it takes (problems, path) after the raw
    value (a group reports each row's problems by path); it returns the canonical value."""
    if spec.kind is Kind.GROUP:
        members = [(sub.name, _scalar_checker(sub, codelists), sub.required)
                   for sub in spec.fields]
        names = frozenset(sub.name for sub in spec.fields)

        def group(raw: Any, problems: dict, path: str) -> list[dict[str, Any]]:
            return _group(spec, members, names, raw, problems, path)

        return group, True
    if spec.kind is Kind.CODES:
        code = _code_checker(spec, codelists)

        def codes(raw: Any) -> list[str]:
            result = [code(item) for item in _as_list(raw)]
            if len(set(result)) != len(result):
                raise ValueError("the same code is given twice")
            return result

        return codes, False
    return _scalar_checker(spec, codelists), False


def _scalar_checker(spec: FieldSpec, codelists: CodeListRegistry) -> Checker:
    compiled = _COMPILED_CHECKERS.get(spec.kind)
    if compiled is not None:
        return compiled(spec, codelists)
    normaliser = SCALAR_NORMALISERS[spec.kind]
    return lambda raw: normaliser(spec, raw, codelists)


def _text_checker(spec: FieldSpec, _codelists: CodeListRegistry) -> Checker:
    long = spec.kind is Kind.LONGTEXT
    limit = spec.max_length or (DEFAULT_MAX_LONGTEXT if long else DEFAULT_MAX_TEXT)
    pattern = re.compile(spec.pattern) if spec.pattern else None

    def check(raw: Any) -> str:
        if not isinstance(raw, str):
            raise ValueError("must be text")
        text = raw if long else raw.strip()
        if "\x00" in text:
            raise ValueError("contains a NUL character")
        if len(text) > limit:
            raise ValueError(f"must be at most {limit} characters (got {len(text)})")
        if pattern is not None and not pattern.fullmatch(text):
            raise ValueError(f"does not match the expected format {spec.pattern}")
        return text

    return check


def _code_checker(spec: FieldSpec, codelists: CodeListRegistry) -> Checker:
    codelist = codelists.get(spec.codelist or "")
    valid = {value.code: value.code for value in codelist.values.values() if not value.retired}

    def check(raw: Any) -> str:
        code = valid.get(raw) if isinstance(raw, str) else None
        return code if code is not None else _code(spec, raw, codelists)

    return check


def _decimal_checker(spec: FieldSpec, _codelists: CodeListRegistry) -> Checker:
    quantum = Decimal(1).scaleb(-spec.decimal_places)
    limits = _limits(spec)

    def check(raw: Any) -> Decimal:
        value = _parse_decimal(raw)
        limits(value)
        return value.quantize(quantum)

    return check


def _quantity_checker(spec: FieldSpec, codelists: CodeListRegistry) -> Checker:
    """Quantities of an import repeat a few units: their code and conversion are looked up
    once per unit text."""
    quantum = Decimal(1).scaleb(-spec.decimal_places)
    limits = _limits(spec)
    units = codelists.get(spec.codelist or "unit")
    known: dict[str, tuple[str, tuple[Decimal, str] | None]] = {}

    def unit_of(unit: Any) -> tuple[str, tuple[Decimal, str] | None]:
        text = str(unit)
        found = known.get(text)
        if found is None:
            unit_value = units.lookup(text)
            if unit_value is None:
                raise ValueError(f"unknown unit {text[:20]!r} in code list {units.name}")
            found = known[text] = (unit_value.code, unit_conversion(units, unit_value.code))
        return found

    def check(raw: Any) -> Quantity:
        amount, unit = _quantity_parts(raw)
        value = _parse_decimal(amount)
        if value < 0:
            raise ValueError("amount cannot be negative")
        limits(value)
        value = value.quantize(quantum)
        code, conversion = unit_of(unit)
        if conversion is None:
            return Quantity(value, code)
        factor, base = conversion
        return Quantity(value, code, (value * factor).quantize(_NORMALISED_QUANTUM), base)

    return check


def _limits(spec: FieldSpec) -> Callable[[int | Decimal], None]:
    if spec.min_value is None and spec.max_value is None:
        return lambda _value: None
    return lambda value: _check_limits(spec, value)


def _group(spec: FieldSpec, members: list[tuple[str, Checker, bool]], names: frozenset[str],
           raw: Any, problems: dict[str, str], path: str) -> list[dict[str, Any]]:
    if not isinstance(raw, (list, tuple)):
        raise ValueError("must be a list of rows")
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(raw, start=1):
        if not isinstance(row, (dict, Mapping)):  # dict first: typing's Mapping test is slow
            problems[f"{path}[{index}]"] = "must be a row of fields"
            continue
        clean: dict[str, Any] = {}
        if not names.issuperset(row):
            for name in row:
                if name not in names:
                    problems[f"{path}[{index}].{name}"] = f"unknown field of {spec.name}"
        get = row.get
        for name, check, required in members:
            value = get(name)
            if value.__class__ is str:  # most values: _present inlined
                present = value and not value.isspace()
            else:
                present = value is not None and _present(value)
            if present:
                try:
                    clean[name] = check(value)
                except ValueError as exc:
                    problems[f"{path}[{index}].{name}"] = str(exc)
            elif required:
                problems[f"{path}[{index}].{name}"] = "is required"
            else:
                clean[name] = None
        rows.append(clean)
    return rows


def _as_list(raw: Any) -> list[Any]:
    if isinstance(raw, str):
        return [part.strip() for part in re.split(r"[;|]", raw) if part.strip()]
    if isinstance(raw, (list, tuple, set, frozenset)):
        return list(raw)
    raise ValueError("must be a list of codes")


def _int(spec: FieldSpec, raw: Any, _codelists: CodeListRegistry) -> int:
    if isinstance(raw, bool):
        raise ValueError("must be a whole number")
    if isinstance(raw, int):
        value = raw
    else:
        try:
            value = int(str(raw).strip().replace(" ", ""))
        except ValueError:
            raise ValueError(f"must be a whole number (got {str(raw)[:40]!r})") from None
    _check_limits(spec, value)
    return value


def _parse_decimal(raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise ValueError("must be a number")
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, (int, float)):
        value = Decimal(str(raw))
    else:
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"must be a number (got {str(raw)[:40]!r})") from None
    if not value.is_finite():
        raise ValueError("must be a finite number")
    if abs(value) >= _TOO_LARGE:
        raise ValueError("is too large")
    return value


def _check_limits(spec: FieldSpec, value: int | Decimal) -> None:
    if spec.min_value is not None and value < Decimal(str(spec.min_value)):
        raise ValueError(f"must be at least {spec.min_value:g}")
    if spec.max_value is not None and value > Decimal(str(spec.max_value)):
        raise ValueError(f"must be at most {spec.max_value:g}")


def _date(spec: FieldSpec, raw: Any, _codelists: CodeListRegistry) -> dt.date | str:
    if isinstance(raw, dt.datetime):
        raise ValueError("must be a date without a time")
    if isinstance(raw, dt.date):
        return raw.isoformat() if spec.partial else raw
    if not isinstance(raw, str):
        raise ValueError("must be a date YYYY-MM-DD")
    if spec.partial:
        return parse_partial_date(raw)
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(f"must be a date YYYY-MM-DD (got {raw.strip()[:40]!r})") from None


def _datetime(_spec: FieldSpec, raw: Any, _codelists: CodeListRegistry) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        value = raw
    elif isinstance(raw, str):
        try:
            value = dt.datetime.fromisoformat(raw.strip())
        except ValueError:
            raise ValueError(f"must be a date and time YYYY-MM-DD HH:MM (got {raw.strip()[:40]!r})") from None
    else:
        raise ValueError("must be a date and time YYYY-MM-DD HH:MM")
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _bool(_spec: FieldSpec, raw: Any, _codelists: CodeListRegistry) -> bool:
    if isinstance(raw, bool):
        return raw
    word = str(raw).strip().casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"must be yes or no (got {str(raw)[:20]!r})")


def _code(spec: FieldSpec, raw: Any, codelists: CodeListRegistry) -> str:
    if not isinstance(raw, str):
        raw = str(raw)
    codelist = codelists.get(spec.codelist or "")
    value = codelist.get(raw.strip())
    if value is None:
        raise ValueError(f"unknown code {raw.strip()[:40]!r} in code list {codelist.name}")
    if value.retired:
        raise ValueError(f"code {value.code!r} is retired from code list {codelist.name}")
    return value.code


def _country(_spec: FieldSpec, raw: Any, _codelists: CodeListRegistry) -> str:
    return country_code(str(raw))


@functools.lru_cache(maxsize=1024)
def country_code(text: str) -> str:
    """ISO 3166-1 alpha-2 code for an alpha-2, alpha-3 or numeric code; ValueError otherwise.

    Cached: imports look up the same few hundred codes millions of times. pycountry is
    imported on the first lookup (its database costs start-up time otherwise).
    """
    import pycountry

    key = text.strip().upper()
    country = None
    if len(key) == 2:
        country = pycountry.countries.get(alpha_2=key)
    elif len(key) == 3 and key.isdigit():
        country = pycountry.countries.get(numeric=key)
    elif len(key) == 3:
        country = pycountry.countries.get(alpha_3=key)
    if country is None:
        raise ValueError(f"unknown country {text.strip()[:40]!r} (expected an ISO 3166 code)")
    return country.alpha_2


def _quantity_parts(raw: Any) -> tuple[Any, Any]:
    """(amount, unit) of a quantity given as a Quantity, a mapping or '12.5 KG'."""
    if isinstance(raw, Quantity):
        amount, unit = raw.amount, raw.unit
    elif isinstance(raw, (dict, Mapping)):
        amount, unit = raw.get("amount"), raw.get("unit")
    elif isinstance(raw, str):
        parts = raw.strip().split()
        if len(parts) != 2:
            raise ValueError("must be an amount and a unit, e.g. '12.5 KG'")
        amount, unit = parts
    else:
        raise ValueError("must be an amount and a unit")
    if amount is None or unit is None or not str(unit).strip():
        raise ValueError("needs both an amount and a unit")
    return amount, unit


def _photo(_spec: FieldSpec, raw: Any, _codelists: CodeListRegistry) -> str:
    if not isinstance(raw, str) or not SHA256_PATTERN.match(raw.strip()):
        raise ValueError("must be the SHA-256 of an attachment")
    return raw.strip()


#: Kinds checked by a plain function; the others have a compiled checker below.
SCALAR_NORMALISERS: dict[Kind, Callable[[FieldSpec, Any, CodeListRegistry], Any]] = {
    Kind.INT: _int,
    Kind.DATE: _date,
    Kind.DATETIME: _datetime,
    Kind.BOOL: _bool,
    Kind.CODE: _code,
    Kind.COUNTRY: _country,
    Kind.PHOTO: _photo,
}

_COMPILED_CHECKERS: dict[Kind, Callable[[FieldSpec, CodeListRegistry], Checker]] = {
    Kind.TEXT: _text_checker,
    Kind.LONGTEXT: _text_checker,
    Kind.DECIMAL: _decimal_checker,
    Kind.CODE: _code_checker,
    Kind.QUANTITY: _quantity_checker,
}
_NORMALISED_QUANTUM = Decimal("0.000001")
_TOO_LARGE = Decimal(10) ** 15
