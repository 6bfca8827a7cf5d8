"""Reporters: one module per output format, all rendering the same :class:`~yamlkit.engine.Report`.

A reporter is a function ``render(report, sources, options) -> str``. ``sources`` maps file names
to :class:`~yamlkit.source.SourceFile` (any mapping; renderers only ``get``) so formats can show the offending lines (``full``) or list
the resources of a file (``junit``). Renderers never print and never read the environment: the
CLI decides colour, terminal width and the like and passes them in :class:`RenderOptions`.

| name | what |
|---|---|
| ``full`` | code, severity, message, ``--> file:line:col``, numbered source lines with a caret, path, hint, fix |
| ``concise`` | ``file:line:col: CODE [severity] message (name)``, one line per finding |
| ``json`` | ``{"version": 1, "findings": [...], "summary": {...}}`` (stable keys) |
| ``json-lines`` | one finding object per line (the same keys as ``json``) |
| ``sarif`` | SARIF 2.1.0 with rule metadata and help URIs |
| ``junit`` | JUnit XML: one testcase per resource (per file when a file has none) |
| ``github`` | GitHub Actions workflow commands (``::error file=...,line=...::message``) |
| ``gitlab`` | GitLab code quality report (JSON array with fingerprints) |

``text`` is an alias kept for compatibility: ``full`` on a terminal, ``concise`` otherwise
(see :func:`resolve_format`).

A format that writes each finding by itself (``json``, ``json-lines``, ``concise``) also defines
``finding_renderer(options)``: the worker processes of a ``--jobs`` run use it to render their
findings ahead, and its ``pieces`` writes those texts (:class:`RenderedAhead`).
"""

from __future__ import annotations

import importlib
from dataclasses import field
from typing import Any, Callable, Iterator, Mapping, Sequence

from .._record import record

#: format name -> module that defines ``render``
FORMATS: dict[str, str] = {
    "full": "yamlkit.report.full",
    "concise": "yamlkit.report.concise",
    "json": "yamlkit.report.json_format",
    "json-lines": "yamlkit.report.json_lines",
    "sarif": "yamlkit.report.sarif",
    "junit": "yamlkit.report.junit",
    "github": "yamlkit.report.github",
    "gitlab": "yamlkit.report.gitlab",
}

#: names accepted by ``--format`` that choose a format from the situation
AUTO_FORMATS = ("text", "auto")

#: formats meant for people (summary line, colour, statistics as a table)
HUMAN_FORMATS = frozenset({"full", "concise"})

#: formats that quote the checked files (source lines, resource lists); the others need findings only
SOURCE_FORMATS = frozenset({"full", "junit"})

#: where each rule's documentation lives (SARIF ``helpUri``, ``full`` output)
RULE_URL = "https://yamlkit.dev/rules/{name}"


@record
class RenderOptions:
    """How to render: decided by the caller (the CLI), never guessed by a renderer.

    ``rules`` maps codes to :class:`~yamlkit.rules.base.RuleMeta` (default: the registry) for
    formats that describe rules (SARIF). ``extra`` carries format-specific values, e.g. the JUnit
    ``timestamp`` and ``hostname`` (fixed in tests so the output is reproducible). ``ahead``
    holds findings' texts already rendered in this format (by the worker processes).
    """

    color: bool = False
    statistics: bool = False
    quiet: bool = False
    show_summary: bool = True
    fail_level: Any = None  # yamlkit.findings.Severity; None means error
    rules: Mapping[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    ahead: RenderedAhead | None = None


class RenderedAhead:
    """Findings' texts rendered before the report exists, looked up by the finding's identity.

    The worker processes of a ``--jobs`` run render the findings they make (see
    :func:`finding_renderer`) while the parent waits for them anyway; the parent then renders
    only the findings of the cross-resource rules. Holding the findings keeps every id in the
    table from being reused by another object.
    """

    __slots__ = ("_texts", "_held")

    def __init__(self) -> None:
        self._texts: dict[int, str] = {}
        self._held: list[list[Any]] = []

    def add(self, findings: list[Any], texts: list[str]) -> None:
        """Remember ``texts[i]`` as the text of ``findings[i]`` (a list nobody changes afterwards)."""
        self._held.append(findings)
        self._texts.update(zip(map(id, findings), texts))

    def __len__(self) -> int:
        return len(self._texts)

    def texts(self, findings: Sequence[Any], render: Callable[[Any], str]) -> list[str]:
        """Each finding's text: the one rendered ahead, else ``render(finding)`` (the lookups
        run in C loops: a report has thousands of findings)."""
        texts = list(map(self._texts.get, map(id, findings)))
        for index in [index for index, text in enumerate(texts) if text is None]:
            texts[index] = render(findings[index])
        return texts


#: findings per piece of a report written piece by piece: big enough that the pieces cost
#: little (a generator step and a write each), small enough to keep memory flat
BATCH = 512


def text_batches(findings: Sequence[Any], render: Callable[[Any], str],
                 options: RenderOptions) -> Iterator[list[str]]:
    """The texts of ``findings`` (``render(finding)``, or the text in ``options.ahead``), in
    lists of :data:`BATCH`, for writing a report a piece at a time."""
    for start in range(0, len(findings), BATCH):
        batch = findings[start:start + BATCH]
        yield options.ahead.texts(batch, render) if options.ahead else list(map(render, batch))


def finding_renderer(fmt: str, options: RenderOptions) -> Callable[[Any], str] | None:
    """How format ``fmt`` renders one finding by itself, when it does (its module defines
    ``finding_renderer(options)``): the function that worker processes call to render their
    findings ahead (see :class:`RenderedAhead`). None for the other formats and ``--statistics``."""
    if options.statistics:
        return None
    module = importlib.import_module(FORMATS[resolve_format(fmt, stdout_is_tty=False)])
    make = getattr(module, "finding_renderer", None)
    return make(options) if make is not None else None


def resolve_format(name: str | None, stdout_is_tty: bool) -> str:
    """The format to use: ``None``, ``text`` and ``auto`` mean full on a terminal, else concise."""
    if name is None or name in AUTO_FORMATS:
        return "full" if stdout_is_tty else "concise"
    if name not in FORMATS:
        raise KeyError(name)
    return name


def format_names() -> list[str]:
    """Every name ``--format`` accepts, for help texts and error messages."""
    return list(FORMATS) + list(AUTO_FORMATS)


def renderer(name: str) -> Callable[..., str]:
    """The ``render`` function of a format (``text``/``auto`` resolve as in a pipe: concise)."""
    name = resolve_format(name, stdout_is_tty=False)
    render_function: Callable[..., str] = importlib.import_module(FORMATS[name]).render
    return render_function


def render(report: Any, sources: Mapping[str, Any] | None = None, fmt: str = "concise",
           options: RenderOptions | None = None) -> str:
    """Render ``report`` in format ``fmt``; ``--statistics`` replaces the findings with counts."""
    return "".join(render_pieces(report, sources, fmt, options))


def render_pieces(report: Any, sources: Mapping[str, Any] | None = None, fmt: str = "concise",
                  options: RenderOptions | None = None) -> Iterator[str]:
    """:func:`render`'s text in pieces, for writing as it is made: a format module may define
    ``pieces(report, sources, options)`` besides ``render`` (a big report need not be in memory
    twice)."""
    options = options or RenderOptions()
    name = resolve_format(fmt, stdout_is_tty=False)
    if options.statistics:
        from .statistics import render as render_statistics

        yield render_statistics(report, sources or {}, options, as_json=name in ("json", "json-lines"))
        return
    module = importlib.import_module(FORMATS[name])
    if hasattr(module, "pieces"):
        yield from module.pieces(report, sources or {}, options)
    else:
        yield module.render(report, sources or {}, options)


def rule_url(name: str) -> str:
    return RULE_URL.format(name=name)


def rules_registry(options: RenderOptions) -> Mapping[str, Any]:
    if options.rules is not None:
        return options.rules
    from ..rules import load_rules

    return load_rules()


__all__ = [
    "AUTO_FORMATS",
    "FORMATS",
    "HUMAN_FORMATS",
    "RenderOptions",
    "RenderedAhead",
    "SOURCE_FORMATS",
    "finding_renderer",
    "format_names",
    "render",
    "render_pieces",
    "renderer",
    "resolve_format",
    "rule_url",
]
