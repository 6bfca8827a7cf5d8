"""Sort the keys of block mappings (the ``key-ordering`` rule, off by default) by moving lines.

Each key moves with its whole value and the comment lines right above it (at the key's column);
blank lines between entries stay where they were. One candidate per unsorted mapping; a nested
mapping inside a moved entry is sorted in a later pass (its edit overlaps the parent's).
Mappings are skipped when a key is not alone at the start of its line (``- key: v``), is not a
scalar, or matches ``ignored-keys``; the guard then checks that only the key order changed.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

import yaml

from ..findings import Edit


_DASHES = re.compile(r"( *- +)+")


def _lines(text: str) -> tuple[list[str], list[int]]:
    lines = text.splitlines(keepends=True)
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line)
    starts.append(pos)
    return lines, starts


def _is_comment(line: str) -> bool:
    return line.lstrip(" ").startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _mappings(text: str) -> Iterator[Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        roots = [r for r in yaml.compose_all(text, Loader=loader) if r is not None]
    except Exception:
        return
    stack = list(roots)
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.id == "mapping":
            if not node.flow_style:
                yield node
            for k, v in node.value:
                stack.extend((k, v))
        elif node.id == "sequence":
            stack.extend(node.value)


def sort_edits(text: str, ignored: list[str] | None = None) -> list[tuple[int, int, Edit]]:
    """(line, column, edit) for every block mapping whose keys are out of order."""
    patterns = [re.compile(p) for p in ignored or []]
    lines, starts = _lines(text)
    out: list[tuple[int, int, Edit]] = []
    for node in _mappings(text):
        keys = [k for k, _ in node.value]
        if len(keys) < 2 or any(k.id != "scalar" for k in keys):
            continue
        names = [k.value for k in keys]
        if names == sorted(names) or any(p.search(n) for p in patterns for n in names):
            continue
        column = keys[0].start_mark.column
        key_lines = [k.start_mark.line for k in keys]
        if len(set(key_lines)) != len(key_lines):
            continue
        if any(_indent(lines[n]) != column for n in key_lines[1:]):
            continue  # a key shares its line with something else
        compact = _indent(lines[key_lines[0]]) != column
        if compact and not _DASHES.fullmatch(lines[key_lines[0]][:column]):
            continue  # only "- key: v" (the mapping opens on its item's line) is handled
        entries = _entries(lines, key_lines, column, node)
        if entries is None:
            continue
        first, last = entries[0][0], entries[-1][1]
        gaps = [lines[entries[i][1]:entries[i + 1][0]] for i in range(len(entries) - 1)]
        # Each block without the indentation of its first line (for the first entry of a compact
        # mapping: without its "- ").
        blocks = ["".join(lines[a:b])[column:] for a, b in entries]
        order = sorted(range(len(names)), key=lambda i: names[i])
        if not all(b.endswith("\n") for b in blocks[:-1]):
            continue
        moved = [blocks[i] for i in order]
        if compact and moved[0].lstrip(" ").startswith("#"):
            continue  # a comment cannot follow "- " in place of the key
        if not blocks[-1].endswith("\n"):  # the file ends without a line break: keep it so
            moved = [b if b.endswith("\n") else b + "\n" for b in moved]
            moved[-1] = moved[-1][:-1]
        pieces: list[str] = []
        for i, block in enumerate(moved):
            pieces.append(block if (compact and i == 0) else " " * column + block)
            if i < len(gaps):
                pieces.append("".join(gaps[i]))
        edit = Edit(starts[first] + (column if compact else 0), starts[last], "".join(pieces))
        out.append((keys[0].start_mark.line + 1, column + 1, edit))
    return out


def _entries(lines: list[str], key_lines: list[int], column: int, node: Any) -> list[tuple[int, int]] | None:
    """[start, end) line ranges of every entry: leading comments + key line + value lines."""
    end_of_map = _end_of_mapping(lines, key_lines[-1], column)
    ranges: list[tuple[int, int]] = []
    for i, key_line in enumerate(key_lines):
        start = key_line
        lower = ranges[-1][1] if ranges else 0
        if i > 0 or (column > 0 and _indent(lines[key_line]) == column):  # a file's header stays on top
            while start - 1 >= lower and _is_comment(lines[start - 1]) and _indent(lines[start - 1]) == column:
                start -= 1
        ranges.append((start, key_line))  # end filled below
    bounds = [r[0] for r in ranges[1:]] + [end_of_map]
    result: list[tuple[int, int]] = []
    for (start, key_line), bound in zip(ranges, bounds):
        end = bound
        while end - 1 > key_line and (not lines[end - 1].strip() or
                                      (_is_comment(lines[end - 1]) and _indent(lines[end - 1]) <= column)):
            end -= 1
        result.append((start, end))
    return result


def _end_of_mapping(lines: list[str], last_key: int, column: int) -> int:
    """The first line after the mapping: content less indented than its keys, or a document marker."""
    for n in range(last_key + 1, len(lines)):
        line = lines[n]
        if not line.strip() or _is_comment(line):
            continue
        if line.startswith(("---", "...")) or _indent(line) < column:
            return n
        # ("- " at the keys' column is a `key:\n- item` sequence of the last key: still inside)
    return len(lines)
