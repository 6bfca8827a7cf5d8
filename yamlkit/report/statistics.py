"""``--statistics``: how many findings each rule produced, and how many of them are fixable.

As a table for people (most frequent first)::

    3  S001  schema-violation  [2 fixable]
    1  Y005  duplicate-key

and, with ``--format json`` or ``json-lines``, as a JSON array of
``{"code", "name", "severity", "count", "fixable"}``.
"""

from __future__ import annotations

import json
from typing import Any

from . import RenderOptions
from .common import paint, summary_line


def counts(report: Any) -> list[dict[str, Any]]:
    table: dict[str, dict[str, Any]] = {}
    for f in report.findings:
        row = table.setdefault(f.code, {"code": f.code, "name": f.rule, "severity": f.severity.value,
                                        "count": 0, "fixable": 0})
        row["count"] += 1
        row["fixable"] += 1 if f.fixable else 0
    return sorted(table.values(), key=lambda r: (-r["count"], r["code"]))


def render(report: Any, sources: dict[str, Any], options: RenderOptions, as_json: bool = False) -> str:
    rows = counts(report)
    if as_json:
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    out: list[str] = []
    if rows:
        wc = max(len(str(r["count"])) for r in rows)
        wcode = max(len(r["code"]) for r in rows)
        wname = max(len(r["name"]) for r in rows)
        for r in rows:
            fix = f"  [{r['fixable']} fixable]" if r["fixable"] else ""
            code = paint(f"{r['code']:<{wcode}}", r["severity"], options.color)
            out.append(f"{r['count']:>{wc}}  {code}  {r['name']:<{wname}}{fix}".rstrip())
    if options.show_summary and not options.quiet:
        out.append(paint(summary_line(report), "bold", options.color))
    return "\n".join(out) + ("\n" if out else "")
