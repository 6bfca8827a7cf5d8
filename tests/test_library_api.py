"""The library API: ``yamlkit.check/validate/load/to_json/to_yaml/render``.

It returns values, never prints, never exits; problems in the input are findings, and only
mistakes of the caller raise.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import yamlkit
from yamlkit.engine import Report
from yamlkit.findings import Finding, Severity
from yamlkit.settings import Settings

GOOD = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
"""
TABBED = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n"
BROKEN = "a: [1, 2\n"


@pytest.fixture(autouse=True)
def nothing_printed(capsys):
    """Every test here also asserts that the library wrote nothing to stdout or stderr."""
    yield
    out, err = capsys.readouterr()
    assert out == "" and err == "", (out, err)


def test_check_text_returns_a_report() -> None:
    report = yamlkit.check(TABBED)
    assert isinstance(report, Report)
    codes = [(f.code, f.line, f.column) for f in report.findings]
    assert ("Y001", 4, 1) in codes
    first = next(f for f in report.findings if f.code == "Y001")
    assert isinstance(first, Finding) and first.severity is Severity.ERROR and first.file == "<string>"
    assert report.summary.files == 1 and report.summary.errors >= 1
    assert report.exit_code() == 1
    assert report.to_dict()["version"] == 1


def test_the_summary_counts_every_finding_by_severity_and_fix() -> None:
    report = yamlkit.check("a: 1   \nb: yes\n\n\n\n---\n" + TABBED)  # info, warnings (fixable), an error
    severities = [f.severity.value for f in report.findings]
    counted = report.summary
    assert (counted.errors, counted.warnings, counted.infos) == (
        severities.count("error"), severities.count("warning"), severities.count("info"))
    assert counted.fixable == sum(f.fixable for f in report.findings)
    assert counted.errors and counted.warnings and counted.infos and counted.fixable


def test_check_clean_text_and_a_name() -> None:
    report = yamlkit.check(GOOD, name="svc.yaml")
    assert [f for f in report.findings if f.severity is Severity.ERROR] == []
    assert report.summary.resources == 1 and report.exit_code() == 0
    assert yamlkit.check(TABBED, name="svc.yaml").findings[0].file == "svc.yaml"


def test_check_paths_directories_and_lists(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD)
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "bad.yml").write_text(TABBED)
    by_dir = yamlkit.check(tmp_path)  # a PathLike
    assert by_dir.summary.files == 2
    assert {f.file for f in by_dir.findings} == {str(tmp_path / "nested" / "bad.yml")}
    by_list = yamlkit.check([str(tmp_path / "good.yaml"), tmp_path / "nested" / "bad.yml"])
    assert [f.to_dict() for f in by_list.findings] == [f.to_dict() for f in by_dir.findings]
    assert yamlkit.check(str(tmp_path / "good.yaml")).summary.files == 1


def test_jobs_give_the_same_report(tmp_path: Path) -> None:
    for i in range(40):
        (tmp_path / f"m{i:02}.yaml").write_text(TABBED if i % 7 == 0 else GOOD)
    one = yamlkit.check(tmp_path, jobs=1)
    two = yamlkit.check(tmp_path, jobs=2)
    assert one.to_dict() == two.to_dict() and one.summary.files == 40


def test_a_missing_path_is_the_callers_mistake(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        yamlkit.check(str(tmp_path / "nope.yaml"))
    with pytest.raises(FileNotFoundError):
        yamlkit.check([tmp_path / "missing-dir"])
    with pytest.raises(FileNotFoundError):
        yamlkit.check("manifests/does-not-exist/")


def test_unreadable_input_is_a_finding_not_an_exception(tmp_path: Path) -> None:
    (tmp_path / "bin.yaml").write_bytes(b"\x00\x01\x02binary")
    report = yamlkit.check(tmp_path / "bin.yaml")
    assert [f.code for f in report.findings] == ["Y003"]
    assert yamlkit.check(BROKEN).findings[0].code.startswith("Y0")


def test_config_as_mapping_settings_or_file(tmp_path: Path) -> None:
    only_syntax = yamlkit.check(TABBED, config={"select": ["Y001"]})
    assert {f.code for f in only_syntax.findings} == {"Y001"}
    assert all(f.code != "Y001" for f in yamlkit.check(TABBED, config={"ignore": ["Y001"]}).findings)
    settings = Settings(select=["Y001"])
    assert {f.code for f in yamlkit.check(TABBED, settings).findings} == {"Y001"}
    config_file = tmp_path / ".yamlkit.yaml"
    config_file.write_text("select: [Y001]\n")
    assert {f.code for f in yamlkit.check(TABBED, config=config_file).findings} == {"Y001"}
    with pytest.raises(yamlkit.ConfigError):
        yamlkit.check(TABBED, config={"no-such-setting": 1})
    with pytest.raises(FileNotFoundError):
        yamlkit.check(TABBED, config=str(tmp_path / "absent.yaml"))


def test_validate_selects_syntax_schema_and_api_rules_without_changing_config() -> None:
    settings = Settings(select=["Y1"])
    report = yamlkit.validate(TABBED, settings)
    assert settings.select == ["Y1"]  # the caller's settings are not modified
    assert all(f.code[:2] == "Y0" or f.code[0] in "SA" for f in report.findings)
    assert any(f.code == "Y001" for f in report.findings)


def test_render_every_format() -> None:
    report = yamlkit.check(TABBED, name="cm.yaml")
    assert "cm.yaml:4:1: Y001 [error]" in yamlkit.render(report)
    assert json.loads(yamlkit.render(report, "json"))["findings"][0]["file"] == "cm.yaml"
    assert json.loads(yamlkit.render(report, "sarif"))["version"] == "2.1.0"
    assert yamlkit.render(report, "junit").startswith("<?xml")
    assert "error[Y001]" in yamlkit.render(report, "full")
    with pytest.raises(ValueError):
        yamlkit.render(report, "yaml")


def test_load_and_convert() -> None:
    assert yamlkit.load("a: yes\nb: on\nc: '1'\n") == [{"a": True, "b": True, "c": "1"}]
    assert yamlkit.load("a: yes\n", yaml12=True) == [{"a": "yes"}]
    assert yamlkit.load("a: 1\n---\nb: 2\n") == [{"a": 1}, {"b": 2}]
    assert json.loads(yamlkit.to_json("a: 1\n")) == {"a": 1}
    assert json.loads(yamlkit.to_json("a: 1\n---\nb: 2\n")) == [{"a": 1}, {"b": 2}]
    assert yamlkit.load(yamlkit.to_yaml('{"a": [1, 2]}')) == [{"a": [1, 2]}]


def test_conversion_errors_say_where() -> None:
    with pytest.raises(yamlkit.ConversionError) as info:
        yamlkit.load(BROKEN)
    finding = info.value.findings[0]
    assert finding.code.startswith("Y0") and finding.line >= 1 and finding.column >= 1


def test_public_names_are_exported_and_typed() -> None:
    for name in yamlkit.__all__:
        assert hasattr(yamlkit, name), name
    assert yamlkit.Severity is Severity and yamlkit.Report is Report
    assert (Path(yamlkit.__file__).parent / "py.typed").exists()
    for func in (yamlkit.check, yamlkit.validate, yamlkit.load, yamlkit.to_json, yamlkit.render):
        assert func.__doc__ and func.__annotations__.get("return")


def test_no_sys_exit_anywhere_in_the_api(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(TABBED)
    try:
        yamlkit.check(tmp_path)
        yamlkit.validate(tmp_path)
        yamlkit.check(BROKEN)
        yamlkit.check(GOOD, config={"select": ["ALL"]})
    except SystemExit as exc:  # pragma: no cover - the test fails here
        pytest.fail(f"the library called sys.exit({exc.code})")
