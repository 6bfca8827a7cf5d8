"""K411: apiVersions that are deprecated (but still served) in the target Kubernetes version."""

from __future__ import annotations

from typing import Iterator

from ..._record import record
from ...findings import Severity
from ..base import Resource, RuleContext, Scope, Violation, rule

#: The newest Kubernetes minor version yamlkit knows (``kubernetes-version: ''`` means this one).
NEWEST = (1, 37)


@record(frozen=True)
class Deprecation:
    """An API version that Kubernetes deprecated (and maybe removed) for some kinds."""

    api_version: str
    kinds: frozenset[str]
    deprecated: tuple[int, int]
    removed: tuple[int, int] | None  # None: still served in NEWEST, no removal release announced
    replacement: str


def _d(api: str, kinds: str, deprecated: str, removed: str | None, replacement: str) -> Deprecation:
    def v(text: str) -> tuple[int, int]:
        major, minor = text.split(".")
        return int(major), int(minor)

    return Deprecation(api, frozenset(kinds.split()), v(deprecated), v(removed) if removed else None, replacement)


#: From the Kubernetes deprecated API migration guide, cross-checked against the OpenAPI
#: schemas of 1.25 to 1.37 bundled with kubernetes-validate (the release a version stops being
#: served is the first whose schemas lack it).
DEPRECATIONS: tuple[Deprecation, ...] = (
    _d("extensions/v1beta1", "Deployment DaemonSet ReplicaSet", "1.9", "1.16", "apps/v1"),
    _d("extensions/v1beta1", "NetworkPolicy", "1.9", "1.16", "networking.k8s.io/v1"),
    _d("extensions/v1beta1", "PodSecurityPolicy", "1.11", "1.16", "policy/v1beta1"),
    _d("extensions/v1beta1", "Ingress", "1.14", "1.22", "networking.k8s.io/v1"),
    _d("apps/v1beta1", "Deployment StatefulSet ReplicaSet ControllerRevision", "1.9", "1.16", "apps/v1"),
    _d("apps/v1beta2", "Deployment StatefulSet DaemonSet ReplicaSet ControllerRevision", "1.9", "1.16", "apps/v1"),
    _d("networking.k8s.io/v1beta1", "Ingress IngressClass", "1.19", "1.22", "networking.k8s.io/v1"),
    _d("admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration ValidatingWebhookConfiguration",
       "1.16", "1.22", "admissionregistration.k8s.io/v1"),
    _d("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "1.16", "1.22", "apiextensions.k8s.io/v1"),
    _d("apiregistration.k8s.io/v1beta1", "APIService", "1.19", "1.22", "apiregistration.k8s.io/v1"),
    _d("authentication.k8s.io/v1beta1", "TokenReview", "1.19", "1.22", "authentication.k8s.io/v1"),
    _d("authorization.k8s.io/v1beta1",
       "SubjectAccessReview LocalSubjectAccessReview SelfSubjectAccessReview SelfSubjectRulesReview",
       "1.19", "1.22", "authorization.k8s.io/v1"),
    _d("certificates.k8s.io/v1beta1", "CertificateSigningRequest", "1.19", "1.22", "certificates.k8s.io/v1"),
    _d("coordination.k8s.io/v1beta1", "Lease", "1.19", "1.22", "coordination.k8s.io/v1"),
    _d("rbac.authorization.k8s.io/v1beta1", "ClusterRole ClusterRoleBinding Role RoleBinding",
       "1.17", "1.22", "rbac.authorization.k8s.io/v1"),
    _d("scheduling.k8s.io/v1beta1", "PriorityClass", "1.14", "1.22", "scheduling.k8s.io/v1"),
    _d("storage.k8s.io/v1beta1", "CSIDriver CSINode StorageClass VolumeAttachment", "1.19", "1.22",
       "storage.k8s.io/v1"),
    _d("batch/v1beta1", "CronJob", "1.21", "1.25", "batch/v1"),
    _d("discovery.k8s.io/v1beta1", "EndpointSlice", "1.21", "1.25", "discovery.k8s.io/v1"),
    _d("events.k8s.io/v1beta1", "Event", "1.19", "1.25", "events.k8s.io/v1"),
    _d("autoscaling/v2beta1", "HorizontalPodAutoscaler", "1.22", "1.25", "autoscaling/v2"),
    _d("policy/v1beta1", "PodDisruptionBudget", "1.21", "1.25", "policy/v1"),
    _d("policy/v1beta1", "PodSecurityPolicy", "1.21", "1.25",
       "nothing: use Pod Security Admission (pod-security.kubernetes.io labels on the namespace)"),
    _d("node.k8s.io/v1beta1", "RuntimeClass", "1.20", "1.25", "node.k8s.io/v1"),
    _d("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.23", "1.26", "autoscaling/v2"),
    _d("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema PriorityLevelConfiguration", "1.23", "1.26",
       "flowcontrol.apiserver.k8s.io/v1"),
    _d("flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema PriorityLevelConfiguration", "1.26", "1.29",
       "flowcontrol.apiserver.k8s.io/v1"),
    _d("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema PriorityLevelConfiguration", "1.29", "1.32",
       "flowcontrol.apiserver.k8s.io/v1"),
    _d("storage.k8s.io/v1beta1", "CSIStorageCapacity", "1.24", "1.27", "storage.k8s.io/v1"),
    _d("admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicy ValidatingAdmissionPolicyBinding",
       "1.30", "1.34", "admissionregistration.k8s.io/v1"),
    _d("authentication.k8s.io/v1beta1", "SelfSubjectReview", "1.28", "1.33", "authentication.k8s.io/v1"),
    _d("networking.k8s.io/v1beta1", "IPAddress ServiceCIDR", "1.33", "1.37", "networking.k8s.io/v1"),
    _d("storage.k8s.io/v1beta1", "VolumeAttributesClass", "1.34", "1.37", "storage.k8s.io/v1"),
    # Still served in 1.37.
    _d("resource.k8s.io/v1beta1", "DeviceClass ResourceClaim ResourceClaimTemplate ResourceSlice", "1.34", None,
       "resource.k8s.io/v1"),
    _d("resource.k8s.io/v1beta2", "DeviceClass ResourceClaim ResourceClaimTemplate ResourceSlice", "1.34", None,
       "resource.k8s.io/v1"),
    _d("resource.k8s.io/v1beta2", "DeviceTaintRule", "1.37", None, "resource.k8s.io/v1"),
    _d("admissionregistration.k8s.io/v1beta1", "MutatingAdmissionPolicy MutatingAdmissionPolicyBinding",
       "1.36", None, "admissionregistration.k8s.io/v1"),
    _d("certificates.k8s.io/v1beta1", "ClusterTrustBundle PodCertificateRequest", "1.37", None,
       "certificates.k8s.io/v1"),
    _d("storagemigration.k8s.io/v1beta1", "StorageVersionMigration", "1.37", None, "storagemigration.k8s.io/v1"),
)
_BY_API: dict[tuple[str, str], Deprecation] = {
    (d.api_version, kind): d for d in DEPRECATIONS for kind in d.kinds
}


def parse_version(text: str | None) -> tuple[int, int]:
    """``'1.29'``, ``'v1.29.3'`` -> (1, 29); empty or unreadable -> the newest known version."""
    text = (text or "").strip().lstrip("vV")
    parts = text.split(".")
    try:
        return int(parts[0]), int(parts[1])
    except (ValueError, IndexError):
        return NEWEST


def _fmt(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


@rule("K411", "deprecated-api-version", severity=Severity.WARNING, scope=Scope.RESOURCE,
      category="practices")
def deprecated_api_version(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """apiVersion deprecated in the target Kubernetes version.

    ## What it does
    Flags an object whose `apiVersion` is deprecated in the target Kubernetes version
    (`kubernetes-version`, default the newest, 1.37) but still served, and names the replacement
    and the release that stops serving it. An apiVersion that is already removed in the target
    version is a schema error (S-codes), not this warning.

    ## Why is this bad?
    On the upgrade to the release that removes it, `kubectl apply` of this manifest fails with
    "no matches for kind", and tools that render it stop working. Moving before the upgrade is
    cheap; after it, it is an outage.

    ## Example
    ```yaml
    apiVersion: resource.k8s.io/v1beta1
    kind: DeviceClass
    metadata:
      name: gpu.example.com
    spec:
      selectors:
        - cel:
            expression: device.driver == "gpu.example.com"
    ```

    Use instead:
    ```yaml
    apiVersion: resource.k8s.io/v1
    kind: DeviceClass
    metadata:
      name: gpu.example.com
    spec:
      selectors:
        - cel:
            expression: device.driver == "gpu.example.com"
    ```

    With `kubernetes-version: "1.30"`, a `flowcontrol.apiserver.k8s.io/v1beta3` FlowSchema is
    flagged the same way (use `flowcontrol.apiserver.k8s.io/v1`; v1beta3 is not served from 1.32).

    Remediation: change apiVersion to the replacement named in the message (and adapt fields that changed).
    """
    entry = _BY_API.get((resource.api_version, resource.kind))
    if entry is None:
        return
    target = parse_version(ctx.kubernetes_version)
    if target < entry.deprecated or (entry.removed is not None and target >= entry.removed):
        return
    if entry.removed is not None:
        when = f"it is no longer served from Kubernetes {_fmt(entry.removed)} on"
    else:
        when = f"it is still served in {_fmt(NEWEST)} but will be removed in a later release"
    yield Violation(
        f"{resource.api_version} {resource.kind} is deprecated since Kubernetes "
        f"{_fmt(entry.deprecated)}; {when}",
        hint=f"use {entry.replacement}" + ("" if entry.replacement.startswith("nothing") else
                                             " (check the fields that changed between versions)"),
        path=("apiVersion",),
    )
