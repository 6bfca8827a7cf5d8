"""One token scan per file, shared by every style rule.

The style rules look at the YAML *tokens* (``:``, ``,``, ``-``, ``[`` ... with their marks), the
comments between them and the raw lines, like yamllint does. Scanning is the expensive part, so
:func:`scan_of` scans a file once (libyaml's scanner through PyYAML's C extension) and keeps the
result in ``ctx.cache`` for the other rules of the same file. Only the most recent file is kept,
so memory stays flat over long runs.

Positions: ``Mark.index`` is a character offset into ``source.text`` (the same offsets
:class:`~yamlkit.findings.Edit` uses); ``Mark.line``/``Mark.column`` are 0-based.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import field
from typing import Any, Callable, Iterable, Iterator

from ..._gc import no_gc
from ..._record import record
from ...findings import Edit, Fix
from ...source import SourceFile
from ..base import per_file, rule

CACHE_KEY = "yamlkit.rules.style.scan"

# Token kinds as small integers, for fast dispatch and per-kind index lists.
(STREAM_START, STREAM_END, DIRECTIVE, DOC_START, DOC_END, BLOCK_SEQ_START, BLOCK_MAP_START,
 BLOCK_END, FLOW_SEQ_START, FLOW_MAP_START, FLOW_SEQ_END, FLOW_MAP_END, KEY, VALUE, BLOCK_ENTRY,
 FLOW_ENTRY, ALIAS, ANCHOR, TAG, SCALAR) = range(20)


@functools.cache
def token_kinds() -> dict[type, int]:
    """PyYAML's token classes -> our token kinds.

    PyYAML is imported here, on the first scan, not with this module: most files never need a
    token scan (the line layout and the C composer cover them), and importing PyYAML costs a
    one-file check ~15 ms.
    """
    from yaml import tokens as T

    return {
        T.StreamStartToken: STREAM_START,
        T.StreamEndToken: STREAM_END,
        T.DirectiveToken: DIRECTIVE,
        T.DocumentStartToken: DOC_START,
        T.DocumentEndToken: DOC_END,
        T.BlockSequenceStartToken: BLOCK_SEQ_START,
        T.BlockMappingStartToken: BLOCK_MAP_START,
        T.BlockEndToken: BLOCK_END,
        T.FlowSequenceStartToken: FLOW_SEQ_START,
        T.FlowMappingStartToken: FLOW_MAP_START,
        T.FlowSequenceEndToken: FLOW_SEQ_END,
        T.FlowMappingEndToken: FLOW_MAP_END,
        T.KeyToken: KEY,
        T.ValueToken: VALUE,
        T.BlockEntryToken: BLOCK_ENTRY,
        T.FlowEntryToken: FLOW_ENTRY,
        T.AliasToken: ALIAS,
        T.AnchorToken: ANCHOR,
        T.TagToken: TAG,
        T.ScalarToken: SCALAR,
    }


@functools.cache
def loader() -> Any:
    """PyYAML's C scanning loader (~10x faster), or its pure-Python one where libyaml is absent."""
    import yaml

    return getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def _token_source(text: str) -> Callable[[], Any]:
    """A function returning the next token of ``text`` (None at the end), with libyaml's
    scanner when PyYAML has it (~15% faster than the ``yaml.scan`` generator)."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover
        import yaml

        return functools.partial(next, yaml.scan(text, Loader=loader()), None)
    return CParser(text).get_token


def style_rule(*args: Any, **kwargs: Any) -> Callable[[Callable[..., Iterable[Any]]], Callable[..., Iterable[Any]]]:
    """``@rule(...)`` for a style rule: the same registration, but ``*.json`` files are skipped.

    JSON is valid YAML and yamlkit checks JSON manifests, but YAML style (spaces inside braces,
    indentation of flow collections, document markers) means nothing for them; yamllint, too,
    only lints ``*.yaml``/``*.yml`` by default.
    """

    def wrap(check: Callable[..., Iterable[Any]]) -> Callable[..., Iterable[Any]]:
        @functools.wraps(check)
        def run(ctx: Any, source: SourceFile) -> Iterable[Any]:
            if source.name[-5:].lower() == ".json":  # (the last 5 characters: no copy of the path)
                return ()
            return check(ctx, source)

        rule(*args, **kwargs)(run)
        return check

    return wrap


@functools.lru_cache(maxsize=64)
def _kind_pattern(kinds: tuple[int, ...]) -> re.Pattern[bytes]:
    return re.compile(b"[" + b"".join(re.escape(bytes([k])) for k in kinds) + b"]")


@record
class Comment:
    """A ``#`` comment found between two tokens (yamllint's notion of a comment)."""

    line: int  # 1-based
    column: int  # 1-based
    offset: int  # character offset of '#'
    before: int  # index of the token before it
    after: int  # index of the token after it
    previous: "Comment | None" = None  # the previous comment of the same gap
    inline: bool = False  # on the same line as the token before it

    def __init__(self, line: int, column: int, offset: int, before: int, after: int,
                 previous: "Comment | None" = None, inline: bool = False) -> None:
        """Written out: one per comment (see :mod:`yamlkit._record`)."""
        self.line = line
        self.column = column
        self.offset = offset
        self.before = before
        self.after = after
        self.previous = previous
        self.inline = inline


@record
class Scan:
    source: SourceFile
    text: str
    tokens: list[Any]
    kinds: bytes  # the kind of each token (see token_kinds), one byte per token
    scan_error: bool
    _by_kind: dict[tuple[int, ...], list[int]] | None = field(default=None, repr=False)
    _comments: list[Comment] | None = field(default=None, repr=False)
    _block_scalars: list[tuple[int, int]] | None = field(default=None, repr=False)

    def __init__(self, source: SourceFile, text: str, tokens: list[Any], kinds: bytes, scan_error: bool,
                 _by_kind: dict[tuple[int, ...], list[int]] | None = None, _comments: list[Comment] | None = None,
                 _block_scalars: list[tuple[int, int]] | None = None) -> None:
        """Written out: one per scanned file (see :mod:`yamlkit._record`)."""
        self.source = source
        self.text = text
        self.tokens = tokens
        self.kinds = kinds
        self.scan_error = scan_error
        self._by_kind = _by_kind
        self._comments = _comments
        self._block_scalars = _block_scalars

    # -- tokens --------------------------------------------------------------------------
    def indices(self, *kinds: int) -> list[int]:
        """Indices of the tokens of the given kinds, in file order."""
        cache = self._by_kind
        if cache is None:
            cache = self._by_kind = {}
        hit = cache.get(kinds)
        if hit is None:
            hit = cache[kinds] = [m.start() for m in _kind_pattern(kinds).finditer(self.kinds)]
        return hit

    def token(self, i: int) -> Any:
        return self.tokens[i] if 0 <= i < len(self.tokens) else None

    def kind(self, i: int) -> int:
        return self.kinds[i] if 0 <= i < len(self.kinds) else -1

    # -- comments ------------------------------------------------------------------------
    @property
    def comments(self) -> list[Comment]:
        if self._comments is None:
            self._comments = _find_comments(self)
        return self._comments

    # -- block scalars (for fix safety) ---------------------------------------------------
    def in_block_scalar(self, offset: int) -> bool:
        """True when ``offset`` lies inside a literal/folded block scalar's content."""
        if self._block_scalars is None:
            spans = []
            for i in self.indices(SCALAR):
                tok = self.tokens[i]
                if tok.style in ("|", ">"):
                    spans.append((tok.start_mark.index, tok.end_mark.index))
            self._block_scalars = spans
        spans = self._block_scalars
        pos = bisect.bisect_right(spans, (offset, 1 << 62)) - 1
        return pos >= 0 and spans[pos][0] <= offset < spans[pos][1]


def scan_of(ctx: Any, source: SourceFile) -> Scan:
    """The (cached) token scan of ``source``."""
    scan: Scan = per_file(ctx, source, CACHE_KEY, _scan)
    return scan


def _scan(source: SourceFile) -> Scan:
    with no_gc():
        return _scan_tokens(source)


def _scan_tokens(source: SourceFile) -> Scan:
    text = source.text
    tokens: list[Any] = []
    error = False
    append = tokens.append
    from yaml import YAMLError

    try:
        get = _token_source(text)
        tok = get()
        while tok is not None:
            append(tok)
            tok = get()
    except YAMLError:
        error = True
    kind_of = token_kinds()
    try:  # one byte per token: indexing gives ints, and regexes find kinds at C speed
        kinds = bytes(map(kind_of.__getitem__, map(type, tokens)))
    except KeyError:  # pragma: no cover - a token class we do not know
        kinds = bytes(kind_of.get(type(t), 255) for t in tokens)
    return Scan(source=source, text=text, tokens=tokens, kinds=kinds, scan_error=error)


_HASH = re.compile("#")


def _find_comments(scan: Scan) -> list[Comment]:
    """Comments between consecutive tokens, as yamllint finds them.

    A gap between two tokens on the same line holds no comment (yamllint skips it, except next to
    the stream start/end). On each line of a gap only the first ``#`` starts a comment.
    """
    text, tokens, kinds = scan.text, scan.tokens, scan.kinds
    if "#" not in text or len(tokens) < 2:
        return []
    starts = [t.start_mark.index for t in tokens]
    out: list[Comment] = []
    last_gap = -1
    last_line = -1
    previous: Comment | None = None
    line_starts = scan.source.line_starts
    for m in _HASH.finditer(text):
        p = m.start()
        after = bisect.bisect_right(starts, p)
        before = after - 1
        if before < 0 or after >= len(tokens):
            continue
        t1, t2 = tokens[before], tokens[after]
        if p < t1.end_mark.index:
            continue  # inside a token (a scalar)
        if (t1.end_mark.line == t2.start_mark.line and kinds[before] != STREAM_START
                and kinds[after] != STREAM_END):
            continue
        line_index = bisect.bisect_right(line_starts, p) - 1
        if before == last_gap and line_index == last_line:
            continue  # a second '#' inside the same comment
        if before != last_gap:
            previous = None
        line = line_index + 1
        column = p - line_starts[line_index] + 1
        inline = (kinds[before] != STREAM_START and line == t1.end_mark.line + 1
                  and (t1.end_mark.index == 0 or text[t1.end_mark.index - 1] != "\n"))
        comment = Comment(line, column, p, before, after, previous, inline)
        out.append(comment)
        previous = comment
        last_gap, last_line = before, line_index
    return out


# -- helpers shared by the spacing rules ---------------------------------------------------

def line_indent(text: str, offset: int) -> int:
    """Number of spaces that start the line holding ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    n = start
    length = len(text)
    while n < length and text[n] == " ":
        n += 1
    return n - start


def real_end_line(text: str, tok: Any, is_scalar: bool) -> int:
    """1-based line where a token really ends (scalar end marks often sit on the next line)."""
    end_line = tok.end_mark.line + 1
    if not is_scalar:
        return end_line
    pos = tok.end_mark.index - 1
    stop = tok.start_mark.index - 1
    while pos >= stop and pos >= 0 and text[pos] in " \t\n\r\x0b\x0c":
        if text[pos] == "\n":
            end_line -= 1
        pos -= 1
    return end_line


def is_explicit_key(text: str, tok: Any) -> bool:
    s, e = tok.start_mark.index, tok.end_mark.index
    return s < e and text[s] == "?"


@record(frozen=True)
class Spacing:
    """A spacing problem between two tokens: where to report and how to fix it."""

    line: int
    column: int
    message: str
    fix: Fix | None


def _is_blank(text: str, start: int, end: int) -> bool:
    return start <= end and text[start:end].strip(" ") == ""


def spaces_after(text: str, tok: Any, nxt: Any, *, min: int = -1, max: int = -1,
                 min_desc: str = "", max_desc: str = "") -> Spacing | None:
    """Too many or too few spaces between ``tok`` and ``nxt`` on the same line."""
    if nxt is None or tok.end_mark.line != nxt.start_mark.line:
        return None
    a, b = tok.end_mark.index, nxt.start_mark.index
    spaces = b - a
    if max != -1 and spaces > max:
        fix = (Fix(f"keep {max} space{'s' if max != 1 else ''}", (Edit(a + max, b, ""),))
               if _is_blank(text, a, b) else None)
        return Spacing(tok.start_mark.line + 1, nxt.start_mark.column, max_desc, fix)
    if min != -1 and spaces < min:
        fix = Fix(f"use {min} space{'s' if min != 1 else ''}", (Edit(b, b, " " * (min - spaces)),))
        return Spacing(tok.start_mark.line + 1, nxt.start_mark.column + 1, min_desc, fix)
    return None


def spaces_before(text: str, tok: Any, prev: Any, *, min: int = -1, max: int = -1,
                  min_desc: str = "", max_desc: str = "") -> Spacing | None:
    """Too many or too few spaces between ``prev`` and ``tok`` on the same line."""
    if prev is None or prev.end_mark.line != tok.start_mark.line:
        return None
    a, b = prev.end_mark.index, tok.start_mark.index
    if a > 0 and text[a - 1] == "\n":
        return None  # a token (block scalar) that ends at the start of the next line
    spaces = b - a
    if max != -1 and spaces > max:
        fix = (Fix(f"keep {max} space{'s' if max != 1 else ''}", (Edit(a + max, b, ""),))
               if _is_blank(text, a, b) else None)
        return Spacing(tok.start_mark.line + 1, tok.start_mark.column, max_desc, fix)
    if min != -1 and spaces < min:
        fix = Fix(f"use {min} space{'s' if min != 1 else ''}", (Edit(a, a, " " * (min - spaces)),))
        return Spacing(tok.start_mark.line + 1, tok.start_mark.column + 1, min_desc, fix)
    return None


def iter_pairs(scan: Scan, kinds: tuple[int, ...]) -> Iterator[tuple[int, Any, Any, Any]]:
    """(index, token, previous token, next token) for the tokens of ``kinds``."""
    tokens = scan.tokens
    n = len(tokens)
    for i in scan.indices(*kinds):
        yield i, tokens[i], tokens[i - 1] if i > 0 else None, tokens[i + 1] if i + 1 < n else None
