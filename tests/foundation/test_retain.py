"""What a run keeps for the RUN rules (yamlkit.retain): the same findings as with full data,
the same positions as the node tree gives, and no node trees or texts held."""

from __future__ import annotations

import marshal
import pickle
import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from yamlkit.discovery import expand_paths, read_source
from yamlkit.document import Document
from yamlkit.engine import Engine, FileResult, check_sources, resources_of
from yamlkit.parse import parse
from yamlkit.retain import (ITEM, DigestFailed, KeptDocument, KeptResource, UndeclaredDigest, UnrecordedPosition,
                            digests_of, for_kind, parse_path, path_tree, prune)
from yamlkit.rules import load_rules
from yamlkit.rules.base import Scope
from yamlkit.rules.practices.crossref import template_labels_line, workload_facts
from yamlkit.settings import Settings
from yamlkit.source import SourceFile, from_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = [ROOT / "samples", ROOT / "tests/practices/fixtures", ROOT / "tests/fixtures/realworld-sample",
            ROOT / "tests/schema/fixtures", ROOT / "tests/apiserver/cases"]
RUN_CODES = sorted(code for code, meta in load_rules().items() if meta.scope is Scope.RUN)


def _doc_examples() -> list[SourceFile]:
    """The ``Example`` and ``Use instead`` manifests of every RUN rule's documentation."""
    out = []
    for code in RUN_CODES:
        for i, block in enumerate(re.findall(r"```yaml\n(.*?)```", load_rules()[code].doc, re.S)):
            out.append(from_text(block, name=f"{code}-example-{i}.yaml"))
    return out


def _runs(settings: Settings) -> list[list[SourceFile]]:
    """The fixture files checked together, and each documentation example on its own."""
    found = [read_source(path, settings) for path in expand_paths([str(p) for p in FIXTURES], settings)]
    return [[s for s in found if isinstance(s, SourceFile)]] + [[example] for example in _doc_examples()]


def _full_and_kept(settings: Settings, sources: list[SourceFile]) -> tuple[Engine, list[Any], list[Any], list[Document]]:
    engine = Engine(settings)
    full: list[Any] = []
    kept: list[Any] = []
    documents: list[Document] = []
    for source in sources:
        for doc in parse(source, yaml12=settings.yaml12, limits=settings.limits).documents:
            if not doc.is_empty:
                documents.append(doc)
                full.extend(resources_of(doc))
        kept.extend(engine.check_source(source, keep_resources=True).resources)
    return engine, full, kept, documents


@pytest.mark.parametrize("codes", [[code] for code in RUN_CODES] + [RUN_CODES], ids=lambda c: "+".join(c))
def test_run_rules_find_the_same_on_kept_resources_as_on_full_ones(codes: list[str]) -> None:
    settings = Settings(select=codes)
    hits = 0
    for sources in _runs(settings):
        engine, full, kept, _docs = _full_and_kept(settings, sources)
        assert all(isinstance(r, KeptResource) for r in kept)
        expected = engine.run_rules_over(full)
        assert engine.run_rules_over(kept) == expected
        hits += sum(f.code in codes for f in expected)
    assert hits, "the fixtures should give these rules findings"


def _recorded(doc: KeptDocument) -> Iterator[tuple[Any, ...]]:
    import marshal

    yield from marshal.loads(doc.positions) if doc.positions else {}


def test_recorded_positions_equal_the_node_tree_positions() -> None:
    settings = Settings(select=RUN_CODES)
    _engine, _full, kept, documents = _full_and_kept(settings, [s for run in _runs(settings) for s in run])
    by_key = {(d.source.name, d.index): d for d in documents}
    checked = 0
    for resource in kept:
        stand_in = resource.document
        eager = by_key[(stand_in.source.name, stand_in.index)]
        for path in _recorded(stand_in):
            for at in ("key", "value"):
                assert stand_in.locate(path, at) == eager.locate(path, at), (stand_in.source.name, path, at)
                checked += 1
    assert checked > 100


def _kept(text: str, codes: list[str] | None = None) -> FileResult:
    engine = Engine(Settings(select=codes or ["K301", "K302", "K303"]))
    return engine.check_source(from_text(text, name="f.yaml"), keep_resources=True)


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 80, name: http}]
          env: [{name: A, value: "1"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {a: b}
"""


def test_a_kept_file_holds_no_node_tree_and_no_text() -> None:
    result = _kept(DEPLOYMENT)
    assert result.kept is not None and result.kept.pinned is None and result.source is None
    assert [r.kind for r in result.resources] == ["Deployment"]  # the ConfigMap is no one's business
    blob = pickle.dumps(result)
    assert b"yaml.nodes" not in blob and b"nginx" not in blob  # no nodes; only the data read is kept
    kept = result.resources[0]
    assert kept.data == {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}}  # its identity
    # what K301-K303 know of it: its digests
    assert kept.digest(workload_facts) == (
        {"app": "web"}, ({"matchLabels": {"app": "web"}}, True), (frozenset({"http"}), frozenset({80}), True))
    assert kept.digest(template_labels_line) == 7
    assert not kept.document.positions or set(marshal.loads(kept.document.positions)) == {("spec", "selector")}


def test_unrecorded_positions_fail_loudly_without_the_text() -> None:
    doc = _kept(DEPLOYMENT).resources[0].document
    assert doc.locate(("spec", "selector"), "key")[0].line == 5
    with pytest.raises(UnrecordedPosition):
        doc.locate(("spec", "template", "spec", "containers", 0, "image"))


def test_files_with_directives_keep_their_text_and_locate_anything() -> None:
    text = "# yamlkit: disable=K101\n" + DEPLOYMENT
    result = _kept(text)
    assert result.kept is not None and result.kept.pinned is not None and result.raw is not None
    eager = parse(from_text(text, name="f.yaml")).documents[0]
    path = ("spec", "template", "spec", "containers", 0, "image")
    assert result.resources[0].document.locate(path) == eager.locate(path)


def test_the_word_yamlkit_alone_does_not_keep_the_text() -> None:
    result = _kept(DEPLOYMENT.replace("data: {a: b}", 'data: {a: "made by yamlkit"}'))
    assert result.kept is not None and result.kept.pinned is None and result.raw is None


def test_rules_without_declarations_keep_the_whole_data_and_the_text() -> None:
    result = _kept(DEPLOYMENT, codes=["K304"])  # K304 declares neither reads nor locates
    full = parse(from_text(DEPLOYMENT, name="f.yaml")).documents[0].data
    assert [r.data for r in result.resources] == [full, {"apiVersion": "v1", "kind": "ConfigMap",
                                                          "metadata": {"name": "settings"}, "data": {"a": "b"}}]
    assert result.kept is not None and result.kept.pinned is not None


def test_nothing_is_kept_without_run_rules() -> None:
    result = _kept(DEPLOYMENT, codes=["K101"])
    assert result.kept is None and result.resources == []


def test_check_sources_suppresses_run_findings_through_directives() -> None:
    service = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: wbe}  # yamlkit: disable-line=K301\n  ports: [{port: 80}]\n"
    report = check_sources([from_text(service, name="s.yaml"), from_text(DEPLOYMENT, name="d.yaml")],
                           Settings(select=["K301", "Y090"]))
    assert [f.code for f in report.findings] == []
    unsuppressed = service.replace("  # yamlkit: disable-line=K301", "")
    report = check_sources([from_text(unsuppressed, name="s.yaml"), from_text(DEPLOYMENT, name="d.yaml")],
                           Settings(select=["K301", "Y090"]))
    assert [f.code for f in report.findings] == ["K301"]


# -- pruning ----------------------------------------------------------------------------------------
def test_declared_paths_parse_into_a_tree() -> None:
    assert parse_path("spec.ports[*].port") == ("spec", "ports", ITEM, "port")
    tree = path_tree(["spec.ports[*].port", "spec.selector", "spec.selector.app", "metadata.name"])
    assert tree == {"spec": {"ports": {ITEM: {"port": None}}, "selector": None}, "metadata": {"name": None}}


def test_pruning_keeps_shapes_along_declared_paths() -> None:
    tree = path_tree(["spec.ports[*].port", "spec.selector"])
    data = {"kind": "Service", "spec": {"ports": [{"port": 80, "name": "x"}, "junk", {"name": "y"}],
                                        "selector": {"app": "web"}, "type": "NodePort"}}
    assert prune(data, tree) == {"spec": {"ports": [{"port": 80}, "junk", {}], "selector": {"app": "web"}}}
    assert prune({"spec": {"ports": {"not": "a list"}}}, tree) == {"spec": {"ports": {"not": "a list"}}}
    assert prune({"spec": ["unexpected"]}, tree) == {"spec": ["unexpected"]}


def test_paths_can_be_limited_to_a_kind() -> None:
    paths = ["spec.selector", "CronJob:spec.jobTemplate.spec.template.metadata.labels", "Pod:metadata.labels"]
    assert for_kind(paths, "CronJob") == ["spec.selector", "spec.jobTemplate.spec.template.metadata.labels"]
    assert for_kind(paths, "Service") == ["spec.selector"]


# -- recorded positions: one walk of the node tree ---------------------------------------------------
TRICKY = """\
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Service
    metadata: {name: a}
    spec:
      selector: {app: a}
      ports: [{port: 80, targetPort: http}, {port: 81}, junk, [1]]
  - apiVersion: v1
    kind: Service
    metadata: {name: b}
    spec: just a string
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: c}
    spec:
      selector: {matchLabels: {app: c}}
      selector: {matchLabels: {app: last-wins}}
      template:
        <<: {metadata: {labels: {app: merged}}}
---
apiVersion: v1
kind: Service
metadata: {name: d}
spec:
  base: &ports [{port: 1}, {port: 2}]
  ports: *ports
---
apiVersion: v1
kind: Service
metadata: {name: e}
"""


def _declared_instances(plan: Any, resource: Any) -> set[tuple[Any, ...]]:
    """Every concrete path the RUN rules declare for ``resource`` (``[*]`` -> each list index in its data)."""
    from yamlkit.rules.base import walk_path

    def instances(data: Any, items: tuple[str, ...]) -> Iterator[tuple[Any, ...]]:
        if ITEM not in items:
            yield items
            return
        at = items.index(ITEM)
        value = walk_path(data, items[:at])
        for index in range(len(value) if isinstance(value, list) else 0):
            for rest in instances(value[index], items[at + 1:]):
                yield items[:at] + (index,) + rest

    metas = plan.wanting(resource)
    patterns = {parse_path(p) for m in metas for p in for_kind(m.locates or (), resource.kind)}
    return {resource.prefix + path for pattern in patterns for path in instances(resource.data, pattern)}


def test_one_walk_records_what_one_lookup_per_declared_path_finds() -> None:
    engine = Engine(Settings(select=["K301", "K302", "K303"]))
    source = from_text(TRICKY, name="f.yaml")
    kept = engine.check_source(source, keep_resources=True).resources
    eager = {doc.index: doc for doc in parse(source).documents}
    full = {(doc.index, r.prefix): r for doc in eager.values() for r in resources_of(doc)}
    assert len(kept) == 5
    for resource in kept:
        stand_in = resource.document
        expected = _declared_instances(engine.plan, full[(stand_in.index, resource.prefix)])
        recorded = {path for path in _recorded(stand_in) if path[:len(resource.prefix)] == resource.prefix}
        assert recorded == expected
        for path in expected:
            for at in ("key", "value"):
                assert stand_in.locate(path, at) == eager[stand_in.index].locate(path, at), (path, at)


# -- digests: what a RUN rule knows of a resource, computed when it is kept ---------------------------
def _report(settings: Settings, jobs: int) -> list[Any]:
    from yamlkit.parallel import check_files

    paths = list(expand_paths([str(p) for p in FIXTURES], settings))
    assert len(paths) >= 32  # enough files for a pool (parallel.MIN_FILES)
    return check_sources(check_files(paths, settings, jobs), settings).findings


def test_in_process_and_pooled_runs_find_the_same_through_digests() -> None:
    settings = Settings(select=RUN_CODES)
    findings = _report(settings, jobs=1)
    assert any(f.code in ("K301", "K302", "K303") for f in findings)
    assert _report(settings, jobs=2) == findings


def test_digests_travel_with_kept_resources_and_are_computed_for_plain_ones() -> None:
    kept = _kept(DEPLOYMENT).resources[0]
    plain = next(resources_of(parse(from_text(DEPLOYMENT, name="f.yaml")).documents[0]))
    assert kept.digested(workload_facts) is not None and plain.digested(workload_facts) is None
    assert kept.digest(workload_facts) == plain.digest(workload_facts) == workload_facts(plain)
    travelled = pickle.loads(pickle.dumps(kept))
    assert travelled.digest(template_labels_line) == plain.digest(template_labels_line) == 7


def test_shared_digests_are_one_object_per_equal_value_and_type() -> None:
    two = DEPLOYMENT + "---\n" + DEPLOYMENT.replace("name: web}", "name: web-2}")
    kept = [r for r in _kept(two).resources if r.kind == "Deployment"]
    plain = [r for doc in parse(from_text(two, name="f.yaml")).documents for r in resources_of(doc)
             if r.kind == "Deployment"]
    for resources in (kept, plain):
        shared: dict[bytes, Any] = {}
        first, second = (r.digest(workload_facts, shared) for r in resources)
        assert first is second
    versions = [DEPLOYMENT.replace("app: web}}\n    spec", f"app: {value}}}}}\n    spec") for value in ("1", "true", '"1"')]
    shared = {}
    facts = [next(resources_of(parse(from_text(text, name="f.yaml")).documents[0])).digest(workload_facts, shared)
             for text in versions]
    assert [f[0]["app"] for f in facts] == [1, True, "1"]  # equal (1 == True), not the same


def test_a_digest_nobody_declares_or_that_failed_fails_the_rule_that_reads_it() -> None:
    kept = _kept(DEPLOYMENT).resources[0]
    with pytest.raises(UndeclaredDigest):
        kept.digest(lambda r: r.kind)
    plain = next(resources_of(parse(from_text(DEPLOYMENT, name="f.yaml")).documents[0]))
    broken = KeptResource(kept.document, kept.prefix, kept.blob, ("apps/v1", "Deployment", "web", ""),
                          digests_of([workload_facts, _raises], plain))
    assert broken.digest(workload_facts) == kept.digest(workload_facts)
    with pytest.raises(DigestFailed):
        broken.digest(_raises)


def _raises(resource: Any) -> Any:
    raise ValueError("broken digest")


POD = """\
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 80}]}]
"""


def test_workloads_that_are_no_controllers_keep_no_positions() -> None:
    kept = _kept(POD).resources[0]  # K301-K303 report at no place of a Pod: its digests say where it is
    assert kept.document.positions == b"" and kept.digest(template_labels_line) == 3
    assert kept.digest(workload_facts) == ({"app": "web"}, None, (frozenset({None}), frozenset({80}), True))
