"""K2xx: security contexts, host namespaces, host paths, capabilities."""

from __future__ import annotations

from .helpers import check, where

POD = """
apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: example/app:1.0
      securityContext:
        privileged: true
        allowPrivilegeEscalation: true
        capabilities:
          add: [NET_BIND_SERVICE, CAP_SYS_ADMIN, net_raw]
"""
SC = "spec.containers[0].securityContext"


def test_privileged_escalation_capabilities() -> None:
    assert where(check(POD, "K201", "K202", "K210")) == [
        ("K201", 12, 21, SC + ".privileged"),
        ("K202", 13, 35, SC + ".allowPrivilegeEscalation"),
        ("K210", 15, 35, SC + ".capabilities.add[1]"),
        ("K210", 15, 50, SC + ".capabilities.add[2]"),
    ]


def test_safe_security_context_does_not_fire() -> None:
    safe = """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      securityContext: {runAsNonRoot: true, runAsUser: 1000}
      containers:
        - name: app
          image: example/app:1.0
          securityContext:
            privileged: false
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
    """
    codes = [f"K2{n:02d}" for n in range(1, 11)]
    assert check(safe, *codes) == []


def test_escalation_not_disabled_is_strict_only() -> None:
    text = POD.replace("        allowPrivilegeEscalation: true\n", "")
    assert check(text, "K203", select=None) == []
    assert where(check(text, "K203")) == [("K203", 11, 7, SC)]


def test_run_as_root_container_overrides_pod() -> None:
    # The pod says non-root; the container says uid 0: the container wins.
    text = POD.replace("        privileged: true\n", "        runAsUser: 0\n")
    assert where(check(text, "K204")) == [("K204", 12, 20, SC + ".runAsUser")]
    # The pod's runAsNonRoot covers a container that says nothing.
    assert check(POD, "K204") == []
    # Nothing anywhere: may run as root.
    bare = POD.replace("  securityContext:\n    runAsNonRoot: true\n", "")
    assert where(check(bare, "K204")) == [("K204", 9, 7, SC)]
    # A non-zero runAsUser is enough.
    uid = bare.replace("        privileged: true\n", "        runAsUser: 1000\n")
    assert check(uid, "K204") == []


def test_run_as_root_and_writable_fs_are_off_by_default() -> None:
    assert check(POD.replace("runAsNonRoot: true", "runAsNonRoot: false"), "K204", "K205", select=None) == []
    assert where(check(POD, "K205")) == [("K205", 11, 7, SC)]


def test_host_namespaces() -> None:
    text = """
    apiVersion: apps/v1
    kind: DaemonSet
    metadata: {name: agent}
    spec:
      selector: {matchLabels: {app: agent}}
      template:
        metadata: {labels: {app: agent}}
        spec:
          hostNetwork: true
          hostPID: true
          hostIPC: true
          containers:
            - {name: agent, image: "example/agent:1.0"}
    """
    assert where(check(text, "K206", "K207", "K208")) == [
        ("K206", 9, 20, "spec.template.spec.hostNetwork"),
        ("K207", 10, 16, "spec.template.spec.hostPID"),
        ("K208", 11, 16, "spec.template.spec.hostIPC"),
    ]
    assert check(text.replace("true", "false"), "K206", "K207", "K208") == []


def test_sensitive_host_paths() -> None:
    text = """
    apiVersion: batch/v1
    kind: CronJob
    metadata: {name: c}
    spec:
      schedule: "* * * * *"
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - {name: c, image: "busybox:1.36"}
              volumes:
                - {name: sock, hostPath: {path: /var/run/docker.sock}}
                - {name: etc, hostPath: {path: /etc/}}
                - {name: certs, hostPath: {path: /etc/ssl/certs}}
                - {name: logs, hostPath: {path: /var/log}}
    """
    base = "spec.jobTemplate.spec.template.spec.volumes"
    found = check(text, "K209")
    assert where(found) == [
        ("K209", 14, 45, f"{base}[0].hostPath.path"),
        ("K209", 15, 44, f"{base}[1].hostPath.path"),
    ]
    assert '"sock"' in found[0].message


def test_capability_option() -> None:
    opts = {"rule_options": {"K210": {"forbidden": ["NET_BIND_SERVICE"]}}}
    found = check(POD, "K210", **opts)
    assert [f.path for f in found] == [SC + ".capabilities.add[0]"]
