"""The Service allocator step that runs BEFORE validation (storage ``beginCreate``).

For NodePort and LoadBalancer Services the API server allocates the requested nodePorts first;
the first port outside ``--service-node-port-range`` (or requested twice) fails the request with
that single error, and validation never runs. :func:`preempting_error` models that, so the other
rules stay silent on such a Service, exactly like the server.

Not modelled (needs a live cluster): SVC-NODEPORT-ALLOCATED (a port already used by another
Service) and ClusterIP addresses outside the cluster's service CIDR.
"""

from __future__ import annotations

import functools
from typing import Any

from ..._record import record
from ..base import Resource, RuleContext, lookup
from ._common import as_dict, as_list, hkey, is_int, is_patch, resource_memo

DEFAULT_RANGE = "30000-32767"


@record
class NodePortOptions:
    """Options of ``node-port-out-of-range``."""

    #: The cluster's ``--service-node-port-range`` (``low-high``).
    node_port_range: str = DEFAULT_RANGE


def port_range(ctx: RuleContext | None) -> tuple[int, int, str]:
    """The node port range: the running rule's options (A313), else A313's configured options."""
    options = getattr(ctx, "options", None)
    if isinstance(options, NodePortOptions):
        return _parse_range(str(options.node_port_range))
    cache = getattr(ctx, "cache", None)
    if cache is None:
        return _parse_range(str(_configured_range(ctx)))
    # the settings of a run do not change (the engine reads every rule's options once, too)
    text = cache.get("allocator.node_port_range")
    if text is None:
        text = cache["allocator.node_port_range"] = _configured_range(ctx)
    return _parse_range(str(text))


def _configured_range(ctx: RuleContext | None) -> Any:
    text: Any = DEFAULT_RANGE
    settings = getattr(ctx, "settings", None)
    meta = lookup("A313")
    if settings is not None and meta is not None:
        try:
            opts = settings.options_for(meta)
        except TypeError:
            opts = None
        if isinstance(opts, NodePortOptions):
            text = opts.node_port_range
    return text


@functools.lru_cache(maxsize=64)
def _parse_range(text: str) -> tuple[int, int, str]:
    try:
        low_s, high_s = text.split("-", 1)
        low, high = int(low_s), int(high_s)
        if low > high:
            raise ValueError
    except ValueError:
        low, high = 30000, 32767
    return low, high, f"{low}-{high}"


@record
class AllocError:
    index: int
    node_port: int
    kind: str  # "range" | "allocated"
    message: str


def _requested(port: Any) -> bool:
    """Whether a Service port asks for a specific nodePort (the allocator checks those)."""
    if not isinstance(port, dict):
        return False
    np = port.get("nodePort")
    return is_int(np) and np != 0


def may_preempt(resource: Resource) -> bool:
    """Whether the allocator runs on this Service: NodePort/LoadBalancer with a nodePort given
    (once per resource).

    Without one, :func:`preempting_error` is None whatever the node port range.
    """
    return resource_memo(resource, "allocator.may_preempt", _may_preempt)


def _may_preempt(resource: Resource) -> bool:
    if resource.kind != "Service" or resource.api_version != "v1":
        return False
    spec = as_dict(resource.data.get("spec"))
    if spec.get("type") not in ("NodePort", "LoadBalancer"):
        return False
    if is_patch(resource):
        return False
    return any(_requested(port) for port in as_list(spec.get("ports")))


def preempting_error(resource: Resource, ctx: RuleContext | None) -> AllocError | None:
    """The first nodePort allocation error of a Service, or None (once per resource and range:
    every Service rule asks)."""
    if not may_preempt(resource):
        return None
    node_ports = port_range(ctx)
    errors = resource_memo(resource, "allocator.errors", lambda _resource: {})
    if node_ports not in errors:
        errors[node_ports] = _allocate(resource, node_ports)
    return errors[node_ports]


def _allocate(resource: Resource, node_ports: tuple[int, int, str]) -> AllocError | None:
    spec = as_dict(resource.data.get("spec"))
    low, high, text = node_ports
    seen: dict[tuple[Any, int], int] = {}
    for i, port in enumerate(as_list(spec.get("ports"))):
        if not _requested(port):
            continue
        np = port["nodePort"]
        proto = hkey(port.get("protocol"), "TCP")
        if not (low <= np <= high):
            return AllocError(i, np, "range",
                              f"Invalid value: {np}: provided port is not in the valid range. "
                              f"The range of valid ports is {text}")
        # The same nodePort for different protocols is one allocation; the same protocol twice
        # is a second allocation of a taken port.
        if (proto, np) in seen:
            return AllocError(i, np, "allocated", f"Invalid value: {np}: provided port is already allocated")
        seen[(proto, np)] = i
    return None


def skip(resource: Resource, ctx: RuleContext | None) -> bool:
    """True when validation would not run on this resource (a Service pre-empted by the allocator)."""
    if resource.kind != "Service":
        return False
    return preempting_error(resource, ctx) is not None
