"""Helpers shared by commands: error exits and list options."""

from __future__ import annotations

from typing import NoReturn

import typer

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def fail(message: str, hint: str | None = None) -> NoReturn:
    """Print ``yamlkit: error: ...`` to stderr and exit 2 (usage, configuration, I/O)."""
    typer.echo(f"yamlkit: error: {message}", err=True)
    if hint:
        typer.echo(f"  hint: {hint}", err=True)
    raise typer.Exit(EXIT_USAGE)


def split_list(values: list[str] | None) -> list[str] | None:
    """``--select A,B --select C`` -> ``["A", "B", "C"]``."""
    if not values:
        return None
    out: list[str] = []
    for value in values:
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return out
