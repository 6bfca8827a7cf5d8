"""``text``: kept for compatibility; it means ``full`` on a terminal and ``concise`` otherwise.

The helpers that lived here moved to :mod:`yamlkit.report.full` and :mod:`yamlkit.report.common`.
"""

from __future__ import annotations

from typing import Any

from . import RenderOptions
from .common import summary_line
from .concise import render as render_concise
from .full import source_window


def source_excerpt(source: Any, line: int, column: int, end_line: int | None, end_column: int | None) -> list[str]:
    """The numbered source lines around ``line`` with a caret under the span."""
    return source_window(source, line, column, end_line, end_column)


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    """As in a pipe: ``concise``."""
    return render_concise(report, sources, options)


__all__ = ["render", "source_excerpt", "summary_line"]
