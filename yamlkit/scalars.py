"""What a plain (unquoted) YAML scalar means.

Kubernetes turns YAML into JSON with sigs.k8s.io/yaml, which decodes with go-yaml v2 and so
follows YAML 1.1-style rules: ``yes/no/on/off/y/n`` are booleans, ``0777`` is octal, ``1.10`` is the
float 1.1, timestamps stay strings. :func:`resolve_k8s` reproduces that table; :func:`resolve_yaml12`
is the YAML 1.2 core schema, for ``--yaml-1.2``.
"""

from __future__ import annotations

import math
import re
from typing import Any

_K8S_MAP: dict[str, Any] = {}
for _words, _value in (
    (("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    (("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    (("", "~", "null", "Null", "NULL"), None),
    ((".nan", ".NaN", ".NAN"), math.nan),
    ((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), math.inf),
    (("-.inf", "-.Inf", "-.INF"), -math.inf),
):
    for _word in _words:
        _K8S_MAP[_word] = _value

#: Plain words that go-yaml v2 reads as booleans (the "Norway problem" set).
K8S_BOOL_WORDS = frozenset(w for w, v in _K8S_MAP.items() if isinstance(v, bool))

_YAML_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?$")
_GO_INT = re.compile(
    r"^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$"
)
_INT64_MIN, _UINT64_MAX = -(2**63), 2**64 - 1


def _go_parse_int(text: str) -> int | None:
    """strconv.ParseInt/ParseUint(text, 0, 64) as go-yaml calls them (underscores removed first)."""
    if not _GO_INT.match(text):
        return None
    sign = -1 if text[0] == "-" else 1
    body = text.lstrip("+-")
    if body[:2] in ("0x", "0X"):
        value = int(body[2:], 16)
    elif body[:2] in ("0o", "0O"):
        value = int(body[2:], 8)
    elif body[:2] in ("0b", "0B"):
        value = int(body[2:], 2)
    elif len(body) > 1 and body[0] == "0":
        value = int(body[1:], 8)
    else:
        value = int(body)
    value *= sign
    if value < _INT64_MIN or value > _UINT64_MAX:
        return None
    if value < 0 and sign > 0:  # pragma: no cover - cannot happen
        return None
    return value


def resolve_k8s(text: str) -> Any:
    """The value go-yaml v2 gives a plain scalar (then JSON-encoded by Kubernetes)."""
    if text in _K8S_MAP:
        return _K8S_MAP[text]
    first = text[:1]
    if first == ".":
        try:
            return float(text) if _YAML_FLOAT.match(text) else text
        except ValueError:
            return text
    if first.isdigit() or first in "+-":
        if _TIMESTAMP.match(text):
            return text  # timestamps are kept as strings for interface{} targets
        plain = text.replace("_", "")
        if plain:
            value = _go_parse_int(plain)
            if value is not None:
                return value
            if _YAML_FLOAT.match(plain):
                return float(plain)
    return text


_Y12_INT = re.compile(r"^[-+]?[0-9]+$")
_Y12_OCT = re.compile(r"^0o[0-7]+$")
_Y12_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_Y12_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def resolve_yaml12(text: str) -> Any:
    """The YAML 1.2 core schema: only true/false are booleans; ``0777`` is decimal 777."""
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _Y12_INT.match(text):
        return int(text)
    if _Y12_OCT.match(text):
        return int(text[2:], 8)
    if _Y12_HEX.match(text):
        return int(text[2:], 16)
    if _Y12_FLOAT.match(text):
        return float(text)
    lowered = text.lstrip("+-").lower()
    if lowered in (".inf",):
        return -math.inf if text.startswith("-") else math.inf
    if lowered == ".nan" and text[0] == ".":
        return math.nan
    return text


def normalize_number(value: Any) -> Any:
    """Go's JSON encoder prints an integral float64 without a fraction (``3.0`` -> ``3``)."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) < 1e21:
        return int(value)
    return value
