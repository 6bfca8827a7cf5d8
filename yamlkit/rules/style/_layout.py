"""The block layout of a plain Kubernetes-style file, read line by line without a token scan.

Most manifests use a small part of YAML: block mappings and sequences, one key or item per line,
single-line scalars, block scalars (``|``, ``>``), comments and ``---``. For such a file the
indentation rule only needs to know where a nested block *opens* (the line after ``key:`` or
after a bare ``-``) and where each document's first line is; :func:`block_layout` finds these
from the lines alone, at a fraction of the cost of libyaml's token scan.

Other rules use it too: in such a file the only flow collections are empty ``{}`` and ``[]``
values, so no ``,`` token and no scalar in flow context exist.

The accepted subset is deliberately narrow: every line must be one of the forms of
:mod:`._lines` (``_FORM``), with plain keys, and a value on the line of its key or ``-``.
Whatever is outside it (flow collections with content, anchors, tags, aliases, ``?`` keys,
directives, quoted or long keys, escapes in double quotes, multi-line scalars other than block
scalars, TABs, CR line breaks, characters libyaml rejects...) makes :func:`block_layout` return
``None``, and the caller falls back to the token scan. Inside the subset, libyaml scans the text
without error, and the tokens of every line are fixed by its form (tests/style/test_layout.py
checks this against the scan).
"""

from __future__ import annotations

import itertools
from dataclasses import field
from typing import Any

from ..._record import record
from ...source import SourceFile
from ..base import per_file
from ._lines import (BLANK, COMMENT, DASH_BLOCK, DASH_KEY_VALUE, DASH_OPEN, DASH_VALUE, KEY_BLOCK,
                     KEY_OPEN, KEY_VALUE, MARKER, OTHER, SHAPE_MASK, file_lines, printable, shape)


@record
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

    def __init__(self, roots: list[tuple[int, int]] | None = None,
                 openings: list[tuple[int, str, int, int, bool]] | None = None) -> None:
        """Written out: one per file (see :mod:`yamlkit._record`); no list means a new empty one."""
        self.roots = [] if roots is None else roots
        self.openings = [] if openings is None else openings


class _Outside(Exception):
    """The text leaves the subset :func:`block_layout` understands."""


CACHE_KEY = "yamlkit.rules.style.layout"


def layout_of(ctx: Any, source: SourceFile) -> Layout | None:
    """The (cached) block layout of ``source``: computed once per file for every style rule."""
    layout: Layout | None = per_file(ctx, source, CACHE_KEY,
                                     lambda s: _layout_of_lines(s.lines, file_lines(ctx, s).infos))
    return layout


def known_plain(ctx: Any, source: SourceFile) -> bool:
    """Whether the layout of ``source`` was computed already (by a style rule) and the file is
    in the plain subset; never computes it."""
    hit = ctx.cache.get(CACHE_KEY) if ctx is not None else None
    return hit is not None and hit[0] is source and hit[1] is not None


def block_layout(text: str) -> Layout | None:
    """The block layout of ``text``, or ``None`` when the text is outside the subset."""
    return layout_of(None, SourceFile(name="<text>", text=text))


def _layout_of_lines(lines: list[str], infos: list[int]) -> Layout | None:
    """The block layout of a text split into ``lines`` with these ``infos`` (see
    :mod:`._lines`), or ``None`` outside the subset."""
    try:
        return _read(lines, infos)
    except _Outside:
        return None


def _read(lines: list[str], infos: list[int]) -> Layout:
    """One pass over the lines, as a state machine whose moves are remembered.

    The state (see :class:`_State`) changes with the shape of each line (see :mod:`._lines`);
    :func:`_move` computes a move once, and the state remembers it in its ``moves``, by the
    line's info: manifests take the same few moves over and over (30 states and 89 moves for
    the 10,000 generated documents, 255 and 741 for a real-world corpus). A line whose info is
    the state's ``sibling`` changes nothing and costs one comparison, any other known move one
    dict look-up (this loop runs for every line of every file: each bytecode in it counts); the
    content lines of a block scalar are skipped by their indentation, as libyaml does.
    """
    layout = Layout()
    roots, openings = layout.roots, layout.openings
    state = _state((), frozenset(), None, False)
    moves, sibling = state.moves, state.sibling
    numbered = enumerate(infos, 1)
    for line, info in numbered:
        if info == sibling:
            continue
        try:
            state, moves, sibling, opening, extra = moves[info]
        except KeyError:
            state, moves, sibling, opening, extra = _move(state, info)
        if opening is not None:
            openings.append((line,) + opening)
        if extra is not None:
            root, block = extra
            if root is not None:
                roots.append((line, root))
            if block >= 0:
                skip = _block_scalar_lines(lines, line, block)
                if skip:
                    next(itertools.islice(numbered, skip - 1, None), None)  # (consumes `skip` lines)
    return layout


def _block_scalar_lines(lines: list[str], start: int, parent: int) -> int:
    """How many lines from ``lines[start]`` on are the content of a block scalar (blank lines
    included) whose parent block is at column ``parent``, as libyaml reads them; raises
    :class:`_Outside` for content outside the subset."""
    indent = 0  # the content's indentation (0: not known yet)
    end = len(lines)
    n = start
    while n < end:
        text = lines[n]
        content = text.lstrip(" ")
        column = len(text) - len(content)
        if not content:
            if column and not indent:
                raise _Outside  # libyaml takes a blank line's spaces into the indentation
        else:
            if not indent and column > parent:
                indent = column
            if not indent or column < indent:
                break
            if not printable(content):
                raise _Outside
        n += 1
    return n - start


class _State:
    """Where the reader is, between two lines: libyaml's stack of block indentation levels.

    ``levels`` holds ``2 * column`` of each open mapping and ``2 * column + 1`` of each open
    sequence (a deeper block has a larger column); ``flush`` the columns of the mappings that
    hold a sequence flush with their key right now; ``opener`` the last content line when it
    ends with ``key:`` or a bare ``-`` (``("key", column)`` or ``("dash", column)``);
    ``started`` whether the document has content. ``sibling`` is the shape of a line that
    changes nothing (a ``key: value`` of the innermost mapping, or ``- item`` in the innermost
    sequence), or -1; ``moves`` the moves remembered from this state, by the line's info.
    """

    __slots__ = ("levels", "flush", "opener", "started", "sibling", "moves")

    def __init__(self, levels: tuple[int, ...], flush: frozenset[int], opener: tuple[str, int] | None,
                 started: bool) -> None:
        self.levels, self.flush, self.opener, self.started = levels, flush, opener, started
        self.moves: dict[int, Move] = {}
        self.sibling = -1
        top = levels[-1] if levels else -1
        if opener is None and top >= 0:
            if top & 1 or top >> 1 in flush:
                self.sibling = shape(DASH_VALUE, top >> 1, 2)
            else:
                self.sibling = shape(KEY_VALUE, top >> 1)


#: A move: (next state, its ``moves``, its ``sibling``, opening, extra). ``opening`` is None or
#: an opening without its line (see :class:`Layout`); ``extra`` is None, or (root, block):
#: ``root`` the column of a document's first line, or None; ``block`` the parent column of a
#: block scalar that starts, or -1. (About two lines in five open a block, the rest is rare: one
#: test for each in the hot loop.)
Move = tuple[_State, dict[int, Any], int, Any, Any]

#: Every state, by its values; ``_move_count`` counts the moves the states remember, all
#: forgotten together (see :func:`_forget_moves`) when it reaches ``_MEMO_SIZE``.
_STATES: dict[tuple[Any, ...], _State] = {}
_move_count = 0
_MEMO_SIZE = 8192


def _state(levels: tuple[int, ...], flush: frozenset[int], opener: tuple[str, int] | None,
           started: bool) -> _State:
    """The one :class:`_State` with these values."""
    found = _STATES.get((levels, flush, opener, started))
    if found is None:
        found = _STATES[levels, flush, opener, started] = _State(levels, flush, opener, started)
    return found


def _forget_moves() -> None:
    """Empty the memo of states and moves (a state the caller holds still works: its moves
    are recomputed as needed)."""
    global _move_count
    for state in _STATES.values():
        state.moves.clear()  # (states and moves refer to each other: break the cycles)
    _STATES.clear()
    _move_count = 0


def _move(state: _State, info: int) -> Move:
    """What a line of ``info`` does in ``state`` (remembered in ``state.moves``), or
    :class:`_Outside` when libyaml would read it otherwise. (Only the line's shape matters: a
    line with test bits in its info is remembered as a move of its own.)"""
    kind, column, width = info & 15, (info & SHAPE_MASK) >> 20, info >> 4 & 0xFFFF
    levels, flush, opener, started = list(state.levels), set(state.flush), state.opener, state.started
    opening: Any = None
    root: int | None = None
    block = -1
    if kind == OTHER:
        raise _Outside
    if kind == MARKER:
        if column:
            raise _Outside  # `  ---` is a plain scalar
        levels, flush, opener, started = [], set(), None, False
    elif kind != BLANK and kind != COMMENT:
        last, opener = opener, None
        limit = 2 * column + 1
        while levels and levels[-1] > limit:  # close the blocks deeper than this line
            flush.discard(levels.pop() >> 1)
        top = levels[-1] if levels else -1
        if kind >= DASH_OPEN:
            if top >> 1 == column:  # another item, or a flush sequence
                if top == limit - 1 and column not in flush:
                    if last != ("key", column):
                        raise _Outside  # `- ` under a mapping key that already has a value
                    flush.add(column)
                    opening = ("key", column, column, True)
            else:
                if not started:
                    started = True
                    root = column
                elif last is None or last[1] >= column:
                    raise _Outside  # a continuation line, or a block libyaml does not expect
                else:
                    opening = (last[0], last[1], column, True)
                levels.append(limit)
            if kind >= DASH_KEY_VALUE:
                column += width
                levels.append(2 * column)
                kind -= DASH_KEY_VALUE - KEY_VALUE
            elif kind == DASH_BLOCK:
                block = column
            elif kind == DASH_OPEN:
                opener = ("dash", column)
        elif top >> 1 == column:
            if top == limit:
                raise _Outside  # a key in a sequence's column
            flush.discard(column)  # a sibling key ends a flush sequence
        else:
            if not started:
                started = True
                root = column
            elif last is None or last[1] >= column:
                raise _Outside
            else:
                opening = (last[0], last[1], column, False)
            levels.append(limit - 1)
        if kind == KEY_OPEN:
            opener = ("key", column)
        elif kind == KEY_BLOCK:
            block = column
    global _move_count
    if _move_count >= _MEMO_SIZE:
        _forget_moves()
    after = _state(tuple(levels), frozenset(flush), opener, started)
    move = (after, after.moves, after.sibling, opening, None if root is None and block < 0 else (root, block))
    state.moves[info] = move
    _move_count += 1
    return move
