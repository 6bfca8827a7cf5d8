"""A1xx: the pod spec — containers, ports, env, volumes, resources and pod-level fields.

Runs on every pod spec found by :mod:`.workloads` (Pod ``spec``, ``spec.template.spec``,
``spec.jobTemplate.spec.template.spec``, ``template.spec``) with the path each kind prints.

Rows of docs/apiserver-rules.md: POD-CONTAINERS-REQ, CTR-*, INIT-RESTARTPOLICY, PORT-*, ENV-*,
ENVFROM-ONE, VOL-*, VOLMOUNT-*, RES-*, POD-RESTARTPOLICY, POD-DNSPOLICY, POD-TGPS (warning),
POD-ADS, POD-HOSTNAME, POD-TOLERATION, POD-SA-NAME, POD-AFFINITY (weights, topologyKey),
POD-EPHEMERAL, POD-SCHEDGATES, POD-OS, DEP-TEMPLATE-PODSPEC, and warnings.go.

Unreachable from v1 because defaulting runs first (not reported): imagePullPolicy /
terminationMessagePolicy / restartPolicy / dnsPolicy `Required value`, "must specify a volume
type" (a volume without source becomes emptyDir), fieldRef.apiVersion `Required value`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator

from ...findings import Severity
from ..base import Resource, RuleContext, Violation
from . import validators as v
from ._common import (
    hkey,
    api_rule, as_dict, as_list, as_str, at_least, duplicate, fmt, forbidden, go_value,
    invalid, is_int, not_found, required, unsupported, violation,
)
from .examples import pod
from .workloads import (
    POD_KINDS, Ctr, PodSite, Quantity, containers, decode_error_path, pod_site, pod_site_checked, quantities,
    site_memo,
)

KINDS = POD_KINDS
MAIN = ("initContainers", "containers")


# -- containers ---------------------------------------------------------------------------

@api_rule(
    "A101", "containers-required", kinds=KINDS,
    summary="The pod spec has no containers.",
    what="Reports a pod spec whose `containers` list is missing or empty (`containers: []` passes the schema).",
    why="The API server answers `spec.containers: Required value`: a Pod needs at least one container.",
    bad="""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers: []
        """,
    good=pod(),
)
def containers_required(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    items = site.spec.get("containers")
    if items is None or items == []:
        yield violation(required(), "a pod needs at least one container", "add a container under `containers`",
                        site.p("containers"))


@api_rule(
    "A102", "container-name-required", kinds=KINDS,
    summary="A container has no name.",
    what="Reports containers and init containers whose `name` is missing or empty.",
    why="The API server answers `spec.containers[0].name: Required value`.",
    bad="""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - image: nginx:1.27
        """,
    good=pod(),
)
def container_name_required(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        if c.data.get("name") in (None, ""):
            yield violation(required(), "every container needs a name", "add `name:` to the container", c.p("name"))


@api_rule(
    "A103", "container-name-invalid", kinds=KINDS,
    summary="A container name is not a DNS-1123 label.",
    what="Checks container and init container names: at most 63 lowercase letters, digits and '-', no dots.",
    why="The API server rejects the object with `spec.containers[0].name: Invalid value: ...`.",
    bad=pod().replace("- name: web", "- name: Web_Server"),
    good=pod().replace("- name: web", "- name: web-server"),
)
def container_name_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        name = as_str(c.data.get("name"))
        if name:
            errs = v.dns1123_label(name)
            if errs:
                yield violation(invalid(name, "; ".join(errs)), "container names are DNS-1123 labels",
                                "use lowercase letters, digits and '-'", c.p("name"))


@api_rule(
    "A104", "container-name-duplicate", kinds=KINDS,
    summary="Two containers of a pod have the same name.",
    what="""
        Container names must be unique across `containers` and `initContainers`. Regular
        containers are checked first; a clash with an init container is reported on the init
        container.
        """,
    why="The API server rejects the object with `Duplicate value: \"<name>\"`.",
    bad=pod(ctr="") + "    - name: web\n      image: busybox:1.36\n",
    good=pod(ctr="") + "    - name: sidecar\n      image: busybox:1.36\n",
)
def container_name_duplicate(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    seen: set[str] = set()
    for group in ("containers", "initContainers"):
        for c in containers(site, (group,)):
            name = as_str(c.data.get("name"))
            if not name:
                continue
            if name in seen:
                yield violation(duplicate(name), "container names must be unique within a pod",
                                "rename one of the containers", c.p("name"))
            seen.add(name)


@api_rule(
    "A105", "container-image-required", kinds=KINDS,
    summary="A container has no image.",
    what="Reports containers and init containers without `image` (the field is optional in OpenAPI).",
    why="The API server answers `spec.containers[0].image: Required value`.",
    bad="""
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
        spec:
          containers:
            - name: web
        """,
    good=pod(),
)
def container_image_required(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        if c.data.get("image") in (None, ""):
            yield violation(required(), "the container has no image to run", "add `image:`", c.p("image"))


@api_rule(
    "A106", "container-image-whitespace", kinds={"Pod"}, when_keys={"image"},
    summary="A Pod's container image has leading or trailing whitespace.",
    what="""
        Pods only: the image may not start or end with whitespace. Pod templates are not checked
        by the API server (their Pods are rejected later by the controller).
        """,
    why="The API server rejects the Pod with `Invalid value: \" nginx\": must not have leading or trailing whitespace`.",
    bad=pod(image='"nginx:1.27 "'),
    good=pod(),
)
def container_image_whitespace(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None or not site.is_pod:
        return
    for c in containers(site, MAIN):
        image = as_str(c.data.get("image"))
        if image and image != image.strip():
            yield violation(invalid(image, "must not have leading or trailing whitespace"),
                            "the image reference contains spaces around it", "remove the spaces", c.p("image"))


def _enum_rule(site: PodSite, field: str, allowed: tuple[str, ...], plain: str) -> Iterator[Violation]:
    for c in containers(site, MAIN):
        value = c.data.get(field)
        if isinstance(value, str) and value and value not in allowed:
            yield violation(unsupported(value, allowed), plain, f"use one of {', '.join(allowed)} (case-sensitive)",
                            c.p(field))


@api_rule(
    "A107", "image-pull-policy-invalid", kinds=KINDS, when_keys={"imagePullPolicy"},
    summary="`imagePullPolicy` is not Always, IfNotPresent or Never.",
    what="Checks `imagePullPolicy` (case-sensitive). An empty value is defaulted and fine.",
    why="The API server rejects the object with `Unsupported value: \"always\"`.",
    bad=pod(ctr="imagePullPolicy: always"),
    good=pod(ctr="imagePullPolicy: Always"),
)
def image_pull_policy_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is not None:
        yield from _enum_rule(site, "imagePullPolicy", ("Always", "IfNotPresent", "Never"),
                              "the values are case-sensitive")


@api_rule(
    "A108", "termination-message-policy-invalid", kinds=KINDS, when_keys={"terminationMessagePolicy"},
    summary="`terminationMessagePolicy` is not File or FallbackToLogsOnError.",
    what="Checks `terminationMessagePolicy` (case-sensitive).",
    why="The API server rejects the object with `Unsupported value`.",
    bad=pod(ctr="terminationMessagePolicy: Logs"),
    good=pod(ctr="terminationMessagePolicy: FallbackToLogsOnError"),
)
def termination_message_policy_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is not None:
        yield from _enum_rule(site, "terminationMessagePolicy", ("File", "FallbackToLogsOnError"),
                              "the values are case-sensitive")


@api_rule(
    "A109", "container-restart-policy-forbidden", kinds=KINDS, when_keys={"restartPolicy"},
    summary="A regular container sets `restartPolicy`.",
    what="""
        From Kubernetes 1.28 to 1.34 only init containers may set `restartPolicy` (sidecars). From
        1.35 (ContainerRestartRules beta) regular containers may set Always, OnFailure or Never;
        other values are reported.
        """,
    why="The API server answers `Forbidden: may not be set for non-init containers`.",
    bad=pod(ctr="restartPolicy: Sometimes"),
    good=pod(),
)
def container_restart_policy(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None or not at_least(ctx, 28):
        return
    for c in containers(site, ("containers",)):
        value = c.data.get("restartPolicy")
        if not isinstance(value, str) or value == "":
            continue
        if at_least(ctx, 35):
            if value not in ("Always", "OnFailure", "Never"):
                yield violation(unsupported(value, ("Always", "OnFailure", "Never")),
                                "container restart policies are case-sensitive", "use Always, OnFailure or Never",
                                c.p("restartPolicy"))
        else:
            yield violation(forbidden("may not be set for non-init containers"),
                            "only init containers (sidecars) may set restartPolicy before Kubernetes 1.35",
                            "remove `restartPolicy` from the container; set it on the pod spec",
                            c.p("restartPolicy"))


@api_rule(
    "A110", "init-container-restart-policy-invalid", kinds=KINDS, when_keys={"initContainers"},
    summary="An init container's `restartPolicy` is not Always.",
    what="""
        Init containers may set `restartPolicy: Always` to become sidecars (Kubernetes 1.28+); no
        other value is accepted (before 1.35; from 1.35 OnFailure and Never are allowed too).
        """,
    why="The API server rejects the object with `Unsupported value: \"Never\": supported values: \"Always\"`.",
    bad=pod(spec="initContainers:\n  - name: init\n    image: busybox:1.36\n    restartPolicy: always"),
    good=pod(spec="initContainers:\n  - name: proxy\n    image: envoyproxy/envoy:v1.31-latest\n    restartPolicy: Always"),
)
def init_restart_policy(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None or not at_least(ctx, 28):
        return
    allowed = ("Always", "OnFailure", "Never") if at_least(ctx, 35) else ("Always",)
    for c in containers(site, ("initContainers",)):
        value = c.data.get("restartPolicy")
        if isinstance(value, str) and value and value not in allowed:
            yield violation(unsupported(value, allowed), "`restartPolicy: Always` turns an init container into a sidecar",
                            "use `Always` or remove the field", c.p("restartPolicy"))


# -- ports --------------------------------------------------------------------------------

@api_rule(
    "A111", "container-port-required", kinds=KINDS, when_keys={"ports"},
    summary="A container port has no `containerPort`.",
    what="Reports `ports[j]` entries whose `containerPort` is missing or 0.",
    why="The API server answers `ports[0].containerPort: Required value`.",
    bad=pod(ctr="ports:\n  - name: http"),
    good=pod(ctr="ports:\n  - name: http\n    containerPort: 80"),
)
def container_port_required(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        for j, port in c.entries("ports"):
            if port.get("containerPort") in (None, 0):
                yield violation(required(), "each port entry needs the container's port number",
                                "add `containerPort:`", c.p("ports", j, "containerPort"))


@api_rule(
    "A112", "container-port-out-of-range", kinds=KINDS, when_keys={"containerPort"},
    summary="`containerPort` is outside 1-65535.",
    what="Checks `containerPort` values.",
    why="The API server rejects the object with `Invalid value: 70000: must be between 1 and 65535, inclusive`.",
    bad=pod(ctr="ports:\n  - containerPort: 70000"),
    good=pod(ctr="ports:\n  - containerPort: 7000"),
)
def container_port_range(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        for j, port in c.entries("ports"):
            value = port.get("containerPort")
            if is_int(value) and value != 0 and v.port_number(value):
                yield violation(invalid(value, "must be between 1 and 65535, inclusive"),
                                "TCP/UDP ports are 1 to 65535", "use a port between 1 and 65535",
                                c.p("ports", j, "containerPort"))


@api_rule(
    "A113", "host-port-out-of-range", kinds=KINDS, when_keys={"hostPort"},
    summary="`hostPort` is outside 1-65535.",
    what="Checks `hostPort` values other than 0 (unset).",
    why="The API server rejects the object with `Invalid value: ...: must be between 1 and 65535, inclusive`.",
    bad=pod(ctr="ports:\n  - containerPort: 80\n    hostPort: 80000"),
    good=pod(ctr="ports:\n  - containerPort: 80\n    hostPort: 8080"),
)
def host_port_range(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        for j, port in c.entries("ports"):
            value = port.get("hostPort")
            if is_int(value) and value != 0 and v.port_number(value):
                yield violation(invalid(value, "must be between 1 and 65535, inclusive"),
                                "TCP/UDP ports are 1 to 65535", "use a port between 1 and 65535 or remove hostPort",
                                c.p("ports", j, "hostPort"))


PROTOCOLS = ("SCTP", "TCP", "UDP")


@api_rule(
    "A114", "container-port-protocol-invalid", kinds=KINDS, when_keys={"protocol"},
    summary="A container port's `protocol` is not TCP, UDP or SCTP.",
    what="Checks `ports[j].protocol` (case-sensitive; empty is defaulted to TCP).",
    why="The API server rejects the object with `Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\"`.",
    bad=pod(ctr="ports:\n  - containerPort: 80\n    protocol: tcp"),
    good=pod(ctr="ports:\n  - containerPort: 80\n    protocol: TCP"),
)
def container_port_protocol(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        for j, port in c.entries("ports"):
            value = port.get("protocol")
            if isinstance(value, str) and value and value not in PROTOCOLS:
                yield violation(unsupported(value, PROTOCOLS), "protocols are upper-case",
                                "use TCP, UDP or SCTP", c.p("ports", j, "protocol"))


@api_rule(
    "A115", "container-port-name-invalid", kinds=KINDS, when_keys={"ports"},
    summary="A container port name is not an IANA service name.",
    what="""
        Container port names are IANA_SVC_NAMEs: at most 15 characters of lowercase letters,
        digits and '-', with at least one letter, no '--' and no '-' at either end.
        """,
    why="The API server rejects the object with `ports[0].name: Invalid value: ...`.",
    bad=pod(ctr="ports:\n  - name: http_metrics\n    containerPort: 9090"),
    good=pod(ctr="ports:\n  - name: metrics\n    containerPort: 9090"),
)
def container_port_name_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        for j, port in c.entries("ports"):
            name = as_str(port.get("name"))
            if name:
                errs = v.iana_svc_name(name)
                if errs:
                    yield violation(invalid(name, "; ".join(errs)),
                                    "port names are at most 15 lowercase letters, digits and '-'",
                                    "use a short name such as `http` or `metrics`", c.p("ports", j, "name"))


@api_rule(
    "A116", "container-port-name-duplicate", kinds=KINDS, when_keys={"ports"},
    summary="Two ports of one container have the same name.",
    what="Port names must be unique within one container (two containers may both use `http`).",
    why="The API server rejects the object with `Duplicate value: \"http\"`.",
    bad=pod(ctr="ports:\n  - name: http\n    containerPort: 80\n  - name: http\n    containerPort: 8080"),
    good=pod(ctr="ports:\n  - name: http\n    containerPort: 80\n  - name: http-alt\n    containerPort: 8080"),
)
def container_port_name_duplicate(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        seen: set[str] = set()
        for j, port in c.entries("ports"):
            name = as_str(port.get("name"))
            if not name:
                continue
            if name in seen:
                yield violation(duplicate(name), "a Service or probe could not tell the ports apart",
                                "rename one of the ports", c.p("ports", j, "name"))
            seen.add(name)


def _host_port(site: PodSite, port: dict[str, Any]) -> Any:
    hp = port.get("hostPort")
    if site.is_pod and site.host_network and hp in (None, 0):
        return port.get("containerPort")  # Pod defaulting with hostNetwork
    return hp


@api_rule(
    "A117", "host-port-conflict", kinds=KINDS, when_keys={"hostPort", "hostNetwork"},
    summary="Two container ports claim the same host port.",
    what="""
        (protocol, hostIP, hostPort) must be unique across the regular containers of a pod; each
        init container is checked on its own. Duplicate container ports without hostPort are only
        a warning (`container-port-duplicate`).
        """,
    why="The API server rejects the object with `Duplicate value: \"TCP//8080\"`.",
    bad=pod(ctr="ports:\n  - containerPort: 80\n    hostPort: 8080\n  - containerPort: 81\n    hostPort: 8080"),
    good=pod(ctr="ports:\n  - containerPort: 80\n    hostPort: 8080\n  - containerPort: 81\n    hostPort: 8081"),
)
def host_port_conflict(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    groups: list[list[Ctr]] = [list(containers(site, ("containers",)))]
    groups += [[c] for c in containers(site, ("initContainers",))]
    for group in groups:
        seen: set[str] = set()
        for c in group:
            for j, port in c.entries("ports"):
                hp = _host_port(site, port)
                if not is_int(hp) or hp == 0:
                    continue
                proto = hkey(port.get("protocol"), "TCP")
                host_ip = hkey(port.get("hostIP"))
                key = f"{proto}/{host_ip}/{hp}"
                if key in seen:
                    yield violation(duplicate(key), "two ports would bind the same port on the node",
                                    "use a different hostPort", c.p("ports", j, "hostPort"))
                seen.add(key)


@api_rule(
    "A118", "host-network-host-port-mismatch", kinds=KINDS, when_keys={"hostNetwork"},
    summary="With `hostNetwork: true`, `hostPort` differs from `containerPort`.",
    what="""
        With host networking the container listens on the node directly, so a hostPort must equal
        the containerPort. Pods default a missing hostPort to containerPort; templates allow 0.
        """,
    why="The API server rejects the object with `Invalid value: 9090: must match `containerPort` when `hostNetwork` is true`.",
    bad=pod(spec="hostNetwork: true", ctr="ports:\n  - containerPort: 8080\n    hostPort: 9090"),
    good=pod(spec="hostNetwork: true", ctr="ports:\n  - containerPort: 8080\n    hostPort: 8080"),
)
def host_network_ports(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None or not site.host_network:
        return
    for c in containers(site, MAIN):
        for j, port in c.entries("ports"):
            hp, cp = _host_port(site, port), port.get("containerPort")
            if not is_int(hp) or not is_int(cp) or hp == 0:
                continue
            if hp != cp:
                yield violation(invalid(hp, "must match `containerPort` when `hostNetwork` is true"),
                                "with host networking the container port is the node port",
                                "set hostPort equal to containerPort, or remove it", c.p("ports", j, "hostPort"))


# -- env ----------------------------------------------------------------------------------

def _relaxed(ctx: RuleContext) -> bool:
    return at_least(ctx, 32)


@api_rule(
    "A119", "env-name-required", kinds=KINDS, when_keys={"env"},
    summary="An environment variable has no name.",
    what="Reports `env[k]` entries whose `name` is missing or empty.",
    why="The API server answers `env[0].name: Required value`.",
    bad=pod(ctr="env:\n  - value: debug"),
    good=pod(ctr="env:\n  - name: LOG_LEVEL\n    value: debug"),
)
def env_name_required(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        for k, item in c.entries("env"):
            if item.get("name") in (None, ""):
                yield violation(required(), "every variable needs a name", "add `name:`", c.p("env", k, "name"))


@api_rule(
    "A120", "env-name-invalid", kinds=KINDS, when_keys={"env", "envFrom"},
    summary="An environment variable name (or envFrom prefix) is not allowed.",
    what="""
        From Kubernetes 1.32 (RelaxedEnvironmentVariableValidation) names may use any printable
        ASCII character except '='; before, they must match `[-._a-zA-Z][-._a-zA-Z0-9]*`. The
        target version comes from the `kubernetes-version` setting. Also checks `envFrom[k].prefix`.
        """,
    why="The API server rejects the object with `Invalid value: \"FOO=BAR\": a valid environment variable name ...`.",
    bad=pod(ctr="env:\n  - name: LOG=LEVEL\n    value: debug"),
    good=pod(ctr="env:\n  - name: LOG_LEVEL\n    value: debug"),
)
def env_name_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    relaxed = _relaxed(ctx)
    for c in containers(site, MAIN):
        for k, item in c.entries("env"):
            name = as_str(item.get("name"))
            if name:
                errs = v.env_var_name(name, relaxed)
                if errs:
                    yield violation(invalid(name, errs[0]), "shells and programs could not read this variable",
                                    "use letters, digits and '_'", c.p("env", k, "name"))
        for k, item in enumerate(as_list(c.data.get("envFrom"))):
            prefix = as_str(item.get("prefix")) if isinstance(item, dict) else None
            if prefix:
                errs = v.env_var_name(prefix, relaxed)
                if errs:
                    yield violation(invalid(prefix, errs[0]), "the prefix becomes part of every variable name",
                                    "use letters, digits and '_'", c.p("envFrom", k, "prefix"))


_VALUE_FROM = ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef")


@api_rule(
    "A121", "env-value-from-invalid", kinds=KINDS, when_keys={"valueFrom"},
    summary="`valueFrom` names no source, several sources, or comes with `value`.",
    what="""
        `env[k].valueFrom` needs exactly one of fieldRef, resourceFieldRef, configMapKeyRef,
        secretKeyRef, and `value` must then be empty.
        """,
    why="The API server rejects the object with `env[0].valueFrom: Invalid value: \"\": ...`.",
    bad=pod(ctr="env:\n  - name: POD_NAME\n    value: web\n    valueFrom:\n      fieldRef:\n        fieldPath: metadata.name"),
    good=pod(ctr="env:\n  - name: POD_NAME\n    valueFrom:\n      fieldRef:\n        fieldPath: metadata.name"),
)
def env_value_from(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        for k, item in c.entries("env"):
            vf = item.get("valueFrom")
            if not isinstance(vf, dict):
                continue
            path = c.p("env", k, "valueFrom")
            n = sum(1 for key in _VALUE_FROM if vf.get(key) is not None)
            unknown = any(key not in _VALUE_FROM for key in vf)
            if n == 0 and not unknown:
                yield violation(invalid("", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"),
                                "valueFrom is empty", "add one source, e.g. `secretKeyRef`", path)
            elif n > 1:
                yield violation(invalid("", "may not have more than one field specified at a time"),
                                "a variable takes its value from one source", "keep one source", path)
            value = item.get("value")
            if n >= 1 and isinstance(value, str) and value != "":
                yield violation(invalid("", "may not be specified when `value` is not empty"),
                                "`value` and `valueFrom` exclude each other", "remove `value` or `valueFrom`", path)


_FIELD_PATHS = (
    "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
    "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP",
    "status.podIPs",
)
_ENV_FIELD_PATHS = tuple(p for p in _FIELD_PATHS if p not in ("metadata.annotations", "metadata.labels"))


def _subscripted(path: str) -> bool:
    import re

    return bool(re.match(r"^metadata\.(labels|annotations)\['[^']+'\]$", path))


@api_rule(
    "A122", "env-field-path-invalid", kinds=KINDS, when_keys={"fieldRef"},
    summary="`fieldRef.fieldPath` is not a field the downward API exposes to env.",
    what="""
        Supported: metadata.name, metadata.namespace, metadata.uid, spec.nodeName,
        spec.serviceAccountName, status.hostIP(s), status.podIP(s), and
        `metadata.labels['<key>']` / `metadata.annotations['<key>']`.
        """,
    why="The API server rejects the object with `fieldRef.fieldPath: Unsupported value: ...`.",
    bad=pod(ctr="env:\n  - name: NODE\n    valueFrom:\n      fieldRef:\n        fieldPath: spec.hostname"),
    good=pod(ctr="env:\n  - name: NODE\n    valueFrom:\n      fieldRef:\n        fieldPath: spec.nodeName"),
)
def env_field_path(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        for k, item in c.entries("env"):
            fr = as_dict(as_dict(item.get("valueFrom")).get("fieldRef"))
            fp = as_str(fr.get("fieldPath"))
            if not fp or fr.get("apiVersion") not in (None, "", "v1"):
                continue
            if fp in _ENV_FIELD_PATHS or _subscripted(fp):
                continue
            yield violation(unsupported(fp, _ENV_FIELD_PATHS), "the downward API does not expose this field to env",
                            "use e.g. `metadata.name` or `status.podIP`",
                            c.p("env", k, "valueFrom", "fieldRef", "fieldPath"))


@api_rule(
    "A123", "env-key-ref-invalid", kinds=KINDS, when_keys={"configMapKeyRef", "secretKeyRef"},
    summary="A configMapKeyRef / secretKeyRef has a missing or invalid key or name.",
    what="`key` is required and must match `[-._a-zA-Z0-9]+`; a given `name` must be a DNS-1123 subdomain.",
    why="The API server rejects the object with `secretKeyRef.key: Required value` or `Invalid value`.",
    bad=pod(ctr="env:\n  - name: PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db"),
    good=pod(ctr="env:\n  - name: PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password"),
)
def env_key_ref(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        for k, item in c.entries("env"):
            vf = as_dict(item.get("valueFrom"))
            for ref_name in ("configMapKeyRef", "secretKeyRef"):
                ref = vf.get(ref_name)
                if not isinstance(ref, dict):
                    continue
                base = c.p("env", k, "valueFrom", ref_name)
                name = as_str(ref.get("name"))
                if name:
                    errs = v.dns1123_subdomain(name)
                    if errs:
                        yield violation(invalid(name, "; ".join(errs)), "ConfigMap and Secret names are DNS-1123 subdomains",
                                        "use the object's real name", base + ("name",))
                key = ref.get("key")
                if key in (None, ""):
                    yield violation(required(), "the key inside the ConfigMap/Secret is required",
                                    "add `key:`", base + ("key",))
                elif isinstance(key, str):
                    errs = v.config_map_key(key)
                    if errs:
                        yield violation(invalid(key, "; ".join(errs)), "keys use letters, digits, '-', '_' and '.'",
                                        "use the key as stored in the object", base + ("key",))


@api_rule(
    "A124", "env-from-invalid", kinds=KINDS, when_keys={"envFrom"},
    summary="An `envFrom` entry names no source or both sources, or a source without name.",
    what="""
        Each `envFrom` entry needs exactly one of configMapRef / secretRef, with a name. The API
        server reports the count error on the `envFrom` list itself, not on the entry.
        """,
    why="The API server rejects the object with `envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef``.",
    bad=pod(ctr="envFrom:\n  - prefix: APP_"),
    good=pod(ctr="envFrom:\n  - prefix: APP_\n    configMapRef:\n      name: app-config"),
)
def env_from_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        items = as_list(c.data.get("envFrom"))
        for k, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            n = sum(1 for key in ("configMapRef", "secretRef") if item.get(key) is not None)
            api = fmt(c.p("envFrom"))
            if n == 0:
                yield violation(invalid("", "must specify one of: `configMapRef` or `secretRef`"),
                                f"entry {k} names no ConfigMap or Secret", "add `configMapRef` or `secretRef`",
                                c.p("envFrom", k), api_path=api)
            elif n > 1:
                yield violation(invalid("", "may not have more than one field specified at a time"),
                                f"entry {k} names both a ConfigMap and a Secret", "split it into two entries",
                                c.p("envFrom", k), api_path=api)
            for key in ("configMapRef", "secretRef"):
                ref = item.get(key)
                if not isinstance(ref, dict):
                    continue
                name = ref.get("name")
                if name in (None, ""):
                    yield violation(required(), "the ConfigMap/Secret name is missing", "add `name:`",
                                    c.p("envFrom", k, key, "name"))
                elif isinstance(name, str):
                    errs = v.dns1123_subdomain(name[:-1] + "a" if len(name) > 1 and name.endswith("-") else name)
                    if errs:
                        yield violation(invalid(name, "; ".join(errs)), "object names are DNS-1123 subdomains",
                                        "use the object's real name", c.p("envFrom", k, key, "name"))


@api_rule(
    "A160", "env-name-duplicate", kinds=KINDS, severity=Severity.WARNING, when_keys={"env"},
    summary="The same environment variable is defined twice in one container (API server warning).",
    what="""
        Later definitions of a name hide earlier ones; `kubectl apply` may drop one of them. A
        redefinition that builds on the earlier value (`X: $(X)-suffix`) is not reported.
        """,
    why="The API server accepts the object but returns the warning `hides previous definition of \"X\"`.",
    bad=pod(ctr="env:\n  - name: MODE\n    value: a\n  - name: MODE\n    value: b"),
    good=pod(ctr="env:\n  - name: MODE\n    value: b"),
)
def env_name_duplicate(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, ("initContainers", "containers", "ephemeralContainers")):
        seen: dict[str, int] = {}
        for k, item in c.entries("env"):
            name = as_str(item.get("name"))
            if not name:
                continue
            if name in seen:
                ref = f"$({name})"
                value = item.get("value")
                value = value if isinstance(value, str) else ""
                if item.get("valueFrom") is not None or value == ref or ref not in value:
                    yield violation(f"hides previous definition of {go_value(name)}, which may be dropped when using apply",
                                    f"{fmt(c.p('env', seen[name]))} already defines it", "remove one definition",
                                    c.p("env", k))
            else:
                seen[name] = k


# -- volumes ------------------------------------------------------------------------------

#: Volume source fields in the order the API server checks them.
VOLUME_SOURCES = (
    "emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs",
    "iscsi", "glusterfs", "flocker", "persistentVolumeClaim", "rbd", "quobyte", "downwardAPI", "fc",
    "azureFile", "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "storageos",
    "cephfs", "cinder", "flexVolume", "configMap", "projected", "scaleIO", "csi", "ephemeral", "image",
)


def _volumes(site: PodSite) -> Iterator[tuple[int, dict[str, Any]]]:
    for i, vol in enumerate(as_list(site.spec.get("volumes"))):
        if isinstance(vol, dict):
            yield i, vol


@api_rule(
    "A125", "volume-name-invalid", kinds=KINDS, when_keys={"volumes"},
    summary="A volume name is missing, not a DNS-1123 label, or used twice.",
    what="Checks `volumes[i].name`: required, a DNS-1123 label, unique within the pod.",
    why="The API server rejects the object with `volumes[0].name: Required value / Invalid value / Duplicate value`.",
    bad=pod(spec="volumes:\n  - name: Cache_Dir\n    emptyDir: {}"),
    good=pod(spec="volumes:\n  - name: cache-dir\n    emptyDir: {}"),
)
def volume_name(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    seen: set[str] = set()
    for i, vol in _volumes(site):
        name = vol.get("name")
        path = site.p("volumes", i, "name")
        if name in (None, ""):
            yield violation(required(), "every volume needs a name", "add `name:`", path)
        elif isinstance(name, str):
            errs = v.dns1123_label(name)
            if errs:
                yield violation(invalid(name, "; ".join(errs)), "volume names are DNS-1123 labels",
                                "use lowercase letters, digits and '-'", path)
            elif name in seen:
                yield violation(duplicate(name), "volume names must be unique", "rename one volume", path)
            seen.add(name)


@api_rule(
    "A126", "volume-source-multiple", kinds=KINDS, when_keys={"volumes"},
    summary="A volume names more than one source.",
    what="""
        A volume has exactly one source (emptyDir, configMap, secret, persistentVolumeClaim, ...).
        A volume without source is defaulted to emptyDir, so only "more than one" is reported, on
        the second source in the API server's order.
        """,
    why="The API server rejects the object with `Forbidden: may not specify more than 1 volume type`.",
    bad=pod(spec="volumes:\n  - name: config\n    emptyDir: {}\n    configMap:\n      name: app"),
    good=pod(spec="volumes:\n  - name: config\n    configMap:\n      name: app"),
)
def volume_source_multiple(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for i, vol in _volumes(site):
        present = [key for key in VOLUME_SOURCES if vol.get(key) is not None]
        for key in present[1:]:
            yield violation(forbidden("may not specify more than 1 volume type"),
                            f"this volume already uses `{present[0]}`", "split it into two volumes",
                            site.p("volumes", i, key), at="key")


@api_rule(
    "A127", "volume-mount-not-found", kinds=KINDS, when_keys={"volumeMounts"},
    summary="A volumeMount names a volume that the pod does not define.",
    what="Every `volumeMounts[k].name` must be the name of an entry in the pod's `volumes`.",
    why="The API server rejects the object with `volumeMounts[0].name: Not found: \"data\"`.",
    bad=pod(ctr="volumeMounts:\n  - name: data\n    mountPath: /data"),
    good=pod(spec="volumes:\n  - name: data\n    emptyDir: {}", ctr="volumeMounts:\n  - name: data\n    mountPath: /data"),
)
def volume_mount_not_found(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    names = {vol.get("name") for _i, vol in _volumes(site) if isinstance(vol.get("name"), str)}
    for c in containers(site, MAIN):
        for k, m in c.entries("volumeMounts"):
            name = m.get("name")
            if isinstance(name, str) and name and name not in names:
                yield violation(not_found(name), "no volume of the pod has this name",
                                "add the volume under `volumes` or fix the name", c.p("volumeMounts", k, "name"))


@api_rule(
    "A128", "volume-mount-path-required", kinds=KINDS, when_keys={"volumeMounts"},
    summary="A volumeMount has no `mountPath`.",
    what="Reports `volumeMounts[k]` without `mountPath`.",
    why="The API server answers `volumeMounts[0].mountPath: Required value`.",
    bad=pod(spec="volumes:\n  - name: data\n    emptyDir: {}", ctr="volumeMounts:\n  - name: data"),
    good=pod(spec="volumes:\n  - name: data\n    emptyDir: {}", ctr="volumeMounts:\n  - name: data\n    mountPath: /data"),
)
def volume_mount_path_required(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        for k, m in c.entries("volumeMounts"):
            if m.get("mountPath") in (None, ""):
                yield violation(required(), "the mount needs a path inside the container", "add `mountPath:`",
                                c.p("volumeMounts", k, "mountPath"))


@api_rule(
    "A129", "volume-mount-path-duplicate", kinds=KINDS, when_keys={"volumeMounts"},
    summary="Two volumeMounts of a container use the same mountPath.",
    what="Mount paths must be unique within one container.",
    why="The API server rejects the object with `mountPath: Invalid value: \"/data\": must be unique`.",
    bad=pod(spec="volumes:\n  - name: a\n    emptyDir: {}\n  - name: b\n    emptyDir: {}",
            ctr="volumeMounts:\n  - name: a\n    mountPath: /data\n  - name: b\n    mountPath: /data"),
    good=pod(spec="volumes:\n  - name: a\n    emptyDir: {}\n  - name: b\n    emptyDir: {}",
             ctr="volumeMounts:\n  - name: a\n    mountPath: /data\n  - name: b\n    mountPath: /cache"),
)
def volume_mount_path_duplicate(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c in containers(site, MAIN):
        seen: set[str] = set()
        for k, m in c.entries("volumeMounts"):
            mp = as_str(m.get("mountPath"))
            if not mp:
                continue
            if mp in seen:
                yield violation(invalid(mp, "must be unique"), "two volumes cannot be mounted at one path",
                                "use another mountPath", c.p("volumeMounts", k, "mountPath"))
            seen.add(mp)


# -- resources ----------------------------------------------------------------------------

_STANDARD_CONTAINER = ("cpu", "memory", "ephemeral-storage")


def _is_hugepages(name: str) -> bool:
    return name.startswith("hugepages-")


def _is_native(name: str) -> bool:
    return "/" not in name or "kubernetes.io/" in name


def _is_extended(name: str) -> bool:
    if _is_native(name) or name.startswith("requests."):
        return False
    return not v.qualified_name("requests." + name)


def _overcommit_allowed(name: str) -> bool:
    return _is_native(name) and not _is_hugepages(name)


def _resource_lists(site: PodSite) -> list[tuple[Ctr, dict[str, Any], dict[str, Any]]]:
    """(container, limits, requests) of each container with `resources`."""
    return site_memo(site, "podspec.resource_lists", _find_resource_lists)


def _find_resource_lists(site: PodSite) -> list[tuple[Ctr, dict[str, Any], dict[str, Any]]]:
    found = []
    for c in containers(site, MAIN):
        res = c.data.get("resources")
        if isinstance(res, dict):
            found.append((c, as_dict(res.get("limits")), as_dict(res.get("requests"))))
    return found


def _quantities(site: PodSite) -> list[Quantity]:
    """(container, "limits"/"requests", name, raw, parsed value or None, parse error) of the
    init and regular containers."""
    return site_memo(site, "podspec.quantities", _main_quantities)


def _main_quantities(site: PodSite) -> list[Quantity]:
    table = quantities(site)  # resource names are strings: the parser makes every key text
    if not containers(site, ("ephemeralContainers",)):
        return table
    return [q for q in table if q[0].group != "ephemeralContainers"]


def _only_standard_names(site: PodSite) -> bool:
    """Whether every resource is cpu, memory or ephemeral-storage (the usual case): then the
    rules about resource names, extended resources and hugepages have nothing to report."""
    return site_memo(site, "podspec.only_standard", _find_only_standard)


def _find_only_standard(site: PodSite) -> bool:
    return all(q[2] in _STANDARD_CONTAINER for q in _quantities(site))


def _qpath(c: Ctr, kind: str, name: str) -> tuple[tuple[Any, ...], str]:
    return c.p("resources", kind, name), fmt(c.p("resources", kind)) + f"[{name}]"


@api_rule(
    "A130", "resource-name-invalid", kinds=KINDS, when_keys={"limits", "requests"},
    summary="A container resource name is not standard and not fully qualified.",
    what="""
        Names without '/' must be cpu, memory, ephemeral-storage or hugepages-<size>; others must
        be qualified names such as `nvidia.com/gpu`.
        """,
    why="The API server rejects the object with `resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified`.",
    bad=pod(ctr="resources:\n  limits:\n    gpu: 1"),
    good=pod(ctr="resources:\n  limits:\n    nvidia.com/gpu: 1"),
)
def resource_name_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None or _only_standard_names(site):
        return
    for c, limits, requests in _resource_lists(site):
        for kind, table in (("limits", limits), ("requests", requests)):
            for name in table:
                name = str(name)
                errs = v.qualified_name(name)
                if not errs and "/" not in name and not (name in _STANDARD_CONTAINER or _is_hugepages(name)):
                    errs = ["must be a standard resource for containers"]
                if errs:
                    path, api = _qpath(c, kind, name)
                    yield violation(invalid(name, "; ".join(errs)),
                                    "containers may request cpu, memory, ephemeral-storage, hugepages-* or extended resources like `nvidia.com/gpu`",
                                    "fix the resource name", path, api_path=api, at="key")


@api_rule(
    "A136", "resource-quantity-syntax", kinds=KINDS, when_keys={"limits", "requests"},
    summary="A resource quantity does not parse (`512MB`, `2 cores`, `1gb`).",
    what="""
        Quantities are a number with an optional suffix: n u m k M G T P E (powers of 1000),
        Ki Mi Gi Ti Pi Ei (powers of 1024) or an exponent `e3`. The API server rejects others
        while decoding the request (HTTP 400), before any validation: only the first bad
        quantity is reported, and no other API-server rule reports anything for that object.
        """,
    why="The request fails with `quantities must match the regular expression ...` or `unable to parse quantity's suffix`.",
    bad=pod(ctr="resources:\n  limits:\n    memory: 512MB"),
    good=pod(ctr="resources:\n  limits:\n    memory: 512Mi"),
)
def resource_quantity_syntax(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    first = decode_error_path(resource)
    site = pod_site(resource)
    if first is None or site is None:
        return
    for c, kind, name, raw, _value, error in _quantities(site):
        if error and c.p("resources", kind, name) == first:
            path, api = _qpath(c, kind, name)
            yield violation(f"{resource.kind} in version \"{resource.api_version.rpartition('/')[2]}\" cannot be handled as a {resource.kind}: {error}",
                            f"{go_value(raw)} is not a Kubernetes quantity", "write e.g. `512Mi`, `1Gi`, `500m` or `2`",
                            path, api_path=api)


@api_rule(
    "A131", "resource-quantity-negative", kinds=KINDS, when_keys={"limits", "requests"},
    summary="A resource limit or request is negative.",
    what="Quantities in `resources.limits` and `resources.requests` must be ≥ 0.",
    why="The API server rejects the object with `Invalid value: \"-1Gi\": must be greater than or equal to 0`.",
    bad=pod(ctr="resources:\n  requests:\n    memory: -1Gi"),
    good=pod(ctr="resources:\n  requests:\n    memory: 1Gi"),
)
def resource_quantity_negative(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c, kind, name, raw, value, _error in _quantities(site):
        if value is not None and value < 0:
            path, api = _qpath(c, kind, name)
            yield violation(invalid(v.format_quantity(raw), "must be greater than or equal to 0"),
                            "a container cannot reserve a negative amount", "use a positive quantity", path, api_path=api)


@api_rule(
    "A133", "resource-extended-not-integer", kinds=KINDS, when_keys={"limits", "requests"},
    summary="An extended resource (e.g. `nvidia.com/gpu`) is not a whole number.",
    what="Extended resources are counted in whole units: `500m` or `0.5` is invalid.",
    why="The API server rejects the object with `Invalid value: \"500m\": must be an integer`.",
    bad=pod(ctr="resources:\n  limits:\n    nvidia.com/gpu: 500m"),
    good=pod(ctr="resources:\n  limits:\n    nvidia.com/gpu: 1"),
)
def resource_extended_integer(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None or _only_standard_names(site):
        return
    for c, kind, name, raw, value, _error in _quantities(site):
        if value is not None and _is_extended(name) and value != value.to_integral_value():
            path, api = _qpath(c, kind, name)
            yield violation(invalid(v.format_quantity(raw), "must be an integer"),
                            "devices cannot be split", "use a whole number", path, api_path=api)


def _effective_requests(site: PodSite, limits: dict[str, Any], requests: dict[str, Any]) -> dict[str, Any]:
    if site.is_pod:  # SetDefaults_Pod copies missing requests from limits (Pods only)
        merged = dict(limits)
        merged.update(requests)
        return merged
    return requests


@api_rule(
    "A132", "resource-request-exceeds-limit", kinds=KINDS, when_keys={"requests"},
    summary="A resource request is greater than its limit.",
    what="""
        For every resource with both a request and a limit, the request must not exceed the limit.
        The API server reports the path `resources.requests` without the resource name; the
        position shown is the request's value.
        """,
    why="The API server rejects the object with `resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1`.",
    bad=pod(ctr="resources:\n  requests:\n    cpu: 2\n  limits:\n    cpu: 1"),
    good=pod(ctr="resources:\n  requests:\n    cpu: 500m\n  limits:\n    cpu: 1"),
)
def resource_request_exceeds_limit(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for c, limits, requests in _resource_lists(site):
        for name, raw in requests.items():
            key = str(name)
            if key not in limits or not (key in _STANDARD_CONTAINER or _overcommit_allowed(key)):
                continue
            req, lim = v.quantity_value(raw), v.quantity_value(limits[name])
            if req is not None and lim is not None and req > lim:
                yield violation(invalid(v.format_quantity(raw),
                                        f"must be less than or equal to {name} limit of {v.format_quantity(limits[name])}"),
                                "a container cannot be guaranteed more than its ceiling", "lower the request or raise the limit",
                                c.p("resources", "requests", name), api_path=fmt(c.p("resources", "requests")))


@api_rule(
    "A134", "resource-not-overcommittable", kinds=KINDS, when_keys={"limits", "requests"},
    summary="An extended or hugepages request differs from its limit, or has no limit.",
    what="""
        Extended resources and hugepages cannot be overcommitted: a request needs a limit, and the
        two must be equal. (A Pod copies missing requests from limits, so a limit alone is fine.)
        """,
    why="The API server rejects the object with `resources.limits: Required value: Limit must be set for non overcommitable resources` or `must be equal to ... limit`.",
    bad=pod(ctr="resources:\n  requests:\n    nvidia.com/gpu: 1"),
    good=pod(ctr="resources:\n  requests:\n    nvidia.com/gpu: 1\n  limits:\n    nvidia.com/gpu: 1"),
)
def resource_not_overcommittable(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None or _only_standard_names(site):
        return
    for c, limits, requests in _resource_lists(site):
        for name, raw in _effective_requests(site, limits, requests).items():
            name = str(name)
            if _overcommit_allowed(name) or v.qualified_name(name):
                continue
            if name not in limits:
                yield violation(required("Limit must be set for non overcommitable resources"),
                                f"{name} has a request but no limit", f"add `limits: {{{name}: ...}}` equal to the request",
                                c.p("resources", "requests", name), api_path=fmt(c.p("resources", "limits")))
                continue
            req, lim = v.quantity_value(raw), v.quantity_value(limits[name])
            if req is not None and lim is not None and req != lim:
                yield violation(invalid(v.format_quantity(raw), f"must be equal to {name} limit of {v.format_quantity(limits[name])}"),
                                f"{name} cannot be overcommitted", "make request and limit equal",
                                c.p("resources", "requests", name), api_path=fmt(c.p("resources", "requests")))


@api_rule(
    "A135", "hugepages-without-cpu-memory", kinds=KINDS, when_keys={"limits", "requests"},
    summary="A container requests hugepages but no cpu or memory.",
    what="A container with `hugepages-*` resources must also request or limit cpu or memory.",
    why="The API server rejects the object with `resources: Forbidden: HugePages require cpu or memory`.",
    bad=pod(ctr="resources:\n  limits:\n    hugepages-2Mi: 100Mi"),
    good=pod(ctr="resources:\n  limits:\n    hugepages-2Mi: 100Mi\n    memory: 200Mi"),
)
def hugepages_without_cpu_memory(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None or _only_standard_names(site):
        return
    for c, limits, requests in _resource_lists(site):
        names = {str(n) for n in limits} | {str(n) for n in requests}
        if any(_is_hugepages(n) for n in names) and not names & {"cpu", "memory"}:
            yield violation(forbidden("HugePages require cpu or memory"), "hugepages are accounted with memory",
                            "add a memory (or cpu) request or limit", c.p("resources"))


# -- pod-level fields ---------------------------------------------------------------------

@api_rule(
    "A140", "restart-policy-invalid", kinds=KINDS, when_keys={"restartPolicy"},
    summary="`restartPolicy` is not Always, OnFailure or Never.",
    what="Checks the pod's `restartPolicy` (case-sensitive; empty is defaulted to Always).",
    why="The API server rejects the object with `Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"`.",
    bad=pod(spec="restartPolicy: Sometimes"),
    good=pod(spec="restartPolicy: OnFailure"),
)
def restart_policy_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    value = site.spec.get("restartPolicy")
    allowed = ("Always", "OnFailure", "Never")
    if isinstance(value, str) and value and value not in allowed:
        yield violation(unsupported(value, allowed), "the values are case-sensitive", "use Always, OnFailure or Never",
                        site.p("restartPolicy"))


_DNS_POLICIES = ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")


@api_rule(
    "A141", "dns-policy-invalid", kinds=KINDS, when_keys={"dnsPolicy"},
    summary="`dnsPolicy` is unknown, or `None` without `dnsConfig.nameservers`.",
    what="Checks `dnsPolicy`; with `dnsPolicy: None` a `dnsConfig` with at least one nameserver is required.",
    why="The API server rejects the object with `Unsupported value` or `Required value`.",
    bad=pod(spec="dnsPolicy: None"),
    good=pod(spec="dnsPolicy: None\ndnsConfig:\n  nameservers: [1.1.1.1]"),
)
def dns_policy_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    value = site.spec.get("dnsPolicy")
    if not isinstance(value, str) or not value:
        return
    if value not in _DNS_POLICIES:
        yield violation(unsupported(value, _DNS_POLICIES), "the values are case-sensitive",
                        "use ClusterFirst (the default), ClusterFirstWithHostNet, Default or None", site.p("dnsPolicy"))
    elif value == "None":
        cfg = site.spec.get("dnsConfig")
        if cfg is None:
            yield violation(required("must provide `dnsConfig` when `dnsPolicy` is None"),
                            "with dnsPolicy None the pod gets no DNS settings unless you give them",
                            "add `dnsConfig.nameservers`", site.p("dnsConfig"))
        elif isinstance(cfg, dict) and not as_list(cfg.get("nameservers")) and cfg.get("nameservers") in (None, []):
            yield violation(required("must provide at least one DNS nameserver when `dnsPolicy` is None"),
                            "with dnsPolicy None the pod has no resolver", "add `nameservers:`",
                            site.p("dnsConfig", "nameservers"))


@api_rule(
    "A142", "active-deadline-seconds-invalid", kinds=KINDS, when_keys={"activeDeadlineSeconds"},
    summary="`activeDeadlineSeconds` is not between 1 and 2147483647.",
    what="Checks the pod spec's `activeDeadlineSeconds` when set.",
    why="The API server rejects the object with `Invalid value: 0: must be between 1 and 2147483647, inclusive`.",
    bad=pod(spec="activeDeadlineSeconds: 0"),
    good=pod(spec="activeDeadlineSeconds: 3600"),
)
def active_deadline_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    value = site.spec.get("activeDeadlineSeconds")
    if is_int(value) and not 1 <= value <= 2147483647:
        yield violation(invalid(value, "must be between 1 and 2147483647, inclusive"),
                        "a deadline of 0 or less would stop the pod at once", "use a positive number of seconds",
                        site.p("activeDeadlineSeconds"))


@api_rule(
    "A143", "hostname-invalid", kinds=KINDS, when_keys={"hostname", "subdomain"},
    summary="`hostname` or `subdomain` is not a DNS-1123 label.",
    what="Checks the pod spec's `hostname` and `subdomain`.",
    why="The API server rejects the object with `spec.hostname: Invalid value: ...`.",
    bad=pod(spec="hostname: web.example"),
    good=pod(spec="hostname: web\nsubdomain: example"),
)
def hostname_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for field in ("hostname", "subdomain"):
        value = as_str(site.spec.get(field))
        if value:
            errs = v.dns1123_label(value)
            if errs:
                yield violation(invalid(value, "; ".join(errs)), f"`{field}` is one DNS label (no dots)",
                                "use lowercase letters, digits and '-'", site.p(field))


@api_rule(
    "A144", "service-account-name-invalid", kinds=KINDS, when_keys={"serviceAccountName"},
    summary="`serviceAccountName` is not a DNS-1123 subdomain.",
    what="Checks the pod spec's `serviceAccountName`.",
    why="The API server rejects the object with `spec.serviceAccountName: Invalid value: ...`.",
    bad=pod(spec="serviceAccountName: Web_Runner"),
    good=pod(spec="serviceAccountName: web-runner"),
)
def service_account_name_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    value = as_str(site.spec.get("serviceAccountName"))
    if value:
        errs = v.dns1123_subdomain(value)
        if errs:
            yield violation(invalid(value, "; ".join(errs)), "ServiceAccount names are DNS-1123 subdomains",
                            "use the ServiceAccount's real name", site.p("serviceAccountName"))


_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")


@api_rule(
    "A145", "toleration-invalid", kinds=KINDS, when_keys={"tolerations"},
    summary="A toleration has an invalid key, operator, value or effect.",
    what="""
        Checks `tolerations[i]`: the key is a qualified name; an empty key needs `operator: Exists`;
        `Exists` needs an empty value; the operator is Equal or Exists; the effect is NoSchedule,
        PreferNoSchedule or NoExecute; `tolerationSeconds` needs effect NoExecute.
        """,
    why="The API server rejects the object, e.g. `tolerations[0].operator: Invalid value: \"gpu\": value must be empty when `operator` is 'Exists'`.",
    bad=pod(spec="tolerations:\n  - key: gpu\n    operator: Exists\n    value: \"true\""),
    good=pod(spec="tolerations:\n  - key: gpu\n    operator: Exists"),
)
def toleration_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for i, tol in enumerate(as_list(site.spec.get("tolerations"))):
        if not isinstance(tol, dict):
            continue
        p = lambda *rest: site.p("tolerations", i, *rest)  # noqa: E731
        key, op, value, effect = tol.get("key"), tol.get("operator"), tol.get("value"), tol.get("effect")
        if isinstance(key, str) and key:
            errs = v.qualified_name(key)
            if errs:
                yield violation(invalid(key, "; ".join(errs)), "toleration keys are taint keys (qualified names)",
                                "fix the key", p("key"))
        if key in (None, "") and op != "Exists" and isinstance(op, (str, type(None))):
            yield violation(invalid(op or "", "operator must be Exists when `key` is empty, which means \"match all values and all keys\""),
                            "an empty key matches every taint only with Exists", "add a key or use `operator: Exists`",
                            p("operator"))
        ts = tol.get("tolerationSeconds")
        if ts is not None and is_int(ts) and effect != "NoExecute" and isinstance(effect, (str, type(None))):
            yield violation(invalid(effect or "", "effect must be 'NoExecute' when `tolerationSeconds` is set"),
                            "tolerationSeconds only applies to NoExecute taints", "set `effect: NoExecute`", p("effect"))
        if op in (None, "", "Equal"):
            if isinstance(value, str) and value:
                errs = v.label_value(value)
                if errs:
                    yield violation(invalid(value, "; ".join(errs)), "toleration values are label values",
                                    "fix the value", p("value"))
        elif op == "Exists":
            if isinstance(value, str) and value:
                yield violation(invalid(value, "value must be empty when `operator` is 'Exists'"),
                                "Exists matches any value", "remove `value` or use `operator: Equal`", p("operator"))
        elif isinstance(op, str):
            yield violation(unsupported(op, ("Equal", "Exists")), "the operator is case-sensitive",
                            "use Equal or Exists", p("operator"))
        if isinstance(effect, str) and effect and effect not in _EFFECTS:
            yield violation(unsupported(effect, _EFFECTS), "the effect is case-sensitive",
                            "use NoSchedule, PreferNoSchedule or NoExecute", p("effect"))


_AFFINITY_KINDS = ("podAffinity", "podAntiAffinity")


@api_rule(
    "A146", "affinity-invalid", kinds=KINDS, when_keys={"affinity"},
    summary="An affinity term has a weight outside 1-100 or an empty topologyKey.",
    what="""
        Checks `affinity`: preferred terms need `weight` 1-100; pod (anti-)affinity terms need a
        non-empty, qualified `topologyKey`. (Selector details are not checked here.)
        """,
    why="The API server rejects the object with `weight: Invalid value: 0: must be in the range 1-100` or `topologyKey: Required value: can not be empty`.",
    bad=pod(spec="affinity:\n  nodeAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
                 "      - weight: 0\n        preference:\n          matchExpressions:\n"
                 "            - key: disktype\n              operator: In\n              values: [ssd]"),
    good=pod(spec="affinity:\n  nodeAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
                  "      - weight: 50\n        preference:\n          matchExpressions:\n"
                  "            - key: disktype\n              operator: In\n              values: [ssd]"),
)
def affinity_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    aff = as_dict(site.spec.get("affinity"))
    pref = "preferredDuringSchedulingIgnoredDuringExecution"
    req = "requiredDuringSchedulingIgnoredDuringExecution"
    for group in ("nodeAffinity",) + _AFFINITY_KINDS:
        body = as_dict(aff.get(group))
        for i, term in enumerate(as_list(body.get(pref))):
            if not isinstance(term, dict):
                continue
            w = term.get("weight")
            if is_int(w) and not 1 <= w <= 100:
                yield violation(invalid(w, "must be in the range 1-100"), "weights rank preferences from 1 to 100",
                                "use a weight between 1 and 100", site.p("affinity", group, pref, i, "weight"))
            if group in _AFFINITY_KINDS:
                pat = term.get("podAffinityTerm")
                if isinstance(pat, dict):
                    yield from _topology(site, pat, ("affinity", group, pref, i, "podAffinityTerm"))
        if group in _AFFINITY_KINDS:
            for i, term in enumerate(as_list(body.get(req))):
                if isinstance(term, dict):
                    yield from _topology(site, term, ("affinity", group, req, i))


def _topology(site: PodSite, term: dict[str, Any], path: tuple[Any, ...]) -> Iterator[Violation]:
    key = term.get("topologyKey")
    if key in (None, ""):
        yield violation(required("can not be empty"), "the term must say which node label defines a topology domain",
                        "add e.g. `topologyKey: kubernetes.io/hostname`", site.p(*path, "topologyKey"))
    elif isinstance(key, str):
        errs = v.qualified_name(key)
        if errs:
            yield violation(invalid(key, "; ".join(errs)), "topology keys are node label keys",
                            "fix the key", site.p(*path, "topologyKey"))


@api_rule(
    "A147", "ephemeral-containers-forbidden", kinds=KINDS, when_keys={"ephemeralContainers"},
    summary="`ephemeralContainers` are set in a manifest.",
    what="""
        Ephemeral containers are added to running Pods through the `ephemeralcontainers`
        subresource (`kubectl debug`); they cannot be set when creating a Pod, and never in a template.
        """,
    why="The API server answers `Forbidden: cannot be set on create` (Pods) or `ephemeral containers not allowed in pod template`.",
    bad=pod(spec="ephemeralContainers:\n  - name: debug\n    image: busybox:1.36"),
    good=pod(),
)
def ephemeral_forbidden(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None or not as_list(site.spec.get("ephemeralContainers")):
        return
    detail = "cannot be set on create" if site.is_pod else "ephemeral containers not allowed in pod template"
    yield violation(forbidden(detail), "use `kubectl debug` to add a debugging container", "remove `ephemeralContainers`",
                    site.p("ephemeralContainers"), at="key")


@api_rule(
    "A148", "node-name-with-scheduling-gates", kinds={"Pod"}, when_keys={"schedulingGates"},
    summary="A Pod sets both `nodeName` and `schedulingGates`.",
    what="A Pod bound to a node with `nodeName` cannot also wait on scheduling gates.",
    why="The API server answers `spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared`.",
    bad=pod(spec="nodeName: node-1\nschedulingGates:\n  - name: example.com/quota"),
    good=pod(spec="schedulingGates:\n  - name: example.com/quota"),
)
def node_name_gates(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None or not site.is_pod:
        return
    if as_str(site.spec.get("nodeName")) and as_list(site.spec.get("schedulingGates")):
        yield violation(forbidden("cannot be set until all schedulingGates have been cleared"),
                        "nodeName skips the scheduler, whose gates would never be checked",
                        "remove `nodeName` or the gates", site.p("nodeName"))


@api_rule(
    "A149", "pod-os-invalid", kinds=KINDS, when_keys={"os"},
    summary="`os.name` is not linux or windows.",
    what="Checks the pod spec's `os.name` (lowercase).",
    why="The API server rejects the object with `spec.os.name: Unsupported value: \"Linux\": supported values: \"linux\", \"windows\"`.",
    bad=pod(spec="os:\n  name: Linux"),
    good=pod(spec="os:\n  name: linux"),
)
def pod_os_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    name = as_dict(site.spec.get("os")).get("name")
    if isinstance(name, str) and name not in ("linux", "windows"):
        yield violation(unsupported(name, ("linux", "windows")), "OS names are lowercase", "use linux or windows",
                        site.p("os", "name"))


@api_rule(
    "A161", "termination-grace-period-negative", kinds=KINDS, severity=Severity.WARNING,
    when_keys={"terminationGracePeriodSeconds"},
    summary="`terminationGracePeriodSeconds` is negative (API server warning).",
    what="A negative grace period is accepted but treated as 1 second.",
    why="The API server returns the warning `must be >= 0; negative values are invalid and will be treated as 1`.",
    bad=pod(spec="terminationGracePeriodSeconds: -1"),
    good=pod(spec="terminationGracePeriodSeconds: 30"),
)
def tgps_negative(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    value = site.spec.get("terminationGracePeriodSeconds")
    if is_int(value) and value < 0:
        yield violation("must be >= 0; negative values are invalid and will be treated as 1",
                        "the pod would be killed after one second", "use 0 or more seconds",
                        site.p("terminationGracePeriodSeconds"))


@api_rule(
    "A162", "container-port-duplicate", kinds=KINDS, severity=Severity.WARNING, when_keys={"containerPort"},
    summary="The same container port is declared twice (API server warning).",
    what="""
        Two `ports` entries of the pod's containers (init containers included) with the same
        containerPort and protocol: identical hostIP/hostPort is a duplicate, a hostPort on only
        one of them is an overlap, the same hostPort with and without hostIP is ambiguous.
        """,
    why="The API server accepts the object but warns `duplicate port definition with ...`.",
    bad=pod(ctr="ports:\n  - containerPort: 80\n  - containerPort: 80"),
    good=pod(ctr="ports:\n  - containerPort: 80"),
)
def container_port_duplicate(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    seen: dict[tuple[Any, str], list[tuple[Ctr, int, str, Any]]] = {}
    for c in containers(site, ("initContainers", "containers", "ephemeralContainers")):
        for j, port in c.entries("ports"):
            cp = port.get("containerPort")
            hp = port.get("hostPort", 0)
            hp = 0 if hp is None else hp
            if not is_int(cp) or not is_int(hp):
                continue
            host_ip = hkey(port.get("hostIP"))
            key = (cp, hkey(port.get("protocol"), "TCP"))
            earlier = seen.get(key)
            if earlier is None:
                seen[key] = [(c, j, host_ip, hp)]
                continue
            for other, other_j, other_ip, other_hp in earlier:
                if host_ip == other_ip and hp == other_hp:
                    kind, plain = "duplicate", "the second entry adds nothing"
                elif hp == 0 or other_hp == 0:
                    kind, plain = "overlapping", "one entry publishes a host port, the other does not"
                elif hp == other_hp and (host_ip == "") != (other_ip == ""):
                    kind, plain = "dangerously ambiguous", "the same host port with and without hostIP is undefined"
                else:
                    continue
                yield violation(f"{kind} port definition with {fmt(other.p('ports', other_j))}", plain,
                                "remove or merge the entries", c.p("ports", j))
            earlier.append((c, j, host_ip, hp))


def _page_size(name: str) -> Decimal | None:
    try:
        size = v.parse_quantity(name[len("hugepages-"):])
    except v.QuantityError:
        return None
    return size if size is not None and size > 0 else None


@api_rule(
    "A137", "hugepages-value-not-page-multiple", kinds=KINDS, when_keys={"limits", "requests"},
    summary="A hugepages quantity is not a multiple of its page size.",
    what="`hugepages-2Mi: 3Mi` cannot be made of 2 MiB pages: the amount must be a positive multiple of the page size in the resource name.",
    why="The API server rejects the object with `Invalid value: \"3Mi\": 3Mi is not positive integer multiple of 2Mi`.",
    bad=pod(ctr="resources:\n  limits:\n    hugepages-2Mi: 3Mi\n    memory: 100Mi"),
    good=pod(ctr="resources:\n  limits:\n    hugepages-2Mi: 4Mi\n    memory: 100Mi"),
)
def hugepages_multiple(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None or _only_standard_names(site):
        return
    for c, kind, name, raw, value, _error in _quantities(site):
        if not _is_hugepages(name) or value is None or value <= 0:
            continue
        page = _page_size(name)
        if page is not None and value % page != 0:
            path, api = _qpath(c, kind, name)
            yield violation(invalid(v.format_quantity(raw), f"{v.format_quantity(raw)} is not positive integer multiple of {name[len('hugepages-'):]}"),
                            "huge pages are allocated in whole pages", "use a multiple of the page size", path, api_path=api)
