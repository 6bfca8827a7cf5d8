"""The rule registry. ``load_rules()`` imports every rule module once, filling ``REGISTRY``."""

from __future__ import annotations

import importlib

from .base import REGISTRY, RuleMeta, lookup

#: Every module that registers rules. Add yours here.
RULE_MODULES = (
    "yamlkit.rules.syntax",
    "yamlkit.rules.apiserver",
    "yamlkit.rules.style",
    "yamlkit.rules.directives",
    "yamlkit.rules.traps",
    "yamlkit.rules.practices",
    "yamlkit.schema.rules",
)

_loaded = False


def load_rules() -> dict[str, RuleMeta]:
    """Import all rule modules (idempotent) and return the registry, ordered by code."""
    global _loaded
    if not _loaded:
        for module in RULE_MODULES:
            importlib.import_module(module)
        _loaded = True
    return dict(sorted(REGISTRY.items()))


__all__ = ["REGISTRY", "RULE_MODULES", "RuleMeta", "load_rules", "lookup"]
