"""The `check` command: inputs, exit codes, JSON output."""

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from yamlkit.cli import app

runner = CliRunner()
GOOD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n"


def check(*args, input=None):
    return runner.invoke(app, ["check", "--format", "json", *args], input=input)


def test_good_input_exits_zero(tmp_path):
    (tmp_path / "cm.yaml").write_text(GOOD)
    result = check(str(tmp_path / "cm.yaml"))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["summary"]["errors"] == 0 and report["summary"]["files"] == 1


def test_error_exits_one_and_json_has_the_stable_fields(tmp_path):
    (tmp_path / "bad.yaml").write_text("a:\n\tb: 1\n")
    result = check("--select", "Y0", str(tmp_path / "bad.yaml"))
    assert result.exit_code == 1
    finding = json.loads(result.stdout)["findings"][0]
    for key in ("code", "rule", "severity", "file", "line", "column", "end_line", "end_column",
                "document", "path", "message", "hint", "fixable"):
        assert key in finding
    assert (finding["code"], finding["line"], finding["column"]) == ("Y001", 2, 1)


def test_missing_file_is_a_usage_error():
    result = runner.invoke(app, ["check", "does/not/exist.yaml"])
    assert result.exit_code == 2
    assert "no such file or directory: does/not/exist.yaml" in result.output
    assert "Traceback" not in result.output


def test_stdin_is_read_with_a_dash():
    result = check("-", input="a:\n\tb: 1\n")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["findings"][0]["file"] == "<stdin>"


def test_directories_are_walked_recursively_for_yaml_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.yaml").write_text(GOOD)
    (tmp_path / "a" / "b" / "two.yml").write_text("x:\n\ty: 1\n")
    (tmp_path / "a" / "b" / "notes.txt").write_text("x:\n\ty: 1\n")
    result = check("--select", "Y0", str(tmp_path))
    report = json.loads(result.stdout)
    assert report["summary"]["files"] == 2
    assert {Path(f["file"]).name for f in report["findings"]} == {"two.yml"}


def test_empty_and_comment_only_files_are_fine(tmp_path):
    for name, text in (("empty.yaml", ""), ("comments.yaml", "# nothing\n"), ("dashes.yaml", "---\n")):
        (tmp_path / name).write_text(text)
    result = check(str(tmp_path))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["documents"] == 0


def test_crlf_files_report_correct_lines(tmp_path):
    (tmp_path / "crlf.yaml").write_bytes(b"a: 1\r\nb:\r\n\tc: 2\r\n")
    finding = json.loads(check("--select", "Y0", str(tmp_path / "crlf.yaml")).stdout)["findings"][0]
    assert (finding["line"], finding["column"]) == (3, 1)


def test_python_dash_m_and_version():
    env = dict(os.environ)
    out = subprocess.run([sys.executable, "-m", "yamlkit", "--version"], capture_output=True, text=True, env=env)
    assert out.returncode == 0 and out.stdout.startswith("yamlkit ")
