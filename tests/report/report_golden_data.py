"""One shared set of findings, rendered in every format (ruff's render tests).

The findings are written by hand, not produced by rules, so the goldens change only when a
renderer changes. They cover: several files (one clean, one unparsable, one ``kind: List``), all
three severities, a span over several lines, a span after East Asian wide characters, safe and
unsafe fixes, a finding with no resource in a file that has resources, ``related`` places, and
characters every format must escape (``% , : < > & "`` and a line break).

Set ``YAMLKIT_UPDATE_GOLDEN=1`` to rewrite the goldens, then review the diff by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yamlkit.engine import Report, Summary
from yamlkit.findings import Edit, Finding, Fix, Severity
from yamlkit.report import RenderOptions
from yamlkit.rules.base import RuleMeta, Scope
from yamlkit.source import SourceFile, from_text

GOLDEN = Path(__file__).parent / "golden"
SCHEMAS = Path(__file__).parent / "schemas"

DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  name: web-2
  labels:
    app: 网站
spec:
  replicas: "3"
  template:
    spec:
      containers:
        - name: web
          image: nginx:latest
"""

LIST = """\
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: a
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: b
    data:
      enabled: yes
"""

SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
"""

BROKEN = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: notes
data:
  text: "50%, done: <ok> & more
"""

TEXTS = {"broken.yaml": BROKEN, "deploy.yaml": DEPLOY, "list.yaml": LIST, "svc.yaml": SERVICE}


def sources() -> dict[str, SourceFile]:
    return {name: from_text(text, name=name) for name, text in TEXTS.items()}


def _edit(source: SourceFile, line: int, column: int, end_column: int, text: str) -> Edit:
    return Edit(source.offset(line, column), source.offset(line, end_column), text)


def findings() -> list[Finding]:
    src = sources()
    deploy = src["deploy.yaml"]
    E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO
    out = [
        Finding("Y004", "syntax-error", E, "broken.yaml", 6, 9,
                'the quoted string that starts here is never closed ("50%, done: <ok> & more)',
                end_line=7, end_column=1,
                hint='add the closing " at the end of the value\nor use a block scalar (|) for long text'),
        Finding("Y102", "document-start", I, "deploy.yaml", 1, 1, 'the document does not start with "---"',
                end_line=1, end_column=2, document=0, hint='add "---" on the first line'),
        Finding("Y005", "duplicate-key", E, "deploy.yaml", 5, 3,
                'the key "name" appears twice in this mapping; the last one wins',
                end_line=5, end_column=7, path="metadata.name", document=0, resource="Deployment/web-2",
                hint="remove one of them", related=("deploy.yaml:4:3",)),
        Finding("K201", "label-value-invalid", W, "deploy.yaml", 7, 10,
                'the label value "网站" is not a valid Kubernetes label value',
                end_line=7, end_column=12, path="metadata.labels.app", document=0, resource="Deployment/web-2",
                hint="use letters, digits, '-', '_' and '.' only (at most 63 characters)"),
        Finding("S001", "schema-type", E, "deploy.yaml", 9, 13,
                'spec.replicas: expected an integer, got the string "3"',
                end_line=9, end_column=16, path="spec.replicas", document=0, resource="Deployment/web-2",
                hint="remove the quotes: replicas: 3",
                fix=Fix("remove the quotes", (_edit(deploy, 9, 13, 16, "3"),), safe=True)),
        Finding("K301", "missing-resource-limits", W, "deploy.yaml", 13, 11,
                'container "web" has no resource limits',
                end_line=14, end_column=30, path="spec.template.spec.containers[0]", document=0,
                resource="Deployment/web-2", hint="set resources.limits.cpu and resources.limits.memory"),
        Finding("K101", "image-latest-tag", W, "deploy.yaml", 14, 18,
                'the image "nginx:latest" uses the "latest" tag',
                end_line=14, end_column=30, path="spec.template.spec.containers[0].image", document=0,
                resource="Deployment/web-2", hint="pin a version, for example nginx:1.27",
                fix=Fix("pin nginx to 1.27", (_edit(deploy, 14, 24, 30, "1.27"),), safe=False)),
        Finding("T001", "yaml11-boolean", I, "list.yaml", 13, 16,
                "yes is the boolean true under Kubernetes' YAML 1.1 rules, not the string \"yes\"",
                end_line=13, end_column=19, path="items[1].data.enabled", document=0, resource="ConfigMap/b",
                hint='quote it: "yes"', fix=Fix('quote the value', (_edit(src["list.yaml"], 13, 16, 19, '"yes"'),))),
    ]
    return sorted(out, key=lambda f: f.sort_key)


def report() -> Report:
    found = findings()
    summary = Summary(files=4, documents=4, resources=4)
    for f in found:
        summary.count(f)
    return Report(findings=found, summary=summary, files=sorted(TEXTS))


def rules() -> dict[str, RuleMeta]:
    """Rule metadata for SARIF, fixed here so the golden does not follow the real registry's docs."""
    table = {
        "K101": ("image-latest-tag", Severity.WARNING, "An image uses the latest tag.", "kubernetes"),
        "K201": ("label-value-invalid", Severity.WARNING, "A label value is not valid.", "kubernetes"),
        "K301": ("missing-resource-limits", Severity.WARNING, "A container has no resource limits.", "kubernetes"),
        "S001": ("schema-type", Severity.ERROR, "A value has the wrong type.", "schema"),
        "T001": ("yaml11-boolean", Severity.INFO, "A plain yes/no/on/off is a boolean.", "yaml"),
        "Y004": ("syntax-error", Severity.ERROR, "The YAML parser rejected this part of the file.", "yaml"),
        "Y005": ("duplicate-key", Severity.ERROR, "The same key appears twice in one mapping.", "yaml"),
        "Y102": ("document-start", Severity.INFO, "A document does not start with ---.", "yaml"),
    }
    return {
        code: RuleMeta(code=code, name=name, severity=sev, scope=Scope.EMITTED,
                       docstring=f"{summary}\n\n## Why is this bad?\nSee the rule's page.", check=None, category=cat)
        for code, (name, sev, summary, cat) in table.items()
    }


def options(**overrides: Any) -> RenderOptions:
    base: dict[str, Any] = dict(
        rules=rules(), extra={"timestamp": "2026-01-02T03:04:05", "hostname": "ci-runner", "version": "0.0.0-test"}
    )
    base.update(overrides)
    return RenderOptions(**base)
