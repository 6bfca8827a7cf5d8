"""The resolved settings of one run: which rules, which severities, which Kubernetes version.

Built from defaults, then the configuration file (see :mod:`yamlkit.config`), then the command
line. Everything downstream reads only this object.

Rule selection follows ruff: a selector is a code (``S001``), a code prefix (``S``, ``A1``), a rule
name or ``ALL``. When a rule matches both an enabling selector (``select``/``extend-select``) and
``ignore``, the more specific selector wins; on a tie ``ignore`` wins.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import field
from typing import Any

from ._record import record
from .findings import Severity
from .parse import Limits
from .rules.base import RuleMeta

_NAME_SPECIFICITY = 10  # a rule name is as specific as its full code


def _specificity(meta: RuleMeta, sel: str) -> int:
    """How specifically ``sel`` names ``meta``: -1 no match, 0 ``ALL``, prefix length, 10 exact."""
    upper = sel.upper()
    if upper == "ALL":
        return 0
    if meta.name == sel.lower() or upper == meta.code:
        return _NAME_SPECIFICITY
    if meta.code.startswith(upper):
        return len(upper)
    return -1


def _best(meta: RuleMeta, selectors: list[str]) -> int:
    best = -1
    for sel in selectors:
        score = _specificity(meta, sel)
        if score > best:
            best = score
    return best


def _matches(meta: RuleMeta, selectors: list[str]) -> bool:
    """A selector is a code (``S001``), a code prefix (``S``, ``A1``), a name, or ``ALL``."""
    return _best(meta, selectors) >= 0


def glob_match(file: str, pattern: str, root: str | None) -> bool:
    """Does ``file`` match a configuration glob?

    Patterns with a ``/`` are matched against the path relative to ``root`` (the directory of the
    configuration file) and against the path as given; patterns without one also match the base
    name. ``**/`` matches any number of directories, including none.
    """
    pattern = pattern.replace("\\", "/")
    norm = file.replace("\\", "/")
    candidates = [norm]
    if norm.startswith("./"):
        norm = norm[2:]
        candidates.append(norm)
    rel: str | None = None
    if root:
        try:
            rel = os.path.relpath(os.path.abspath(file), root).replace("\\", "/")
        except ValueError:  # another drive on Windows
            rel = None
        if rel is not None and (rel.startswith("../") or rel == ".."):
            rel = None
        if rel:
            candidates.append(rel)
    # directories that may match a bare name: below the config root, or in a relative path
    if rel is not None:
        folders = rel.split("/")[:-1]
    elif not norm.startswith("/"):
        folders = [p for p in norm.split("/")[:-1] if p not in (".", "..")]
    else:
        folders = []
    patterns = [pattern.rstrip("/")]
    if pattern.startswith("**/"):
        patterns.append(pattern[3:])
    if pattern.endswith("/**"):
        patterns.append(pattern[:-3])
    for pat in patterns:
        if "/" not in pat:
            base = norm.rsplit("/", 1)[-1]
            if fnmatch.fnmatchcase(base, pat):
                return True
            # a directory name in the path (``vendor`` excludes ``vendor/x.yaml``)
            if any(fnmatch.fnmatchcase(part, pat) for part in folders):
                return True
        for cand in candidates:
            if fnmatch.fnmatchcase(cand, pat) or fnmatch.fnmatchcase(cand, pat + "/*"):
                return True
    return False


@record
class Settings:
    """Every setting of a run (see the module docstring); ``dataclasses.replace`` copies it."""

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
    #: Rules whose severity is below this are off unless named exactly (preset ``relaxed``).
    min_severity: Severity | None = None
    #: Directory the configuration file's globs are relative to (None: no configuration file).
    root: str | None = None
    #: Remarks about the configuration for the user (e.g. pyproject skipped on Python 3.10).
    notes: list[str] = field(default_factory=list)
    _file_cache: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    def is_enabled(self, meta: RuleMeta, file: str | None = None) -> bool:
        if file is not None and self.per_file_ignores and _matches(meta, self.file_ignores(file)):
            return False
        ignored = _best(meta, self.ignore)
        if self.select is not None:
            chosen = max(_best(meta, self.select), _best(meta, self.extend_select))
            if chosen < 0 or ignored >= chosen:
                return False
            # A prefix (`--select Y`) picks the family's default rules; a rule that is off by
            # default needs its own code or name, or ALL (the `strict` preset).
            if 0 < chosen < _NAME_SPECIFICITY and not meta.default_enabled:
                return False
        else:
            chosen = _best(meta, self.extend_select)
            if chosen < 0 or ignored >= chosen:
                if ignored >= 0 or not meta.default_enabled:
                    return False
                chosen = -1
        if self.min_severity is not None and chosen < _NAME_SPECIFICITY:
            if self.severity_of(meta).rank < self.min_severity.rank:
                return False
        return True

    def file_ignores(self, file: str) -> list[str]:
        """The selectors ``per-file-ignores`` applies to ``file`` (cached per file)."""
        cached = self._file_cache.get(file)
        if cached is None:
            cached = []
            for pattern, selectors in self.per_file_ignores.items():
                if glob_match(file, pattern, self.root):
                    cached.extend(selectors)
            self._file_cache[file] = cached
        return cached

    def is_excluded(self, file: str) -> bool:
        """Does an ``exclude`` glob of the configuration match ``file``?"""
        return any(glob_match(file, pattern, self.root) for pattern in self.exclude)

    def severity_of(self, meta: RuleMeta) -> Severity:
        return self.severity.get(meta.code) or self.severity.get(meta.name) or meta.severity

    def options_for(self, meta: RuleMeta) -> Any:
        """The rule's Options dataclass with configured values applied."""
        if meta.options is None:
            return None
        given = self.rule_options.get(meta.code) or self.rule_options.get(meta.name) or {}
        return meta.options(**{k.replace("-", "_"): v for k, v in given.items()})
