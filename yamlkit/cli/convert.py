"""``yamlkit to-json`` and ``yamlkit to-yaml``."""

from __future__ import annotations

import sys

import typer

from . import app
from .common import fail


def _read(path: str) -> "object":
    from ..discovery import read_source
    from ..engine import FileResult

    import os
    if path != "-" and not os.path.exists(path):
        fail(f"no such file: {path}")
    result = read_source(path)
    if isinstance(result, FileResult):
        f = result.findings[0]
        fail(f"{f.file}: {f.message}", f.hint)
    return result


@app.command("to-json")
def to_json_command(
    path: str = typer.Argument(..., help="YAML file, or '-' for standard input."),
    ndjson: bool = typer.Option(False, "--ndjson", help="One JSON document per line."),
    indent: int = typer.Option(2, "--indent", min=0, max=16, help="Indentation of the JSON output."),
    yaml12: bool = typer.Option(False, "--yaml-1.2", help="YAML 1.2 scalars (yes/on stay strings) instead of Kubernetes' rules."),
) -> None:
    """Convert YAML to the JSON Kubernetes would see (one document -> object, several -> array)."""
    from ..convert import ConversionError, to_json

    source = _read(path)
    try:
        text = to_json(source, yaml12=yaml12, indent=indent, ndjson=ndjson)
    except ConversionError as exc:
        for f in exc.findings:
            typer.echo(f"{f.file}:{f.line}:{f.column}: {f.code} {f.message}", err=True)
            if f.hint:
                typer.echo(f"  hint: {f.hint}", err=True)
        raise typer.Exit(1)
    sys.stdout.write(text)


@app.command("to-yaml")
def to_yaml_command(path: str = typer.Argument(..., help="JSON file, or '-' for standard input.")) -> None:
    """Convert JSON to block-style YAML (a JSON array of objects becomes a multi-document stream)."""
    import json

    from ..convert import to_yaml

    source = _read(path)
    try:
        sys.stdout.write(to_yaml(source.text))
    except json.JSONDecodeError as exc:
        typer.echo(f"{source.name}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}", err=True)
        raise typer.Exit(1)
