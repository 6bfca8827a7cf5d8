"""Configuration: discovery, presets, selection, per-rule options, per-file ignores, errors, CLI precedence."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import yamlkit
from yamlkit import config as cfg
from yamlkit.cli import app
from yamlkit.config import ConfigError, resolve_settings
from yamlkit.findings import Severity
from yamlkit.rules import load_rules
from yamlkit.rules.base import Fixability, RuleMeta, Scope

ROOT = Path(__file__).resolve().parents[2]
RULES = load_rules()
BAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  A: yes\n  B: 1.10\n  C: null\n"
runner = CliRunner()


def codes_in(settings, text: str = BAD) -> list[str]:
    return [f.code for f in yamlkit.check(text, settings).findings if f.code.startswith("T")]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "deploy" / "app" / "cm.yaml", BAD)
    return tmp_path


# -- discovery --------------------------------------------------------------------------------------
def test_no_config_file_means_defaults(project: Path) -> None:
    settings = resolve_settings({}, start_dir=str(project / "deploy" / "app" / "cm.yaml"))
    assert settings.config_file is None
    assert codes_in(settings) == ["T001", "T002", "T003"]


@pytest.mark.parametrize("name", [".yamlkit.yaml", ".yamlkit.yml"])
def test_discovery_walks_up_from_the_checked_file(project: Path, name: str) -> None:
    write(project / name, "ignore: [T001]\n")
    settings = resolve_settings({}, start_dir=str(project / "deploy" / "app" / "cm.yaml"))
    assert Path(settings.config_file).resolve() == (project / name).resolve()
    assert codes_in(settings) == ["T002", "T003"]


def test_the_nearest_config_wins(project: Path) -> None:
    write(project / ".yamlkit.yaml", "ignore: [T001]\n")
    write(project / "deploy" / ".yamlkit.yaml", "ignore: [T002]\n")
    settings = resolve_settings({}, start_dir=str(project / "deploy" / "app"))
    assert codes_in(settings) == ["T001", "T003"]


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib is Python 3.11+")
def test_pyproject_tool_yamlkit(project: Path) -> None:
    write(project / "pyproject.toml", '[project]\nname = "x"\n\n[tool.yamlkit]\nignore = ["T002"]\n'
          '[tool.yamlkit.rules.T003]\nseverity = "error"\n')
    settings = resolve_settings({}, start_dir=str(project / "deploy"))
    assert settings.config_file.endswith("pyproject.toml")
    found = [f for f in yamlkit.check(BAD, settings).findings if f.code.startswith("T")]
    assert [(f.code, f.severity) for f in found] == [("T001", Severity.ERROR), ("T003", Severity.ERROR)]


def test_pyproject_without_tool_yamlkit_is_passed_over(project: Path) -> None:
    write(project / ".yamlkit.yaml", "ignore: [T001]\n")
    write(project / "deploy" / "pyproject.toml", '[project]\nname = "x"\n')
    settings = resolve_settings({}, start_dir=str(project / "deploy" / "app"))
    assert Path(settings.config_file).name == ".yamlkit.yaml"


def test_find_config_gives_the_file_discovery_uses_as_a_path(project: Path) -> None:
    write(project / ".yamlkit.yaml", "ignore: [T001]\n")
    write(project / "deploy" / "pyproject.toml", '[project]\nname = "x"\n')
    found = cfg.find_config(project / "deploy" / "app" / "cm.yaml")
    assert isinstance(found, Path) and found == (project / ".yamlkit.yaml").resolve()
    assert cfg.find_config(project / "deploy" / "no-such-file.yaml") == found
    settings = resolve_settings({}, start_dir=str(project / "deploy" / "app" / "cm.yaml"))
    assert settings.config_file == str(found)


def test_pyproject_on_python_without_toml_is_skipped_with_a_note(project: Path, monkeypatch) -> None:
    monkeypatch.setattr(cfg, "_load_toml", lambda text: None)
    write(project / "pyproject.toml", "[tool.yamlkit]\nignore = ['T002']\n")
    settings = resolve_settings({}, start_dir=str(project / "deploy"))
    assert settings.config_file is None
    assert settings.notes and "[tool.yamlkit] skipped" in settings.notes[0]


def test_explicit_config_file_skips_discovery(project: Path) -> None:
    write(project / ".yamlkit.yaml", "ignore: [T001]\n")
    other = write(project / "ci" / "strict.yaml", "ignore: [T003]\n")
    settings = resolve_settings({}, config_file=str(other), start_dir=str(project / "deploy"))
    assert codes_in(settings) == ["T001", "T002"]


def test_missing_explicit_config_file() -> None:
    with pytest.raises(ConfigError, match="no-such.yaml: no such configuration file"):
        resolve_settings({}, config_file="no-such.yaml")


# -- presets ----------------------------------------------------------------------------------------
def test_presets_exist_and_only_use_known_keys() -> None:
    for name in cfg.PRESETS:
        data = cfg.load_config_file(cfg.preset_path(name))
        assert set(data) <= set(cfg.KEYS), name


def test_default_preset_is_each_rules_default() -> None:
    settings = cfg.preset_settings("default")
    assert all(settings.is_enabled(m) == m.default_enabled for m in RULES.values())


def test_strict_preset_enables_everything() -> None:
    settings = cfg.preset_settings("strict")
    assert all(settings.is_enabled(m) for m in RULES.values())
    assert settings.report_unused_suppressions


def test_relaxed_preset_is_errors_only_and_no_style() -> None:
    settings = cfg.preset_settings("relaxed")
    enabled = [m for m in RULES.values() if settings.is_enabled(m)]
    assert enabled and all(m.severity is Severity.ERROR for m in enabled)
    assert not any(m.code.startswith(("Y1", "Y2")) for m in enabled)
    assert codes_in(settings) == ["T001", "T002"]


def test_extends_preset_then_own_keys(project: Path) -> None:
    write(project / ".yamlkit.yaml", "extends: relaxed\nextend-select: [null-in-string-field]\nignore: [T002]\n")
    settings = resolve_settings({}, start_dir=str(project))
    assert codes_in(settings) == ["T001", "T003"]


def test_extends_another_file_with_relative_paths(project: Path) -> None:
    write(project / "base" / "common.yaml", "ignore: [T001]\nper-file-ignores:\n  'deploy/**': [T003]\n")
    write(project / ".yamlkit.yaml", "extends: base/common.yaml\n")
    settings = resolve_settings({}, start_dir=str(project))
    assert settings.is_enabled(RULES["T003"], "elsewhere/x.yaml")
    assert codes_in(settings) == ["T002", "T003"]


# -- selection --------------------------------------------------------------------------------------
def test_select_extend_select_ignore_and_specificity() -> None:
    t001, t002, y090 = RULES["T001"], RULES["T002"], RULES["Y090"]
    s = resolve_settings({"ignore": ["T"], "extend_select": ["T001"]})
    assert s.is_enabled(t001) and not s.is_enabled(t002)
    s = resolve_settings({"select": ["T0"], "ignore": ["T002"]})
    assert s.is_enabled(t001) and not s.is_enabled(t002) and not s.is_enabled(RULES["Y005"])
    s = resolve_settings({"extend_select": ["unused-suppression"]})
    assert s.is_enabled(y090) and s.is_enabled(t001)
    s = resolve_settings({"select": ["ALL"], "ignore": ["boolean-in-string-field"]})
    assert not s.is_enabled(t001) and s.is_enabled(y090)


def test_rules_table_severity_enabled_and_shorthands(project: Path) -> None:
    write(project / ".yamlkit.yaml", "rules:\n  T001: {severity: warning}\n  number-in-string-field:\n"
          "    enabled: false\n  T003: off\n  Y090: true\n")
    settings = resolve_settings({}, start_dir=str(project))
    found = [f for f in yamlkit.check(BAD, settings).findings if f.code.startswith("T")]
    assert [(f.code, f.severity) for f in found] == [("T001", Severity.WARNING)]
    assert settings.is_enabled(RULES["Y090"])


def test_per_file_ignores_are_relative_to_the_config_file(project: Path) -> None:
    write(project / ".yamlkit.yaml", "per-file-ignores:\n  'deploy/app/*.yaml': [T001, T002]\n  '*.yml': T003\n")
    settings = resolve_settings({}, start_dir=str(project))
    report = yamlkit.check([str(project / "deploy" / "app" / "cm.yaml")], settings)
    assert [f.code for f in report.findings if f.code.startswith("T")] == ["T003"]
    other = write(project / "other" / "cm.yml", BAD)
    report = yamlkit.check([str(other)], settings)
    assert [f.code for f in report.findings if f.code.startswith("T")] == ["T001", "T002"]


def test_exclude_globs(project: Path) -> None:
    write(project / "deploy" / "generated" / "x.yaml", BAD)
    write(project / ".yamlkit.yaml", "exclude: ['deploy/generated/', '*.tmp.yaml']\n")
    write(project / "deploy" / "a.tmp.yaml", BAD)
    settings = resolve_settings({}, start_dir=str(project))
    report = yamlkit.check([str(project / "deploy")], settings)
    assert report.files == [str(project / "deploy" / "app" / "cm.yaml")]


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitignore_is_honoured_in_a_git_repository(project: Path) -> None:
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    write(project / ".gitignore", "rendered/\n")
    write(project / "deploy" / "rendered" / "out.yaml", BAD)
    settings = resolve_settings({}, start_dir=str(project))
    assert yamlkit.check([str(project / "deploy")], settings).files == [str(project / "deploy" / "app" / "cm.yaml")]
    # a file named explicitly is still checked
    explicit = str(project / "deploy" / "rendered" / "out.yaml")
    assert yamlkit.check([explicit], settings).files == [explicit]
    write(project / ".yamlkit.yaml", "respect-gitignore: false\n")
    settings = resolve_settings({}, start_dir=str(project))
    assert len(yamlkit.check([str(project / "deploy")], settings).files) == 2


def test_scalar_settings_and_limits(project: Path) -> None:
    write(project / ".yamlkit.yaml", (
        'kubernetes-version: "1.30"\nstrict: false\nyaml-1.2: true\nfail-level: warning\n'
        "max-file-size: 1MiB\nmax-documents: 2\nmax-depth: 50\nmax-aliases: 7\nreport-unused-suppressions: true\n"
    ))
    s = resolve_settings({}, start_dir=str(project))
    assert (s.kubernetes_version, s.strict, s.yaml12, s.fail_level) == ("1.30", False, True, Severity.WARNING)
    assert (s.limits.max_file_size, s.limits.max_documents, s.limits.max_depth, s.limits.max_aliases) == (
        1024 * 1024, 2, 50, 7)
    assert s.report_unused_suppressions
    three = "a: 1\n---\nb: 2\n---\nc: 3\n"
    assert [f.code for f in yamlkit.check(three, s).findings if f.code.startswith("Y0")] == ["Y009"]


def test_rule_options_are_validated_and_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    @dataclasses.dataclass
    class Options:
        max: int = 80
        allow: list[str] = dataclasses.field(default_factory=list)
        ratio: float = 0.5
        mode: str = "a"

    meta = RuleMeta(code="Z999", name="line-length", severity=Severity.WARNING, scope=Scope.TEXT,
                    docstring="d", check=None, fixable=Fixability.NEVER, options=Options)
    import yamlkit.rules.base as base

    monkeypatch.setattr(base, "lookup", lambda key: meta if key in ("Z999", "line-length") else None)
    settings = cfg.Settings()
    cfg.apply_config(settings, {"rules": {"line-length": {"max": 120, "allow": ["http"], "ratio": 1}}},
                     ".yamlkit.yaml", None)
    assert settings.options_for(meta) == Options(max=120, allow=["http"], ratio=1.0)
    errors = {
        "max: eighty": 'rules.line-length.max: expected an integer, got "eighty"',
        "max: true": "rules.line-length.max: expected an integer, got true",
        "allow: http": 'rules.line-length.allow: expected a list of strings, got "http"',
        "allow: [1]": "rules.line-length.allow[0]: expected a string, got 1",
        "maxx: 3": "rules.line-length.maxx: unknown option (did you mean max?)",
        "severity: loud": 'rules.line-length.severity: expected one of error, warning, info, got "loud"',
        "enabled: maybe": 'rules.line-length.enabled: expected true or false, got "maybe"',
    }
    for body, message in errors.items():
        key, _, value = body.partition(": ")
        data = cfg._read_yaml_text(f"rules:\n  line-length:\n    {key}: {value}\n")
        with pytest.raises(ConfigError) as exc:
            cfg.apply_config(cfg.Settings(), data, ".yamlkit.yaml", None)
        assert str(exc.value) == f".yamlkit.yaml: {message}"


# -- error messages name the file and the key -------------------------------------------------------
@pytest.mark.parametrize("text,message", [
    ("selct: [T001]\n", "selct: unknown setting (did you mean select?)"),
    ("select: [T999]\n", 'select[0]: unknown rule "T999"'),
    ("ignore: [boolean-in-strng-field]\n", 'ignore[0]: unknown rule "boolean-in-strng-field" (did you mean boolean-in-string-field'),
    ("select: T001\nrules: []\n", "rules: expected a mapping of rule code or name to settings, got a list"),
    ("rules:\n  T00l: {severity: error}\n", 'rules.T00l: unknown rule "T00l"'),
    ("rules:\n  T001: {colour: red}\n", "rules.T001.colour: unknown option (T001 boolean-in-string-field has options: severity, enabled)"),
    ("kubernetes-version: 1.30\n", 'kubernetes-version: expected a version string such as "1.30", got the number 1.3'),
    ("kubernetes-version: latest\n", 'kubernetes-version: expected a version such as "1.30", got "latest"'),
    ('kubernetes-version: "1.2"\n', "kubernetes-version: unsupported Kubernetes version '1.2'"),
    ("strict: yes please\n", 'strict: expected true or false, got "yes please"'),
    ("fail-level: fatal\n", 'fail-level: expected one of error, warning, info, got "fatal"'),
    ("max-depth: 0\n", "max-depth: expected a positive integer, got 0"),
    ("max-file-size: lots\n", 'max-file-size: expected a positive integer or a size such as "10MiB", got "lots"'),
    ("exclude: {a: 1}\n", "exclude: expected a list of strings, got a mapping"),
    ("per-file-ignores: [a]\n", "per-file-ignores: expected a mapping of glob to rule codes, got a list"),
    ("extends: lenient\n", 'extends: unknown preset or missing file "lenient" (presets: default, strict, relaxed)'),
    ("- a\n- b\n", "expected a mapping of settings, got a list"),
    ("select: [T001\n", ".yamlkit.yaml:1:"),
])
def test_config_errors_name_file_and_key(project: Path, text: str, message: str) -> None:
    write(project / ".yamlkit.yaml", text)
    with pytest.raises(ConfigError) as exc:
        resolve_settings({}, start_dir=str(project / "deploy"))
    assert str(exc.value).startswith(".yamlkit.yaml"), str(exc.value)
    assert message in str(exc.value)


def test_extends_cycle(project: Path) -> None:
    write(project / "a.yaml", "extends: b.yaml\n")
    write(project / "b.yaml", "extends: a.yaml\n")
    with pytest.raises(ConfigError, match="a cycle"):
        resolve_settings({}, config_file=str(project / "a.yaml"))


def test_error_in_a_config_found_above_names_its_path(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project / ".yamlkit.yaml", "rules:\n  T001: {severity: loud}\n")
    monkeypatch.chdir(project / "deploy")
    with pytest.raises(ConfigError) as exc:
        resolve_settings({}, start_dir=".")
    assert str(exc.value).startswith(str(project / ".yamlkit.yaml") + ": rules.T001.severity:")


# -- the command line ------------------------------------------------------------------------------
def test_cli_bad_config_exits_2_with_the_message(project: Path) -> None:
    write(project / ".yamlkit.yaml", "rules:\n  T001:\n    severity: loud\n")
    result = runner.invoke(app, ["check", "deploy"])
    assert result.exit_code == 2
    assert 'yamlkit: error: .yamlkit.yaml: rules.T001.severity: expected one of error, warning, info, got "loud"' in result.output


def test_cli_flags_win_over_the_config_file(project: Path) -> None:
    write(project / ".yamlkit.yaml", "select: [T001]\nfail-level: warning\nignore: [T002]\n")
    result = runner.invoke(app, ["check", "deploy", "--format", "json"])
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["T001"]
    result = runner.invoke(app, ["check", "deploy", "--format", "json", "--select", "T002,T003"])
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["T002", "T003"]
    assert result.exit_code == 1  # fail-level warning from the file: T003 is a warning
    result = runner.invoke(app, ["check", "deploy", "--select", "T003", "--fail-level", "error"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["check", "deploy", "--select", "T003", "--exit-zero"])
    assert result.exit_code == 0
    result = runner.invoke(app, ["check", "deploy", "--format", "json", "--extend-select", "T003", "--ignore", "T001"])
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["T003"]


def test_cli_config_option(project: Path) -> None:
    write(project / ".yamlkit.yaml", "ignore: [T]\n")
    write(project / "ci.yaml", "select: [T002]\n")
    result = runner.invoke(app, ["check", "deploy", "--format", "json", "--config", "ci.yaml"])
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["T002"]
    result = runner.invoke(app, ["check", "deploy", "--config", "missing.yaml"])
    assert result.exit_code == 2 and "missing.yaml: no such configuration file" in result.output


# -- the JSON Schema ------------------------------------------------------------------------------
def _schema() -> dict:
    return json.loads((ROOT / "schemas" / "yamlkit-config.schema.json").read_text())


def test_schema_lists_exactly_the_config_keys() -> None:
    assert sorted(_schema()["properties"]) == sorted(cfg.KEYS)


def test_presets_and_examples_validate_against_the_schema() -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema())
    for name in cfg.PRESETS:
        validator.validate(cfg.load_config_file(cfg.preset_path(name)))
    example = {
        "extends": "strict", "select": ["T", "K1"], "ignore": "T003", "rules": {"T001": {"severity": "warning"},
        "number-in-string-field": {"enabled": False}}, "per-file-ignores": {"tests/**": ["T"]},
        "exclude": ["vendor/"], "kubernetes-version": "1.30", "max-file-size": "10MiB", "fail-level": "warning",
    }
    validator.validate(example)
    cfg.apply_config(cfg.Settings(), example, "example", None)
    for bad in ({"selct": []}, {"kubernetes-version": 1.3}, {"max-depth": 0}, {"strict": "yes"}):
        assert not validator.is_valid(bad), bad


def test_configuration_doc_mentions_every_key() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text()
    missing = [k for k in cfg.KEYS if f"`{k}`" not in text]
    assert not missing


def test_cli_unknown_selector_is_a_usage_error(project: Path) -> None:
    # a typo must not silently select nothing and pass
    result = runner.invoke(app, ["check", "deploy", "--select", "T0O1"])
    assert result.exit_code == 2
    assert 'yamlkit: error: --select: unknown rule "T0O1" (did you mean T001?)' in result.output


def test_the_config_file_itself_is_not_checked_when_walking(project: Path) -> None:
    write(project / ".yamlkit.yaml", "ignore: [K]\n")
    settings = resolve_settings({}, start_dir=str(project))
    assert yamlkit.check([str(project)], settings).files == [str(project / "deploy" / "app" / "cm.yaml")]


def test_explicit_files_are_subject_to_exclude(project: Path) -> None:
    write(project / ".yamlkit.yaml", "exclude: ['deploy/app/']\n")
    settings = resolve_settings({}, start_dir=str(project))
    assert yamlkit.check([str(project / "deploy" / "app" / "cm.yaml")], settings).files == []


def test_key_order_in_the_file_does_not_matter(project: Path) -> None:
    write(project / ".yamlkit.yaml", "rules:\n  T003: {enabled: true}\nselect: [T001]\n")
    settings = resolve_settings({}, start_dir=str(project))
    assert codes_in(settings) == ["T001", "T003"]


def test_cli_select_is_not_filtered_by_the_relaxed_preset(project: Path) -> None:
    write(project / ".yamlkit.yaml", "extends: relaxed\n")
    result = runner.invoke(app, ["check", "deploy", "--format", "json"])
    assert [f["code"] for f in json.loads(result.stdout)["findings"] if f["code"][0] == "T"] == ["T001", "T002"]
    result = runner.invoke(app, ["check", "deploy", "--format", "json", "--select", "T"])
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["T001", "T002", "T003"]
