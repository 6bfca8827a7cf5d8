"""Y109-Y110: comment formatting and comment indentation."""

from __future__ import annotations

from typing import Iterator

from ..._record import record
from ...findings import Edit, Fix
from ...source import SourceFile
from ..base import Fixability, RuleContext, Scope, Violation
from ._scan import STREAM_END, STREAM_START, line_indent, scan_of, style_rule


@record
class CommentsOptions:
    require_starting_space: bool = True
    ignore_shebangs: bool = True
    min_spaces_from_content: int = 1


@style_rule("Y109", "comments", scope=Scope.TEXT, options=CommentsOptions, fixable=Fixability.ALWAYS)
def comments(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """A comment has no space after `#`, or is too close to the content before it.

    ## What it does
    Reports `#comment` without a space after the `#` signs (`require-starting-space`), and an
    end-of-line comment with fewer than `min-spaces-from-content` (1) spaces before it
    (yamllint `comments`). A `#!` shebang on the first line is accepted (`ignore-shebangs`).

    ## Why is this bad?
    `key: value #comment` is easy to misread as part of the value; in a plain scalar without the
    space, `value#comment` *is* part of the value.

    ## Example
    ```yaml
    replicas: 3 #three
    ```

    Use instead:
    ```yaml
    replicas: 3 # three
    ```

    ## Options
    - `require-starting-space` (true), `ignore-shebangs` (true), `min-spaces-from-content` (1, yamllint: 2;
      -1 disables the check).
    """
    opts: CommentsOptions = ctx.options or CommentsOptions()
    text = source.text
    if "#" not in text:
        return
    scan = scan_of(ctx, source)
    tokens = scan.tokens
    length = len(text)
    for c in scan.comments:
        if opts.min_spaces_from_content != -1 and c.inline:
            end = tokens[c.before].end_mark.index
            gap = c.offset - end
            if gap < opts.min_spaces_from_content:
                yield Violation(
                    f"too few spaces before comment: expected {opts.min_spaces_from_content}",
                    hint=f"put {opts.min_spaces_from_content} spaces before `#`",
                    line=c.line,
                    column=c.column,
                    fix=Fix("add spaces before the comment",
                            (Edit(c.offset, c.offset, " " * (opts.min_spaces_from_content - gap)),)),
                )
        if opts.require_starting_space:
            start = c.offset + 1
            while start < length and text[start] == "#":
                start += 1
            if start < length:
                ch = text[start]
                if opts.ignore_shebangs and c.line == 1 and c.column == 1 and ch == "!":
                    continue
                if ch not in (" ", "\n", "\r", "\x00"):
                    yield Violation(
                        "missing starting space in comment",
                        hint="put a space after `#`",
                        line=c.line,
                        column=c.column + start - c.offset,
                        fix=Fix("add a space after `#`", (Edit(start, start, " "),)),
                    )


@style_rule("Y110", "comments-indentation", scope=Scope.TEXT)
def comments_indentation(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """A comment line is not indented like the content around it.

    ## What it does
    Reports a whole-line comment whose indentation matches neither the line before nor the line
    after it (yamllint `comments-indentation`).

    ## Why is this bad?
    A comment indented like a different level suggests it belongs to another block; readers
    misjudge what it documents, and a commented-out field put back at that indentation lands in
    the wrong place.

    ## Example
    ```yaml
    spec:
      replicas: 3
          # the selector must match the template labels
      selector: {}
    ```

    Use instead:
    ```yaml
    spec:
      replicas: 3
      # the selector must match the template labels
      selector: {}
    ```
    """
    text = source.text
    if "#" not in text:
        return
    scan = scan_of(ctx, source)
    tokens, kinds = scan.tokens, scan.kinds
    for c in scan.comments:
        before = tokens[c.before]
        if kinds[c.before] != STREAM_START and before.end_mark.line + 1 == c.line:
            continue  # an end-of-line comment
        after = tokens[c.after]
        next_indent = 0 if kinds[c.after] == STREAM_END else after.start_mark.column
        prev_indent = 0 if kinds[c.before] == STREAM_START else line_indent(text, before.start_mark.index)
        prev_indent = max(prev_indent, next_indent)
        if c.previous is not None and not c.previous.inline:
            prev_indent = c.previous.column - 1
        if c.column - 1 != prev_indent and c.column - 1 != next_indent:
            yield Violation(
                "comment not indented like content",
                hint=f"indent the comment by {next_indent} spaces, like the line after it",
                line=c.line,
                column=c.column,
            )
