"""Y102-Y106: rules on raw lines (trailing spaces, length, blank lines, line breaks)."""

from __future__ import annotations

import functools
import os
import re
from typing import Iterator

from ..._record import record
from ...findings import Edit, Fix
from ...source import SourceFile
from ..base import Fixability, RuleContext, Scope, Violation
from ._lines import LineTest, some_line
from ._scan import loader, scan_of, style_rule

_TRAILING = re.compile(r"(?m)(?<![ \t\r\x0b\x0c])[ \t][ \t\r\x0b\x0c]*$")


def _ends_with_space(line: str) -> bool:
    """A line test (see :mod:`._lines`): a space or TAB ends the line, or it holds a CR (which
    ``_TRAILING`` may count as the end of a line)."""
    return line.endswith((" ", "\t")) or "\r" in line


@style_rule("Y102", "trailing-spaces", scope=Scope.TEXT, fixable=Fixability.ALWAYS)
def trailing_spaces(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """A line ends with spaces or tabs.

    ## What it does
    Finds spaces and tabs at the end of a line (yamllint `trailing-spaces`).

    ## Why is this bad?
    Invisible characters make diffs noisy and, inside block scalars (`|`), silently become part
    of the value (a ConfigMap file, a script).

    ## Example
    ```yaml
    kind: Pod\x20\x20
    ```

    Use instead:
    ```yaml
    kind: Pod
    ```

    ## Fix safety
    Deleting the spaces is safe, except inside a block scalar (`|`, `>`), where they are part of
    the value: there the fix is marked unsafe.
    """
    if not some_line(ctx, source, _ends_with_space):
        return
    text = source.text
    scan = None
    for m in _TRAILING.finditer(text):
        pos = m.start()
        line, column = source.position(pos)
        end = m.end()
        if text[end - 1] == "\r" and end < len(text) and text[end] == "\n":
            end -= 1
        if scan is None:
            scan = scan_of(ctx, source)
        safe = not scan.in_block_scalar(pos)
        yield Violation(
            "trailing spaces",
            hint="delete the spaces at the end of the line",
            line=line,
            column=column,
            end_line=line,
            end_column=column + (end - pos),
            fix=Fix("delete trailing spaces", (Edit(pos, end, ""),), safe=safe),
        )


@record
class LineLengthOptions:
    max: int = 120
    allow_non_breakable_words: bool = True
    allow_non_breakable_inline_mappings: bool = False


@functools.lru_cache(maxsize=16)
def _long_line(limit: int) -> re.Pattern[str]:
    return re.compile(r"(?m)^[^\n]{%d,}" % (limit + 1))


def _inline_mapping_unbreakable(content: str) -> bool:
    """``key: value-without-spaces`` on its own line (yamllint's inline-mapping exception)."""
    import yaml

    try:
        toks = yaml.scan(content, Loader=loader())
        for tok in toks:
            if isinstance(tok, yaml.BlockMappingStartToken):
                for tok2 in toks:
                    if isinstance(tok2, yaml.ValueToken):
                        value = next(toks, None)
                        if isinstance(value, yaml.ScalarToken):
                            return " " not in content[value.start_mark.column:]
                break
    except yaml.YAMLError:
        pass
    return False


@functools.lru_cache(maxsize=16)
def _longer_than(limit: int) -> LineTest:
    """A line test (see :mod:`._lines`): is the line longer than ``limit`` characters?"""

    def longer(line: str) -> bool:
        return len(line) > limit

    return longer


@style_rule("Y103", "line-length", scope=Scope.TEXT, options=LineLengthOptions)
def line_length(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """A line is longer than `max` characters (default 120).

    ## What it does
    Reports lines longer than `max` characters (yamllint `line-length`). A line whose only long
    part is one word without spaces (a URL, an image reference, a base64 blob) is accepted when
    `allow-non-breakable-words` is on.

    ## Why is this bad?
    Long lines are hard to read and review side by side. YAML has no good way to break some
    values, hence the non-breakable-word exception.

    ## Example
    ```yaml
    metadata:
      annotations:
        description: this annotation is a very long sentence that goes on and on and on and on and on and on and on and on and on
    ```

    Use instead:
    ```yaml
    metadata:
      annotations:
        description: >-
          this annotation is a very long sentence that goes on and on
          and on and on and on and on and on and on and on
    ```

    ## Options
    - `max` (120): the longest line accepted. yamllint's default is 80; Kubernetes manifests carry
      long image references, label keys and annotations, so 120 is the default here.
    - `allow-non-breakable-words` (true): accept long lines made of a single word.
    - `allow-non-breakable-inline-mappings` (false): also accept `key: one-long-word`.
    """
    opts: LineLengthOptions = ctx.options or LineLengthOptions()
    limit = opts.max
    text = source.text
    if len(text) <= limit or not some_line(ctx, source, _longer_than(limit)):
        return  # no line is too long (the search below is slower than this check)
    words = opts.allow_non_breakable_words or opts.allow_non_breakable_inline_mappings
    for m in _long_line(limit).finditer(text):
        content = m.group()
        if content.endswith("\r") and m.end() < len(text):
            content = content[:-1]
        length = len(content)
        if length <= limit:
            continue
        if words:
            start, end = 0, length
            while start < end and content[start] == " ":
                start += 1
            if start != end:
                if content[start] == "#":
                    while start < end and content[start] == "#":
                        start += 1
                    start += 1
                elif content[start] == "-":
                    start += 2
                if content.find(" ", start) == -1:
                    continue
                if opts.allow_non_breakable_inline_mappings and _inline_mapping_unbreakable(content):
                    continue
        line, _ = source.position(m.start())
        yield Violation(
            f"line too long ({length} > {limit} characters)",
            hint="break the line, or use a folded block scalar (`>-`) for long text",
            line=line,
            column=limit + 1,
        )


@record
class EmptyLinesOptions:
    max: int = 2
    max_start: int = 0
    max_end: int = 0


_BLANK_RUN = re.compile(r"\n((?:\r?\n)+)")
_LEADING_BLANKS = re.compile(r"(?:\r?\n)+")


@style_rule("Y104", "empty-lines", scope=Scope.TEXT, options=EmptyLinesOptions, fixable=Fixability.ALWAYS)
def empty_lines(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """Too many blank lines in a row, or blank lines at the start or end of the file.

    ## What it does
    Reports a run of more than `max` (2) blank lines, and any blank line at the start
    (`max-start`, 0) or end (`max-end`, 0) of the file (yamllint `empty-lines`). The finding is on
    the last blank line of the run.

    ## Why is this bad?
    Blank lines separate; too many of them spread a manifest over several screens and hide
    where a document really ends.

    ## Example
    ```yaml
    kind: Pod



    metadata: {}
    ```

    Use instead:
    ```yaml
    kind: Pod

    metadata: {}
    ```

    ## Options
    - `max` (2), `max-start` (0), `max-end` (0).
    """
    opts: EmptyLinesOptions = ctx.options or EmptyLinesOptions()
    text = source.text
    length = len(text)
    runs: list[tuple[int, int]] = []
    lead = _LEADING_BLANKS.match(text)
    if lead is not None:
        runs.append((0, lead.end()))
    if "\n\n" in text or ("\r" in text and "\n\r\n" in text):
        runs.extend((m.start(1), m.end(1)) for m in _BLANK_RUN.finditer(text, lead.end() if lead else 0))
    for run_start, run_end in runs:
        count = text.count("\n", run_start, run_end)
        limit = opts.max_start if run_start == 0 else opts.max
        if run_end == length:
            if run_start == 0 and count == 1:
                continue  # the one-line file "\n"
            limit = opts.max_end
        if count <= limit:
            continue
        first_line, _ = source.position(run_start)
        last_line = first_line + count - 1
        # Keep `limit` blank lines: delete from the start of blank line number `limit + 1`.
        delete_from = source.offset(first_line + limit, 1) if limit > 0 else run_start
        yield Violation(
            f"too many blank lines ({count} > {limit})",
            hint="delete the extra blank lines",
            line=last_line,
            column=1,
            fix=Fix("delete extra blank lines", (Edit(delete_from, run_end, ""),)),
        )


@style_rule("Y105", "new-line-at-end-of-file", scope=Scope.TEXT, fixable=Fixability.ALWAYS)
def new_line_at_end_of_file(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """The file does not end with a line break.

    ## What it does
    Reports a last line that is not terminated by a newline (yamllint `new-line-at-end-of-file`).

    ## Why is this bad?
    POSIX tools (`cat`, `wc`, `git diff`) treat an unterminated last line specially; concatenating
    two such manifests glues a key onto the next file's first line.

    ## Example
    The last line has no line break after it:
    ```yaml
    kind: Pod
    ```

    Use instead:
    ```yaml
    kind: Pod
    ```
    """
    text = source.text
    if not text or text.endswith("\n"):
        return
    last = source.line_count
    content = source.line_text(last)
    if not content and last == 1:
        return
    first = text.find("\n")
    newline = "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"
    yield Violation(
        "no new line character at the end of file",
        hint="end the file with a line break",
        line=last,
        column=len(text) - source.line_starts[-1] + 1,
        fix=Fix("add a line break at the end of the file", (Edit(len(text), len(text), newline),)),
    )


@record
class NewLinesOptions:
    type: str = "unix"

    def __post_init__(self) -> None:
        if self.type not in ("unix", "dos", "platform"):
            raise ValueError(f"new-lines: type must be unix, dos or platform, not {self.type!r}")


@style_rule("Y106", "new-lines", scope=Scope.TEXT, options=NewLinesOptions, fixable=Fixability.ALWAYS)
def new_lines(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """The file uses the wrong line break (`\\r\\n` instead of `\\n`, or the opposite).

    ## What it does
    Checks the line break of the first line against `type`: `unix` (`\\n`, the default), `dos`
    (`\\r\\n`) or `platform` (yamllint `new-lines`).

    ## Why is this bad?
    A file whose line breaks differ from the rest of the repository shows every line as changed
    in diffs, and line-based tools (`grep`, `sed`, shell here-documents built from the file) see
    a stray `\\r` at the end of each line.

    ## Example
    Saved with Windows line breaks (`\\r\\n` at the end of each line):
    ```yaml
    kind: Pod
    ```

    Use instead:
    ```yaml
    kind: Pod
    ```

    ## Options
    - `type` (`unix`): `unix`, `dos` or `platform` (the line break of the system yamlkit runs on).

    ## Fix safety
    The fix rewrites every line break of the file to the configured type; YAML normalizes line
    breaks inside scalars, so the data does not change.
    """
    opts: NewLinesOptions = ctx.options or NewLinesOptions()
    newline = {"unix": "\n", "dos": "\r\n"}.get(opts.type, os.linesep)
    text = source.text
    first = text.find("\n")
    if first == -1:
        return
    end = first - 1 if first > 0 and text[first - 1] == "\r" else first
    if text[end:end + len(newline)] == newline:
        return
    edits: list[Edit] = []
    if newline == "\n":
        pos = text.find("\r\n")
        while pos != -1:
            edits.append(Edit(pos, pos + 1, ""))
            pos = text.find("\r\n", pos + 2)
    else:
        for m in re.finditer(r"(?<!\r)\n", text):
            edits.append(Edit(m.start(), m.start(), "\r"))
    shown = newline.replace("\r", "\\r").replace("\n", "\\n")
    yield Violation(
        f"wrong new line character: expected {shown}",
        hint=f"save the file with {shown} line breaks",
        line=1,
        column=end + 1,
        fix=Fix(f"convert line breaks to {shown}", tuple(edits)) if edits else None,
    )
