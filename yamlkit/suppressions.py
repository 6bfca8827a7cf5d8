"""Comment directives (``# yamlkit: disable-line=...``) and resource annotations that silence findings.

Forms (a list holds rule codes, code prefixes or names, comma-separated; no list means every rule):

- ``# yamlkit: disable-line=K101,Y201``: findings on the same line.
- ``# yamlkit: disable-next-line=K101``: findings on the next line that is not blank or a comment.
- ``# yamlkit: disable=K101`` ... ``# yamlkit: enable=K101``: a block (to the end of the file
  without ``enable``); ``enable`` without a list ends every block.
- ``# yamlkit: disable-file[=K101]``: the whole file; only in the first 5 lines.
- annotation ``yamlkit.io/ignore: "K101,K102 -- reason"`` on a resource: findings of those rules
  inside that resource's lines. Text after ``--`` is a free-form reason.

Files without the text ``yamlkit`` are returned untouched without looking for comments.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any

from ._record import record
from .findings import Edit, Finding, Fix, Severity

ANNOTATION = "yamlkit.io/ignore"
FILE_DIRECTIVE_LINES = 5
UNUSED_CODE = "Y090"

#: Compiled by ``re`` (and cached there) on first use: only files that mention yamlkit need it,
#: and compiling it at import cost every start-up ~1.5 M instructions.
_DIRECTIVE = (
    r"#\s*yamlkit\s*:\s*(?P<kind>disable-next-line|disable-line|disable-file|disable|enable)\b"
    r"(?:\s*=\s*(?P<codes>[A-Za-z0-9_*-]+(?:\s*,\s*[A-Za-z0-9_*-]+)*))?"
)


@record
class Directive:
    """One ``# yamlkit:`` comment (or annotation) and the lines and rules it silences."""

    kind: str  # disable-line, disable-next-line, disable, enable, disable-file, annotation
    line: int
    column: int
    end_column: int
    selectors: list[str]  # empty: every rule
    first: int = 0  # lines covered (disable-line, disable-next-line, annotation)
    last: int = 0
    used: set[str] = field(default_factory=set)  # selectors that silenced something ("*" = all)


def _sel_matches(sel: str, finding: Finding) -> bool:
    upper = sel.upper()
    return upper in ("ALL", "*") or finding.code.startswith(upper) or finding.rule == sel.lower()


def _first_match(selectors: list[str], finding: Finding) -> str | None:
    for sel in selectors:
        if _sel_matches(sel, finding):
            return sel
    return None


# -- finding the directives -----------------------------------------------------------------------
def _scalar_spans(parsed: Any) -> list[tuple[int, int, int, int]]:
    """(line, col, end_line, end_col) of every scalar spanning text (0-based marks, + offsets)."""
    spans: list[tuple[int, int, int, int]] = []
    for doc in getattr(parsed, "documents", ()):
        if doc.root is None:
            continue
        off = doc.line_offset
        stack = [doc.root]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if node.id == "scalar":
                s, e = node.start_mark, node.end_mark
                spans.append((s.line + off + 1, s.column + 1, e.line + off + 1, e.column + 1))
            elif node.id == "mapping":
                for k, v in node.value:
                    stack.append(k)
                    stack.append(v)
            else:
                stack.extend(node.value)
    return spans


def _inside_scalar(line: int, column: int, spans: list[tuple[int, int, int, int]]) -> bool:
    for sl, sc, el, ec in spans:
        if (sl, sc) <= (line, column) < (el, ec):
            return True
    return False


def _is_comment_start(text: str, index: int) -> bool:
    """``#`` at ``index`` starts a comment: at the line start or after whitespace, outside quotes."""
    if index > 0 and not text[index - 1].isspace():
        return False
    single = double = False
    i = 0
    while i < index:
        ch = text[i]
        if double:
            if ch == "\\":
                i += 1
            elif ch == '"':
                double = False
        elif single:
            if ch == "'":
                single = False
        elif ch == '"' and (i == 0 or text[i - 1] in " \t:[{,-"):
            double = True
        elif ch == "'" and (i == 0 or text[i - 1] in " \t:[{,-"):
            single = True
        i += 1
    return not single and not double


def find_directives(source: Any, parsed: Any = None) -> list[Directive]:
    """Every suppression comment of a file, in line order."""
    text = source.text
    if "yamlkit" not in text:  # one scan clears most files
        return []
    directive = re.compile(_DIRECTIVE)
    if directive.search(text) is None:
        return []
    out: list[Directive] = []
    spans: list[tuple[int, int, int, int]] | None = None
    for index, raw in enumerate(text.split("\n")):
        if "yamlkit" not in raw:
            continue
        line = index + 1
        for match in directive.finditer(raw):
            start = match.start()
            if not _is_comment_start(raw, start):
                continue
            if spans is None:
                spans = _scalar_spans(parsed) if parsed is not None else []
            if _inside_scalar(line, start + 1, spans):
                continue
            codes = match.group("codes")
            selectors = [c.strip() for c in codes.split(",") if c.strip()] if codes else []
            out.append(Directive(kind=match.group("kind"), line=line, column=start + 1,
                                 end_column=len(raw.rstrip("\r")) + 1, selectors=selectors))
            break  # one directive per comment
    lines = text.split("\n")
    for d in out:
        if d.kind == "disable-line":
            d.first = d.last = d.line
        elif d.kind == "disable-next-line":
            target = d.line + 1
            while target <= len(lines) and (not lines[target - 1].strip() or lines[target - 1].lstrip().startswith("#")):
                target += 1
            d.first = d.last = target
        elif d.kind == "disable-file":
            d.first, d.last = 1, len(lines) + 1
    return out


def parse_annotation(value: str) -> list[str]:
    """``"K101, image-latest-tag -- reason"`` -> ``["K101", "image-latest-tag"]``."""
    head = re.split(r"\s*(?:--|#|;)\s*", value, maxsplit=1)[0]
    return [part for part in re.split(r"[\s,]+", head.strip()) if part]


def find_annotations(parsed: Any) -> list[Directive]:
    """``yamlkit.io/ignore`` annotations, each covering its resource's lines."""
    from .engine import resources_of

    out: list[Directive] = []
    for doc in getattr(parsed, "documents", ()):
        if doc.is_empty or not isinstance(doc.data, dict):
            continue
        for resource in resources_of(doc):
            annotations = resource.metadata.get("annotations")
            if not isinstance(annotations, dict) or ANNOTATION not in annotations:
                continue
            value = annotations[ANNOTATION]
            selectors = parse_annotation(value) if isinstance(value, str) else []
            if not selectors:
                continue
            span, _ = doc.locate(resource.prefix)
            last = span.end_line - 1 if span.end_column == 1 and span.end_line > span.line else span.end_line
            where, _ = doc.locate(resource.prefix + ("metadata", "annotations", ANNOTATION), at="key")
            if any(s.lower() in ("all", "*") for s in selectors):
                selectors = []
            out.append(Directive(kind="annotation", line=where.line, column=where.column,
                                 end_column=where.end_column, selectors=selectors,
                                 first=min(span.line, where.line), last=max(last, where.line)))
    return out


# -- applying them ---------------------------------------------------------------------------------
def _suppressed_by_block(finding: Finding, blocks: list[Directive]) -> Directive | None:
    disabled: dict[str, Directive] = {}
    everything: Directive | None = None
    exceptions: list[str] = []
    for d in blocks:
        if d.line > finding.line:
            break
        if d.kind == "disable":
            if not d.selectors:
                everything, exceptions = d, []
                disabled.clear()
            else:
                for sel in d.selectors:
                    disabled[sel] = d
                exceptions = [e for e in exceptions if e not in d.selectors]
        else:  # enable
            if not d.selectors:
                everything, exceptions = None, []
                disabled.clear()
            else:
                for sel in d.selectors:
                    disabled.pop(sel, None)
                if everything is not None:
                    exceptions.extend(d.selectors)
    for sel, d in disabled.items():
        if _sel_matches(sel, finding):
            d.used.add(sel)
            return d
    if everything is not None and _first_match(exceptions, finding) is None:
        everything.used.add("*")
        return everything
    return None


def _covered(d: Directive, finding: Finding) -> bool:
    if not d.first <= finding.line <= d.last:
        return False
    if not d.selectors:
        d.used.add("*")
        return True
    sel = _first_match(d.selectors, finding)
    if sel is None:
        return False
    d.used.add(sel)
    return True


def directives_of(parsed: Any) -> list[Directive]:
    """Every suppression of a parsed file: comments and ``yamlkit.io/ignore`` annotations."""
    source = getattr(parsed, "source", None)
    if source is None or "yamlkit" not in source.text:  # no directive without the word
        return []
    directives = find_directives(source, parsed)
    directives.extend(find_annotations(parsed) if ANNOTATION in source.text else [])
    return directives


def apply(findings: list[Finding], parsed: Any, settings: Any,
          directives: list[Directive] | None = None) -> list[Finding]:
    """The findings that no suppression in the file covers (plus Y090 for unused ones, if on).

    ``directives``: the file's, when the caller has them already (:func:`directives_of`);
    each directive records which findings used it, so use a list for one call only."""
    if directives is None:
        directives = directives_of(parsed)
    if not directives:
        return findings
    source = parsed.source
    file_wide = [d for d in directives if d.kind == "disable-file" and d.line <= FILE_DIRECTIVE_LINES]
    lines = [d for d in directives if d.kind in ("disable-line", "disable-next-line", "annotation")]
    blocks = sorted((d for d in directives if d.kind in ("disable", "enable")), key=lambda d: d.line)
    kept: list[Finding] = []
    for finding in findings:
        if any(_covered(d, finding) for d in file_wide):
            continue
        if any(_covered(d, finding) for d in lines):
            continue
        if blocks and _suppressed_by_block(finding, blocks) is not None:
            continue
        kept.append(finding)
    unused = _unused(directives, source, settings)
    return kept + unused if unused else kept


def _reporting(settings: Any, file: str) -> tuple[Any, Severity] | None:
    from .rules import load_rules

    meta = load_rules().get(UNUSED_CODE)
    if meta is None or settings is None:
        return None
    from .settings import _matches

    wanted = settings.is_enabled(meta, file) or (
        getattr(settings, "report_unused_suppressions", False) and not _matches(meta, settings.ignore)
        and not _matches(meta, settings.file_ignores(file) if settings.per_file_ignores else [])
    )
    return (meta, settings.severity_of(meta)) if wanted else None


def _unused(directives: list[Directive], source: Any, settings: Any) -> list[Finding]:
    report = _reporting(settings, source.name)
    if report is None:
        return []
    meta, severity = report
    from .rules import load_rules
    from .rules.base import lookup

    registry = load_rules()
    out: list[Finding] = []
    for d in directives:
        if d.kind == "enable":
            continue
        label = "annotation" if d.kind == "annotation" else f"`# yamlkit: {d.kind}`"
        if d.kind == "disable-file" and d.line > FILE_DIRECTIVE_LINES:
            out.append(_finding(meta, severity, source, d,
                                f"{label} has no effect here: it must be in the first {FILE_DIRECTIVE_LINES} lines",
                                "move it to the top of the file", fix=False))
            continue
        if not d.selectors:
            if "*" not in d.used:
                out.append(_finding(meta, severity, source, d, f"unused suppression: {label} silences nothing",
                                    "remove it", fix=True))
            continue
        problems: list[str] = []
        for sel in d.selectors:
            if sel in d.used:
                continue
            known = lookup(sel) is not None or sel.upper() == "ALL" or any(c.startswith(sel.upper()) for c in registry)
            if not known:
                problems.append(f'"{sel}" is not a yamlkit rule')
            elif lookup(sel) is not None and not settings.is_enabled(lookup(sel), source.name):
                problems.append(f"{sel} is not enabled")
            else:
                problems.append(f"{sel} silences nothing")
        if problems:
            every = len(problems) == len(d.selectors)
            out.append(_finding(meta, severity, source, d, f"unused suppression in {label}: " + "; ".join(problems),
                                "remove it" if every else "remove the unused codes", fix=every))
    return out


def _finding(meta: Any, severity: Severity, source: Any, d: Directive, message: str, hint: str,
             fix: bool) -> Finding:
    edit_fix = _removal(source, d) if fix and d.kind != "annotation" else None
    return Finding(code=meta.code, rule=meta.name, severity=severity, file=source.name, line=d.line,
                   column=d.column, end_line=d.line, end_column=d.end_column, message=message, hint=hint,
                   fix=edit_fix)


def _removal(source: Any, d: Directive) -> Fix | None:
    line_text = source.line_text(d.line)
    line_start = source.offset(d.line, 1)
    end = line_start + len(line_text)
    before = line_text[: d.column - 1]
    if not before.strip():
        # the comment stands alone: delete the whole line with its line break
        next_start = source.line_starts[d.line] if d.line < len(source.line_starts) else len(source.text)
        return Fix(title="Remove the unused suppression", edits=(Edit(line_start, next_start, ""),))
    trimmed = len(before.rstrip())
    return Fix(title="Remove the unused suppression", edits=(Edit(line_start + trimmed, end, ""),))


__all__ = ["ANNOTATION", "Directive", "apply", "find_annotations", "find_directives", "parse_annotation"]
