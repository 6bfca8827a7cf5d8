"""``json``: ``{"version": 1, "findings": [...], "summary": {...}}``.

The keys are stable (see docs/usage.md, "Output formats"): a finding is
:meth:`yamlkit.findings.Finding.to_dict`, the whole report :meth:`yamlkit.engine.Report.to_dict`.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterator

from ..findings import Severity
from . import RenderOptions, text_batches


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    return "".join(pieces(report, sources, options))


def pieces(report: Any, sources: dict[str, Any], options: RenderOptions) -> Iterator[str]:
    """``json.dumps(report.to_dict(), indent=2)`` a batch of findings at a time: the same text,
    without the whole report as dicts and as one string in memory at once."""
    shell = _dumps(report.to_dict(findings=False))
    if not report.findings:
        yield shell + "\n"
        return
    head, tail = shell.split(_EMPTY_FINDINGS, 1)
    yield head + '"findings": ['
    separator = "\n" + _ITEM_INDENT
    between = "," + separator
    for index, batch in enumerate(text_batches(report.findings, finding_text, options)):
        yield ("," if index else "") + separator + between.join(batch)
    yield "\n  ]" + tail + "\n"


def finding_renderer(options: RenderOptions) -> Callable[[Any], str]:
    """One finding's text in :func:`pieces` (see :func:`yamlkit.report.finding_renderer`)."""
    return finding_text


_EMPTY_FINDINGS = '"findings": []'
_ITEM_INDENT = "    "  # the findings list is at the second level


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


#: anything as compact JSON, by one encoder built once (``json.dumps`` with options builds one per
#: call): for the rare floats and others
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


#: each severity's JSON text
_SEVERITY = {severity: _string(severity.value) for severity in Severity}
_int = int.__repr__  # an int's JSON text
#: how :func:`indented` lays out a list in a finding (three levels deep)
_ITEM_SEPARATOR = ",\n" + "  " * 4
_LIST_START, _LIST_END = "[\n" + "  " * 4, "\n" + "  " * 3 + "]"


def finding_text(f: Any) -> str:
    """``indented(f.to_dict(), 2)`` without building the dict and walking it generically (a
    report holds thousands of findings, all of the same shape); tests keep the two equal.

    Each value is written inline, without a call per value (twice as fast): the fields have
    their declared types (positions are ints, texts are strings or None); a finding whose
    values are other types (the C string encoder raises TypeError for a non-string) takes the
    generic way."""
    line, column, end_line, end_column, document = f.line, f.column, f.end_line, f.end_column, f.document
    if end_line is None:
        end_line = line
    if end_column is None:
        end_column = column
    if not (type(line) is type(column) is type(end_line) is type(end_column) is int
            and (document is None or type(document) is int)):
        return indented(f.to_dict(), 2)
    fix, path, resource, hint = f.fix, f.path, f.resource, f.hint
    try:  # to_dict() as indented() writes it at the findings' level; an f-string is twice as fast as %
        return (
            f'{{\n      "code": {_string(f.code)},\n      "rule": {_string(f.rule)},'
            f'\n      "severity": {_SEVERITY[f.severity]},\n      "file": {_string(f.file)},'
            f'\n      "line": {_int(line)},\n      "column": {_int(column)},'
            f'\n      "end_line": {_int(end_line)},\n      "end_column": {_int(end_column)},'
            f'\n      "document": {"null" if document is None else _int(document)},'
            f'\n      "path": {"null" if path is None else _string(path)},'
            f'\n      "resource": {"null" if resource is None else _string(resource)},'
            f'\n      "message": {_string(f.message)},\n      "hint": {"null" if hint is None else _string(hint)},'
            f'\n      "fixable": {"false" if fix is None else "true"},'
            f'\n      "fix": {"null" if fix is None else indented({"title": fix.title, "safe": fix.safe}, 3)},'
            f'\n      "related": {_strings(f.related)}\n    }}')
    except (TypeError, KeyError):
        return indented(f.to_dict(), 2)


def _strings(values: Any) -> str:
    """``indented(list(values), 3)`` for a finding's ``related`` strings (TypeError for others)."""
    if len(values) == 0:
        return "[]"
    return _LIST_START + _ITEM_SEPARATOR.join(map(_string, values)) + _LIST_END


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
