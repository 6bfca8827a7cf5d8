"""Fixes for text that does not parse yet: TAB indentation and one misaligned line.

Both work on lines and prove themselves by parsing: a repair is used only when it parses and no
other plausible reading of the file parses to different data. Otherwise nothing is changed and
the caller reports why.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field


from ..source import SourceFile
from .guard import Snapshot, snapshot, syntax_error_line

#: Seconds the repairs may spend searching on one file before giving up (reported, not fixed).
REPAIR_SECONDS = 3.0


def _deadline() -> float:
    return time.monotonic() + REPAIR_SECONDS


def _late(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() > deadline

_ITEM = re.compile(r"- +")


@dataclass(slots=True)
class Repair:
    """A repaired text, the (1-based) lines it touched, and what is left to report."""

    text: str
    lines: list[int] = field(default_factory=list)
    note: str | None = None
    aligned: list[int] = field(default_factory=list)


def _split(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _body(line: str) -> tuple[str, str]:
    """(line without its break, the break)."""
    stripped = line.rstrip("\r\n")
    return stripped, line[len(stripped):]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    s = line.strip()
    return bool(s) and not s.startswith("#")


def _content_columns(line: str) -> list[int]:
    """Columns where nested content may start on this line: its indent, and after each ``- ``."""
    indent = _indent(line)
    cols = [indent]
    rest = line[indent:]
    pos = indent
    while True:
        m = _ITEM.match(rest)
        if not m:
            break
        pos += m.end()
        rest = rest[m.end():]
        cols.append(pos)
    return cols


def indent_unit(text: str, default: int = 2) -> int:
    """The most common step between a line and the more-indented line after it (spaces only)."""
    steps: Counter[int] = Counter()
    previous: str | None = None
    for raw in _split(text):
        line, _ = _body(raw)
        if not _is_content(line) or "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
            continue
        if previous is not None:
            step = _indent(line) - _content_columns(previous)[-1]
            if step > 0 and _indent(line) > _indent(previous):
                steps[step] += 1
            elif _indent(line) > _indent(previous):
                steps[_indent(line) - _indent(previous)] += 1
        previous = line
    if not steps:
        return default
    return steps.most_common(1)[0][0]


def _levels_above(lines: list[str], index: int) -> set[int]:
    """Indentation levels open at line ``index``: its ancestors' and the previous line's columns."""
    levels: set[int] = set()
    lowest: int | None = None
    for j in range(index - 1, -1, -1):
        line, _ = _body(lines[j])
        if not _is_content(line) or "\t" in line[: len(line) - len(line.lstrip(" \t"))]:
            continue
        cols = _content_columns(line)
        if lowest is None:
            levels.update(cols)
            lowest = cols[0]
        elif cols[0] < lowest:
            levels.update(cols)
            lowest = cols[0]
        if lowest == 0:
            break
    return levels


# -- TABs ---------------------------------------------------------------------------------------
def _expand(indent: str, width: int, tab_stops: bool) -> str:
    col = 0
    for ch in indent:
        if ch == "\t":
            col = (col // width + 1) * width if tab_stops else col + width
        else:
            col += 1
    return " " * col


def _tab_lines(text: str) -> list[int]:
    """0-based indexes of lines whose indentation holds a TAB (outside block scalars)."""
    from ..syntax import tab_indentation

    flagged = tab_indentation(SourceFile(name="<fix>", text=text))
    return [n - 1 for n in sorted(flagged)]


def fix_tabs(text: str, *, preferred: int | None = None, yaml12: bool = False,
             before: Snapshot | None = None, align: bool = False,
             deadline: float | None = None) -> Repair | None:
    """Replace TAB indentation by spaces, choosing a TAB width that parses and fits the file.

    Returns None when there is nothing to do; a :class:`Repair` with ``note`` set (and the text
    unchanged) when no width or more than one reading works. With ``align``, a width whose
    result still has misaligned lines counts when :func:`fix_misaligned` can repair them (only
    if no width parses on its own); ``Repair.aligned`` lists those lines.
    """
    targets = _tab_lines(text)
    if not targets:
        return None
    deadline = deadline or _deadline()
    lines = _split(text)
    unit = preferred or indent_unit(text)
    widths = list(dict.fromkeys([unit, 2, 4, 8]))
    trials: dict[str, tuple[int, bool]] = {}
    for width in widths:
        for tab_stops in (True, False):
            new = list(lines)
            for i in targets:
                body, brk = _body(new[i])
                lead = len(body) - len(body.lstrip(" \t"))
                new[i] = _expand(body[:lead], width, tab_stops) + body[lead:] + brk
            trials.setdefault("".join(new), (width, tab_stops))
    parsed: list[tuple[str, int, Snapshot]] = []
    aligned: dict[str, list[int]] = {}
    for candidate, (width, _) in trials.items():
        snap = snapshot(candidate, yaml12=yaml12)
        if snap is None:
            continue
        if before is not None and snap.json != before.json:
            continue
        parsed.append((candidate, width, snap))
    if not parsed and align and before is None:
        for candidate, (width, _) in trials.items():
            if _late(deadline):
                break
            repair = fix_misaligned(candidate, yaml12=yaml12, deadline=deadline)
            if repair is None or repair.note:
                continue
            snap = snapshot(repair.text, yaml12=yaml12)
            if snap is not None:
                parsed.append((repair.text, width, snap))
                aligned[repair.text] = repair.lines
    numbers = [i + 1 for i in targets]
    if not parsed:
        return Repair(text, numbers, "no TAB width makes the file parse; replace the TABs by hand")
    readings = {snap.json for _, _, snap in parsed}
    if len(readings) > 1:
        fitting = [p for p in parsed if _fits(p[0], targets, unit)]
        readings = {snap.json for _, _, snap in fitting}
        if len(readings) != 1:
            widths_seen = sorted({w for _, w, _ in parsed})
            return Repair(
                text, numbers,
                "the TABs are ambiguous: TAB widths " + ", ".join(map(str, widths_seen))
                + " give different structures; replace them by hand",
            )
        parsed = fitting
    fitting = [p for p in parsed if _fits(p[0], targets, unit)] or parsed
    best = next((p for p in fitting if p[1] == unit), fitting[0])
    return Repair(best[0], numbers, aligned=aligned.get(best[0], []))


def _fits(text: str, targets: list[int], unit: int) -> bool:
    """Every re-indented line sits on a level that is open above it, or one step deeper."""
    lines = _split(text)
    for i in targets:
        body, _ = _body(lines[i])
        if not _is_content(body):
            continue
        indent = _indent(body)
        levels = _levels_above(lines, i)
        if indent in levels:
            continue
        if not any(indent == level + unit for level in levels):
            return False
    return True


# -- one misaligned line ------------------------------------------------------------------------
def _error_line(text: str, yaml12: bool) -> int | None:
    """0-based line where the parser stops, or None when the text parses."""
    return syntax_error_line(text)


def first_problem_code(text: str, yaml12: bool = False) -> str | None:
    """The code of the first syntax problem of ``text`` (None when it parses)."""
    from ..parse import parse

    parsed = parse(SourceFile(name="<fix>", text=text), yaml12=yaml12)
    found = sorted((p.line or 0, p.code or "Y004") for p in parsed.problems)
    return found[0][1] if found else None


def fix_misaligned(text: str, *, yaml12: bool = False, max_lines: int = 20,
                   deadline: float | None = None) -> Repair | None:
    """Move lines that are one column off onto the level that alone makes the file parse.

    Returns None when the text parses already or nothing helps (``note`` says why).
    """
    first = _error_line(text, yaml12)
    if first is None:
        return None
    current = text
    touched: list[int] = []
    deadline = deadline or _deadline()
    for _ in range(max_lines):
        error = _error_line(current, yaml12)
        if error is None:
            return Repair(current, touched)
        if _late(deadline):
            return Repair(text, touched or [error + 1], "gave up: the search for an alignment took too long")
        step = _shift_one(current, error, yaml12, deadline)
        if step is None or isinstance(step, str):
            note = step if isinstance(step, str) else (
                f"line {error + 1} is not aligned with its siblings and no single one-column move makes "
                "the file parse; align it by hand"
            )
            return Repair(text, touched or [error + 1], note)
        current, moved = step
        touched.append(moved + 1)
    return Repair(text, touched, "too many misaligned lines; align them by hand")


def _shift_one(text: str, error: int, yaml12: bool, deadline: float | None = None) -> tuple[str, int] | str | None:
    lines = _split(text)
    # The parser stops on the misaligned line or just after it (a key read as a continuation).
    suspects = [i for i in (error, error - 1, error + 1) if 0 <= i < len(lines) and _is_content(_body(lines[i])[0])]
    outcomes: dict[str, tuple[str, int]] = {}
    progressing: dict[tuple[int, int], tuple[str, int]] = {}
    for i in suspects:
        body, _ = _body(lines[i])
        indent = _indent(body)
        if "\t" in body[: len(body) - len(body.lstrip(" \t"))]:
            continue
        for level in sorted(_levels_above(lines, i)):
            if abs(level - indent) != 1:
                continue
            for subtree in (False, True):
                if _late(deadline):
                    return "gave up: the search for an alignment took too long"
                new = _moved(lines, i, level - indent, subtree)
                if new is None:
                    continue
                candidate = "".join(new)
                snap = snapshot(candidate, yaml12=yaml12)
                if snap is not None:
                    outcomes.setdefault(snap.json, (candidate, i))
                    continue
                later = _error_line(candidate, yaml12)
                if later is not None and later > max(i, error):
                    progressing.setdefault((i, level), (candidate, i))
    if len(outcomes) == 1:
        return next(iter(outcomes.values()))
    if len(outcomes) > 1:
        return (
            f"line {error + 1} is misaligned and more than one alignment parses (to different data); "
            "align it by hand"
        )
    if len(progressing) == 1:
        return next(iter(progressing.values()))
    return None


def _moved(lines: list[str], index: int, delta: int, subtree: bool) -> list[str] | None:
    new = list(lines)
    body, brk = _body(new[index])
    indent = _indent(body)
    new[index] = " " * (indent + delta) + body[indent:] + brk
    if subtree:
        moved_any = False
        for j in range(index + 1, len(new)):
            child, cbrk = _body(new[j])
            if not child.strip():
                continue
            cind = _indent(child)
            if cind <= indent:
                break
            if cind + delta < 0:
                return None
            new[j] = " " * (cind + delta) + child[cind:] + cbrk
            moved_any = True
        if not moved_any:
            return None
    return new


