"""Shared plumbing for the API-server rules: registration with generated docs, message
formatting in the API server's style, and the target Kubernetes version.

Every rule in this package is a RESOURCE-scope rule of category ``apiserver`` with severity
error (warnings.go rules: warning). Its message starts with the text the API server prints
after the field path (``Invalid value: 5: must be 1``) and continues with a plain explanation.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any, Callable, Iterable

from ...findings import Severity
from ..base import RuleContext, Scope, Violation, WrittenDoc, dedent, rule

#: The newest Kubernetes minor release these rules know; '' in the settings means this one.
NEWEST = (1, 37)

_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.\d+)?")


def kube_version(ctx: RuleContext | None) -> tuple[int, int]:
    """``ctx.kubernetes_version`` as (major, minor); '' or unparsable -> the newest release."""
    return _parse_version(getattr(ctx, "kubernetes_version", "") or "")


@functools.lru_cache(maxsize=64)
def _parse_version(text: str) -> tuple[int, int]:
    m = _VERSION.match(text.strip())
    if not m:
        return NEWEST
    return int(m.group(1)), int(m.group(2))


def at_least(ctx: RuleContext | None, minor: int) -> bool:
    return _parse_version(getattr(ctx, "kubernetes_version", "") or "") >= (1, minor)  # kube_version, inlined


class Facts:
    """What the API-server rules of one resource ask first, each computed once (on first use).

    The engine runs every rule of a resource in a row, so a one-entry cache holds the facts of
    the resource seen last; the entry keeps the resource (and its data) alive, so a new resource
    can never be mistaken for it.
    """

    __slots__ = ("resource", "data", "patch", "object", "decode_error", "served", "site", "checked", "scope",
                 "memo")

    def __init__(self, resource: Any) -> None:
        self.resource, self.data = resource, resource.data
        self.patch = self.object = self.decode_error = self.served = self.site = self.checked = self.scope = UNSET
        self.memo: dict[str, Any] = {}


UNSET: Any = object()
_LAST_FACTS: list[Facts | None] = [None]


def facts_of(resource: Any) -> Facts:
    """The facts of ``resource`` (a fresh, empty entry when the rules moved on to another one)."""
    facts = _LAST_FACTS[0]
    if facts is None or facts.resource is not resource or facts.data is not resource.data:
        facts = _LAST_FACTS[0] = Facts(resource)
    return facts


def is_patch(resource: Any) -> bool:
    """A strategic-merge / kustomize patch (a ``$``-key such as ``$patch``), not an object."""
    facts = facts_of(resource)
    if facts.patch is UNSET:
        facts.patch = _has_dollar_key(resource.data)
    return facts.patch


def _has_dollar_key(data: dict[Any, Any]) -> bool:
    for key in data:  # a plain loop: a generator in any() costs more than these few keys
        if isinstance(key, str) and key.startswith("$"):
            return True
    return False


def resource_memo(resource: Any, key: str, compute: Callable[[Any], Any]) -> Any:
    """``compute(resource)``, computed once per resource under ``key`` (for what several rules read)."""
    memo = facts_of(resource).memo
    if key in memo:
        return memo[key]
    found = memo[key] = compute(resource)
    return found


def go_value(value: Any) -> str:
    """A value as field.Error prints it: strings quoted, numbers bare, maps Go-style."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        inner = ", ".join(f"{json.dumps(str(k))}:{json.dumps(str(v))}" for k, v in sorted(value.items()))
        return "map[string]string{" + inner + "}"
    return str(value)


def invalid(value: Any, detail: str) -> str:
    return f"Invalid value: {go_value(value)}: {detail}"


def unsupported(value: Any, supported: Iterable[str]) -> str:
    return f"Unsupported value: {go_value(value)}: supported values: " + ", ".join(f'"{s}"' for s in supported)


def required(detail: str = "") -> str:
    return "Required value" + (f": {detail}" if detail else "")


def forbidden(detail: str) -> str:
    return f"Forbidden: {detail}"


def duplicate(value: Any) -> str:
    return f"Duplicate value: {go_value(value)}"


def not_found(value: Any) -> str:
    return f"Not found: {go_value(value)}"


def violation(server: str, plain: str, hint: str, path: tuple, *, api_path: str | None = None,
              at: str = "value", severity: Severity | None = None) -> Violation:
    """A finding: the API server's text, then what it means in plain words."""
    message = f"{server} ({plain})" if plain else server
    return Violation(message, hint=hint, path=tuple(path), api_path=api_path, at=at, severity=severity)


def fmt(path: Iterable[Any]) -> str:
    """A path as the API server prints it; map keys given as ``("[key]",)`` stay bracketed."""
    out = ""
    for item in path:
        if isinstance(item, int):
            out += f"[{item}]"
        elif isinstance(item, str) and item.startswith("[") and item.endswith("]"):
            out += item
        else:
            out += ("." if out else "") + str(item)
    return out


@functools.lru_cache(maxsize=256)
def fmt_fixed(path: tuple[Any, ...]) -> str:
    """:func:`fmt` of a path every resource of a kind shares (``spec.template.labels``), remembered."""
    return fmt(path)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_intlike(value: Any) -> bool:
    """An int, or a float with an integral value (1.0 decodes into an int32 field)."""
    if is_int(value):
        return True
    return isinstance(value, float) and value.is_integer()


def as_int(value: Any) -> int | None:
    return int(value) if is_intlike(value) else None


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _doc(summary: str, what: str, why: str, bad: str, good: str, notes: str) -> str:
    def d(text: str) -> str:
        return dedent(text).strip("\n")

    parts = [summary.strip(), "", "## What it does", d(what), "", "## Why is this bad?", d(why)]
    if notes:
        parts += ["", "## Notes", d(notes)]
    parts += ["", "## Example", "```yaml", d(bad), "```", "", "Use instead:", "```yaml", d(good), "```"]
    return "\n".join(parts)


def api_rule(code: str, name: str, *, kinds: Iterable[str], summary: str, what: str, why: str,
             bad: str, good: str, notes: str = "", severity: Severity = Severity.ERROR,
             options: type | None = None,
             when_keys: Iterable[str] | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register an API-server rule; the documentation is assembled from the parts given
    (``when_keys``: see :func:`yamlkit.rules.base.rule`)."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        # registered as it is, without a wrapper (one call fewer per rule and resource): the
        # engine puts a List item's path in front of the rule's API paths (relative_api_path);
        # the docs are written when first read (rule bodies have no docstring)
        rule(code, name, severity=severity, scope=Scope.RESOURCE, kinds=set(kinds), options=options,
             category="apiserver", when_keys=when_keys, relative_api_path=True,
             doc=WrittenDoc(_doc, summary, what, why, bad, good, notes))(fn)
        return fn

    return wrap


def hkey(value: Any, default: str = "") -> str:
    """A hashable key for a scalar that should be a string (wrong types become their repr)."""
    if value in (None, "") or value is False:
        return default
    return value if isinstance(value, str) else repr(value)
