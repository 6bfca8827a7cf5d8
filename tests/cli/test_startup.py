"""The start-up paths that skip typer: ``--version`` and a plain ``check PATH...``.

They must behave exactly as typer's command does (tests/test_benchmark_smoke.py compares the
output); here: the plain path's defaults are the typer declaration's, and the modules these
paths import stay light.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

from yamlkit.cli import app  # noqa: F401  (registers the typer commands)
from yamlkit.cli.check import check_command
from yamlkit.cli.checking import OPTION_ENVVARS, check_paths, is_plain_check

ROOT = Path(__file__).resolve().parents[2]


def _typer_options() -> dict[str, object]:
    return {name: param.default for name, param in inspect.signature(check_command).parameters.items()
            if name != "paths"}


def test_plain_defaults_are_the_typer_declarations_defaults() -> None:
    plain = {name: param.default for name, param in inspect.signature(check_paths).parameters.items()
             if name != "paths"}
    declared = {name: info.default for name, info in _typer_options().items()}
    assert plain == declared


def test_the_envvars_the_plain_path_defers_on_are_every_envvar_of_the_declaration() -> None:
    declared = set()
    for info in _typer_options().values():
        envvar = getattr(info, "envvar", None)
        declared.update([envvar] if isinstance(envvar, str) else envvar or ())
    assert declared == set(OPTION_ENVVARS)


@pytest.mark.parametrize(("argv", "plain"), [
    (["check", "a.yaml"], True),
    (["check", "a.yaml", "dir"], True),
    (["check"], False),  # typer prints the usage error
    (["check", "-"], False),  # standard input
    (["check", "--format", "json", "a.yaml"], False),
    (["check", "a.yaml", "-q"], False),
    (["fix", "a.yaml"], False),
    (["rules"], False),
])
def test_which_command_lines_are_plain(argv: list[str], plain: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in OPTION_ENVVARS:
        monkeypatch.delenv(var, raising=False)
    assert is_plain_check(argv) is plain


def test_an_option_set_by_the_environment_goes_through_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YAMLKIT_FORMAT", "json")
    assert not is_plain_check(["check", "a.yaml"])


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has imported after running ``code``."""
    script = code + "\nimport json, sys\nsys.__stdout__.write(json.dumps(sorted(sys.modules)))\n"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          check=True)
    return set(json.loads(proc.stdout.splitlines()[-1]))


def test_version_imports_neither_typer_nor_typing_nor_dataclasses() -> None:
    modules = _modules_after("import sys; from yamlkit.cli import main; sys.argv = ['yamlkit', '--version']; main()")
    assert not {"typer", "click", "typing", "dataclasses", "inspect"} & modules


def test_a_plain_check_does_not_import_typer(tmp_path: Path) -> None:
    target = tmp_path / "cm.yaml"
    target.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n")
    modules = _modules_after(f"from yamlkit.cli.checking import check_paths; check_paths([{str(target)!r}])")
    assert "yamlkit.engine" in modules  # it did check
    assert not {"typer", "click"} & modules


def test_plain_yaml_without_kubernetes_objects_imports_no_schema_validator(tmp_path: Path) -> None:
    target = tmp_path / "settings.yaml"
    target.write_text("name: demo\nreplicas: 2\n")
    modules = _modules_after(f"from yamlkit.cli.checking import check_paths; check_paths([{str(target)!r}])")
    assert "yamlkit.engine" in modules
    assert not {"jsonschema_rs", "jsonschema"} & modules
