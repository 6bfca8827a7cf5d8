"""The json reporter's fast indenter writes exactly what ``json.dumps(indent=2)`` writes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yamlkit.findings import Finding, Fix, Severity
from yamlkit.report.json_format import finding_text, indented

scalars = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False, allow_infinity=False)
plain = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(plain)
def test_same_text_as_json_dumps(value):
    assert indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_nested_level_matches_an_item_of_an_indented_list():
    finding = {"code": "S001", "fix": {"title": "quote it", "safe": True}, "related": ["a.yaml:3"], "hint": None}
    whole = json.dumps({"findings": [finding]}, indent=2, ensure_ascii=False)
    assert "    " + indented(finding, 2) in whole
    assert "ü" in indented({"message": "über"})  # not escaped, like ensure_ascii=False


text = st.text(max_size=12)
optional_text = st.none() | text
findings = st.builds(
    Finding, code=text, rule=text, severity=st.sampled_from(list(Severity)), file=text,
    line=st.integers(1, 10**6), column=st.integers(1, 500), message=text,
    end_line=st.none() | st.integers(1, 10**6), end_column=st.none() | st.integers(1, 500), hint=optional_text,
    path=optional_text, document=st.none() | st.integers(0, 50), resource=optional_text,
    fix=st.none() | st.builds(Fix, title=text, edits=st.just(()), safe=st.booleans()),
    related=st.lists(text, max_size=3).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(findings)
def test_a_finding_renders_as_its_dict_would(finding):
    assert finding_text(finding) == indented(finding.to_dict(), 2)


@pytest.mark.parametrize("values", [
    {"line": True, "column": 2.5},  # not ints: the generic way
    {"document": False},
    {"message": 7, "hint": ["a", "b"]},  # not strings
    {"path": 3, "resource": None, "related": ["x", "y"]},
    {"related": []},
    {"related": ("x", 2)},
    {"end_line": 4, "end_column": 9, "fix": Fix("quote it", (), safe=False)},
])
def test_a_finding_with_values_of_other_types_renders_as_its_dict_would(values):
    finding = Finding(code="A001", rule="a-rule", severity=Severity.WARNING, file="a.yaml", line=3, column=1,
                      message="m")
    for name, value in values.items():
        setattr(finding, name, value)
    assert finding_text(finding) == indented(finding.to_dict(), 2)
