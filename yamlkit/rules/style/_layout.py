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
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from ...source import SourceFile
from ...syntax import DISALLOWED_CHARACTERS
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

#: One line (without its line break). Each group is non-empty when it takes part: (indent,
#: marker, dash, key, opener (``:`` with nothing after it), key_block (a block scalar header after
#: ``key:``), item (a value after ``-``), item_block, comment, other). A blank line matches none.
_FORM = re.compile(
    "([ ]*)(?:"
    rf"(---|\.\.\.){_TAIL}"
    rf"|(-(?:[ ](?=[^ \n])|[ ]+|{_END}))?"
    rf"(?:({_KEY})(?:(:){_TAIL}|:[ ]+(?:{_VALUE}|({_BLOCK})))"
    rf"|(?(3)(?:(?:#.*)?{_END}|({_VALUE})|({_BLOCK}))|(?!)))"
    r"|(#.*)"
    r"|(.*)"
    r")"
)

# The shape of a line, as one int: ``column << 20 | dash_width << 4 | kind`` (the dash width
# counts the spaces after ``-``: the key of ``- key: ...`` is at column + width).
(_BLANK, _COMMENT, _MARKER, _OTHER, _KEY_VALUE, _KEY_OPEN, _KEY_BLOCK, _DASH_OPEN, _DASH_VALUE,
 _DASH_BLOCK, _DASH_KEY_VALUE, _DASH_KEY_OPEN, _DASH_KEY_BLOCK) = range(1, 14)  # (no shape is 0)


def _shape(kind: int, column: int, dash_width: int = 0) -> int:
    """The shape of a line of ``kind`` at ``column``, packed as described above."""
    if column >> 24 or dash_width >> 16:
        return _OTHER  # (a line of ~16 million spaces: not worth a wider key in _MOVES)
    return column << 20 | dash_width << 4 | kind


def _shape_of(line: str) -> int:
    """The shape of one line (see :data:`_FORM`), remembered in :data:`_SHAPE_OF_LINE`."""
    indent, marker, dash, key, opener, key_block, item, item_block, comment, other = (
        _FORM.match(line).groups())  # type: ignore[union-attr]  # `(.*)` matches any line
    if not _printable(line):
        kind = _OTHER
    elif marker:
        kind = _MARKER
    elif key:
        kind = (_KEY_OPEN if opener else _KEY_BLOCK if key_block else _KEY_VALUE) + (
            _DASH_KEY_VALUE - _KEY_VALUE if dash else 0)
    elif dash:
        kind = _DASH_VALUE if item else _DASH_BLOCK if item_block else _DASH_OPEN
    else:
        kind = _COMMENT if comment else _OTHER if other else _BLANK
    shape = _shape(kind, len(indent), len(dash) if dash else 0)
    if len(line) <= 200:
        _remember(_SHAPE_OF_LINE, line, shape)
    return shape


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> None:
    """``memo[key] = value``, emptying ``memo`` first when it holds ``_MEMO_SIZE`` entries."""
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    memo[key] = value


#: The shapes of the lines seen lately. Manifests repeat the same lines (``metadata:``,
#: ``  labels:``, ``    app: web``): 97% of the generated corpus's lines and 85% of a real-world
#: one were seen before, and a look-up costs a twentieth of a regex match. Bounded like every
#: memo here: lines over 200 characters are not kept, and each memo is emptied when it holds
#: ``_MEMO_SIZE`` entries.
_SHAPE_OF_LINE: dict[str, int] = {}
_MEMO_SIZE = 8192


@functools.cache
def _outside() -> re.Pattern[str]:
    """Characters outside the subset: TAB, CR and the other YAML 1.1 line breaks, a byte-order
    mark, and everything libyaml's reader rejects (:data:`syntax.DISALLOWED_CHARACTERS`).
    (Compiled on first use: only non-ASCII lines need it.)"""
    return re.compile(f"[\t\r\x85\u2028\u2029\ufeff{DISALLOWED_CHARACTERS}]")


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
    layout: Layout | None = per_file(ctx, source, CACHE_KEY, lambda s: _layout_of_lines(s.lines))
    return layout


def block_layout(text: str) -> Layout | None:
    """The block layout of ``text``, or ``None`` when the text is outside the subset."""
    return _layout_of_lines(text.split("\n"))


def _layout_of_lines(lines: list[str]) -> Layout | None:
    """The block layout of a text split into ``lines``, or ``None`` outside the subset."""
    try:
        return _read(lines)
    except _Outside:
        return None


def _printable(line: str) -> bool:
    """Whether every character of ``line`` is one the subset allows (see :func:`_outside`).

    (Each line is checked once: on its first sight, when :func:`_shape_of` reads it, or as the
    content of a block scalar.) For ASCII, the printable characters are exactly those YAML
    allows, less TAB.
    """
    return line.isprintable() if line.isascii() else _outside().search(line) is None


def _read(lines: list[str]) -> Layout:
    """One pass over the lines, as a state machine whose moves are remembered.

    The state (see :class:`_State`) changes with the shape of each line (see :func:`_shape_of`);
    :func:`_move` computes a move once, and :data:`_MOVES` remembers it: manifests take the
    same few moves over and over (30 states and 89 moves for the 10,000 generated documents,
    255 and 741 for a real-world corpus). A line whose shape is the state's ``sibling``
    changes nothing and costs one comparison; the content lines of a block scalar are skipped
    by their indentation here, as libyaml does.
    """
    layout = Layout()
    roots, openings = layout.roots, layout.openings
    state = _state((), frozenset(), None, False)
    key, sibling = state.key, state.sibling
    block_parent = -1  # inside a block scalar whose parent block is at this column (-1: not)
    block_indent = 0  # the block scalar's content indentation (0: not known yet)
    moves = _MOVES.get
    for line, shape in enumerate(map(_SHAPE_OF_LINE.get, lines), 1):
        if block_parent >= 0:
            text = lines[line - 1]
            content = text.lstrip(" ")
            column = len(text) - len(content)
            if not content:
                if column and not block_indent:
                    raise _Outside  # libyaml takes a blank line's spaces into the indentation
                continue
            if not block_indent and column > block_parent:
                block_indent = column
            if block_indent and column >= block_indent:
                if not _printable(content):
                    raise _Outside
                continue
            block_parent = -1
        if shape == sibling:
            continue
        if shape is None:  # a line not seen lately
            shape = _shape_of(lines[line - 1])
            if shape == sibling:
                continue
        state, key, sibling, extra = moves(key + shape) or _move(state, shape)
        if extra is not None:
            record, block = extra
            if record is None:
                pass
            elif record[0] is None:
                roots.append((line, record[1]))
            else:
                openings.append((line, *record))
            if block >= 0:
                block_parent, block_indent = block, 0
    return layout


class _State:
    """Where the reader is, between two lines: libyaml's stack of block indentation levels.

    ``levels`` holds ``2 * column`` of each open mapping and ``2 * column + 1`` of each open
    sequence (a deeper block has a larger column); ``flush`` the columns of the mappings that
    hold a sequence flush with their key right now; ``opener`` the last content line when it
    ends with ``key:`` or a bare ``-`` (``("key", column)`` or ``("dash", column)``);
    ``started`` whether the document has content. ``key`` numbers the state for
    :data:`_MOVES`, and ``sibling`` is the shape of a line that changes nothing (a
    ``key: value`` of the innermost mapping, or ``- item`` in the innermost sequence), or -1.
    """

    __slots__ = ("levels", "flush", "opener", "started", "key", "sibling")

    def __init__(self, levels: tuple[int, ...], flush: frozenset[int], opener: tuple[str, int] | None,
                 started: bool, number: int) -> None:
        self.levels, self.flush, self.opener, self.started = levels, flush, opener, started
        self.key = number << 48  # above any shape (see _shape)
        self.sibling = -1
        top = levels[-1] if levels else -1
        if opener is None and top >= 0:
            if top & 1 or top >> 1 in flush:
                self.sibling = _shape(_DASH_VALUE, top >> 1, 2)
            else:
                self.sibling = _shape(_KEY_VALUE, top >> 1)


#: A move: (next state, its key, its sibling, extra). ``extra`` is None, or (record, block):
#: ``record`` is None, ``(None, column)`` for a document's first line, or an opening without
#: its line (see :class:`Layout`); ``block`` is the parent column of a block scalar that
#: starts, or -1.
Move = tuple[_State, int, int, Any]

_STATES: dict[tuple[Any, ...], _State] = {}
_MOVES: dict[int, Move] = {}
_numbers = itertools.count(1)  # state numbers are never reused, so a stale move cannot match


def _state(levels: tuple[int, ...], flush: frozenset[int], opener: tuple[str, int] | None,
           started: bool) -> _State:
    """The one :class:`_State` with these values."""
    found = _STATES.get((levels, flush, opener, started))
    if found is None:
        found = _State(levels, flush, opener, started, next(_numbers))
        _remember(_STATES, (levels, flush, opener, started), found)
    return found


def _move(state: _State, shape: int) -> Move:
    """What a line of ``shape`` does in ``state`` (remembered in :data:`_MOVES`), or
    :class:`_Outside` when libyaml would read it otherwise."""
    kind, column, width = shape & 15, shape >> 20, shape >> 4 & 0xFFFF
    levels, flush, opener, started = list(state.levels), set(state.flush), state.opener, state.started
    record: Any = None
    block = -1
    if kind == _OTHER:
        raise _Outside
    if kind == _MARKER:
        if column:
            raise _Outside  # `  ---` is a plain scalar
        levels, flush, opener, started = [], set(), None, False
    elif kind != _BLANK and kind != _COMMENT:
        last, opener = opener, None
        limit = 2 * column + 1
        while levels and levels[-1] > limit:  # close the blocks deeper than this line
            flush.discard(levels.pop() >> 1)
        top = levels[-1] if levels else -1
        if kind >= _DASH_OPEN:
            if top >> 1 == column:  # another item, or a flush sequence
                if top == limit - 1 and column not in flush:
                    if last != ("key", column):
                        raise _Outside  # `- ` under a mapping key that already has a value
                    flush.add(column)
                    record = ("key", column, column, True)
            else:
                if not started:
                    started = True
                    record = (None, column)
                elif last is None or last[1] >= column:
                    raise _Outside  # a continuation line, or a block libyaml does not expect
                else:
                    record = (last[0], last[1], column, True)
                levels.append(limit)
            if kind >= _DASH_KEY_VALUE:
                column += width
                levels.append(2 * column)
                kind -= _DASH_KEY_VALUE - _KEY_VALUE
            elif kind == _DASH_BLOCK:
                block = column
            elif kind == _DASH_OPEN:
                opener = ("dash", column)
        elif top >> 1 == column:
            if top == limit:
                raise _Outside  # a key in a sequence's column
            flush.discard(column)  # a sibling key ends a flush sequence
        else:
            if not started:
                started = True
                record = (None, column)
            elif last is None or last[1] >= column:
                raise _Outside
            else:
                record = (last[0], last[1], column, False)
            levels.append(limit - 1)
        if kind == _KEY_OPEN:
            opener = ("key", column)
        elif kind == _KEY_BLOCK:
            block = column
    after = _state(tuple(levels), frozenset(flush), opener, started)
    move = (after, after.key, after.sibling, None if record is None and block < 0 else (record, block))
    _remember(_MOVES, state.key + shape, move)
    return move
