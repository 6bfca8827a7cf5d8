"""The resolved settings of one run: which rules, which severities, which Kubernetes version.

Built from defaults, then the configuration file (see :mod:`yamlkit.config`), then the command
line. Everything downstream reads only this object.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any

from .findings import Severity
from .parse import Limits
from .rules.base import RuleMeta


def _matches(meta: RuleMeta, selectors: list[str]) -> bool:
    """A selector is a code (``S001``), a code prefix (``S``, ``A1``), a name, or ``ALL``."""
    for sel in selectors:
        upper = sel.upper()
        if upper == "ALL" or meta.code.startswith(upper) or meta.name == sel.lower():
            return True
    return False


@dataclass(slots=True)
class Settings:
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    kubernetes_version: str | None = None
    strict: bool = True
    yaml12: bool = False
    crds: list[str] = field(default_factory=list)
    schema_locations: list[str] = field(default_factory=list)
    ignore_missing_schemas: bool = False
    require_schemas: bool = False
    fail_level: Severity = Severity.ERROR
    report_unused_suppressions: bool = False
    limits: Limits = field(default_factory=Limits)
    debug: bool = False
    config_file: str | None = None

    def is_enabled(self, meta: RuleMeta, file: str | None = None) -> bool:
        if _matches(meta, self.ignore):
            return False
        if file is not None and self.per_file_ignores:
            for pattern, selectors in self.per_file_ignores.items():
                if (fnmatch.fnmatch(file, pattern) or fnmatch.fnmatch(file.rsplit("/", 1)[-1], pattern)) and _matches(
                    meta, selectors
                ):
                    return False
        if self.select is not None:
            return _matches(meta, self.select) or _matches(meta, self.extend_select)
        return meta.default_enabled or _matches(meta, self.extend_select)

    def severity_of(self, meta: RuleMeta) -> Severity:
        return self.severity.get(meta.code) or self.severity.get(meta.name) or meta.severity

    def options_for(self, meta: RuleMeta) -> Any:
        """The rule's Options dataclass with configured values applied."""
        if meta.options is None:
            return None
        given = self.rule_options.get(meta.code) or self.rule_options.get(meta.name) or {}
        return meta.options(**{k.replace("-", "_"): v for k, v in given.items()})
