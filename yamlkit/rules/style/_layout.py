"""The block layout of a plain Kubernetes-style file, read line by line without a token scan.

Most manifests use a small part of YAML: block mappings and sequences, one key or item per line,
single-line scalars, block scalars (``|``, ``>``), comments and ``---``. For such a file the
indentation rule only needs to know where a nested block *opens* (the line after ``key:`` or
after a bare ``-``) and where each document's first line is; :func:`block_layout` finds these
from the lines alone, at a fraction of the cost of libyaml's token scan.

Other rules use it too: in such a file the only flow collections are empty ``{}`` and ``[]``
values, so no ``,`` token and no scalar in flow context exist.

The accepted subset is deliberately narrow: every line must be one of the forms below, with
plain keys, and a value on the line of its key or ``-``. Whatever is outside it (flow
collections with content, anchors, tags, aliases, ``?`` keys, directives, quoted or long keys,
escapes in double quotes, multi-line scalars other than block scalars, TABs, CR line breaks,
characters libyaml rejects...) makes :func:`block_layout` return ``None``, and the caller falls
back to the token scan. Inside the subset, libyaml scans the text without error, and the tokens
of every line are fixed by its form (tests/style/test_layout.py checks this against the scan).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from ...source import SourceFile
from ..base import per_file

# A plain key, and the single-line values this module understands.
_KEY = r"[A-Za-z0-9_/][A-Za-z0-9_./-]{0,200}"
_END = r"(?=\n|\Z)"
_TAIL = rf"(?:[ ]+(?:#.*)?)?{_END}"  # spaces, then maybe a comment, to the end of the line
_QUOTED = r"(?:\"[^\"\\\n]*+\"|'(?:[^'\n]|'')*+')"
# A plain scalar and its comment, to the end of the line: no indicator at the start (``-``,
# ``?``, ``:`` only before a non-space), no ``:`` before a space or the end (not even in the
# comment, which keeps the pattern simple).
_PLAIN = (r"(?:[^\s\-?:,\[\]{}#&*!|>'\"%@`]|[-?:](?=[^\s,\[\]{}]))"
          rf"[^:\n]*+(?::(?=\S)[^:\n]*+)*+{_END}")
_VALUE = rf"(?:(?:{_QUOTED}|\{{\}}|\[\]){_TAIL}|{_PLAIN})"
_BLOCK = rf"[|>][-+]?{_TAIL}"

def _siblings(indent: str) -> str:
    """The ``key: value`` lines at ``indent`` (and blank lines) that follow one.

    The reader has nothing to do for them: they continue the same mapping, and neither open nor
    close a block; inside a block scalar, they are content like the line before them. Matching
    them with that line saves a row each. (Not comment lines: a less indented one ends a block
    scalar.)
    """
    return rf"(?:\n{indent}{_KEY}:[ ]+{_VALUE}|\n[ ]*{_END})*"


_SIBLINGS_OF_ITEM = _siblings(r"\1  ")  # after `- key: value`, its mapping is two columns in
_SIBLINGS_OF_KEY = _siblings(r"\1")

#: One line, matched where the previous one ended (so no search between lines). Each group is
#: non-empty when it takes part: (indent, marker, dash, single (the one space of ``- ``), key,
#: opener (``:`` with nothing after it), siblings (of a ``key: value`` line, see
#: :func:`_siblings`), key_block (a block scalar header after ``key:``), item (a value after
#: ``-``), item_block, comment, other). A blank line matches none of them.
_LINE = re.compile(
    "([ ]*)(?:"
    rf"(---|\.\.\.){_TAIL}"
    rf"|(-(?:( )(?=[^ \n])|[ ]+|{_END}))?"
    rf"(?:({_KEY})(?:(:){_TAIL}|:[ ]+(?:{_VALUE}((?(4){_SIBLINGS_OF_ITEM}|(?(3)|{_SIBLINGS_OF_KEY})))"
    rf"|({_BLOCK})))"
    rf"|(?(3)(?:(?:#.*)?{_END}|({_VALUE})|({_BLOCK}))|(?!)))"
    r"|(#.*)"
    r"|(.*)"
    r")\n?"
)

@functools.cache
def _outside() -> re.Pattern[str]:
    """Characters outside the subset anywhere in the text: TAB, CR and the other YAML 1.1 line
    breaks, a byte-order mark, and everything libyaml's reader rejects. (Compiled on first use:
    the class costs ~6 ms to compile, and only non-ASCII text needs it.)"""
    return re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


@dataclass(slots=True)
class Layout:
    """Where blocks open, in file order.

    ``roots``: (line, column) of each document's first content line. ``openings``: (line,
    parent, parent_column, column, is_sequence) for each line that opens a nested block, where
    ``parent`` is ``"key"`` (the line after ``key:``) or ``"dash"`` (after a bare ``-``), and
    ``column`` is where the new block starts. A sequence flush with its key (``key:`` then
    ``- item`` at the same column) counts as an opening too. Lines are 1-based, columns 0-based.
    """

    roots: list[tuple[int, int]] = field(default_factory=list)
    openings: list[tuple[int, str, int, int, bool]] = field(default_factory=list)


class _Outside(Exception):
    """The text leaves the subset :func:`block_layout` understands."""


CACHE_KEY = "yamlkit.rules.style.layout"


def layout_of(ctx: Any, source: SourceFile) -> Layout | None:
    """The (cached) block layout of ``source``: computed once per file for every style rule."""
    layout: Layout | None = per_file(ctx, source, CACHE_KEY, lambda s: block_layout(s.text))
    return layout


def block_layout(text: str) -> Layout | None:
    """The block layout of ``text``, or ``None`` when the text is outside the subset."""
    if not (text.replace("\n", "").isprintable() if text.isascii() else _outside().search(text) is None):
        return None  # (for ASCII, the printable characters are exactly those YAML allows, less TAB)
    try:
        return _read(_LINE.findall(text))
    except _Outside:
        return None


def _read(rows: list[tuple[str, ...]]) -> Layout:
    """One pass over the lines, mirroring libyaml's stack of block indentation levels.

    (The hot loop of the style rules: the state lives in locals.) ``levels`` holds
    ``2 * column`` of each open mapping and ``2 * column + 1`` of each open sequence; ``flush``
    the columns of mappings that hold a sequence flush with their key right now; ``opener`` the
    last content line when it ends with ``key:`` or a bare ``-``.
    """
    layout = Layout()
    roots, openings = layout.roots, layout.openings
    levels: list[int] = []  # ordered: a deeper block has a larger column
    flush: set[int] = set()
    opener: tuple[str, int] | None = None
    started = False  # the current document has content
    block_parent = -1  # inside a block scalar whose parent block is at this column (-1: not)
    block_indent = 0  # the block scalar's content indentation (0: not known yet)
    number = 1
    for (indent, marker, dash, _single, key, empty, siblings, key_block, item, item_block, comment,
         other) in rows:
        line, number = number, number + 1 + (siblings.count("\n") if siblings else 0)
        column = len(indent)
        if block_parent >= 0:
            if not (marker or dash or key or item or item_block or comment or other):
                if column and not block_indent:
                    raise _Outside  # libyaml takes a blank line's spaces into the indentation
                continue
            if not block_indent and column > block_parent:
                block_indent = column
            if block_indent and column >= block_indent:
                continue
            block_parent = -1
        if other:
            raise _Outside
        if comment or not (marker or dash or key):
            continue
        if marker:
            if column:
                raise _Outside  # `  ---` is a plain scalar
            levels, flush, opener, started = [], set(), None, False
            continue
        last, opener = opener, None
        limit = 2 * column + 1
        while levels and levels[-1] > limit:  # close the blocks deeper than this line
            flush.discard(levels.pop() >> 1)
        top = levels[-1] if levels else -1
        if dash:
            if top >> 1 == column:  # another item, or a flush sequence
                if top == limit - 1 and column not in flush:
                    if last != ("key", column):
                        raise _Outside  # `- ` under a mapping key that already has a value
                    flush.add(column)
                    openings.append((line, "key", column, column, True))
            else:
                if not started:
                    started = True
                    roots.append((line, column))
                elif last is None or last[1] >= column:
                    raise _Outside  # a continuation line, or a block libyaml does not expect
                else:
                    openings.append((line, last[0], last[1], column, True))
                levels.append(limit)
            if key:
                column += len(dash)
                levels.append(2 * column)
            elif item_block:
                block_parent, block_indent = column, 0
                continue
            elif not item:
                opener = ("dash", column)
                continue
            else:
                continue
        elif top >> 1 == column:
            if top == limit:
                raise _Outside  # a key in a sequence's column
            flush.discard(column)  # a sibling key ends a flush sequence
        else:
            if not started:
                started = True
                roots.append((line, column))
            elif last is None or last[1] >= column:
                raise _Outside
            else:
                openings.append((line, last[0], last[1], column, False))
            levels.append(limit - 1)
        if empty:
            opener = ("key", column)
        elif key_block:
            block_parent, block_indent = column, 0
    return layout
