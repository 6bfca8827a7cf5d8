"""Every kind of bad input gets a finding or a clear error and a defined exit code, never a traceback."""

from __future__ import annotations

import json
import os
import resource
import time

import pytest
from typer.testing import CliRunner

from yamlkit.cli import app

runner = CliRunner()


def check(*paths: str, input: str | bytes | None = None, extra: tuple[str, ...] = ()):
    result = runner.invoke(app, ["check", "--format", "json", *extra, *paths], input=input)
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result


def codes(result) -> list[str]:
    return [f["code"] for f in json.loads(result.stdout)["findings"]]


@pytest.mark.parametrize("text", ["", "# only a comment\n", "---\n", "---\n---\n...\n", "\n\n\n"])
def test_empty_inputs_pass(tmp_path, text):
    (tmp_path / "f.yaml").write_text(text)
    result = check(str(tmp_path / "f.yaml"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["errors"] == 0


def test_invalid_utf8(tmp_path):
    (tmp_path / "latin1.yaml").write_bytes("name: café\n".encode("latin-1"))
    result = check(str(tmp_path / "latin1.yaml"))
    assert result.exit_code == 1 and codes(result) == ["Y002"]


def test_utf16_with_bom_is_read(tmp_path):
    (tmp_path / "u16.yaml").write_bytes("a:\n\tb: 1\n".encode("utf-16"))
    result = check(str(tmp_path / "u16.yaml"), extra=("--select", "Y0"))
    assert codes(result) == ["Y001"]  # decoded, then checked like any file


def test_binary_file(tmp_path):
    (tmp_path / "logo.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = check(str(tmp_path / "logo.yaml"))
    assert result.exit_code == 1 and codes(result) == ["Y003"]


def test_huge_file_is_refused_quickly_without_reading_it(tmp_path):
    big = tmp_path / "huge.yaml"
    with open(big, "wb") as handle:  # sparse: 100 MB on paper, nothing on disk
        handle.truncate(100 * 1024 * 1024)
    start = time.monotonic()
    result = check(str(big))
    assert time.monotonic() - start < 2
    assert result.exit_code == 1 and codes(result) == ["Y014"]
    assert "100.0 MiB" in json.loads(result.stdout)["findings"][0]["message"]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 10_000 + "1" + "}" * 10_000,
        "".join("  " * i + f"k{i}:\n" for i in range(3_000)),
        "- " * 10_000 + "x\n",
    ],
    ids=["flow-seq", "flow-map", "block-map", "block-seq"],
)
def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path, text):
    (tmp_path / "deep.yaml").write_text(text)
    start = time.monotonic()
    result = check(str(tmp_path / "deep.yaml"), extra=("--select", "Y0"))
    assert time.monotonic() - start < 5
    assert result.exit_code == 1 and codes(result) == ["Y007"]


def test_alias_bomb_is_refused_fast_with_bounded_memory(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    result = check(str(tmp_path / "bomb.yaml"), extra=("--select", "Y0"))
    assert time.monotonic() - start < 1.5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB
    assert result.exit_code == 1 and codes(result) == ["Y008"]


def test_very_long_lines(tmp_path):
    (tmp_path / "long.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: " + "x" * 2_000_000 + "\n")
    result = check(str(tmp_path / "long.yaml"), extra=("--select", "Y0"))
    assert result.exit_code == 0


def test_fifty_thousand_documents(tmp_path):
    (tmp_path / "many.yaml").write_text("".join(f"---\nkey{i}: {i}\n" for i in range(50_000)))
    start = time.monotonic()
    result = check(str(tmp_path / "many.yaml"), extra=("--select", "Y0"))
    assert time.monotonic() - start < 60  # a hang guard: ~2 s on an idle machine
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["documents"] == 50_000


@pytest.mark.parametrize(
    "template",
    [
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n  labels:\n    {{- include \"app.labels\" . | nindent 4 }}\n",
        "{% for i in range(3) %}\n- name: item{{ i }}\n{% endfor %}\n",
    ],
    ids=["helm", "jinja"],
)
def test_templates_get_one_clear_finding(tmp_path, template):
    (tmp_path / "tpl.yaml").write_text(template)
    result = check(str(tmp_path / "tpl.yaml"), extra=("--select", "Y0"))
    assert codes(result) == ["Y013"]
    finding = json.loads(result.stdout)["findings"][0]
    assert "template" in finding["message"] and "helm template" in finding["hint"]
    assert result.exit_code == 0  # a warning: templates are not mistakes


def test_placeholders_in_valid_yaml_are_checked_normally(tmp_path):
    (tmp_path / "sed.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  url: '{{ .Values.url }}'\n")
    result = check(str(tmp_path / "sed.yaml"), extra=("--select", "Y0"))
    assert codes(result) == []


def test_symlink_loops_do_not_hang(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "ok.yaml").write_text("a: 1\n")
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    os.symlink(tmp_path / "missing.yaml", tmp_path / "d" / "dangling.yaml")
    result = check(str(tmp_path / "d"), extra=("--select", "Y0"))
    report = json.loads(result.stdout)
    assert report["summary"]["files"] == 2
    assert codes(result) == ["Y015"]  # the dangling link, clearly reported


def test_unreadable_file(tmp_path, monkeypatch):
    target = tmp_path / "secret.yaml"
    target.write_text("a: 1\n")
    real_open = open

    def deny(path, *args, **kwargs):
        if str(path) == str(target):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    result = check(str(target))
    assert result.exit_code == 1 and codes(result) == ["Y015"]
    assert "permission denied" in json.loads(result.stdout)["findings"][0]["message"]


def test_directory_without_yaml_files(tmp_path):
    (tmp_path / "README.md").write_text("# docs\n")
    (tmp_path / "main.go").write_text("package main\n")
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 0
    assert "no YAML files" in result.output


def test_limits_are_configurable(tmp_path):
    from yamlkit.discovery import read_source
    from yamlkit.engine import check_sources
    from yamlkit.parse import Limits
    from yamlkit.settings import Settings

    (tmp_path / "f.yaml").write_text("".join(f"---\nk: {i}\n" for i in range(5)))
    settings = Settings(select=["Y0"], limits=Limits(max_documents=3))
    report = check_sources([read_source(str(tmp_path / "f.yaml"), settings)], settings)
    assert [f.code for f in report.findings] == ["Y009"]
    assert report.summary.documents == 3
    settings = Settings(select=["Y0"], limits=Limits(max_file_size=10))
    report = check_sources([read_source(str(tmp_path / "f.yaml"), settings)], settings)
    assert [f.code for f in report.findings] == ["Y014"]


def test_a_crashing_rule_is_an_internal_error_finding(monkeypatch, tmp_path):
    from yamlkit.rules.base import REGISTRY, RuleMeta, Scope
    from yamlkit.findings import Severity

    def explode(ctx, document):
        raise ZeroDivisionError("boom")
        yield

    meta = RuleMeta(code="Z999", name="exploding-test-rule", severity=Severity.WARNING, scope=Scope.DOCUMENT,
                    docstring="", check=explode)
    monkeypatch.setitem(REGISTRY, "Z999", meta)
    (tmp_path / "f.yaml").write_text("a:\n\tb: 1\n---\nc: 1\n")
    result = runner.invoke(app, ["check", "--format", "json", "--select", "Y0,Z999", str(tmp_path / "f.yaml")])
    assert result.exit_code == 2
    found = json.loads(result.stdout)["findings"]
    assert {f["code"] for f in found} == {"Y001", "X001"}  # the run went on
    internal = next(f for f in found if f["code"] == "X001")
    assert "Z999" in internal["message"] and "ZeroDivisionError: boom" in internal["message"]
    assert "Traceback" not in result.output
    debug = runner.invoke(app, ["check", "--format", "json", "--debug", "--select", "Y0,Z999", str(tmp_path / "f.yaml")])
    assert "Traceback" in json.loads(debug.stdout)["findings"][-1]["hint"] or any(
        "Traceback" in (f["hint"] or "") for f in json.loads(debug.stdout)["findings"]
    )


def test_check_never_writes_files(tmp_path):
    target = tmp_path / "f.yaml"
    target.write_text("a:   1   \n")
    before = (target.stat().st_mtime_ns, target.read_bytes(), sorted(os.listdir(tmp_path)))
    check(str(target))
    assert (target.stat().st_mtime_ns, target.read_bytes(), sorted(os.listdir(tmp_path))) == before
