"""The tutorial's manifests (docs/tutorial.txt, rebuilt in fixtures/tutorial/ from samples/tutorial/)."""

from __future__ import annotations

from pathlib import Path

import yamlkit

TUTORIAL = Path(__file__).parent / "fixtures" / "tutorial"


def findings(*names: str, select: list[str] | None = None) -> list:
    config = {"select": select} if select else {}
    report = yamlkit.check([str(TUTORIAL / n) for n in names], config=config)
    assert not [f for f in report.findings if f.code == "X001"]
    return [f for f in report.findings if f.code.startswith("K")]


def at(found: list) -> list[tuple[str, str, int, int]]:
    return [(f.code, Path(f.file).name, f.line, f.column) for f in found]


def test_deployment_without_probes_gets_probe_warnings() -> None:
    found = findings("deployment-v3.yaml")
    probes = [f for f in found if f.code in ("K101", "K102")]
    assert at(probes) == [("K101", "deployment-v3.yaml", 17, 11), ("K102", "deployment-v3.yaml", 17, 11)]
    assert all(f.path == "spec.template.spec.containers[0]" for f in probes)


def test_clusterip_service_matches_the_deployment_but_not_its_ports() -> None:
    found = findings("deployment-v3.yaml", "service-hellok8s-clusterip.yaml")
    assert not [f for f in found if f.code == "K301"], "the Service selects app=hellok8s: not dangling"
    target = [f for f in found if f.code == "K302"]
    assert at(target) == [("K302", "service-hellok8s-clusterip.yaml", 12, 19)]
    assert target[0].path == "spec.ports[0].targetPort"
    assert "3000" in target[0].message and "deployment-v3.yaml:13" in target[0].message
    assert "containerPort: 3000" in target[0].hint


def test_nodeport_service_target_port_defaults_to_port() -> None:
    found = findings("deployment-v3.yaml", "service-hellok8s-nodeport.yaml")
    target = [f for f in found if f.code == "K302"]
    assert at(target) == [("K302", "service-hellok8s-nodeport.yaml", 11, 13)]
    assert "defaults to port" in target[0].message


def test_probe_lessons() -> None:
    liveness = findings("deployment-liveness.yaml")
    assert {f.code for f in liveness} >= {"K101"} and "K102" not in {f.code for f in liveness}
    readiness = findings("deployment-readiness.yaml")
    assert "K101" not in {f.code for f in readiness} and "K102" in {f.code for f in readiness}
    # Port 8888 is not declared, but the container declares no ports at all: not flagged.
    assert "K104" not in {f.code for f in liveness + readiness}
    # In strict mode the 3s x 3 liveness probe is too early for a slow start.
    early = findings("deployment-liveness.yaml", select=["K105"])
    assert at(early) == [("K105", "deployment-liveness.yaml", 23, 11)]


def test_availability_lessons() -> None:
    v1 = findings("deployment-v1.yaml")
    assert [(f.code, f.severity.value, f.line) for f in v1 if f.code == "K401"] == [("K401", "info", 7)]
    rolling = findings("deployment-rolling-update.yaml")
    assert "K402" not in {f.code for f in rolling}  # 3 replicas, maxUnavailable 1


def test_the_whole_tutorial_directory() -> None:
    names = sorted(p.name for p in TUTORIAL.glob("*.yaml"))
    found = findings(*names)
    codes = {f.code for f in found}
    # Successive versions of hellok8s-deployment are one object, not overlapping controllers.
    assert "K303" not in codes and "K301" not in codes
    assert {"K101", "K102", "K111", "K302"} <= codes
    assert all(f.hint for f in found)
