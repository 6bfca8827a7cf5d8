"""``full``: one block per finding, for people at a terminal (the default there).

::

    error[Y005]: the key "name" appears twice in this mapping (duplicate-key)
      --> deploy.yaml:7:3
       |
     5 | metadata:
     6 |   name: web
     7 |   name: api
       |   ^^^^
     8 | spec:
       |
       = path: metadata.name
       = resource: Deployment/web
       = hint: remove one of them
       = fix: <title> (run `yamlkit fix`)

Columns are counted in characters; the caret is placed by terminal cells, so lines with
East Asian wide characters (the tutorial's Chinese labels) still line up. TABs are shown as one
space, which keeps the caret under the character the column names.
"""

from __future__ import annotations

from typing import Any

from . import RenderOptions
from .common import display_width, paint, summary_line

#: source lines shown before and after the finding's line
CONTEXT_BEFORE = 2
CONTEXT_AFTER = 1


def source_window(source: Any, line: int, column: int, end_line: int | None, end_column: int | None,
                  color: bool = False, style: str = "error") -> list[str]:
    """Numbered lines around ``line`` and a caret/underline under the span (``[]`` without source)."""
    if source is None or line < 1 or line > max(source.line_count, 1):
        return []
    first = max(1, line - CONTEXT_BEFORE)
    last = min(max(source.line_count, 1), line + CONTEXT_AFTER)
    width = len(str(last))
    pad = " " * width
    out = [paint(f"{pad} |", "blue", color)]
    for number in range(first, last + 1):
        text = source.line_text(number).replace("\t", " ")
        gutter = paint(f"{number:>{width}} |", "blue", color)
        out.append(f"{gutter} {text}".rstrip())
        if number == line:
            out.append(paint(f"{pad} |", "blue", color) + " " + _underline(text, column, end_line, end_column, line, color, style))
    out.append(paint(f"{pad} |", "blue", color))
    return out


def _underline(text: str, column: int, end_line: int | None, end_column: int | None, line: int,
               color: bool, style: str) -> str:
    start = max(0, column - 1)
    if end_line == line and end_column and end_column > column:
        stop = end_column - 1
    elif end_line is not None and end_line > line:
        stop = len(text)  # a span over several lines: underline to the end of its first line
    else:
        stop = start + 1
    stop = min(stop, len(text))
    lead = display_width(text[:start]) + max(0, start - len(text))
    marks = max(1, display_width(text[start:stop]))
    return " " * lead + paint("^" * marks, style, color)


def render_finding(f: Any, source: Any, options: RenderOptions) -> list[str]:
    color = options.color
    style = f.severity.value
    head = (
        paint(f"{f.severity.value}[{f.code}]", style, color)
        + paint(f": {f.message}", "bold", color)
        + paint(f" ({f.rule})", "dim", color)
    )
    out = [head, "  " + paint("-->", "blue", color) + f" {f.file}:{f.line}:{f.column}"]
    if options.quiet:
        return out
    window = source_window(source, f.line, f.column, f.end_line, f.end_column, color, style)
    out.extend("  " + line if line else line for line in window)
    width = _gutter(window)
    eq = "  " + " " * width + paint("=", "blue", color)
    notes: list[tuple[str, str]] = []
    if f.path:
        notes.append(("path", f.path))
    if f.resource:
        notes.append(("resource", f.resource))
    if f.hint:
        notes.append(("hint", f.hint))
    for related in f.related:
        notes.append(("see", related))
    if f.fix is not None:
        how = "`yamlkit fix`" if f.fix.safe else "`yamlkit fix --unsafe-fixes`; it may change a value"
        notes.append(("fix", f"{f.fix.title} (run {how})"))
    for label, text in notes:
        lines = text.splitlines() or [""]
        out.append(f"{eq} {paint(label + ':', 'bold', color)} {lines[0]}")
        indent = " " * (2 + width + 1 + 1 + len(label) + 2)
        out.extend(indent + extra for extra in lines[1:])
    return out


def _gutter(window: list[str]) -> int:
    """Width of the number column (so ``=`` notes line up with the ``|``)."""
    if not window:
        return 1
    import re

    plain = re.sub(r"\x1b\[[0-9;]*m", "", window[0])
    return max(1, plain.index("|"))


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    out: list[str] = []
    for f in report.findings:
        out.extend(render_finding(f, sources.get(f.file), options))
        out.append("")
    if options.show_summary and not options.quiet:
        out.append(paint(summary_line(report), "bold", options.color))
    elif out and out[-1] == "":
        out.pop()
    return "\n".join(out) + ("\n" if out else "")
