"""`samples/README.md` says what each sample produces; this checks exactly that."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import yamlkit

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ROW = re.compile(r"^\| `(?P<file>(?:tutorial|broken)/[^`]+)`[^|]*\| (?P<errors>[^|]+) \| (?P<others>[^|]+) \|$")


def _expected() -> dict[str, tuple[list[tuple[str, int, int]], set[str]]]:
    table = {}
    for line in (SAMPLES / "README.md").read_text().splitlines():
        match = ROW.match(line)
        if not match:
            continue
        errors = []
        for item in match["errors"].split(","):
            item = item.strip()
            if item != "—":
                code, position = item.split()
                line_no, column = position.split(":")
                errors.append((code, int(line_no), int(column)))
        others = {c.strip() for c in match["others"].split(",") if c.strip() != "—"}
        table[match["file"]] = (errors, others)
    return table


EXPECTED = _expected()


def _reported(folder: str) -> dict[str, tuple[list[tuple[str, int, int]], set[str]]]:
    report = yamlkit.check(str(SAMPLES / folder))
    out: dict[str, tuple[list, set]] = {}
    for path in sorted((SAMPLES / folder).glob("*.yaml")):
        out[f"{folder}/{path.name}"] = ([], set())
    for f in report.findings:
        key = f"{folder}/{Path(f.file).name}"
        if f.severity.value == "error":
            out[key][0].append((f.code, f.line, f.column))
        else:
            out[key][1].add(f.code)
    return out


def test_readme_lists_every_sample():
    on_disk = {f"{p.parent.name}/{p.name}" for p in SAMPLES.glob("*/*.yaml")}
    assert set(EXPECTED) == on_disk


@pytest.mark.parametrize("folder", ["tutorial", "broken"])
def test_each_sample_reports_exactly_what_the_readme_says(folder):
    reported = _reported(folder)
    for name, (errors, others) in reported.items():
        assert (sorted(errors), others) == (sorted(EXPECTED[name][0]), EXPECTED[name][1]), name


def test_no_tutorial_sample_has_an_error():
    assert all(not errors for name, (errors, _) in EXPECTED.items() if name.startswith("tutorial/"))


def test_the_liveness_sample_prints_the_api_server_path_and_message():
    report = yamlkit.check(str(SAMPLES / "broken" / "deployment-liveness-success-threshold.yaml"))
    finding = next(f for f in report.findings if f.code == "A201")
    assert finding.path == "spec.template.spec.containers[0].livenessProbe.successThreshold"
    assert finding.message.startswith("Invalid value: 5: must be 1")
