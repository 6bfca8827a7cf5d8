"""Every key, value and list item maps to a 1-based line and column in the file."""

from yamlkit.document import format_path
from yamlkit.parse import parse
from yamlkit.source import decode, from_text

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.25
      ports:
        - containerPort: 80
"""


def spans(text, path, at="value"):
    doc = parse(from_text(text)).documents[0]
    span, exact = doc.locate(path, at)
    return (span.line, span.column), exact


def test_values_keys_and_list_items_have_file_positions():
    assert spans(POD, ("spec", "containers", 0, "image")) == ((8, 14), True)
    assert spans(POD, ("spec", "containers", 0, "image"), at="key") == ((8, 7), True)
    assert spans(POD, ("spec", "containers", 0)) == ((7, 7), True)
    assert spans(POD, ("spec", "containers", 0, "ports", 0, "containerPort")) == ((10, 26), True)


def test_missing_path_points_at_nearest_parent_key():
    (line, column), exact = spans(POD, ("spec", "containers", 0, "resources", "limits"))
    assert not exact
    assert (line, column) == (7, 7)  # the container item


def test_positions_are_file_lines_in_multi_document_streams():
    text = "a: 1\n---\n# two\nb:\n  c: 2\n---\nd: [x, y]\n"
    docs = parse(from_text(text)).documents
    assert [d.index for d in docs] == [0, 1, 2]
    assert docs[1].locate(("b", "c"))[0].line == 5
    assert docs[2].locate(("d", 1))[0].line == 7
    assert docs[2].locate(("d", 1))[0].column == 8


def test_columns_count_characters_not_bytes():
    text = "a: é\nbé: [1, xx]\n"
    assert spans(text, ("bé", 1)) == ((2, 9), True)


def test_bom_and_crlf():
    source = decode("f.yaml", b"\xef\xbb\xbfa: 1\r\nb:\r\n  - c\r\n")
    doc = parse(source).documents[0]
    assert doc.data == {"a": 1, "b": ["c"]}
    assert (doc.locate(("b", 0))[0].line, doc.locate(("b", 0))[0].column) == (3, 5)
    assert source.line_text(2) == "b:"


def test_empty_inputs_have_no_documents():
    for text in ("", "# only a comment\n", "---\n", "---\n...\n"):
        parsed = parse(from_text(text))
        assert [d for d in parsed.documents if not d.is_empty] == []
        assert parsed.problems == []


def test_format_path_is_api_server_style():
    assert format_path(("spec", "template", "spec", "containers", 0, "ports", 1, "containerPort")) == (
        "spec.template.spec.containers[0].ports[1].containerPort"
    )
    assert format_path(("items", 2, "spec")) == "items[2].spec"


def test_the_last_duplicate_key_and_merged_keys_are_located_as_the_data_sees_them():
    text = (
        "base: &base {image: a, port: 1}\n"
        "other: &other {image: b, size: 2}\n"
        "web:\n"
        "  <<: [*base, *other]\n"
        "  port: 8\n"
        "  port: 9\n"
        "job:\n"
        "  image: c\n"
        "  <<: *other\n"
        "  <<: *base\n"
    )
    doc = parse(from_text(text)).documents[0]
    assert doc.data["web"] == {"image": "a", "port": 9, "size": 2}
    assert doc.data["job"] == {"image": "c", "size": 2, "port": 1}

    def at(*path):
        span, exact = doc.locate(path)
        return span.line, span.column, exact

    assert at("web", "port") == (6, 9, True)  # the second `port` wins
    assert at("web", "image") == (1, 21, True)  # merged from base, the first merge that has it
    assert at("web", "size") == (2, 32, True)  # ... from other
    assert at("job", "image") == (8, 10, True)  # written beats merged
    assert at("job", "size") == (2, 32, True) and at("job", "port") == (1, 30, True)
    assert at("job", "missing") == (7, 1, False)
