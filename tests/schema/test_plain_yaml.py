"""YAML that is not a Kubernetes object at all (CI workflows, tool configs) is not an error."""

import yamlkit


def test_plain_yaml_gets_an_info_not_an_error():
    report = yamlkit.check("name: CI\non:\n  push: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n")
    found = [(f.code, f.severity.value) for f in report.findings]
    assert found == [("S005", "info")]
    assert report.exit_code() == 0


def test_an_object_without_kind_is_still_an_error():
    report = yamlkit.check("metadata:\n  name: web\nspec:\n  replicas: 1\n")
    found = [(f.code, f.severity.value, f.line, f.column) for f in report.findings if f.code == "S005"]
    assert found == [("S005", "error", 1, 1)]
    assert "`apiVersion` is missing and `kind` is missing" in report.findings[0].message


def test_every_schema_finding_has_a_hint():
    text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  replicas: many\n  strategy:\n    type: BlueGreen\n"
    findings = [f for f in yamlkit.check(text, config={"select": ["S"]}).findings]
    assert {f.code for f in findings} >= {"S001"}
    assert all(f.hint for f in findings), [(f.code, f.message) for f in findings]
