"""Text fixes yamlkit makes itself when no rule offers a :class:`~yamlkit.findings.Fix` for them.

Each fixer reads the current text and returns :class:`Candidate` fixes with exact edits; nothing
else in the file is touched. They are tied to the yamllint rule names (``trailing-spaces`` ...):
when a rule of that name is registered, its configuration (``--select``/``--ignore``, options)
decides; a rule's own fix, when it offers one, wins (ours then overlaps it and is skipped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..findings import Edit
from .model import Candidate

_MARKER = re.compile(r"---[ \t]*(\r?\n|$)")


def _lines(text: str) -> list[tuple[int, str, str]]:
    """(offset, line without break, break) for every line."""
    out: list[tuple[int, str, str]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        out.append((pos, body, raw[len(body):]))
        pos += len(raw)
    return out


def block_scalar_lines(text: str) -> set[int]:
    """0-based lines holding the content of block scalars (``|``/``>``), where spaces are data."""
    import yaml

    inside: set[int] = set()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        roots = [r for r in yaml.compose_all(text, Loader=loader) if r is not None]
    except Exception:
        return set(range(text.count("\n") + 1))  # unknown: protect everything
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node.id == "scalar":
            if node.style in ("|", ">"):
                end = node.end_mark.line if node.end_mark.column > 0 else node.end_mark.line - 1
                inside.update(range(node.start_mark.line + 1, end + 1))
        elif node.id == "sequence":
            stack.extend(node.value)
        else:
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return inside


def trailing_spaces(text: str, ctx: "FixerContext") -> list[Candidate]:
    out: list[Candidate] = []
    protected = None
    for number, (offset, body, _) in enumerate(_lines(text)):
        stripped = body.rstrip(" \t")
        if stripped == body:
            continue
        if protected is None:
            protected = block_scalar_lines(text)
        if number in protected:
            continue
        out.append(ctx.candidate(
            "trailing-spaces", "remove trailing spaces",
            (Edit(offset + len(stripped), offset + len(body), ""),), number + 1, len(stripped) + 1,
        ))
    return out


def final_newline(text: str, ctx: "FixerContext") -> list[Candidate]:
    if not text or text.endswith("\n"):
        return []
    lines = _lines(text)
    crlf = sum(1 for _, _, brk in lines if brk == "\r\n")
    brk = "\r\n" if crlf > len(lines) / 2 and not ctx.unix_newlines else "\n"
    offset, body, _ = lines[-1]
    return [ctx.candidate("new-line-at-end-of-file", "add a line break at the end of the file",
                          (Edit(len(text), len(text), brk),), len(lines), len(body) + 1)]


def crlf(text: str, ctx: "FixerContext") -> list[Candidate]:
    if not ctx.unix_newlines or "\r\n" not in text:
        return []
    out: list[Candidate] = []
    for number, (offset, body, brk) in enumerate(_lines(text)):
        if brk == "\r\n":
            out.append(ctx.candidate("new-lines", "use a Unix line break (LF)",
                                     (Edit(offset + len(body), offset + len(body) + 1, ""),),
                                     number + 1, len(body) + 1))
    return out


def empty_documents(text: str, ctx: "FixerContext") -> list[Candidate]:
    """``---`` directly followed (blank lines aside) by another ``---``: drop the empty document."""
    out: list[Candidate] = []
    lines = _lines(text)
    i = 0
    while i < len(lines):
        offset, body, brk = lines[i]
        if _MARKER.fullmatch(body + brk) or (body.rstrip() == "---" and not brk):
            j = i + 1
            while j < len(lines) and not lines[j][1].strip():
                j += 1
            if j < len(lines) and lines[j][1].rstrip(" \t") == "---":
                end = lines[j][0]
                out.append(ctx.candidate("empty-document", "remove an empty document (a repeated `---`)",
                                         (Edit(offset, end, ""),), i + 1, 1))
                i = j
                continue
        i += 1
    return out


def indentation(text: str, ctx: "FixerContext") -> list[Candidate]:
    """Mixed indentation widths (the ``indentation`` rule reports them): one width everywhere."""
    from .reindent import reindent

    reported = [f for f in ctx.findings if f.rule == "indentation" and "cannot infer" not in f.message]
    if not reported:
        return []
    new = reindent(text, ctx.indent, ctx.indent_sequences)
    if new is None or new == text:
        return []
    edits: list[Edit] = []
    for (offset, old, _), (_, fresh, _) in zip(_lines(text), _lines(new)):
        if old != fresh:
            a, b = len(old) - len(old.lstrip(" ")), len(fresh) - len(fresh.lstrip(" "))
            edits.append(Edit(offset, offset + a, " " * b))
    first = reported[0]
    return [ctx.candidate("indentation", "re-indent with one width", tuple(edits), first.line, first.column)]


def key_ordering(text: str, ctx: "FixerContext") -> list[Candidate]:
    """Unsorted mappings (the ``key-ordering`` rule reports them): keys moved into order."""
    from dataclasses import replace

    from .ordering import sort_edits

    if not any(f.rule == "key-ordering" for f in ctx.findings):
        return []
    return [replace(ctx.candidate("key-ordering", "sort the keys of this mapping", (edit,), line, column),
                    reorder=True)
            for line, column, edit in sort_edits(text, ctx.ignored_keys)]


Fixer = Callable[[str, "FixerContext"], list[Candidate]]

#: (rule name, fixer, enabled when no rule of that name is registered)
FIXERS: tuple[tuple[str, Fixer, bool], ...] = (
    ("trailing-spaces", trailing_spaces, True),
    ("new-line-at-end-of-file", final_newline, True),
    ("new-lines", crlf, True),
    ("empty-document", empty_documents, True),
    ("indentation", indentation, False),
    ("key-ordering", key_ordering, False),
)


@dataclass(slots=True)
class FixerContext:
    """What the text fixers need to know about the run."""

    codes: dict[str, str]
    unix_newlines: bool = False
    indent: int | None = None
    indent_sequences: bool | str = "whatever"
    ignored_keys: list[str] = field(default_factory=list)
    findings: list[Any] = field(default_factory=list)

    def candidate(self, rule: str, title: str, edits: tuple[Edit, ...], line: int, column: int) -> Candidate:
        return Candidate(code=self.codes.get(rule, ""), rule=rule, title=title, edits=edits,
                         line=line, column=column, origin="fixer")


def _unix_newlines(settings: Any, meta: Any) -> bool:
    """``new-lines: {type: unix}`` in the configuration (or the rule's own default)."""
    given = settings.rule_options.get("new-lines") or {}
    if meta is not None:
        given = settings.rule_options.get(meta.code) or given
        if "type" not in given:
            try:
                options = settings.options_for(meta)
            except Exception:
                options = None
            return getattr(options, "type", None) == "unix"
    return given.get("type") == "unix"


def enabled_fixers(settings: Any) -> tuple[list[tuple[str, Fixer]], FixerContext]:
    """The text fixers this run may use, and their context."""
    from ..rules import load_rules

    by_name = {meta.name: meta for meta in load_rules().values()}
    chosen: list[tuple[str, Fixer]] = []
    for name, fixer, default in FIXERS:
        meta = by_name.get(name)
        if meta is not None:
            if settings.is_enabled(meta):
                chosen.append((name, fixer))
        elif _selected_by_name(settings, name, default):
            chosen.append((name, fixer))
    ctx = FixerContext(codes={n: m.code for n, m in by_name.items()},
                       unix_newlines=_unix_newlines(settings, by_name.get("new-lines")))
    return chosen, ctx


def _selected_by_name(settings: Any, name: str, default: bool) -> bool:
    """For a fix with no registered rule: ``--ignore``/``--select`` by its name (or ALL)."""
    def hit(selectors: list[str] | None) -> bool:
        return any(s.lower() in (name, "all") for s in selectors or [])

    if hit(settings.ignore):
        return False
    if settings.select is not None:
        return hit(settings.select) or hit(settings.extend_select)
    return default
