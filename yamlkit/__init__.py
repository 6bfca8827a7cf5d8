"""yamlkit: catch every mistake in Kubernetes YAML, with line and column.

The library API. It never prints and never calls ``sys.exit``; problems in the checked files
are *findings* in the returned :class:`Report`, never exceptions. Exceptions are raised only for
mistakes of the caller: a path that does not exist (``FileNotFoundError``), an invalid
configuration (:class:`ConfigError`), an unknown output format (``ValueError``), and, for the
converters :func:`load` and :func:`to_json`, input that is not valid YAML
(:class:`ConversionError`, whose ``findings`` say where and why)::

    import yamlkit

    report = yamlkit.check("manifests/")                  # a path, several paths, or YAML text
    for f in report.findings:                             # sorted by file, line, column
        print(f"{f.file}:{f.line}:{f.column}: {f.code} {f.message}")
    print(report.summary.errors, report.exit_code())      # counts; 0/1 as the CLI would exit

    report = yamlkit.check("kind: Pod\\n", config={"select": ["S", "A"]})
    print(yamlkit.render(report, "sarif"))                # any CLI output format, as a string

    yamlkit.load("a: yes")                                # [{'a': True}]  (Kubernetes' rules)
    yamlkit.to_json("a: 1")                               # '{\\n  "a": 1\\n}\\n'
"""

from __future__ import annotations

import os

__version__ = "0.1.0"

# Only what the interpreter has loaded already: `yamlkit --version` imports this package, and
# typing or dataclasses (which imports inspect) would cost more than the rest of that command.
TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; type checkers know the name
if TYPE_CHECKING:  # pragma: no cover
    from typing import Any, Iterator, Mapping

    from ._types import Config, PathsOrText
    from .config import ConfigError
    from .convert import ConversionError
    from .engine import FileResult, Report
    from .findings import Edit, Finding, Fix, Severity
    from .settings import Settings
    from .source import SourceFile

TEXT_NAME = "<string>"


def settings_from(config: Config = None) -> "Settings":
    """Resolve ``config`` into :class:`Settings`. A given ``Settings`` is copied, never changed.

    Library calls do not look for ``.yamlkit.yaml`` on their own: pass the file's path (or
    ``yamlkit.config.find_config(directory)``) to use one.
    """
    import dataclasses
    from collections.abc import Mapping

    from .config import resolve_settings
    from .settings import Settings

    if isinstance(config, Settings):
        return dataclasses.replace(config)
    if isinstance(config, (str, os.PathLike)):
        path = os.fspath(config)
        if not os.path.isfile(path):
            raise FileNotFoundError(f"no such configuration file: {path}")
        return resolve_settings({}, config_file=path)
    if config is None:
        return resolve_settings({})
    if isinstance(config, Mapping):
        return resolve_settings(dict(config))
    raise TypeError(f"config must be Settings, a mapping or a path, not {type(config).__name__}")


def _is_text(value: str) -> bool:
    """YAML text rather than a path: it has a line break, or it is no existing path and does not
    look like one (a ``.yaml``/``.yml``/``.json`` name, or a name with a directory separator)."""
    if "\n" in value or "\r" in value:
        return True
    if value == "-" or os.path.lexists(value):
        return False
    looks_like_path = (
        value.lower().endswith((".yaml", ".yml", ".json"))
        or ("/" in value or os.sep in value)
    ) and not any(ch.isspace() for ch in value) and ": " not in value
    return not looks_like_path


def _sources(paths_or_text: PathsOrText, settings: "Settings", name: str,
             jobs: int | None = 1) -> Iterator["SourceFile | FileResult"]:
    from .discovery import MissingPath
    from .parallel import iter_results
    from .source import from_text

    if isinstance(paths_or_text, str) and _is_text(paths_or_text):
        return iter([from_text(paths_or_text, name=name)])
    if isinstance(paths_or_text, (str, os.PathLike)):
        paths = [os.fspath(paths_or_text)]
    else:
        paths = [os.fspath(p) for p in paths_or_text]
    for path in paths:
        if path != "-" and not os.path.lexists(path):
            raise FileNotFoundError(f"no such file or directory: {path}")
    try:
        return iter_results(paths, settings, jobs)[2]
    except MissingPath as exc:  # pragma: no cover - checked above
        raise FileNotFoundError(f"no such file or directory: {exc}") from None


def check(paths_or_text: PathsOrText, config: Config = None, *, name: str = TEXT_NAME,
          jobs: int | None = 1) -> "Report":
    """Run every enabled check and return the :class:`Report` (findings, summary, files).

    ``paths_or_text`` is a file or directory path (directories are searched for ``*.yaml`` and
    ``*.yml``), a list of paths, or YAML text (a string with a line break, or one that neither
    exists nor looks like a path; its findings carry ``name`` as their file). A string that looks
    like a path but does not exist raises ``FileNotFoundError`` rather than being checked as
    YAML. ``config`` is described at :data:`Config`. ``jobs`` > 1 (or ``None``: one per CPU)
    checks many files in worker processes, with the same result as ``jobs=1``.
    """
    from .engine import check_sources

    settings = settings_from(config)
    sources = _sources(paths_or_text, settings, name, jobs)
    return check_sources(sources, settings)


def validate(paths_or_text: PathsOrText, config: Config = None, *, name: str = TEXT_NAME,
             jobs: int | None = 1) -> "Report":
    """Like :func:`check`, but only what the API server would reject: syntax (Y0), schema (S) and
    API-server rules (A). ``config`` is not changed."""
    settings = settings_from(config)
    settings.select = ["Y0", "S", "A"]
    settings.extend_select = []
    return check(paths_or_text, settings, name=name, jobs=jobs)


def render(report: "Report", format: str = "concise", *, sources: Mapping[str, "SourceFile"] | None = None,
           color: bool = False) -> str:
    """``report`` in one of the CLI's output formats (``full``, ``concise``, ``json``, ``json-lines``,
    ``sarif``, ``junit``, ``github``, ``gitlab``). ``full`` shows source lines only for files in
    ``sources`` (name -> :class:`~yamlkit.source.SourceFile`)."""
    from .report import FORMATS, AUTO_FORMATS, RenderOptions
    from .report import render as _render

    if format not in FORMATS and format not in AUTO_FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    return _render(report, dict(sources or {}), format, RenderOptions(color=color))


def load(text: str, *, yaml12: bool = False) -> list[Any]:
    """The data of every non-empty document in ``text``, with Kubernetes' scalar rules by default
    (``yes`` is ``True``); ``yaml12=True`` uses YAML 1.2. Raises :class:`ConversionError` on
    syntax errors."""
    from .convert import load_documents
    from .source import from_text

    return load_documents(from_text(text, name=TEXT_NAME), yaml12=yaml12)


def to_json(text: str, *, yaml12: bool = False, indent: int | None = 2) -> str:
    """YAML text -> JSON text, as kubectl would send it (one document -> object, several -> array).
    Raises :class:`ConversionError` when the YAML does not parse or has no JSON form."""
    from .convert import to_json as _to_json

    return _to_json(text, yaml12=yaml12, indent=indent)


def to_yaml(json_text: str) -> str:
    """JSON text -> block-style YAML (raises ``json.JSONDecodeError`` on invalid JSON)."""
    from .convert import to_yaml as _to_yaml

    return _to_yaml(json_text)


_LAZY = {
    "Config": ("_types", "Config"),
    "ConfigError": ("config", "ConfigError"),
    "ConversionError": ("convert", "ConversionError"),
    "Edit": ("findings", "Edit"),
    "Finding": ("findings", "Finding"),
    "Fix": ("findings", "Fix"),
    "PathsOrText": ("_types", "PathsOrText"),
    "Report": ("engine", "Report"),
    "Settings": ("settings", "Settings"),
    "Severity": ("findings", "Severity"),
    "Summary": ("engine", "Summary"),
}


def __getattr__(attr: str) -> Any:
    """``yamlkit.Finding``, ``yamlkit.Severity``, ... without importing them at start-up."""
    if attr in _LAZY:
        import importlib

        module, name = _LAZY[attr]
        return getattr(importlib.import_module(f".{module}", __name__), name)
    raise AttributeError(f"module 'yamlkit' has no attribute {attr!r}")


__all__ = [
    "Config",
    "ConfigError",
    "ConversionError",
    "Edit",
    "Finding",
    "Fix",
    "PathsOrText",
    "Report",
    "Settings",
    "Severity",
    "Summary",
    "__version__",
    "check",
    "load",
    "render",
    "settings_from",
    "to_json",
    "to_yaml",
    "validate",
]
