"""``concise``: ``file:line:col: CODE [severity] message (name)``, one line per finding.

The default when standard output is not a terminal (pipes, pre-commit, CI logs): easy to grep
and understood by editors' problem matchers. The summary line is added only on a terminal.
"""

from __future__ import annotations

from typing import Any

from . import RenderOptions
from .common import paint, summary_line


def line_of(f: Any, color: bool = False) -> str:
    where = paint(f"{f.file}:{f.line}:{f.column}:", "bold", color)
    code = paint(f"{f.code} [{f.severity.value}]", f.severity.value, color)
    return f"{where} {code} {f.message} {paint(f'({f.rule})', 'dim', color)}"


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    out = [line_of(f, options.color) for f in report.findings]
    if options.show_summary and not options.quiet:
        out.append(paint(summary_line(report), "bold", options.color))
    return "\n".join(out) + ("\n" if out else "")
