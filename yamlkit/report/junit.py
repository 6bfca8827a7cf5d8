"""``junit``: JUnit XML for CI test dashboards (GitLab, Jenkins, Azure, ...).

``<testsuites>`` holds one ``<testsuite>`` per checked file (``name`` = the file, ``package`` =
``yamlkit``). Each Kubernetes resource of the file is one ``<testcase>`` (``name`` =
``Kind/namespace/name``, ``classname`` = the file); a file with no resources (a syntax error,
plain YAML) is one testcase named after the file, and findings that belong to no resource of a
file that has some go to such a file testcase too.

A testcase fails as the run does: when it has a finding at or above the fail level
(``RenderOptions.fail_level``, default error). It then has one ``<failure>`` (``type`` = the
highest severity; the text lists every finding of the testcase, one per line, in the
``concise`` format); an internal error (X001) is an ``<error>`` instead. Findings below the fail
level do not fail their testcase; they are listed in the suite's ``<system-out>``.

The document follows the Apache Ant JUnit schema (``tests/report/schemas/JUnit.xsd``): every
required attribute and element is present. ``timestamp`` and ``hostname`` come from
``RenderOptions.extra`` when given (tests fix them), else the current UTC time and ``localhost``.
"""

from __future__ import annotations

import datetime as _dt
import xml.etree.ElementTree as ET
from typing import Any

from . import RenderOptions
from .concise import line_of

_RANK = {"info": 0, "warning": 1, "error": 2}


def inventory(source: Any) -> list[tuple[int, str]]:
    """``(document index, Kind/ns/name)`` of every resource in ``source``, in file order."""
    if source is None:
        return []
    from ..engine import resources_of
    from ..parse import parse

    out: list[tuple[int, str]] = []
    for doc in parse(source).documents:
        if doc.is_empty:
            continue
        for resource in resources_of(doc):
            out.append((doc.index, resource.ref))
    return out


def _cases(file: str, findings: list[Any], source: Any) -> list[tuple[str, list[Any]]]:
    """(testcase name, its findings) for one file."""
    resources = inventory(source)
    refs = [ref for _doc, ref in resources]
    cases: dict[tuple[int, str], list[Any]] = {}
    names: dict[tuple[int, str], str] = {}
    for doc, ref in resources:
        key = (doc, ref)
        if key in cases:
            continue
        cases[key] = []
        names[key] = ref if refs.count(ref) == 1 else f"{ref} (document {doc + 1})"
    loose: list[Any] = []
    for f in findings:
        key = (f.document if f.document is not None else -1, f.resource or "")
        if key in cases:
            cases[key].append(f)
        else:
            loose.append(f)
    out = [(names[key], items) for key, items in cases.items()]
    if loose or not out:
        out.append((file, loose))
    return out


def _lines(findings: list[Any]) -> list[str]:
    lines = []
    for f in findings:
        lines.append(line_of(f))
        if f.hint:
            lines.extend("  hint: " + part if i == 0 else "        " + part
                         for i, part in enumerate(f.hint.splitlines()))
    return lines


def _testcase(parent: ET.Element, name: str, classname: str, findings: list[Any], fail_rank: int) -> tuple[int, int]:
    case = ET.SubElement(parent, "testcase", {"name": name, "classname": classname, "time": "0"})
    failing = [f for f in findings if _RANK[f.severity.value] >= fail_rank or f.code == "X001"]
    if not failing:
        return 0, 0
    worst = max((f.severity.value for f in failing), key=_RANK.__getitem__)
    codes = list(dict.fromkeys(f.code for f in failing))
    if len(failing) == 1:
        message = f"{failing[0].code} {failing[0].message}"
    else:
        message = f"{len(failing)} findings: {', '.join(codes)}"
    internal = any(f.code == "X001" for f in failing)
    tag = "error" if internal else "failure"
    element = ET.SubElement(case, tag, {"message": message, "type": "internal-error" if internal else worst})
    element.text = "\n".join(_lines(findings))
    return (0, 1) if internal else (1, 0)


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    timestamp = options.extra.get("timestamp") or _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    hostname = options.extra.get("hostname") or "localhost"
    by_file: dict[str, list[Any]] = {name: [] for name in report.files}
    for f in report.findings:
        by_file.setdefault(f.file, []).append(f)
    fail_level = getattr(options.fail_level, "value", options.fail_level) or "error"
    fail_rank = _RANK[fail_level]
    root = ET.Element("testsuites")
    for index, (file, findings) in enumerate(by_file.items()):
        suite = ET.SubElement(root, "testsuite", {
            "name": file, "package": "yamlkit", "id": str(index), "timestamp": timestamp,
            "hostname": hostname, "tests": "0", "failures": "0", "errors": "0", "skipped": "0", "time": "0",
        })
        ET.SubElement(suite, "properties")
        failures = errors = tests = 0
        passed_with_findings: list[Any] = []
        for name, items in _cases(file, findings, sources.get(file)):
            failed, errored = _testcase(suite, name, file, items, fail_rank)
            tests += 1
            failures += failed
            errors += errored
            if not (failed or errored):
                passed_with_findings.extend(items)
        out = ET.SubElement(suite, "system-out")
        if passed_with_findings:
            out.text = "\n".join(_lines(sorted(passed_with_findings, key=lambda f: f.sort_key)))
        ET.SubElement(suite, "system-err")
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
