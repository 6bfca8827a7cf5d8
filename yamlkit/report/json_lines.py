"""``json-lines``: one finding per line, each the same object as in ``json`` (no summary line).

Streams well: ``yamlkit check --format json-lines . | jq -c 'select(.severity == "error")'``.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterator

from . import RenderOptions, text_batches

#: ``json.dumps(value, ensure_ascii=False)`` with one encoder built once (``json.dumps`` builds
#: one per call when given options)
_encode = json.JSONEncoder(ensure_ascii=False).encode


def line(f: Any) -> str:
    """One finding's line, without its newline."""
    return _encode(f.to_dict())


def render(report: Any, sources: dict[str, Any], options: RenderOptions) -> str:
    return "".join(pieces(report, sources, options))


def pieces(report: Any, sources: dict[str, Any], options: RenderOptions) -> Iterator[str]:
    """The lines of :func:`render`, a batch at a time."""
    for batch in text_batches(report.findings, line, options):
        yield "\n".join(batch) + "\n"


def finding_renderer(options: RenderOptions) -> Callable[[Any], str]:
    """See :func:`yamlkit.report.finding_renderer`."""
    return line
