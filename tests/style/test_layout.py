"""The fast paths of the style rules give exactly what the token scan gives.

- Y101 indentation: :func:`from_layout` (the block layout of a plain file, no token scan) against
  :func:`from_tokens` (the walk over libyaml's tokens), on every YAML file of the tests, the
  samples, the generated benchmark documents, the shared real-world corpus, and thousands of
  random files with random indentation, under several option sets.
- The whole-text pre-filters of Y016, Y102, Y103, Y111, Y112, Y113, Y114, Y115 and Y207: each
  rule's findings with the pre-filter against the same rule with the pre-filter forced to "may
  fire".
- The line tests behind several pre-filters (see ``_lines``): answered from remembered lines,
  they agree with the test run on every line, whatever the memo holds.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path
from typing import Iterator

import pytest

from yamlkit.parse import parse
from yamlkit.rules import load_rules
from yamlkit.rules.base import RuleContext, Scope
from yamlkit.rules.style import _layout, _lines, indentation, lines, spacing, values
from yamlkit.rules.style._layout import block_layout
from yamlkit.rules.style._scan import _scan
from yamlkit.source import SourceFile, from_text

from tests.yaml_inputs import yaml_files

ROOT = Path(__file__).resolve().parents[2]

OPTIONS = [
    indentation.IndentationOptions(),
    indentation.IndentationOptions(spaces=2),
    indentation.IndentationOptions(spaces=4),
    indentation.IndentationOptions(indent_sequences=True),
    indentation.IndentationOptions(indent_sequences=False),
    indentation.IndentationOptions(indent_sequences="whatever"),
    indentation.IndentationOptions(spaces=2, indent_sequences=True),
]


# -- inputs ----------------------------------------------------------------------------------

def _files() -> Iterator[tuple[str, str]]:
    for folder, path in yaml_files():
        yield str(path.relative_to(folder.parent)), path.read_bytes().decode("utf-8", "replace")


def _generated() -> Iterator[tuple[str, str]]:
    spec = importlib.util.spec_from_file_location("_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    docs = [text for _kind, _mistake, text in module.documents(400, seed=9, invalid_rate=0.03)]
    for n in range(0, len(docs), 4):
        yield f"generated-{n}", "---\n".join(docs[n:n + 4])


_WORDS = ["web", "nginx:1.25", "yes", "on", "true", "8080", "a b", "x#y", "-c", "--port=80", '"q: #"',
          "'it''s'", "{}", "[]", "~", "a:b", "http://x/y", "0644", "é"]
_KEYS = ["name", "image", "app.kubernetes.io/name", "on", "spec", "a", "x_y", "metadata", "data"]


def _random_yaml(r: random.Random) -> str:
    """A random block-style YAML file: nested mappings and sequences, block scalars, comments,
    random indentation widths and sequence styles, and now and then a line that breaks the
    plain subset (a continuation line, a TAB, a flow collection, an anchor, a wrong dedent)."""
    lines: list[str] = []

    def scalar() -> str:
        return r.choice(_WORDS)

    def block(indent: int, depth: int) -> None:
        kind = r.random()
        if kind < 0.6 or depth > 4:
            mapping(indent, depth)
        else:
            sequence(indent, depth, r.choice(["- ", "- ", "-   ", "-"]))

    def child_indent(indent: int) -> int:
        return indent + r.choice([2, 2, 2, 4, 1, 3, 0])

    def mapping(indent: int, depth: int, first_prefix: str = "") -> None:
        for n in range(r.randint(1, 4)):
            pad = first_prefix if n == 0 and first_prefix else " " * indent
            key = r.choice(_KEYS)
            roll = r.random()
            if roll < 0.45 or depth > 4:
                lines.append(f"{pad}{key}: {scalar()}")
            elif roll < 0.75:
                lines.append(f"{pad}{key}:")
                block(child_indent(indent), depth + 1)
            elif roll < 0.85:
                lines.append(f"{pad}{key}: {r.choice(['|', '>-', '|+', '>'])}")
                content = indent + r.choice([1, 2, 2, 4])
                for _ in range(r.randint(0, 3)):
                    text = r.choice(["server {", "}", "a: b", "# x", ""])
                    lines.append(" " * (content + r.choice([0, 0, 2])) + text)
            elif roll < 0.92:
                lines.append(" " * r.choice([indent, indent + 2, 0]) + "# comment")
                lines.append(f"{pad}{key}: {scalar()}")
            else:
                lines.append(f"{pad}{key}:")
                sequence(indent, depth + 1, "- ")  # a sequence flush with its key
            if r.random() < 0.1:
                lines.append("")

    def sequence(indent: int, depth: int, dash: str) -> None:
        for _ in range(r.randint(1, 3)):
            roll = r.random()
            pad = " " * indent
            if roll < 0.4 or depth > 4:
                lines.append(f"{pad}{'- ' if dash == '-' else dash}{scalar()}")
            elif roll < 0.8:
                inner = indent + len(dash if dash != "-" else "- ")
                mapping(inner, depth + 1, first_prefix=pad + (dash if dash != "-" else "- "))
            else:
                lines.append(f"{pad}-")
                block(child_indent(indent) + 1, depth + 1)

    for doc in range(r.randint(1, 3)):
        if doc or r.random() < 0.3:
            lines.append("---")
        block(r.choice([0, 0, 0, 2]), 0)
    if r.random() < 0.3:  # break the subset, or make the YAML invalid, somewhere
        n = r.randrange(len(lines))
        lines[n] = r.choice([
            lines[n] + "\n" + " " * (len(lines[n]) - len(lines[n].lstrip()) + 2) + "continued",
            "\t" + lines[n], lines[n] + ": x", lines[n] + " [a, b]", lines[n] + " &anchor",
            lines[n][1:], " " + lines[n], lines[n].replace(": ", ":"), lines[n] + "\r",
        ])
    return "\n".join(lines) + r.choice(["\n", "", "\n\n"])


# -- Y101 ------------------------------------------------------------------------------------

def _assert_same_indentation(name: str, text: str) -> bool:
    """Compare the two paths on ``text``; False when the text is outside the plain subset."""
    layout = block_layout(text)
    if layout is None:
        return False
    scan = _scan(from_text(text, name=name))
    assert not scan.scan_error, f"{name}: libyaml fails on a text the layout accepts"
    for opts in OPTIONS:
        fast = indentation.from_layout(layout, indentation._Walker(text, opts))
        slow = indentation.from_tokens(scan, indentation._Walker(text, opts))
        assert fast == slow, f"{name} with {opts}"
    return True


def test_layout_matches_the_token_walk_on_every_file():
    plain = total = 0
    for name, text in [*_files(), *_generated()]:
        total += 1
        plain += _assert_same_indentation(name, text)
    assert plain > total // 2  # most files take the fast path, so the comparison means something


@pytest.mark.parametrize("seed", range(8))
def test_layout_matches_the_token_walk_on_random_files(seed):
    r = random.Random(seed)
    plain = with_findings = 0
    for n in range(400):
        text = _random_yaml(r)
        if _assert_same_indentation(f"random-{seed}-{n}", text):
            plain += 1
            layout = block_layout(text)
            with_findings += bool(indentation.from_layout(layout, indentation._Walker(text, OPTIONS[0])))
    assert plain > 100 and with_findings > 20


@pytest.mark.parametrize("text", [
    "a: 1\n  b: 2\n",  # a continuation line
    "a:\n\tb: 1\n",  # TAB
    "a: [1, 2]\n",  # a flow collection with content
    "a: &x 1\nb: *x\n",  # anchor, alias
    "a: 1\r\nb: 2\r\n",  # CR
    "? a\n: 1\n",  # explicit key
    "%YAML 1.1\n---\na: 1\n",  # directive
    "a:\n  b: 1\n c: 2\n",  # a dedent to no open block
    "- a\nb: 1\n",  # a key in a sequence's column
    "a: 1\n- b\n",  # an item under a key that has a value
    "a: |\n   \n  x\n",  # a blank line with spaces before the first content line
    "a: b: c\n",  # `: ` in a plain value
    "'q': 1\n",  # a quoted key
    "a: \"x\\ty\"\n",  # an escape in double quotes
    "a: 1\x07\n",  # a control character
])
def test_layout_refuses_what_it_does_not_model(text):
    assert block_layout(text) is None


def test_layout_records_openings_and_roots():
    text = "# c\n  a:\n    b:\n    - x\n    c:\n      - y\n---\nd:\n-\n   e: 1\n"
    layout = block_layout(text)
    assert layout.roots == [(2, 2), (8, 0)]
    assert layout.openings == [(3, "key", 2, 4, False), (4, "key", 4, 4, True), (6, "key", 4, 6, True),
                               (9, "key", 0, 0, True), (10, "dash", 0, 3, False)]


def test_block_scalar_content_is_not_structure():
    text = "a: |\n  server {\n    - x: [\n  }\nb: >-\n  text\n\n  more\nc: 1\n"
    layout = block_layout(text)
    assert layout is not None and layout.openings == []
    assert _assert_same_indentation("block", text)


def test_layout_does_not_depend_on_what_the_memos_hold(monkeypatch):
    """The shapes of lines and the moves are remembered across files; a cold, a warm and a
    constantly emptied memo give the same layouts."""
    r = random.Random(5)
    texts = [text for _name, text in _generated()] + [_random_yaml(r) for _ in range(300)]
    warm = [block_layout(text) for text in texts]
    again = [block_layout(text) for text in texts]
    monkeypatch.setattr(_layout, "_MEMO_SIZE", 2)
    monkeypatch.setattr(_lines, "_MEMO_SIZE", 2)
    _lines._INFO_OF_LINE.clear()
    _layout._forget_moves()
    tiny = [block_layout(text) for text in texts]
    assert warm == again == tiny
    assert sum(layout is not None for layout in warm) > 150


# -- pre-filters -----------------------------------------------------------------------------

#: The pre-filtered rules, each with its default options and some others.
OPTION_SETS: dict[str, list[dict]] = {
    "Y016": [{}],
    "Y102": [{}],
    "Y103": [{}, {"max": 40}],
    "Y111": [{}, {"max-spaces-after": 2}, {"max-spaces-after": 0}],
    "Y112": [{}, {"max-spaces-before": 1, "max-spaces-after": 2}, {"max-spaces-before": -1}],
    "Y113": [{}, {"min-spaces-after": 0, "max-spaces-after": 3}],
    "Y114": [{}, {"forbid": "non-empty"}, {"min-spaces-inside": 1}, {"max-spaces-inside-empty": 1}],
    "Y115": [{}, {"forbid": True}, {"min-spaces-inside-empty": 1, "max-spaces-inside-empty": 1}],
    "Y207": [{}, {"allowed-values": ["true", "false", "on"], "check-keys": True},
             {"allowed-values": ["yes", "no"]}],
}


def _without_prefilters(monkeypatch: pytest.MonkeyPatch) -> None:
    """Force every pre-filter to say "the rule may fire", so each rule runs its full logic."""
    from yamlkit.rules import syntax

    monkeypatch.setattr(syntax, "_may_run_together", lambda ctx, source: True)
    monkeypatch.setattr(lines, "some_line", lambda *args: True)
    monkeypatch.setattr(spacing, "some_line", lambda *args: True)
    monkeypatch.setattr(spacing, "_colon_candidate", lambda *args: True)
    monkeypatch.setattr(spacing, "_only_fine_empty_flows", lambda *args: False)
    monkeypatch.setattr(spacing, "layout_of", lambda ctx, source: None)
    monkeypatch.setattr(values, "_may_hold_truthy", lambda *args: True)


def _prefilter_inputs() -> list[SourceFile]:
    r = random.Random(1)
    extra = [
        ("flow", "a: {x: 1 , y: [ 2,3 ]}\nb: [yes, no]\nc: {}\nd: [ ]\ne: { }\n"),
        ("colons", "a :  1\n? b\n:   2\nc:    3 # x\n"),
        ("keys", "apiVersion: v1\nkind: Pod\nmetadata:name: x\nspec:\n  a:b: 1\n"),
        ("truthy", "a: yes\nb: 'no'\nc: !!bool on\non: 1\nd: [off]\ne: {f: Yes}\n"),
        ("truthy-plain", "a: yes  \nb:\n- No\n-   off\n- x: True\nc:   FALSE\non: 1\nd: e yes\n"),
        ("lines", "a: 1 \nb: 2\t\nc: 3\r\nd: " + "x" * 50 + "\ne: " + "y " * 30 + "\nf:\n-  g\n- \th\n"),
    ]
    named = [*_files(), *_generated(), *extra, *((f"random-{n}", _random_yaml(r)) for n in range(200))]
    return [from_text(text, name=name) for name, text in named]


def _findings(inputs: list[SourceFile], documents: dict[str, list]) -> list[list]:
    """Every (code, options) of ``OPTION_SETS`` run straight on each input (no engine)."""
    rules = load_rules()
    cache: dict = {}  # shared, so each input is scanned once
    contexts = []
    for code, option_sets in OPTION_SETS.items():
        meta = rules[code]
        for options in option_sets:
            converted = (meta.options(**{k.replace("-", "_"): v for k, v in options.items()})
                         if meta.options else None)
            contexts.append((meta, str(options), RuleContext(options=converted, cache=cache)))
    out = []
    for source in inputs:
        for meta, options, ctx in contexts:
            targets = documents[source.name] if meta.scope is Scope.DOCUMENT else [source]
            out.append([(meta.code, options, source.name, v.message, v.line, v.column, v.path)
                        for target in targets for v in meta.check(ctx, target) or ()])
    return out


def test_prefilters_never_hide_a_finding(monkeypatch):
    inputs = _prefilter_inputs()
    documents = {s.name: [d for d in parse(s).documents if not d.is_empty] for s in inputs}
    fast = _findings(inputs, documents)
    _without_prefilters(monkeypatch)
    slow = _findings(inputs, documents)
    assert fast == slow
    assert sum(map(bool, fast)) > 50  # the inputs do make the rules fire


# -- line tests ------------------------------------------------------------------------------

def _tests() -> list:
    return [lines._ends_with_space, lines._longer_than(40), spacing._spaced_hyphen(1),
            spacing._colon_test(0, 1), values._has_word(frozenset(values.TRUTHY_1_1) - {"true", "false"})]


def test_some_line_agrees_with_running_the_test_on_every_line(monkeypatch):
    """Answers from remembered lines equal the tests run on each line: with a warm, a cold and a
    constantly emptied memo, and with tests registered while files are being read."""
    from yamlkit.rules import syntax

    sources = _prefilter_inputs()
    tests = [*_tests(), syntax._may_hold_run_together_key]
    expected = [[any(test(line) for line in source.lines) for test in tests] for source in sources]

    def answers(ctx_for) -> list:
        return [[_lines.some_line(ctx_for(source), source, test) for test in tests] for source in sources]

    shared = RuleContext(cache={})
    assert answers(lambda source: shared) == expected  # registration while reading the first file
    assert answers(lambda source: RuleContext(cache={})) == expected  # warm memo
    monkeypatch.setattr(_lines, "_MEMO_SIZE", 2)
    _lines._INFO_OF_LINE.clear()
    assert answers(lambda source: None) == expected  # (no per-file cache at all)
    assert sum(map(any, expected)) > 50


def test_line_memos_stay_bounded_and_share_one_int_per_info(monkeypatch):
    """Two lines of the same info get one int object (the layout's look-ups hit by identity),
    and neither memo outgrows ``_MEMO_SIZE``, however many distinct lines a run reads."""
    def infos(text: str) -> list[int]:
        return _lines.file_lines(None, SourceFile(name="<text>", text=text)).infos

    _lines._INFO_OF_LINE.clear()
    _lines._SAME_INFO.clear()
    assert infos("a:\n  name: web\n")[1] is infos("  name: api\n")[0]
    monkeypatch.setattr(_lines, "_MEMO_SIZE", 50)
    for n in range(200):
        text = f"app-{n}:\n  name: web-{n}\n  port: {n}\n"
        assert [info & _lines.SHAPE_MASK for info in infos(text)] == list(map(_lines._shape_of, text.split("\n")))
        assert len(_lines._INFO_OF_LINE) <= 50 and len(_lines._SAME_INFO) <= 50


def test_run_together_keys_are_never_in_a_plain_file(monkeypatch):
    """Y016 skips files whose layout a style rule found plain: forcing its full walk finds
    nothing more there."""
    from yamlkit.rules import syntax

    meta = load_rules()["Y016"]
    plain = 0
    for source in _prefilter_inputs():
        documents = [d for d in parse(source).documents if not d.is_empty]
        ctx = RuleContext(cache={})
        plain += _layout.layout_of(ctx, source) is not None
        fast = [(v.message, v.path) for d in documents for v in meta.check(ctx, d) or ()]
        with monkeypatch.context() as patched:
            patched.setattr(syntax, "_may_run_together", lambda ctx, source: True)
            slow = [(v.message, v.path) for d in documents for v in meta.check(ctx, d) or ()]
        assert fast == slow, source.name
    assert plain > 100
