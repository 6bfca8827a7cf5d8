"""yamlkit's C composer (``yamlkit/_compose.c``) against PyYAML's: the same nodes, data and errors.

The C composer is optional (it needs a compiler and libyaml's headers at install time); where it
gives up (a syntax error, a recursive or undefined alias, deep nesting), PyYAML's composer takes
over from the same document. These tests run every YAML input we have through both, node by node, and through
the whole parse with and without the C composer.
"""

from pathlib import Path

import pytest
import yaml

from yamlkit import parse as parse_mod
from yamlkit.document import Document
from yamlkit.parse import PLAIN_TAG, iter_parse, pyyaml_composer
from yamlkit.source import from_text

from tests.yaml_inputs import yaml_files

light = pytest.mark.skipif(parse_mod._LightComposer is None, reason="yamlkit was installed without its C composer")

TRICKY = [
    "a: 1\nb: [x, 'y', \"z\"]\nc: {d: e}\n",
    "plain: 1\nexplicit: [!!str 1, !!int '2', !custom 4, ! '5', ! 6, !!map {a: b}, !!seq [c]]\n",
    "block: |\n  keep\n  lines\nfolded: >-\n  one\n  two\nempty:\n",
    "--- 1\n--- [a]\n---\n...\n---\nlast: doc\n",
    "# only a comment\n",
    "",
    "héllo: wörld\n𝄞: '😀 x'\nkey: ünïcode\n",
    "\ufeffbom: true\n",
    "crlf: 1\r\nlist:\r\n  - a\r\n",
    "? complex\n: key\n? [a, b]\n: flow key\n",
    "base: &b {x: 1}\nuse: *b\n",
    "<<: {a: 1}\nb: 2\n",
    "dup: 1\ndup: 2\n'80': a\n80: b\n",
    "good: 1\n---\nbad: [unclosed\n---\nafter: 3\n",
    "first: 1\n---\n- &a x\n- *a\n---\nthird: 3\n",
    "a:\n\tb: tab\n",
    "key: \"bad escape \\q\"\n",
    "%YAML 1.1\n%TAG !e! tag:example.com,2000:\n---\nv: !e!thing x\n",
    "[" * 60 + "]" * 60 + "\n",
    "x:\n" + "".join("  " * i + "- \n" for i in range(1, 40)),
]


def shape(node):
    """Everything yamlkit reads from a node, recursively."""
    if node is None:
        return None
    start, end = node.start_mark, node.end_mark
    marks = (start.index, start.line, start.column, end.index, end.line, end.column)
    if node.id == "scalar":
        value = node.value
    elif node.id == "sequence":
        value = [shape(child) for child in node.value]
    else:
        value = [(shape(k), shape(v)) for k, v in node.value]
    return node.id, node.tag, node.style if node.id == "scalar" else node.flow_style, marks, value


def _roots_until(composer, error):
    """The roots ``composer`` gives until the end or ``error`` (roots, the error's text or None)."""
    roots = []
    try:
        while composer.check_node():
            roots.append(composer.get_node())
    except error as exc:
        return roots, str(exc)
    return roots, None


def pyyaml_roots(text):
    """PyYAML's roots until the end or its first error."""
    return _roots_until(pyyaml_composer(text), yaml.YAMLError)


def light_roots(text):
    """The C composer's roots until the end or until it gives up."""
    composer = parse_mod._LightComposer(text, PLAIN_TAG, parse_mod._STR, parse_mod._SEQ, parse_mod._MAP)
    return _roots_until(composer, parse_mod._Unsupported)


def texts():
    for _folder, path in yaml_files():
        try:
            yield str(path), path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
    for i, text in enumerate(TRICKY):
        yield f"tricky-{i}", text


def assert_same_nodes(text):
    ours, reason = light_roots(text)
    theirs, error = pyyaml_roots(text)
    assert [shape(r) for r in ours] == [shape(r) for r in theirs[: len(ours)]]
    if reason is None:
        assert error is None and len(ours) == len(theirs)
    elif reason == "libyaml reports an error":
        assert error is not None and len(ours) == len(theirs)  # gave up on the document PyYAML rejects
    else:
        assert "alias" in reason or "anchor" in reason or "deep" in reason


@light
def test_nodes_match_pyyaml_on_every_yaml_input_we_have():
    count = 0
    for _name, text in texts():
        assert_same_nodes(text)
        count += 1
    assert count > 400  # the YAML test suite alone has 402 inputs


def outcome(text):
    """What parsing shows the rest of yamlkit: documents (data, key names, spans) and problems."""
    out = []
    for item in iter_parse(from_text(text)):
        if isinstance(item, Document):
            out.append(("doc", item.index, repr(item.data), item.key_names, item.start_line, item.end_line,
                        item.line_offset, shape(item.root)))
        else:
            out.append(("problem", item.code, item.message, item.hint, item.line, item.column,
                        item.end_line, item.end_column, item.related))
    return out


@light
def test_parse_results_are_the_same_without_the_c_composer(monkeypatch):
    cases = [(name, text, outcome(text)) for name, text in texts()]
    monkeypatch.setattr(parse_mod, "_LightComposer", None)
    for name, text, with_light in cases:
        assert outcome(text) == with_light, name


@light
def test_aliases_share_their_anchor_s_node_as_in_pyyaml():
    root = light_roots("base: &b {x: 1}\nuse: *b\n")[0][0]
    (_k1, anchored), (_k2, alias) = root.value
    assert alias is anchored
    doc = next(item for item in iter_parse(from_text("base: &b {x: 1}\nuse: *b\n")) if isinstance(item, Document))
    assert doc.data == {"base": {"x": 1}, "use": {"x": 1}}


def test_pyyaml_takes_over_from_the_document_the_c_composer_leaves():
    text = "first: 1\n---\n&a [*a]\n---\nthird: 3\n"  # a recursive alias: PyYAML composes the cycle
    roots, reason = light_roots(text)
    assert len(roots) == 1 and "recursive" in reason
    items = list(iter_parse(from_text(text)))
    assert [item.data for item in items if isinstance(item, Document)] == [{"first": 1}, None, {"third": 3}]
    assert [(item.code, item.line) for item in items if not isinstance(item, Document)] == [("Y008", 3)]


@light
def test_a_syntax_error_is_reported_with_pyyaml_s_message_and_place():
    text = "good: 1\n---\nbad: [unclosed\n---\nafter: 3\n"
    problems = [item for item in iter_parse(from_text(text)) if not isinstance(item, Document)]
    assert problems and problems[0].code.startswith("Y0") and problems[0].line >= 3


@light
def test_deep_nesting_goes_to_pyyaml():
    text = "[" * 2100 + "]" * 2100
    roots, reason = light_roots(text)
    assert roots == [] and "deep" in reason


@light
def test_node_and_mark_look_like_pyyaml_s():
    root = light_roots("a: 'b'\n")[0][0]
    key, value = root.value[0]
    assert (root.id, root.flow_style, key.id, key.tag, key.style, value.style) == (
        "mapping", False, "scalar", PLAIN_TAG, "", "'")
    mark = value.end_mark
    assert (mark.line, mark.column, mark.index, mark.name, mark.get_snippet()) == (0, 6, 6, "<unicode string>", None)
    assert str(mark) == '  in "<unicode string>", line 1, column 7'
    with pytest.raises(AttributeError):
        root.value = []  # nodes are read-only, like the trees yamlkit hands to rules


def test_the_c_composer_is_built_wherever_libyaml_s_headers_are():
    if not Path("/usr/include/yaml.h").exists():
        pytest.skip("libyaml's headers are not installed here, so the C composer may be missing")
    assert parse_mod._LightComposer is not None, "pip install did not build yamlkit._compose (see setup.py)"


#: pieces that make YAML tricky: indicators, tags, anchors, odd line breaks and characters
_MUTATIONS = [*" \t\n\r:-#&*!|>'\"[]{},?%@`\\\x00\x85\u2028\ufeff\U0001F600", "\r\n", "- ", ": ", "---\n",
              "...\n", "<<: ", "!!str ", "!!int ", "&a ", "*a ", "? ", "yes", "0x1F", "1.10", "k: 1\nk: 2\n"]


@light
def test_both_composers_agree_on_mutated_manifests(monkeypatch):
    """600 seeded random edits of the sample manifests: the same nodes, data and findings.
    (A longer run of the same check found no difference in 9,000 mutations.)"""
    import random

    rng = random.Random(9)
    seeds = [path.read_text(encoding="utf-8") for _folder, path in yaml_files() if "samples" in path.parts]
    cases = []
    for _ in range(600):
        chars = list(rng.choice(seeds))
        for _edit in range(rng.randint(1, 5)):
            at = rng.randrange(len(chars) + 1)
            if rng.random() < 0.6 or not chars:
                chars.insert(at, rng.choice(_MUTATIONS))
            else:
                del chars[min(at, len(chars) - 1)]
        cases.append("".join(chars))
    for text in cases:
        assert_same_nodes(text)
    with_light = [outcome(text) for text in cases]
    monkeypatch.setattr(parse_mod, "_LightComposer", None)
    assert [outcome(text) for text in cases] == with_light
