"""What the fixer works with: candidate fixes (from findings or from our own text scans)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..findings import Edit, Finding


@dataclass(frozen=True, slots=True)
class Candidate:
    """One fix for one problem: edits on the current text and where it came from.

    ``origin`` is ``"rule"`` for a :class:`~yamlkit.findings.Fix` a rule attached to its finding,
    ``"fixer"`` for the text fixes of :mod:`yamlkit.fixes.text` and :mod:`yamlkit.fixes.indent`.
    ``value_change`` marks a scalar-trap fix: the value at ``path`` may change, and only there.
    """

    code: str
    rule: str
    title: str
    edits: tuple[Edit, ...]
    safe: bool = True
    line: int = 1
    column: int = 1
    path: str | None = None
    document: int | None = None
    origin: str = "fixer"
    value_change: bool = False
    reorder: bool = False  # key-ordering: only the order of keys may change

    @classmethod
    def from_finding(cls, finding: Finding) -> "Candidate":
        assert finding.fix is not None
        return cls(
            code=finding.code,
            rule=finding.rule,
            title=finding.fix.title,
            edits=tuple(finding.fix.edits),
            safe=finding.fix.safe,
            line=finding.line,
            column=finding.column,
            path=finding.path,
            document=finding.document,
            origin="rule",
            value_change=finding.code.startswith("T"),
        )

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.rule, self.line, self.column)


@dataclass(slots=True)
class Applied:
    """A fix that was applied (``value`` holds (path, old, new) for a scalar-trap change)."""

    code: str
    rule: str
    title: str
    line: int
    safe: bool = True
    value: tuple[str, Any, Any] | None = None


@dataclass(slots=True)
class Outcome:
    """The result of fixing one text."""

    name: str
    original: str
    text: str
    applied: list[Applied] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    refused: bool = False

    @property
    def changed(self) -> bool:
        return self.text != self.original
