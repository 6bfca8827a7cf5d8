"""jsonschema-rs must agree with pure jsonschema: verdicts, error paths, and the findings shown.

yamlkit asks jsonschema-rs "is it valid?" and, for an invalid document, rebuilds pure jsonschema's
errors from jsonschema-rs's (``schema/fast_errors.py``), falling back to pure jsonschema when it
cannot. These differential tests are what allows the accelerator: same verdict on every resource,
the same set of error locations on every invalid one, and the same schema findings (every field,
in the same order) whichever backend explains them, on every fixture, sample, generated mistake
and real-world document.
"""

from __future__ import annotations

import copy
import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import yamlkit
from yamlkit.schema import compiled as compiled_mod
from yamlkit.schema import fast_errors, messages, resolve

rs = pytest.importorskip("jsonschema_rs")
FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
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


# -- explanations: jsonschema-rs's errors rebuilt as pure jsonschema's ------------------------------
def shown_findings(target: object, monkeypatch: pytest.MonkeyPatch, *, pure: bool, only_fast: bool = False,
                   **config: object) -> list[dict]:
    """The schema findings a user sees, explained by jsonschema-rs (with ``only_fast``, never
    falling back to pure jsonschema) or, with ``pure``, by pure jsonschema only."""
    config.setdefault("select", ["S"])

    def no_pure_jsonschema(compiled: compiled_mod.Compiled) -> None:
        raise AssertionError("pure jsonschema was asked to explain a document")

    with monkeypatch.context() as patch:
        if pure:
            patch.setattr(fast_errors, "translate", lambda *args: None)
        elif only_fast:
            patch.setattr(compiled_mod.Compiled, "full", property(no_pure_jsonschema))
        report = yamlkit.check(target, config=dict(config))
    return [finding.to_dict() for finding in report.findings]


def assert_same_findings(target: object, monkeypatch: pytest.MonkeyPatch, only_fast: bool = False,
                         **config: object) -> int:
    fast = shown_findings(target, monkeypatch, pure=False, only_fast=only_fast, **config)
    pure = shown_findings(target, monkeypatch, pure=True, **config)
    assert fast == pure
    return len(fast)


def _generated_mistakes() -> str:
    """One document per generated mistake (``benchmarks/generate.py``, every document invalid)."""
    spec = importlib.util.spec_from_file_location("corpus_generate", REPO / "benchmarks" / "generate.py")
    if spec is None or spec.loader is None or not (REPO / "benchmarks" / "generate.py").exists():
        pytest.skip("benchmarks/generate.py is not in this checkout")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    return "---\n".join(text for _kind, _mistake, text in generate.documents(400, 9, 1.0))


@pytest.mark.parametrize("strict", [True, False])
def test_explanations_agree_on_generated_mistakes(monkeypatch: pytest.MonkeyPatch, strict: bool) -> None:
    assert assert_same_findings(_generated_mistakes(), monkeypatch, only_fast=True, strict=strict) > 100


@pytest.mark.parametrize("strict", [True, False])
def test_explanations_agree_on_fixtures_and_samples(monkeypatch: pytest.MonkeyPatch, strict: bool) -> None:
    paths = [str(REPO / "samples"), str(REPO / "tests")]
    assert assert_same_findings(paths, monkeypatch, only_fast=True, strict=strict, respect_gitignore=False) > 50


def test_explanations_agree_on_the_corpus(shared_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Custom resources with their CRDs among the inputs (S007, draft 4) included."""
    assert assert_same_findings(str(shared_dir / "corpus" / "realworld"), monkeypatch) > 150


SHAPES = {
    "$defs": {
        "Port": {"type": "object", "required": ["port", "name"], "additionalProperties": False,
                 "properties": {"port": {"type": "integer", "minimum": 1}, "name": {"type": "string"},
                                "protocol": {"enum": ["TCP", "UDP"]}}},
        "IntOrString": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
    },
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "ports": {"type": "array", "items": {"$ref": "#/$defs/Port"}},
        "target": {"$ref": "#/$defs/IntOrString"},
        "either": {"oneOf": [{"$ref": "#/$defs/Port"}, {"type": "array"}]},
        "labels": {"type": "object", "patternProperties": {"^x-": {"type": "integer"}},
                   "additionalProperties": {"type": "string"}},
        "both": {"allOf": [{"type": "object"}, {"required": ["a"]}]},
        "fixed": {"const": None},
        "name": {"type": "string", "maxLength": 3, "pattern": "^[a-z]+$"},
    },
    "required": ["name"],
}


def explained(schema: dict, data: dict) -> tuple[list, list | None]:
    """(violations from pure jsonschema, violations from jsonschema-rs's rebuilt errors or None)."""
    compiled = compiled_mod.Compiled(schema, fast=True)
    assert not compiled.is_valid(data)
    translated = fast_errors.translate(compiled.fast.iter_errors(data), schema, data)

    def explain(errors: object) -> list:
        return messages.violations(errors, True, lambda path: None, (), schema)

    return explain(compiled.full.iter_errors(data)), None if translated is None else explain(translated)


@pytest.mark.parametrize("data", [
    {"ports": [{"port": 0, "name": 1, "extra": 1, "protocol": "tcp"}, {}, {"port": "80"}], "name": "abcd"},
    {"target": True, "either": {"port": 1, "nme": "x"}, "name": "ok"},
    {"either": {"port": "1", "name": "x"}, "fixed": 3, "name": "A1"},
    # one field under an additionalProperties schema: pure jsonschema visits several in a set's order
    {"labels": {"x-a": "s", "b": 1, "x-c": "t"}, "both": {}, "name": "x", "zzz": 1, "aaa": 2},
    {"both": [], "ports": {}, "target": None},
])
def test_rebuilt_errors_give_the_same_violations_in_the_same_order(data: dict) -> None:
    pure, fast = explained(SHAPES, data)
    assert fast is not None and pure
    assert fast == pure


@pytest.mark.parametrize("extra", [
    {"propertyNames": {"maxLength": 2}},  # worded with jsonschema's own message
    {"properties": {"ports": {"prefixItems": [{"type": "string"}]}}},  # a keyword the walk does not follow
    {"if": {"required": ["name"]}, "then": {"required": ["missing"]}},
])
def test_errors_that_cannot_be_rebuilt_fall_back_to_pure_jsonschema(extra: dict) -> None:
    schema = {**SHAPES, **extra, "properties": {**SHAPES["properties"], **extra.get("properties", {})}}
    data = {"name": "abc", "ports": [1], "long-name": 1}
    if "additionalProperties" in schema and "long-name" not in schema["properties"]:
        schema["additionalProperties"] = True
    pure, fast = explained(schema, data)
    assert fast is None and pure
    compiled = compiled_mod.Compiled(schema, fast=True)
    assert [e.validator for e in compiled.errors(data)] == [e.validator for e in compiled.full.iter_errors(data)]


def test_a_run_explained_by_jsonschema_rs_does_not_import_pure_jsonschema() -> None:
    text = textwrap.dedent("""\
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: "3"
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx}]
              restartPolicyy: Always
        """)
    script = ("import sys, yamlkit; codes = sorted(f.code for f in yamlkit.check(sys.stdin.read()).findings "
              "if f.code.startswith('S')); print(codes, 'jsonschema' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], input=text, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['S001', 'S002'] False"
