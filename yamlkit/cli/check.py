"""``yamlkit check PATH...``: every check, every finding with file:line:column.

This module declares the options for typer; :func:`yamlkit.cli.checking.check_paths` does the work.
"""

from __future__ import annotations

from typing import List, Optional

import typer

from . import app
from .checking import check_paths


@app.command("check")
def check_command(
    paths: List[str] = typer.Argument(..., help="Files or directories to check; '-' reads standard input."),
    output_format: str = typer.Option(
        None, "--format", "-f", envvar="YAMLKIT_FORMAT",
        help="Output format: full (default on a terminal), concise (default otherwise), json, json-lines, "
        "sarif, junit, github, gitlab; 'text' means the default.",
    ),
    config: Optional[str] = typer.Option(None, "--config", help="Use this configuration file (no discovery)."),
    kubernetes_version: Optional[str] = typer.Option(
        None, "--kubernetes-version", "-k", help="Target Kubernetes version, e.g. 1.30 (default: newest bundled)."
    ),
    strict: Optional[bool] = typer.Option(None, "--strict/--no-strict", help="Unknown fields are errors (default: strict)."),
    crd: Optional[List[str]] = typer.Option(None, "--crd", help="CRD manifest file or directory supplying schemas."),
    schema_location: Optional[List[str]] = typer.Option(
        None, "--schema-location", help="kubeconform-style local schema template, e.g. 'schemas/{{.ResourceKind}}.json'."
    ),
    ignore_missing_schemas: bool = typer.Option(False, "--ignore-missing-schemas", help="Report kinds without a schema as skipped (info)."),
    require_schemas: bool = typer.Option(False, "--require-schemas", help="A custom resource without a schema is an error."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Only these rules (codes, prefixes or names; comma-separated)."),
    extend_select: Optional[List[str]] = typer.Option(None, "--extend-select", help="Enable these rules on top of the defaults."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Disable these rules (codes, prefixes or names)."),
    fail_level: Optional[str] = typer.Option(
        None, "--fail-level", "--severity-threshold", help="Lowest severity that fails the run: error (default), warning, info."
    ),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when findings fail the run."),
    yaml12: bool = typer.Option(False, "--yaml-1.2", help="Resolve plain scalars with YAML 1.2 rules, not Kubernetes' YAML 1.1 rules."),
    statistics: bool = typer.Option(False, "--statistics", help="Print counts per rule instead of each finding."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the findings, no source excerpts or summary."),
    color: str = typer.Option("auto", "--color", help="Colour: auto, always, never (NO_COLOR is honoured)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Worker processes for large runs (default: number of cores)."),
    report_unused_suppressions: bool = typer.Option(False, "--report-unused-suppressions", help="Report suppression comments that silence nothing."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks of internal errors."),
) -> None:
    """Check Kubernetes YAML: syntax, schema, API-server rules, best practices and style."""
    raise typer.Exit(check_paths(
        paths, output_format=output_format, config=config, kubernetes_version=kubernetes_version, strict=strict,
        crd=crd, schema_location=schema_location, ignore_missing_schemas=ignore_missing_schemas,
        require_schemas=require_schemas, select=select, extend_select=extend_select, ignore=ignore,
        fail_level=fail_level, exit_zero=exit_zero, yaml12=yaml12, statistics=statistics, quiet=quiet,
        color=color, jobs=jobs, report_unused_suppressions=report_unused_suppressions, debug=debug,
    ))
