"""K4xx: availability, API lifecycle, secrets in plain sight."""

from __future__ import annotations

import pytest

from yamlkit.findings import Severity
from yamlkit.rules.practices.availability import resolve
from yamlkit.rules.practices.lifecycle import parse_version
from yamlkit.rules.practices.secrets import looks_secret

from .helpers import check, where


def deployment(spec: str) -> str:
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n" + spec
        + "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
        "    spec:\n      containers: [{name: web, image: 'nginx:1.27'}]\n"
    )


def test_single_replica_is_info() -> None:
    found = check(deployment("  replicas: 1\n"), "K401")
    assert where(found) == [("K401", 6, 13, "spec.replicas")]
    assert found[0].severity is Severity.INFO
    assert check(deployment(""), "K401") == []  # HPA-managed
    assert check(deployment("  replicas: 2\n"), "K401") == []


@pytest.mark.parametrize(
    "value, replicas, up, expected",
    [("25%", 3, False, 0), ("25%", 3, True, 1), ("50%", 3, False, 1), ("50%", 3, True, 2),
     ("100%", 4, False, 4), (2, 5, False, 2), ("x", 3, False, None), ("10%", 0, True, 0)],
)
def test_resolve_rounding(value, replicas, up, expected) -> None:
    assert resolve(value, replicas, round_up=up) == expected


@pytest.mark.parametrize(
    "spec, fires",
    [
        ("  replicas: 3\n  strategy: {rollingUpdate: {maxUnavailable: 3}}\n", True),
        ("  replicas: 3\n  strategy: {rollingUpdate: {maxUnavailable: '100%'}}\n", True),
        ("  replicas: 3\n  strategy: {rollingUpdate: {maxUnavailable: '99%'}}\n", False),  # rounds down to 2
        ("  replicas: 1\n  strategy: {rollingUpdate: {maxUnavailable: 1, maxSurge: 1}}\n", True),
        ("  replicas: 1\n  strategy: {rollingUpdate: {maxUnavailable: '0%', maxSurge: '0%'}}\n", True),  # 0/0 -> 1
        ("  replicas: 1\n", False),  # defaults 25%/25% -> 0 unavailable, 1 surge
        ("  replicas: 3\n  strategy: {rollingUpdate: {maxUnavailable: 1, maxSurge: 1}}\n", False),  # tutorial
        ("  replicas: 2\n  strategy: {type: Recreate}\n", False),
        ("  strategy: {rollingUpdate: {maxUnavailable: 5}}\n", False),  # no replicas: HPA
    ],
)
def test_rolling_update_unavailable(spec: str, fires: bool) -> None:
    found = check(deployment(spec), "K402")
    assert bool(found) is fires
    if fires:
        assert found[0].path == "spec.strategy.rollingUpdate.maxUnavailable"
        assert found[0].line == 7


@pytest.mark.parametrize("replicas", range(1, 41))
@pytest.mark.parametrize("strategy", ["", "  strategy: {type: RollingUpdate}\n", "  strategy: {rollingUpdate: {}}\n"])
def test_rolling_update_defaults_never_fire(replicas: int, strategy: str) -> None:
    """K402's when_keys promise: without maxUnavailable and maxSurge (25% each) a rolling update
    keeps a Pod up whatever the replica count, so the rule has nothing to say."""
    assert check(deployment(f"  replicas: {replicas}\n" + strategy), "K402") == []


def test_deprecated_api_version_respects_target() -> None:
    hpa = """
    apiVersion: flowcontrol.apiserver.k8s.io/v1beta3
    kind: FlowSchema
    metadata: {name: f}
    spec:
      priorityLevelConfiguration: {name: workload-low}
    """
    found = check(hpa, "K411", kubernetes_version="1.30")
    assert where(found) == [("K411", 1, 13, "apiVersion")]
    assert "flowcontrol.apiserver.k8s.io/v1" in found[0].hint and "1.32" in found[0].message
    assert check(hpa, "K411", kubernetes_version="1.28") == []  # not yet deprecated
    assert check(hpa, "K411", kubernetes_version="1.32") == []  # removed: the schema's error
    assert check(hpa, "K411") == []  # newest


def test_deprecated_api_still_served_in_newest() -> None:
    text = "apiVersion: resource.k8s.io/v1beta2\nkind: ResourceClaim\nmetadata: {name: r}\nspec: {}\n"
    found = check(text, "K411")
    assert where(found) == [("K411", 1, 13, "apiVersion")]
    assert "resource.k8s.io/v1" in found[0].hint
    assert check(text, "K411", kubernetes_version="1.33") == []


def test_parse_version() -> None:
    assert parse_version("") == (1, 37)
    assert parse_version("v1.29.3") == (1, 29)
    assert parse_version("1.24") == (1, 24)


@pytest.mark.parametrize(
    "name", ["DB_PASSWORD", "MYSQL_ROOT_PASSWORD", "API_KEY", "stripeApiKey", "GITHUB_TOKEN",
             "CLIENT_SECRET", "AWS_SECRET_ACCESS_KEY", "db-passwd", "PRIVATE_KEY", "MINIO_ACCESS_KEY"],
)
def test_secret_names(name: str) -> None:
    assert looks_secret(name)


@pytest.mark.parametrize(
    "name", ["KEYCLOAK_URL", "PUBLIC_KEY_PATH", "SECRET_NAME", "AWS_ACCESS_KEY_ID", "TOKEN_URL",
             "CACHE_KEY", "SORT_KEY", "PASSWORD_FILE", "MYSQL_ALLOW_EMPTY_PASSWORD", "DB_USER",
             "MYSQL_RANDOM_ROOT_PASSWORD", "KEY", "PASSTHROUGH", "TOKENIZER_MODEL"],
)
def test_not_secret_names(name: str) -> None:
    assert not looks_secret(name)


def test_secret_in_env_value() -> None:
    text = """
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
        - name: app
          image: example/app:1.0
          env:
            - {name: DB_HOST, value: db}
            - {name: DB_PASSWORD, value: hunter2}
            - {name: API_TOKEN, value: ""}
            - {name: AUTH_TOKEN, value: "$(TOKEN_FROM_FILE)"}
            - name: SECRET_KEY
              valueFrom: {secretKeyRef: {name: app, key: secret}}
    """
    found = check(text, "K421")
    assert where(found) == [("K421", 10, 38, "spec.containers[0].env[1].value")]
    assert "DB_PASSWORD" in found[0].message and "secretKeyRef" in found[0].hint


def test_wrong_types_never_crash() -> None:
    """Malformed specs are the schema's business: the K rules skip what they cannot read."""
    text = """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: w, namespace: 3}
    spec:
      replicas: "two"
      strategy: {rollingUpdate: [1]}
      selector: {matchLabels: [a], matchExpressions: {x: 1}}
      template:
        metadata: {labels: [x]}
        spec:
          hostNetwork: "yes"
          volumes: [1, {hostPath: 7}, {name: v, configMap: true, projected: {sources: 5}}]
          imagePullSecrets: true
          securityContext: []
          containers:
            - 5
            - name: [x]
              image: 7
              env: {a: b}
              envFrom: 1
              ports: "80"
              securityContext: {capabilities: {add: NET_RAW}, runAsUser: "0"}
              livenessProbe: {httpGet: {port: [1]}}
              readinessProbe: 1
              resources: {limits: 1}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: s}
    spec: {selector: {a: [1]}, ports: [1, {targetPort: {x: 1}}]}
    """
    codes = [m for m in ("K101", "K102", "K103", "K104", "K105", "K111", "K112", "K121", "K122", "K201",
                         "K202", "K203", "K204", "K205", "K206", "K209", "K210", "K301", "K302", "K303",
                         "K304", "K401", "K402", "K411", "K421")]
    check(text, *codes)  # asserts no X001
