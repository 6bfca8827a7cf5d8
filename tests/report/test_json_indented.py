"""The json reporter's fast indenter writes exactly what ``json.dumps(indent=2)`` writes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from yamlkit.report.json_format import indented

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
