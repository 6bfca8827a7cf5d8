"""Re-indentation and key sorting: only leading spaces / whole entries move, data stays."""

from __future__ import annotations

import json

import yaml

from yamlkit.config import resolve_settings
from yamlkit.fixes import fix_text
from yamlkit.fixes.ordering import sort_edits
from yamlkit.fixes.edits import apply
from yamlkit.fixes.reindent import reindent


def test_reindent_moves_blocks_scalars_and_comments_together() -> None:
    text = (
        "a:\n"
        "    b: 1\n"
        "    # about c\n"
        "    c:\n"
        "    - x\n"
        "    - y: 1\n"
        "      z: |\n"
        "        kept\n"
        "          deeper\n"
        "e: [1,\n"
        "  2]\n"
    )
    new = reindent(text, 2)
    assert new == (
        "a:\n"
        "  b: 1\n"
        "  # about c\n"
        "  c:\n"
        "  - x\n"
        "  - y: 1\n"
        "    z: |\n"
        "      kept\n"
        "        deeper\n"
        "e: [1,\n"
        "  2]\n"
    )
    assert yaml.safe_load(new) == yaml.safe_load(text)


def test_reindent_sequences_follow_the_requested_style() -> None:
    text = "a:\n  b:\n  - 1\n  c:\n    - 2\n  d:\n    - 3\n"
    assert reindent(text, 2, "consistent") == "a:\n  b:\n    - 1\n  c:\n    - 2\n  d:\n    - 3\n"
    assert reindent(text, 2, False) == "a:\n  b:\n  - 1\n  c:\n  - 2\n  d:\n  - 3\n"
    assert reindent(text, 2, "whatever") == text


def test_indentation_fix_runs_only_when_the_rule_reports() -> None:
    four = "a:\n    b:\n        c: 1\n"
    assert not fix_text(four, resolve_settings({"select": ["Y101"]})).changed
    mixed = "a:\n    b:\n      c: 1\n"
    assert fix_text(mixed, resolve_settings({"select": ["Y101"]})).text == "a:\n    b:\n        c: 1\n"


def test_sort_moves_entries_with_their_comments_and_values() -> None:
    text = "top:\n  # z first\n  z: |\n    text\n\n  a: [1]\n"
    (edit,) = [e for _, _, e in sort_edits(text)]
    assert apply(text, [edit]) == "top:\n  a: [1]\n\n  # z first\n  z: |\n    text\n"


def test_sort_is_guarded_an_alias_before_its_anchor_is_not_written() -> None:
    text = "b: &x 1\na: *x\n"
    outcome = fix_text(text, resolve_settings({"select": ["Y202"]}))
    assert outcome.text == text and not outcome.refused


def test_sort_changes_only_the_order() -> None:
    text = "kind: Pod\napiVersion: v1\nmetadata:\n  name: x\n  labels: {b: 1}\n"
    outcome = fix_text(text, resolve_settings({"select": ["Y202"]}))
    assert outcome.text == "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {b: 1}\n  name: x\n"
    assert json.dumps(yaml.safe_load(outcome.text), sort_keys=True) == json.dumps(yaml.safe_load(text), sort_keys=True)
