"""YAML -> JSON the way Kubernetes converts it, and JSON -> block-style YAML.

By default plain scalars resolve as sigs.k8s.io/yaml (go-yaml v2) does, so the JSON is what
kubectl would send; ``yaml12=True`` uses the YAML 1.2 core schema instead.
"""

from __future__ import annotations

import json
import math
from typing import Any

from .document import format_path
from .findings import Finding
from .source import SourceFile, from_text


class ConversionError(Exception):
    """The input cannot be converted; ``findings`` say where and why."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        first = findings[0] if findings else None
        text = f"{first.file}:{first.line}:{first.column}: {first.message}" if first else "cannot convert"
        super().__init__(text)


def load_documents(source: SourceFile, *, yaml12: bool = False) -> list[Any]:
    """The data of every non-empty document; raises :class:`ConversionError` on syntax errors."""
    from .engine import stamp
    from .parse import parse
    from .rules import load_rules

    parsed = parse(source, yaml12=yaml12)
    if parsed.problems:
        registry = load_rules()
        findings = []
        for problem in parsed.problems:
            meta = registry[problem.code or "Y004"]
            findings.append(stamp(problem, meta, meta.severity, source.name, None, None, source))
        findings.sort(key=lambda f: f.sort_key)
        raise ConversionError(findings)
    return [doc.data for doc in parsed.documents if not doc.is_empty]


def _check_json_safe(value: Any, source: SourceFile, path: tuple[Any, ...] = ()) -> None:
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            from .findings import Severity

            raise ConversionError([
                Finding(
                    code="Y004",
                    rule="syntax-error",
                    severity=Severity.ERROR,
                    file=source.name,
                    line=1,
                    column=1,
                    path=format_path(where) or None,
                    message=f"the value at {format_path(where) or 'the top level'} is {item!r} "
                    "(.inf/.nan), which JSON cannot represent",
                    hint="quote it if you meant the text, or use a finite number",
                )
            ])
        if isinstance(item, dict):
            stack.extend((v, where + (k,)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, where + (i,)) for i, v in enumerate(item))


def to_json(text_or_source: str | SourceFile, *, yaml12: bool = False, indent: int | None = 2,
            ndjson: bool = False) -> str:
    """JSON text: one document -> an object, several -> an array (``ndjson``: one per line)."""
    source = text_or_source if isinstance(text_or_source, SourceFile) else from_text(text_or_source)
    docs = load_documents(source, yaml12=yaml12)
    for doc in docs:
        _check_json_safe(doc, source)
    if ndjson:
        return "".join(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n" for doc in docs)
    value: Any = docs[0] if len(docs) == 1 else docs
    if not docs:
        value = None
    return json.dumps(value, indent=indent, ensure_ascii=False) + "\n"


def to_yaml(json_text: str) -> str:
    """Block-style YAML for JSON text; strings that YAML would misread are quoted."""
    import yaml

    from . import scalars

    data = json.loads(json_text)

    class _Dumper(yaml.SafeDumper):
        pass

    def represent_str(dumper: yaml.SafeDumper, value: str) -> Any:
        ambiguous = not isinstance(scalars.resolve_k8s(value), str) or not isinstance(
            scalars.resolve_yaml12(value), str
        )
        style = '"' if ambiguous else ("|" if "\n" in value else None)
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, represent_str)
    docs = data if isinstance(data, list) and data and all(isinstance(d, dict) for d in data) else [data]
    return yaml.dump_all(
        docs, Dumper=_Dumper, default_flow_style=False, sort_keys=False, allow_unicode=True,
        explicit_start=len(docs) > 1, width=1_000_000,
    )
