"""``sarif``: SARIF 2.1.0 (GitHub code scanning, Azure DevOps, IDE viewers).

One run; ``tool.driver.rules`` describes every rule that has a result (code as ``id``, kebab name
as ``name``, summary, docs, ``helpUri`` ``https://yamlkit.dev/rules/<name>``, default level);
each result points at its rule by ``ruleId`` and ``ruleIndex``. Regions use 1-based lines and
columns counted in Unicode code points (``columnKind``). Fixes become SARIF ``fixes`` with
character-offset replacements. ``partialFingerprints`` do not depend on line numbers.
"""

from __future__ import annotations

import json
from typing import Any

from . import RenderOptions, rule_url, rules_registry
from .common import file_uri, fingerprints

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _rule_descriptor(code: str, name: str, meta: Any) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"id": code, "name": name}
    if meta is not None:
        if meta.summary:
            descriptor["shortDescription"] = {"text": meta.summary}
        if meta.doc:
            descriptor["help"] = {"text": meta.doc, "markdown": meta.doc}
    descriptor["helpUri"] = rule_url(name)
    if meta is not None:
        descriptor["defaultConfiguration"] = {"level": LEVELS[meta.severity.value]}
        properties: dict[str, Any] = {"tags": [meta.category]}
        fixable = getattr(meta.fixable, "value", meta.fixable)
        if fixable and fixable != "never":
            properties["fixable"] = fixable
        descriptor["properties"] = properties
    return descriptor


def _region(f: Any) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": f.line, "startColumn": f.column}
    end_line = f.end_line if f.end_line is not None else f.line
    end_column = f.end_column if f.end_column is not None else f.column + 1
    if (end_line, end_column) > (f.line, f.column):
        region["endLine"] = end_line
        region["endColumn"] = end_column
    return region


def _result(f: Any, index: int, fingerprint: str) -> dict[str, Any]:
    text = f.message
    if f.hint:
        text += f"\nhint: {f.hint}"
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": file_uri(f.file)}, "region": _region(f)}
    }
    logical = []
    if f.resource:
        logical.append({"fullyQualifiedName": f.resource + (f" {f.path}" if f.path else ""), "kind": "object"})
    elif f.path:
        logical.append({"fullyQualifiedName": f.path, "kind": "member"})
    if logical:
        location["logicalLocations"] = logical
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": LEVELS[f.severity.value],
        "message": {"text": text},
        "locations": [location],
        "partialFingerprints": {"yamlkit/v1": fingerprint},
    }
    if f.fix is not None and f.fix.edits:
        result["fixes"] = [
            {
                "description": {"text": f.fix.title},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": file_uri(f.file)},
                        "replacements": [
                            {
                                "deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                                "insertedContent": {"text": e.replacement},
                            }
                            for e in f.fix.edits
                        ],
                    }
                ],
            }
        ]
    properties: dict[str, Any] = {"rule": f.rule}
    if f.path:
        properties["path"] = f.path
    if f.resource:
        properties["resource"] = f.resource
    if f.document is not None:
        properties["document"] = f.document
    if f.fix is not None:
        properties["fixSafe"] = f.fix.safe
    result["properties"] = properties
    return result


def sarif_log(report: Any, options: RenderOptions) -> dict[str, Any]:
    from .. import __version__

    registry = rules_registry(options)
    used: dict[str, str] = {}
    for f in report.findings:
        used.setdefault(f.code, f.rule)
    codes = sorted(used)
    index = {code: i for i, code in enumerate(codes)}
    rules = [_rule_descriptor(code, used[code], registry.get(code)) for code in codes]
    results = [
        _result(f, index[f.code], fp) for f, fp in zip(report.findings, fingerprints(report.findings))
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "yamlkit",
                        "version": options.extra.get("version", __version__),
                        "informationUri": "https://yamlkit.dev",
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    return json.dumps(sarif_log(report, options), indent=2, ensure_ascii=False) + "\n"
