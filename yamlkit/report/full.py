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
#: longer source lines are cut to a window around the finding (minified one-line manifests)
MAX_LINE = 160
ELLIPSIS = "…"


def _window_range(source: Any, line: int) -> tuple[int, int] | None:
    if source is None or line < 1 or line > max(source.line_count, 1):
        return None
    return max(1, line - CONTEXT_BEFORE), min(max(source.line_count, 1), line + CONTEXT_AFTER)


def _cut(text: str, lo: int) -> str:
    """``text`` seen through the horizontal window that starts at character ``lo``."""
    shown = text[lo:lo + MAX_LINE]
    if lo > 0:
        shown = ELLIPSIS + shown[1:] if shown else ""
    if len(text) > lo + MAX_LINE:
        shown = shown[:-1] + ELLIPSIS
    return shown


def source_window(source: Any, line: int, column: int, end_line: int | None, end_column: int | None,
                  color: bool = False, style: str = "error") -> list[str]:
    """Numbered lines around ``line`` and a caret/underline under the span (``[]`` without source)."""
    shown = _window_range(source, line)
    if shown is None:
        return []
    first, last = shown
    width = len(str(last))
    pad = " " * width
    target = source.line_text(line)
    # a long line is shown from a little before the column on, the same window for every line
    lo = max(0, column - 1 - MAX_LINE // 3) if len(target) > MAX_LINE else 0
    out = [paint(f"{pad} |", "blue", color)]
    for number in range(first, last + 1):
        text = _cut(source.line_text(number).replace("\t", " "), lo)
        gutter = paint(f"{number:>{width}} |", "blue", color)
        out.append(f"{gutter} {text}".rstrip())
        if number == line:
            underline = _underline(text, column - lo, end_line, end_column and end_column - lo, line, color, style)
            out.append(paint(f"{pad} |", "blue", color) + " " + underline)
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
    out.extend("  " + line for line in window)
    shown = _window_range(source, f.line)
    width = len(str(shown[1])) + 1 if shown else 1  # so the "=" of the notes sits under the "|"
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
