"""Each style rule, firing and not firing (yamllint-style ``check(src, options, expect)``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import yamlkit
from yamlkit.findings import Severity

from .helpers import apply_fixes, check, findings


# -- Y101 indentation -------------------------------------------------------------------------

def test_indentation_consistent_width():
    check("indentation", "a:\n  b: 1\n  c:\n    d: 2\n")
    check("indentation", "a:\n    b: 1\n    c:\n        d: 2\n")
    check("indentation", "a:\n  b:\n     c: 1\n", expect=[(3, 6)])
    check("indentation", "a:\n  b: 1\nc:\n    d: 2\n", expect=[(4, 5)])


def test_indentation_sequences_default_accepts_both_styles_once_per_file():
    flush = "spec:\n  containers:\n  - name: a\n    image: b\n"
    indented = "spec:\n  containers:\n    - name: a\n      image: b\n"
    check("indentation", flush)
    check("indentation", indented)
    check("indentation", flush + "  volumes:\n    - name: v\n", expect=[(6, 5)])


@pytest.mark.parametrize(
    ("value", "flush", "indented"),
    [(True, [(2, 1)], []), (False, [], [(2, 3)]), ("whatever", [], []), ("consistent", [], [])],
)
def test_indentation_indent_sequences_option(value, flush, indented):
    check("indentation", "a:\n- x\n- y\n", {"indent-sequences": value}, expect=flush)
    check("indentation", "a:\n  - x\n  - y\n", {"indent-sequences": value}, expect=indented)


def test_indentation_fixed_spaces_and_flow():
    check("indentation", "a:\n  b: 1\n", {"spaces": 4}, expect=[(2, 3)])
    check("indentation", "a: [\n  1,\n  2\n]\nb: {\n  x: 1\n}\n")
    check("indentation", "a: [\n  1,\n    2\n]\n", expect=[(3, 5)])


def test_indentation_multi_line_strings_option():
    src = "a: |\n    x\n     y\nb: plain\n  more\n"
    check("indentation", src)
    check("indentation", src, {"check-multi-line-strings": True, "spaces": 2}, expect=[(2, 5), (3, 6), (5, 3)])


# -- Y102 trailing-spaces ---------------------------------------------------------------------

def test_trailing_spaces():
    check("trailing-spaces", "a: 1\nb: 2\n")
    check("trailing-spaces", "a: 1  \nb: 2\t\n# c \n", expect=[(1, 5), (2, 5), (3, 4)])
    check("trailing-spaces", "a: 1 \r\n", expect=[(1, 5)])
    check("trailing-spaces", "a: 1 ", expect=[(1, 5)])


def test_trailing_spaces_fix_is_unsafe_inside_block_scalars():
    src = "a: 1  \nb: |\n  text  \n"
    found = check("trailing-spaces", src, expect=[(1, 5), (3, 7)])
    assert [f.fix.safe for f in found] == [True, False]
    assert apply_fixes(src, found) == "a: 1\nb: |\n  text  \n"
    assert apply_fixes(src, found, safe_only=False) == "a: 1\nb: |\n  text\n"


# -- Y103 line-length -------------------------------------------------------------------------

def test_line_length_default_is_120():
    check("line-length", "a: " + "word " * 23 + "\n")  # 118 characters
    check("line-length", "a: " + "word " * 25 + "\n", expect=[(1, 121)])


def test_line_length_non_breakable_words():
    url = "https://example.com/" + "x" * 100
    check("line-length", f"a:\n  - {url}\n  # {url}\n  {url}:\n", {"max": 80})
    check("line-length", f"key: {url}\n", {"max": 80}, expect=[(1, 81)])
    check("line-length", f"key: {url}\n", {"max": 80, "allow-non-breakable-inline-mappings": True})
    check("line-length", f"- {url}\n", {"max": 80, "allow-non-breakable-words": False}, expect=[(1, 81)])


def test_line_length_ignores_the_carriage_return():
    check("line-length", "a: " + "b" * 77 + "\r\n", {"max": 80})
    check("line-length", "a: b " + "b" * 76 + "\r\n", {"max": 80}, expect=[(1, 81)])


# -- Y104 empty-lines -------------------------------------------------------------------------

def test_empty_lines():
    check("empty-lines", "a: 1\n\n\nb: 2\n")
    check("empty-lines", "a: 1\n\n\n\nb: 2\n", expect=[(4, 1)])
    check("empty-lines", "\na: 1\n", expect=[(1, 1)])
    check("empty-lines", "a: 1\n\n", expect=[(2, 1)])
    check("empty-lines", "\n")
    check("empty-lines", "a: 1\r\n\r\n\r\n\r\nb: 2\r\n", expect=[(4, 1)])
    check("empty-lines", "\n\na: 1\n\n", {"max-start": 2, "max-end": 1})


def test_empty_lines_fix():
    src = "\n\na: 1\n\n\n\n\nb: 2\n\n\n"
    found = check("empty-lines", src, expect=[(2, 1), (7, 1), (10, 1)])
    assert apply_fixes(src, found) == "a: 1\n\n\nb: 2\n"
    found = check("empty-lines", src, {"max": 1, "max-start": 1, "max-end": 1}, expect=[(2, 1), (7, 1), (10, 1)])
    assert apply_fixes(src, found) == "\na: 1\n\nb: 2\n\n"


# -- Y105 new-line-at-end-of-file / Y106 new-lines --------------------------------------------

def test_new_line_at_end_of_file():
    check("new-line-at-end-of-file", "a: 1\n")
    check("new-line-at-end-of-file", "")
    found = check("new-line-at-end-of-file", "a: 1\nb: 2", expect=[(2, 5)])
    assert apply_fixes("a: 1\nb: 2", found) == "a: 1\nb: 2\n"
    found = check("new-line-at-end-of-file", "a: 1\r\nb: 2", expect=[(2, 5)])
    assert apply_fixes("a: 1\r\nb: 2", found) == "a: 1\r\nb: 2\r\n"


def test_new_lines():
    check("new-lines", "a: 1\nb: 2\n")
    found = check("new-lines", "a: 1\r\nb: 2\r\n", expect=[(1, 5)])
    assert apply_fixes("a: 1\r\nb: 2\r\n", found) == "a: 1\nb: 2\n"
    check("new-lines", "a: 1\r\n", {"type": "dos"})
    found = check("new-lines", "a: 1\nb: 2\n", {"type": "dos"}, expect=[(1, 5)])
    assert apply_fixes("a: 1\nb: 2\n", found) == "a: 1\r\nb: 2\r\n"
    with pytest.raises(ValueError):
        check("new-lines", "a: 1\n", {"type": "mac"})


# -- Y107 document-start / Y108 document-end --------------------------------------------------

def test_document_start_is_off_by_default():
    assert not [f for f in yamlkit.check("a: 1\n").findings if f.code == "Y107"]


def test_document_start():
    check("document-start", "---\na: 1\n")
    found = check("document-start", "# c\na: 1\n---\nb: 2\n", expect=[(2, 1)])
    assert apply_fixes("# c\na: 1\n---\nb: 2\n", found) == "# c\n---\na: 1\n---\nb: 2\n"
    found = check("document-start", "---\na: 1\n---\nb: 2\n", {"present": False}, expect=[(1, 1), (3, 1)])
    assert [f.fix is not None for f in found] == [True, False]  # deleting the 2nd would merge documents
    assert apply_fixes("---\na: 1\n---\nb: 2\n", found) == "a: 1\n---\nb: 2\n"


def test_document_end():
    check("document-end", "---\na: 1\n...\n")
    src = "---\na: 1\n---\nb: 2\n"
    found = check("document-end", src, expect=[(3, 1), (4, 1)])
    assert apply_fixes(src, found) == "---\na: 1\n...\n---\nb: 2\n...\n"
    found = check("document-end", "a: 1\n...\n---\nb: 2\n...\n", {"present": False}, expect=[(2, 1), (5, 1)])
    assert apply_fixes("a: 1\n...\n---\nb: 2\n...\n", found) == "a: 1\n---\nb: 2\n"


# -- Y109 comments / Y110 comments-indentation ------------------------------------------------

def test_comments():
    check("comments", "# fine\na: 1  # fine\n##\n#\n")
    src = "#!/bin/sh\n#bad\na: 1 # close\nb: 2 #both\nc: [3]# glued\n"
    found = check("comments", src, expect=[(2, 2), (4, 7), (5, 7)])
    assert apply_fixes(src, found) == "#!/bin/sh\n# bad\na: 1 # close\nb: 2 # both\nc: [3] # glued\n"
    found = check("comments", src, {"min-spaces-from-content": 2}, expect=[(2, 2), (3, 6), (4, 6), (4, 7), (5, 7)])
    assert apply_fixes(src, found) == "#!/bin/sh\n# bad\na: 1  # close\nb: 2  # both\nc: [3]  # glued\n"
    check("comments", "#!/bin/sh\n", {"ignore-shebangs": False}, expect=[(1, 2)])
    check("comments", "a: 1 #x\n", {"require-starting-space": False, "min-spaces-from-content": 1})


def test_comments_ignore_hash_inside_scalars():
    check("comments", 'a: "x #y"\nb: x#y\nc: |\n  #not a comment\n')


def test_comments_indentation():
    check("comments-indentation", "a:\n  # ok\n  b: 1\n# ok\nc: 2\n")
    check("comments-indentation", "a:\n  b: 1\n      # bad\nc: 2\n", expect=[(3, 7)])
    check("comments-indentation", "a:\n  - 1\n# back\n    # then deeper\nb: 2\n", expect=[(4, 5)])
    check("comments-indentation", " # first\na: 1\n", expect=[(1, 2)])


# -- Y111 hyphens / Y112 colons / Y113 commas / Y114 braces / Y115 brackets ---------------------

def test_hyphens():
    check("hyphens", "- a\n-  b\n", expect=[(2, 3)])
    check("hyphens", "-   a\n", {"max-spaces-after": 3})
    found = check("hyphens", "-   a: 1\n    b: 2\n-  c\n", expect=[(1, 4), (3, 3)])
    assert [f.fix.safe for f in found] == [False, True]


def test_colons():
    check("colons", "a: 1\nb: {c: 1}\n? d\n: e\n")
    src = "a :  1\nb:   {c : 2}\n"
    found = check("colons", src, expect=[(1, 2), (1, 5), (2, 5), (2, 8)])
    assert apply_fixes(src, found) == "a: 1\nb: {c: 2}\n"
    check("colons", "a :  1\n", {"max-spaces-before": 1, "max-spaces-after": 2})
    check("colons", "?  a\n: b\n", expect=[(1, 3)])
    check("colons", "&x a: 1\n*x : 2\n")


def test_commas():
    check("commas", "a: [1, 2]\nb: {x: 1, y: 2}\n")
    src = "a: [1 ,2,   3]\n"
    found = check("commas", src, expect=[(1, 6), (1, 8), (1, 12)])
    assert apply_fixes(src, found) == "a: [1, 2, 3]\n"
    check("commas", "a: [1\n  , 2]\n", expect=[(2, 2)])
    check("commas", "a: [1,2]\n", {"min-spaces-after": 0})


def test_braces():
    check("braces", "a: {x: 1}\nb: {}\n")
    src = "a: { x: 1 }\n"
    found = check("braces", src, expect=[(1, 5), (1, 10)])
    assert apply_fixes(src, found) == "a: {x: 1}\n"
    check("braces", "a: {x: 1}\n", {"min-spaces-inside": 1, "max-spaces-inside": 1}, expect=[(1, 5), (1, 9)])
    check("braces", "a: {x: 1}\nb: {}\n", {"forbid": True}, expect=[(1, 5), (2, 5)])
    check("braces", "a: {x: 1}\nb: {}\n", {"forbid": "non-empty"}, expect=[(1, 5)])
    check("braces", "a: { }\n", {"max-spaces-inside-empty": 0}, expect=[(1, 5)])


def test_brackets():
    check("brackets", "a: [1]\nb: []\n")
    check("brackets", "a: [ 1 ]\n", expect=[(1, 5), (1, 7)])
    check("brackets", "a: [1]\n", {"forbid": True}, expect=[(1, 5)])
    check("brackets", "a: []\n", {"min-spaces-inside-empty": 1, "max-spaces-inside-empty": 1}, expect=[(1, 5)])


# -- Y2xx -------------------------------------------------------------------------------------

def test_empty_values():
    check("empty-values", "a: 1\nb: []\n")
    check("empty-values", "a:\nb: 1\nc: {x: , y: 1}\nd:\n  -\n  - 1\n", expect=[(1, 3), (3, 7), (5, 4)])
    check("empty-values", "a:\nb: 1\n", {"forbid-in-block-mappings": False})


def test_key_ordering():
    check("key-ordering", "a: 1\nb: 2\nc: {d: 1, e: 2}\n")
    check("key-ordering", "b: 1\na: 2\nc:\n  z: 1\n  y: 2\n", expect=[(2, 1), (5, 3)])
    check("key-ordering", "b: 1\na: 2\n", {"ignored-keys": ["^a$"]})
    check("key-ordering", "- b: 1\n- a: 1\n")


def test_octal_values():
    check("octal-values", 'a: "0644"\nb: 644\nc: 0\nd: !!str 0644\ne: 0999\n')
    check("octal-values", "a: 0644\nb: 0o644\n", expect=[(1, 8), (2, 9)])
    check("octal-values", "a: 0644\nb: 0o644\n", {"forbid-implicit-octal": False}, expect=[(2, 9)])


def test_float_values():
    src = "a: .5\nb: 1e3\nc: .nan\nd: -.inf\ne: 0.5\n"
    check("float-values", src, expect=[(3, 4), (4, 4)])  # NaN and infinities by default
    check("float-values", src, {"forbid-nan": False, "forbid-inf": False})
    opts = {"require-numeral-before-decimal": True, "forbid-scientific-notation": True,
            "forbid-nan": True, "forbid-inf": True}
    check("float-values", src, opts, expect=[(1, 4), (2, 4), (3, 4), (4, 4)])


def test_quoted_strings():
    check("quoted-strings", 'a: "x"\nb: 1\nc: true\nd: |\n  x\n')
    check("quoted-strings", "a: x\nb: 'y'\n", expect=[(1, 4)])
    check("quoted-strings", "a: x\nb: 'y'\n", {"quote-type": "double"}, expect=[(1, 4), (2, 4)])
    opts = {"required": "only-when-needed"}
    check("quoted-strings", 'a: "x"\nb: "1"\nc: "a: b"\nd: x\n', opts, expect=[(1, 4)])
    check("quoted-strings", "a: x\nb: http://x\n", {"required": False, "extra-required": ["^http"]},
          expect=[(2, 4)])
    check("quoted-strings", "a: x\n", {"check-keys": True}, expect=[(1, 1), (1, 4)])


def test_anchors():
    check("anchors", "a: &x 1\nb: *x\n")
    check("anchors", "a: &x 1\nb: &x 2\nc: &y 3\nd: *x\n", expect=[(2, 4), (3, 4)])
    check("anchors", "a: &x 1\n---\nb: &y 2\nc: *y\n", expect=[(1, 4)])
    # undeclared aliases: the parser's Y004, unless the option is on
    check("anchors", "a: *x\nb: &x 1\n", expect=[(2, 4)])
    opts = {"forbid-undeclared-aliases": True, "forbid-unused-anchors": False}
    found = check("anchors", "a: *x\nb: &x 1\n", opts, expect=[(1, 4)])
    assert found[0].severity is Severity.ERROR
    check("anchors", "a: &x 1\n---\nb: *x\n", opts, expect=[(3, 4)])


def test_truthy():
    check("truthy", 'a: true\nb: false\nc: "yes"\nd: !!bool yes\non: 1\n')
    found = check("truthy", "a: yes\nb: Off\nc: [no, True]\n", expect=[(1, 4), (2, 4), (3, 5), (3, 9)])
    assert all(f.severity is Severity.WARNING for f in found)
    check("truthy", "on: 1\nyes: 2\n", {"check-keys": True}, expect=[(1, 1), (2, 1)])
    check("truthy", "a: yes\nb: no\n", {"allowed-values": ["yes", "no", "true", "false"]})
    check("truthy", "%YAML 1.2\n---\na: yes\nb: True\n", expect=[(4, 4)])
    with pytest.raises(ValueError):
        check("truthy", "a: 1\n", {"allowed-values": ["maybe"]})


def test_key_duplicates_is_y005_not_a_style_rule():
    from yamlkit.rules import load_rules, lookup

    load_rules()
    assert lookup("key-duplicates") is None
    report = yamlkit.check("---\na: 1\na: 2\n...\n", config={"select": ["Y"]})
    assert [(f.code, f.line, f.column) for f in report.findings] == [("Y005", 3, 1)]


def test_style_findings_are_warnings_and_do_not_fail_a_check():
    src = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name:   x  \ndata: {a: yes}"
    report = yamlkit.check(src, config={"select": ["Y1", "Y2"]})
    assert report.findings
    assert all(f.severity is Severity.WARNING for f in report.findings)
    assert report.exit_code() == 0


def test_rules_survive_broken_yaml():
    for src in ["a: [1, 2\nb: 3\n", "a: 'x\n", "- a\nb: 1\n", "a:\n\t- b\n", "? [\n", "%YAML 1.2\n"]:
        report = yamlkit.check(src, config={"select": ["Y"]})
        assert not [f for f in report.findings if f.code == "X001"], src


def test_one_scan_per_file_is_shared():
    from yamlkit.rules.base import RuleContext
    from yamlkit.rules.style._scan import scan_of
    from yamlkit.source import from_text

    ctx = RuleContext()
    a, b = from_text("a: 1\n"), from_text("b: 2\n")
    assert scan_of(ctx, a) is scan_of(ctx, a)
    assert scan_of(ctx, b).source is b
    assert len(ctx.cache) == 1


def test_findings_helper_reports_only_that_rule():
    assert findings("Y112", "a :  1\n") and not findings("Y102", "a :  1\n")


def test_json_files_are_not_style_checked(tmp_path):
    src = '{\n    "kind": "Pod",\n    "metadata": { "name": "x" }\n}'
    (tmp_path / "pod.json").write_text(src)
    (tmp_path / "pod.yaml").write_text(src)
    report = yamlkit.check(str(tmp_path), config={"select": ["Y1", "Y2"]})
    files = {Path(f.file).name for f in report.findings}
    assert files == {"pod.yaml"}
