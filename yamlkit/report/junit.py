"""``junit``: JUnit XML for CI test dashboards (GitLab, Jenkins, Azure, ...).

``<testsuites>`` holds one ``<testsuite>`` per checked file (``name`` = the file, ``package`` =
``yamlkit``). Each Kubernetes resource of the file is one ``<testcase>`` (``name`` =
``Kind/namespace/name``, ``classname`` = the file); a file with no resources (a syntax error,
plain YAML) is one testcase named after the file, and findings that belong to no resource of a
file that has some go to such a file testcase too. A testcase with findings has one
``<failure>`` (``type`` = the highest severity; the text lists every finding, one per line, in the
``concise`` format); an internal error (X001) is an ``<error>`` instead.

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


def _testcase(parent: ET.Element, name: str, classname: str, findings: list[Any]) -> tuple[int, int]:
    case = ET.SubElement(parent, "testcase", {"name": name, "classname": classname, "time": "0"})
    if not findings:
        return 0, 0
    worst = max((f.severity.value for f in findings), key=_RANK.__getitem__)
    codes = list(dict.fromkeys(f.code for f in findings))
    if len(findings) == 1:
        message = f"{findings[0].code} {findings[0].message}"
    else:
        message = f"{len(findings)} findings: {', '.join(codes)}"
    internal = any(f.code == "X001" for f in findings)
    tag = "error" if internal else "failure"
    element = ET.SubElement(case, tag, {"message": message, "type": "internal-error" if internal else worst})
    lines = []
    for f in findings:
        lines.append(line_of(f))
        if f.hint:
            lines.append(f"  hint: {f.hint}")
    element.text = "\n".join(lines)
    return (0, 1) if internal else (1, 0)


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    timestamp = options.extra.get("timestamp") or _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    hostname = options.extra.get("hostname") or "localhost"
    by_file: dict[str, list[Any]] = {name: [] for name in report.files}
    for f in report.findings:
        by_file.setdefault(f.file, []).append(f)
    root = ET.Element("testsuites")
    for index, (file, findings) in enumerate(by_file.items()):
        suite = ET.SubElement(root, "testsuite", {
            "name": file, "package": "yamlkit", "id": str(index), "timestamp": timestamp,
            "hostname": hostname, "tests": "0", "failures": "0", "errors": "0", "skipped": "0", "time": "0",
        })
        ET.SubElement(suite, "properties")
        failures = errors = tests = 0
        for name, items in _cases(file, findings, sources.get(file)):
            failed, errored = _testcase(suite, name, file, items)
            tests += 1
            failures += failed
            errors += errored
        ET.SubElement(suite, "system-out")
        ET.SubElement(suite, "system-err")
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
