"""The value of every document: the fast builder (documents without anchors) agrees with the general one."""

import pytest

from yamlkit.parse import build_data, parse, pyyaml_composer
from yamlkit.source import from_text

TRICKY = """\
plain: 1
quoted: "1"
single: 'it''s'
octal: 0777
float: 1.10
words: [yes, no, on, off, ~, null, "", '']
explicit: [!!str 1, !!int "2", !!float "3", !!bool "true", !!null "x", !custom 4, ! "5", ! 6]
"80": port
80: again
true: key
nested:
  list:
    - a
    - "b"
    - 3
    - - deep
      - 1.5e3
    - {k: v, "q": 'w'}
  empty: {}
  none: []
  block: |
    text
empty:
dup: 1
'dup': 2
"""


def values(text, yaml12=False):
    root = pyyaml_composer(text).get_single_node()
    fast = build_data(root, yaml12=yaml12, may_alias=False)
    general = build_data(root, yaml12=yaml12, may_alias=True)
    return fast, general


@pytest.mark.parametrize("yaml12", [False, True])
def test_fast_and_general_builders_agree_on_values_types_order_and_duplicates(yaml12):
    (fast, fast_dups), (general, general_dups) = values(TRICKY, yaml12)
    assert repr(fast) == repr(general)  # repr tells 1 from 1.0, True and "1", and shows key order
    assert [(k.start_mark.line, f.start_mark.line) for k, f in fast_dups] == [
        (k.start_mark.line, f.start_mark.line) for k, f in general_dups
    ] == [(8, 7), (24, 23)]  # 0-based lines: "80" and 80, dup and 'dup'


def test_values_are_what_kubernetes_sees():
    (data, _dups), _general = values(TRICKY)
    assert data["plain"] == 1 and data["quoted"] == "1" and data["single"] == "it's"
    assert data["octal"] == 511 and data["float"] == 1.1
    assert data["words"] == [True, False, True, False, None, None, "", ""]
    assert data["explicit"] == ["1", 2, 3.0, True, None, "4", 5, 6]
    assert data["80"] == "again" and data["true"] == "key" and data["dup"] == 2
    assert data["nested"]["list"] == ["a", "b", 3, ["deep", 1500.0], {"k": "v", "q": "w"}]
    assert data["nested"]["block"] == "text\n" and data["empty"] is None


def test_key_names_hold_every_key_of_the_document():
    # (key names come only from the fast builder: this also shows it built TRICKY without falling back)
    doc = parse(from_text(TRICKY)).documents[0]
    assert doc.key_names == {
        "plain", "quoted", "single", "octal", "float", "words", "explicit", "80", "true", "nested",
        "list", "k", "q", "empty", "none", "block", "dup",
    }
