"""Y107-Y108: document markers (``---`` and ``...``)."""

from __future__ import annotations

from typing import Iterator

from ..._record import record
from ...findings import Edit, Fix
from ...source import SourceFile
from ..base import Fixability, RuleContext, Scope, Violation
from ._scan import DIRECTIVE, DOC_END, DOC_START, STREAM_END, STREAM_START, scan_of, style_rule


@record
class DocumentStartOptions:
    present: bool = True


def _line_span(source: SourceFile, line0: int) -> tuple[int, int, str]:
    """Start offset, end offset (after the line break) and content of a 0-based line."""
    starts = source.line_starts
    start = starts[line0]
    end = starts[line0 + 1] if line0 + 1 < len(starts) else len(source.text)
    return start, end, source.text[start:end].rstrip("\r\n")


@style_rule("Y107", "document-start", scope=Scope.TEXT, default=False, options=DocumentStartOptions,
      fixable=Fixability.SOMETIMES)
def document_start(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """A document does not start with `---` (or, with `present: false`, does).

    ## What it does
    With `present: true` (the default once enabled), reports every document that does not begin
    with the `---` marker; with `present: false`, reports every `---` (yamllint `document-start`).

    Off by default: `kubectl get -o yaml`, the Kubernetes documentation and most charts start
    single-document files without `---`, and a missing marker never changes what is applied.

    ## Why is this bad?
    An explicit `---` makes concatenating files (`cat *.yaml | kubectl apply -f -`) safe and
    shows where each document begins.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Namespace
    ```

    Use instead:
    ```yaml
    ---
    apiVersion: v1
    kind: Namespace
    ```

    ## Options
    - `present` (true): require the marker, or (false) forbid it.

    ## Fix safety
    Adding `---` is always safe. Removing it is offered only for a first `---` alone on its line.
    """
    opts: DocumentStartOptions = ctx.options or DocumentStartOptions()
    scan = scan_of(ctx, source)
    tokens, kinds = scan.tokens, scan.kinds
    if opts.present:
        for j in scan.indices(STREAM_START, DOC_END, DIRECTIVE):
            i = j + 1
            if i < len(tokens) and kinds[i] not in (DOC_START, DIRECTIVE, STREAM_END):
                tok = tokens[i]
                start, _end, _content = _line_span(source, tok.start_mark.line)
                yield Violation(
                    'missing document start "---"',
                    hint='start the document with a "---" line',
                    line=tok.start_mark.line + 1,
                    column=1,
                    fix=Fix('insert "---"', (Edit(start, start, "---\n"),)),
                )
    else:
        for i in scan.indices(DOC_START):
            tok = tokens[i]
            fix = None
            start, end, content = _line_span(source, tok.start_mark.line)
            if kinds[i - 1] == STREAM_START and content.strip() == "---" and not any(
                    k == DOC_START for k in kinds[:i]):
                fix = Fix('delete "---"', (Edit(start, end, ""),))
            yield Violation(
                'found forbidden document start "---"',
                hint='remove the "---" line',
                line=tok.start_mark.line + 1,
                column=tok.start_mark.column + 1,
                fix=fix,
            )


@record
class DocumentEndOptions:
    present: bool = True


@style_rule("Y108", "document-end", scope=Scope.TEXT, default=False, options=DocumentEndOptions,
      fixable=Fixability.SOMETIMES)
def document_end(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """A document does not end with `...` (or, with `present: false`, does).

    ## What it does
    With `present: true`, reports every document not closed by the `...` marker; with
    `present: false`, reports every `...` (yamllint `document-end`, also off by default there).

    ## Why is this bad?
    Some streaming consumers need `...` to know a document is complete without waiting for the
    next one. Kubernetes tools do not, which is why the rule is off by default.

    ## Example
    ```yaml
    ---
    kind: Pod
    ```

    Use instead:
    ```yaml
    ---
    kind: Pod
    ...
    ```

    ## Options
    - `present` (true): require the marker, or (false) forbid it.

    ## Fix safety
    Adding `...` is safe. Removing it is offered only when `...` is alone on its line and is
    followed by `---` or the end of the file (otherwise removing it would merge two documents).
    """
    opts: DocumentEndOptions = ctx.options or DocumentEndOptions()
    scan = scan_of(ctx, source)
    tokens, kinds = scan.tokens, scan.kinds
    text = source.text
    if opts.present:
        for i in scan.indices(STREAM_END, DOC_START):
            tok, prev = tokens[i], kinds[i - 1] if i > 0 else -1
            if kinds[i] == STREAM_END and prev not in (DOC_END, STREAM_START):
                ins = "...\n" if not text or text.endswith("\n") else "\n...\n"
                yield Violation(
                    'missing document end "..."',
                    hint='end the document with a "..." line',
                    line=max(1, tok.start_mark.line),
                    column=1,
                    fix=Fix('append "..."', (Edit(len(text), len(text), ins),)),
                )
            elif kinds[i] == DOC_START and prev not in (DOC_END, STREAM_START, DIRECTIVE):
                start, _end, _content = _line_span(source, tok.start_mark.line)
                yield Violation(
                    'missing document end "..."',
                    hint='end the document with a "..." line before "---"',
                    line=tok.start_mark.line + 1,
                    column=1,
                    fix=Fix('insert "..."', (Edit(start, start, "...\n"),)),
                )
    else:
        for i in scan.indices(DOC_END):
            tok = tokens[i]
            fix = None
            start, end, content = _line_span(source, tok.start_mark.line)
            if content.strip() == "..." and scan.kind(i + 1) in (DOC_START, STREAM_END):
                fix = Fix('delete "..."', (Edit(start, end, ""),))
            yield Violation(
                'found forbidden document end "..."',
                hint='remove the "..." line',
                line=tok.start_mark.line + 1,
                column=tok.start_mark.column + 1,
                fix=fix,
            )
