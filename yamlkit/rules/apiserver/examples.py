"""Builders for the complete manifests used in the rules' documentation examples."""

from __future__ import annotations

import textwrap

from ..base import dedent


def _ind(text: str, n: int) -> str:
    text = dedent(text).strip("\n")
    if not text:
        return ""
    return textwrap.indent(text, " " * n) + "\n"


def pod(ctr: str = "", spec: str = "", meta: str = "", name: str = "web", image: str = "nginx:1.27") -> str:
    return (
        "apiVersion: v1\nkind: Pod\nmetadata:\n"
        f"  name: {name}\n" + _ind(meta, 2) + "spec:\n" + _ind(spec, 2)
        + "  containers:\n    - name: web\n"
        f"      image: {image}\n" + _ind(ctr, 6)
    )


def deployment(ctr: str = "", podspec: str = "", spec: str = "", labels: str = "app: web",
               selector: str = "matchLabels:\n  app: web", name: str = "web", meta: str = "") -> str:
    return (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
        f"  name: {name}\n" + _ind(meta, 2) + "spec:\n" + _ind(spec, 2)
        + "  selector:\n" + _ind(selector, 4)
        + "  template:\n    metadata:\n      labels:\n" + _ind(labels, 8)
        + "    spec:\n" + _ind(podspec, 6)
        + "      containers:\n        - name: web\n          image: nginx:1.27\n" + _ind(ctr, 10)
    )


def service(spec: str = "", name: str = "web", meta: str = "",
            ports: str = "- port: 80\n  targetPort: 8080") -> str:
    return (
        "apiVersion: v1\nkind: Service\nmetadata:\n"
        f"  name: {name}\n" + _ind(meta, 2) + "spec:\n" + _ind(spec, 2)
        + "  selector:\n    app: web\n" + ("  ports:\n" + _ind(ports, 4) if ports else "")
    )
