"""The command line: a thin typer layer over the library. No checking logic lives here."""

from __future__ import annotations

import importlib
import sys

import typer

app = typer.Typer(
    name="yamlkit",
    help="Catch every mistake in Kubernetes YAML before it reaches a cluster.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

#: Each module registers its command(s) on ``app`` when imported.
COMMAND_MODULES = (
    "yamlkit.cli.check",
    "yamlkit.cli.convert",
    "yamlkit.cli.rules",
    "yamlkit.cli.fix",
)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"yamlkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """yamlkit: lint, validate and convert Kubernetes YAML, offline, with line:column on every finding."""


for _module in COMMAND_MODULES:
    importlib.import_module(_module)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("yamlkit: interrupted\n")
        sys.exit(130)
