"""YAML errors become findings with a code, a place, a plain message and a hint."""

from pathlib import Path

from tests.conftest import codes_at, run_check

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def syntax(text):
    return run_check(text, select=["Y0"])


def test_every_tab_indented_line_is_reported_with_its_column():
    text = "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\nspec:\n\tcontainers:\n\t\t- name: c\n"
    found = syntax(text)
    assert codes_at(found) == [("Y001", 4, 1), ("Y001", 6, 1), ("Y001", 7, 1)]
    assert "TAB" in found[0].message
    assert "2 spaces" in found[0].hint and "4 spaces" in found[2].hint


def test_tabs_inside_scalars_and_after_content_are_not_errors():
    text = 'a: "x\ty"\nb: |\n  line\twith tab\nc: 1\t# comment\n'
    assert syntax(text) == []


def test_tab_after_indentation_spaces_is_reported_at_the_tab():
    found = syntax("a:\n  b: 1\n  \tc: 2\n")
    assert [(f.code, f.line, f.column) for f in found] == [("Y001", 3, 3)]


def test_misaligned_sibling_names_the_line_to_align_with():
    found = syntax("spec:\n  containers:\n    - name: web\n     image: nginx\n")
    assert [(f.code, f.line) for f in found] == [("Y006", 4)]
    assert "`name` on line 3 starts at column 7" in found[0].message
    assert "column 6" in found[0].message


def test_key_indented_under_a_scalar_value():
    found = syntax("metadata:\n  name: web\n   labels: {}\n")
    assert [(f.code, f.line) for f in found] == [("Y006", 3)]
    assert "already has a value" in found[0].message


def test_lost_line_break_run_together_key():
    found = run_check("apiVersion: v1\nkind: Pod\nmetadata:name: nginx-pod\n", select=["Y0"])
    assert codes_at(found) == [("Y016", 3, 1)]
    assert "`metadata:` and `name:`" in found[0].message


def test_second_colon_on_a_line():
    found = syntax("image: nginx\nmetadata: name: web\n")
    assert [(f.code, f.line) for f in found] == [("Y012", 2)]
    assert "quote" in found[0].hint


def test_unclosed_quote_points_where_it_opened():
    found = syntax('a: 1\nb: "never closed\nc: 2\n')
    assert [(f.code, f.line, f.column) for f in found] == [("Y010", 2, 4)]
    assert "opened on line 2" in found[0].message


def test_unclosed_bracket_points_where_it_opened():
    found = syntax("args: [--port, 8080\nname: x\n")
    assert [(f.code, f.line, f.column) for f in found] == [("Y011", 1, 7)]


def test_duplicate_keys_point_at_both_places():
    found = syntax("metadata:\n  name: a\n  labels: {}\n  name: b\n")
    assert codes_at(found) == [("Y005", 4, 3)]
    assert "line 2, column 3" in found[0].message
    assert found[0].related == ("<string>:2:3",)


def test_other_documents_are_still_checked_after_a_broken_one():
    text = "a: 1\n---\nb: [\n---\nc: 1\nc: 2\n"
    found = syntax(text)
    assert [(f.code, f.line) for f in found] == [("Y011", 3), ("Y005", 6)]
    assert all(f.severity.value == "error" for f in found)


def test_findings_carry_every_field():
    finding = syntax("a:\n\tb: 1\n")[0]
    assert finding.code == "Y001" and finding.rule == "tab-indentation"
    assert finding.severity.value == "error"
    assert (finding.file, finding.line, finding.column) == ("<string>", 2, 1)
    assert finding.hint and finding.message


def test_tab_sample_gives_one_finding_per_tab_line():
    found = run_check(str(SAMPLES / "broken" / "pod-tabs.yaml"), select=["Y0"])
    assert codes_at(found) == [("Y001", 4, 1), ("Y001", 6, 1), ("Y001", 7, 1), ("Y001", 8, 1)]


def test_misaligned_sample_points_at_the_misaligned_line():
    found = run_check(str(SAMPLES / "broken" / "deployment-misaligned.yaml"), select=["Y0"])
    assert codes_at(found) == [("Y006", 18, 10)]


def test_control_characters_are_found_in_ascii_and_unicode_text():
    cases = {
        "a: 1\nb: x\x0by\n": (2, 5, "U+000B"),
        "a: 1\x7f\n": (1, 5, "U+007F"),
        "a: café\nb: \x86\n": (2, 4, "U+0086"),
        "é: \ufffe\n": (1, 4, "U+FFFE"),
    }
    for text, (line, column, name) in cases.items():
        found = syntax(text)
        assert codes_at(found) == [("Y017", line, column)], text
        assert name in found[0].message
    assert syntax("a: 'tab\there'\r\nb: café \u2028 \x85 \U0001F600\n") == []


def test_nesting_limit_counts_brackets_indentation_and_items_exactly():
    from yamlkit.parse import Limits
    from yamlkit.source import SourceFile
    from yamlkit.syntax import nesting_too_deep

    def deep(text, max_depth=5):
        problem = nesting_too_deep(SourceFile("f", text), max_depth)
        return None if problem is None else (problem.line, problem.column)

    assert deep("x: [[[[[1]]]]]" + " " * 9) is None
    assert deep("x: [[[[[[1]]]]]]" + " " * 9) == (1, 9)
    assert deep("x: [1], [2], [3], [4], [5], [6]") is None  # many brackets, none deep
    assert deep("a:\n" + " " * 10 + "b: 1\n") is None
    assert deep("a:\n" + " " * 11 + "b: 1\n") == (2, 1)
    assert deep("- - - - - x\n") is None
    assert deep("k: v\n- - - - - - x\n") == (2, 1)
    assert nesting_too_deep(SourceFile("f", "- " * 600 + "x"), Limits().max_depth) is None


def test_the_one_pass_screen_finds_what_the_two_separate_checks_find():
    from yamlkit.source import SourceFile
    from yamlkit.syntax import invalid_character, nesting_too_deep, unparsable

    def found(problem):
        return None if problem is None else (problem.code, problem.line, problem.column)

    manifest = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a-b-c\ndata:\n  k: '[x]'\n"
    texts = [
        manifest,
        manifest + "  bad: x\x0by\n",  # a forbidden character
        manifest * 3,  # more dashes than max_depth, not nested
        "- " * 7 + "x\n" + "#" * 20,  # nested too deep by items
        "x: " + "[" * 7 + "1" + "]" * 7 + " " * 10,  # ... by brackets
        "a:\n" + " " * 13 + "b: 1\n",  # ... by indentation
        "- " * 7 + "\x01\n",  # both: the character comes first
        "é: [[[[[[[1]]]]]]]\n",  # non-ASCII text takes the separate checks
        "a: 1\n",  # shorter than max_depth
    ]
    for text in texts:
        source = SourceFile("f", text)
        expected = invalid_character(source) or nesting_too_deep(source, 6)
        assert found(unparsable(source, 6)) == found(expected), text
    assert found(unparsable(SourceFile("f", texts[1]), 6))[0] == "Y017"
    assert [found(unparsable(SourceFile("f", t), 6))[0] for t in texts[3:6]] == ["Y007"] * 3
