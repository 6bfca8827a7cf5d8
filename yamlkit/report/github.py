"""``github``: GitHub Actions workflow commands, so findings appear as annotations on the diff.

``::error file=deploy.yaml,line=7,col=3,endLine=7,endColumn=7,title=Y005 duplicate-key::message``

Severity maps to the command: error -> ``error``, warning -> ``warning``, info -> ``notice``.
Values are escaped as the runner expects (``%``, CR and LF everywhere; ``:`` and ``,`` in
properties too).
"""

from __future__ import annotations

from typing import Any

from . import RenderOptions

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(f: Any) -> str:
    props = [f"file={escape_property(f.file)}", f"line={f.line}", f"col={f.column}"]
    if f.end_line is not None:
        props.append(f"endLine={f.end_line}")
        if f.end_column is not None and f.end_line == f.line:
            props.append(f"endColumn={f.end_column}")
    props.append(f"title={escape_property(f'{f.code} {f.rule}')}")
    message = f.message
    if f.hint:
        message += f"\nhint: {f.hint}"
    return f"::{COMMANDS[f.severity.value]} {','.join(props)}::{escape_data(message)}"


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    return "".join(command(f) + "\n" for f in report.findings)
