"""``gitlab``: a GitLab code quality report (``artifacts: reports: codequality:``).

A JSON array; each issue has ``description``, ``check_name``, ``fingerprint``, ``severity`` and
``location`` (``path`` and ``lines.begin``/``lines.end``; GitLab shows no columns).
Severities: error -> ``major``, warning -> ``minor``, info -> ``info``. Fingerprints do not depend
on line numbers, so an unchanged finding keeps its identity when lines move (see
:func:`yamlkit.report.common.fingerprints`).
"""

from __future__ import annotations

import json
from typing import Any

from . import RenderOptions
from .common import fingerprints

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def issue(f: Any, fingerprint: str) -> dict[str, Any]:
    end_line = f.end_line if f.end_line is not None else f.line
    return {
        "type": "issue",
        "description": f"{f.code} {f.message}",
        "check_name": f"{f.code} {f.rule}",
        "fingerprint": fingerprint,
        "severity": SEVERITIES[f.severity.value],
        "categories": ["Style"] if f.code.startswith(("Y1", "Y2")) else ["Bug Risk"],
        "location": {
            "path": f.file,
            "lines": {"begin": f.line, "end": end_line},
        },
    }


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    issues = [issue(f, fp) for f, fp in zip(report.findings, fingerprints(report.findings))]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
