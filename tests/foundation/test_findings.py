"""Findings as users get them: hashable, comparable, unchanged by the trip from a worker."""

from __future__ import annotations

import pickle

import pytest

from yamlkit.engine import Engine, stamp
from yamlkit.findings import Finding, Fix, Severity, sort_key
from yamlkit.rules.base import Violation
from yamlkit.source import from_text


def _finding(**changes: object) -> Finding:
    values: dict = dict(code="K301", rule="dangling-service", severity=Severity.WARNING, file="a.yaml", line=3,
                        column=5, message="m", hint="h", path="spec.selector", document=0, resource="Service/web",
                        fix=Fix("t", ()), related=("Deployment/web at b.yaml:9",))
    values.update(changes)
    return Finding(**values)  # type: ignore[arg-type]


def test_findings_are_hashable_and_equal_after_pickling() -> None:
    finding = _finding()
    copy = pickle.loads(pickle.dumps(finding, pickle.HIGHEST_PROTOCOL))
    assert copy == finding and hash(copy) == hash(finding)
    assert len({finding, copy, _finding(line=4)}) == 2


def test_findings_sort_by_file_line_column_code_message() -> None:
    findings = [_finding(line=2, code="B"), _finding(line=2, code="A", message="z"), _finding(file="0.yaml")]
    assert findings[0].sort_key == sort_key(findings[0]) == ("a.yaml", 2, 5, "B", "m")
    assert sorted(findings, key=sort_key) == [findings[2], findings[1], findings[0]]


@pytest.mark.parametrize("text", ["a: 1\nb: 2\n", "a: 1\nb: 2", "a: 1\r\nb: 22\r\n", "a: 1\n\n\n", "", "\n"])
@pytest.mark.parametrize("line", [1, 2, 3, 99])
def test_positions_past_the_last_line_are_clamped_as_stamp_does(text: str, line: int) -> None:
    """The engine counts a file's lines itself (without its line index): the same positions."""
    source = from_text(text, name="a.yaml")
    engine = Engine()
    meta = engine.rules["Y001"]
    out: list[Finding] = []
    engine._add(out, Violation("m", line=line, column=3), None, None, source, meta)
    expected = stamp(Violation("m", line=line, column=3), meta, engine.settings.severity_of(meta), "a.yaml",
                     None, None, from_text(text, name="a.yaml"))
    assert out == [expected]
