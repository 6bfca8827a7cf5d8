"""``yamlkit fix`` on the command line: in place, --diff, --check, stdin, exit codes."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from yamlkit.cli import app

from .helpers import GOLDEN, read

TABS = read(GOLDEN / "tabs-tutorial-pod.before.yaml")
TABS_FIXED = read(GOLDEN / "tabs-tutorial-pod.after.yaml")
MISALIGNED = read(GOLDEN / "misaligned-tutorial-deployment.before.yaml")
CLEAN = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\n"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(app, ["fix", *args], input=input)


def test_fix_in_place_then_check_passes(tmp_path: Path) -> None:
    pod, deploy = tmp_path / "pod.yaml", tmp_path / "deploy.yaml"
    pod.write_text(TABS)
    deploy.write_text(MISALIGNED)
    result = run(str(pod), str(deploy))
    assert "fixed 4 problems in" in result.output and "fixed 1 problem in" in result.output
    assert result.exit_code == 0, result.output
    assert pod.read_text() == TABS_FIXED
    check = CliRunner().invoke(app, ["check", str(pod), str(deploy)])
    assert check.exit_code == 0, check.output
    assert run(str(pod), str(deploy)).output.count("fixed 0 problems in 0 files") == 1


def test_unchanged_files_are_not_written(tmp_path: Path) -> None:
    clean = tmp_path / "clean.yaml"
    clean.write_text(CLEAN)
    os.utime(clean, (1_000_000, 1_000_000))
    result = run(str(clean))
    assert result.exit_code == 0
    assert os.stat(clean).st_mtime == 1_000_000


def test_diff_prints_and_changes_nothing(tmp_path: Path) -> None:
    pod = tmp_path / "pod.yaml"
    pod.write_text(TABS)
    os.utime(pod, (1_000_000, 1_000_000))
    result = run("--diff", str(pod))
    assert result.exit_code == 0
    assert "-\tname: nginx-pod\n+  name: nginx-pod" in result.output
    assert pod.read_text() == TABS and os.stat(pod).st_mtime == 1_000_000


def test_check_exits_1_when_something_would_change(tmp_path: Path) -> None:
    pod, clean = tmp_path / "pod.yaml", tmp_path / "clean.yaml"
    pod.write_text(TABS)
    clean.write_text(CLEAN)
    assert run("--check", str(pod)).exit_code == 1
    assert pod.read_text() == TABS
    assert run("--check", str(clean)).exit_code == 0


def test_stdin_to_stdout() -> None:
    result = run("-", input=TABS)
    assert result.exit_code == 0
    assert result.stdout.startswith(TABS_FIXED)


def test_errors_that_remain_exit_1_and_the_file_is_untouched(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [1, 2\nb: 3   \n")
    result = run(str(broken))
    assert result.exit_code == 1
    assert broken.read_text() == "a: [1, 2\nb: 3   \n"
    assert "not fixed" in result.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run(str(tmp_path / "missing.yaml")).exit_code == 2
    assert run("--diff", "--check", str(tmp_path)).exit_code == 2


def test_ignore_and_unsafe_fixes_options(tmp_path: Path) -> None:
    pod = tmp_path / "pod.yaml"
    pod.write_text(TABS)
    result = run("--ignore", "Y001", str(pod))
    assert pod.read_text() == TABS and result.exit_code == 1
    block = tmp_path / "block.yaml"
    block.write_text("a: |\n  kept   \n")
    run("--unsafe-fixes", "--select", "Y102", str(block))
    assert block.read_text() == "a: |\n  kept   \n"  # the unsafe fix would change the value


def test_directories_are_walked(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pod.yaml").write_text(TABS)
    (tmp_path / "notes.txt").write_text("\tnot yaml")
    result = run(str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sub" / "pod.yaml").read_text() == TABS_FIXED
    assert (tmp_path / "notes.txt").read_text() == "\tnot yaml"


def test_show_fixes_lists_each_fix_and_trap_values(tmp_path: Path) -> None:
    cm = tmp_path / "cm.yaml"
    cm.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: yes\n")
    result = run("--show-fixes", "--select", "T", str(cm))
    assert result.exit_code == 0, result.output
    assert "T001" in result.output and "(True -> 'yes')" in result.output
    assert cm.read_text().endswith('  a: "yes"\n')
