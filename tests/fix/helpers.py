"""Shared helpers for the fix tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from yamlkit.config import resolve_settings
from yamlkit.convert import ConversionError, to_json
from yamlkit.fixes.guard import comment_count

GOLDEN = Path(__file__).resolve().parent / "golden"


def settings_for(name: str) -> Any:
    """The golden's settings. Set directly (not through the configuration loader), so a golden
    can select a fix that has no registered rule yet (``empty-document``)."""
    path = GOLDEN / f"{name}.settings.json"
    values = json.loads(path.read_text()) if path.exists() else {"select": ["Y0"]}
    settings = resolve_settings({})
    for key, value in values.items():
        assert hasattr(settings, key), key
        setattr(settings, key, value)
    return settings


def read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def json_or_none(text: str) -> str | None:
    try:
        return to_json(text)
    except ConversionError:
        return None


def leaves(value: Any, path: str = "") -> dict[str, Any]:
    """Flat {path: scalar} of a JSON value."""
    out: dict[str, Any] = {}
    if isinstance(value, dict):
        for k, v in value.items():
            out.update(leaves(v, f"{path}.{k}" if path else k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.update(leaves(v, f"{path}[{i}]"))
    else:
        out[path] = value
    return out


__all__ = ["GOLDEN", "comment_count", "json_or_none", "leaves", "read", "settings_for"]
