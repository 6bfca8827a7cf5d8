"""Y101: indentation (consistent width; indented or flush block sequences)."""

from __future__ import annotations

from typing import Any, Iterator

from ..._gc import no_gc
from ..._record import record
from ...source import SourceFile
from ..base import RuleContext, Scope, Violation
from ._scan import (ANCHOR, BLOCK_END, BLOCK_ENTRY, BLOCK_MAP_START, BLOCK_SEQ_START, FLOW_MAP_END,
                    FLOW_MAP_START, FLOW_SEQ_END, FLOW_SEQ_START, KEY, SCALAR, STREAM_END,
                    STREAM_START, TAG, VALUE, Scan, real_end_line, scan_of, style_rule)
from ._layout import Layout, layout_of


@record
class IndentationOptions:
    spaces: int | str = "consistent"
    indent_sequences: bool | str = "consistent"
    check_multi_line_strings: bool = False

    def __post_init__(self) -> None:
        if not (isinstance(self.spaces, int) and not isinstance(self.spaces, bool)) and self.spaces != "consistent":
            raise ValueError(f"indentation: spaces must be a number or 'consistent', not {self.spaces!r}")
        if self.indent_sequences not in (True, False, "whatever", "consistent"):
            raise ValueError("indentation: indent-sequences must be true, false, whatever or consistent, "
                             f"not {self.indent_sequences!r}")


# Frame kinds of the indentation stack.
_ROOT, _BMAP, _FMAP, _BSEQ, _FSEQ, _ENTRY, _KEY, _VAL = range(8)


class _Unexpected(Exception):
    """The token stream has a shape the indentation model does not know."""


class _Walker:
    def __init__(self, text: str, opts: IndentationOptions) -> None:
        self.text = text
        self.cur_line = -1  # the last line with content (kept in sync for scalar())
        self.spaces: int | None = opts.spaces if isinstance(opts.spaces, int) else None
        self.seqs: bool | str = opts.indent_sequences
        self.multi_line = opts.check_multi_line_strings

    def width_from(self, base: int, column: int) -> int:
        """Expected indentation ``base + spaces``; the first indentation seen fixes ``spaces``."""
        if self.spaces is None:
            self.spaces = column - base
        return base + self.spaces

    # -- the token walk ----------------------------------------------------------------
    def run(self, tokens: list[Any], kinds: list[int], out: list[tuple[int, int, str]]) -> None:
        """Walk every token once. (Hot loop: frames are lists ``[kind, indent, line_indent,
        explicit, implicit]`` and the state lives in locals.)"""
        text = self.text
        stack: list[list[Any]] = [[_ROOT, 0, None, False, False]]
        cur_line = -1
        cur_line_indent = 0
        n = len(tokens)
        width_from = self.width_from
        closers = (BLOCK_END, FLOW_MAP_END, FLOW_SEQ_END, KEY)
        for i in range(n):
            tok = tokens[i]
            kind = kinds[i]
            try:
                top = stack[-1]
                nkind = kinds[i + 1] if i + 1 < n else -1
                start = tok.start_mark
                found = start.column
                if kind == BLOCK_END or kind == STREAM_START or kind == STREAM_END:
                    visible = first = False
                else:
                    visible = kind != SCALAR or tok.value != ""
                    first = visible and start.line + 1 > cur_line
                if first:
                    expected = top[1]
                    if kind == FLOW_MAP_END or kind == FLOW_SEQ_END:
                        expected = top[2] if top[2] is not None else top[1]
                    elif top[0] == _KEY and top[3] and kind != VALUE:
                        expected = width_from(expected, found)
                    if found != expected:
                        if expected < 0:
                            msg = f"wrong indentation: expected at least {found + 1}"
                        else:
                            msg = f"wrong indentation: expected {expected} but found {found}"
                        out.append((start.line + 1, found + 1, msg))
                if visible:
                    if kind == SCALAR:
                        if self.multi_line:
                            self.cur_line = cur_line
                            self.scalar(tok, stack, out)
                        end = tok.end_mark
                        if end.line == start.line:
                            cur_line = end.line + 1
                        else:
                            cur_line = real_end_line(text, tok, True)
                    else:
                        cur_line = tok.end_mark.line + 1
                    if first:
                        cur_line_indent = found

                # Open what this token starts.
                if kind == SCALAR:
                    pass
                elif kind == KEY:
                    s, e = start.index, tok.end_mark.index
                    stack.append([_KEY, top[1], None, s < e and text[s] == "?", False])
                elif kind == VALUE:
                    if top[0] != _KEY:
                        raise _Unexpected
                    nxt = tokens[i + 1] if i + 1 < n else None
                    prev = tokens[i - 1]
                    if (nkind == ANCHOR or nkind == TAG) and i + 2 < n:
                        # `key: &anchor` / `key: !!tag` with the value on the next line
                        nn = tokens[i + 2]
                        if (nxt.start_mark.line == prev.start_mark.line
                                and nxt.start_mark.line < nn.start_mark.line):
                            nxt, nkind = nn, kinds[i + 2]
                    if nkind not in closers:
                        column = nxt.start_mark.column
                        if top[3]:
                            indent = width_from(top[1], column)
                        elif nxt.start_mark.line == prev.start_mark.line:
                            indent = column
                        elif nkind == BLOCK_SEQ_START or nkind == BLOCK_ENTRY:
                            indent = self.sequence_indent(top[1], column)
                        else:
                            indent = width_from(top[1], column)
                        stack.append([_VAL, indent, None, False, False])
                elif kind == BLOCK_MAP_START:
                    if nkind != KEY or tokens[i + 1].start_mark.line != start.line:
                        raise _Unexpected
                    stack.append([_BMAP, found, None, False, False])
                elif kind == FLOW_MAP_START or kind == FLOW_SEQ_START:
                    nxt = tokens[i + 1]
                    if nxt.start_mark.line == start.line:
                        indent = nxt.start_mark.column
                    else:
                        indent = width_from(cur_line_indent, nxt.start_mark.column)
                    stack.append([_FMAP if kind == FLOW_MAP_START else _FSEQ, indent, cur_line_indent,
                                  False, False])
                elif kind == BLOCK_SEQ_START:
                    if nkind != BLOCK_ENTRY or tokens[i + 1].start_mark.line != start.line:
                        raise _Unexpected
                    stack.append([_BSEQ, found, None, False, False])
                elif kind == BLOCK_ENTRY and nkind != BLOCK_ENTRY and nkind != BLOCK_END:
                    nxt = tokens[i + 1]
                    if top[0] != _BSEQ:  # libyaml emits no start token for a flush `key:\n- item`
                        stack.append([_BSEQ, found, None, False, True])
                    if nxt.start_mark.line == tok.end_mark.line or nxt.start_mark.column == found:
                        indent = nxt.start_mark.column
                    else:
                        indent = width_from(found, nxt.start_mark.column)
                    stack.append([_ENTRY, indent, None, False, False])

                # Close what this token ends.
                consumed = False
                while True:
                    top = stack[-1]
                    tk = top[0]
                    if tk == _VAL:
                        if kind == VALUE or kind == ANCHOR or kind == TAG:
                            break
                        if stack[-2][0] != _KEY:
                            raise _Unexpected
                        stack.pop()
                        stack.pop()
                    elif tk == _KEY:
                        if nkind in closers:
                            stack.pop()  # a key without value (a set)
                        else:
                            break
                    elif tk == _ENTRY:
                        if (kind != BLOCK_ENTRY and stack[-2][4] and kind != ANCHOR and kind != TAG
                                and nkind != BLOCK_ENTRY):
                            stack.pop()
                            stack.pop()
                        elif nkind == BLOCK_ENTRY or nkind == BLOCK_END:
                            stack.pop()
                        else:
                            break
                    elif consumed:
                        break
                    elif ((tk == _FSEQ and kind == FLOW_SEQ_END) or (tk == _FMAP and kind == FLOW_MAP_END)
                          or ((tk == _BMAP or tk == _BSEQ) and kind == BLOCK_END and not top[4])):
                        stack.pop()
                        consumed = True
                    else:
                        break
            except (_Unexpected, IndexError, AttributeError, TypeError):
                out.append((tok.start_mark.line + 1, tok.start_mark.column + 1,
                            "cannot infer indentation: unexpected token"))

    def sequence_indent(self, parent: int, column: int) -> int:
        """Expected indentation of a block sequence that is the value of a key at ``parent``."""
        seqs = self.seqs
        if seqs is False:
            return parent
        if seqs is True:
            if self.spaces is None and column == parent:
                return -1  # should be indented, but by how much is not known yet
            return self.width_from(parent, column)
        if column == parent:  # `key:` then `- item` at the same column
            if seqs == "consistent":
                self.seqs = False
            return parent
        if seqs == "consistent":
            self.seqs = True
        return self.width_from(parent, column)

    # -- check-multi-line-strings ---------------------------------------------------------
    def scalar(self, tok: Any, stack: list[list[Any]], out: list[tuple[int, int, str]]) -> None:
        if tok.start_mark.line == tok.end_mark.line:
            return
        text = self.text

        def expected_for(found: int) -> int:
            if tok.plain:
                return tok.start_mark.column
            if tok.style in ('"', "'"):
                return tok.start_mark.column + 1
            top = stack[-1]
            if top[0] in (_ENTRY, _KEY):
                base = tok.start_mark.column
            elif top[0] == _VAL:
                if tok.start_mark.line + 1 > self.cur_line:
                    base = top[1]
                elif stack[-2][3]:
                    base = tok.start_mark.column
                else:
                    base = stack[-2][1]
            else:
                base = top[1]
            if self.spaces is None:
                self.spaces = found - base
            return base + self.spaces

        expected: int | None = None
        line = tok.start_mark.line + 1
        pos = tok.start_mark.index
        stop = tok.end_mark.index - 1
        length = len(text)
        while True:
            nl = text.find("\n", pos, stop)
            if nl == -1:
                break
            pos = nl + 1
            line += 1
            indent = 0
            while pos + indent < length and text[pos + indent] == " ":
                indent += 1
            if pos + indent >= length or text[pos + indent] == "\n":
                continue
            if expected is None:
                expected = expected_for(indent)
            if indent != expected:
                out.append((line, indent + 1, f"wrong indentation: expected {expected} but found {indent}"))


@style_rule("Y101", "indentation", scope=Scope.TEXT, options=IndentationOptions)
def indentation(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """Indentation is not consistent.

    ## What it does
    Checks that every block is indented by the same number of spaces (`spaces`: the first
    indentation of the file sets it, or a number), and that block sequences under a key are
    indented the way `indent-sequences` asks (yamllint `indentation`).

    `indent-sequences` is `consistent` by default: both `key:\\n- item` (what
    `kubectl get -o yaml` writes) and `key:\\n  - item` are accepted, as long as one file
    uses one style. yamllint's default is `true` (lists must be indented).

    ## Why is this bad?
    Indentation is structure in YAML: a mix of widths is how a field ends up under the wrong
    parent after the next edit.

    ## Example
    ```yaml
    spec:
      containers:
          - name: web
            image: nginx
    ```

    Use instead:
    ```yaml
    spec:
      containers:
        - name: web
          image: nginx
    ```

    ## Options
    - `spaces` (`consistent`): the indentation width, or `consistent` (the first one seen).
    - `indent-sequences` (`consistent`): `true` (indented), `false` (flush with the key),
      `whatever` (either, anywhere) or `consistent` (either, the same in the whole file).
    - `check-multi-line-strings` (false): also check the lines of multi-line scalars.
    """
    opts: IndentationOptions = ctx.options or IndentationOptions()
    layout = None if opts.check_multi_line_strings else layout_of(ctx, source)
    if layout is not None:
        out = from_layout(layout, _Walker(source.text, opts))
    else:
        out = from_tokens(scan_of(ctx, source), _Walker(source.text, opts))
    for line, column, message in out:
        yield Violation(message, hint="indent with the same number of spaces as the rest of the file",
                        line=line, column=column)


def from_tokens(scan: Scan, walker: _Walker) -> list[tuple[int, int, str]]:
    """(line, column, message) of each problem, from the walk over every token."""
    out: list[tuple[int, int, str]] = []
    with no_gc():  # the stack frames are short-lived lists without cycles
        walker.run(scan.tokens, scan.kinds, out)
    if scan.scan_error:  # the tokens stop at a syntax error, which the parser already reports (Y0xx)
        out = [item for item in out if not item[2].startswith("cannot infer")]
    return out


def from_layout(layout: Layout, walker: _Walker) -> list[tuple[int, int, str]]:
    """The same problems, from the block layout of a plain file (see :mod:`._layout`).

    In such a file the walk can only find a problem where a block opens: a document's first
    line must be at column 0, and the first line of a nested block where ``width_from`` (after
    ``key:`` or ``-``) or ``sequence_indent`` (a sequence after ``key:``) expects it. Those
    calls are made in file order, as the walk makes them, so ``consistent`` settles alike.
    """
    found: list[tuple[int, int, int]] = [(line, 0, column) for line, column in layout.roots if column]
    spaces = walker.spaces  # (``width_from`` inlined once the width is known: most openings)
    for line, parent, parent_column, column, is_sequence in layout.openings:
        if is_sequence and parent == "key":
            expected = walker.sequence_indent(parent_column, column)
            spaces = walker.spaces
        elif spaces is None:
            expected = walker.width_from(parent_column, column)
            spaces = walker.spaces
        else:
            expected = parent_column + spaces
        if expected != column:
            found.append((line, expected, column))
    found.sort()
    return [(line, column + 1, f"wrong indentation: expected at least {column + 1}" if expected < 0
             else f"wrong indentation: expected {expected} but found {column}")
            for line, expected, column in found]
