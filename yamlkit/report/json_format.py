"""``json``: ``{"version": 1, "findings": [...], "summary": {...}}`` (stable; see README)."""

from __future__ import annotations

import json
from typing import Any

from . import RenderOptions


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
