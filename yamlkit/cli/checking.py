"""What ``yamlkit check`` does once its options are known; free of typer.

:mod:`yamlkit.cli.check` declares the options for typer and calls :func:`check_paths` with every
one of them. A plain ``yamlkit check PATH...`` (how pre-commit runs it) calls it directly with
the defaults below, which a test keeps equal to the typer declaration.
"""

from __future__ import annotations

import os

from .common import say_error, settings_from_options, split_list

#: environment variables that the typer declaration lets set an option (the plain path then
#: defers to typer, which reads them)
OPTION_ENVVARS = ("YAMLKIT_FORMAT",)


def is_plain_check(argv: list[str]) -> bool:
    """``check PATH...`` with no option, no ``-`` and no option set by the environment."""
    return (
        len(argv) >= 2
        and argv[0] == "check"
        and not any(arg.startswith("-") for arg in argv[1:])
        and not any(var in os.environ for var in OPTION_ENVVARS)
    )


def check_paths(
    paths: list[str],
    *,
    output_format: str | None = None,
    config: str | None = None,
    kubernetes_version: str | None = None,
    strict: bool | None = None,
    crd: list[str] | None = None,
    schema_location: list[str] | None = None,
    ignore_missing_schemas: bool = False,
    require_schemas: bool = False,
    select: list[str] | None = None,
    extend_select: list[str] | None = None,
    ignore: list[str] | None = None,
    fail_level: str | None = None,
    exit_zero: bool = False,
    yaml12: bool = False,
    statistics: bool = False,
    quiet: bool = False,
    color: str = "auto",
    jobs: int | None = None,
    report_unused_suppressions: bool = False,
    debug: bool = False,
) -> int:
    """Resolve the settings, check ``paths``, print the report; return the exit code."""
    from .run import run_check

    overrides = {
        "kubernetes_version": kubernetes_version,
        "strict": strict,
        "crds": crd or None,
        "schema_locations": schema_location or None,
        "ignore_missing_schemas": ignore_missing_schemas or None,
        "require_schemas": require_schemas or None,
        "select": split_list(select),
        "extend_select": split_list(extend_select),
        "ignore": split_list(ignore),
        "yaml12": yaml12 or None,
        "report_unused_suppressions": report_unused_suppressions or None,
        "debug": debug or None,
    }
    settings = settings_from_options(overrides, fail_level=fail_level, config=config, paths=paths,
                                     prepare_schemas=True)
    for note in settings.notes:
        say_error(f"yamlkit: note: {note}")
    code = run_check(
        paths, settings, output_format=output_format, statistics=statistics, quiet=quiet,
        color=color, jobs=jobs,
    )
    return 0 if exit_zero and code == 1 else code
