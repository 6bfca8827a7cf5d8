"""jsonschema-rs (the fast yes/no) must agree with pure jsonschema on verdicts and error paths.

yamlkit asks jsonschema-rs only "is it valid?"; the messages always come from pure jsonschema. This
differential test is what allows the accelerator: same verdict on every resource, and the same
set of error locations on every invalid one.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

import yamlkit
from yamlkit.schema import compiled as compiled_mod
from yamlkit.schema import resolve

rs = pytest.importorskip("jsonschema_rs")
FIXTURES = Path(__file__).parent / "fixtures"
VERSION = "1.37"


def _paths_rs(fast, data) -> set[tuple]:
    return {tuple(e.instance_path) for e in fast.iter_errors(data)}


def _paths_js(full, data) -> set[tuple]:
    return {tuple(e.absolute_path) for e in full.iter_errors(data)}


def disagreements(resources: list[dict], strict: bool = True) -> list[str]:
    out = []
    for data in resources:
        api, kind = data.get("apiVersion"), data.get("kind")
        if not isinstance(api, str) or not isinstance(kind, str):
            continue
        schema = resolve.bundled_schema(VERSION, strict, api, kind)
        if schema is None:
            continue
        fast = schema.fast or compiled_mod.Compiled(schema.schema, fast=True).fast
        if fast.is_valid(data) != schema.full.is_valid(data):
            out.append(f"verdict differs: {kind} {data.get('metadata', {}).get('name')}")
        elif _paths_rs(fast, data) != _paths_js(schema.full, data):
            out.append(f"paths differ: {kind}: rs {_paths_rs(fast, data)} js {_paths_js(schema.full, data)}")
    return out


def mutations(doc: dict) -> list[dict]:
    """Typical mistakes applied to a valid Deployment."""
    out = []
    for path, value in [
        (("spec", "replicas"), "3"),
        (("spec", "replicas"), 1.5),
        (("spec", "replicas"), None),
        (("spec", "strategy"), {"rollingUpdate": {"maxSurge": True}}),
        (("spec", "strategy"), {"rollingUpdate": {"maxSurge": None}}),
        (("spec", "template", "spec", "containers"), {"name": "x"}),
        (("spec", "template", "spec", "containers", 0, "ports"), [{"containerPort": "80"}]),
        (("spec", "template", "spec", "containers", 0, "env"), [{"name": "A", "value": True}]),
        (("spec", "template", "spec", "containers", 0, "resources"), {"limits": {"cpu": True}}),
        (("spec", "replcas"), 3),
        (("metadata", "labels"), ["a"]),
        (("spec", "selector"), None),
    ]:
        mutated = copy.deepcopy(doc)
        target = mutated
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        out.append(mutated)
    dropped = copy.deepcopy(doc)
    del dropped["spec"]["selector"]
    out.append(dropped)
    return out


DEPLOYMENT = {
    "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
    "spec": {"selector": {"matchLabels": {"app": "web"}},
             "template": {"metadata": {"labels": {"app": "web"}},
                          "spec": {"containers": [{"name": "web", "image": "nginx",
                                                   "ports": [{"containerPort": 80}]}]}}},
}


def test_backends_agree_on_typical_mistakes() -> None:
    docs = [DEPLOYMENT] + mutations(DEPLOYMENT)
    docs += [d for d in yamlkit.load((FIXTURES / "kubeconform-list_invalid.yaml").read_text())[0]["items"]]
    assert disagreements(docs) == []
    assert disagreements(docs, strict=False) == []


def test_backends_agree_on_the_corpus(shared_dir: Path) -> None:
    docs = []
    for path in sorted((shared_dir / "corpus" / "realworld").rglob("*")):
        if path.suffix not in (".yaml", ".yml", ".json"):
            continue
        try:
            loaded = yamlkit.load(path.read_text(encoding="utf-8"))
        except Exception:  # syntax errors are not this test's business
            continue
        for data in loaded:
            if isinstance(data, dict) and isinstance(data.get("items"), list) \
                    and str(data.get("kind")).endswith("List"):
                docs.extend(item for item in data["items"] if isinstance(item, dict))
            elif isinstance(data, dict):
                docs.append(data)
    assert len(docs) > 1400
    assert disagreements(docs) == []


def _crd_disagreements(crd_docs: list[dict], resources: list[dict]) -> list[str]:
    store = resolve.CrdStore({}, {})
    for doc in crd_docs:
        store.add(doc)
    out = []
    for data in resources:
        schema = store.get(str(data.get("apiVersion")), str(data.get("kind")), True)
        if schema is None:
            continue
        fast = schema.fast or compiled_mod.Compiled(schema.schema, draft="4", fast=True).fast
        if fast.is_valid(data) != schema.full.is_valid(data):
            out.append(f"verdict differs: {data.get('kind')} {data.get('metadata')}")
        elif _paths_rs(fast, data) != _paths_js(schema.full, data):
            out.append(f"paths differ: {data.get('kind')}: rs {_paths_rs(fast, data)} "
                       f"js {_paths_js(schema.full, data)}")
    return out


def test_backends_agree_on_crd_schemas() -> None:
    crd = yamlkit.load((FIXTURES / "crd-widget.yaml").read_text())
    base = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}}
    specs = [{"size": 1}, {"size": "1"}, {"size": 0}, {}, {"size": 1, "mode": "fast"}, {"size": 1, "port": True},
             {"size": 1, "note": None}, {"size": 1, "colour": "red"}, {"size": 1, "extra": {"a": [1]}}]
    assert _crd_disagreements(crd, [{**base, "spec": spec} for spec in specs]) == []


def test_backends_agree_on_corpus_custom_resources(shared_dir: Path) -> None:
    crd_docs, resources = [], []
    for path in sorted((shared_dir / "corpus" / "realworld").rglob("*.y*ml")):
        try:
            loaded = yamlkit.load(path.read_text(encoding="utf-8"))
        except Exception:
            continue
        for data in loaded:
            if isinstance(data, dict):
                (crd_docs if data.get("kind") == "CustomResourceDefinition" else resources).append(data)
    assert _crd_disagreements(crd_docs, resources) == []
