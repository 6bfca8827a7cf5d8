"""K3xx: cross-resource checks over several files (RUN scope)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import yamlkit

from .helpers import check, where


def run(tmp_path: Path, files: dict[str, str], *codes: str) -> list:
    paths = []
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"))
        paths.append(str(path))
    found = yamlkit.check(paths, config={"select": list(codes)}).findings
    assert not [f for f in found if f.code == "X001"]
    hits = [f for f in found if f.code in codes]
    assert all(f.hint for f in hits)
    return hits


def rel(findings: list, tmp_path: Path) -> list[tuple[str, str, int, int, str | None]]:
    return [(f.code, Path(f.file).name, f.line, f.column, f.path) for f in findings]


SERVICE = """
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
"""


def deployment(name: str = "web", labels: str = "{app: web}", ns: str = "", ports: str = "") -> str:
    meta = f"  namespace: {ns}\n" if ns else ""
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
        f"  name: {name}\n{meta}spec:\n  selector:\n    matchLabels: {labels}\n"
        f"  template:\n    metadata:\n      labels: {labels}\n    spec:\n      containers:\n"
        f"        - name: {name}\n          image: example/{name}:1.0\n{ports}"
    )


HTTP = "          ports:\n            - {name: http, containerPort: 8080}\n"


def test_service_matching_a_deployment_in_another_file_is_fine(tmp_path: Path) -> None:
    found = run(tmp_path, {"svc.yaml": SERVICE, "deploy.yaml": deployment(ports=HTTP)}, "K301", "K302")
    assert found == []


def test_dangling_service_names_the_workloads(tmp_path: Path) -> None:
    found = run(tmp_path, {"svc.yaml": SERVICE, "deploy.yaml": deployment(labels="{app: wbe}")}, "K301")
    assert rel(found, tmp_path) == [("K301", "svc.yaml", 6, 3, "spec.selector")]
    assert found[0].related and "deploy.yaml:10" in found[0].related[0]


def test_no_workload_in_the_run_means_no_verdict(tmp_path: Path) -> None:
    assert run(tmp_path, {"svc.yaml": SERVICE}, "K301", "K302") == []


def test_namespaces_are_respected(tmp_path: Path) -> None:
    svc = SERVICE.replace("  name: web\n", "  name: web\n  namespace: shop\n")
    files = {"svc.yaml": svc, "a.yaml": deployment(ns="default"), "b.yaml": deployment("other", "{app: other}", "shop")}
    found = run(tmp_path, files, "K301")
    assert rel(found, tmp_path) == [("K301", "svc.yaml", 7, 3, "spec.selector")]
    # Absent namespace == default.
    assert run(tmp_path, {"svc.yaml": SERVICE, "a.yaml": deployment(ns="default")}, "K301") == []


def test_custom_resources_may_own_the_pods(tmp_path: Path) -> None:
    prometheus = "apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata:\n  name: main\n"
    files = {"svc.yaml": SERVICE, "deploy.yaml": deployment("op", "{app: operator}"), "prom.yaml": prometheus}
    assert run(tmp_path, files, "K301") == []


def test_named_target_port_must_exist(tmp_path: Path) -> None:
    found = run(tmp_path, {"svc.yaml": SERVICE, "deploy.yaml": deployment()}, "K302")
    assert rel(found, tmp_path) == [("K302", "svc.yaml", 10, 19, "spec.ports[0].targetPort")]
    assert "'http'" in found[0].message


def test_numeric_target_port(tmp_path: Path) -> None:
    svc = SERVICE.replace("targetPort: http", "targetPort: 9090")
    found = run(tmp_path, {"svc.yaml": svc, "deploy.yaml": deployment(ports=HTTP)}, "K302")
    assert rel(found, tmp_path) == [("K302", "svc.yaml", 10, 19, "spec.ports[0].targetPort")]
    assert "8080" in found[0].message
    ok = SERVICE.replace("targetPort: http", "targetPort: 8080")
    assert run(tmp_path, {"svc.yaml": ok, "deploy.yaml": deployment(ports=HTTP)}, "K302") == []


def test_missing_target_port_defaults_to_port(tmp_path: Path) -> None:
    svc = SERVICE.replace("      targetPort: http\n", "")
    found = run(tmp_path, {"svc.yaml": svc, "deploy.yaml": deployment(ports=HTTP)}, "K302")
    assert rel(found, tmp_path) == [("K302", "svc.yaml", 9, 13, "spec.ports[0].port")]
    assert "defaults to port" in found[0].message


def test_native_sidecar_ports_count(tmp_path: Path) -> None:
    text = deployment().replace(
        "      containers:\n",
        "      initContainers:\n        - name: proxy\n          image: example/proxy:1.0\n"
        "          restartPolicy: Always\n          ports: [{name: http, containerPort: 15001}]\n"
        "      containers:\n",
    )
    assert run(tmp_path, {"svc.yaml": SERVICE, "deploy.yaml": text}, "K302") == []


def test_overlapping_selectors_reported_once_at_the_culprit(tmp_path: Path) -> None:
    broad = deployment("web", "{app: shop}")
    narrow = deployment("worker", "{app: shop, tier: worker}")
    found = run(tmp_path, {"a.yaml": broad, "b.yaml": narrow}, "K303")
    # web's selector (app=shop) reaches worker's Pods; worker's does not reach web's.
    assert rel(found, tmp_path) == [("K303", "a.yaml", 6, 3, "spec.selector")]
    assert "b.yaml:10" in found[0].related[0]
    same = run(tmp_path, {"a.yaml": broad, "b.yaml": deployment("other", "{app: shop}")}, "K303")
    assert rel(same, tmp_path) == [("K303", "b.yaml", 6, 3, "spec.selector")]


def test_versions_of_one_object_and_other_namespaces_do_not_overlap(tmp_path: Path) -> None:
    files = {"v1.yaml": deployment(), "v2.yaml": deployment(), "ns.yaml": deployment("x", "{app: web}", "prod")}
    assert run(tmp_path, files, "K303") == []


def test_missing_references_off_by_default() -> None:
    text = """
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: present}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      serviceAccountName: runner
      containers:
        - name: c
          image: example/c:1.0
          envFrom:
            - configMapRef: {name: present}
            - secretRef: {name: absent}
          env:
            - name: X
              valueFrom: {secretKeyRef: {name: maybe, key: x, optional: true}}
    """
    assert check(text, "K304", select=None) == []
    assert where(check(text, "K304")) == [
        ("K304", 9, 23, "spec.serviceAccountName"),
        ("K304", 15, 29, "spec.containers[0].envFrom[1].secretRef.name"),
    ]


def test_cross_resource_findings_honour_suppressions(tmp_path: Path) -> None:
    svc = SERVICE.replace("targetPort: http", "targetPort: 3000")
    files = {"svc.yaml": svc, "deploy.yaml": deployment()}
    assert len(run(tmp_path, files, "K302")) == 1
    commented = svc.replace("targetPort: 3000", "targetPort: 3000  # yamlkit: disable-line=K302")
    assert run(tmp_path, {"svc.yaml": commented, "deploy.yaml": deployment()}, "K302") == []
    annotated = svc.replace("  name: web\n", '  name: web\n  annotations:\n    yamlkit.io/ignore: "K302 -- listens anyway"\n')
    assert run(tmp_path, {"svc.yaml": annotated, "deploy.yaml": deployment()}, "K302") == []


def test_a_directive_used_by_a_cross_resource_finding_is_not_unused(tmp_path: Path) -> None:
    svc = SERVICE.replace("targetPort: http", "targetPort: 3000  # yamlkit: disable-line=K302")
    (tmp_path / "svc.yaml").write_text(textwrap.dedent(svc).lstrip("\n"))
    (tmp_path / "deploy.yaml").write_text(deployment())
    config = {"select": ["K302", "Y090"], "report_unused_suppressions": True}
    found = yamlkit.check([str(tmp_path / "svc.yaml"), str(tmp_path / "deploy.yaml")], config=config).findings
    assert [f.code for f in found if f.code in ("K302", "Y090")] == []


def test_list_items_are_resources_with_their_own_paths() -> None:
    text = """
    apiVersion: v1
    kind: List
    items:
      - apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: http}]
      - apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: "nginx:1.27"}]
    """
    found = check(text, "K301", "K302")
    assert where(found) == [("K302", 9, 38, "items[0].spec.ports[0].targetPort")]
    assert found[0].resource == "Service/web" and found[0].related == ("Deployment/web at <string>:16",)


def test_shared_index_values_stand_for_equal_values_of_equal_types_only() -> None:
    import datetime

    from yamlkit.rules.base import value_key

    def same(a: object, b: object) -> bool:
        return value_key(a) == value_key(b)

    assert same((frozenset({"http", 8080}), frozenset({80, None}), True),
                (frozenset({"http", 8080}), frozenset({80, None}), True))
    assert not same(frozenset({1}), frozenset({True}))
    assert not same(frozenset({1}), frozenset({1.0}))
    assert not same(frozenset({"1"}), frozenset({1}))
    assert not same((frozenset(), frozenset(), True), (frozenset(), frozenset(), 1))
    assert same({"app": "web"}, {"app": "web"}) and not same({"app": "web"}, {"app": ["web"]})
    assert not same({"app": 1}, {"app": True}) and not same({"app": 1}, {"app": "1"})
    assert not same([1, 2], (1, 2))
    # a library user's data may hold what marshal cannot write
    day = datetime.date(2024, 1, 2)
    assert same({"day": day}, {"day": datetime.date(2024, 1, 2)}) and not same({"day": day}, {"day": "2024-01-02"})
