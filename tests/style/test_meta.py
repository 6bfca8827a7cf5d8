"""Meta-tests for the style rules: registry shape, docs, examples, fixes, no-crash corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import yamlkit
from yamlkit.convert import ConversionError
from yamlkit.findings import Severity
from yamlkit.rules import load_rules
from yamlkit.rules.base import Fixability, Scope

from . import parity
from .helpers import apply_fixes, findings

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"


def style_rules():
    return [m for c, m in load_rules().items() if c[:2] in ("Y1", "Y2")]


#: Options under which a rule's "## Example" fires (when its defaults never fire).
EXAMPLE_OPTIONS: dict[str, dict] = {}
#: The Y105 example is shown with a final line break it cannot have in a code block.
STRIP_FINAL_NEWLINE = {"new-line-at-end-of-file"}
#: The Y106 example is shown with the line breaks a code block cannot show.
CRLF = {"new-lines"}

_BLOCK = re.compile(r"```yaml\n(.*?)```", re.S)


def _blocks(doc: str) -> tuple[str, str]:
    example = doc.split("## Example", 1)[1]
    bad = _BLOCK.search(example)
    good = _BLOCK.search(example.split("Use instead", 1)[1])
    assert bad and good
    return bad.group(1), good.group(1)


def test_registry_shape():
    rules = style_rules()
    assert len(rules) == 22
    for meta in rules:
        assert re.fullmatch(r"Y[12]\d\d", meta.code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", meta.name)
        assert meta.scope in (Scope.TEXT, Scope.DOCUMENT)
        assert meta.severity is Severity.WARNING
        assert meta.options is None or meta.default_options() is not None
        assert meta.name in parity.PARITY, "every rule has a yamllint counterpart"


@pytest.mark.parametrize("meta", style_rules(), ids=lambda m: m.code)
def test_docstring_sections_and_examples(meta):
    doc = meta.doc
    for heading in ("## What it does", "## Why is this bad?", "## Example", "Use instead:"):
        assert heading in doc, f"{meta.code} lacks {heading}"
    if meta.options is not None:
        assert "## Options" in doc
        for f in meta.option_fields():
            assert f.name.replace("_", "-") in doc, f"{meta.code} does not document option {f.name}"
    bad, good = _blocks(doc)
    if meta.name in STRIP_FINAL_NEWLINE:
        bad = bad.rstrip("\n")
    if meta.name in CRLF:
        bad = bad.replace("\n", "\r\n")
    options = EXAMPLE_OPTIONS.get(meta.name)
    assert findings(meta.code, bad, options), f"{meta.code}: the Example does not fire"
    assert not findings(meta.code, good, options), f"{meta.code}: the 'Use instead' example fires"


@pytest.mark.parametrize("meta", style_rules(), ids=lambda m: m.code)
def test_fixable_rules_offer_fixes(meta):
    fixed_somewhere = False
    for path in sorted(FIXTURES.rglob("*.yaml")):
        text = path.read_bytes().decode()
        for f in findings(meta.code, text, parity.PARITY.get(meta.name)):
            if f.fix is not None:
                fixed_somewhere = True
    if meta.fixable is Fixability.NEVER:
        assert not fixed_somewhere
    else:
        assert fixed_somewhere, f"{meta.code} is declared fixable but no fixture gets a fix"


@pytest.mark.parametrize("config", ["parity", "alternate"])
@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.yaml")), ids=lambda p: p.name)
def test_safe_fixes_remove_the_finding_and_keep_the_data(path, config):
    text = path.read_bytes().decode()
    rules = parity.CONFIGS[config]
    try:
        before = yamlkit.load(text)
    except ConversionError:
        before = None  # invalid on purpose (undefined alias, duplicate anchor): compare nothing
    for meta in style_rules():
        if meta.fixable is Fixability.NEVER:
            continue
        options = rules.get(meta.name)
        found = findings(meta.code, text, options)
        fixed = apply_fixes(text, found)
        if fixed == text:
            continue
        left = [f for f in findings(meta.code, fixed, options) if f.fix is not None and f.fix.safe]
        assert not left, f"{meta.code} still fires after its fixes: {[(f.line, f.column) for f in left]}"
        if before is None:
            continue
        if meta.name not in ("document-start", "document-end"):
            assert yamlkit.load(fixed) == before, f"{meta.code}'s fix changed the data"
        else:
            assert [d for d in yamlkit.load(fixed) if d is not None] == [d for d in before if d is not None]


def test_fix_edits_stay_inside_the_text():
    for path in sorted(FIXTURES.rglob("*.yaml")):
        text = path.read_bytes().decode()
        codes = [m.code for m in style_rules() if m.name not in ("new-lines",)]
        report = yamlkit.check(text, config={"select": codes})
        for f in report.findings:
            if f.fix is None:
                continue
            edits = sorted(f.fix.edits, key=lambda e: e.start)
            for e in edits:
                assert 0 <= e.start <= e.end <= len(text)
            for a, b in zip(edits, edits[1:]):
                assert a.end <= b.start, f"{f.code}: overlapping edits in one fix"


def test_yaml_test_suite_never_crashes_a_style_rule(shared_dir):
    """Every input of the YAML test suite, valid or not, through every style rule."""
    suite = shared_dir / "corpus" / "yaml-test-suite"
    inputs = sorted(suite.rglob("in.yaml"))
    assert inputs
    codes = [m.code for m in style_rules()]
    for path in inputs:
        text = path.read_bytes().decode("utf-8", errors="replace")
        report = yamlkit.check(text + ("" if "\n" in text else "\n"), config={"select": codes})
        crashes = [f.message for f in report.findings if f.code == "X001"]
        assert not crashes, f"{path}: {crashes}"


def test_docs_page_lists_every_rule():
    page = (ROOT / "docs" / "style-rules.md").read_text()
    for meta in style_rules():
        assert f"`{meta.code}`" in page and f"`{meta.name}`" in page, meta.code
