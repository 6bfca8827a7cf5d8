"""The records of ``yamlkit.rules.base`` behave as the ``@dataclass(slots=True)`` they were.

Differential: each class is compared with a dataclass built from its own fields (signature,
fields, repr, equality, hashing, frozen-ness, replace, pickle).
"""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from dataclasses import field
from typing import Any

import pytest

from yamlkit.document import Document
from yamlkit.findings import Severity
from yamlkit.rules import load_rules
from yamlkit.rules.base import Resource, RuleContext, RuleMeta, Scope, Violation
from yamlkit.source import SourceFile

FROZEN = {RuleMeta: True, Violation: False, RuleContext: False, Resource: False}


def _reference(cls: type) -> type:
    """The ``@dataclass(slots=True)`` twin of ``cls`` (``Resource``'s derived fields left unset)."""
    specs = [(f.name, f.type, field(default=f.default, default_factory=f.default_factory, init=f.init,
                                    repr=f.repr, compare=f.compare))
             for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__name__, specs, slots=True, frozen=FROZEN[cls])


def _samples(cls: type) -> list[dict[str, Any]]:
    """Constructor keywords for two different instances of ``cls``."""
    if cls is Violation:
        return [{"message": "m"}, {"message": "m", "path": ("a", 0), "line": 3, "related": ("x",)}]
    if cls is RuleMeta:
        return [{"code": "Z1", "name": "z", "severity": Severity.ERROR, "scope": Scope.TEXT, "docstring": "d",
                 "check": None},
                {"code": "Z2", "name": "y", "severity": Severity.INFO, "scope": Scope.RUN, "docstring": "e",
                 "check": None, "kinds": frozenset({"Pod"}), "reads": ("spec",)}]
    if cls is RuleContext:
        return [{}, {"options": 1, "kubernetes_version": "1.30", "strict": False, "cache": {"k": 1}}]
    source = SourceFile("a.yaml", "kind: Pod\n")
    document = Document(source=source, index=0, data={"kind": "Pod"}, root=None, start_line=1)
    return [{"document": document, "data": {"kind": "Pod"}},
            {"document": document, "data": {"apiVersion": "v1", "kind": "Pod"}, "prefix": ("items", 0)}]


CLASSES = list(FROZEN)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_signature_fields_and_match_args_match_dataclass(cls: type) -> None:
    reference = _reference(cls)
    params = [(p.name, repr(p.default), p.kind) for p in inspect.signature(cls).parameters.values()]
    assert params == [(p.name, repr(p.default), p.kind) for p in inspect.signature(reference).parameters.values()]
    assert cls.__match_args__ == reference.__match_args__
    assert [(f.name, f.init, f.repr, f.compare) for f in dataclasses.fields(cls)] == [
        (f.name, f.init, f.repr, f.compare) for f in dataclasses.fields(reference)]
    assert not hasattr(cls(**_samples(cls)[0]), "__dict__")


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_repr_equality_and_hash_match_dataclass(cls: type) -> None:
    reference = _reference(cls)
    first, second = _samples(cls)
    assert repr(cls(**first)) == repr(reference(**first)).replace(reference.__qualname__, cls.__qualname__)
    assert repr(cls(**second)) == repr(reference(**second)).replace(reference.__qualname__, cls.__qualname__)
    assert cls(**first) == cls(**first) and cls(**first) != cls(**second)
    assert cls(**first) != reference(**first)  # equality needs the same class, as for a dataclass
    if FROZEN[cls]:
        assert hash(cls(**first)) == hash(reference(**first))
    else:
        assert cls.__hash__ is None


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_positional_construction_and_replace(cls: type) -> None:
    keywords = _samples(cls)[1]
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    positional = cls(*[keywords.get(name, getattr(cls(**keywords), name)) for name in names])
    assert positional == cls(**keywords)
    assert dataclasses.replace(cls(**keywords)) == cls(**keywords)


def test_rule_meta_is_frozen_and_violation_is_not() -> None:
    meta = RuleMeta(**_samples(RuleMeta)[0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        meta.code = "Z3"  # type: ignore[misc]
    violation = Violation("m")
    violation.line = 4
    assert violation == Violation("m", line=4)
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        Violation("m", place=1)  # type: ignore[call-arg]


def test_resource_reads_its_identity_once() -> None:
    resource = Resource(**_samples(Resource)[1])
    assert (resource.api_version, resource.kind, resource.ref) == ("v1", "Pod", "Pod/?")
    odd = Resource(resource.document, {"apiVersion": 1, "kind": None})
    assert (odd.api_version, odd.kind) == ("", "")


def test_api_server_rules_pickle_and_compare_equal() -> None:
    """Their documentation is written on first use (rules.base.WrittenDoc) and compares as text."""
    for meta in [meta for meta in load_rules().values() if meta.category == "apiserver"]:
        copy = pickle.loads(pickle.dumps(meta))
        assert copy == meta and hash(copy) == hash(meta) and copy.doc == meta.doc
