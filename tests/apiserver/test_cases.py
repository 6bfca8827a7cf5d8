"""The API-server case corpus: one YAML file per case under ``cases/``.

Each file starts with comments: ``# rule: <row id of docs/apiserver-rules.md>``, then one
``# expect: <code> <API path>`` line per expected finding, or ``# expect: none`` for a manifest the
API server accepts. ``# version: 1.30`` sets the target Kubernetes version. The test asserts that
the A-rules report exactly that set of (code, path) pairs — nothing more, nothing less.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import yamlkit

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


def _header(text: str) -> tuple[set[tuple[str, str]], str, str]:
    expected: set[tuple[str, str]] = set()
    rule = version = ""
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].strip().partition(":")
        value = value.strip()
        if key == "rule":
            rule = value
        elif key == "version":
            version = value
        elif key == "expect" and value != "none":
            code, path = value.split(None, 1)
            expected.add((code, path))
    return expected, rule, version


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 150
    accepted = [c for c in CASES if "# expect: none" in c.read_text()]
    assert len(accepted) >= 40 and len(CASES) - len(accepted) >= 100


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case(case: Path) -> None:
    text = case.read_text()
    expected, rule, version = _header(text)
    assert rule, f"{case.name}: missing '# rule:' header"
    config: dict[str, object] = {"select": ["A"]}
    if version:
        config["kubernetes_version"] = version
    findings = yamlkit.check(text, config=config).findings
    assert not [f for f in findings if f.code == "X001"], findings
    got = {(f.code, f.path) for f in findings if f.code.startswith("A")}
    assert got == expected, "\n".join(f"{f.code} {f.path} {f.line}:{f.column} {f.message}" for f in findings)
