"""The meaning guard: the data before and after a fix, and the comments, must match.

``snapshot`` is the JSON Kubernetes would see (the same as :func:`yamlkit.convert.to_json`, one
entry per non-empty document). ``changed_leaves`` lists what differs, so the runner can accept
exactly the value changes a scalar-trap fix announced and nothing else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..document import format_path
from ..source import SourceFile

_MISSING = object()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The data of a text: ``docs`` (non-empty documents) and ``indexes`` (their document index)."""

    docs: tuple[Any, ...]
    indexes: tuple[int, ...]
    json: str


def snapshot(text: str, *, yaml12: bool = False) -> Snapshot | None:
    """The data of ``text``, or None when it does not parse cleanly (any Y0xx problem)."""
    from ..parse import parse

    if syntax_error_line(text) is not None:  # fast rejection before the full parse
        return None
    parsed = parse(SourceFile(name="<fix>", text=text), yaml12=yaml12)
    if parsed.problems:
        return None
    docs = [d for d in parsed.documents if not d.is_empty]
    data = tuple(d.data for d in docs)
    value: Any = data[0] if len(data) == 1 else list(data)
    if not data:
        value = None
    return Snapshot(docs=data, indexes=tuple(d.index for d in docs),
                    json=json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def syntax_error_line(text: str) -> int | None:
    """0-based line where libyaml stops, or None when every document composes."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for _ in yaml.compose_all(text, Loader=loader):
            pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.line if mark is not None else 0
    except (yaml.YAMLError, RecursionError, ValueError):
        return 0
    return None


def changed_leaves(before: Snapshot, after: Snapshot) -> list[tuple[int, str, Any, Any]] | None:
    """(document position, path, old, new) for every scalar that differs; None if the shape differs."""
    if len(before.docs) != len(after.docs):
        return None
    out: list[tuple[int, str, Any, Any]] = []
    for position, (a, b) in enumerate(zip(before.docs, after.docs)):
        stack: list[tuple[Any, Any, tuple[Any, ...]]] = [(a, b, ())]
        while stack:
            x, y, path = stack.pop()
            if isinstance(x, dict) and isinstance(y, dict):
                if list(x) != list(y):
                    return None
                stack.extend((x[k], y[k], path + (k,)) for k in x)
            elif isinstance(x, list) and isinstance(y, list):
                if len(x) != len(y):
                    return None
                stack.extend((p, q, path + (i,)) for i, (p, q) in enumerate(zip(x, y)))
            elif isinstance(x, (dict, list)) or isinstance(y, (dict, list)):
                return None
            elif type(x) is not type(y) or x != y:
                out.append((position, format_path(path), x, y))
    return out


def comments(text: str) -> list[str] | None:
    """Every comment of ``text`` (stripped), in order; None if ruamel.yaml cannot scan the text."""
    try:
        from ruamel.yaml import YAML
        from ruamel.yaml.tokens import CommentToken
    except ImportError:  # pragma: no cover - ruamel.yaml is a dependency
        return None
    found: dict[int, CommentToken] = {}

    def collect(value: Any) -> None:
        if value is None:
            return
        if isinstance(value, CommentToken):
            found[id(value)] = value
        elif isinstance(value, (list, tuple)):
            for item in value:
                collect(item)

    try:
        yaml = YAML(typ="rt")
        for token in yaml.scan(text):
            collect(getattr(token, "comment", None))
    except Exception:
        return None
    out: list[tuple[int, int, str]] = []
    for token in found.values():
        line = token.start_mark.line if token.start_mark is not None else 0
        for offset, part in enumerate(token.value.split("\n")):
            part = part.strip()
            if part.startswith("#"):
                out.append((line + offset, 0, part))
    return [text for _, _, text in sorted(out)]


def comment_count(text: str) -> int | None:
    found = comments(text)
    return None if found is None else len(found)
