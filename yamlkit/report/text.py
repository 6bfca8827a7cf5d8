"""``text``: ``file:line:col: CODE message``, the source line with a caret, then the hint."""

from __future__ import annotations

from typing import Any

from . import RenderOptions


def source_excerpt(source: Any, line: int, column: int, end_line: int | None, end_column: int | None) -> list[str]:
    """The offending line and a caret/underline under the span (tabs shown as one space)."""
    if source is None:
        return []
    text = source.line_text(line)
    if not text and line > source.line_count:
        return []
    shown = text.replace("\t", " ")
    width = 1
    if end_line == line and end_column and end_column > column:
        width = end_column - column
    width = max(1, min(width, max(1, len(shown) - column + 1)))
    gutter = f"{line:>4} | "
    return [f"{gutter}{shown}", " " * (len(gutter) + column - 1) + "^" * width]


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    out: list[str] = []
    for f in report.findings:
        out.append(f"{f.file}:{f.line}:{f.column}: {f.code} [{f.severity.value}] {f.message} ({f.rule})")
        if not options.quiet:
            out.extend("  " + line for line in source_excerpt(sources.get(f.file), f.line, f.column, f.end_line, f.end_column))
            if f.path:
                out.append(f"  path: {f.path}")
            if f.hint:
                out.append(f"  hint: {f.hint}")
            if f.fixable:
                out.append("  fix: available (run `yamlkit fix`)")
            out.append("")
    if options.show_summary:
        out.append(summary_line(report))
    return "\n".join(out) + ("\n" if out else "")


def summary_line(report: Any) -> str:
    s = report.summary
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"
    head = f"{plural(s.files, 'file')}, {plural(s.resources, 'resource')}: "
    if not (s.errors or s.warnings or s.infos):
        return head + "no problems found"
    parts = [plural(s.errors, "error"), plural(s.warnings, "warning")]
    if s.infos:
        parts.append(plural(s.infos, "info"))
    tail = f" ({s.fixable} fixable)" if s.fixable else ""
    return head + ", ".join(parts) + tail
