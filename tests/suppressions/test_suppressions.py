"""Suppression comments, the yamlkit.io/ignore annotation, and the unused-suppression report (Y090)."""

from __future__ import annotations

import pytest

import yamlkit
from yamlkit import suppressions
from yamlkit.source import from_text

HEAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"


def codes(text: str, **config: object) -> list[tuple[str, int]]:
    config.setdefault("select", ["T", "Y005"])
    return [(f.code, f.line) for f in yamlkit.check(text, config=dict(config)).findings]


def test_without_comments_everything_is_reported() -> None:
    assert codes(HEAD + "data:\n  A: yes\n  B: 1.10\n") == [("T001", 6), ("T002", 7)]


@pytest.mark.parametrize("selector", ["T001", "t001", "boolean-in-string-field", "T", "T0", "T001,T002", "T002, T001"])
def test_disable_line_by_code_name_or_prefix(selector: str) -> None:
    text = HEAD + f"data:\n  A: yes  # yamlkit: disable-line={selector}\n  B: 1.10\n"
    assert codes(text) == [("T002", 7)]


def test_disable_line_without_list_silences_every_rule_on_that_line() -> None:
    text = HEAD + "data:\n  A: yes  # yamlkit: disable-line -- legacy value\n  B: 1.10\n"
    assert codes(text) == [("T002", 7)]


def test_disable_line_for_another_rule_silences_nothing() -> None:
    text = HEAD + "data:\n  A: yes  # yamlkit: disable-line=T002\n"
    assert codes(text) == [("T001", 6)]


def test_disable_next_line_skips_blank_and_comment_lines() -> None:
    text = HEAD + "data:\n  # yamlkit: disable-next-line=T001\n\n  # the legacy flag\n  A: yes\n  B: no\n"
    assert codes(text) == [("T001", 10)]


def test_disable_enable_block() -> None:
    text = HEAD + (
        "data:\n"
        "  # yamlkit: disable=T001\n"
        "  A: yes\n"
        "  B: no\n"
        "  C: 1.10\n"
        "  # yamlkit: enable=T001\n"
        "  D: on\n"
    )
    assert codes(text) == [("T002", 9), ("T001", 11)]


def test_disable_without_list_until_enable_without_list() -> None:
    text = HEAD + "data:\n  # yamlkit: disable\n  A: yes\n  B: 1.10\n  # yamlkit: enable\n  C: on\n"
    assert codes(text) == [("T001", 10)]


def test_enable_one_rule_inside_a_disable_everything_block() -> None:
    text = HEAD + "data:\n  # yamlkit: disable\n  # yamlkit: enable=T002\n  A: yes\n  B: 1.10\n"
    assert codes(text) == [("T002", 9)]


def test_disable_block_runs_to_the_end_of_the_file() -> None:
    text = HEAD + "data:\n  # yamlkit: disable=T0\n  A: yes\n---\n" + HEAD + "data:\n  B: 1.10\n"
    assert codes(text) == []


def test_disable_file_in_the_first_five_lines() -> None:
    text = "# generated file\n# yamlkit: disable-file=T001\n" + HEAD + "data:\n  A: yes\n  B: 1.10\n"
    assert codes(text) == [("T002", 9)]
    everything = "# yamlkit: disable-file\n" + HEAD + "data:\n  A: yes\n  B: 1.10\n"
    assert codes(everything) == []


def test_disable_file_after_line_five_has_no_effect_and_is_reported() -> None:
    text = HEAD + "data:\n  # yamlkit: disable-file\n  A: yes\n"
    assert codes(text) == [("T001", 7)]
    found = yamlkit.check(text, config={"select": ["T", "Y090"]}).findings
    assert [(f.code, f.line) for f in found] == [("Y090", 6), ("T001", 7)]
    assert "first 5 lines" in found[0].message


def test_directive_text_inside_a_string_is_not_a_comment() -> None:
    text = HEAD + 'data:\n  A: yes\n  B: "# yamlkit: disable-file"\n  C: |\n    # yamlkit: disable\n  D: on\n'
    assert codes(text) == [("T001", 6), ("T001", 10)]
    glued = from_text("url: http://x/#yamlkit: disable-line\n")  # no space before '#': part of the value
    assert suppressions.find_directives(glued) == []


def test_syntax_findings_can_be_suppressed_too() -> None:
    text = "a: 1\na: 2  # yamlkit: disable-line=duplicate-key\n"
    assert codes(text) == []


# -- annotation -------------------------------------------------------------------------------------
def test_annotation_silences_its_resource_only() -> None:
    first = HEAD.replace("  name: c\n", '  name: c\n  annotations:\n    yamlkit.io/ignore: "T001, T002 -- legacy app, see JIRA-12"\n')
    text = first + "data:\n  A: yes\n  B: 1.10\n---\n" + HEAD + "data:\n  A: yes\n"
    assert codes(text) == [("T001", 16)]


def test_annotation_by_name_and_all() -> None:
    text = HEAD.replace("  name: c\n", "  name: c\n  annotations: {yamlkit.io/ignore: number-in-string-field}\n")
    assert codes(text + "data:\n  A: yes\n  B: 1.10\n") == [("T001", 7)]
    text = HEAD.replace("  name: c\n", "  name: c\n  annotations: {yamlkit.io/ignore: all}\n")
    assert codes(text + "data:\n  A: yes\n  B: 1.10\n") == []


def test_annotation_on_a_list_item_covers_only_that_item() -> None:
    text = (
        "apiVersion: v1\nkind: List\nitems:\n"
        "  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n"
        "      annotations: {yamlkit.io/ignore: T001}\n    data: {A: yes}\n"
        "  - apiVersion: v1\n    kind: ConfigMap\n    metadata: {name: b}\n    data: {A: yes}\n"
    )
    assert codes(text) == [("T001", 13)]


def test_annotation_parsing() -> None:
    assert suppressions.parse_annotation("K101,K102 -- reason, with commas") == ["K101", "K102"]
    assert suppressions.parse_annotation("image-latest-tag  # because") == ["image-latest-tag"]
    assert suppressions.parse_annotation(" K101 K102; why ") == ["K101", "K102"]


# -- unused suppressions ----------------------------------------------------------------------------
def test_unused_suppressions_are_off_by_default() -> None:
    text = HEAD + "data:\n  A: fine  # yamlkit: disable-line=T001\n"
    assert codes(text) == []


def test_unused_suppressions_with_the_setting() -> None:
    text = HEAD + (
        "data:\n"
        "  A: fine  # yamlkit: disable-line=T001\n"
        "  B: yes  # yamlkit: disable-line=T001,T002\n"
        "  # yamlkit: disable-next-line=no-such-rule\n"
        "  C: ok\n"
        "  D: yes  # yamlkit: disable-line=T001\n"
    )
    found = yamlkit.check(text, config={"select": ["T"], "report_unused_suppressions": True}).findings
    assert [(f.code, f.line, f.column) for f in found] == [("Y090", 6, 12), ("Y090", 7, 11), ("Y090", 8, 3)]
    assert found[0].message == "unused suppression in `# yamlkit: disable-line`: T001 silences nothing"
    assert found[1].message.endswith("T002 silences nothing") and found[1].fix is None
    assert '"no-such-rule" is not a yamlkit rule' in found[2].message
    # the fix deletes a trailing comment, or the whole line when the comment stands alone
    fixed = text
    for f in sorted((f for f in found if f.fix), key=lambda f: -f.fix.edits[0].start):
        e = f.fix.edits[0]
        fixed = fixed[: e.start] + e.replacement + fixed[e.end :]
    assert "  A: fine\n" in fixed and "no-such-rule" not in fixed and "  C: ok\n" in fixed


def test_unused_report_names_rules_that_are_not_enabled() -> None:
    text = HEAD + "data:\n  A: yes  # yamlkit: disable-line=T001,K101\n"
    found = yamlkit.check(text, config={"select": ["T001", "Y090"]}).findings
    assert [(f.code, f.line) for f in found] == [("Y090", 6)]
    assert "K101 is not enabled" in found[0].message


def test_unused_annotation_and_unused_block_are_reported() -> None:
    text = HEAD.replace("  name: c\n", "  name: c\n  annotations: {yamlkit.io/ignore: T002}\n") + (
        "data:\n  # yamlkit: disable=T003\n  A: fine\n"
    )
    found = yamlkit.check(text, config={"select": ["T"], "report_unused_suppressions": True}).findings
    assert [(f.code, f.line) for f in found] == [("Y090", 5), ("Y090", 7)]
    assert "annotation" in found[0].message


def test_unused_report_can_be_ignored() -> None:
    text = HEAD + "data:\n  A: fine  # yamlkit: disable-line=T001\n"
    cfg = {"select": ["T"], "report_unused_suppressions": True, "ignore": ["Y090"]}
    assert yamlkit.check(text, config=cfg).findings == []


def test_cli_flag_reports_unused_suppressions(tmp_path) -> None:
    from typer.testing import CliRunner

    from yamlkit.cli import app

    path = tmp_path / "cm.yaml"
    path.write_text(HEAD + "data:\n  A: fine  # yamlkit: disable-line=T001\n")
    result = CliRunner().invoke(app, ["check", str(path), "--select", "T", "--report-unused-suppressions", "-q"])
    assert "Y090" in result.stdout, result.output
    result = CliRunner().invoke(app, ["check", str(path), "--select", "T", "-q"])
    assert "Y090" not in result.stdout


# -- the fast path -----------------------------------------------------------------------------------
def test_files_without_yamlkit_text_are_not_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("scanned for comments")

    monkeypatch.setattr(suppressions, "find_directives", boom)
    monkeypatch.setattr(suppressions, "find_annotations", boom)
    assert codes(HEAD + "data:\n  A: yes  # nothing to see\n") == [("T001", 6)]


def test_find_directives_positions() -> None:
    source = from_text("a: 1  # yamlkit: disable-line=K101, Y201\n# yamlkit:enable\nb: 2 # yamlkit: disable-next-line\nc: 3\n")
    got = [(d.kind, d.line, d.column, d.selectors, d.first) for d in suppressions.find_directives(source)]
    assert got == [
        ("disable-line", 1, 7, ["K101", "Y201"], 1),
        ("enable", 2, 1, [], 0),
        ("disable-next-line", 3, 6, [], 4),
    ]
