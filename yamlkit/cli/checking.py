"""What ``yamlkit check`` does once its options are known; free of typer.

:mod:`yamlkit.cli.check` declares the options for typer and calls :func:`check_paths` with every
one of them. ``yamlkit check [OPTION|PATH]...`` (how pre-commit and CI jobs run it) is parsed here
by :func:`parse_check` from :data:`OPTIONS` and calls it directly, without importing typer
(~40 ms); tests keep the table and the defaults below equal to the typer declaration.
"""

from __future__ import annotations

import os

from .common import say_error, settings_from_options, split_list

#: environment variables that the typer declaration lets set an option (:func:`parse_check` then
#: defers to typer, which reads them)
OPTION_ENVVARS = ("YAMLKIT_FORMAT",)


#: The check command's options as typer declares them (cli/check.py), for the typer-free path:
#: option -> (parameter, kind). Kinds: "value" (a string), "int", "multi" (repeatable, a list),
#: True/False (a flag setting the parameter to that value). tests/cli/test_startup.py checks
#: that this table and the typer declaration agree, and that both parse the same command lines.
OPTIONS: dict[str, tuple[str, object]] = {
    "--format": ("output_format", "value"), "-f": ("output_format", "value"),
    "--config": ("config", "value"),
    "--kubernetes-version": ("kubernetes_version", "value"), "-k": ("kubernetes_version", "value"),
    "--strict": ("strict", True), "--no-strict": ("strict", False),
    "--crd": ("crd", "multi"),
    "--schema-location": ("schema_location", "multi"),
    "--ignore-missing-schemas": ("ignore_missing_schemas", True),
    "--require-schemas": ("require_schemas", True),
    "--select": ("select", "multi"),
    "--extend-select": ("extend_select", "multi"),
    "--ignore": ("ignore", "multi"),
    "--fail-level": ("fail_level", "value"), "--severity-threshold": ("fail_level", "value"),
    "--exit-zero": ("exit_zero", True),
    "--yaml-1.2": ("yaml12", True),
    "--statistics": ("statistics", True),
    "--quiet": ("quiet", True), "-q": ("quiet", True),
    "--color": ("color", "value"),
    "--jobs": ("jobs", "int"), "-j": ("jobs", "int"),
    "--report-unused-suppressions": ("report_unused_suppressions", True),
    "--debug": ("debug", True),
}


def parse_check(argv: list[str]) -> tuple[list[str], dict[str, object]] | None:
    """``check [OPTION|PATH]...`` as (paths, options for :func:`check_paths`), or None when the
    command line needs typer: help, an unknown or abbreviated option, a missing or doubtful
    value, ``-`` or ``--``, an option set by the environment, no path. Typer then parses it
    and gives its usual messages; what is parsed here is parsed as typer would."""
    if not argv or argv[0] != "check" or any(var in os.environ for var in OPTION_ENVVARS):
        return None
    paths: list[str] = []
    options: dict[str, object] = {}
    args = iter(argv[1:])
    for arg in args:
        if not arg.startswith("-"):
            paths.append(arg)
            continue
        name, has_value, value = arg.partition("=")
        if name not in OPTIONS or (has_value and not name.startswith("--")):
            return None
        parameter, kind = OPTIONS[name]
        if isinstance(kind, bool):
            if has_value:
                return None
            options[parameter] = kind
            continue
        if not has_value:
            value = next(args, None)  # type: ignore[assignment]
            if value is None or value.startswith("-"):
                return None
        if kind == "int":
            if not value.isascii() or not value.isdigit():
                return None
            options[parameter] = int(value)
        elif kind == "multi":
            options.setdefault(parameter, []).append(value)  # type: ignore[union-attr]
        else:
            options[parameter] = value
    return (paths, options) if paths else None


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
