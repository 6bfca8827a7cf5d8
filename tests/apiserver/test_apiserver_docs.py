"""Every API-server rule documents itself with a runnable example that fires and a fix that does not."""

from __future__ import annotations

import re

import pytest

import yamlkit
from yamlkit.rules import load_rules

RULES = {code: meta for code, meta in load_rules().items() if meta.category == "apiserver"}
_BLOCK = re.compile(r"```yaml\n(.*?)```", re.S)


def _blocks(doc: str) -> tuple[str, str]:
    example = doc.split("## Example", 1)[1]
    bad_part, good_part = example.split("Use instead:", 1)
    return _BLOCK.search(bad_part).group(1), _BLOCK.search(good_part).group(1)


def _codes(text: str, code: str) -> list[str]:
    report = yamlkit.check(text, config={"select": [code]})
    return [f.code for f in report.findings]


def test_codes_are_in_the_documented_ranges() -> None:
    assert len(RULES) >= 90
    for code, meta in RULES.items():
        assert re.fullmatch(r"A[0-3]\d\d", code), code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", meta.name), meta.name
        for heading in ("## What it does", "## Why is this bad?", "## Example", "Use instead:"):
            assert heading in meta.doc, (code, heading)


@pytest.mark.parametrize("code", sorted(RULES))
def test_example_fires_and_fix_does_not(code: str) -> None:
    bad, good = _blocks(RULES[code].doc)
    assert code in _codes(bad, code), f"{code} example does not fire"
    assert code not in _codes(good, code), f"{code} 'use instead' still fires"
    assert "X001" not in _codes(bad, "X") and "X001" not in _codes(good, "X")
