"""A22x-A23x: Deployment (apps/v1) and the controller-template rules of other workloads.

Rows of docs/apiserver-rules.md: DEP-REPLICAS-NONNEG, DEP-SELECTOR-REQ, DEP-SELECTOR-NONEMPTY,
DEP-SELECTOR-SYNTAX, DEP-SELECTOR-MATCH, DEP-RESTARTPOLICY-ALWAYS, DEP-ADS-FORBIDDEN,
DEP-STRATEGY-TYPE, DEP-RECREATE-NO-RU, DEP-RU-INTORPERCENT, DEP-RU-MAXUNAVAIL-100,
DEP-RU-BOTH-ZERO, DEP-MINREADY-NONNEG, DEP-REVHIST-NONNEG, DEP-PDS-NONNEG, DEP-PDS-GT-MINREADY.
(DEP-TEMPLATE-LABELS is `label-key-invalid` / `label-value-invalid`; DEP-TEMPLATE-PODSPEC is every
A1xx/A2xx pod-spec rule applied at `spec.template.spec`.)

Defaults applied before validation (SetDefaults_Deployment): strategy RollingUpdate with
maxUnavailable 25% and maxSurge 25%, progressDeadlineSeconds 600, revisionHistoryLimit 10,
replicas 1. So `minReadySeconds: 700` alone is invalid.

The same selector and template rules apply to ReplicaSet, StatefulSet and DaemonSet (apps/v1);
ReplicationController checks its map selector against the template labels; Job and CronJob
templates need restartPolicy OnFailure or Never.
"""

from __future__ import annotations

from typing import Any, Iterator

from ..base import Resource, RuleContext, Violation
from . import validators as v
from ._common import (
    api_rule, as_dict, as_list, forbidden, go_value, invalid, is_int, required, unsupported, violation,
)
from .examples import deployment
from .workloads import LONG_RUNNING, SELECTOR_KINDS, pod_site, served, spec_selector_converts, template_validated

APPS = {"Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "ReplicationController", "Job", "CronJob"}


def _spec(resource: Resource) -> dict[str, Any]:
    return as_dict(resource.data.get("spec"))


def _served_dep(resource: Resource) -> bool:
    return resource.kind == "Deployment" and served(resource)


@api_rule(
    "A220", "replicas-negative", kinds={"Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"},
    when_keys={"replicas"},
    summary="`spec.replicas` is negative.",
    what="`replicas` must be ≥ 0 (0 is valid: scaled down).",
    why="The API server rejects the object with `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.",
    bad=deployment(spec="replicas: -1"),
    good=deployment(spec="replicas: 0"),
)
def replicas_negative(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not served(resource):
        return
    value = _spec(resource).get("replicas")
    if is_int(value) and value < 0:
        yield violation(invalid(value, "must be greater than or equal to 0"), "a controller cannot run a negative number of pods",
                        "use 0 or more", ("spec", "replicas"))


@api_rule(
    "A221", "selector-required", kinds={"Deployment", "ReplicaSet", "StatefulSet"},
    summary="A Deployment/ReplicaSet/StatefulSet/DaemonSet has no `spec.selector`.",
    what="""
        apps/v1 controllers need `spec.selector`; it is not defaulted from the template labels.
        A missing selector also fails `selector-template-mismatch`.
        """,
    why="The API server answers `spec.selector: Required value`.",
    bad="""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: web
                  image: nginx:1.27
        """,
    good=deployment(),
)
def selector_required(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not served(resource):
        return
    if _spec(resource).get("selector") is None:
        yield violation(required(), "the controller must know which pods it owns",
                        "add `selector.matchLabels` equal to the template labels", ("spec", "selector"))


@api_rule(
    "A222", "selector-empty", kinds=SELECTOR_KINDS,
    summary="`spec.selector` has neither matchLabels nor matchExpressions.",
    what="An empty selector (`selector: {}`) would select every pod of the namespace and is rejected.",
    why="The API server rejects the object with `spec.selector: Invalid value: ...: empty selector is invalid for deployment`.",
    bad=deployment(selector="{}").replace("selector:\n    {}", "selector: {}"),
    good=deployment(),
)
def selector_empty(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not served(resource):
        return
    sel = _spec(resource).get("selector")
    if not isinstance(sel, dict):
        return
    if not as_dict(sel.get("matchLabels")) and not as_list(sel.get("matchExpressions")):
        if sel.get("matchLabels") not in (None, {}) or sel.get("matchExpressions") not in (None, []):
            return  # wrong types: schema
        kind = "deployment" if resource.kind in ("Deployment", "ReplicaSet") else resource.kind.lower()
        yield violation(f"Invalid value: v1.LabelSelector{{...}}: empty selector is invalid for {kind}",
                        "an empty selector matches every pod", "add `matchLabels`", ("spec", "selector"))


_OPS = ("In", "NotIn", "Exists", "DoesNotExist")


@api_rule(
    "A223", "selector-invalid", kinds=SELECTOR_KINDS,
    summary="A label selector's matchExpressions are malformed.",
    what="""
        Checks `spec.selector.matchExpressions[i]`: the key is a label key; In/NotIn need values;
        Exists/DoesNotExist forbid values; other operators are invalid. A selector that cannot be
        converted also gets `spec.selector: Invalid value: ...: invalid label selector`, and its
        template is then not validated at all. (matchLabels syntax is `label-key-invalid` /
        `label-value-invalid`.)
        """,
    why="The API server rejects the object with `matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'`.",
    bad=deployment(selector="matchExpressions:\n  - key: app\n    operator: In", labels="app: web"),
    good=deployment(selector="matchExpressions:\n  - key: app\n    operator: In\n    values: [web]", labels="app: web"),
)
def selector_invalid(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not served(resource):
        return
    sel = _spec(resource).get("selector")
    if not isinstance(sel, dict):
        return
    for i, expr in enumerate(as_list(sel.get("matchExpressions"))):
        if not isinstance(expr, dict):
            continue
        base = ("spec", "selector", "matchExpressions", i)
        key, op, values = expr.get("key"), expr.get("operator"), expr.get("values")
        n = len(values) if isinstance(values, list) else 0
        if op in ("In", "NotIn") and n == 0:
            yield violation(required("must be specified when `operator` is 'In' or 'NotIn'"), "In/NotIn compare against a list of values",
                            "add `values: [...]`", base + ("values",))
        elif op in ("Exists", "DoesNotExist") and n:
            yield violation(forbidden("may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
                            "Exists/DoesNotExist only look at the key", "remove `values`", base + ("values",))
        elif isinstance(op, str) and op not in _OPS:
            yield violation(invalid(op, "not a valid selector operator"), "operators are In, NotIn, Exists, DoesNotExist",
                            "fix the operator (case-sensitive)", base + ("operator",))
        if isinstance(key, str):
            errs = v.qualified_name(key)
            if errs:
                yield violation(invalid(key, "; ".join(errs)), "selector keys are label keys", "fix the key", base + ("key",))
    if resource.kind != "DaemonSet" and not spec_selector_converts(resource):
        yield violation("Invalid value: v1.LabelSelector{...}: invalid label selector",
                        "the selector cannot be used; the pod template is not validated until it is fixed",
                        "fix the selector errors", ("spec", "selector"))


def _matches(sel: dict[str, Any], labels: dict[str, Any]) -> bool:
    for key, value in as_dict(sel.get("matchLabels")).items():
        if labels.get(key) != value:
            return False
    for expr in as_list(sel.get("matchExpressions")):
        if not isinstance(expr, dict):
            continue
        key, op, values = expr.get("key"), expr.get("operator"), as_list(expr.get("values"))
        if not isinstance(key, str):
            continue
        has = key in labels
        if op == "In" and not (has and labels[key] in values):
            return False
        if op == "NotIn" and has and labels[key] in values:
            return False
        if op == "Exists" and not has:
            return False
        if op == "DoesNotExist" and has:
            return False
    return True


@api_rule(
    "A224", "selector-template-mismatch", kinds=SELECTOR_KINDS | {"ReplicationController"},
    summary="The selector does not match the pod template's labels.",
    what="""
        The controller's selector must select its own pods: every matchLabels pair (and every
        expression) must hold for `spec.template.metadata.labels` (the template may have more
        labels). A missing selector never matches. For ReplicationControllers the map selector
        is compared (an empty one is defaulted from the labels).
        """,
    why="The API server rejects the object with `spec.template.metadata.labels: Invalid value: map[string]string{...}: `selector` does not match template `labels``.",
    bad=deployment(selector="matchLabels:\n  app: api", labels="app: web"),
    good=deployment(selector="matchLabels:\n  app: web", labels="app: web\ntier: frontend"),
)
def selector_mismatch(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not served(resource):
        return
    spec = _spec(resource)
    template = spec.get("template")
    if not isinstance(template, dict):
        return
    labels_raw = as_dict(template.get("metadata")).get("labels")
    if labels_raw is not None and not isinstance(labels_raw, dict):
        return
    labels = labels_raw or {}
    sel = spec.get("selector")
    if resource.kind == "ReplicationController":
        if not isinstance(sel, dict) or not sel:
            return
        ok = all(labels.get(k) == val for k, val in sel.items())
    elif sel is None:
        ok = False  # a nil selector selects nothing
    else:
        if not isinstance(sel, dict) or not spec_selector_converts(resource):
            return
        if not as_dict(sel.get("matchLabels")) and not as_list(sel.get("matchExpressions")):
            return  # empty selector matches everything (and is reported by selector-empty)
        ok = _matches(sel, labels)
    if not ok:
        yield violation(invalid(labels, "`selector` does not match template `labels`"),
                        "the controller would not recognise the pods it creates",
                        "make `selector.matchLabels` a subset of the template labels",
                        ("spec", "template", "metadata", "labels"))


@api_rule(
    "A225", "template-restart-policy-invalid", kinds=APPS,
    summary="The pod template's restartPolicy does not fit the controller.",
    what="""
        Deployments, ReplicaSets, StatefulSets, DaemonSets and ReplicationControllers keep pods
        running: their template must use `restartPolicy: Always` (the default). Jobs and CronJobs
        run to completion: their template must set `OnFailure` or `Never` (omitting it means Always,
        which is rejected).
        """,
    why="The API server rejects the object with `spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"`.",
    bad=deployment(podspec="restartPolicy: Never"),
    good=deployment(podspec="restartPolicy: Always"),
)
def template_restart_policy(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site(resource) if served(resource) else None
    if site is None or not (resource.kind == "StatefulSet" or template_validated(resource)):
        return  # StatefulSets check these even when the selector is invalid
    value = site.spec.get("restartPolicy")
    if value is not None and not isinstance(value, str):
        return
    effective = value or "Always"
    if resource.kind in LONG_RUNNING:
        allowed: tuple[str, ...] = ("Always",)
        plain = f"a {resource.kind} replaces pods that stop; they must always restart"
    elif resource.kind in ("Job", "CronJob"):
        allowed = ("OnFailure", "Never")
        plain = "a Job's pods must be allowed to finish; the default Always is not accepted"
    else:
        return
    if effective not in allowed:
        yield violation(unsupported(effective, allowed), plain, f"set `restartPolicy: {allowed[0]}`",
                        site.p("restartPolicy"))


@api_rule(
    "A226", "template-active-deadline-forbidden", kinds=LONG_RUNNING, when_keys={"activeDeadlineSeconds"},
    summary="A long-running controller's template sets `activeDeadlineSeconds`.",
    what="Deployments, ReplicaSets, StatefulSets, DaemonSets and ReplicationControllers may not limit their pods' lifetime.",
    why="The API server answers `Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported`.",
    bad=deployment(podspec="activeDeadlineSeconds: 3600"),
    good=deployment(),
)
def template_ads(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    site = pod_site(resource) if served(resource) else None
    if site is None or not (resource.kind == "StatefulSet" or template_validated(resource)):
        return  # StatefulSets check these even when the selector is invalid
    if site.spec.get("activeDeadlineSeconds") is not None:
        kind = "ReplicaSet" if resource.kind == "Deployment" else resource.kind
        yield violation(forbidden(f"activeDeadlineSeconds in {kind} is not Supported"),
                        "the controller would keep replacing pods killed by the deadline",
                        "remove `activeDeadlineSeconds` (use a Job for bounded work)", site.p("activeDeadlineSeconds"), at="key")


def _strategy(resource: Resource) -> tuple[dict[str, Any] | None, Any]:
    strategy = _spec(resource).get("strategy")
    if strategy is None:
        return {}, "RollingUpdate"
    if not isinstance(strategy, dict):
        return None, None
    return strategy, strategy.get("type") or "RollingUpdate"


@api_rule(
    "A227", "strategy-type-invalid", kinds={"Deployment"}, when_keys={"strategy"},
    summary="`spec.strategy.type` is not Recreate or RollingUpdate.",
    what="Checks the Deployment strategy type (case-sensitive; empty is defaulted to RollingUpdate).",
    why="The API server rejects the object with `spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", ...}`.",
    bad=deployment(spec="strategy:\n  type: BlueGreen"),
    good=deployment(spec="strategy:\n  type: Recreate"),
)
def strategy_type(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not _served_dep(resource):
        return
    strategy, stype = _strategy(resource)
    if strategy is None or not isinstance(stype, str):
        return
    if stype not in ("Recreate", "RollingUpdate"):
        yield violation(f"Unsupported value: apps.DeploymentStrategy{{Type:{go_value(stype)}, ...}}: supported values: \"Recreate\", \"RollingUpdate\"",
                        "Deployments replace pods either all at once (Recreate) or gradually (RollingUpdate)",
                        "use Recreate or RollingUpdate", ("spec", "strategy", "type"), api_path="spec.strategy")


@api_rule(
    "A228", "recreate-with-rolling-update", kinds={"Deployment"}, when_keys={"rollingUpdate"},
    summary="`strategy.rollingUpdate` is set with `type: Recreate`.",
    what="With Recreate there is no rolling update to configure; even `rollingUpdate: {}` is rejected.",
    why="The API server answers `spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'`.",
    bad=deployment(spec="strategy:\n  type: Recreate\n  rollingUpdate:\n    maxSurge: 1"),
    good=deployment(spec="strategy:\n  type: Recreate"),
)
def recreate_rolling_update(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not _served_dep(resource):
        return
    strategy, stype = _strategy(resource)
    if strategy is not None and stype == "Recreate" and strategy.get("rollingUpdate") is not None:
        yield violation(forbidden("may not be specified when strategy `type` is 'Recreate'"),
                        "Recreate stops all pods before starting new ones", "remove `rollingUpdate` or use RollingUpdate",
                        ("spec", "strategy", "rollingUpdate"), at="key")


_PERCENT_MSG = ("a valid percent string must be a numeric string followed by an ending '%' "
                "(e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")


def _int_or_percent_value(value: Any) -> int:
    if is_int(value):
        return value
    if isinstance(value, str):
        text = value[:-1] if value.endswith("%") else value
        try:
            return int(text)
        except ValueError:
            return 0
    return 0


def _rolling(resource: Resource) -> tuple[dict[str, Any], Any, Any] | None:
    strategy, stype = _strategy(resource)
    if strategy is None or stype != "RollingUpdate":
        return None
    ru = strategy.get("rollingUpdate")
    if ru is None:
        ru = {}
    if not isinstance(ru, dict):
        return None
    surge = ru.get("maxSurge", "25%")
    unavail = ru.get("maxUnavailable", "25%")
    surge = "25%" if surge is None else surge
    unavail = "25%" if unavail is None else unavail
    return ru, surge, unavail


_RU = ("spec", "strategy", "rollingUpdate")


@api_rule(
    "A229", "rolling-update-value-invalid", kinds={"Deployment"}, when_keys={"maxSurge", "maxUnavailable"},
    summary="`maxSurge` / `maxUnavailable` is negative or a malformed percentage.",
    what="Each is an integer ≥ 0 or a string like `25%` (`\"25\"` and `\"1.5%\"` are invalid).",
    why="The API server rejects the object with `Invalid value: \"25\": a valid percent string must be a numeric string followed by an ending '%'`.",
    bad=deployment(spec="strategy:\n  rollingUpdate:\n    maxSurge: \"25\""),
    good=deployment(spec="strategy:\n  rollingUpdate:\n    maxSurge: 25%"),
)
def rolling_update_value(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not _served_dep(resource):
        return
    rolling = _rolling(resource)
    if rolling is None:
        return
    ru = rolling[0]
    for field in ("maxUnavailable", "maxSurge"):
        value = ru.get(field)
        if is_int(value) and value < 0:
            yield violation(invalid(value, "must be greater than or equal to 0"), "a count of pods cannot be negative",
                            "use 0 or more", _RU + (field,))
        elif isinstance(value, str) and not v.percent(value):
            yield violation(invalid(value, _PERCENT_MSG), "a string must be a whole percentage such as `25%`",
                            "write an integer (1) or a percentage (25%)", _RU + (field,))


@api_rule(
    "A230", "max-unavailable-over-100-percent", kinds={"Deployment"}, when_keys={"maxUnavailable"},
    summary="`maxUnavailable` is more than 100%.",
    what="`maxUnavailable` may not exceed 100%. (`maxSurge` has no upper limit.)",
    why="The API server rejects the object with `Invalid value: \"150%\": must not be greater than 100%`.",
    bad=deployment(spec="strategy:\n  rollingUpdate:\n    maxUnavailable: 150%"),
    good=deployment(spec="strategy:\n  rollingUpdate:\n    maxUnavailable: 100%\n    maxSurge: 200%"),
)
def max_unavailable_100(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not _served_dep(resource):
        return
    rolling = _rolling(resource)
    if rolling is None:
        return
    value = rolling[0].get("maxUnavailable")
    if isinstance(value, str) and v.percent(value) and int(value[:-1]) > 100:
        yield violation(invalid(value, "must not be greater than 100%"), "you cannot take down more than all pods",
                        "use at most 100%", _RU + ("maxUnavailable",))


@api_rule(
    "A231", "rolling-update-both-zero", kinds={"Deployment"}, when_keys={"maxSurge"},
    summary="`maxSurge` and `maxUnavailable` are both 0.",
    what="""
        With no surge and no unavailability a rolling update could never make progress. A missing
        field counts as its default 25%.
        """,
    why="The API server rejects the object with `spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0`.",
    bad=deployment(spec="strategy:\n  rollingUpdate:\n    maxSurge: 0\n    maxUnavailable: 0"),
    good=deployment(spec="strategy:\n  rollingUpdate:\n    maxSurge: 1\n    maxUnavailable: 0"),
)
def rolling_both_zero(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not _served_dep(resource):
        return
    rolling = _rolling(resource)
    if rolling is None:
        return
    _ru, surge, unavail = rolling
    if not isinstance(surge, (int, str)) or not isinstance(unavail, (int, str)) or isinstance(surge, bool) or isinstance(unavail, bool):
        return
    if _int_or_percent_value(surge) == 0 and _int_or_percent_value(unavail) == 0:
        yield violation(invalid(unavail, "may not be 0 when `maxSurge` is 0"),
                        "the rollout could neither add a new pod nor remove an old one",
                        "set `maxSurge: 1` (or maxUnavailable above 0)", _RU + ("maxUnavailable",))


def _nonneg(resource: Resource, field: str, plain: str) -> Iterator[Violation]:
    value = _spec(resource).get(field)
    if is_int(value) and value < 0:
        yield violation(invalid(value, "must be greater than or equal to 0"), plain, "use 0 or more", ("spec", field))


@api_rule(
    "A232", "min-ready-seconds-negative", kinds={"Deployment"}, when_keys={"minReadySeconds"},
    summary="`spec.minReadySeconds` is negative.",
    what="`minReadySeconds` must be ≥ 0.",
    why="The API server rejects the object with `spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0`.",
    bad=deployment(spec="minReadySeconds: -1"),
    good=deployment(spec="minReadySeconds: 10"),
)
def min_ready_negative(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if _served_dep(resource):
        yield from _nonneg(resource, "minReadySeconds", "a duration cannot be negative")


@api_rule(
    "A233", "revision-history-limit-negative", kinds={"Deployment"}, when_keys={"revisionHistoryLimit"},
    summary="`spec.revisionHistoryLimit` is negative.",
    what="`revisionHistoryLimit` must be ≥ 0 (0 keeps no old ReplicaSets).",
    why="The API server rejects the object with `spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0`.",
    bad=deployment(spec="revisionHistoryLimit: -1"),
    good=deployment(spec="revisionHistoryLimit: 3"),
)
def revision_history_negative(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if _served_dep(resource):
        yield from _nonneg(resource, "revisionHistoryLimit", "a count cannot be negative")


@api_rule(
    "A234", "progress-deadline-invalid", kinds={"Deployment"}, when_keys={"progressDeadlineSeconds", "minReadySeconds"},
    summary="`progressDeadlineSeconds` is negative or not greater than `minReadySeconds`.",
    what="""
        `progressDeadlineSeconds` (default 600) must be ≥ 0 and strictly greater than
        `minReadySeconds`. So `progressDeadlineSeconds: 0`, equal values, and `minReadySeconds`
        of 600 or more without a deadline are all invalid.
        """,
    why="The API server rejects the object with `spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds`.",
    bad=deployment(spec="minReadySeconds: 700"),
    good=deployment(spec="minReadySeconds: 700\nprogressDeadlineSeconds: 900"),
)
def progress_deadline(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    if not _served_dep(resource):
        return
    spec = _spec(resource)
    pds = spec.get("progressDeadlineSeconds", 600)
    pds = 600 if pds is None else pds
    mrs = spec.get("minReadySeconds", 0)
    mrs = 0 if mrs is None else mrs
    if not is_int(pds) or not is_int(mrs):
        return
    path = ("spec", "progressDeadlineSeconds")
    if pds < 0:
        yield violation(invalid(pds, "must be greater than or equal to 0"), "a deadline cannot be negative",
                        "use a positive number of seconds", path)
    if pds <= mrs:
        defaulted = "" if "progressDeadlineSeconds" in spec and spec["progressDeadlineSeconds"] is not None else " (the default)"
        yield violation(invalid(pds, "must be greater than minReadySeconds"),
                        f"progressDeadlineSeconds {pds}{defaulted} must exceed minReadySeconds {mrs}, or every rollout would be reported as stalled",
                        "raise `progressDeadlineSeconds` above `minReadySeconds`", path)
