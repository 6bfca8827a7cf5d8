"""A3xx: Service (v1).

Rows of docs/apiserver-rules.md: SVC-NAME (see `metadata-name-invalid`), SVC-TYPE, SVC-PORTS-REQ,
SVC-PORT-RANGE, SVC-PORT-NAME-REQ, SVC-PORT-NAME-DNS, SVC-PORT-NAME-UNIQUE, SVC-PORT-PROTOCOL,
SVC-PORT-DUP, SVC-TARGETPORT, SVC-APPPROTOCOL, SVC-NODEPORT-CLUSTERIP, SVC-NODEPORT-DUP,
SVC-NODEPORT-RANGE, SVC-HEADLESS-TYPE, SVC-CLUSTERIPS, SVC-IPFAMILY, SVC-EXTNAME-REQ,
SVC-EXTNAME-DNS, SVC-EXTNAME-NO-CLUSTERIP, SVC-SELECTOR (see `label-key-invalid`),
SVC-AFFINITY, SVC-AFFINITY-TIMEOUT, SVC-EXTIP, SVC-LBSR, SVC-ETP, SVC-HCNP, SVC-ITP, SVC-LBCLASS,
SVC-ALBNP, SVC-TRAFFICDIST.

Not reported:
- SVC-AFFINITY-NONE-CONFIG is unreachable from v1: with `sessionAffinity: None` defaulting drops
  `sessionAffinityConfig` before validation, so the server accepts it.
- SVC-NODEPORT-ALLOCATED (a nodePort used by another Service) and ClusterIPs outside the service
  CIDR need the live cluster's allocator.

The nodePort allocator runs BEFORE validation (see :mod:`.allocator`): a NodePort/LoadBalancer
Service with a nodePort outside the range (option `node-port-range` of A313) gets that single
error and nothing else, exactly like the API server.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Iterator

from ..base import Resource, RuleContext, Violation
from . import validators as v
from ._common import (
    hkey,
    api_rule, as_dict, as_list, as_str, at_least, duplicate, forbidden, go_value, invalid, is_int, required,
    unsupported, violation,
)
from .allocator import NodePortOptions, preempting_error
from .examples import service
from .workloads import in_scope

KINDS = {"Service"}
TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")
PROTOCOLS = ("SCTP", "TCP", "UDP")


def _svc(ctx: RuleContext, resource: Resource) -> dict[str, Any] | None:
    if not in_scope(resource, ctx):
        return None
    spec = resource.data.get("spec")
    if spec is None:
        return {}  # no spec at all: every field takes its default
    return spec if isinstance(spec, dict) else None


def _type(spec: dict[str, Any]) -> Any:
    return spec.get("type") or "ClusterIP"


def _ports(spec: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    for i, port in enumerate(as_list(spec.get("ports"))):
        if isinstance(port, dict):
            yield i, port


def _cluster_ips(spec: dict[str, Any]) -> list[Any]:
    """clusterIPs after normalizeClusterIPs (clusterIP copied in when clusterIPs is empty)."""
    ips = as_list(spec.get("clusterIPs"))
    if not ips and spec.get("clusterIP") not in (None, ""):
        return [spec.get("clusterIP")]
    return ips


@api_rule(
    "A301", "service-type-invalid", kinds=KINDS, when_keys={"type"},
    summary="`spec.type` is not ClusterIP, NodePort, LoadBalancer or ExternalName.",
    what="Checks the Service type (case-sensitive; empty is defaulted to ClusterIP).",
    why="The API server rejects the Service with `spec.type: Unsupported value: \"Internal\"`.",
    bad=service(spec="type: Nodeport"),
    good=service(spec="type: NodePort"),
)
def service_type(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    value = spec.get("type")
    if isinstance(value, str) and value and value not in TYPES:
        yield violation(unsupported(value, TYPES), "the type is case-sensitive", "use ClusterIP, NodePort, LoadBalancer or ExternalName",
                        ("spec", "type"))


@api_rule(
    "A302", "service-ports-required", kinds=KINDS,
    summary="A Service has no ports.",
    what="Every Service needs at least one port, except headless (`clusterIP: None`) and ExternalName Services.",
    why="The API server answers `spec.ports: Required value`.",
    bad=service(ports=""),
    good=service(),
)
def ports_required(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    ports = spec.get("ports")
    if ports not in (None, []):
        return
    if "None" in _cluster_ips(spec)[:1] or _type(spec) == "ExternalName":
        return
    yield violation(required(), "a Service routes traffic to ports; this one names none",
                    "add `ports:` or make it headless with `clusterIP: None`", ("spec", "ports"))


@api_rule(
    "A303", "service-port-out-of-range", kinds=KINDS, when_keys={"ports"},
    summary="A Service `port` is missing or outside 1-65535.",
    what="Checks `spec.ports[i].port`.",
    why="The API server rejects the Service with `spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive`.",
    bad=service(ports="- port: 80000"),
    good=service(ports="- port: 8000"),
)
def port_range(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    for i, port in _ports(spec):
        value = port.get("port", 0)
        if is_int(value) and v.port_number(value):
            yield violation(invalid(value, "must be between 1 and 65535, inclusive"), "the Service port must be 1-65535",
                            "set `port:` to the port clients connect to", ("spec", "ports", i, "port"))


@api_rule(
    "A304", "service-port-name-required", kinds=KINDS, when_keys={"ports"},
    summary="A multi-port Service has an unnamed port.",
    what="When a Service has more than one port, every port needs a name.",
    why="The API server answers `spec.ports[1].name: Required value`.",
    bad=service(ports="- name: http\n  port: 80\n- port: 443"),
    good=service(ports="- name: http\n  port: 80\n- name: https\n  port: 443"),
)
def port_name_required(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    ports = as_list(spec.get("ports")) if spec is not None else []
    if spec is None or len(ports) < 2 or not all(isinstance(p, dict) for p in ports):
        return  # a non-object item fails decoding (schema layer)
    for i, port in _ports(spec):
        if port.get("name") in (None, ""):
            yield violation(required(), "with several ports, names tell Endpoints which is which",
                            "add `name:` to every port", ("spec", "ports", i, "name"))


@api_rule(
    "A305", "service-port-name-invalid", kinds=KINDS, when_keys={"ports"},
    summary="A Service port name is not a DNS-1123 label.",
    what="Service port names are DNS-1123 labels (at most 63 lowercase letters, digits, '-'; all digits allowed) — not IANA names like container ports.",
    why="The API server rejects the Service with `spec.ports[0].name: Invalid value: \"HTTP\": a lowercase RFC 1123 label ...`.",
    bad=service(ports="- name: HTTP\n  port: 80"),
    good=service(ports="- name: http\n  port: 80"),
)
def port_name_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    for i, port in _ports(spec):
        name = as_str(port.get("name"))
        if name:
            errs = v.dns1123_label(name)
            if errs:
                yield violation(invalid(name, "; ".join(errs)), "Service port names are lowercase DNS labels",
                                "use lowercase letters, digits and '-'", ("spec", "ports", i, "name"))


@api_rule(
    "A306", "service-port-name-duplicate", kinds=KINDS, when_keys={"ports"},
    summary="Two Service ports have the same name.",
    what="Service port names must be unique.",
    why="The API server rejects the Service with `Duplicate value: \"web\"`.",
    bad=service(ports="- name: web\n  port: 80\n- name: web\n  port: 8080"),
    good=service(ports="- name: web\n  port: 80\n- name: web-alt\n  port: 8080"),
)
def port_name_duplicate(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    seen: set[str] = set()
    for i, port in _ports(spec):
        name = as_str(port.get("name"))
        if not name:
            continue
        if name in seen:
            yield violation(duplicate(name), "port names identify ports in Endpoints", "rename one port",
                            ("spec", "ports", i, "name"))
        seen.add(name)


@api_rule(
    "A307", "service-port-protocol-invalid", kinds=KINDS, when_keys={"protocol"},
    summary="A Service port's protocol is not TCP, UDP or SCTP.",
    what="Checks `spec.ports[i].protocol` (case-sensitive; empty is defaulted to TCP). HTTP is an `appProtocol`, not a protocol.",
    why="The API server rejects the Service with `Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"`.",
    bad=service(ports="- port: 80\n  protocol: HTTP"),
    good=service(ports="- port: 80\n  protocol: TCP\n  appProtocol: http"),
)
def port_protocol(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    for i, port in _ports(spec):
        value = port.get("protocol")
        if isinstance(value, str) and value and value not in PROTOCOLS:
            yield violation(unsupported(value, PROTOCOLS), "layer-7 protocols go in `appProtocol`",
                            "use TCP, UDP or SCTP", ("spec", "ports", i, "protocol"))


@api_rule(
    "A308", "service-port-duplicate", kinds=KINDS, when_keys={"ports"},
    summary="Two Service ports use the same port number and protocol.",
    what="(protocol, port) must be unique; the same number for TCP and UDP is fine.",
    why="The API server rejects the Service with `spec.ports[1]: Duplicate value: core.ServicePort{...}`.",
    bad=service(ports="- name: a\n  port: 80\n- name: b\n  port: 80\n  targetPort: 8080"),
    good=service(ports="- name: a\n  port: 80\n- name: b\n  port: 80\n  protocol: UDP"),
)
def port_duplicate(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    seen: set[tuple[Any, Any]] = set()
    for i, port in _ports(spec):
        number = port.get("port")
        if not is_int(number):
            continue
        proto = hkey(port.get("protocol"), "TCP")
        key = (proto, number)
        if key in seen:
            yield violation(f"Duplicate value: core.ServicePort{{Name:\"\", Protocol:{go_value(proto)}, Port:{number}, ...}}",
                            f"port {number}/{proto} is already exposed by this Service", "use another port number",
                            ("spec", "ports", i), api_path=f"spec.ports[{i}]")
        seen.add(key)


@api_rule(
    "A309", "service-target-port-invalid", kinds=KINDS, when_keys={"targetPort"},
    summary="A Service `targetPort` is out of range or not a valid port name.",
    what="""
        `targetPort` is a number 1-65535 or an IANA port name (at most 15 characters, a letter,
        no '_'). 0 or empty is defaulted to `port`. Names are not resolved at admission.
        """,
    why="The API server rejects the Service with `spec.ports[0].targetPort: Invalid value: \"http_port\": ...`.",
    bad=service(ports="- port: 80\n  targetPort: http_port"),
    good=service(ports="- port: 80\n  targetPort: http"),
)
def target_port(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    for i, port in _ports(spec):
        value = port.get("targetPort")
        if value in (None, 0, ""):
            continue
        errs = v.port_num_or_name(value)
        if errs:
            yield violation(invalid(value, "; ".join(errs)), "targetPort is the container's port number or port name",
                            "use the container port number or its `ports[].name`", ("spec", "ports", i, "targetPort"))


@api_rule(
    "A310", "service-app-protocol-invalid", kinds=KINDS, when_keys={"appProtocol"},
    summary="A Service port's `appProtocol` is not a qualified name.",
    what="`appProtocol` is a qualified name such as `http`, `kubernetes.io/h2c` or `example.com/proto`.",
    why="The API server rejects the Service with `spec.ports[0].appProtocol: Invalid value: ...`.",
    bad=service(ports="- port: 80\n  appProtocol: http 2"),
    good=service(ports="- port: 80\n  appProtocol: kubernetes.io/h2c"),
)
def app_protocol(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    for i, port in _ports(spec):
        value = as_str(port.get("appProtocol"))
        if value:
            errs = v.qualified_name(value)
            if errs:
                yield violation(invalid(value, "; ".join(errs)), "appProtocol names follow the label key format",
                                "use e.g. `http`, `https` or `kubernetes.io/h2c`", ("spec", "ports", i, "appProtocol"))


@api_rule(
    "A311", "node-port-on-cluster-ip", kinds=KINDS, when_keys={"nodePort"},
    summary="A ClusterIP Service sets `nodePort`.",
    what="`nodePort` is only meaningful for NodePort and LoadBalancer Services; a ClusterIP Service must leave it unset.",
    why="The API server answers `spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'`.",
    bad=service(ports="- port: 80\n  nodePort: 30080"),
    good=service(spec="type: NodePort", ports="- port: 80\n  nodePort: 30080"),
)
def node_port_cluster_ip(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None or _type(spec) != "ClusterIP":
        return
    for i, port in _ports(spec):
        value = port.get("nodePort")
        if is_int(value) and value != 0:
            yield violation(forbidden("may not be used when `type` is 'ClusterIP'"),
                            "a ClusterIP Service is not exposed on the nodes", "remove `nodePort` or set `type: NodePort`",
                            ("spec", "ports", i, "nodePort"))


@api_rule(
    "A312", "node-port-duplicate", kinds=KINDS, when_keys={"nodePort"},
    summary="The same nodePort (and protocol) is requested twice.",
    what="""
        (protocol, nodePort) must be unique within a Service. For NodePort and LoadBalancer
        Services the allocator reports it first as `provided port is already allocated`.
        """,
    why="The API server rejects the Service with `spec.ports[1].nodePort: Duplicate value: 30080`.",
    bad=service(spec="type: NodePort", ports="- name: a\n  port: 80\n  nodePort: 30080\n- name: b\n  port: 81\n  nodePort: 30080"),
    good=service(spec="type: NodePort", ports="- name: a\n  port: 80\n  nodePort: 30080\n- name: b\n  port: 81\n  nodePort: 30081"),
)
def node_port_duplicate(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if resource.kind != "Service" or resource.api_version != "v1":
        return
    spec = as_dict(resource.data.get("spec"))
    err = preempting_error(resource, ctx)
    if err is not None:
        if err.kind == "allocated":
            yield violation(err.message, "two ports of this Service ask for the same node port",
                            "give each port its own nodePort", ("spec", "ports", err.index, "nodePort"))
        return
    if _type(spec) in ("NodePort", "LoadBalancer"):
        return
    seen: set[tuple[Any, int]] = set()
    for i, port in _ports(spec):
        value = port.get("nodePort")
        if not is_int(value) or value == 0:
            continue
        key = (hkey(port.get("protocol"), "TCP"), value)
        if key in seen:
            yield violation(duplicate(value), "two ports ask for the same node port", "give each port its own nodePort",
                            ("spec", "ports", i, "nodePort"))
        seen.add(key)


@api_rule(
    "A313", "node-port-out-of-range", kinds=KINDS, options=NodePortOptions, when_keys={"nodePort"},
    summary="A nodePort is outside the cluster's node port range (default 30000-32767).",
    what="""
        For NodePort and LoadBalancer Services the API server's allocator rejects nodePorts
        outside `--service-node-port-range` before validation runs (so no other error of the
        Service is reported). Configure the range with the rule option `node-port-range`
        (default `30000-32767`). ExternalName Services ignore nodePort.
        """,
    why="The API server rejects the Service with `spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767`.",
    bad=service(spec="type: NodePort", ports="- port: 80\n  nodePort: 8080"),
    good=service(spec="type: NodePort", ports="- port: 80\n  nodePort: 30000"),
    notes="Whether a nodePort is already used by another Service (SVC-NODEPORT-ALLOCATED) needs the cluster and is not checked.",
)
def node_port_range(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    err = preempting_error(resource, ctx)
    if err is not None and err.kind == "range":
        yield violation(err.message, "node ports come from the cluster's reserved range",
                        "pick a port in the range, or omit nodePort to get a free one", ("spec", "ports", err.index, "nodePort"))


@api_rule(
    "A314", "headless-service-type-invalid", kinds=KINDS, when_keys={"clusterIP", "clusterIPs"},
    summary="`clusterIP: None` (headless) is used on a NodePort or LoadBalancer Service.",
    what="Only ClusterIP Services may be headless. The API server reports `spec.clusterIPs[0]` because it copies clusterIP into clusterIPs first.",
    why="The API server rejects the Service with `spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services`.",
    bad=service(spec="type: NodePort\nclusterIP: None"),
    good=service(spec="clusterIP: None"),
)
def headless_type(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    stype = _type(spec)
    ips = _cluster_ips(spec)
    if stype in ("NodePort", "LoadBalancer") and ips and ips[0] == "None":
        path = ("spec", "clusterIPs", 0) if as_list(spec.get("clusterIPs")) else ("spec", "clusterIP")
        yield violation(invalid("None", f"may not be set to 'None' for {stype} services"),
                        "a headless Service has no virtual IP to expose on nodes or a load balancer",
                        "remove `clusterIP: None` or use type ClusterIP", path, api_path="spec.clusterIPs[0]")


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


@api_rule(
    "A315", "cluster-ips-invalid", kinds=KINDS, when_keys={"clusterIPs"},
    summary="`clusterIP` / `clusterIPs` are inconsistent.",
    what="""
        `clusterIPs[0]` must equal `clusterIP` when both are set; 'None' may only appear alone; at
        most two entries. (Whether an address is inside the service CIDR needs the cluster.)
        """,
    why="The API server rejects the Service with `spec.clusterIPs: Invalid value: ...`.",
    bad=service(spec="clusterIP: 10.0.0.10\nclusterIPs: [10.0.0.11]"),
    good=service(spec="clusterIP: 10.0.0.10\nclusterIPs: [10.0.0.10]"),
)
def cluster_ips(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None or _type(spec) == "ExternalName":
        return
    ips = spec.get("clusterIPs")
    cip = spec.get("clusterIP")
    if not isinstance(ips, list) or not ips or not all(isinstance(x, str) for x in ips):
        return
    if isinstance(cip, str) and cip and ips[0] != cip:
        yield violation(invalid(ips, "element [0] must match clusterIP"), "clusterIPs[0] is the primary clusterIP",
                        "make `clusterIPs[0]` equal `clusterIP` (or drop one of them)", ("spec", "clusterIPs"))
    if len(ips) > 2:
        yield violation(invalid(ips, "may only hold up to 2 values"), "one address per IP family at most",
                        "keep one IPv4 and one IPv6 address", ("spec", "clusterIPs"))
    elif len(ips) == 2 and "None" in ips:
        yield violation(invalid(ips, "'None' must be the first and only value"), "a headless Service has no address",
                        "use `clusterIPs: [None]`", ("spec", "clusterIPs"))


_FAMILIES = ("IPv4", "IPv6")
_POLICIES = ("SingleStack", "PreferDualStack", "RequireDualStack")


@api_rule(
    "A316", "ip-family-invalid", kinds=KINDS, when_keys={"ipFamilies", "ipFamilyPolicy"},
    summary="`ipFamilies` or `ipFamilyPolicy` has an unknown or repeated value.",
    what="`ipFamilies` entries are IPv4 or IPv6, without repeats, at most two; `ipFamilyPolicy` is SingleStack, PreferDualStack or RequireDualStack.",
    why="The API server rejects the Service with `Unsupported value` or `Duplicate value`.",
    bad=service(spec="ipFamilies: [ipv4]"),
    good=service(spec="ipFamilies: [IPv4]"),
)
def ip_family(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None or _type(spec) == "ExternalName":
        return
    seen: set[str] = set()
    for i, fam in enumerate(as_list(spec.get("ipFamilies"))):
        if not isinstance(fam, str):
            continue
        if fam not in _FAMILIES:
            yield violation(unsupported(fam, _FAMILIES), "IP family names are case-sensitive", "use IPv4 or IPv6",
                            ("spec", "ipFamilies", i))
        elif fam in seen:
            yield violation(duplicate(fam), "each family may appear once", "remove the repeat", ("spec", "ipFamilies", i))
        seen.add(fam)
    policy = spec.get("ipFamilyPolicy")
    if isinstance(policy, str) and policy not in _POLICIES:
        yield violation(unsupported(policy, _POLICIES), "the policy is case-sensitive",
                        "use SingleStack, PreferDualStack or RequireDualStack", ("spec", "ipFamilyPolicy"))


@api_rule(
    "A317", "external-name-required", kinds=KINDS, when_keys={"type"},
    summary="An ExternalName Service has no `externalName`.",
    what="`type: ExternalName` needs the DNS name to alias in `spec.externalName`.",
    why="The API server answers `spec.externalName: Required value`.",
    bad=service(spec="type: ExternalName", ports=""),
    good=service(spec="type: ExternalName\nexternalName: db.example.com", ports=""),
)
def external_name_required(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None or _type(spec) != "ExternalName":
        return
    if spec.get("externalName") in (None, ""):
        yield violation(required(), "an ExternalName Service is a DNS alias; the target is missing",
                        "add `externalName: host.example.com`", ("spec", "externalName"))


@api_rule(
    "A318", "external-name-invalid", kinds=KINDS, when_keys={"externalName"},
    summary="`externalName` is not a DNS-1123 subdomain.",
    what="The alias target must be a lowercase DNS name (one trailing '.' is allowed).",
    why="The API server rejects the Service with `spec.externalName: Invalid value: \"db_host.example.com\": a lowercase RFC 1123 subdomain ...`.",
    bad=service(spec="type: ExternalName\nexternalName: db_host.example.com", ports=""),
    good=service(spec="type: ExternalName\nexternalName: db-host.example.com", ports=""),
)
def external_name_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None or _type(spec) != "ExternalName":
        return
    name = as_str(spec.get("externalName"))
    if not name:
        return
    errs = v.dns1123_subdomain(name[:-1] if name.endswith(".") else name)
    if errs:
        yield violation(invalid(name, "; ".join(errs)), "the target must be a DNS host name, not a URL or IP",
                        "use a lowercase host name", ("spec", "externalName"))


@api_rule(
    "A319", "external-name-cluster-ip-forbidden", kinds=KINDS,
    when_keys={"clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"},
    summary="An ExternalName Service sets clusterIP(s), ipFamilies or ipFamilyPolicy.",
    what="ExternalName Services have no cluster IP; `clusterIP`, `clusterIPs`, `ipFamilies` and `ipFamilyPolicy` must be unset.",
    why="The API server answers `spec.clusterIPs: Forbidden: may not be set for ExternalName services`.",
    bad=service(spec="type: ExternalName\nexternalName: db.example.com\nclusterIP: 10.0.0.10", ports=""),
    good=service(spec="type: ExternalName\nexternalName: db.example.com", ports=""),
)
def external_name_cluster_ip(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None or _type(spec) != "ExternalName":
        return
    if _cluster_ips(spec):
        path = ("spec", "clusterIPs") if as_list(spec.get("clusterIPs")) else ("spec", "clusterIP")
        yield violation(forbidden("may not be set for ExternalName services"), "an ExternalName Service is only a DNS alias",
                        "remove `clusterIP`/`clusterIPs`", path, api_path="spec.clusterIPs")
    if spec.get("ipFamilyPolicy") is not None:
        yield violation(forbidden("may not be set for ExternalName services"), "an ExternalName Service has no IPs",
                        "remove `ipFamilyPolicy`", ("spec", "ipFamilyPolicy"))
    if as_list(spec.get("ipFamilies")):
        yield violation(forbidden("may not be set for ExternalName services"), "an ExternalName Service has no IPs",
                        "remove `ipFamilies`", ("spec", "ipFamilies"))


@api_rule(
    "A320", "session-affinity-invalid", kinds=KINDS, when_keys={"sessionAffinity"},
    summary="`sessionAffinity` is not ClientIP or None.",
    what="Checks `spec.sessionAffinity` (case-sensitive).",
    why="The API server rejects the Service with `Unsupported value: \"Cookie\": supported values: \"ClientIP\", \"None\"`.",
    bad=service(spec="sessionAffinity: Cookie"),
    good=service(spec="sessionAffinity: ClientIP"),
)
def session_affinity(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    value = spec.get("sessionAffinity")
    if isinstance(value, str) and value and value not in ("ClientIP", "None"):
        yield violation(unsupported(value, ("ClientIP", "None")), "Services only support client-IP stickiness",
                        "use ClientIP or None", ("spec", "sessionAffinity"))


@api_rule(
    "A321", "session-affinity-timeout-invalid", kinds=KINDS, when_keys={"sessionAffinityConfig"},
    summary="`sessionAffinityConfig.clientIP.timeoutSeconds` is outside 1-86400.",
    what="With `sessionAffinity: ClientIP` the timeout must be 1-86400 seconds (omitted = 10800).",
    why="The API server rejects the Service with `Invalid value: 0: must be greater than 0 and less than 86400`.",
    bad=service(spec="sessionAffinity: ClientIP\nsessionAffinityConfig:\n  clientIP:\n    timeoutSeconds: 0"),
    good=service(spec="sessionAffinity: ClientIP\nsessionAffinityConfig:\n  clientIP:\n    timeoutSeconds: 3600"),
)
def affinity_timeout(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None or spec.get("sessionAffinity") != "ClientIP":
        return
    value = as_dict(as_dict(spec.get("sessionAffinityConfig")).get("clientIP")).get("timeoutSeconds")
    if is_int(value) and not 1 <= value <= 86400:
        yield violation(invalid(value, "must be greater than 0 and less than 86400"), "the stickiness timeout is 1 s to 1 day",
                        "use a value between 1 and 86400", ("spec", "sessionAffinityConfig", "clientIP", "timeoutSeconds"))


def _special_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if ip.is_unspecified:
        return "may not be unspecified (0.0.0.0, ::)"
    if ip.is_loopback:
        return "may not be in the loopback range (127.0.0.0/8, ::1/128)"
    if ip.is_link_local:
        return "may not be in the link-local range (169.254.0.0/16, fe80::/10)"
    if ip in ipaddress.ip_network("224.0.0.0/24") or (ip.version == 6 and ip in ipaddress.ip_network("ff02::/16")):
        return "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"
    return None


@api_rule(
    "A322", "external-ip-invalid", kinds=KINDS, when_keys={"externalIPs"},
    summary="An `externalIPs` entry is not a usable IP address.",
    what="Each entry must be a valid IP that is not unspecified, loopback, link-local or link-local multicast.",
    why="The API server rejects the Service with `spec.externalIPs[0]: Invalid value: \"127.0.0.1\": may not be in the loopback range`.",
    bad=service(spec="externalIPs: [127.0.0.1]"),
    good=service(spec="externalIPs: [203.0.113.10]"),
)
def external_ip(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    for i, text in enumerate(as_list(spec.get("externalIPs"))):
        if not isinstance(text, str):
            continue
        ip = _ip(text)
        detail = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)" if ip is None else _special_ip(ip)
        if detail:
            yield violation(invalid(text, detail), "nodes would never receive traffic for this address",
                            "use an address routed to your nodes", ("spec", "externalIPs", i))


@api_rule(
    "A323", "load-balancer-source-ranges-invalid", kinds=KINDS, when_keys={"loadBalancerSourceRanges"},
    summary="`loadBalancerSourceRanges` is used without type LoadBalancer, or holds an invalid CIDR.",
    what="""
        Only LoadBalancer Services may set `loadBalancerSourceRanges`, and every entry (spaces
        trimmed) must be a CIDR. The API server prints the field as `spec.LoadBalancerSourceRanges`
        (capital L).
        """,
    why="The API server answers `spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'`.",
    bad=service(spec="loadBalancerSourceRanges: [10.0.0.0/8]"),
    good=service(spec="type: LoadBalancer\nloadBalancerSourceRanges: [10.0.0.0/8]"),
)
def lb_source_ranges(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    ranges = as_list(spec.get("loadBalancerSourceRanges"))
    if not ranges:
        return
    if _type(spec) != "LoadBalancer":
        yield violation(forbidden("may only be used when `type` is 'LoadBalancer'"), "only cloud load balancers filter by source",
                        "remove the field or use type LoadBalancer", ("spec", "loadBalancerSourceRanges"),
                        api_path="spec.LoadBalancerSourceRanges", at="key")
    for i, text in enumerate(ranges):
        if not isinstance(text, str):
            continue
        try:
            ipaddress.ip_network(text.strip(), strict=False)
            ok = "/" in text
        except ValueError:
            ok = False
        if not ok:
            yield violation(invalid(text, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"),
                            "each entry is an address range like 10.0.0.0/8", "write the range in CIDR notation",
                            ("spec", "loadBalancerSourceRanges", i), api_path=f"spec.LoadBalancerSourceRanges[{i}]")


def _externally_accessible(spec: dict[str, Any]) -> bool:
    stype = _type(spec)
    return stype in ("NodePort", "LoadBalancer") or (stype == "ClusterIP" and bool(as_list(spec.get("externalIPs"))))


@api_rule(
    "A324", "external-traffic-policy-invalid", kinds=KINDS, when_keys={"externalTrafficPolicy"},
    summary="`externalTrafficPolicy` is set on an internal Service or has an unknown value.",
    what="""
        Only externally-accessible Services (NodePort, LoadBalancer, or ClusterIP with externalIPs)
        may set `externalTrafficPolicy`, to Cluster or Local. It is rejected, not ignored, on a
        plain ClusterIP Service.
        """,
    why="The API server rejects the Service with `spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services`.",
    bad=service(spec="externalTrafficPolicy: Local"),
    good=service(spec="type: NodePort\nexternalTrafficPolicy: Local"),
)
def external_traffic_policy(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    value = spec.get("externalTrafficPolicy")
    if not isinstance(value, str) or not value:
        return
    if _type(spec) not in TYPES:
        return
    if not _externally_accessible(spec):
        yield violation(invalid(value, "may only be set for externally-accessible services"),
                        "this Service is reachable only inside the cluster", "remove `externalTrafficPolicy`",
                        ("spec", "externalTrafficPolicy"))
    elif value not in ("Cluster", "Local"):
        yield violation(unsupported(value, ("Cluster", "Local")), "the policy is case-sensitive", "use Cluster or Local",
                        ("spec", "externalTrafficPolicy"))


@api_rule(
    "A325", "health-check-node-port-invalid", kinds=KINDS, when_keys={"healthCheckNodePort"},
    summary="`healthCheckNodePort` is set without type LoadBalancer and externalTrafficPolicy Local.",
    what="A health-check node port only exists for LoadBalancer Services with `externalTrafficPolicy: Local`.",
    why="The API server rejects the Service with `spec.healthCheckNodePort: Invalid value: 30500: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'`.",
    bad=service(spec="type: NodePort\nhealthCheckNodePort: 30500"),
    good=service(spec="type: LoadBalancer\nexternalTrafficPolicy: Local\nhealthCheckNodePort: 30500"),
)
def health_check_node_port(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    value = spec.get("healthCheckNodePort")
    if not is_int(value) or value == 0:
        return
    if not (_type(spec) == "LoadBalancer" and spec.get("externalTrafficPolicy") == "Local"):
        yield violation(invalid(value, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"),
                        "nothing would serve health checks on this port", "remove `healthCheckNodePort`",
                        ("spec", "healthCheckNodePort"))


@api_rule(
    "A326", "internal-traffic-policy-invalid", kinds=KINDS, when_keys={"internalTrafficPolicy"},
    summary="`internalTrafficPolicy` is not Cluster or Local.",
    what="Checks `spec.internalTrafficPolicy` (case-sensitive).",
    why="The API server rejects the Service with `Unsupported value: \"Node\": supported values: \"Cluster\", \"Local\"`.",
    bad=service(spec="internalTrafficPolicy: Node"),
    good=service(spec="internalTrafficPolicy: Local"),
)
def internal_traffic_policy(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    value = spec.get("internalTrafficPolicy")
    if isinstance(value, str) and value and value not in ("Cluster", "Local"):
        yield violation(unsupported(value, ("Cluster", "Local")), "the policy is case-sensitive", "use Cluster or Local",
                        ("spec", "internalTrafficPolicy"))


@api_rule(
    "A327", "load-balancer-class-invalid", kinds=KINDS, when_keys={"loadBalancerClass"},
    summary="`loadBalancerClass` is set without type LoadBalancer, or is not a qualified name.",
    what="Only LoadBalancer Services may set `loadBalancerClass`; the value is a qualified name like `example.com/lb`.",
    why="The API server answers `spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'`.",
    bad=service(spec="loadBalancerClass: example.com/internal"),
    good=service(spec="type: LoadBalancer\nloadBalancerClass: example.com/internal"),
)
def load_balancer_class(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    value = spec.get("loadBalancerClass")
    if not isinstance(value, str):
        return
    if _type(spec) != "LoadBalancer":
        yield violation(forbidden("may only be used when `type` is 'LoadBalancer'"), "only load balancers have a class",
                        "remove `loadBalancerClass`", ("spec", "loadBalancerClass"))
    else:
        errs = v.qualified_name(value)
        if errs:
            yield violation(invalid(value, "; ".join(errs)), "classes are qualified names", "use e.g. `example.com/lb`",
                            ("spec", "loadBalancerClass"))


@api_rule(
    "A328", "allocate-lb-node-ports-forbidden", kinds=KINDS, when_keys={"allocateLoadBalancerNodePorts"},
    summary="`allocateLoadBalancerNodePorts` is set without type LoadBalancer.",
    what="Only LoadBalancer Services may set `allocateLoadBalancerNodePorts`.",
    why="The API server answers `spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'`.",
    bad=service(spec="type: NodePort\nallocateLoadBalancerNodePorts: false"),
    good=service(spec="type: LoadBalancer\nallocateLoadBalancerNodePorts: false"),
)
def allocate_lb_node_ports(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None:
        return
    if isinstance(spec.get("allocateLoadBalancerNodePorts"), bool) and _type(spec) != "LoadBalancer":
        yield violation(forbidden("may only be used when `type` is 'LoadBalancer'"), "only LoadBalancer Services allocate node ports for a load balancer",
                        "remove `allocateLoadBalancerNodePorts`", ("spec", "allocateLoadBalancerNodePorts"))


@api_rule(
    "A329", "traffic-distribution-invalid", kinds=KINDS, when_keys={"trafficDistribution"},
    summary="`trafficDistribution` has an unsupported value.",
    what="`PreferClose` (1.30+); from 1.34 also `PreferSameZone` and `PreferSameNode`.",
    why="The API server rejects the Service with `spec.trafficDistribution: Unsupported value`.",
    bad=service(spec="trafficDistribution: Nearest"),
    good=service(spec="trafficDistribution: PreferClose"),
)
def traffic_distribution(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    spec = _svc(ctx, resource)
    if spec is None or not at_least(ctx, 30):
        return
    value = spec.get("trafficDistribution")
    if not isinstance(value, str):
        return
    allowed = ("PreferClose", "PreferSameNode", "PreferSameZone") if at_least(ctx, 34) else ("PreferClose",)
    if value not in allowed:
        yield violation(unsupported(value, allowed), "the value is case-sensitive", f"use {allowed[0]}",
                        ("spec", "trafficDistribution"))
