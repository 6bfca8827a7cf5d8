"""Y201, Y203-Y205, Y207: how scalar values are written (empty, octal, float, quoted, truthy)."""

from __future__ import annotations

import functools
import re
from dataclasses import field
from typing import Any, Iterator

from ..._record import record
from ...source import SourceFile
from ..base import RuleContext, Scope, Violation
from ._lines import LineTest, some_line
from ._layout import layout_of
from ._scan import (BLOCK_END, BLOCK_ENTRY, DIRECTIVE, DOC_END, FLOW_ENTRY, FLOW_MAP_END,
                    FLOW_MAP_START, FLOW_SEQ_END, FLOW_SEQ_START, KEY, SCALAR, TAG, VALUE, loader,
                    scan_of, style_rule)


@record
class EmptyValuesOptions:
    forbid_in_block_mappings: bool = True
    forbid_in_flow_mappings: bool = True
    forbid_in_block_sequences: bool = True


@style_rule("Y201", "empty-values", scope=Scope.TEXT, default=False, options=EmptyValuesOptions)
def empty_values(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """A key or list item has no value (an implicit `null`).

    ## What it does
    Reports `key:` with nothing after it in block and flow mappings, and `-` with nothing after it
    in block sequences (yamllint `empty-values`, off by default there and here).

    ## Why is this bad?
    An empty value is `null`, which Kubernetes treats as "field not set": `resources:` with the
    body forgotten or commented out silently removes the limits.

    ## Example
    ```yaml
    resources:
    image: nginx
    ```

    Use instead:
    ```yaml
    resources: {}
    image: nginx
    ```

    ## Options
    - `forbid-in-block-mappings` (true), `forbid-in-flow-mappings` (true),
      `forbid-in-block-sequences` (true).
    """
    opts: EmptyValuesOptions = ctx.options or EmptyValuesOptions()
    scan = scan_of(ctx, source)
    tokens, kinds = scan.tokens, scan.kinds
    for i in scan.indices(VALUE, BLOCK_ENTRY):
        tok, nkind = tokens[i], scan.kind(i + 1)
        message = None
        if kinds[i] == VALUE:
            if opts.forbid_in_block_mappings and nkind in (KEY, BLOCK_END):
                message = "empty value in block mapping"
            elif opts.forbid_in_flow_mappings and nkind in (FLOW_ENTRY, FLOW_MAP_END):
                message = "empty value in flow mapping"
        elif opts.forbid_in_block_sequences and nkind in (KEY, BLOCK_END, BLOCK_ENTRY):
            message = "empty value in block sequence"
        if message:
            yield Violation(message, hint="write the value, or `{}`, `[]`, `\"\"` or `null` explicitly",
                            line=tok.start_mark.line + 1, column=tok.end_mark.column + 1)


@record
class OctalValuesOptions:
    forbid_implicit_octal: bool = True
    forbid_explicit_octal: bool = True


_OCTAL_DIGITS = re.compile(r"[0-7]+$")


@style_rule("Y203", "octal-values", scope=Scope.TEXT, default=False, options=OctalValuesOptions)
def octal_values(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """An unquoted number is written in octal (`0644`, `0o644`).

    ## What it does
    Reports plain scalars such as `0644` (octal 420 in YAML 1.1 and for Kubernetes, decimal 644
    in YAML 1.2) and `0o644` (octal in YAML 1.2 and for Kubernetes, a string for strict YAML 1.1
    parsers such as PyYAML) (yamllint `octal-values`).

    Off by default: `defaultMode: 0644` is the idiomatic way to write file modes in Kubernetes,
    where it means 420 as intended (Kubernetes reads YAML 1.1).

    ## Why is this bad?
    The two YAML versions read these values differently; tools disagree on the number.

    ## Example
    ```yaml
    defaultMode: 0644
    ```

    Use instead:
    ```yaml
    defaultMode: 420
    ```

    ## Options
    - `forbid-implicit-octal` (true), `forbid-explicit-octal` (true).
    """
    opts: OctalValuesOptions = ctx.options or OctalValuesOptions()
    scan = scan_of(ctx, source)
    tokens, kinds = scan.tokens, scan.kinds
    for i in scan.indices(SCALAR):
        tok = tokens[i]
        if not tok.plain or (i > 0 and kinds[i - 1] == TAG):
            continue
        val = tok.value
        if (opts.forbid_implicit_octal and len(val) > 1 and val[0] == "0" and val.isdigit()
                and _OCTAL_DIGITS.match(val, 1)):
            kind = "implicit"
        elif opts.forbid_explicit_octal and len(val) > 2 and val[:2] == "0o" and _OCTAL_DIGITS.match(val, 2):
            kind = "explicit"
        else:
            continue
        yield Violation(f'forbidden {kind} octal value "{val}"',
                        hint="write the decimal value, or quote it if it is a string",
                        line=tok.start_mark.line + 1, column=tok.end_mark.column + 1)


@record
class FloatValuesOptions:
    require_numeral_before_decimal: bool = False
    forbid_scientific_notation: bool = False
    forbid_nan: bool = True
    forbid_inf: bool = True


_NO_NUMERAL = re.compile(r"[-+]?(\.[0-9]+)([eE][-+]?[0-9]+)?$")
_SCIENTIFIC = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)$")
_INF = re.compile(r"[-+]?(\.inf|\.Inf|\.INF)$")
_NAN = re.compile(r"(\.nan|\.NaN|\.NAN)$")


@style_rule("Y204", "float-values", scope=Scope.TEXT, default=False, options=FloatValuesOptions)
def float_values(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """A float is NaN or infinite, or written in a form some readers misparse (`.5`, `1e3`).

    ## What it does
    Reports `.nan` and `.inf` (`forbid-nan`, `forbid-inf`), and with their options on, floats
    without a digit before the decimal point and floats in scientific notation (yamllint
    `float-values`). Off by default, as in yamllint; once enabled, NaN and infinities are
    reported by default (yamllint's defaults turn every check off).

    ## Why is this bad?
    JSON has no NaN or infinity, so a manifest holding one cannot be sent to the API server
    (`json: unsupported value: NaN`). `1e3` is a number for Kubernetes and YAML 1.2 but a string
    for strict YAML 1.1 parsers (PyYAML, Ansible); `.5` is easy to misread.

    ## Example
    ```yaml
    threshold: .inf
    ```

    Use instead:
    ```yaml
    threshold: 1000000
    ```

    ## Options
    - `forbid-nan` (true), `forbid-inf` (true): yamllint's defaults are false.
    - `require-numeral-before-decimal` (false), `forbid-scientific-notation` (false).
    """
    opts: FloatValuesOptions = ctx.options or FloatValuesOptions()
    if not (opts.require_numeral_before_decimal or opts.forbid_scientific_notation
            or opts.forbid_nan or opts.forbid_inf):
        return
    scan = scan_of(ctx, source)
    tokens, kinds = scan.tokens, scan.kinds
    for i in scan.indices(SCALAR):
        tok = tokens[i]
        if not tok.plain or (i > 0 and kinds[i - 1] == TAG):
            continue
        val = tok.value
        line, column = tok.start_mark.line + 1, tok.start_mark.column + 1
        if opts.forbid_nan and _NAN.match(val):
            yield Violation(f'forbidden not a number value "{val}"', line=line, column=column)
        if opts.forbid_inf and _INF.match(val):
            yield Violation(f'forbidden infinite value "{val}"', line=line, column=column)
        if opts.forbid_scientific_notation and _SCIENTIFIC.match(val):
            yield Violation(f'forbidden scientific notation "{val}"', line=line, column=column)
        if opts.require_numeral_before_decimal and _NO_NUMERAL.match(val):
            yield Violation(f'forbidden decimal missing 0 prefix "{val}"', line=line, column=column)


# -- quoted-strings ----------------------------------------------------------------------------

@functools.cache
def _quote_resolver() -> Any:
    """YAML 1.1 resolution, plus octal-looking ints (``0o17``), as yamllint resolves them.

    Made on first use (the rule is off by default), so loading the rules does not import PyYAML.
    """
    from yaml.resolver import Resolver

    class QuoteResolver(Resolver):
        pass

    QuoteResolver.add_implicit_resolver(
        "tag:yaml.org,2002:int",
        re.compile(r"""^(?:[-+]?0b[0-1_]+
                   |[-+]?0o?[0-7_]+
                   |[-+]?0[0-7_]+
                   |[-+]?(?:0|[1-9][0-9_]*)
                   |[-+]?0x[0-9a-fA-F_]+
                   |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""", re.X),
        list("-+0123456789"),
    )
    return QuoteResolver


_STR = "tag:yaml.org,2002:str"


@record
class QuotedStringsOptions:
    quote_type: str = "any"
    required: bool | str = True
    extra_required: list[str] = field(default_factory=list)
    extra_allowed: list[str] = field(default_factory=list)
    allow_quoted_quotes: bool = False
    check_keys: bool = False

    def __post_init__(self) -> None:
        if self.quote_type not in ("any", "single", "double", "consistent"):
            raise ValueError(f"quoted-strings: quote-type must be any, single, double or consistent, "
                             f"not {self.quote_type!r}")
        if self.required not in (True, False, "only-when-needed"):
            raise ValueError(f"quoted-strings: required must be true, false or only-when-needed, "
                             f"not {self.required!r}")
        if self.required is True and (self.extra_required or self.extra_allowed):
            raise ValueError("quoted-strings: extra-required/extra-allowed need required: false "
                             "or only-when-needed")


def _quotes_needed(value: str, style: str, in_flow: bool, tok: Any, text: str) -> bool:
    import yaml
    from yaml.reader import Reader

    if in_flow and set(value) & {",", "[", "]", "{", "}"}:
        return True
    if style == '"':
        if Reader.NON_PRINTABLE.search("key: " + value):
            return True
        if tok.start_mark.line != tok.end_mark.line:
            inner = text[tok.start_mark.index + 1:tok.end_mark.index - 1]
            if "\\\n" in inner or "\\\r\n" in inner:
                return True
    try:
        toks = list(yaml.scan("key: " + value, Loader=loader()))
    except yaml.YAMLError:
        return True
    if len(toks) < 7:
        return True
    a, b = toks[5], toks[6]
    return not (isinstance(a, yaml.ScalarToken) and a.plain and isinstance(b, yaml.BlockEndToken)
                and a.value == value)


@style_rule("Y205", "quoted-strings", scope=Scope.TEXT, default=False, options=QuotedStringsOptions)
def quoted_strings(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """A string is not quoted (or quoted with the wrong quotes, or quoted needlessly).

    ## What it does
    Checks string scalars against `quote-type` and `required` (yamllint `quoted-strings`, off by
    default there and here). Numbers, booleans and nulls are not strings and are skipped; block
    scalars are skipped; keys only with `check-keys`.

    ## Why is this bad?
    Teams that quote every string avoid YAML's type guessing (`version: 1.10` is the number
    1.1); others prefer quotes only where needed. This rule enforces either choice.

    ## Example
    ```yaml
    image: nginx
    ```

    Use instead:
    ```yaml
    image: "nginx"
    ```

    ## Options
    - `quote-type` (`any`): `single`, `double`, `consistent` or `any`.
    - `required` (true): `true`, `false`, or `only-when-needed` (report needless quotes).
    - `extra-required`, `extra-allowed` (regexes), `allow-quoted-quotes` (false), `check-keys` (false).
    """
    opts: QuotedStringsOptions = ctx.options or QuotedStringsOptions()
    scan = scan_of(ctx, source)
    tokens, kinds = scan.tokens, scan.kinds
    text = source.text
    from yaml import ScalarNode

    resolver = _quote_resolver()()
    flow = 0
    first_style: str | None = None
    quote_type = opts.quote_type

    def matches(style: str) -> bool:
        nonlocal first_style
        if quote_type == "consistent":
            if first_style is None:
                first_style = style
            return first_style == style
        return quote_type == "any" or (quote_type == "single" and style == "'") or (
            quote_type == "double" and style == '"')

    def quoted_quotes(tok: Any) -> bool:
        return (not tok.plain) and ((tok.style == "'" and '"' in tok.value)
                                    or (tok.style == '"' and "'" in tok.value))

    for i in scan.indices(SCALAR, FLOW_MAP_START, FLOW_SEQ_START, FLOW_MAP_END, FLOW_SEQ_END):
        kind = kinds[i]
        if kind in (FLOW_MAP_START, FLOW_SEQ_START):
            flow += 1
            continue
        if kind in (FLOW_MAP_END, FLOW_SEQ_END):
            flow -= 1
            continue
        pkind = kinds[i - 1] if i > 0 else -1
        if pkind not in (BLOCK_ENTRY, FLOW_ENTRY, FLOW_SEQ_START, TAG, VALUE, KEY):
            continue
        tok = tokens[i]
        node = "key" if pkind == KEY else "value"
        if node == "key" and not opts.check_keys:
            continue
        if pkind == TAG and tokens[i - 1].value[0] == "!!":
            continue
        plain = tok.plain
        style = None if plain else tok.style
        tag = resolver.resolve(ScalarNode, tok.value, (True, False))
        if plain and tag != _STR:
            continue
        if style in ("|", ">"):
            continue
        msg = None
        value = tok.value
        if opts.required is True:
            if style is None or not (matches(style) or (opts.allow_quoted_quotes and quoted_quotes(tok))):
                msg = f"string {node} is not quoted with {quote_type} quotes"
        elif opts.required is False:
            if style and not matches(style) and not (opts.allow_quoted_quotes and quoted_quotes(tok)):
                msg = f"string {node} is not quoted with {quote_type} quotes"
            elif not style and any(re.search(r, value) for r in opts.extra_required):
                msg = f"string {node} is not quoted"
        else:  # only-when-needed
            if style and tag == _STR and value and not _quotes_needed(value, style, flow > 0, tok, text):
                if not (any(re.search(r, value) for r in opts.extra_required)
                        or any(re.search(r, value) for r in opts.extra_allowed)):
                    msg = f"string {node} is redundantly quoted with {quote_type} quotes"
            elif style and not matches(style) and not (opts.allow_quoted_quotes and quoted_quotes(tok)):
                msg = f"string {node} is not quoted with {quote_type} quotes"
            elif not style and any(re.search(r, value) for r in opts.extra_required):
                msg = f"string {node} is not quoted"
        if msg is not None:
            yield Violation(msg, hint="quote the string" if "not quoted" in msg else "remove the quotes",
                            line=tok.start_mark.line + 1, column=tok.start_mark.column + 1)


# -- truthy ------------------------------------------------------------------------------------

TRUTHY_1_1 = ("YES", "Yes", "yes", "NO", "No", "no", "TRUE", "True", "true", "FALSE", "False", "false",
              "ON", "On", "on", "OFF", "Off", "off")
TRUTHY_1_2 = ("TRUE", "True", "true", "FALSE", "False", "false")


@record
class TruthyOptions:
    allowed_values: list[str] = field(default_factory=lambda: ["true", "false"])
    check_keys: bool = False

    def __post_init__(self) -> None:
        bad = [v for v in self.allowed_values if v not in TRUTHY_1_1]
        if bad:
            raise ValueError(f"truthy: allowed-values must be among {', '.join(TRUTHY_1_1)}, not {bad}")


def _may_hold_truthy(ctx: RuleContext, source: SourceFile, bad: frozenset[str], no_flow: bool) -> bool:
    """Whether ``source`` can hold a plain scalar whose value is in ``bad``.

    Such a scalar is one line of text equal to its value. Outside flow collections a plain
    scalar stands between whitespace (or the ends of the text), except that a ``:`` may follow
    it directly (a key); so it is one of the words of a line's ``split()``, or such a word with
    a ``:`` after it (asked line by line, see :mod:`._lines`). ``no_flow`` says there is no
    scalar in flow context (no ``[`` or ``{`` in the text, or a plain file: see
    :mod:`._layout`); without it the answer is yes, and also with a byte-order mark, which
    libyaml skips like whitespace at the start of a line but ``split`` does not.
    """
    if not bad:
        return False
    if not no_flow or "\ufeff" in source.text:
        return True
    return some_line(ctx, source, _has_word(bad))


@functools.lru_cache(maxsize=8)
def _has_word(words: frozenset[str]) -> LineTest:
    """A line test: does a line hold one of ``words``, alone or followed by ``:``, between
    whitespace?"""
    with_colons = words | {w + ":" for w in words}

    def has_word(line: str) -> bool:
        return not with_colons.isdisjoint(line.split())

    return has_word


@functools.lru_cache(maxsize=8)
def _truthy_setup(allowed: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str], str]:
    """(the YAML 1.1 values to report, the YAML 1.2 ones, the message) for ``allowed-values``."""
    message = "truthy value should be one of [" + ", ".join(sorted(allowed)) + "]"
    return frozenset(TRUTHY_1_1).difference(allowed), frozenset(TRUTHY_1_2).difference(allowed), message


@style_rule("Y207", "truthy", scope=Scope.TEXT, options=TruthyOptions)
def truthy(ctx: RuleContext, source: SourceFile) -> Iterator[Violation]:
    """A boolean is written as `yes`, `no`, `on`, `off`, `True`... instead of `true`/`false`.

    ## What it does
    Reports unquoted values that YAML 1.1 (and so Kubernetes) reads as booleans but that are not
    in `allowed-values` (`true`, `false`) (yamllint `truthy`). Keys are not checked unless
    `check-keys` is on (yamllint checks them by default; see below).

    ## Why is this bad?
    `enabled: yes` is a boolean for Kubernetes but the string "yes" for YAML 1.2 tools (and
    `country: no` is the boolean false). Writing `true`/`false`, or quoting real strings, means
    the same to every reader.

    ## Example
    ```yaml
    env:
      - name: DEBUG
        value: yes
    ```

    Use instead:
    ```yaml
    env:
      - name: DEBUG
        value: "yes"
    ```

    ## Options
    - `allowed-values` (`["true", "false"]`).
    - `check-keys` (false): keys such as `on:` in ConfigMap data or embedded non-Kubernetes
      configuration are strings for their real consumer, so yamlkit does not flag keys by default.
    """
    opts: TruthyOptions = ctx.options or TruthyOptions()
    bad_11, bad_12, message = _truthy_setup(tuple(opts.allowed_values))
    text = source.text
    no_flow = ("[" not in text and "{" not in text) or layout_of(ctx, source) is not None
    if not _may_hold_truthy(ctx, source, bad_11, no_flow):
        return
    scan = scan_of(ctx, source)
    tokens, kinds = scan.tokens, scan.kinds
    bad = bad_11
    for i in scan.indices(SCALAR, DIRECTIVE, DOC_END):
        kind = kinds[i]
        tok = tokens[i]
        if kind == DIRECTIVE:
            if tok.name == "YAML":
                bad = bad_12 if tuple(tok.value) == (1, 2) else bad_11
            continue
        if kind == DOC_END:
            bad = bad_11
            continue
        pkind = kinds[i - 1] if i > 0 else -1
        if pkind == TAG or (pkind == KEY and not opts.check_keys) or not tok.plain:
            continue
        if tok.value in bad:
            yield Violation(message, hint='write true or false, or quote the value if it is a string ("yes")',
                            line=tok.start_mark.line + 1, column=tok.start_mark.column + 1)
