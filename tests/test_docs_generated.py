"""docs/rules.md is generated from the registry; it must match what `yamlkit rules` prints."""

from pathlib import Path

from typer.testing import CliRunner

from yamlkit.cli import app

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_rules_reference_is_current():
    table = CliRunner().invoke(app, ["rules", "--format", "md"]).stdout
    text = DOC.read_text()
    assert text.endswith(table), "docs/rules.md is stale: run `yamlkit rules --format md` and paste the table"
