"""Pure validators for the value formats the Kubernetes API server checks.

Every function returns a list of problem strings worded like the API server's detail text
(empty list = valid). They are re-implementations of the documented formats (RFC 1123 labels
and subdomains, RFC 1035 labels, IANA service names, qualified names, label values, percents,
resource quantities), not copies of Kubernetes code.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable

_LABEL_FMT = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_LABEL = re.compile(rf"^{_LABEL_FMT}$")
_DNS1123_SUBDOMAIN = re.compile(rf"^{_LABEL_FMT}(\.{_LABEL_FMT})*$")
_DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_QUALIFIED_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
_IANA_CHARS = re.compile(r"^[-a-z0-9]+$")
_HAS_LETTER = re.compile(r"[a-z]")
_PERCENT = re.compile(r"^[0-9]+%$")
_HTTP_HEADER = re.compile(r"^[-A-Za-z0-9]+$")
_ENV_VAR = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
#: printable ASCII (32-126) except '=' (61)
_RELAXED_ENV_VAR = re.compile(r"[\x20-\x3c\x3e-\x7e]+")
_CONFIGMAP_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")

DNS1123_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
    "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
    "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
DNS1035_LABEL_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
    "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)
QUALIFIED_NAME_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
    "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation "
    "is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
    "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)


_MEMO_MAX = 20_000


def _remembered(check: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """A name validator that remembers its answers (bounded): manifests repeat the same names.

    The strings it accepted are kept apart too (``accepted``), so :func:`all_accepted` can test
    a whole label map with one set operation instead of a call per key.
    """
    memo: dict[str, tuple[str, ...]] = {}
    accepted: set[str] = set()

    @functools.wraps(check)
    def remembered(value: str) -> list[str]:
        if value.__class__ is not str:
            return check(value)
        found = memo.get(value)
        if found is None:
            found = tuple(check(value))
            if len(memo) < _MEMO_MAX:
                memo[value] = found
                if not found:
                    accepted.add(value)
        return list(found)

    remembered.accepted = accepted  # type: ignore[attr-defined]
    return remembered


def all_accepted(check: Callable[[str], list[str]], values: Iterable[Any]) -> bool:
    """Whether the remembered validator ``check`` already accepted every one of ``values`` (a
    False only means "ask ``check`` value by value")."""
    try:
        return check.accepted.issuperset(values)  # type: ignore[attr-defined]
    except TypeError:  # an unhashable value (a wrong type, left to the schema validator)
        return False


def too_long(n: int) -> str:
    return f"must be no more than {n} characters"


@_remembered
def dns1123_label(value: str) -> list[str]:
    errs = []
    if len(value) > 63:
        errs.append(too_long(63))
    if not _DNS1123_LABEL.match(value):
        errs.append(DNS1123_LABEL_MSG)
    return errs


@_remembered
def dns1123_subdomain(value: str) -> list[str]:
    errs = []
    if len(value) > 253:
        errs.append(too_long(253))
    if not _DNS1123_SUBDOMAIN.match(value):
        errs.append(DNS1123_SUBDOMAIN_MSG)
    return errs


@_remembered
def dns1035_label(value: str) -> list[str]:
    errs = []
    if len(value) > 63:
        errs.append(too_long(63))
    if not _DNS1035_LABEL.match(value):
        errs.append(DNS1035_LABEL_MSG)
    return errs


@_remembered
def qualified_name(value: str) -> list[str]:
    """``[prefix/]name``: the format of label keys, annotation keys and finalizers."""
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            return ["prefix part must be non-empty"]
        sub = dns1123_subdomain(prefix)
        if sub:
            return ["prefix part " + s for s in sub]
    else:
        return [
            "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start "
            "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
            "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
            "subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    errs = []
    if not name:
        return ["name part must be non-empty"]
    if len(name) > 63:
        errs.append("name part " + too_long(63))
    if not _QUALIFIED_NAME.match(name):
        errs.append(QUALIFIED_NAME_MSG)
    return errs


@_remembered
def label_value(value: str) -> list[str]:
    errs = []
    if len(value) > 63:
        errs.append(too_long(63))
    if not _LABEL_VALUE.match(value):
        errs.append(LABEL_VALUE_MSG)
    return errs


def port_number(value: int) -> list[str]:
    return [] if 1 <= value <= 65535 else ["must be between 1 and 65535, inclusive"]


@_remembered
def iana_svc_name(value: str) -> list[str]:
    """IANA_SVC_NAME (RFC 6335): container port names and named ports."""
    errs = []
    if len(value) > 15:
        errs.append(too_long(15))
    if not _IANA_CHARS.match(value):
        errs.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
    if "--" in value:
        errs.append("must not contain consecutive hyphens")
    if value and not _HAS_LETTER.search(value):
        errs.append("must contain at least one letter (a-z)")
    if value.startswith("-") or value.endswith("-"):
        errs.append("must not begin or end with a hyphen")
    return errs


def port_num_or_name(value: object) -> list[str] | None:
    """An IntOrString port: int 1-65535 or an IANA_SVC_NAME. None = wrong type (skip)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return port_number(value)
    if isinstance(value, str):
        return iana_svc_name(value)
    return None


def percent(value: str) -> bool:
    return bool(_PERCENT.match(value))


def http_header_name(value: str) -> list[str]:
    if _HTTP_HEADER.match(value):
        return []
    return [
        "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', "
        "regex used for validation is '[-A-Za-z0-9]+')"
    ]


def env_var_name(value: str, relaxed: bool) -> list[str]:
    if relaxed:
        if _RELAXED_ENV_VAR.fullmatch(value):
            return []
        return ["a valid environment variable name must consist only of printable ASCII characters other than '='"]
    if _ENV_VAR.match(value):
        return []
    return [
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', "
        "and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', "
        "regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')"
    ]


@_remembered
def config_map_key(value: str) -> list[str]:
    errs = []
    if len(value) > 253:
        errs.append(too_long(253))
    if not _CONFIGMAP_KEY.match(value):
        errs.append(
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
            "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
        )
    if value in (".", ".."):
        errs.append(f"must not be '{value}'")
    elif value.startswith(".."):
        errs.append("must not start with '..'")
    return errs


# -- resource quantities -----------------------------------------------------------------

QUANTITY_REGEX_MSG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
_QTY = re.compile(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")
_NUMBER = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$")
_EXP = re.compile(r"^[eE][-+]?[0-9]+$")
_BINARY = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}


class QuantityError(ValueError):
    pass


#: Quantity text -> (value, None) or (None, decoder message); bounded (manifests repeat `100m`, `128Mi`).
_PARSED: dict[str, tuple[Decimal | None, str | None]] = {}
_PARSED_MAX = 10_000


def parse_quantity(value: object) -> Decimal | None:
    """The exact value of a Kubernetes Quantity.

    Returns None when the value has the wrong JSON type (the schema validator's job); raises
    :class:`QuantityError` with the decoder's message when a string does not parse.
    """
    if value.__class__ is str:
        parsed = _PARSED.get(value)  # type: ignore[call-overload]
        if parsed is None:
            try:
                parsed = (_parse_quantity(value), None)
            except QuantityError as exc:
                parsed = (None, str(exc))
            if len(_PARSED) < _PARSED_MAX:
                _PARSED[value] = parsed  # type: ignore[index]
        if parsed[1] is not None:
            raise QuantityError(parsed[1])
        return parsed[0]
    return _parse_quantity(value)


def quantity_value(value: object) -> Decimal | None:
    """:func:`parse_quantity`'s value, or None when it does not parse or has the wrong type
    (remembered strings are answered without a call)."""
    if value.__class__ is str:
        parsed = _PARSED.get(value)  # type: ignore[call-overload]
        if parsed is not None:
            return parsed[0]
    try:
        return parse_quantity(value)
    except QuantityError:
        return None


def _parse_quantity(value: object) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return Decimal(repr(value))
    if not isinstance(value, str):
        return None
    text = value
    if not text:
        raise QuantityError("quantities must match the regular expression (empty string)")
    m = _QTY.match(text)
    if not m:
        raise QuantityError(QUANTITY_REGEX_MSG)
    number, suffix = m.group(1), m.group(2)
    if not _NUMBER.match(number):
        raise QuantityError(QUANTITY_REGEX_MSG)
    try:
        base = Decimal(number)
    except InvalidOperation:  # pragma: no cover - guarded by _NUMBER
        raise QuantityError(QUANTITY_REGEX_MSG) from None
    if suffix in _BINARY:
        return base * _BINARY[suffix]
    if suffix in _DECIMAL:
        return base.scaleb(_DECIMAL[suffix])
    if _EXP.match(suffix):
        return base.scaleb(int(suffix[1:]))
    raise QuantityError("unable to parse quantity's suffix")


def format_quantity(value: object) -> str:
    """How the API server prints a Quantity we were given (close to canonical: the input text)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
