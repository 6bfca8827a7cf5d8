"""A2xx (A201-A210): probes and lifecycle handlers.

Rows of docs/apiserver-rules.md: PROBE-HANDLER-ONE, PROBE-NONNEG, PROBE-SUCCESS-1,
PROBE-TGPS-POS, PROBE-TGPS-READINESS, PROBE-HTTP-PORT, PROBE-HTTP-SCHEME, PROBE-HTTP-HEADER,
PROBE-TCP-PORT, PROBE-EXEC-CMD, PROBE-GRPC-PORT, PROBE-INIT-FORBIDDEN, LIFECYCLE-HANDLER,
LIFECYCLE-SLEEP.

Defaulting runs before validation, so probe `timeoutSeconds`, `periodSeconds`,
`successThreshold` and `failureThreshold` of 0 become 1/10/1/3 and are valid
(`successThreshold: 0` on a liveness probe is accepted). PROBE-HTTP-PATH (`httpGet.path:
Required value`) is unreachable from v1 because an empty path is defaulted to "/": it is not
reported. Named probe ports are never resolved against the container's ports.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..base import Resource, RuleContext, Violation
from . import validators as v
from ._common import (
    api_rule, as_list, at_least, fmt, forbidden, invalid, is_int, required, unsupported, violation,
)
from .examples import deployment, pod
from .workloads import POD_KINDS, Ctr, PodSite, containers, pod_site_checked, site_memo

KINDS = POD_KINDS
PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
LIFECYCLE_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")
_PROBE_FIELDS = ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
                 "failureThreshold", "terminationGracePeriodSeconds")


def _validated_ctrs(site: PodSite) -> list[Ctr]:
    """Containers whose probes and lifecycle the server validates (not plain init containers)."""
    return site_memo(site, "probes.containers", _find_validated_ctrs)


def _find_validated_ctrs(site: PodSite) -> list[Ctr]:
    return [c for c in containers(site, ("initContainers", "containers")) if not c.is_init or c.is_sidecar]


def _probes(site: PodSite) -> list[tuple[Ctr, str, dict[str, Any], tuple[Any, ...]]]:
    """(container, probe name, probe, path) of every probe of the validated containers."""
    return site_memo(site, "probes.probes", _find_probes)


def _find_probes(site: PodSite) -> list[tuple[Ctr, str, dict[str, Any], tuple[Any, ...]]]:
    found = []
    for c in _validated_ctrs(site):
        for name in PROBES:
            probe = c.data.get(name)
            if isinstance(probe, dict):
                found.append((c, name, probe, c.p(name)))
    return found


def _hooks(site: PodSite) -> list[tuple[dict[str, Any], tuple[Any, ...]]]:
    """(handler, path) of every lifecycle hook of the validated containers."""
    return site_memo(site, "probes.hooks", _find_hooks)


def _find_hooks(site: PodSite) -> list[tuple[dict[str, Any], tuple[Any, ...]]]:
    found = []
    for c in _validated_ctrs(site):
        lc = c.data.get("lifecycle")
        if not isinstance(lc, dict):
            continue
        for hook in ("postStart", "preStop"):
            handler = lc.get(hook)
            if isinstance(handler, dict):
                found.append((handler, c.p("lifecycle", hook)))
    return found


def _lifecycle_kinds(ctx: RuleContext) -> tuple[str, ...]:
    return LIFECYCLE_HANDLERS if at_least(ctx, 30) else LIFECYCLE_HANDLERS[:3]


def _handlers(ctx: RuleContext, site: PodSite) -> list[tuple[dict[str, Any], tuple[Any, ...], tuple[str, ...]]]:
    """(handler dict, path, allowed handler kinds) of every probe and lifecycle hook (once per
    site and Kubernetes version: the memo key is built without a closure or f-string)."""
    lifecycle_kinds = _lifecycle_kinds(ctx)
    key = ("probes.handlers", lifecycle_kinds)
    found = site.memo.get(key)
    if found is None:
        found = site.memo[key] = _find_handlers(site, lifecycle_kinds)
    return found


def _find_handlers(site: PodSite, lifecycle_kinds: tuple[str, ...]) -> list[tuple[dict[str, Any], tuple[Any, ...], tuple[str, ...]]]:
    found = [(probe, path, PROBE_HANDLERS) for _c, _name, probe, path in _probes(site)]
    found += [(handler, path, lifecycle_kinds) for handler, path in _hooks(site)]
    return found


LIVENESS = "livenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n"


@api_rule(
    "A201", "probe-success-threshold-not-1", kinds=KINDS, when_keys={"successThreshold"},
    summary="A liveness or startup probe has `successThreshold` other than 1.",
    what="""
        Liveness and startup probes must use `successThreshold: 1` (0 is defaulted to 1 and is
        fine). Readiness probes may use any value ≥ 0. Applies to sidecar init containers too.
        """,
    why="The API server rejects the object with `livenessProbe.successThreshold: Invalid value: 5: must be 1`.",
    bad=deployment(ctr=LIVENESS + "  successThreshold: 5"),
    good=deployment(ctr="readinessProbe:\n  httpGet:\n    path: /ready\n    port: 8080\n  successThreshold: 5"),
)
def success_threshold(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for _c, name, probe, path in _probes(site):
        if name == "readinessProbe":
            continue
        value = probe.get("successThreshold")
        if is_int(value) and value not in (0, 1):
            yield violation(invalid(value, "must be 1"),
                            f"a {name} fails or succeeds on a single result; only readiness probes may require several successes",
                            "remove `successThreshold` or set it to 1", path + ("successThreshold",))


@api_rule(
    "A202", "handler-count-invalid", kinds=KINDS,
    when_keys={"livenessProbe", "readinessProbe", "startupProbe", "postStart", "preStop"},
    summary="A probe or lifecycle hook has no handler or more than one.",
    what="""
        A probe needs exactly one of exec, httpGet, tcpSocket, grpc; a lifecycle hook
        (postStart/preStop) exactly one of exec, httpGet, tcpSocket, sleep. "More than one" is
        reported on the second handler.
        """,
    why="The API server answers `Required value: must specify a handler type` or `Forbidden: may not specify more than 1 handler type`.",
    bad=pod(ctr="livenessProbe:\n  periodSeconds: 10"),
    good=pod(ctr="livenessProbe:\n  tcpSocket:\n    port: 80\n  periodSeconds: 10"),
)
def handler_count(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for handler, path, kinds in _handlers(ctx, site):
        present = [k for k in kinds if handler.get(k) is not None]
        if not present:
            known = set(kinds) | set(_PROBE_FIELDS if path[-1] in PROBES else ())
            if any(k not in known for k in handler):
                continue  # an unknown field (`gRPC:`): strict decoding rejects it first (schema layer)
            yield violation(required("must specify a handler type"), "the kubelet would not know how to run it",
                            f"add one of {', '.join(kinds)}", path)
        for k in present[1:]:
            yield violation(forbidden("may not specify more than 1 handler type"),
                            f"`{present[0]}` is already set", f"keep only one of {', '.join(present)}", path + (k,), at="key")


@api_rule(
    "A203", "probe-field-negative", kinds=KINDS,
    when_keys={"initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"},
    summary="A probe's delay, timeout, period or threshold is negative.",
    what="`initialDelaySeconds`, `timeoutSeconds`, `periodSeconds`, `successThreshold`, `failureThreshold` must be ≥ 0 (0 is defaulted).",
    why="The API server rejects the object with `Invalid value: -5: must be greater than or equal to 0`.",
    bad=pod(ctr=LIVENESS + "  initialDelaySeconds: -5"),
    good=pod(ctr=LIVENESS + "  initialDelaySeconds: 5"),
)
def probe_negative(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for _c, _name, probe, path in _probes(site):
        for field in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"):
            value = probe.get(field)
            if value.__class__ is int and value < 0:  # is_int(value), inlined for the 5 fields of every probe
                yield violation(invalid(value, "must be greater than or equal to 0"), "durations and counts cannot be negative",
                                "use 0 (the default) or a positive number", path + (field,))


@api_rule(
    "A204", "probe-termination-grace-period-invalid", kinds=KINDS, when_keys={"terminationGracePeriodSeconds"},
    summary="A probe's `terminationGracePeriodSeconds` is not positive, or is set on a readiness probe.",
    what="`terminationGracePeriodSeconds` on a probe must be > 0 and is not allowed on readiness probes.",
    why="The API server answers `Invalid value: 0: must be greater than 0` or `must not be set for readinessProbes`.",
    bad=pod(ctr=LIVENESS + "  terminationGracePeriodSeconds: 0"),
    good=pod(ctr=LIVENESS + "  terminationGracePeriodSeconds: 10"),
)
def probe_tgps(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for _c, name, probe, path in _probes(site):
        value = probe.get("terminationGracePeriodSeconds")
        if not is_int(value):
            continue
        if name == "readinessProbe":
            yield violation(invalid(value, "must not be set for readinessProbes"), "a failing readiness probe never kills the container",
                            "remove it from the readiness probe", path + ("terminationGracePeriodSeconds",))
        if value <= 0:
            yield violation(invalid(value, "must be greater than 0"), "the container needs some time to stop",
                            "use a positive number of seconds", path + ("terminationGracePeriodSeconds",))


def _port_handlers(ctx: RuleContext, site: PodSite) -> list[tuple[str, dict[str, Any], tuple[Any, ...]]]:
    """(kind, body, path) of every httpGet, tcpSocket and grpc handler of probes and hooks."""
    key = ("probes.port_handlers", _lifecycle_kinds(ctx))
    found = site.memo.get(key)
    if found is None:
        found = site.memo[key] = _find_port_handlers(_handlers(ctx, site))
    return found


def _find_port_handlers(handlers: list[tuple[dict[str, Any], tuple[Any, ...], tuple[str, ...]]]
                        ) -> list[tuple[str, dict[str, Any], tuple[Any, ...]]]:
    found = []
    for handler, path, kinds in handlers:
        for kind in ("httpGet", "tcpSocket", "grpc"):
            body = handler.get(kind)
            if kind in kinds and isinstance(body, dict):
                found.append((kind, body, path + (kind,)))
    return found


@api_rule(
    "A205", "probe-port-invalid", kinds=KINDS, when_keys={"httpGet", "tcpSocket", "grpc"},
    summary="A probe or hook port is out of range or not a valid port name.",
    what="""
        `httpGet.port` and `tcpSocket.port` are a number 1-65535 or an IANA port name (a quoted
        number such as `"8080"` is a name and fails). Names are NOT checked against the
        container's ports. `grpc.port` is a number 1-65535.
        """,
    why="The API server rejects the object with `Invalid value: 0: must be between 1 and 65535, inclusive`.",
    bad=pod(ctr="livenessProbe:\n  httpGet:\n    path: /healthz\n    port: \"8080\""),
    good=pod(ctr=LIVENESS),
)
def probe_port(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for kind, body, path in _port_handlers(ctx, site):
        port = body.get("port", 0)
        if port.__class__ is int and 0 < port <= 65535:
            continue  # the usual case, valid for every kind
        if kind == "grpc":
            errs = v.port_number(port) if is_int(port) else None
        else:
            errs = v.port_num_or_name(port)
        if errs:
            yield violation(invalid(port, "; ".join(errs)),
                            "ports are numbers 1-65535 or port names such as `http`",
                            "use the port number unquoted, or a named container port", path + ("port",))


@api_rule(
    "A206", "probe-http-scheme-invalid", kinds=KINDS, when_keys={"scheme"},
    summary="`httpGet.scheme` is not HTTP or HTTPS.",
    what="Checks `httpGet.scheme` on probes and hooks (case-sensitive; empty is defaulted to HTTP).",
    why="The API server rejects the object with `Unsupported value: \"http\": supported values: \"HTTP\", \"HTTPS\"`.",
    bad=pod(ctr=LIVENESS.replace("port: 8080", "port: 8080\n    scheme: https")),
    good=pod(ctr=LIVENESS.replace("port: 8080", "port: 8080\n    scheme: HTTPS")),
)
def http_scheme(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for kind, body, path in _port_handlers(ctx, site):
        scheme = body.get("scheme")
        if kind == "httpGet" and isinstance(scheme, str) and scheme and scheme not in ("HTTP", "HTTPS"):
            yield violation(unsupported(scheme, ("HTTP", "HTTPS")), "the scheme is upper-case", "use HTTP or HTTPS",
                            path + ("scheme",))


@api_rule(
    "A207", "probe-http-header-invalid", kinds=KINDS, when_keys={"httpHeaders"},
    summary="An `httpGet.httpHeaders` name is not a valid HTTP header name.",
    what="Header names may only use letters, digits and '-'. The API server reports the list path.",
    why="The API server rejects the object with `httpGet.httpHeaders: Invalid value: \"X Custom\": a valid HTTP header must consist of alphanumeric characters or '-' ...`.",
    bad=pod(ctr="livenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n    httpHeaders:\n      - name: X Probe\n        value: k8s"),
    good=pod(ctr="livenessProbe:\n  httpGet:\n    path: /healthz\n    port: 8080\n    httpHeaders:\n      - name: X-Probe\n        value: k8s"),
)
def http_header(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for kind, body, path in _port_handlers(ctx, site):
        if kind != "httpGet":
            continue
        for k, header in enumerate(as_list(body.get("httpHeaders"))):
            name = header.get("name") if isinstance(header, dict) else None
            if isinstance(name, str):
                errs = v.http_header_name(name)
                if errs:
                    yield violation(invalid(name, errs[0]), "header names cannot contain spaces or ':'",
                                    "use e.g. `X-Probe`", path + ("httpHeaders", k, "name"),
                                    api_path=fmt(path + ("httpHeaders",)))


@api_rule(
    "A208", "exec-command-required", kinds=KINDS, when_keys={"exec"},
    summary="An exec probe or hook has no command.",
    what="`exec.command` must be a non-empty list.",
    why="The API server answers `exec.command: Required value`.",
    bad=pod(ctr="livenessProbe:\n  exec:\n    command: []"),
    good=pod(ctr="livenessProbe:\n  exec:\n    command: [cat, /tmp/healthy]"),
)
def exec_command(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    for handler, path, _kinds in _handlers(ctx, site):
        body = handler.get("exec")
        if isinstance(body, dict) and body.get("command") in (None, []):
            yield violation(required(), "there is nothing to execute", "add `command: [...]`", path + ("exec", "command"))


@api_rule(
    "A209", "init-container-probe-forbidden", kinds=KINDS, when_keys={"initContainers"},
    summary="A (non-sidecar) init container has probes or lifecycle hooks.",
    what="""
        Init containers run to completion one after another, so probes and lifecycle hooks are
        forbidden unless the init container is a sidecar (`restartPolicy: Always`, 1.28+).
        """,
    why="The API server answers `Forbidden: may not be set for init containers without restartPolicy=Always`.",
    bad=pod(spec="initContainers:\n  - name: migrate\n    image: busybox:1.36\n    readinessProbe:\n      exec:\n        command: [true]"),
    good=pod(spec="initContainers:\n  - name: proxy\n    image: busybox:1.36\n    restartPolicy: Always\n    readinessProbe:\n      exec:\n        command: [true]"),
)
def init_probe_forbidden(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None:
        return
    sidecars = at_least(ctx, 28)
    detail = "may not be set for init containers without restartPolicy=Always" if sidecars else "may not be set for init containers"
    for c in containers(site, ("initContainers",)):
        if sidecars and c.is_sidecar:
            continue
        for field in ("lifecycle",) + PROBES:
            if c.data.get(field) is not None:
                yield violation(forbidden(detail), "init containers run to completion; nothing would use this",
                                "remove it, or make the init container a sidecar with `restartPolicy: Always`",
                                c.p(field), at="key")


@api_rule(
    "A210", "lifecycle-sleep-invalid", kinds=KINDS, when_keys={"sleep"},
    summary="`preStop.sleep.seconds` is not positive or exceeds the termination grace period.",
    what="""
        A sleep hook must last at most `terminationGracePeriodSeconds` (default 30) and more than
        0 seconds (0 is allowed from Kubernetes 1.33, PodLifecycleSleepActionAllowZero).
        """,
    why="The API server rejects the object with `Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)`.",
    bad=pod(ctr="lifecycle:\n  preStop:\n    sleep:\n      seconds: 60"),
    good=pod(spec="terminationGracePeriodSeconds: 90", ctr="lifecycle:\n  preStop:\n    sleep:\n      seconds: 60"),
)
def lifecycle_sleep(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site_checked(resource, ctx)
    if site is None or not at_least(ctx, 30):
        return
    grace = site.spec.get("terminationGracePeriodSeconds", 30)
    if not is_int(grace) or grace < 0:
        return
    allow_zero = at_least(ctx, 33)
    for handler, path, kinds in _handlers(ctx, site):
        sleep = handler.get("sleep")
        if "sleep" not in kinds or not isinstance(sleep, dict):
            continue
        seconds = sleep.get("seconds")
        if not is_int(seconds):
            continue
        low_bad = seconds < 0 if allow_zero else seconds <= 0
        if low_bad or seconds > grace:
            word = "non-negative" if allow_zero else "greater than 0"
            yield violation(invalid(seconds, f"must be {word} and less than terminationGracePeriodSeconds ({grace})"),
                            "the container is killed when the grace period ends", "shorten the sleep or raise terminationGracePeriodSeconds",
                            path + ("sleep", "seconds"))
