"""A rule's documentation is stored as written and cleaned on first use, with a fast dedent."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yamlkit.rules import base
from yamlkit.rules.base import Scope, clean_doc, dedent, emitted, rule


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
