"""``json-lines``: one finding per line, each the same object as in ``json`` (no summary line).

Streams well: ``yamlkit check --format json-lines . | jq -c 'select(.severity == "error")'``.
"""

from __future__ import annotations

import json
from typing import Any

from . import RenderOptions


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    return "".join(json.dumps(f.to_dict(), ensure_ascii=False) + "\n" for f in report.findings)
