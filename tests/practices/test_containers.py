"""K1xx: probes, images, resources — fire and don't-fire, with line:column and path."""

from __future__ import annotations

from .helpers import check, where

DEPLOY = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
        - name: setup
          image: busybox:1.36
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 80
"""
C0 = "spec.template.spec.containers[0]"


def test_missing_probes_fire_on_containers_not_init_containers() -> None:
    assert where(check(DEPLOY, "K101", "K102")) == [
        ("K101", 16, 11, C0),
        ("K102", 16, 11, C0),
    ]


def test_probes_present_do_not_fire() -> None:
    text = DEPLOY + "          readinessProbe: {httpGet: {path: /, port: http}}\n" \
                    "          livenessProbe: {tcpSocket: {port: 80}}\n"
    assert check(text, "K101", "K102", "K103", "K104") == []


def test_jobs_and_cronjobs_need_no_probes() -> None:
    job = """
    apiVersion: batch/v1
    kind: Job
    metadata: {name: once}
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - {name: once, image: "busybox:1.36"}
    ---
    apiVersion: batch/v1
    kind: CronJob
    metadata: {name: nightly}
    spec:
      schedule: "0 3 * * *"
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: OnFailure
              containers:
                - {name: nightly, image: "busybox:1.36"}
    """
    assert check(job, "K101", "K102") == []


def test_identical_probes() -> None:
    text = DEPLOY + "          readinessProbe: {httpGet: {path: /, port: http}}\n" \
                    "          livenessProbe: {httpGet: {path: /, port: http}}\n"
    assert where(check(text, "K103")) == [("K103", 22, 11, C0 + ".livenessProbe")]


def test_probe_named_port_not_declared() -> None:
    text = DEPLOY + "          readinessProbe: {httpGet: {path: /, port: metrics}}\n"
    found = check(text, "K104")
    assert where(found) == [("K104", 21, 53, C0 + ".readinessProbe.httpGet.port")]
    assert "'metrics'" in found[0].message and "http" in found[0].message


def test_probe_named_port_without_any_ports_fires() -> None:
    text = """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
        - name: c
          image: nginx:1.27
          livenessProbe:
            grpc: {port: health}
    """
    assert where(check(text, "K104")) == [("K104", 9, 22, "spec.containers[0].livenessProbe.grpc.port")]


def test_probe_numeric_port_is_off_by_default_and_optional() -> None:
    text = DEPLOY + "          readinessProbe: {httpGet: {path: /, port: 8080}}\n"
    assert check(text, "K104") == []
    opts = {"rule_options": {"K104": {"numeric-ports": True}}}
    assert where(check(text, "K104", **opts)) == [("K104", 21, 53, C0 + ".readinessProbe.httpGet.port")]
    # never when the container declares no ports at all
    bare = text.replace("          ports:\n            - name: http\n              containerPort: 80\n", "")
    assert check(bare, "K104", **opts) == []


def test_liveness_too_early_is_off_by_default() -> None:
    text = DEPLOY + "          livenessProbe: {httpGet: {path: /, port: http}, periodSeconds: 3}\n"
    assert check(text, "K105", select=None) == []
    assert where(check(text, "K105")) == [("K105", 21, 11, C0 + ".livenessProbe")]
    slow = DEPLOY + "          livenessProbe: {httpGet: {path: /, port: http}, initialDelaySeconds: 30}\n"
    assert check(slow, "K105") == []
    started = text + "          startupProbe: {httpGet: {path: /, port: http}}\n"
    assert check(started, "K105") == []


def test_latest_image_tag() -> None:
    text = DEPLOY.replace("busybox:1.36", "busybox").replace("nginx:1.27", "registry:5000/nginx:latest")
    assert where(check(text, "K111")) == [
        ("K111", 14, 18, "spec.template.spec.initContainers[0].image"),
        ("K111", 17, 18, C0 + ".image"),
    ]


def test_pinned_images_do_not_fire() -> None:
    for image in ("nginx:1.27", "registry:5000/nginx:1.27", "nginx@sha256:" + "a" * 64, "$(IMAGE)"):
        assert check(DEPLOY.replace("nginx:1.27", image), "K111", "K112") == [], image


def test_latest_with_if_not_present() -> None:
    text = DEPLOY.replace("nginx:1.27", "nginx:latest") + "          imagePullPolicy: IfNotPresent\n"
    assert where(check(text, "K112")) == [("K112", 21, 28, C0 + ".imagePullPolicy")]
    assert check(text.replace("IfNotPresent", "Always"), "K112") == []


def test_missing_requests_and_memory_limit() -> None:
    found = check(DEPLOY, "K121", "K122")
    assert where(found) == [
        ("K121", 13, 11, "spec.template.spec.initContainers[0]"),
        ("K122", 13, 11, "spec.template.spec.initContainers[0]"),
        ("K121", 16, 11, C0),
        ("K122", 16, 11, C0),
    ]
    assert "cpu and memory" in found[0].message


def test_requests_partial_and_limits_count_as_requests() -> None:
    text = DEPLOY.replace("busybox:1.36\n", "busybox:1.36\n          resources: {limits: {cpu: 1, memory: 64Mi}}\n")
    text += "          resources:\n            requests: {cpu: 100m}\n"
    found = check(text, "K121", "K122")
    assert where(found) == [
        ("K122", 22, 11, C0 + ".resources"),
        ("K121", 23, 13, C0 + ".resources.requests"),
    ]
    assert "memory request" in found[1].message
