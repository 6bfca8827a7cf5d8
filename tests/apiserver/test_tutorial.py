"""The tutorial's behaviour, with exact positions (what a reader sees in the editor)."""

from __future__ import annotations

import textwrap

import yamlkit

DEPLOYMENT = textwrap.dedent(
    """\
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: nginx-deployment
    spec:
      replicas: 3
      selector:
        matchLabels:
          app: nginx
      template:
        metadata:
          labels:
            app: nginx
        spec:
          containers:
            - name: nginx
              image: nginx:1.27
              ports:
                - containerPort: 80
              {probe}:
                httpGet:
                  path: /
                  port: 80
                successThreshold: 5
    """
)


def _a(text: str, **config: object) -> list:
    return [f for f in yamlkit.check(text, config={"select": ["A"], **config}).findings]


def test_readiness_success_threshold_5_passes() -> None:
    assert _a(DEPLOYMENT.format(probe="readinessProbe")) == []


def test_liveness_success_threshold_5_fails_at_the_value() -> None:
    [finding] = _a(DEPLOYMENT.format(probe="livenessProbe"))
    assert finding.code == "A201"
    assert finding.path == "spec.template.spec.containers[0].livenessProbe.successThreshold"
    assert finding.message.startswith("Invalid value: 5: must be 1")
    assert (finding.line, finding.column) == (24, 31)
    assert finding.severity.value == "error" and finding.hint


def test_max_surge_and_max_unavailable_zero() -> None:
    text = DEPLOYMENT.format(probe="readinessProbe").replace(
        "  replicas: 3\n",
        "  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 0\n",
    )
    [finding] = _a(text)
    assert (finding.code, finding.path) == ("A231", "spec.strategy.rollingUpdate.maxUnavailable")
    assert (finding.line, finding.column) == (10, 23)
    assert finding.message.startswith("Invalid value: 0: may not be 0 when `maxSurge` is 0")


def test_selector_not_matching_template_labels() -> None:
    text = DEPLOYMENT.format(probe="readinessProbe").replace("        app: nginx\n", "        app: web\n", 1)
    [finding] = _a(text)
    assert (finding.code, finding.path) == ("A224", "spec.template.metadata.labels")
    assert (finding.line, finding.column) == (13, 9)
    assert "`selector` does not match template `labels`" in finding.message


SERVICE = textwrap.dedent(
    """\
    apiVersion: v1
    kind: Service
    metadata:
      name: nginx-service
    spec:
      type: {type}
      selector:
        app: nginx
      ports:
        - port: 80
          targetPort: 80
          nodePort: {node_port}
    """
)


def test_node_port_service_with_30000_passes() -> None:
    assert _a(SERVICE.format(type="NodePort", node_port=30000)) == []


def test_node_port_on_cluster_ip_service_fails() -> None:
    [finding] = _a(SERVICE.format(type="ClusterIP", node_port=30080))
    assert (finding.code, finding.path, finding.line, finding.column) == ("A311", "spec.ports[0].nodePort", 12, 17)
    assert finding.message.startswith("Forbidden: may not be used when `type` is 'ClusterIP'")


def test_node_port_8080_on_node_port_service_fails() -> None:
    [finding] = _a(SERVICE.format(type="NodePort", node_port=8080))
    assert (finding.code, finding.path, finding.line, finding.column) == ("A313", "spec.ports[0].nodePort", 12, 17)
    assert finding.message.startswith("Invalid value: 8080: provided port is not in the valid range")


def test_node_port_range_is_an_option() -> None:
    text = SERVICE.format(type="NodePort", node_port=8080)
    assert _a(text, rule_options={"A313": {"node-port-range": "1-9999"}}) == []
    [finding] = _a(SERVICE.format(type="NodePort", node_port=30000), rule_options={"node-port-out-of-range": {"node_port_range": "1-9999"}})
    assert "The range of valid ports is 1-9999" in finding.message


def test_missing_field_points_at_nearest_parent_and_says_so() -> None:
    text = DEPLOYMENT.format(probe="readinessProbe").replace("  selector:\n    matchLabels:\n      app: nginx\n", "")
    by_code = {f.code: f for f in _a(text)}
    assert by_code["A221"].path == "spec.selector"
    assert "not in the file" in by_code["A221"].message
    assert (by_code["A221"].line, by_code["A221"].column) == (5, 1)


def test_warnings_are_warnings() -> None:
    text = DEPLOYMENT.format(probe="readinessProbe").replace(
        "          ports:\n", "          env:\n            - {name: A, value: x}\n            - {name: A, value: y}\n          ports:\n"
    )
    [finding] = _a(text)
    assert finding.code == "A160" and finding.severity.value == "warning"


def test_list_items_get_their_prefix() -> None:
    text = "apiVersion: v1\nkind: List\nitems:\n" + textwrap.indent(SERVICE.format(type="NodePort", node_port=8080), "  ").replace("  apiVersion", "- apiVersion", 1)
    [finding] = _a(text)
    assert finding.path == "items[0].spec.ports[0].nodePort"
    text = text.replace("type: NodePort", "type: NodePort\n    loadBalancerSourceRanges: [10.0.0.0/8]").replace("nodePort: 8080", "nodePort: 30080")
    [finding] = _a(text)
    assert finding.path == "items[0].spec.LoadBalancerSourceRanges"
