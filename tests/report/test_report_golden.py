"""Every format renders the one shared set of findings exactly as its golden file says.

Goldens live in ``tests/report/golden``; ``YAMLKIT_UPDATE_GOLDEN=1`` rewrites them (then review
the diff). SARIF and JUnit goldens are also validated against their schemas.
"""

from __future__ import annotations

import hashlib
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from yamlkit.findings import Severity
from yamlkit.report import FORMATS, render

from . import report_golden_data as data
from .xsd_check import XsdError, validate_file

CASES = {
    "full.txt": ("full", {}),
    "full-color.txt": ("full", {"color": True}),
    "full-quiet.txt": ("full", {"quiet": True}),
    "concise.txt": ("concise", {}),
    "json.json": ("json", {}),
    "json-lines.jsonl": ("json-lines", {}),
    "sarif.json": ("sarif", {}),
    "junit.xml": ("junit", {}),
    "junit-fail-level-info.xml": ("junit", {"fail_level": Severity.INFO}),
    "github.txt": ("github", {}),
    "gitlab.json": ("gitlab", {}),
    "statistics.txt": ("concise", {"statistics": True}),
    "statistics.json": ("json", {"statistics": True}),
}


def rendered(name: str) -> str:
    fmt, overrides = CASES[name]
    return render(data.report(), data.sources(), fmt, data.options(**overrides))


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    path = data.GOLDEN / name
    text = rendered(name)
    if os.environ.get("YAMLKIT_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden {path}; run with YAMLKIT_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")


def test_every_format_has_a_golden() -> None:
    assert set(FORMATS) <= {fmt for fmt, _ in CASES.values()}


# -- schemas ---------------------------------------------------------------------------------
def test_schema_files_are_the_upstream_copies() -> None:
    sums = (data.SCHEMAS / "README.md").read_text(encoding="utf-8")
    for name in ("sarif-schema-2.1.0.json", "JUnit.xsd"):
        digest = hashlib.sha256((data.SCHEMAS / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in sums, f"{name} differs from the copy recorded in schemas/README.md"


def _sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((data.SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_golden_is_valid_sarif() -> None:
    log = json.loads((data.GOLDEN / "sarif.json").read_text(encoding="utf-8"))
    errors = sorted(_sarif_validator().iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_sarif_with_the_real_registry_is_valid(golden_report, golden_sources) -> None:
    """Rule metadata straight from the registry (docs, levels, tags) also passes the schema."""
    log = json.loads(render(golden_report, golden_sources, "sarif"))
    errors = list(_sarif_validator().iter_errors(log))
    assert not errors, errors[0].message
    driver = log["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == sorted({f.code for f in golden_report.findings})
    for result in log["runs"][0]["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_content(golden_report) -> None:
    log = json.loads((data.GOLDEN / "sarif.json").read_text(encoding="utf-8"))
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["K101"]["helpUri"] == "https://yamlkit.dev/rules/image-latest-tag"
    assert rules["T001"]["defaultConfiguration"]["level"] == "note"
    results = run["results"]
    assert len(results) == len(golden_report.findings)
    first = results[0]
    assert first["ruleId"] == "Y004" and first["level"] == "error"
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 6, "startColumn": 9, "endLine": 7, "endColumn": 1}
    fingerprints = [r["partialFingerprints"]["yamlkit/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)
    fixed = [r for r in results if "fixes" in r]
    assert {r["ruleId"] for r in fixed} == {"S001", "K101", "T001"}


@pytest.mark.parametrize("name", ["junit.xml", "junit-fail-level-info.xml"])
def test_junit_golden_follows_the_xsd(name: str) -> None:
    text = (data.GOLDEN / name).read_text(encoding="utf-8")
    try:
        from lxml import etree  # type: ignore[import-not-found]
    except ImportError:
        etree = None
    if etree is not None:  # the real validator, when available
        schema = etree.XMLSchema(etree.parse(str(data.SCHEMAS / "JUnit.xsd")))
        schema.assertValid(etree.fromstring(text.encode("utf-8")))
    validate_file(data.SCHEMAS / "JUnit.xsd", text)


def test_junit_checker_catches_mistakes() -> None:
    """The structural checker is not a rubber stamp."""
    good = (data.GOLDEN / "junit.xml").read_text(encoding="utf-8")
    broken = [
        good.replace(' hostname="ci-runner"', "", 1),  # required attribute missing
        good.replace("<properties />", "", 1),  # required element missing
        good.replace(' tests="', ' bogus="1" tests="', 1),  # undeclared attribute
        good.replace('failures="0"', 'failures="many"', 1),  # not an xs:int
        good.replace('timestamp="2026-01-02T03:04:05"', 'timestamp="2026-01-02 03:04"', 1),  # pattern
        good.replace("<system-err />", "<system-err /><system-err />", 1),  # too many
        good.replace('</failure>', '</failure><error type="x" />', 1),  # two of a choice
    ]
    for text in broken:
        assert text != good
        with pytest.raises(XsdError):
            validate_file(data.SCHEMAS / "JUnit.xsd", text)


def _junit_cases(name: str) -> dict[str, list[tuple[str, bool]]]:
    root = ET.fromstring((data.GOLDEN / name).read_text(encoding="utf-8"))
    return {suite.get("name"): [(c.get("name"), c.find("failure") is not None) for c in suite.iter("testcase")]
            for suite in root.iter("testsuite")}


def test_junit_content() -> None:
    root = ET.fromstring((data.GOLDEN / "junit.xml").read_text(encoding="utf-8"))
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert list(suites) == ["broken.yaml", "deploy.yaml", "list.yaml", "svc.yaml"]
    # with the default fail level (error), only testcases with an error fail
    assert _junit_cases("junit.xml") == {
        "broken.yaml": [("broken.yaml", True)],  # no resources: one testcase for the file
        "deploy.yaml": [("Deployment/web-2", True), ("deploy.yaml", False)],  # + findings with no resource
        "list.yaml": [("ConfigMap/a", False), ("ConfigMap/b", False)],  # one per List item
        "svc.yaml": [("Service/web", False)],
    }
    assert suites["deploy.yaml"].get("tests") == "2" and suites["deploy.yaml"].get("failures") == "1"
    failure = next(c for c in suites["deploy.yaml"].iter("testcase") if c.get("name") == "Deployment/web-2").find("failure")
    assert failure.get("type") == "error" and failure.get("message") == "2 findings: Y005, S001"
    assert failure.text.count("\n") >= 4 and "K101 [warning]" in failure.text  # the text lists all five
    # findings below the fail level are listed in the suite's system-out
    assert suites["list.yaml"].find("system-out").text.startswith("list.yaml:13:16: T001 [info] ")
    # --fail-level info: every testcase with a finding fails
    assert _junit_cases("junit-fail-level-info.xml") == {
        "broken.yaml": [("broken.yaml", True)],
        "deploy.yaml": [("Deployment/web-2", True), ("deploy.yaml", True)],
        "list.yaml": [("ConfigMap/a", False), ("ConfigMap/b", True)],
        "svc.yaml": [("Service/web", False)],
    }


def test_github_and_gitlab_content(golden_report) -> None:
    lines = (data.GOLDEN / "github.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("::error file=broken.yaml,line=6,col=9,endLine=7,title=Y004 syntax-error::")
    assert "%0A" in lines[0] and "\n" not in lines[0]  # the hint's line break is escaped
    assert [line.split(" ", 1)[0] for line in lines] == [
        "::error", "::notice", "::error", "::warning", "::error", "::warning", "::warning", "::notice"]
    issues = json.loads((data.GOLDEN / "gitlab.json").read_text(encoding="utf-8"))
    assert [i["severity"] for i in issues] == ["major", "info", "major", "minor", "major", "minor", "minor", "info"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert issues[0]["location"] == {"path": "broken.yaml", "lines": {"begin": 6, "end": 7}}


def test_json_keys_are_stable(golden_report) -> None:
    doc = json.loads((data.GOLDEN / "json.json").read_text(encoding="utf-8"))
    assert list(doc) == ["version", "findings", "summary"] and doc["version"] == 1
    assert list(doc["findings"][0]) == [
        "code", "rule", "severity", "file", "line", "column", "end_line", "end_column", "document",
        "path", "resource", "message", "hint", "fixable", "fix", "related"]
    assert list(doc["summary"]) == ["files", "documents", "resources", "errors", "warnings", "infos", "fixable"]
    lines = (data.GOLDEN / "json-lines.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == doc["findings"]


def test_full_caret_sits_under_wide_characters() -> None:
    text = (data.GOLDEN / "full.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if "app: 网站" in line and "|" in line)
    source_line, caret_line = lines[row], lines[row + 1]
    # 网站 is 4 terminal cells wide and starts after "  7 |     app: " (cells == characters there)
    start = source_line.index("网")
    assert caret_line[start:].rstrip() == "^^^^"


def test_no_summary_or_colour_leaks_into_machine_formats() -> None:
    for name, (fmt, overrides) in CASES.items():
        if fmt in ("full", "concise") or overrides.get("statistics"):
            continue
        assert "\x1b[" not in rendered(name)
        assert "no problems found" not in rendered(name) and "4 files" not in rendered(name)


def test_empty_report_renders_in_every_format() -> None:
    from yamlkit.engine import Report, Summary

    empty = Report(findings=[], summary=Summary(files=1, resources=1), files=["ok.yaml"])
    srcs = {"ok.yaml": data.from_text("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n", name="ok.yaml")}
    assert render(empty, srcs, "full", data.options()) == "1 file, 1 resource: no problems found\n"
    assert render(empty, srcs, "concise", data.options(show_summary=False)) == ""
    assert json.loads(render(empty, srcs, "json", data.options()))["findings"] == []
    assert render(empty, srcs, "json-lines", data.options()) == ""
    assert render(empty, srcs, "github", data.options()) == ""
    assert json.loads(render(empty, srcs, "gitlab", data.options())) == []
    log = json.loads(render(empty, srcs, "sarif", data.options()))
    assert log["runs"][0]["results"] == [] and not list(_sarif_validator().iter_errors(log))
    junit = render(empty, srcs, "junit", data.options())
    validate_file(data.SCHEMAS / "JUnit.xsd", junit)
    assert '<testcase name="Namespace/a" classname="ok.yaml" time="0" />' in junit


def test_text_is_an_alias() -> None:
    assert rendered("concise.txt") == render(data.report(), data.sources(), "text", data.options())
    assert Path(data.GOLDEN / "concise.txt").exists()


def test_full_cuts_long_lines_around_the_column() -> None:
    from yamlkit.report.full import MAX_LINE, source_window

    line = '{"kind": "ConfigMap", "data": {' + ", ".join(f'"k{i}": "v{i}"' for i in range(80)) + ', "bad": yes}}'
    source = data.from_text(line + "\n", name="one-line.yaml")
    column = line.index("yes") + 1
    window = source_window(source, 1, column, 1, column + 3)
    text_line, caret_line = window[1], window[2]
    assert len(text_line) <= MAX_LINE + 10 and text_line.startswith("1 | …")
    assert text_line[caret_line.index("^"):].startswith("yes") and caret_line.rstrip().endswith("^^^")
