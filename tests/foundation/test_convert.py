"""YAML -> JSON as Kubernetes converts it, and back."""

import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

import yamlkit
from yamlkit.cli import app
from yamlkit.convert import ConversionError

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = Path(__file__).resolve().parent / "expected_json"
runner = CliRunner()


@pytest.mark.parametrize("name", sorted(p.stem for p in EXPECTED.glob("*.json")))
def test_tutorial_samples_convert_to_the_json_a_reader_would_write(name):
    result = runner.invoke(app, ["to-json", str(ROOT / "samples" / "tutorial" / f"{name}.yaml")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads((EXPECTED / f"{name}.json").read_text())


def test_yaml11_booleans_by_default_and_strings_with_yaml12():
    text = "value: yes\nother: on\nlast: n\n"
    assert json.loads(yamlkit.to_json(text)) == {"value": True, "other": True, "last": False}
    assert json.loads(yamlkit.to_json(text, yaml12=True)) == {"value": "yes", "other": "on", "last": "n"}
    cli = runner.invoke(app, ["to-json", "--yaml-1.2", "-"], input="value: yes\n")
    assert json.loads(cli.stdout) == {"value": "yes"}


@pytest.mark.parametrize(
    "plain, value",
    [
        ("1.10", 1.1), ("0777", 511), ("0x1F", 31), ("1_000", 1000), ("3.0", 3), ("1e3", 1000),
        ("~", None), ("null", None), ("Off", False), ("Y", True), ("2024-01-02", "2024-01-02"),
        ("8080:80", "8080:80"), ("08", 8), ("-12", -12), (".5", 0.5), ("+1", 1), ("abc", "abc"),
    ],
)
def test_plain_scalars_resolve_like_kubernetes(plain, value):
    assert yamlkit.load(f"v: {plain}\n") == [{"v": value}]


def test_quoted_and_tagged_scalars():
    assert yamlkit.load("a: '1'\nb: \"yes\"\nc: !!str 3\nd: !!int '7'\n") == [
        {"a": "1", "b": "yes", "c": "3", "d": 7}
    ]


def test_anchors_aliases_and_merge_keys_are_resolved_and_order_kept():
    text = "base: &b {x: 1, w: 2}\nz: 0\nderived:\n  <<: *b\n  w: 3\nlist: [*b]\n"
    data = yamlkit.load(text)[0]
    assert data["derived"] == {"x": 1, "w": 3}
    assert data["list"] == [{"x": 1, "w": 2}]
    assert list(data) == ["base", "z", "derived", "list"]


def test_non_string_keys_become_strings():
    assert yamlkit.load("80: http\ntrue: t\n1.5: f\n") == [{"80": "http", "true": "t", "1.5": "f"}]


def test_keys_follow_the_same_yaml11_rules_as_values():
    # go-yaml v2 resolves plain keys too: `y:` and `on:` become the boolean true, so "true".
    assert yamlkit.load("y: 1" + chr(10)) == [{"true": 1}]
    text = "y: 1" + chr(10) + "on: 2" + chr(10)
    with pytest.raises(ConversionError) as info:
        yamlkit.load(text)
    assert "`y` and `on` are the same key" in str(info.value.findings[0].message)
    assert yamlkit.load(text, yaml12=True) == [{"y": 1, "on": 2}]


def test_multiple_documents_give_an_array_and_empty_ones_are_skipped():
    out = json.loads(yamlkit.to_json("a: 1\n---\n---\nb: 2\n"))
    assert out == [{"a": 1}, {"b": 2}]
    cli = runner.invoke(app, ["to-json", "--ndjson", "-"], input="a: 1\n---\nb: 2\n")
    assert cli.stdout == '{"a":1}\n{"b":2}\n'


def test_indent_option():
    cli = runner.invoke(app, ["to-json", "--indent", "4", "-"], input="a: [1]\n")
    assert cli.stdout == '{\n    "a": [\n        1\n    ]\n}\n'


def test_inf_and_nan_are_a_clear_error():
    with pytest.raises(ConversionError) as info:
        yamlkit.to_json("a:\n  b: .inf\n")
    assert "a.b" in str(info.value) and "JSON cannot represent" in str(info.value)
    cli = runner.invoke(app, ["to-json", "-"], input="x: .nan\n")
    assert cli.exit_code == 1 and "JSON cannot represent" in cli.output


def test_broken_yaml_is_reported_with_position_not_a_traceback():
    cli = runner.invoke(app, ["to-json", "-"], input="a:\n\tb: 1\n")
    assert cli.exit_code == 1
    assert "<stdin>:2:1: Y001" in cli.output
    assert "Traceback" not in cli.output


def test_to_yaml_round_trips_to_equal_data():
    original = "value: yes\nversion: '1.10'\nport: 80\nname: 'on'\nitems: [a, 'no', null]\n"
    as_json = yamlkit.to_json(original)
    back = yamlkit.to_yaml(as_json)
    assert yamlkit.load(back) == [json.loads(as_json)]
    assert '"1.10"' in back and '"no"' in back and '"on"' in back  # kept strings


def test_to_yaml_cli_multi_document():
    cli = runner.invoke(app, ["to-yaml", "-"], input='[{"a": 1}, {"b": "yes"}]')
    assert cli.exit_code == 0
    assert yamlkit.load(cli.stdout) == [{"a": 1}, {"b": "yes"}]
    bad = runner.invoke(app, ["to-yaml", "-"], input="{nope")
    assert bad.exit_code == 1 and "invalid JSON" in bad.output


def test_load_rejects_nothing_silently():
    assert math.isnan(yamlkit.load("a: .nan\n")[0]["a"])
