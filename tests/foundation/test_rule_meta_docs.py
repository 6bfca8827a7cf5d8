"""A rule's documentation is stored as written (or written on first read) and cleaned on first
use, with a fast dedent."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yamlkit.rules import base
from yamlkit.rules import load_rules
from yamlkit.rules.apiserver._common import _doc
from yamlkit.rules.base import Scope, WrittenDoc, clean_doc, dedent, emitted, rule


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setattr(base, "REGISTRY", {})
    monkeypatch.setattr(base, "_BY_NAME", {})
    return base.REGISTRY


def test_rule_keeps_the_docstring_and_cleans_it_on_use(registry: dict) -> None:
    @rule("Z901", "doc-test-rule", scope=Scope.TEXT)
    def check(ctx, source):
        """Summary line.

        ## What it does
        \tkeeps a TAB
        """
        yield from ()

    meta = registry["Z901"]
    assert meta.docstring == check.__doc__
    assert meta.doc == "Summary line.\n\n## What it does\n\tkeeps a TAB"
    assert meta.summary == "Summary line."
    assert meta.doc is meta.doc  # cleaned once


def test_emitted_codes_are_documented_the_same_way(registry: dict) -> None:
    meta = emitted("Z902", "doc-test-emitted", """
        Reported by another rule.

        ## Why is this bad?
        Because.
        """)
    assert meta.doc == clean_doc(meta.docstring) == "Reported by another rule.\n\n## Why is this bad?\nBecause."
    assert meta.summary == "Reported by another rule."


def test_a_written_doc_is_written_on_first_read_once(registry: dict) -> None:
    parts: list[str] = []

    def write(summary: str, why: str) -> str:
        parts.append(summary)
        return f"{summary}\n\n## Why is this bad?\n{why}\n"

    @rule("Z903", "doc-test-written", scope=Scope.TEXT, doc=WrittenDoc(write, "Summary.", "Because."))
    def check(ctx, source):
        yield from ()

    meta = registry["Z903"]
    assert parts == []  # registering writes nothing
    assert meta.doc == "Summary.\n\n## Why is this bad?\nBecause." and meta.summary == "Summary."
    assert meta.written_doc == "Summary.\n\n## Why is this bad?\nBecause.\n" and parts == ["Summary."]
    assert meta.docstring == meta.written_doc and repr(meta.docstring) == repr(meta.written_doc)
    assert hash(meta.docstring) == hash(meta.written_doc)


def test_api_server_docs_are_assembled_from_their_parts() -> None:
    meta = load_rules()["A001"]
    assert isinstance(meta.docstring, WrittenDoc) and meta.docstring.write is _doc
    assert meta.doc == clean_doc(_doc(*meta.docstring.parts))
    assert meta.doc.startswith(meta.summary + "\n\n## What it does\n") and "Use instead:" in meta.doc


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "\t", "a", "b c", "\n", "\r", "\n    ", "\n\t", "\n  \t"]), max_size=30))
def test_dedent_is_textwrap_dedent(parts: list[str]) -> None:
    text = "".join(parts)
    assert dedent(text) == textwrap.dedent(text)


def test_dedent_examples() -> None:
    assert dedent("    a\n      b\n\n    c\n") == "a\n  b\n\nc\n"
    assert dedent("\t  a\n\t b") == " a\nb"
    assert dedent("  a\n \tb") == " a\n\tb"  # mixed indentation: only the common prefix goes
    assert dedent("   \n  a") == "\na"
