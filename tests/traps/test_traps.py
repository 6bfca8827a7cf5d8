"""T0xx: plain scalars that Kubernetes' YAML 1.1 rules turn into booleans, numbers or null."""

from __future__ import annotations

import pytest

import yamlkit
from yamlkit.findings import Severity
from yamlkit.source import from_text

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    version: 1.10
    mode: 0777
    quoted: "1.10"
    single: 'yes'
  annotations:
    enabled: yes
spec:
  containers:
    - name: web
      image: nginx:1.25
      args: [--port, 8080, "8081", on]
      command:
        - run
        - no
      env:
        - name: DEBUG
          value: yes
        - name: RATIO
          value: 1e3
        - name: QUOTED
          value: "yes"
        - name: EMPTY
          value:
        - name: NOTHING
          value: null
      ports:
        - name: no
          containerPort: 80
      securityContext:
        readOnlyRootFilesystem: on
        privileged: false
"""


def findings(text: str, select: list[str] | None = None, **config: object) -> list:
    cfg = {"select": select or ["T"], **config}
    return yamlkit.check(text, config=cfg).findings


def triples(items: list) -> list[tuple[str, int, int]]:
    return [(f.code, f.line, f.column) for f in items]


def apply_fixes(text: str, items: list) -> str:
    edits = sorted((e for f in items if f.fix for e in f.fix.edits), key=lambda e: e.start, reverse=True)
    for e in edits:
        text = text[: e.start] + e.replacement + text[e.end :]
    return text


def test_every_trap_in_a_pod_with_line_and_column() -> None:
    got = triples(findings(POD))
    assert got == [
        ("T002", 6, 14),  # version: 1.10
        ("T002", 7, 11),  # mode: 0777
        ("T001", 11, 14),  # annotation yes
        ("T002", 16, 22),  # args 8080
        ("T001", 16, 36),  # args on
        ("T001", 19, 11),  # command no
        ("T001", 22, 18),  # env value yes
        ("T002", 24, 18),  # env value 1e3
        ("T003", 30, 18),  # env value null
        ("T001", 32, 17),  # port name no
        ("T004", 35, 33),  # readOnlyRootFilesystem: on
    ]


def test_messages_say_what_the_value_becomes() -> None:
    by_line = {f.line: f for f in findings(POD)}
    assert by_line[6].message.startswith("`1.10` becomes the number 1.1")
    assert '"1.1"' in by_line[6].message and "Kubernetes rejects it" in by_line[6].message
    assert by_line[6].hint == 'quote it: "1.10"'
    assert "octal number 0777 (511 in decimal)" in by_line[7].message
    assert by_line[22].message.startswith("`yes` becomes the boolean true")
    assert "env values must be strings" in by_line[22].message
    assert by_line[22].severity is Severity.ERROR
    assert by_line[22].path == "spec.containers[0].env[0].value"
    assert by_line[35].severity is Severity.WARNING and "write true" in by_line[35].message
    assert by_line[35].hint.startswith("write true/false")


def test_fixes_quote_the_original_text_and_then_nothing_fires() -> None:
    items = findings(POD)
    assert all(f.fix is not None and f.fix.safe for f in items)
    fixed = apply_fixes(POD, items)
    assert 'version: "1.10"' in fixed and 'mode: "0777"' in fixed and 'value: "yes"' in fixed
    assert '[--port, "8080", "8081", "on"]' in fixed and "readOnlyRootFilesystem: true" in fixed
    assert '- name: "no"' in fixed
    assert findings(fixed) == []
    assert yamlkit.load(fixed)[0]["metadata"]["labels"]["version"] == "1.10"


def test_quoted_and_string_values_are_not_flagged() -> None:
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {a: \"yes\", b: '1.10', c: v1.10}\n"
        "data:\n  A: \"true\"\n  B: |\n    yes\n  C: 1.2.3\n  D: 2024-01-01\n  E: yes please\n"
    )
    assert findings(text) == []


def test_configmap_data_and_secret_string_data() -> None:
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  FEATURE: off\n  PORT: 8080\n---\n"
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  token: 0x1F\n"
    )
    assert triples(findings(text)) == [("T001", 6, 12), ("T002", 7, 9), ("T002", 14, 10)]


def test_deployment_template_labels_selector_and_node_selector() -> None:
    text = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  selector:
    matchLabels: {tier: 1}
  template:
    metadata:
      labels: {tier: 1}
    spec:
      nodeSelector:
        gpu: true
      containers:
        - name: app
          image: app:1
"""
    assert triples(findings(text)) == [("T002", 7, 25), ("T002", 10, 22), ("T001", 13, 14)]


def test_service_selector_and_port_names() -> None:
    text = (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: yes\n"
        "  ports:\n    - name: on\n      port: 80\n      targetPort: 8080\n"
    )
    assert triples(findings(text)) == [("T001", 7, 10), ("T001", 9, 13)]


def test_kustomization_image_tag() -> None:
    text = (
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nimages:\n"
        "  - name: nginx\n    newTag: 1.20\n"
    )
    got = findings(text)
    assert triples(got) == [("T002", 5, 13)]
    assert "the number 1.2" in got[0].message


def test_list_items_are_checked_with_their_path() -> None:
    text = (
        "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n"
        "    metadata: {name: c}\n    data: {A: no}\n"
    )
    got = findings(text)
    assert triples(got) == [("T001", 7, 15)]
    assert got[0].path == "items[0].data.A"


def test_not_kubernetes_yaml_is_never_flagged() -> None:
    workflow = "name: ci\non:\n  push:\n    branches: [main]\njobs:\n  build:\n    env:\n      value: yes\n"
    values = "image:\n  tag: 1.20\nlabels:\n  version: 1.10\ndata:\n  A: yes\n"
    assert findings(workflow) == []
    assert findings(values) == []


def test_custom_resources_get_metadata_traps_but_not_bool_field_warnings() -> None:
    text = (
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  labels: {v: 1.10}\n"
        "spec:\n  readOnly: yes\n  data:\n    A: yes\n"
    )
    assert triples(findings(text)) == [("T002", 5, 15)]


def test_bool_field_words_only_outside_free_form_maps() -> None:
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    readOnly: yes\nspec:\n"
        "  hostNetwork: no\n  containers:\n    - name: c\n      image: c\n      tty: Y\n"
        "      volumeMounts:\n        - {name: v, mountPath: /v, readOnly: true}\n"
    )
    got = triples(findings(text))
    assert got == [("T001", 6, 15), ("T004", 8, 16), ("T004", 12, 12)]


def test_yaml12_mode_keeps_yes_a_string_but_still_flags_numbers() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  A: yes\n  B: 1.10\n"
    assert triples(findings(text, yaml12=True)) == [("T002", 7, 6)]


def test_aliases_are_reported_once_at_the_anchor() -> None:
    text = (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {a: &v 1.10, b: *v}\n"
        "data:\n  A: *v\n"
    )
    got = findings(text)
    assert triples(got) == [("T002", 5, 15)]  # at the anchor, which also covers both aliases
    assert "&v \"1.10\"" in apply_fixes(text, got)


@pytest.mark.parametrize("word,expected", [("y", "true"), ("N", "false"), ("OFF", "false"), ("On", "true")])
def test_bool_field_fix_writes_true_or_false(word: str, expected: str) -> None:
    text = f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nimmutable: {word}\n"
    got = findings(text)
    assert triples(got) == [("T004", 5, 12)]
    assert apply_fixes(text, got).endswith(f"immutable: {expected}\n")


def test_multiline_plain_scalars_get_no_fix() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  A:\n    yes\n"
    got = findings(text)
    assert triples(got) == [("T001", 7, 5)]
    assert got[0].fix is not None  # single line, on the next line: still exact
    source = from_text(text)
    edit = got[0].fix.edits[0]
    assert source.text[edit.start : edit.end] == "yes"


SCHEMA_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
  creationTimestamp: null
spec:
  hostname: 1.10
  serviceAccountName: yes
  enableServiceLinks: no
  containers:
    - name: web
      image: nginx
      resources:
        limits: {cpu: 0.5, memory: 1}
      ports:
        - containerPort: 80
          protocol: TCP
      stdin: on
"""


def test_the_kubernetes_schema_finds_other_string_and_boolean_fields() -> None:
    got = findings(SCHEMA_POD)
    assert triples(got) == [("T002", 7, 13), ("T001", 8, 23), ("T004", 9, 23), ("T004", 18, 14)]
    assert "`hostname` must be a string" in got[0].message
    # null in a schema-only string field (creationTimestamp: null) and quantities are fine


def test_without_a_usable_schema_the_built_in_table_still_works() -> None:
    got = findings(SCHEMA_POD, kubernetes_version="1.2")  # no bundled schema for 1.2
    assert triples(got) == [("T004", 9, 23), ("T004", 18, 14)]


def test_deployment_strategy_and_int_or_string_fields_are_not_flagged() -> None:
    text = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 2\n"
        "  strategy:\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 25%}\n  template:\n    spec:\n"
        "      containers:\n        - name: a\n          image: a\n          ports: [{containerPort: 80}]\n"
        "          readinessProbe: {httpGet: {port: 8080, path: /}}\n"
    )
    assert findings(text) == []


# -- the data-guided walk (traps._candidates_along_data) and the parser's typed scalars
# -- (traps._candidates_typed) find what the node walk finds ---------------------------------------
TRICKY = {
    "duplicate keys": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  k: 1\n  k: x\n",
    "tags": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: !!int '5', b: !!str 5, c: !!float 1}\n",
    "empty and null": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name:\n  labels: {a: ~, b: null}\ndata:\n  x:\n",
    "nested sequences": "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - args: [[1, yes], [], {a: 0x1F}]\n",
    "list items": "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n  data: {a: 1.10}\n"
                  "- 3\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: b, labels: {on: off}}\n",
    "numbers that normalize": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: 3.0, b: 03.0, c: 1_000, d: .5, e: -.inf}\n",
    "merge key": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  <<: {a: 1}\n  b: 2\n",
    "complex key": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  ? [a]\n  : 1\n  b: yes\n",
    "anchor": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  a: &x 1\n  b: *x\n",
}
#: Documents the fast builder leaves to the general one (``doc.key_names`` None): the data-guided
#: walk, which assumes no alias, merge key or complex key, must never be offered them.
NODE_WALK_ONLY = {"merge key", "complex key", "anchor"}


def _walks_agree(sources: list) -> int:
    """Compare both walks on every resource the data-guided one may walk; return how many."""
    from yamlkit.engine import resources_of
    from yamlkit.parse import parse
    from yamlkit.rules import traps

    compared = 0
    for source in sources:
        for doc in parse(source).documents:
            if doc.key_names is None:
                continue
            for resource in resources_of(doc):
                root = doc.node_at(resource.prefix)[1]
                expected = traps._candidates(root, False, False)
                try:
                    assert traps._candidates_along_data(root, resource.data) == expected, source.name
                except traps._Misaligned:
                    pass  # the node walk takes over
                if doc.typed_scalars is not None:  # listed by the C builder
                    assert traps._candidates_typed(doc.typed_scalars, resource.prefix) == expected, source.name
                assert traps._candidates_of(doc, root, resource.data, False, resource.prefix) == expected
                compared += 1
    return compared


@pytest.mark.parametrize("case", sorted(TRICKY))
def test_data_guided_walk_agrees_with_the_node_walk_on_tricky_documents(case: str) -> None:
    compared = _walks_agree([from_text(TRICKY[case], name=f"{case}.yaml")])
    assert (compared == 0) == (case in NODE_WALK_ONLY)


def test_data_guided_walk_agrees_with_the_node_walk_on_the_fixtures() -> None:
    from pathlib import Path

    from yamlkit.discovery import expand_paths, read_source
    from yamlkit.settings import Settings

    root = Path(__file__).resolve().parents[2]
    settings = Settings(respect_gitignore=False)
    folders = [str(root / "samples"), str(root / "tests")]
    sources = [s for s in (read_source(p, settings) for p in expand_paths(folders, settings))
               if getattr(s, "text", None) is not None]
    assert _walks_agree(sources) > 100


def test_data_guided_walk_agrees_with_the_node_walk_on_the_realworld_corpus(shared_dir) -> None:
    from yamlkit.discovery import expand_paths, read_source
    from yamlkit.settings import Settings

    settings = Settings(respect_gitignore=False)
    sources = [s for s in (read_source(p, settings) for p in expand_paths([str(shared_dir / "corpus" / "realworld")], settings))
               if getattr(s, "text", None) is not None]
    assert _walks_agree(sources) > 1000


def test_typed_scalars_are_listed_with_paths_as_written() -> None:
    from yamlkit import parse as parse_mod

    if parse_mod._LightComposer is None:
        pytest.skip("yamlkit was installed without its C composer, which lists typed scalars")
    doc = parse_mod.parse(from_text(TRICKY["list items"])).documents[0]
    assert [(path, node.value) for path, node in doc.typed_scalars] == [
        (("items", 0, "data", "a"), "1.10"), (("items", 1), "3"), (("items", 2, "metadata", "labels", "on"), "off"),
    ]
    assert parse_mod.parse(from_text(TRICKY["duplicate keys"])).documents[0].typed_scalars is None


def test_a_trap_under_a_repeated_key_is_still_found() -> None:
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  k: 1.10\n  k: x\n"
    assert [f.message.split(" ")[0] for f in findings(text) if f.code == "T002"] == ["`1.10`"]
