"""The command line: a thin typer layer over the library. No checking logic lives here.

typer is imported only when a command line needs it: ``yamlkit --version`` and
``yamlkit check [OPTION|PATH]...`` (the pre-commit hook, CI jobs) run without it (see
docs/performance.md, "Start-up"). This module therefore imports nothing beyond what the
interpreter has loaded.
"""

from __future__ import annotations

import sys

#: Each module registers its command(s) on ``app`` when imported.
COMMAND_MODULES = (
    "yamlkit.cli.check",
    "yamlkit.cli.convert",
    "yamlkit.cli.rules",
    "yamlkit.cli.fix",
)


def _load_app() -> object:
    """Build the typer app and import the command modules (on first use of ``yamlkit.cli.app``)."""
    existing = globals().get("app")
    if existing is not None:  # already built (the commands are registered on it)
        return existing
    import importlib

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
            typer.echo(_version_line())
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


def __getattr__(name: str) -> object:
    if name == "app":
        return _load_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _version_line() -> str:
    from .. import __version__

    return f"yamlkit {__version__}"


def _without_typer(argv: list[str]) -> int | None:
    """The exit code of a command line that needs no typer (``--version``, ``check ...``), or None."""
    if argv == ["--version"]:
        sys.stdout.write(_version_line() + "\n")
        return 0
    from .checking import check_paths, parse_check

    parsed = parse_check(argv)
    if parsed is not None:
        paths, options = parsed
        return check_paths(paths, **options)  # type: ignore[arg-type]
    return None


def _is_the_command() -> bool:
    """Whether this process is the ``yamlkit`` command (its console script or ``python -m
    yamlkit``) rather than a program, test runner or shell that imported yamlkit and called
    :func:`main` (and may go on after it). Not under coverage, which writes its data at exit."""
    if "coverage" in sys.modules:
        return False
    started = sys.modules.get("__main__")
    spec = getattr(started, "__spec__", None)
    if spec is not None:
        return bool(spec.name == "yamlkit.__main__")
    import os

    return os.path.basename(getattr(started, "__file__", None) or "") == "yamlkit"


def _exit_now(code: int) -> None:
    """End the process with ``code`` once the output is flushed, without the interpreter's
    shutdown: it would free, one by one, every object of the run (the findings, the kept
    resources, the rule modules), ~10 ms after a big run, for a process that is ending anyway.
    Returns (and the exit takes the usual way) when flushing fails."""
    import os

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken stream: let the usual exit report it
        return
    os._exit(code)


def main() -> None:
    import gc

    # The run allocates millions of objects (each file's node trees, then the findings and the
    # records kept for the cross-resource rules) and makes few reference cycles: collect the
    # young generation rarely and the old ones almost never (the same setting as mypy).
    # Measured on 10k documents: the collector's passes took 0.78 s of 18.5 CPU-s with the
    # default thresholds, 0.01 s with these.
    gc.set_threshold(200_000, 30, 30)
    try:
        code = _without_typer(sys.argv[1:])
        if code is None:
            _load_app()()
            return
        if _is_the_command():
            _exit_now(code)
        if code:
            sys.stdout.flush()
            sys.exit(code)
    except KeyboardInterrupt:
        sys.stderr.write("yamlkit: interrupted\n")
        sys.exit(130)
    finally:
        # The interpreter's last collections at exit would traverse every object still alive
        # (~5% of a one-file check); frozen, they are skipped. Objects are still freed by
        # reference counting, and atexit handlers and flushing run as usual.
        gc.freeze()
