"""``json``: ``{"version": 1, "findings": [...], "summary": {...}}``.

The keys are stable (see docs/usage.md, "Output formats"): a finding is
:meth:`yamlkit.findings.Finding.to_dict`, the whole report :meth:`yamlkit.engine.Report.to_dict`.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from . import RenderOptions


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    return "".join(pieces(report, sources, options))


def pieces(report: Any, sources: dict[str, Any], options: RenderOptions) -> Iterator[str]:
    """``json.dumps(report.to_dict(), indent=2)`` one finding at a time: the same text, without
    the whole report as dicts and as one string in memory at once."""
    shell = _dumps(report.to_dict(findings=False))
    if not report.findings:
        yield shell + "\n"
        return
    head, tail = shell.split(_EMPTY_FINDINGS, 1)
    yield head + '"findings": ['
    separator = "\n" + _ITEM_INDENT
    for index, finding in enumerate(report.findings):
        yield ("," if index else "") + separator + indented(finding.to_dict(), 2)
    yield "\n  ]" + tail + "\n"


_EMPTY_FINDINGS = '"findings": []'
_ITEM_INDENT = "    "  # the findings list is at the second level


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


#: anything as compact JSON (one encoder per call: used for the rare floats and others)
_compact = json.JSONEncoder(ensure_ascii=False).encode
#: a string as JSON, as ``json.dumps(..., ensure_ascii=False)`` writes it (the C function)
_string = json.encoder.encode_basestring


def _scalar(value: Any) -> str:
    """A scalar as JSON; the common types without building an encoder for each."""
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    return _compact(value)


def indented(value: Any, level: int = 0) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` for plain data (dicts with string keys,
    lists, scalars), nested ``level`` steps deep: the same text, several times faster, because
    with ``indent`` the standard library falls back to its pure-Python encoder for everything."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + "  " * (level + 1)
        items = ",".join(inner + _string(key) + ": " + indented(item, level + 1) for key, item in value.items())
        return "{" + items + "\n" + "  " * level + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = "\n" + "  " * (level + 1)
        return "[" + ",".join(inner + indented(item, level + 1) for item in value) + "\n" + "  " * level + "]"
    return _scalar(value)
