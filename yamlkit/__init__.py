"""yamlkit: catch every mistake in Kubernetes YAML, with line and column.

The library API (no printing, no ``sys.exit``)::

    import yamlkit
    report = yamlkit.check("manifests/")          # paths, or YAML text
    for finding in report.findings:
        print(finding.file, finding.line, finding.column, finding.code, finding.message)
    data = yamlkit.load("a: yes")                 # [{'a': True}] (Kubernetes' rules)
    text = yamlkit.to_json("a: 1")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Report
    from .settings import Settings


def _sources(paths_or_text: str | Iterable[str], settings: Any) -> Iterable[Any]:
    import os

    from .discovery import iter_sources
    from .source import from_text

    if isinstance(paths_or_text, str):
        if "\n" in paths_or_text or not os.path.exists(paths_or_text):
            return [from_text(paths_or_text, name="<string>")]
        return iter_sources([paths_or_text], settings)
    return iter_sources(list(paths_or_text), settings)


def check(paths_or_text: str | Iterable[str], config: "Settings | dict[str, Any] | None" = None) -> "Report":
    """Run every enabled check. Accepts a path, a list of paths, or YAML text."""
    from .config import resolve_settings
    from .engine import check_sources
    from .settings import Settings

    settings = config if isinstance(config, Settings) else resolve_settings(config or {})
    return check_sources(_sources(paths_or_text, settings), settings)


def load(text: str, *, yaml12: bool = False) -> list[Any]:
    """The data of every document in ``text``, with Kubernetes' scalar rules by default."""
    from .convert import load_documents
    from .source import from_text

    return load_documents(from_text(text), yaml12=yaml12)


def to_json(text: str, *, yaml12: bool = False, indent: int | None = 2) -> str:
    """YAML text -> JSON text, as Kubernetes converts it."""
    from .convert import to_json as _to_json

    return _to_json(text, yaml12=yaml12, indent=indent)


def to_yaml(json_text: str) -> str:
    """JSON text -> block-style YAML."""
    from .convert import to_yaml as _to_yaml

    return _to_yaml(json_text)


def validate(paths_or_text: str | Iterable[str], config: "Settings | dict[str, Any] | None" = None) -> "Report":
    """Schema and API-server validation only (rules S, A)."""
    from .config import resolve_settings
    from .settings import Settings

    settings = config if isinstance(config, Settings) else resolve_settings(config or {})
    settings.select = ["Y0", "S", "A"]
    return check(paths_or_text, settings)


__all__ = ["__version__", "check", "load", "to_json", "to_yaml", "validate"]
