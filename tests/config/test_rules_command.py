"""`yamlkit rules` and `yamlkit rule CODE|NAME`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from yamlkit.cli import app
from yamlkit.rules import load_rules

runner = CliRunner()
RULES = load_rules()


def test_rules_table_lists_every_rule() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "CATEGORY", "SEVERITY", "DEFAULT", "FIXABLE", "OPTIONS"]
    listed = [line.split()[0] for line in lines[2:]]
    assert listed == list(RULES)
    t001 = next(line for line in lines if line.startswith("T001"))
    assert t001.split() == ["T001", "boolean-in-string-field", "traps", "error", "on", "always", "-"]
    y090 = next(line for line in lines if line.startswith("Y090"))
    assert y090.split()[3:6] == ["warning", "off", "sometimes"]


def test_rules_json_has_every_field() -> None:
    result = runner.invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [r["code"] for r in data] == list(RULES)
    for row in data:
        assert set(row) >= {"code", "name", "category", "severity", "default_enabled", "fixable", "options", "summary"}
    with_options = [r for r in data if RULES[r["code"]].options is not None]
    for row in with_options:
        assert row["options"], row["code"]


def test_rules_markdown_and_select() -> None:
    result = runner.invoke(app, ["rules", "--format", "md", "--select", "T"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| Code | Name |") and lines[1].startswith("|---")
    assert [line.split("|")[1].strip() for line in lines[2:]] == [c for c in RULES if c.startswith("T")]


def test_rules_unknown_format() -> None:
    result = runner.invoke(app, ["rules", "--format", "xml"])
    assert result.exit_code == 2 and "unknown format" in result.output


def test_rule_by_code_and_by_name() -> None:
    by_code = runner.invoke(app, ["rule", "T002"])
    by_name = runner.invoke(app, ["rule", "number-in-string-field"])
    lower = runner.invoke(app, ["rule", "t002"])
    assert by_code.exit_code == 0 and by_code.stdout == by_name.stdout == lower.stdout
    text = by_code.stdout
    assert text.startswith("# T002 number-in-string-field\n")
    for part in ("- default severity: error", "- on by default: yes", "- fixable: always", "## What it does",
                 "## Why is this bad?", "## Example", "Use instead:"):
        assert part in text


def test_rule_shows_options_with_defaults() -> None:
    with_options = [m for m in RULES.values() if m.options is not None]
    if not with_options:
        return
    meta = with_options[0]
    text = runner.invoke(app, ["rule", meta.code]).stdout
    assert "- options:" in text
    first = meta.option_fields()[0].name.replace("_", "-")
    assert f"`{first}`" in text


def test_rule_json() -> None:
    data = json.loads(runner.invoke(app, ["rule", "Y090", "--format", "json"]).stdout)
    assert data["code"] == "Y090" and data["default_enabled"] is False and "## What it does" in data["doc"]


def test_unknown_rule_is_a_usage_error_with_suggestions() -> None:
    result = runner.invoke(app, ["rule", "boolean-in-string"])
    assert result.exit_code == 2
    assert "yamlkit: error: unknown rule 'boolean-in-string'" in result.output
    assert "did you mean: boolean-in-string-field" in result.output
    result = runner.invoke(app, ["rule", "T00"])
    assert result.exit_code == 2 and "T001" in result.output
    result = runner.invoke(app, ["rule", "qqqqqqq"])
    assert result.exit_code == 2 and "yamlkit rules" in result.output
