"""What each line of a file is, found once per distinct line: its shape, and the answers of the
line tests of the rules' pre-filters.

Manifests repeat the same lines (``metadata:``, ``  labels:``, ``    app: web``): 97% of the
generated corpus's lines and 85% of a real-world one were seen before. So each line is read once
on its first sight, and what was found is remembered as one int, its *info*: the line's *shape*
(its form and indentation, see :data:`_FORM`), which :mod:`._layout` reads the block layout
from, and one bit per registered line test. :func:`line_infos` looks every line of a file up in
one pass (a dict look-up costs a twentieth of a regex match); the block layout and every
pre-filter of the file share it.

Line tests: several rules can prove from the text alone that they have nothing to report in a
file (no word ``yes`` or ``on`` for Y207, no space before a ``:`` for Y112, no line over the
length limit for Y103...). Each of these looks at one line at a time (what it looks for never
spans a line break), so it is a function ``line -> bool`` (the same object for the same options:
build it with :func:`functools.lru_cache`); :func:`some_line` tells whether it holds for a line
of a file, from the OR of the file's infos.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from typing import Any, Callable

from ...source import SourceFile
from ...syntax import DISALLOWED_CHARACTERS
from ..base import per_file

LineTest = Callable[[str], bool]

# -- shapes ------------------------------------------------------------------------------------

# A plain key, and the single-line values the layout understands.
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
(BLANK, COMMENT, MARKER, OTHER, KEY_VALUE, KEY_OPEN, KEY_BLOCK, DASH_OPEN, DASH_VALUE,
 DASH_BLOCK, DASH_KEY_VALUE, DASH_KEY_OPEN, DASH_KEY_BLOCK) = range(1, 14)  # (no shape is 0)

#: An info is ``shape | test_bits << TESTS_SHIFT`` (a shape fits below the shift).
TESTS_SHIFT = 44
SHAPE_MASK = (1 << TESTS_SHIFT) - 1


def shape(kind: int, column: int, dash_width: int = 0) -> int:
    """The shape of a line of ``kind`` at ``column``, packed as described above."""
    if column >> 24 or dash_width >> 16:
        return OTHER  # (a line of ~16 million spaces: not worth a wider shape)
    return column << 20 | dash_width << 4 | kind


def _shape_of(line: str) -> int:
    """The shape of one line (see :data:`_FORM`)."""
    indent, marker, dash, key, opener, key_block, item, item_block, comment, other = (
        _FORM.match(line).groups())  # type: ignore[union-attr]  # `(.*)` matches any line
    if not printable(line):
        kind = OTHER
    elif marker:
        kind = MARKER
    elif key:
        kind = (KEY_OPEN if opener else KEY_BLOCK if key_block else KEY_VALUE) + (
            DASH_KEY_VALUE - KEY_VALUE if dash else 0)
    elif dash:
        kind = DASH_VALUE if item else DASH_BLOCK if item_block else DASH_OPEN
    else:
        kind = COMMENT if comment else OTHER if other else BLANK
    return shape(kind, len(indent), len(dash) if dash else 0)


def printable(line: str) -> bool:
    """Whether every character of ``line`` is one the layout's subset allows (see
    :func:`_outside`). For ASCII, the printable characters are exactly those YAML allows, less
    TAB."""
    return line.isprintable() if line.isascii() else _outside().search(line) is None


@functools.cache
def _outside() -> re.Pattern[str]:
    """Characters outside the subset: TAB, CR and the other YAML 1.1 line breaks, a byte-order
    mark, and everything libyaml's reader rejects (:data:`syntax.DISALLOWED_CHARACTERS`).
    (Compiled on first use: only non-ASCII lines need it.)"""
    return re.compile(f"[\t\r\x85\u2028\u2029\ufeff{DISALLOWED_CHARACTERS}]")


# -- line tests --------------------------------------------------------------------------------

#: The registered tests, in bit order, and the bit of each; ``_version`` counts registrations.
_TESTS: list[LineTest] = []
_BITS: dict[LineTest, int] = {}
_version = 0
#: More tests than this (a run with many option sets) start the registry afresh.
_MAX_TESTS = 16
#: No info is negative: a line not seen lately. (A small int: comparisons with it are cheap.)
_UNSEEN = -1


def _bit(test: LineTest) -> int:
    """The bit of ``test`` (in an info), registered on first use."""
    global _version
    bit = _BITS.get(test)
    if bit is None:
        if len(_TESTS) >= _MAX_TESTS:
            _TESTS.clear()
            _BITS.clear()
        _TESTS.append(test)
        bit = _BITS[test] = 1 << (TESTS_SHIFT + len(_TESTS) - 1)
        _version += 1
        _INFO_OF_LINE.clear()  # the lines it holds have no answer for the new test
        _SAME_INFO.clear()
    return bit


# -- infos -------------------------------------------------------------------------------------

#: The infos of the lines seen lately: lines over 200 characters are not kept, and the memo is
#: emptied when it holds ``_MEMO_SIZE`` lines or a test is registered.
_INFO_OF_LINE: dict[str, int] = {}
_MEMO_SIZE = 8192

#: One int object for each info value remembered (a few hundred in a run; emptied with the
#: infos). The layout's states are dicts keyed by infos: a look-up whose key *is* the stored
#: key skips the int comparison, a third of a look-up.
_SAME_INFO: dict[int, int] = {}

CACHE_KEY = "yamlkit.rules.style.lines"


class FileLines:
    """The infos of a file's lines (``infos[i]`` for line ``i + 1``), for the tests registered
    in ``version`` of the registry."""

    __slots__ = ("version", "infos", "_tests")

    def __init__(self, lines: list[str]) -> None:
        self.version = _version
        self._tests: int | None = None
        infos = list(map(_INFO_OF_LINE.get, lines, itertools.repeat(_UNSEEN)))
        try:  # read the lines not seen lately (found at C speed)
            index = infos.index(_UNSEEN)
            while True:
                infos[index] = _info_of(lines[index])
                index = infos.index(_UNSEEN, index + 1)
        except ValueError:
            pass
        self.infos = infos

    @property
    def tests(self) -> int:
        """The OR of the test bits of every line (computed on first use)."""
        if self._tests is None:
            infos = self.infos
            has_bits = max(infos) > SHAPE_MASK  # (mostly no line has any: a cheaper pass first)
            self._tests = functools.reduce(operator.or_, infos) & ~SHAPE_MASK if has_bits else 0
        return self._tests


def _info_of(line: str) -> int:
    """The info of ``line``, remembered for lines up to 200 characters (as the one int object
    of that value, see :data:`_SAME_INFO`)."""
    info = _shape_of(line)
    bit = 1 << TESTS_SHIFT
    for test in _TESTS:
        if test(line):
            info |= bit
        bit <<= 1
    if len(line) <= 200:
        if len(_INFO_OF_LINE) >= _MEMO_SIZE:
            _INFO_OF_LINE.clear()
            _SAME_INFO.clear()
        info = _INFO_OF_LINE[line] = _SAME_INFO.setdefault(info, info)
    return info


def file_lines(ctx: Any, source: SourceFile) -> FileLines:
    """The (cached) infos of ``source``'s lines (split at LF only), computed once per file and
    again only when a test was registered since (on the first files of a run)."""
    found: FileLines = per_file(ctx, source, CACHE_KEY, _file_lines)
    if found.version != _version:
        found = _file_lines(source)
        if ctx is not None:
            ctx.cache[CACHE_KEY] = (source, found)
    return found


def _file_lines(source: SourceFile) -> FileLines:
    return FileLines(source.lines)


def some_line(ctx: Any, source: SourceFile, test: LineTest) -> bool:
    """Whether ``test`` holds for at least one line of ``source`` (lines split at LF only)."""
    bit = _bit(test)
    return bool(file_lines(ctx, source).tests & bit)
