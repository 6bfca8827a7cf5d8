"""The start-up paths that skip typer: ``--version`` and ``check [OPTION|PATH]...``.

They must behave exactly as typer's command does (tests/test_benchmark_smoke.py compares the
output); here: the typer-free path's defaults and options are the typer declaration's, it parses
command lines as typer does (or leaves them to typer), and the modules these paths import stay
light.
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
from yamlkit.cli.checking import OPTION_ENVVARS, OPTIONS, check_paths, parse_check

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


def test_the_option_table_is_the_typer_declaration() -> None:
    declared: dict[str, tuple[str, object]] = {}
    for name, param in inspect.signature(check_command).parameters.items():
        if name == "paths":
            continue
        annotation = str(param.annotation)
        for decl in param.default.param_decls:
            if "/" in decl:
                on, off = decl.split("/")
                declared[on], declared[off] = (name, True), (name, False)
            elif annotation == "bool":
                declared[decl] = (name, True)
            else:
                kind = "multi" if "List" in annotation else "int" if "int" in annotation else "value"
                declared[decl] = (name, kind)
    assert OPTIONS == declared


AS_TYPER_PARSES = [
    ["check", "a.yaml"],
    ["check", "a.yaml", "dir"],
    ["check", "--format", "json", "a.yaml"],
    ["check", "a.yaml", "-f", "sarif"],
    ["check", "--format=json", "b", "c"],
    ["check", "--select", "A1,K", "--select=Y", "--ignore", "K101", "--extend-select", "K304", "x"],
    ["check", "--no-strict", "--strict", "x"],
    ["check", "--no-strict", "x"],
    ["check", "-q", "--statistics", "--exit-zero", "--yaml-1.2", "--debug", "x"],
    ["check", "-j", "3", "x"],
    ["check", "--jobs=0", "x"],
    ["check", "--crd", "crds/", "--crd", "more/", "--schema-location", "s/{{.ResourceKind}}.json", "x"],
    ["check", "--severity-threshold", "warning", "x"],
    ["check", "--fail-level", "info", "x", "--format", "json", "--format", "concise"],
    ["check", "-k", "1.29", "--color", "never", "--kubernetes-version=1.30", "x"],
    ["check", "--config", "c.yaml", "--ignore-missing-schemas", "--require-schemas", "--report-unused-suppressions", "x"],
]


def _typer_arguments(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """What typer hands check_paths for ``argv`` (lists as lists, absent lists as None)."""
    from typer.testing import CliRunner

    import yamlkit.cli.check as check_module

    seen: dict[str, object] = {}

    def record(paths: list[str], **options: object) -> int:
        seen.update(options, paths=list(paths))
        return 0

    monkeypatch.setattr(check_module, "check_paths", record)
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output
    return {k: (list(v) or None) if isinstance(v, (list, tuple)) and k != "paths" else v for k, v in seen.items()}


@pytest.mark.parametrize("argv", AS_TYPER_PARSES, ids=" ".join)
def test_the_typer_free_path_parses_as_typer_does(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for var in OPTION_ENVVARS:
        monkeypatch.delenv(var, raising=False)
    parsed = parse_check(argv)
    assert parsed is not None
    paths, options = parsed
    defaults = {name: param.default for name, param in inspect.signature(check_paths).parameters.items()
                if name != "paths"}
    assert {**defaults, **options, "paths": paths} == _typer_arguments(argv, monkeypatch)


@pytest.mark.parametrize("argv", [
    ["check"],  # typer prints the usage error
    ["check", "-"],  # standard input
    ["check", "--help"],
    ["check", "-h"],
    ["check", "--format"],  # a value is missing
    ["check", "--format", "-q", "x"],  # is "-q" a value? typer decides
    ["check", "-fjson", "x"],
    ["check", "-f=json", "x"],
    ["check", "--quiet=1", "x"],
    ["check", "--jobs", "two", "x"],  # typer's message for a non-number
    ["check", "--jobs", "-1", "x"],
    ["check", "--", "x"],
    ["check", "--formt", "json", "x"],  # unknown option: typer suggests the right one
    ["check", "--format", "json"],  # no path
    ["fix", "a.yaml"],
    ["rules"],
], ids=" ".join)
def test_command_lines_the_typer_free_path_leaves_to_typer(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for var in OPTION_ENVVARS:
        monkeypatch.delenv(var, raising=False)
    assert parse_check(argv) is None


def test_an_option_set_by_the_environment_goes_through_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YAMLKIT_FORMAT", "json")
    assert parse_check(["check", "a.yaml"]) is None


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


def test_a_check_of_a_plain_manifest_does_not_import_pyyaml(tmp_path: Path) -> None:
    from yamlkit import parse

    if parse._LightComposer is None:
        pytest.skip("without yamlkit's C composer, PyYAML composes every file")
    target = tmp_path / "deploy.yaml"
    target.write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n"
        "  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n"
        "    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n"
    )
    modules = _modules_after(f"from yamlkit.cli.checking import check_paths; check_paths([{str(target)!r}])")
    assert "yamlkit.rules.style.values" in modules  # every rule ran
    # PyYAML costs ~15 ms of start-up; what needs a token scan (comments, flow collections,
    # quoted keys...: see rules/style/_layout.py) or a syntax error brings it in
    assert "yaml" not in modules


def test_a_syntax_error_is_reported_through_pyyaml(tmp_path: Path) -> None:
    target = tmp_path / "broken.yaml"
    target.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [settings\n")
    modules = _modules_after(f"from yamlkit.cli.checking import check_paths; check_paths([{str(target)!r}])")
    assert "yaml" in modules
