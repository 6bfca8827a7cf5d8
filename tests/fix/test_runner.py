"""The fix loop and its guard, edit application, and the text repairs, one case at a time."""

from __future__ import annotations

import pytest

from yamlkit.config import resolve_settings
from yamlkit.findings import Edit
from yamlkit.fixes import Candidate, Fixer, fix_text
from yamlkit.fixes import edits as edit_ops
from yamlkit.fixes.guard import changed_leaves, comments, snapshot
from yamlkit.fixes.indent import fix_misaligned, fix_tabs, indent_unit
from yamlkit.fixes.runner import intended


def settings(**overrides: object):
    return resolve_settings(dict(overrides))


# -- edits ------------------------------------------------------------------------------------
def test_select_skips_overlapping_fixes_and_keeps_the_first() -> None:
    a = ("a", (Edit(0, 3, "x"),))
    b = ("b", (Edit(2, 4, "y"),))
    c = ("c", (Edit(4, 4, "!"),))
    d = ("d", (Edit(4, 4, "?"),))  # same insertion point as c: waits for the next pass
    chosen = edit_ops.select([a, b, c, d], 10)
    assert [item for item, _ in chosen] == ["a", "c"]


def test_a_fix_is_all_or_nothing() -> None:
    whole = ("w", (Edit(0, 1, "x"), Edit(5, 6, "y")))
    blocker = ("b", (Edit(5, 6, "z"),))
    assert [i for i, _ in edit_ops.select([blocker, whole], 10)] == ["b"]
    assert edit_ops.select([("bad", (Edit(3, 20, ""),))], 10) == []


def test_apply_uses_original_offsets() -> None:
    assert edit_ops.apply("abcdef", [Edit(4, 5, "E"), Edit(0, 1, "AA")]) == "AAbcdEf"
    with pytest.raises(ValueError):
        edit_ops.apply("abc", [Edit(0, 2, ""), Edit(1, 3, "")])


# -- guard ------------------------------------------------------------------------------------
def test_intended_accepts_only_the_quoting_of_the_same_value() -> None:
    assert intended(True, "yes") and intended(1.1, "1.10") and intended(511, "0777") and intended(None, "~")
    assert not intended(True, "no") and not intended(1, "2") and not intended("a", "b")
    assert intended("yes", True) and not intended("maybe", True)


def test_changed_leaves_reports_paths_or_none_for_shape_changes() -> None:
    a, b = snapshot("a: yes\nb: [1]\n"), snapshot('a: "yes"\nb: [1]\n')
    assert changed_leaves(a, b) == [(0, "a", True, "yes")]
    assert changed_leaves(a, snapshot("a: yes\nb: [1, 2]\n")) is None
    assert changed_leaves(a, snapshot("b: [1]\na: yes\n")) is None  # key order is data too


def test_comments_are_found_but_not_hashes_in_strings_or_block_scalars() -> None:
    text = '# top\na: "#not" # one\nb: |\n  # content\nc: d#e\n# end\n'
    assert comments(text) == ["# top", "# one", "# end"]


# -- the loop ---------------------------------------------------------------------------------
def test_no_change_means_the_same_text_object_value() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
    outcome = fix_text(text, settings())
    assert not outcome.changed and outcome.applied == [] and outcome.problems == []


def test_a_safe_fix_that_changes_the_data_makes_fix_refuse_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: 1\nb: 2 \n"
    bad = Candidate(code="Y999", rule="bad-rule", title="change a value", edits=(Edit(3, 4, "5"),), origin="rule")
    fixer = Fixer(settings())
    monkeypatch.setattr(fixer, "_candidates", lambda *args: [bad])
    outcome = fixer.fix(text, "f.yaml")
    assert outcome.text == text and outcome.refused and outcome.applied == []
    assert [p.code for p in outcome.problems] == ["X001"]
    assert "Y999" in outcome.problems[0].message


def test_a_fix_that_drops_a_comment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: 1 # keep me\n"
    bad = Candidate(code="Y998", rule="bad-rule", title="drop", edits=(Edit(4, 14, ""),), origin="rule")
    fixer = Fixer(settings())
    calls = iter([[bad]])
    monkeypatch.setattr(fixer, "_candidates", lambda *args: next(calls, []))
    outcome = fixer.fix(text, "f.yaml")
    assert outcome.text == text and outcome.refused
    assert outcome.problems[0].code == "X001" and "comment" in outcome.problems[0].message


def test_a_trap_fix_may_change_only_its_own_value(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: yes\nb: no\n"
    sneaky = Candidate(code="T001", rule="trap", title="quote", edits=(Edit(3, 6, '"yes"'), Edit(10, 12, '"no"')),
                       origin="rule", value_change=True, path="a", document=0)
    fixer = Fixer(settings())
    monkeypatch.setattr(fixer, "_candidates", lambda *args: [sneaky])
    outcome = fixer.fix(text, "f.yaml")
    assert outcome.refused and outcome.text == text


def test_unsafe_fixes_need_the_flag_and_still_may_not_change_data() -> None:
    text = "a: |\n  kept   \n"
    assert not fix_text(text, settings(select=["Y102"])).changed
    outcome = fix_text(text, settings(select=["Y102"]), unsafe=True)
    assert not outcome.changed and not outcome.refused
    assert outcome.problems and all(p.severity.value == "info" for p in outcome.problems)


def test_select_and_ignore_choose_the_fixes() -> None:
    text = "a:\n\tb: 1   \n"
    only_tabs = fix_text(text, settings(select=["Y001"]))
    assert only_tabs.text == "a:\n  b: 1   \n"
    no_tabs = fix_text(text, settings(ignore=["Y001"]))
    assert no_tabs.text == text  # does not parse without the tab fix: nothing is touched
    everything = fix_text(text, settings())
    assert everything.text == "a:\n  b: 1\n"


def test_a_file_that_does_not_parse_is_left_alone_and_reported() -> None:
    text = "a: [1, 2\nb:   \n"
    outcome = fix_text(text, settings())
    assert outcome.text == text and outcome.problems


def test_conflicting_fixes_are_applied_over_several_passes() -> None:
    text = "a: 1   \n\n\n\n\n"  # trailing spaces and extra blank lines at the end
    outcome = fix_text(text, settings())
    assert outcome.text == "a: 1\n"
    assert fix_text(outcome.text, settings()).text == outcome.text


# -- repairs ----------------------------------------------------------------------------------
def test_indent_unit_is_the_most_common_step() -> None:
    assert indent_unit("a:\n    b:\n        c: 1\n") == 4
    assert indent_unit("a:\n  - b: 1\n    c: 2\n") == 2
    assert indent_unit("a: 1\n") == 2


def test_tabs_choose_the_width_that_fits_the_surrounding_indentation() -> None:
    text = "a:\n    b: 1\n\tc: 2\n"  # only a TAB of 4 (the file's step) parses
    repair = fix_tabs(text)
    assert repair is not None and repair.note is None
    assert repair.text == "a:\n    b: 1\n    c: 2\n"
    # A TAB of 4 or of 8 both parse here, to different data: not fixed.
    repair = fix_tabs("a:\n    b:\n        c: 1\n\td: 2\n")
    assert repair is not None and repair.note


def test_ambiguous_tabs_are_not_fixed() -> None:
    repair = fix_tabs("a:\n  b:\n\tc: 1\n")
    assert repair is not None and repair.note and "ambiguous" in repair.note


def test_tabs_inside_block_scalars_are_content() -> None:
    text = "a: |\n  x\n  \ty\nb:\n\tc: 1\n"
    outcome = fix_text(text, settings())
    assert outcome.text == "a: |\n  x\n  \ty\nb:\n  c: 1\n"


def test_misaligned_line_is_fixed_only_when_one_reading_parses() -> None:
    fixed = fix_misaligned("a:\n  - b: 1\n   c: 2\n")
    assert fixed is not None and fixed.note is None and fixed.text == "a:\n  - b: 1\n    c: 2\n"
    ambiguous = fix_misaligned("a:\n  b:\n    c: 1\n   d: 2\n")
    assert ambiguous is not None and ambiguous.note and ambiguous.text == "a:\n  b:\n    c: 1\n   d: 2\n"
    assert fix_misaligned("a: 1\n") is None


def test_suppressed_findings_are_not_fixed() -> None:
    text = "a: 1 # yamlkit: disable-line=trailing-spaces   \nb: 2   \n"
    fixed = fix_text(text, settings(select=["Y102"])).text
    assert fixed == "a: 1 # yamlkit: disable-line=trailing-spaces   \nb: 2\n"
