"""``json``: ``{"version": 1, "findings": [...], "summary": {...}}``.

The keys are stable (see docs/usage.md, "Output formats"): a finding is
:meth:`yamlkit.findings.Finding.to_dict`, the whole report :meth:`yamlkit.engine.Report.to_dict`.
"""

from __future__ import annotations

import json
from typing import Any

from . import RenderOptions


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
