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


#: a scalar (or anything else) as compact JSON, with the C encoder
_compact = json.JSONEncoder(ensure_ascii=False).encode


def indented(value: Any, level: int = 0) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` for plain data (dicts with string keys,
    lists, scalars), nested ``level`` steps deep: the same text, several times faster, because
    with ``indent`` the standard library falls back to its pure-Python encoder for everything."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + "  " * (level + 1)
        items = ",".join(inner + _compact(key) + ": " + indented(item, level + 1) for key, item in value.items())
        return "{" + items + "\n" + "  " * level + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = "\n" + "  " * (level + 1)
        return "[" + ",".join(inner + indented(item, level + 1) for item in value) + "\n" + "  " * level + "]"
    return _compact(value)
