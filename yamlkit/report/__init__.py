"""Reporters: one module per output format, all rendering the same :class:`~yamlkit.engine.Report`.

A reporter is a function ``render(report, sources, options) -> str``. ``sources`` maps file names
to :class:`~yamlkit.source.SourceFile` so formats can show the offending line.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable

#: format name -> module that defines ``render``
FORMATS: dict[str, str] = {
    "text": "yamlkit.report.text",
    "json": "yamlkit.report.json_format",
}


@dataclass(slots=True)
class RenderOptions:
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    show_summary: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def renderer(name: str) -> Callable[..., str]:
    if name not in FORMATS:
        raise KeyError(name)
    return importlib.import_module(FORMATS[name]).render
