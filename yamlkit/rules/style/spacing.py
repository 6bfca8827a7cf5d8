"""Y111-Y115: spaces around `-`, `:`, `,`, `{}` and `[]`."""

from __future__ import annotations

import functools
import re
from typing import Iterator

from ..._record import record
from ...source import SourceFile
from ..base import Fixability, RuleContext, Scope, Violation
from ._lines import LineTest, some_line
from ._layout import layout_of
from ._scan import (ALIAS, BLOCK_ENTRY, FLOW_ENTRY, FLOW_MAP_END, FLOW_MAP_START, FLOW_SEQ_END,
                    FLOW_SEQ_START, KEY, SCALAR, VALUE, is_explicit_key, iter_pairs, scan_of,
                    spaces_after, spaces_before, Spacing, style_rule)


@functools.lru_cache(maxsize=32)
def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


_MOVABLE = (SCALAR, ALIAS, FLOW_SEQ_START, FLOW_MAP_START)


def _violation(s: Spacing, hint: str, fixable: bool = True) -> Violation:
    return Violation(s.message, hint=hint, line=s.line, column=s.column, fix=s.fix if fixable else None)


@functools.lru_cache(maxsize=16)
def _spaced_hyphen(max_spaces: int) -> LineTest:
    """A line test: does a ``-`` have more than ``max_spaces`` spaces after it, then content?"""
    search = _pattern(r"-[ \t]{%d,}[^ \t\r\n#]" % (max_spaces + 1)).search

    def spaced_hyphen(line: str) -> bool:
        return search(line) is not None

    return spaced_hyphen


@record
class HyphensOptions:
    max_spaces_after: int = 1


@style_rule("Y111", "hyphens", scope=Scope.TEXT, options=HyphensOptions, fixable=Fixability.SOMETIMES)
def hyphens(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """Too many spaces after the `-` of a list item.

    ## What it does
    Reports more than `max-spaces-after` (1) spaces after a block sequence `-` (yamllint `hyphens`).

    ## Why is this bad?
    Extra spaces after `-` shift the item's keys to an indentation that no sibling uses, which is
    hard to read and easy to break when editing.

    ## Example
    ```yaml
    args:
      -   --verbose
    ```

    Use instead:
    ```yaml
    args:
      - --verbose
    ```

    ## Options
    - `max-spaces-after` (1).

    ## Fix safety
    Deleting the extra spaces moves only the first line of the item, so the fix is unsafe when
    the item is a mapping or a nested sequence (its other keys or items would no longer line
    up). With `max-spaces-after: 0` there is no fix: `-item` is a string, not an item.
    """
    opts: HyphensOptions = ctx.options or HyphensOptions()
    if opts.max_spaces_after < 0 or not some_line(ctx, source, _spaced_hyphen(opts.max_spaces_after)):
        return  # no `-` followed by too many spaces anywhere: nothing to scan for
    text = source.text
    scan = scan_of(ctx, source)
    for i, tok, _prev, nxt in iter_pairs(scan, (BLOCK_ENTRY,)):
        s = spaces_after(text, tok, nxt, max=opts.max_spaces_after, max_desc="too many spaces after hyphen")
        if s is not None:
            fix = s.fix
            if fix is not None and scan.kind(i + 1) not in _MOVABLE:
                # `-   key: v` + `    other: w`: moving the first key breaks the mapping
                fix = type(fix)(fix.title, fix.edits, safe=False)
            # `-item` would be a plain scalar, not an item: never delete the last space
            yield _violation(Spacing(s.line, s.column, s.message, fix), "use one space after `-`",
                             opts.max_spaces_after > 0)


@record
class ColonsOptions:
    max_spaces_before: int = 0
    max_spaces_after: int = 1


def _colon_candidate(ctx: RuleContext, source: SourceFile, opts: ColonsOptions) -> bool:
    """Whether a line of ``source`` has spaces before a ``:``, or too many after a ``:`` or ``?``
    (asked line by line, see :mod:`._lines`)."""
    test = _colon_test(opts.max_spaces_before, opts.max_spaces_after)
    return test is not None and some_line(ctx, source, test)


@functools.lru_cache(maxsize=16)
def _colon_test(before: int, after: int) -> LineTest | None:
    """The line test of :func:`_colon_candidate` for these options (None: nothing to report).

    The patterns start with the colon (``(?<=...)`` looks back for the spaces before it), so
    the search skips from colon to colon at C speed; ``?`` is searched only when present.
    """
    colon = []
    if before >= 0:
        colon.append(r"(?<=[ \t]{%d}:)" % (before + 1))
    if after >= 0:
        colon.append(r"[ \t]{%d,}[^ \t\r\n#]" % (after + 1))
    if not colon:
        return None
    colon_search = _pattern(":(?:%s)" % "|".join(colon)).search
    question_search = _pattern(r"\?[ \t]{%d,}[^ \t\r\n#]" % (after + 1)).search if after >= 0 else None

    def spaced_colon(line: str) -> bool:
        if colon_search(line):
            return True
        return question_search is not None and "?" in line and question_search(line) is not None

    return spaced_colon


@style_rule("Y112", "colons", scope=Scope.TEXT, options=ColonsOptions, fixable=Fixability.SOMETIMES)
def colons(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """Spaces before a `:`, or more than one space after it.

    ## What it does
    Reports spaces before the `:` of a key (`max-spaces-before`, 0) and more than
    `max-spaces-after` (1) spaces after it (yamllint `colons`), also after an explicit-key `?`.

    ## Why is this bad?
    `image:   nginx` or `name : web` look like alignment but break as soon as one key changes;
    a consistent `key: value` is what every Kubernetes example uses.

    ## Example
    ```yaml
    metadata:
      name :   web
    ```

    Use instead:
    ```yaml
    metadata:
      name: web
    ```

    ## Options
    - `max-spaces-before` (0), `max-spaces-after` (1); -1 disables a check.
    """
    opts: ColonsOptions = ctx.options or ColonsOptions()
    if not _colon_candidate(ctx, source, opts):
        return  # no candidate anywhere: nothing to scan for
    text = source.text
    scan = scan_of(ctx, source)
    for i, tok, prev, nxt in iter_pairs(scan, (VALUE, KEY) if "?" in text else (VALUE,)):
        if scan.kinds[i] == VALUE:
            if (nxt is not None and prev is not None and prev.end_mark.index == tok.start_mark.index
                    and nxt.start_mark.index - tok.end_mark.index <= opts.max_spaces_after):
                continue  # the common `key: value` (fast path)
            if scan.kind(i - 1) == ALIAS and tok.start_mark.index - prev.end_mark.index == 1:
                continue  # `*alias :` needs its space
            s = spaces_before(text, tok, prev, max=opts.max_spaces_before,
                              max_desc="too many spaces before colon")
            if s is not None:
                yield _violation(s, "remove the spaces before `:`")
            s = spaces_after(text, tok, nxt, max=opts.max_spaces_after,
                             max_desc="too many spaces after colon")
            if s is not None:  # `key:value` is one scalar: never delete the last space
                yield _violation(s, "use one space after `:`", opts.max_spaces_after > 0)
        elif is_explicit_key(text, tok):
            s = spaces_after(text, tok, nxt, max=opts.max_spaces_after,
                             max_desc="too many spaces after question mark")
            if s is not None:
                yield _violation(s, "use one space after `?`", opts.max_spaces_after > 0)


@record
class CommasOptions:
    max_spaces_before: int = 0
    min_spaces_after: int = 1
    max_spaces_after: int = 1


@style_rule("Y113", "commas", scope=Scope.TEXT, options=CommasOptions, fixable=Fixability.SOMETIMES)
def commas(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """Spaces before a `,` in a flow collection, or not exactly one space after it.

    ## What it does
    Reports spaces before a comma (`max-spaces-before`, 0) and fewer than `min-spaces-after` (1)
    or more than `max-spaces-after` (1) spaces after it (yamllint `commas`).

    ## Why is this bad?
    `[a ,b]` is harder to read than `[a, b]`, and uneven spacing hides which commas separate
    items when a flow sequence holds strings with commas.

    ## Example
    ```yaml
    args: [--port ,8080]
    ```

    Use instead:
    ```yaml
    args: [--port, 8080]
    ```

    ## Options
    - `max-spaces-before` (0), `min-spaces-after` (1), `max-spaces-after` (1); -1 disables.
    """
    opts: CommasOptions = ctx.options or CommasOptions()
    text = source.text
    if "," not in text or layout_of(ctx, source) is not None:
        return  # no `,` token: a plain file's only flow collections are `{}` and `[]`
    scan = scan_of(ctx, source)
    for i, tok, prev, nxt in iter_pairs(scan, (FLOW_ENTRY,)):
        if prev is not None and opts.max_spaces_before != -1 and prev.end_mark.line < tok.start_mark.line:
            yield Violation("too many spaces before comma", hint="put the comma right after the item",
                            line=tok.start_mark.line + 1, column=max(1, tok.start_mark.column))
        else:
            s = spaces_before(text, tok, prev, max=opts.max_spaces_before,
                              max_desc="too many spaces before comma")
            if s is not None:  # `{a: , b}`: libyaml rejects `{a:, b}`
                yield _violation(s, "remove the spaces before `,`",
                                 opts.max_spaces_before > 0 or scan.kind(i - 1) != VALUE)
        s = spaces_after(text, tok, nxt, min=opts.min_spaces_after, max=opts.max_spaces_after,
                         min_desc="too few spaces after comma", max_desc="too many spaces after comma")
        if s is not None:
            yield _violation(s, "use one space after `,`")


@record
class FlowOptions:
    forbid: bool | str = False
    min_spaces_inside: int = 0
    max_spaces_inside: int = 0
    min_spaces_inside_empty: int = -1
    max_spaces_inside_empty: int = -1

    def __post_init__(self) -> None:
        if self.forbid not in (True, False, "non-empty"):
            raise ValueError(f"forbid must be true, false or non-empty, not {self.forbid!r}")


@record
class BracesOptions(FlowOptions):
    pass


@record
class BracketsOptions(FlowOptions):
    pass


def _only_fine_empty_flows(ctx: RuleContext, source: SourceFile, opts: FlowOptions, start: str,
                           end: str) -> bool:
    """Whether every flow collection of this kind is an ``{}``/``[]`` the options accept.

    True when the text holds neither bracket (no such token), or when the file is plain (its
    only flow collections are ``{}`` and ``[]``, see :mod:`._layout`) and the options neither
    forbid them nor ask for spaces inside an empty one.
    """
    text = source.text
    if start not in text and end not in text:
        return True
    least = opts.min_spaces_inside_empty if opts.min_spaces_inside_empty != -1 else opts.min_spaces_inside
    return opts.forbid is not True and least <= 0 and layout_of(ctx, source) is not None


def _flow(ctx: RuleContext, source: SourceFile, opts: FlowOptions, start_kind: int, end_kind: int,
          what: str, collection: str) -> Iterator[Violation]:
    if _only_fine_empty_flows(ctx, source, opts, *("{}" if start_kind == FLOW_MAP_START else "[]")):
        return
    scan = scan_of(ctx, source)
    text = source.text
    kinds = scan.kinds
    for i, tok, prev, nxt in iter_pairs(scan, (start_kind, end_kind)):
        if kinds[i] == start_kind:
            empty = scan.kind(i + 1) == end_kind
            if opts.forbid is True or (opts.forbid == "non-empty" and not empty):
                yield Violation(f"forbidden flow {collection}", hint=f"use a block {collection}",
                                line=tok.start_mark.line + 1, column=tok.end_mark.column + 1)
                continue
            if empty:
                lo = opts.min_spaces_inside_empty if opts.min_spaces_inside_empty != -1 else opts.min_spaces_inside
                hi = opts.max_spaces_inside_empty if opts.max_spaces_inside_empty != -1 else opts.max_spaces_inside
                s = spaces_after(text, tok, nxt, min=lo, max=hi,
                                 min_desc=f"too few spaces inside empty {what}",
                                 max_desc=f"too many spaces inside empty {what}")
            else:
                s = spaces_after(text, tok, nxt, min=opts.min_spaces_inside, max=opts.max_spaces_inside,
                                 min_desc=f"too few spaces inside {what}",
                                 max_desc=f"too many spaces inside {what}")
            if s is not None:
                yield _violation(s, f"adjust the spaces inside the {what}")
        elif not (prev is not None and kinds[i - 1] == start_kind):
            s = spaces_before(text, tok, prev, min=opts.min_spaces_inside, max=opts.max_spaces_inside,
                              min_desc=f"too few spaces inside {what}",
                              max_desc=f"too many spaces inside {what}")
            if s is not None:  # `{a: }`: libyaml rejects `{a:}`
                yield _violation(s, f"adjust the spaces inside the {what}",
                                 opts.max_spaces_inside > 0 or kinds[i - 1] != VALUE)


@style_rule("Y114", "braces", scope=Scope.TEXT, options=BracesOptions, fixable=Fixability.SOMETIMES)
def braces(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """Spaces inside `{ }` of a flow mapping (or flow mappings at all, with `forbid`).

    ## What it does
    Checks the spaces just inside `{` and `}` against `min-spaces-inside`/`max-spaces-inside`
    (0/0) and, for `{}`, the `-empty` variants; `forbid: true` reports every flow mapping,
    `forbid: non-empty` every non-empty one (yamllint `braces`).

    ## Why is this bad?
    Consistent spacing keeps flow mappings readable and diffs small.

    ## Example
    ```yaml
    selector: { app: web }
    ```

    Use instead:
    ```yaml
    selector: {app: web}
    ```

    ## Options
    - `forbid` (false), `min-spaces-inside` (0), `max-spaces-inside` (0),
      `min-spaces-inside-empty` (-1: same as non-empty), `max-spaces-inside-empty` (-1).
    """
    yield from _flow(ctx, source, ctx.options or BracesOptions(), FLOW_MAP_START, FLOW_MAP_END,
                     "braces", "mapping")


@style_rule("Y115", "brackets", scope=Scope.TEXT, options=BracketsOptions, fixable=Fixability.SOMETIMES)
def brackets(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """Spaces inside `[ ]` of a flow sequence (or flow sequences at all, with `forbid`).

    ## What it does
    Checks the spaces just inside `[` and `]` against `min-spaces-inside`/`max-spaces-inside`
    (0/0) and, for `[]`, the `-empty` variants; `forbid: true` reports every flow sequence,
    `forbid: non-empty` every non-empty one (yamllint `brackets`).

    ## Why is this bad?
    Consistent spacing keeps flow sequences readable and diffs small.

    ## Example
    ```yaml
    command: [ sleep, "3600" ]
    ```

    Use instead:
    ```yaml
    command: [sleep, "3600"]
    ```

    ## Options
    - `forbid` (false), `min-spaces-inside` (0), `max-spaces-inside` (0),
      `min-spaces-inside-empty` (-1: same as non-empty), `max-spaces-inside-empty` (-1).
    """
    yield from _flow(ctx, source, ctx.options or BracketsOptions(), FLOW_SEQ_START, FLOW_SEQ_END,
                     "brackets", "sequence")
