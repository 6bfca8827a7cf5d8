"""Helpers shared by commands: error exits and list options.

Free of typer, so that the plain ``yamlkit check PATH...`` of a pre-commit hook runs without it:
an error exit is a ``SystemExit``, which typer (click) lets through with its code.
"""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

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


def settings_from_options(overrides: dict[str, Any], *, fail_level: str | None, config: str | None,
                          paths: list[str], prepare_schemas: bool = False) -> Any:
    """The run's settings: the command line's ``overrides`` over the configuration file found
    from the first path. A bad value, file or (with ``prepare_schemas``) schema option exits 2."""
    from ..config import ConfigError, resolve_settings
    from ..findings import Severity

    try:
        if fail_level is not None:
            overrides["fail_level"] = Severity.parse(fail_level)
        start = paths[0] if paths and paths[0] != "-" else os.getcwd()
        settings = resolve_settings(overrides, config_file=config, start_dir=start)
        if prepare_schemas:
            from ..schema import prepare

            prepare(settings)  # unsupported --kubernetes-version, remote --schema-location, bad --crd
    except (ConfigError, ValueError) as exc:
        fail(str(exc))
    return settings
