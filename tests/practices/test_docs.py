"""Every K rule documents itself, and its own examples prove it (kube-linter's default_test)."""

from __future__ import annotations

import re

import pytest

import yamlkit
from yamlkit.rules import load_rules

RULES = [m for code, m in load_rules().items() if code.startswith("K")]
BLOCK = re.compile(r"```yaml\n(.*?)```", re.S)


def _examples(doc: str) -> tuple[str, str]:
    bad_part, _, good_part = doc.partition("Use instead:")
    bad, good = BLOCK.search(bad_part), BLOCK.search(good_part)
    assert bad and good, "doc needs a ```yaml Example and a ```yaml Use instead block"
    return bad.group(1), good.group(1)


def test_there_are_practices_rules() -> None:
    assert len(RULES) >= 25
    assert all(m.category == "practices" for m in RULES)


@pytest.mark.parametrize("meta", RULES, ids=lambda m: m.code)
def test_doc_sections(meta) -> None:
    for heading in ("## What it does", "## Why is this bad?", "## Example", "Use instead:"):
        assert heading in meta.doc, f"{meta.code}: missing {heading!r}"
    remediation = [line for line in meta.doc.splitlines() if line.startswith("Remediation: ")]
    assert len(remediation) == 1 and len(remediation[0]) > 20, f"{meta.code}: one 'Remediation: ...' line"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", meta.name)
    assert re.fullmatch(r"K[1-4]\d\d", meta.code)


@pytest.mark.parametrize("meta", RULES, ids=lambda m: m.code)
def test_example_fires_and_use_instead_does_not(meta) -> None:
    bad, good = _examples(meta.doc)
    found = yamlkit.check(bad, config={"select": [meta.code]}).findings
    assert [f.code for f in found if f.code == meta.code], f"{meta.code}: the Example does not fire"
    assert all(f.hint for f in found if f.code == meta.code), f"{meta.code}: a finding without hint"
    assert not [f for f in found if f.code == "X001"]
    clean = yamlkit.check(good, config={"select": [meta.code]}).findings
    assert [f for f in clean if f.code == meta.code] == [], f"{meta.code}: 'Use instead' fires"
