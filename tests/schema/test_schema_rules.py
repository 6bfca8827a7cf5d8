"""S0xx: schema validation findings as the user sees them (code, line, column, path, message)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import yamlkit
from yamlkit.findings import Severity

FIXTURES = Path(__file__).parent / "fixtures"

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
"""


def schema_findings(text: str, **config: object) -> list:
    config.setdefault("select", ["S"])
    return yamlkit.check(textwrap.dedent(text), config=dict(config)).findings


def only(findings: list, code: str | None = None):
    picked = [f for f in findings if code is None or f.code == code]
    assert len(picked) == 1, [(f.code, f.line, f.column, f.message) for f in findings]
    return picked[0]


def test_valid_deployment_has_no_findings() -> None:
    assert schema_findings(DEPLOYMENT.format(replicas=3)) == []


def test_quoted_integer_is_a_type_mismatch_at_the_value() -> None:
    f = only(schema_findings(DEPLOYMENT.format(replicas='"3"')))
    assert (f.code, f.line, f.column, f.path) == ("S001", 6, 13, "spec.replicas")
    assert f.severity is Severity.ERROR
    assert 'string "3"' in f.message and "expected integer" in f.message
    assert "remove the quotes" in f.hint


def test_unknown_field_at_the_key_with_suggestion() -> None:
    text = DEPLOYMENT.format(replicas=3).replace("  replicas: 3", "  replcas: 3")
    f = only(schema_findings(text))
    assert (f.code, f.line, f.column, f.path) == ("S002", 6, 3, "spec.replcas")
    assert '"replcas"' in f.message
    assert 'did you mean "replicas"?' in f.hint


def test_missing_required_field_at_parent_mapping() -> None:
    text = DEPLOYMENT.format(replicas=3).replace("  selector:\n    matchLabels: {app: web}\n", "")
    f = only(schema_findings(text))
    assert (f.code, f.line, f.column, f.path) == ("S003", 5, 1, "spec.selector")
    assert 'missing required field "selector"' in f.message


def test_int_or_string_gives_one_error() -> None:
    text = DEPLOYMENT.format(replicas=3).replace(
        "  selector:", "  strategy:\n    rollingUpdate:\n      maxSurge: true\n  selector:")
    f = only(schema_findings(text))
    assert (f.code, f.line, f.column, f.path) == ("S001", 9, 17, "spec.strategy.rollingUpdate.maxSurge")
    assert f.message == "expected integer or string, got boolean true"


def test_yaml11_boolean_in_env_value_suggests_quotes() -> None:
    text = DEPLOYMENT.format(replicas=3) + "          env:\n            - name: DEBUG\n              value: yes\n"
    f = only(schema_findings(text))
    assert (f.code, f.line, f.column) == ("S001", 18, 22)
    assert f.path == "spec.template.spec.containers[0].env[0].value"
    assert f.message == "expected string, got boolean true"
    assert '"yes"' in f.hint


def test_list_items_are_validated_with_item_paths() -> None:
    text = (FIXTURES / "kubeconform-list_invalid.yaml").read_text()
    findings = schema_findings(text)
    assert [(f.code, f.line, f.column, f.path) for f in findings] == [
        ("S001", 26, 15, "items[1].spec.replicas"),
        ("S002", 29, 5, "items[1].spec.templates"),
    ]
    assert 'did you mean "template"?' in findings[1].hint


def test_missing_apiversion_and_kind() -> None:
    f = only(schema_findings("metadata:\n  name: x\nspec: {}\n"))
    assert (f.code, f.line, f.column) == ("S005", 1, 1)
    assert "apiVersion" in f.message and "kind" in f.message


def test_removed_api_version_says_what_to_use() -> None:
    f = only(schema_findings("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: a}\n"))
    assert (f.code, f.line, f.column, f.path) == ("S006", 1, 13, "apiVersion")
    assert "removed in Kubernetes 1.16" in f.message
    assert "apps/v1" in f.hint


def test_misspelt_builtin_kind() -> None:
    f = only(schema_findings("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: a}\n"))
    assert (f.code, f.line, f.column) == ("S006", 2, 7)
    assert '"Deployment"' in f.hint


def test_ignore_missing_schemas_reports_unknown_kind_as_skipped() -> None:
    f = only(schema_findings("apiVersion: apps/v1\nkind: Deploymnet\n", ignore_missing_schemas=True))
    assert (f.code, f.severity) == ("S007", Severity.INFO)


def test_no_strict_allows_unknown_fields() -> None:
    text = DEPLOYMENT.format(replicas=3).replace("  replicas: 3", "  replcas: 3")
    assert schema_findings(text, strict=False) == []


HPA_V2BETA2 = """\
apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 3
"""


def test_kubernetes_version_selects_the_schemas() -> None:
    assert schema_findings(HPA_V2BETA2, kubernetes_version="1.25") == []
    f = only(schema_findings(HPA_V2BETA2))  # newest bundled
    assert f.code == "S006" and "removed in Kubernetes 1.26" in f.message and "autoscaling/v2" in f.hint


def test_patch_version_is_accepted() -> None:
    assert schema_findings(HPA_V2BETA2, kubernetes_version="1.25.4") == []


def test_unsupported_version_is_a_config_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from yamlkit.cli import app

    manifest = tmp_path / "d.yaml"
    manifest.write_text(DEPLOYMENT.format(replicas=3))
    result = CliRunner().invoke(app, ["check", "--kubernetes-version", "1.12", str(manifest)])
    assert result.exit_code == 2
    assert "unsupported Kubernetes version '1.12'" in result.output


def test_version_resolution() -> None:
    from yamlkit.config import ConfigError
    from yamlkit.schema import bundled

    newest = bundled.versions()[-1]
    assert bundled.resolve_version(None) == newest
    assert bundled.resolve_version("v1.30.2") == "1.30"
    with pytest.raises(ConfigError, match="unsupported"):
        bundled.resolve_version("1.99")


# -- custom resources ---------------------------------------------------------------------------
WIDGET = """\
apiVersion: example.com/v1
kind: Widget
metadata: {{name: w}}
spec:
{spec}
"""


def crd_config(**extra: object) -> dict:
    return {"crds": [str(FIXTURES / "crd-widget.yaml")], **extra}


def test_cr_valid_against_crd() -> None:
    spec = "  size: 2\n  mode: Fast\n  port: http\n  note: null\n  extra: {anything: 1}"
    assert schema_findings(WIDGET.format(spec=spec), **crd_config()) == []


def test_cr_invalid_against_crd() -> None:
    spec = '  size: "2"\n  colour: red\n  port: true'
    findings = schema_findings(WIDGET.format(spec=spec), **crd_config())
    assert [(f.code, f.line, f.column, f.path) for f in findings] == [
        ("S001", 5, 9, "spec.size"),
        ("S002", 6, 3, "spec.colour"),
        ("S001", 7, 9, "spec.port"),
    ]
    assert findings[2].message == "expected integer or string, got boolean true"


def test_cr_enum_with_suggestion() -> None:
    f = only(schema_findings(WIDGET.format(spec="  size: 1\n  mode: fast"), **crd_config()))
    assert (f.code, f.line, f.column, f.path) == ("S004", 6, 9, "spec.mode")
    assert '"Fast", "Slow"' in f.message and 'did you mean "Fast"?' in f.hint


def test_crd_among_the_inputs_validates_the_cr() -> None:
    text = (FIXTURES / "crd-widget.yaml").read_text() + "---\n" + WIDGET.format(spec="  mode: Slow")
    f = only(schema_findings(text))
    assert (f.code, f.path) == ("S003", "spec.size")
    assert f.line == 45  # the CR's `spec:` key


def test_cr_without_schema_is_skipped_or_required() -> None:
    text = WIDGET.format(spec="  size: 1")
    f = only(schema_findings(text))
    assert (f.code, f.severity, f.line, f.column) == ("S007", Severity.INFO, 2, 7)
    assert "--crd" in f.hint
    f = only(schema_findings(text, require_schemas=True))
    assert (f.code, f.severity) == ("S007", Severity.ERROR)


def test_schema_location_template(tmp_path: Path) -> None:
    (tmp_path / "widget-example-v1.json").write_text((FIXTURES / "widget-schema.json").read_text())
    location = str(tmp_path / "{{.ResourceKind}}{{.KindSuffix}}.json")
    assert schema_findings(WIDGET.format(spec="  color: red"), schema_locations=[location]) == []
    f = only(schema_findings(WIDGET.format(spec="  color: green"), schema_locations=[location]))
    assert (f.code, f.path) == ("S004", "spec.color")


def test_invalid_crd_schema() -> None:
    text = (FIXTURES / "crd-widget.yaml").read_text()
    text = text.replace("type: integer\n                  minimum", "type: integr\n                  minimum")
    codes = {f.code for f in schema_findings(text)}
    assert "S008" in codes


def test_validate_api_returns_schema_findings() -> None:
    report = yamlkit.validate(DEPLOYMENT.format(replicas='"3"'))
    assert [f.code for f in report.findings if f.code.startswith("S")] == ["S001"]


def test_select_one_code_still_runs_the_family() -> None:
    text = DEPLOYMENT.format(replicas='"3"').replace("  selector:", "  replcas: 1\n  selector:")
    assert [f.code for f in schema_findings(text, select=["S002"])] == ["S002"]


def test_rule_docs_have_the_sections() -> None:
    from yamlkit.rules import load_rules

    for code, meta in load_rules().items():
        if code.startswith("S"):
            for part in ("## What it does", "## Why is this bad?", "## Example", "Use instead:", "```yaml"):
                assert part in meta.doc, (code, part)


def test_thousand_documents_validate_fast() -> None:
    import time

    text = "---\n".join(DEPLOYMENT.format(replicas=i % 5 + 1).replace("name: web", f"name: web-{i}")
                        for i in range(1000))
    start = time.process_time()
    report = yamlkit.check(text, config={"select": ["Y0", "S"]})
    elapsed = time.process_time() - start
    assert report.summary.documents == 1000 and report.findings == []
    assert elapsed < 3.0, f"1,000 documents took {elapsed:.2f} s of CPU"  # ~0.2 s with jsonschema-rs


def test_custom_resource_named_like_a_builtin_kind_is_not_the_builtin() -> None:
    f = only(schema_findings("apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: a}\n"))
    assert (f.code, f.severity) == ("S007", Severity.INFO)
    assert "serving.knative.dev/v1" in f.message


def test_schema_location_variables_follow_kubeconform() -> None:
    from yamlkit.schema.resolve import location_vars, render

    values = location_vars("networking.k8s.io/v1", "Ingress", "1.30", True)
    template = "{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{ .ResourceKind }}{{.KindSuffix}}.json"
    assert render(template, values) == "v1.30.0-standalone-strict/ingress-networking-v1.json"
    assert render("{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json", values) == \
        "networking.k8s.io/ingress_v1.json"
    assert location_vars("v1", "Pod", "1.30", False)["KindSuffix"] == "-v1"


def test_schema_location_folder_in_kubeconform_layout(tmp_path: Path) -> None:
    folder = tmp_path / "v1.37.0-standalone-strict"
    folder.mkdir()
    (folder / "widget-example-v1.json").write_text((FIXTURES / "widget-schema.json").read_text())
    f = only(schema_findings(WIDGET.format(spec="  colour: red"), schema_locations=[str(tmp_path)]))
    assert (f.code, f.path) == ("S002", "spec.colour")
    assert 'did you mean "color"?' in f.hint
