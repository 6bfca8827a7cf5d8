"""Re-indent a file that mixes indentation widths to one width, moving only leading spaces.

Works on libyaml's tokens: every block mapping or sequence gets a new column (its parent's new
column plus the width; a block that starts on the line of its ``- `` keeps its place after the
dash; ``key:\\n- item`` sequences stay flush with their key; indented sequences keep the file's
most common sequence offset). Every line then moves by the shift of the block it belongs to:
keys and dashes by their block's shift, continuation lines and block scalar content by the shift of
the block that holds the scalar, comment lines by the shift of the next line. The caller keeps the
result only when the data and the comments are unchanged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import yaml


@dataclass(slots=True)
class _Block:
    kind: str  # "map" or "seq"
    old: int
    new: int
    indentless: bool = False

    @property
    def delta(self) -> int:
        return self.new - self.old


def _tokens(text: str) -> list[yaml.Token] | None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return list(yaml.scan(text, Loader=loader))
    except Exception:
        return None


def detect_steps(tokens: list[yaml.Token]) -> tuple[int | None, int | None, int]:
    """(mapping step, indented-sequence offset, flush sequences): the file's most common ones."""
    maps: Counter[int] = Counter()
    seqs: Counter[int] = Counter()
    flush = 0
    stack: list[tuple[str, int]] = []
    previous = None
    for tok in tokens:
        name = type(tok).__name__
        if name == "BlockEntryToken" and stack and stack[-1][0] == "map" and previous is not None \
                and type(previous).__name__ == "ValueToken" and tok.start_mark.column == stack[-1][1]:
            flush += 1
        if name in ("BlockMappingStartToken", "BlockSequenceStartToken"):
            kind = "map" if name == "BlockMappingStartToken" else "seq"
            col = tok.start_mark.column
            if stack and previous is not None and type(previous).__name__ == "ValueToken" \
                    and previous.start_mark.line < tok.start_mark.line and stack[-1][0] == "map":
                step = col - stack[-1][1]
                if step > 0:
                    (maps if kind == "map" else seqs)[step] += 1
            stack.append((kind, col))
        elif name == "BlockEndToken" and stack:
            stack.pop()
        previous = tok
    # The most common step; on a tie the first one seen (as the indentation rule decides).
    pick = lambda c: c.most_common(1)[0][0] if c else None  # noqa: E731
    return pick(maps), pick(seqs), flush


def reindent(text: str, width: int | None = None, sequences: bool | str = "whatever") -> str | None:
    """``text`` with one indentation width (``width``, or the file's most common step).

    ``sequences``: True indents every block sequence under a key, False makes them all flush
    with the key, ``"consistent"`` uses the style most of the file's sequences use, anything
    else keeps each sequence's style. None when the text cannot be scanned or a line would
    move left of column 1.
    """
    tokens = _tokens(text)
    if tokens is None:
        return None
    map_step, seq_step, flush = detect_steps(tokens)
    if sequences == "consistent":
        sequences = _majority(tokens, flush)
    width = width or map_step
    if not width:
        return text
    seq_step = seq_step or width
    lines = text.splitlines(keepends=True)
    delta: dict[int, int] = {}
    stack: list[_Block] = []
    previous = None
    last_entry: tuple[int, int, int] | None = None  # (line, old col, new col) of the last '-'

    def top_delta() -> int:
        return stack[-1].delta if stack else 0

    def first_on_line(tok: yaml.Token) -> bool:
        line = tok.start_mark.line
        if line in delta or line >= len(lines):
            return False
        raw = lines[line]
        return len(raw) - len(raw.lstrip(" ")) == tok.start_mark.column

    for tok in tokens:
        name = type(tok).__name__
        if name == "BlockEndToken":
            while stack and stack[-1].indentless:  # libyaml closes only the parent mapping
                stack.pop()
            if stack:
                stack.pop()
            continue
        if name in ("StreamStartToken", "StreamEndToken"):
            continue
        if name in ("DocumentStartToken", "DocumentEndToken", "DirectiveToken"):
            stack.clear()
        if name in ("BlockMappingStartToken", "BlockSequenceStartToken"):
            kind = "map" if name == "BlockMappingStartToken" else "seq"
            col = tok.start_mark.column
            if last_entry is not None and last_entry[0] == tok.start_mark.line and previous is not None \
                    and type(previous).__name__ == "BlockEntryToken":
                new = last_entry[2] + (col - last_entry[1])  # compact: "- key: v"
            elif previous is not None and type(previous).__name__ == "BlockEntryToken" and last_entry is not None:
                new = last_entry[2] + width  # "-\n  key: v"
            elif stack and stack[-1].kind == "map":
                new = stack[-1].new + (width if kind == "map" else 0 if sequences is False else seq_step)
            elif stack:
                new = stack[-1].new + width
            else:
                new = col
            stack.append(_Block(kind, col, new))
        elif name == "BlockEntryToken":
            if stack and stack[-1].kind == "map" and tok.start_mark.column == stack[-1].old:
                # "key:\n- item": an indentless sequence, flush with the key (or indented now)
                shift = seq_step if sequences is True else 0
                stack.append(_Block("seq", stack[-1].old, stack[-1].new + shift, indentless=True))
            elif stack and stack[-1].indentless and tok.start_mark.column != stack[-1].old:
                stack.pop()
            new_col = tok.start_mark.column + top_delta()
            last_entry = (tok.start_mark.line, tok.start_mark.column, new_col)
        elif name == "KeyToken" and stack and stack[-1].indentless and tok.start_mark.column <= stack[-1].old:
            stack.pop()  # the indentless sequence ended (libyaml emits no BlockEnd for it)
        if first_on_line(tok):
            delta[tok.start_mark.line] = top_delta()
        # lines inside a multi-line token (plain/quoted continuation, block scalar content)
        end = tok.end_mark.line if tok.end_mark.column > 0 else tok.end_mark.line - 1
        for line in range(tok.start_mark.line + 1, end + 1):
            delta.setdefault(line, top_delta())
        previous = tok
    out: list[str] = []
    pending: list[int] = []
    for number, raw in enumerate(lines):
        body = raw.rstrip("\r\n")
        if number not in delta:
            out.append(raw)
            if body.strip():
                pending.append(number)  # comment line: moves with the next content line
            continue
        shift = delta[number]
        for p in pending:
            out[p] = _shift(lines[p], shift)
            if out[p] is None:
                return None
        pending = []
        moved = _shift(raw, shift)
        if moved is None:
            return None
        out.append(moved)
    return "".join(out)


def _majority(tokens: list[yaml.Token], flush: int) -> bool | str:
    """True (indent) or False (flush) by what most sequences under a key do; ties keep both."""
    indented = 0
    previous = None
    for tok in tokens:
        if type(tok).__name__ == "BlockSequenceStartToken" and previous is not None \
                and type(previous).__name__ == "ValueToken" and previous.start_mark.line < tok.start_mark.line:
            indented += 1
        previous = tok
    if indented == flush:
        return "whatever"
    return indented > flush


def _shift(raw: str, shift: int) -> str | None:
    if shift == 0 or not raw.strip():
        return raw
    indent = len(raw) - len(raw.lstrip(" "))
    if indent + shift < 0:
        return None
    return " " * (indent + shift) + raw[indent:]
