"""``yamlkit check``: output formats, exit codes, colour, summary, statistics, progress, many paths."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from yamlkit.cli import app
from yamlkit.cli import run as run_mod

ROOT = Path(__file__).resolve().parents[2]

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

# a TAB used for indentation: an error (Y001) that does not depend on schemas or other rules
BAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.yaml"
    good.write_text(GOOD)
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD)
    return {"good": good, "bad": bad, "dir": tmp_path}


def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None):
    runner = CliRunner()
    return runner.invoke(app, ["check", *args], env=env, input=input)


# -- exit codes ------------------------------------------------------------------------------
def test_exit_0_when_clean(files) -> None:
    result = invoke(str(files["good"]))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # concise in a pipe: nothing to say, no summary line


def test_exit_1_on_findings(files) -> None:
    result = invoke(str(files["good"]), str(files["bad"]))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(str(files["bad"]) + ":") for line in lines)
    assert any(": Y001 [error] " in line for line in lines)


def test_exit_zero_and_fail_level(files) -> None:
    assert invoke("--exit-zero", str(files["bad"])).exit_code == 0
    assert invoke("--fail-level", "warning", str(files["good"])).exit_code == 0


@pytest.mark.parametrize("args", [
    ["does-not-exist.yaml"],
    ["--format", "xml", "GOOD"],
    ["--color", "sometimes", "GOOD"],
    ["--fail-level", "fatal", "GOOD"],
    ["--jobs", "-3", "GOOD"],
])
def test_exit_2_on_usage_errors(files, args) -> None:
    args = [str(files["good"]) if a == "GOOD" else a for a in args]
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "yamlkit: error:" in result.stderr
    assert result.stdout == ""


def test_exit_2_on_an_invalid_config(files) -> None:
    config = files["dir"] / "bad-config.yaml"
    config.write_text("rules: [\n")
    result = invoke("--config", str(config), str(files["good"]))
    assert result.exit_code == 2


def test_exit_2_on_an_internal_error(files, monkeypatch) -> None:
    import yamlkit.engine

    def boom(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(yamlkit.engine, "check_sources", boom)
    result = invoke(str(files["good"]))
    assert result.exit_code == 2
    assert "yamlkit: internal error: RuntimeError: kaputt" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("path,code", [("good", 0), ("bad", 1), ("missing", 2)])
def test_python_dash_m(files, path, code) -> None:
    target = str(files[path]) if path in files else str(files["dir"] / "missing.yaml")
    proc = subprocess.run([sys.executable, "-m", "yamlkit", "check", target], capture_output=True, text=True,
                          cwd=str(ROOT), timeout=60)
    assert proc.returncode == code, proc.stderr
    if code == 1:
        assert ": Y001 [error] " in proc.stdout
    if code == 2:
        assert "no such file or directory" in proc.stderr


# -- formats ---------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["full", "concise", "text", "json", "json-lines", "sarif", "junit", "github", "gitlab"])
def test_every_format_from_the_cli(files, fmt) -> None:
    result = invoke("--format", fmt, str(files["good"]), str(files["bad"]))
    assert result.exit_code == 1, result.output
    out = result.stdout
    if fmt == "json":
        assert json.loads(out)["summary"]["files"] == 2
    elif fmt == "json-lines":
        assert all(json.loads(line)["file"] == str(files["bad"]) for line in out.splitlines())
    elif fmt in ("sarif", "gitlab"):
        json.loads(out)
    elif fmt == "junit":
        assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>')
        assert '<testcase name="Service/web"' in out
    elif fmt == "github":
        assert f"::error file={files['bad']},line=4,col=1," in out
    elif fmt == "full":
        assert "error[Y001]" in out and f"--> {files['bad']}:4:1" in out
        assert "2 files, " in out  # the summary line
    else:  # concise and its alias `text` (in a pipe)
        assert f"{files['bad']}:4:1: Y001 [error] " in out
        assert all(line.startswith(f"{files['bad']}:") for line in out.splitlines())


def test_format_from_the_environment(files) -> None:
    result = invoke(str(files["bad"]), env={"YAMLKIT_FORMAT": "json"})
    assert "Y001" in [f["code"] for f in json.loads(result.stdout)["findings"]]
    result = invoke("--format", "github", str(files["bad"]), env={"YAMLKIT_FORMAT": "json"})
    assert result.stdout.startswith("::")  # the option wins over the environment


def test_stdin(files) -> None:
    result = invoke("-", input=BAD)
    assert result.exit_code == 1
    assert "<stdin>:4:1: Y001 [error] " in result.stdout


# -- colour, summary, quiet, statistics ------------------------------------------------------
def test_color_always_and_never(files) -> None:
    colored = invoke("--format", "full", "--color", "always", str(files["bad"])).stdout
    plain = invoke("--format", "full", "--color", "never", str(files["bad"])).stdout
    assert "\x1b[" in colored and "\x1b[" not in plain
    assert "\x1b[" not in invoke("--format", "json", "--color", "always", str(files["bad"])).stdout


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_color_auto_honours_no_color_and_term(monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert run_mod.use_color("auto", FakeTTY()) is True
    assert run_mod.use_color("auto", io.StringIO()) is False  # not a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert run_mod.use_color("auto", FakeTTY()) is False
    assert run_mod.use_color("always", io.StringIO()) is True  # an explicit choice wins
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert run_mod.use_color("auto", FakeTTY()) is False
    assert run_mod.use_color("never", FakeTTY()) is False
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert run_mod.use_color("auto", io.StringIO()) is True


def test_default_format_on_a_terminal_is_full() -> None:
    from yamlkit.report import resolve_format

    assert resolve_format(None, stdout_is_tty=True) == "full"
    assert resolve_format(None, stdout_is_tty=False) == "concise"
    assert resolve_format("text", stdout_is_tty=True) == "full"
    assert resolve_format("sarif", stdout_is_tty=True) == "sarif"


def test_quiet_and_statistics(files) -> None:
    full = invoke("--format", "full", str(files["bad"])).stdout
    quiet = invoke("--format", "full", "--quiet", str(files["bad"])).stdout
    assert "1 file, 0 resources: 1 error" in full and "1 file" not in quiet
    assert "| " in full and "| " not in quiet  # no source lines
    stats = invoke("--statistics", str(files["bad"]), str(files["good"]))
    assert stats.exit_code == 1
    lines = stats.stdout.splitlines()
    assert any(line.split()[:3] == ["1", "Y001", "tab-indentation"] for line in lines)
    assert lines[-1].startswith("2 files, ")
    as_json = json.loads(invoke("--statistics", "--format", "json", str(files["bad"])).stdout)
    assert {"code": "Y001", "name": "tab-indentation"}.items() <= next(r for r in as_json if r["code"] == "Y001").items()


# -- progress --------------------------------------------------------------------------------
def test_progress_only_on_a_terminal_outside_ci(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert run_mod.wants_progress(51, quiet=False, stream=FakeTTY())
    assert not run_mod.wants_progress(50, quiet=False, stream=FakeTTY())  # short runs: no bar
    assert not run_mod.wants_progress(500, quiet=False, stream=io.StringIO())  # a pipe or a log
    assert not run_mod.wants_progress(500, quiet=True, stream=FakeTTY())
    monkeypatch.setenv("CI", "true")
    assert not run_mod.wants_progress(500, quiet=False, stream=FakeTTY())
    monkeypatch.setenv("CI", "false")
    assert run_mod.wants_progress(500, quiet=False, stream=FakeTTY())


def test_progress_bar_draws_and_erases() -> None:
    stream = FakeTTY()
    bar = run_mod.Progress(3, stream, width=6)
    for _ in range(3):
        bar.advance()
    bar.close()
    text = stream.getvalue()
    assert "\rchecking [######] 3/3 files" in text
    assert text.endswith("\r\x1b[2K")


def test_no_progress_in_a_pipe(tmp_path) -> None:
    for i in range(60):
        (tmp_path / f"f{i:02}.yaml").write_text(GOOD)
    result = invoke(str(tmp_path))
    assert result.exit_code == 0 and result.stderr == "" and result.stdout == ""


# -- many paths, as pre-commit passes them ----------------------------------------------------
def test_hundreds_of_paths_in_one_call(tmp_path) -> None:
    paths = []
    for i in range(300):
        path = tmp_path / f"m{i:03}.yaml"
        path.write_text(BAD if i % 50 == 0 else GOOD)
        paths.append(str(path))
    result = invoke(*paths)
    assert result.exit_code == 1
    flagged = sorted({line.split(":", 1)[0] for line in result.stdout.splitlines()})
    assert flagged == [paths[i] for i in range(0, 300, 50)]
    summary = json.loads(invoke("--format", "json", *paths).stdout)["summary"]
    assert summary["files"] == 300 and summary["resources"] == 294  # a TAB-indented file has none


# -- the command's fast exit -------------------------------------------------------------------
def _big_tree(tmp_path: Path) -> Path:
    """Enough files and findings for a report far bigger than a pipe's buffer (64 KiB)."""
    tmp_path.mkdir()
    for i in range(120):
        (tmp_path / f"m{i:03}.yaml").write_text("---\n".join([BAD] * 5))
    return tmp_path


@pytest.mark.parametrize("fmt", ["json", "concise"])
@pytest.mark.parametrize("launcher", ["python -m yamlkit", "console script"])
def test_the_command_exits_with_its_code_after_writing_everything(tmp_path, fmt, launcher) -> None:
    tree = _big_tree(tmp_path / "tree")
    if launcher == "console script":  # what pip writes as bin/yamlkit
        script = tmp_path / "bin" / "yamlkit"
        script.parent.mkdir()
        script.write_text("import sys\nfrom yamlkit.cli import main\nsys.exit(main())\n")
        command = [sys.executable, str(script)]
    else:
        command = [sys.executable, "-m", "yamlkit"]
    expected = invoke("--format", fmt, "--jobs", "1", str(tree))
    for jobs in ("1", "2"):
        proc = subprocess.run([*command, "check", "--format", fmt, "--jobs", jobs, str(tree)], capture_output=True,
                              text=True, cwd=str(ROOT), timeout=120)
        assert proc.returncode == expected.exit_code == 1, proc.stderr
        assert len(proc.stdout) > 65536
        assert proc.stdout == expected.stdout


def test_a_program_that_calls_main_goes_on_after_it(files) -> None:
    program = ("import sys\nfrom yamlkit.cli import main\nsys.argv = ['yamlkit', 'check', sys.argv[1]]\n"
               "try:\n    main()\nexcept SystemExit as exit:\n    print('after main:', exit.code)\n")
    proc = subprocess.run([sys.executable, "-c", program, str(files["bad"])], capture_output=True, text=True,
                          cwd=str(ROOT), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.endswith("after main: 1\n")


def test_the_test_runner_is_not_the_command() -> None:
    from yamlkit.cli import _is_the_command

    assert not _is_the_command()
