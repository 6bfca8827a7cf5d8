"""K111-K112: image tags."""

from __future__ import annotations

from typing import Iterator

from ...findings import Severity
from ..base import Resource, RuleContext, Scope, Violation, rule
from .workloads import WORKLOAD_KINDS, containers


def image_tag(image: str) -> tuple[str | None, bool]:
    """(tag or None, pinned by digest) of an image reference.

    ``nginx`` -> (None, False); ``nginx:1.27`` -> ("1.27", False);
    ``registry:5000/app`` -> (None, False); ``app@sha256:...`` -> (None, True).
    """
    if "@" in image:
        return None, True
    last = image.rsplit("/", 1)[-1]
    if ":" in last:
        return last.rsplit(":", 1)[1], False
    return None, False


def _templated(image: str) -> bool:
    return "$" in image or "{{" in image or "<" in image


def _latest(image: str) -> str | None:
    """Why an image floats: 'has no tag' / 'uses the latest tag', or None when pinned."""
    tag, digest = image_tag(image)
    if digest:
        return None
    if tag is None:
        return "has no tag (so it means :latest)"
    if tag == "latest":
        return "uses the :latest tag"
    return None


@rule("K111", "latest-image-tag", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, category="practices", when_keys={"image"})
def latest_image_tag(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """Image without a tag or with `:latest`.

    ## What it does
    Flags a container or init container whose `image` has no tag or the tag `latest`. An image
    pinned by digest (`@sha256:...`) is fine. Images that are templates (`$IMAGE`, `{{ }}`) are
    skipped.

    ## Why is this bad?
    `latest` moves. Two Pods of one Deployment can run different code, a rollback does not go
    back to the old code, and nobody can tell which version is running.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: nginx:1.27.3
    ```

    Remediation: pin the image to a version tag (nginx:1.27.3) or a digest (nginx@sha256:...).
    """
    for c in containers(resource):
        image = c.data.get("image")
        if not isinstance(image, str) or not image or _templated(image):
            continue
        why = _latest(image)
        if why:
            yield Violation(
                f"{c.label}: image {image!r} {why}; the running version can change on any restart",
                hint="pin a version tag (image:1.2.3) or a digest (image@sha256:...)",
                path=c.path + ("image",),
            )


@rule("K112", "latest-tag-pull-policy", severity=Severity.WARNING, scope=Scope.RESOURCE,
      kinds=WORKLOAD_KINDS, category="practices", when_keys={"imagePullPolicy"})
def latest_tag_pull_policy(ctx: RuleContext, resource: Resource) -> Iterator[Violation]:
    """`:latest` image with `imagePullPolicy: IfNotPresent` or `Never`.

    ## What it does
    Flags a container whose image floats (no tag or `:latest`) and whose `imagePullPolicy` is
    explicitly `IfNotPresent` or `Never`.

    ## Why is this bad?
    Each node keeps whatever `latest` it pulled first: Pods of the same Deployment run different
    code depending on their node, and pushing a new `latest` changes nothing on nodes that
    already have an old one.

    ## Example
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: example/web:latest
          imagePullPolicy: IfNotPresent
    ```

    Use instead:
    ```yaml
    apiVersion: v1
    kind: Pod
    metadata:
      name: web
    spec:
      containers:
        - name: web
          image: example/web:2.4.1
          imagePullPolicy: IfNotPresent
    ```

    Remediation: pin the image to a version tag or digest (or use imagePullPolicy: Always).
    """
    for c in containers(resource):
        image, policy = c.data.get("image"), c.data.get("imagePullPolicy")
        if policy not in ("IfNotPresent", "Never") or not isinstance(image, str) or _templated(image):
            continue
        why = _latest(image)
        if why:
            yield Violation(
                f"{c.label}: image {image!r} {why} but imagePullPolicy is {policy}; every node "
                "keeps the first version it pulled",
                hint="pin a version tag or digest; with a floating tag use imagePullPolicy: Always",
                path=c.path + ("imagePullPolicy",),
            )
