"""Y202, Y206: key order and anchors/aliases."""

from __future__ import annotations

import re
from dataclasses import field
from typing import Iterator

from ..._record import record
from ...findings import Severity
from ...source import SourceFile
from ..base import RuleContext, Scope, Violation
from ._scan import (ALIAS, ANCHOR, BLOCK_END, BLOCK_MAP_START, BLOCK_SEQ_START, DOC_END, DOC_START,
                    FLOW_MAP_END, FLOW_MAP_START, FLOW_SEQ_END, FLOW_SEQ_START, KEY, SCALAR,
                    STREAM_END, STREAM_START, scan_of, style_rule)


@record
class KeyOrderingOptions:
    ignored_keys: list[str] = field(default_factory=list)


@style_rule("Y202", "key-ordering", scope=Scope.TEXT, default=False, options=KeyOrderingOptions)
def key_ordering(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """The keys of a mapping are not in alphabetical order.

    ## What it does
    Reports a key that sorts before a key already seen in the same mapping (yamllint
    `key-ordering`, off by default there and here). Keys are compared by code point, whatever
    the locale. Keys matching one of `ignored-keys` (regexes) are skipped.

    ## Why is this bad?
    Some teams keep keys sorted so that generated and hand-written manifests diff cleanly.
    Kubernetes' own convention (`apiVersion`, `kind`, `metadata`, `spec`) is not alphabetical,
    which is why the rule is off by default.

    ## Example
    ```yaml
    data:
      b: "2"
      a: "1"
    ```

    Use instead:
    ```yaml
    data:
      a: "1"
      b: "2"
    ```

    ## Options
    - `ignored-keys` ([]): regexes of keys to skip.
    """
    opts: KeyOrderingOptions = ctx.options or KeyOrderingOptions()
    ignored = [re.compile(r) for r in opts.ignored_keys]
    scan = scan_of(ctx, source)
    tokens, kinds = scan.tokens, scan.kinds
    stack: list[list[str] | None] = []  # keys seen per open mapping; None for a sequence
    for i in scan.indices(BLOCK_MAP_START, FLOW_MAP_START, BLOCK_SEQ_START, FLOW_SEQ_START, BLOCK_END,
                          FLOW_MAP_END, FLOW_SEQ_END, KEY):
        kind = kinds[i]
        if kind in (BLOCK_MAP_START, FLOW_MAP_START):
            stack.append([])
        elif kind in (BLOCK_SEQ_START, FLOW_SEQ_START):
            stack.append(None)
        elif kind in (BLOCK_END, FLOW_MAP_END, FLOW_SEQ_END):
            if stack:
                stack.pop()
        elif scan.kind(i + 1) == SCALAR and stack and stack[-1] is not None:
            tok = tokens[i + 1]
            key = tok.value
            if any(r.search(key) for r in ignored):
                continue
            seen = stack[-1]
            if any(key < other for other in seen):
                yield Violation(f'wrong ordering of key "{key}" in mapping',
                                hint="sort the keys of this mapping",
                                line=tok.start_mark.line + 1, column=tok.start_mark.column + 1)
            else:
                seen.append(key)


@record
class AnchorsOptions:
    forbid_undeclared_aliases: bool = False
    forbid_duplicated_anchors: bool = True
    forbid_unused_anchors: bool = True


@style_rule("Y206", "anchors", scope=Scope.TEXT, options=AnchorsOptions)
def anchors(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """An anchor is defined twice or never used (or, with an option, an alias has no anchor).

    ## What it does
    Reports anchors (`&name`) defined twice in one document (`forbid-duplicated-anchors`) and
    anchors no alias (`*name`) uses (`forbid-unused-anchors`); with
    `forbid-undeclared-aliases`, also aliases used before their anchor (yamllint `anchors`).

    yamllint's defaults are the other way round (undeclared aliases on, the other two off):
    yamlkit's parser already reports an undeclared alias as `Y004` (an error: kubectl rejects
    the document), so this rule would only repeat it. Turned on, that check is an error too.

    ## Why is this bad?
    A duplicated anchor makes `*name` mean different things in different places of the same
    document; an unused anchor is usually a leftover of an edit that dropped the alias, so the
    values that were meant to be shared are no longer.

    ## Example
    ```yaml
    metadata:
      labels: &labels
        app: web
    spec:
      selector:
        matchLabels:
          app: web
    ```

    Use instead:
    ```yaml
    metadata:
      labels: &labels
        app: web
    spec:
      selector:
        matchLabels: *labels
    ```

    ## Options
    - `forbid-undeclared-aliases` (false), `forbid-duplicated-anchors` (true),
      `forbid-unused-anchors` (true).
    """
    opts: AnchorsOptions = ctx.options or AnchorsOptions()
    if not (opts.forbid_undeclared_aliases or opts.forbid_duplicated_anchors or opts.forbid_unused_anchors):
        return
    text = source.text
    if "&" not in text and "*" not in text:
        return
    scan = scan_of(ctx, source)
    tokens, kinds = scan.tokens, scan.kinds
    seen: dict[str, list] = {}  # name -> [line, column, used]
    for i in scan.indices(STREAM_START, STREAM_END, DOC_START, DOC_END, ALIAS, ANCHOR):
        kind, tok = kinds[i], tokens[i]
        if kind in (STREAM_START, STREAM_END, DOC_START, DOC_END):
            if opts.forbid_unused_anchors:
                for name, (line, column, used) in seen.items():
                    if not used:
                        yield Violation(f'found unused anchor "{name}"', hint="remove the unused anchor",
                                        line=line, column=column)
            seen = {}
        elif kind == ALIAS:
            if opts.forbid_undeclared_aliases and tok.value not in seen:
                yield Violation(f'found undeclared alias "{tok.value}"',
                                hint=f"define the anchor `&{tok.value}` before using it",
                                line=tok.start_mark.line + 1, column=tok.start_mark.column + 1,
                                severity=Severity.ERROR)
            if tok.value in seen:
                seen[tok.value][2] = True
        else:
            if opts.forbid_duplicated_anchors and tok.value in seen:
                yield Violation(f'found duplicated anchor "{tok.value}"', hint="rename one of the anchors",
                                line=tok.start_mark.line + 1, column=tok.start_mark.column + 1)
            seen[tok.value] = [tok.start_mark.line + 1, tok.start_mark.column + 1, False]
