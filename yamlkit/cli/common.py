"""Helpers shared by commands: error exits and list options.

Free of typer, so that the plain ``yamlkit check PATH...`` of a pre-commit hook runs without it:
an error exit is a ``SystemExit``, which typer (click) lets through with its code.
"""

from __future__ import annotations

import sys
from typing import NoReturn

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def say_error(text: str) -> None:
    """Write one line to standard error (what ``typer.echo(text, err=True)`` does)."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def fail(message: str, hint: str | None = None) -> NoReturn:
    """Print ``yamlkit: error: ...`` to stderr and exit 2 (usage, configuration, I/O)."""
    say_error(f"yamlkit: error: {message}")
    if hint:
        say_error(f"  hint: {hint}")
    raise SystemExit(EXIT_USAGE)


def split_list(values: list[str] | None) -> list[str] | None:
    """``--select A,B --select C`` -> ``["A", "B", "C"]``."""
    if not values:
        return None
    out: list[str] = []
    for value in values:
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return out
