"""Rules skipped by their ``when_keys`` would have found nothing: the same findings with and
without the skipping, on every rule's documentation examples, the fixtures and the real-world
corpus. (Every other test of the suite checks the same promise through ``tests/guards.py``.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from yamlkit.discovery import expand_paths, read_source
from yamlkit.engine import Engine, resources_of
from yamlkit.parse import parse
from yamlkit.rules import load_rules
from yamlkit.rules.base import Scope
from yamlkit.settings import Settings
from yamlkit.source import SourceFile, from_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = [ROOT / "samples", ROOT / "tests/practices/fixtures", ROOT / "tests/fixtures/realworld-sample",
            ROOT / "tests/schema/fixtures", ROOT / "tests/apiserver/cases"]
EVERY_RULE = Settings(select=["ALL"], respect_gitignore=False)


def _findings(sources: list[SourceFile], guards: bool) -> list[dict]:
    engine = Engine(EVERY_RULE, guards=guards)
    return [f.to_dict() for source in sources for f in engine.check_source(source).findings]


def _examples() -> list[SourceFile]:
    """The ``Example`` and ``Use instead`` manifests of every RESOURCE rule's documentation."""
    out = []
    for code, meta in sorted(load_rules().items()):
        if meta.scope is Scope.RESOURCE:
            for i, block in enumerate(re.findall(r"```yaml\n(.*?)```", meta.doc, re.S)):
                out.append(from_text(block, name=f"{code}-example-{i}.yaml"))
    return out


def _read(folders: list[Path]) -> list[SourceFile]:
    found = (read_source(p, EVERY_RULE) for p in expand_paths([str(f) for f in folders], EVERY_RULE))
    return [s for s in found if isinstance(s, SourceFile)]


def test_documentation_examples_find_the_same_with_and_without_skipping() -> None:
    sources = _examples()
    assert len(sources) > 100
    assert _findings(sources, guards=True) == _findings(sources, guards=False)


def test_fixtures_find_the_same_with_and_without_skipping() -> None:
    sources = _read(FIXTURES)
    assert len(sources) > 50
    assert _findings(sources, guards=True) == _findings(sources, guards=False)


def test_realworld_corpus_finds_the_same_with_and_without_skipping(shared_dir: Path) -> None:
    sources = _read([shared_dir / "corpus" / "realworld"])
    assert _findings(sources, guards=True) == _findings(sources, guards=False)


def test_rules_are_skipped_where_their_keys_are_absent() -> None:
    guarded = [m for m in load_rules().values() if m.when_keys is not None]
    assert guarded, "no rule declares when_keys"
    assert all(m.scope is Scope.RESOURCE for m in guarded), "when_keys only applies to RESOURCE rules"
    source = from_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: b\n")
    doc = parse(source).documents[0]
    engine = Engine(EVERY_RULE)
    resource = next(resources_of(doc))
    skipped = {m.code for m in engine.skipped_rules(resource, doc)}
    assert skipped == {m.code for m in guarded if (m.kinds is None or "ConfigMap" in m.kinds)
                       and m.when_keys.isdisjoint({"apiVersion", "kind", "metadata", "name", "data", "a"})}


def test_documents_know_every_key_name_in_them() -> None:
    doc = parse(from_text("a:\n  b:\n  - c: 1\n    'd': [ {e: f} ]\n")).documents[0]
    assert doc.key_names == {"a", "b", "c", "d", "e"}


def test_documents_with_anchors_know_no_key_names_and_so_skip_nothing() -> None:
    doc = parse(from_text("a: &x {b: 1}\nc: *x\n")).documents[0]
    assert doc.key_names is None
