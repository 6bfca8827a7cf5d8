"""The command line: a thin typer layer over the library. No checking logic lives here."""

from __future__ import annotations

import gc
import importlib
import inspect
import os
import sys
from typing import Any

#: Each module registers its command(s) on ``app`` when imported.
COMMAND_MODULES = (
    "yamlkit.cli.check",
    "yamlkit.cli.convert",
    "yamlkit.cli.rules",
    "yamlkit.cli.fix",
)


def _load_app() -> Any:
    """Build the typer app and import the command modules (on first use of ``yamlkit.cli.app``).

    Deferred so that ``yamlkit --version`` and the plain ``yamlkit check PATH...`` of a
    pre-commit hook do not pay for typer's start-up (see docs/performance.md).
    """
    existing = globals().get("app")
    if existing is not None:  # already built (the commands are registered on it)
        return existing
    import typer

    app = typer.Typer(
        name="yamlkit",
        help="Catch every mistake in Kubernetes YAML before it reaches a cluster.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
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

    globals()["app"] = app  # before the imports: each command module does `from . import app`
    for module in COMMAND_MODULES:
        importlib.import_module(module)
    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return _load_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _fast_check(argv: list[str]) -> int | None:
    """``yamlkit check PATH...`` without any option: call the command with its declared defaults.

    typer coerces every parameter through a pydantic ``TypeAdapter`` it builds on each run
    (about 100 ms of imports and schema building, more than the check of one small file). With no
    options there is nothing to coerce, so the command function is called directly. Returns None
    (use typer) whenever anything is unusual: an option, ``-``, an environment variable an option
    reads, or a parameter this shortcut does not understand.
    """
    if len(argv) < 2 or argv[0] != "check" or any(arg.startswith("-") for arg in argv[1:]):
        return None
    from . import check as check_module

    command = getattr(check_module, "check_command", None)
    if command is None:
        return None
    kwargs: dict[str, Any] = {}
    for name, param in inspect.signature(command).parameters.items():
        info = param.default
        if name == "paths":
            kwargs[name] = list(argv[1:])
            continue
        if not hasattr(info, "default") or info.default is ... or getattr(info, "callback", None) is not None:
            return None
        if getattr(info, "default_factory", None) is not None:
            return None
        envvar = getattr(info, "envvar", None)
        if envvar and any(var in os.environ for var in ([envvar] if isinstance(envvar, str) else envvar)):
            return None
        kwargs[name] = info.default
    if "paths" not in kwargs:
        return None
    try:
        command(**kwargs)
    except Exception as exc:
        if hasattr(exc, "exit_code") and type(exc).__name__ == "Exit":  # typer.Exit
            return int(exc.exit_code)
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):  # a click usage error
            exc.show()
            return int(exc.exit_code)
        raise
    return 0


def main() -> None:
    # The run allocates millions of long-lived objects (node trees, kept for the cross-resource
    # rules) and makes few reference cycles: collect the young generation rarely and the old ones
    # almost never (the same setting as mypy). Measured on 10k documents: the collector's passes
    # took 0.78 s of 18.5 CPU-s with the default thresholds, 0.01 s with these.
    gc.set_threshold(200_000, 30, 30)
    try:
        argv = sys.argv[1:]
        if argv == ["--version"]:
            from .. import __version__

            sys.stdout.write(f"yamlkit {__version__}\n")
            return
        code = _fast_check(argv)
        if code is not None:
            sys.stdout.flush()
            sys.exit(code)
        _load_app()()
    except KeyboardInterrupt:
        sys.stderr.write("yamlkit: interrupted\n")
        sys.exit(130)
