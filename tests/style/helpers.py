"""yamllint-style test helpers: ``check(rule, src, options, expect=[(line, col), ...])``."""

from __future__ import annotations

from typing import Any, Iterable

import yamlkit
from yamlkit.findings import Finding
from yamlkit.rules import load_rules, lookup


def findings(rule: str, src: str, options: dict[str, Any] | None = None) -> list[Finding]:
    """The findings of one style rule (by code or name) on ``src``."""
    load_rules()
    meta = lookup(rule)
    assert meta is not None, f"no rule {rule}"
    config: dict[str, Any] = {"select": [meta.code]}
    if options:
        config["rule_options"] = {meta.code: dict(options)}
    report = yamlkit.check(src, config=config)
    return [f for f in report.findings if f.code == meta.code]


def check(rule: str, src: str, options: dict[str, Any] | None = None,
          expect: Iterable[tuple[int, int]] = ()) -> list[Finding]:
    """Assert that ``rule`` reports exactly the (line, column) pairs of ``expect``."""
    found = findings(rule, src, options)
    got = sorted((f.line, f.column) for f in found)
    assert got == sorted(expect), f"{rule}: expected {sorted(expect)}, got {got}: {[f.message for f in found]}"
    return found


def apply_fixes(text: str, found: Iterable[Finding], *, safe_only: bool = True) -> str:
    """Apply the edits of every fix (non-overlapping, from the end of the text backwards)."""
    edits = []
    for f in found:
        if f.fix is None or (safe_only and not f.fix.safe):
            continue
        edits.extend(f.fix.edits)
    edits.sort(key=lambda e: (e.start, e.end))
    for a, b in zip(edits, edits[1:]):
        assert a.end <= b.start, f"overlapping edits {a} and {b}"
    for e in reversed(edits):
        text = text[:e.start] + e.replacement + text[e.end:]
    return text
