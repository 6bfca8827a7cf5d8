from __future__ import annotations

import textwrap

import yamlkit


def check(text: str, *codes: str, **config: object) -> list:
    """Findings of ``codes`` (selected explicitly, so off-by-default rules run too)."""
    config.setdefault("select", list(codes))
    found = yamlkit.check(textwrap.dedent(text).lstrip("\n"), config=dict(config)).findings
    assert not [f for f in found if f.code == "X001"], [f.message for f in found if f.code == "X001"]
    hits = [f for f in found if f.code in codes]
    assert all(f.hint for f in hits), "every finding has a hint"
    return hits


def where(findings: list) -> list[tuple[str, int, int, str | None]]:
    """(code, line, column, path) of each finding."""
    return [(f.code, f.line, f.column, f.path) for f in findings]
