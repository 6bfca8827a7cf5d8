"""The fix loop: repair what stops parsing, then apply the rules' fixes and ours until stable.

1. If the text does not parse: TABs in indentation -> spaces, then one-column misalignments
   (:mod:`yamlkit.fixes.indent`). If it still does not parse, nothing is changed.
2. Passes: check the text, gather every fix (rules' :class:`~yamlkit.findings.Fix` objects first,
   then the text fixers of :mod:`yamlkit.fixes.text`), apply those whose edits do not overlap,
   re-check. Conflicting fixes wait for the next pass; at most ``max_passes`` passes.
3. The guard, after every pass: the data must be what it was (scalar-trap fixes may change only
   their own value, from the plain scalar to the string it was written as), and at the end every
   comment must still be there. A rule's fix that breaks this makes yamlkit refuse the whole file
   with an X001 internal-error finding; a text fixer's edit that would change data is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Iterable

from .. import scalars
from ..findings import Finding, Severity
from ..settings import Settings
from ..source import SourceFile
from . import edits as edit_ops
from . import indent as indent_fix
from . import text as text_fix
from .guard import Snapshot, changed_leaves, comments, snapshot
from .model import Applied, Candidate, Outcome

MAX_PASSES = 30
#: Syntax errors a one-column move may cure (the diagnosis names some of them otherwise).
_ALIGNABLE = {"Y004", "Y006", "Y012", "Y016"}
_WHOLE_FILE = {"new-lines", "new-line-at-end-of-file", "indentation", "key-ordering"}
_WS = re.compile(r"\s+")


def _finding(name: str, code: str, rule: str, message: str, hint: str | None = None, line: int = 1,
             column: int = 1, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(code=code, rule=rule, severity=severity, file=name, line=line, column=column,
                   message=message, hint=hint)


def _note(name: str, code: str, rule: str, message: str, line: int = 1, hint: str | None = None) -> Finding:
    """Why a problem was not fixed (info: the problem itself is reported by the check)."""
    return _finding(name, code, rule, f"not fixed: {message}", hint, line, severity=Severity.INFO)


def internal_error(name: str, message: str, line: int = 1) -> Finding:
    return _finding(name, "X001", "internal-error", f"internal error in fix: {message}; the file was not changed",
                    "please report it with the file; `yamlkit check` still reports its problems", line)


class Fixer:
    """Fixes texts under one configuration. Build one per run."""

    def __init__(self, settings: Settings | None = None, *, unsafe: bool = False,
                 max_passes: int = MAX_PASSES) -> None:
        from ..engine import Engine

        self.settings = settings or Settings()
        self.unsafe = unsafe
        self.max_passes = max_passes
        self.engine = Engine(self.settings)
        self.fixers, self.context = text_fix.enabled_fixers(self.settings)
        self.context.indent = self._configured_indent()
        self.context.indent_sequences = self._option("indentation", "indent_sequences", "consistent")
        self.context.ignored_keys = list(self._option("key-ordering", "ignored_keys", []) or [])
        rules = self.engine.rules
        self.tabs_enabled = "Y001" not in rules or self.settings.is_enabled(rules["Y001"])
        self.align_enabled = "Y006" not in rules or self.settings.is_enabled(rules["Y006"])

    # -- public ---------------------------------------------------------------------------------
    def fix(self, text: str, name: str = "<stdin>") -> Outcome:
        outcome = Outcome(name=name, original=text, text=text)
        yaml12 = self.settings.yaml12
        current = snapshot(text, yaml12=yaml12)
        if current is None or ("\t" in text and self.tabs_enabled):
            text, current = self._repair(outcome, text, current)
            if current is None:
                outcome.text = outcome.original
                outcome.applied.clear()
                return outcome
        try:
            text = self._passes(outcome, text, current)
        except _Refuse as refuse:
            outcome.text = outcome.original
            outcome.applied.clear()
            outcome.refused = True
            outcome.problems.append(internal_error(name, refuse.message, refuse.line))
            return outcome
        if text != outcome.original:
            problem = self._comments_kept(outcome.original, text) or self._data_kept(current, text, outcome)
            if problem:
                outcome.text = outcome.original
                outcome.applied.clear()
                outcome.refused = True
                outcome.problems.append(internal_error(name, problem))
                return outcome
        outcome.text = text
        return outcome

    # -- 1. make it parse -------------------------------------------------------------------------
    def _repair(self, outcome: Outcome, text: str, current: Snapshot | None) -> tuple[str, Snapshot | None]:
        name, yaml12 = outcome.name, self.settings.yaml12
        original = text
        preferred = self._configured_indent()
        if self.tabs_enabled:
            repair = indent_fix.fix_tabs(text, preferred=preferred, yaml12=yaml12, before=current,
                                         align=self.align_enabled)
            if repair is not None:
                if repair.note:
                    outcome.problems.append(_note(name, "Y001", "tab-indentation", repair.note,
                                                  repair.lines[0] if repair.lines else 1))
                else:
                    text = repair.text
                    for number in repair.lines:
                        outcome.applied.append(Applied("Y001", "tab-indentation",
                                                       "replace TAB indentation with spaces", number))
                    for number in repair.aligned:
                        outcome.applied.append(Applied("Y006", "misaligned-indentation",
                                                       "align the line with its siblings", number))
        code = indent_fix.first_problem_code(text, yaml12) if current is None and self.align_enabled else None
        if code in _ALIGNABLE:
            repair = indent_fix.fix_misaligned(text, yaml12=yaml12)
            if repair is not None:
                if repair.note and code == "Y006":
                    outcome.problems.append(_note(name, "Y006", "misaligned-indentation", repair.note,
                                                  repair.lines[0] if repair.lines else 1))
                elif not repair.note:
                    text = repair.text
                    for number in repair.lines:
                        outcome.applied.append(Applied("Y006", "misaligned-indentation",
                                                       "align the line with its siblings", number))
        after = snapshot(text, yaml12=yaml12)
        if after is None:
            if text != original or current is None:
                outcome.problems.append(_note(
                    name, "Y004", "syntax-error",
                    "the file does not parse" + (" even after the repairs yamlkit can make" if text != original else "")
                    + "; nothing was changed", 1,
                    "fix the syntax error reported with it, then run `yamlkit fix` again",
                ))
            return original, None
        if current is not None and after.json != current.json:
            raise AssertionError("unreachable: repairs are chosen to keep the data")  # pragma: no cover
        # Only whitespace before the first non-blank character of a line may have changed.
        if [l.lstrip(" \t") for l in original.splitlines()] != [l.lstrip(" \t") for l in text.splitlines()]:
            outcome.problems.append(internal_error(name, "a repair changed more than indentation"))
            return original, None
        return text, after

    def _option(self, rule: str, key: str, default: Any) -> Any:
        meta = next((m for m in self.engine.rules.values() if m.name == rule), None)
        given = self.settings.rule_options.get(rule) or {}
        if meta is not None:
            given = self.settings.rule_options.get(meta.code) or given
            for name in (key, key.replace("_", "-")):
                if isinstance(given, dict) and name in given:
                    return given[name]
            try:
                return getattr(self.settings.options_for(meta), key, default)
            except Exception:
                return default
        return given.get(key, default) if isinstance(given, dict) else default

    def _configured_indent(self) -> int | None:
        options = self.settings.rule_options.get("indentation") or {}
        meta = next((m for m in self.engine.rules.values() if m.name == "indentation"), None)
        if meta is not None:
            options = self.settings.rule_options.get(meta.code) or options
        spaces = options.get("spaces") if isinstance(options, dict) else None
        if spaces is None and meta is not None:
            try:
                spaces = getattr(self.settings.options_for(meta), "spaces", None)
            except Exception:  # an invalid option is reported by the configuration loader
                spaces = None
        return spaces if isinstance(spaces, int) and not isinstance(spaces, bool) and spaces > 0 else None

    # -- 2. passes ---------------------------------------------------------------------------------
    def _candidates(self, text: str, name: str, blocked: set[tuple[str, int, int]]) -> list[Candidate]:
        result = self.engine.check_source(SourceFile(name=name, text=text))
        self.context.findings = result.findings
        out: list[Candidate] = []
        for finding in result.findings:
            if finding.fix is None or not (finding.fix.safe or self.unsafe):
                continue
            out.append(Candidate.from_finding(finding))
        out.sort(key=lambda c: (min(e.start for e in c.edits) if c.edits else 0, c.code))
        # A text fixer for a registered rule acts only where that rule reported (so comment
        # suppressions and per-file ignores hold); whole-file rules need one finding anywhere.
        reported: dict[str, set[int]] = {}
        for finding in result.findings:
            reported.setdefault(finding.rule, set()).add(finding.line)
        registered = {meta.name for meta in self.engine.rules.values()}
        for rule, fixer in self.fixers:
            for candidate in fixer(text, self.context):
                if candidate.key in blocked:
                    continue
                if rule in registered:
                    lines = reported.get(rule)
                    if not lines or (rule not in _WHOLE_FILE and candidate.line not in lines):
                        continue
                out.append(candidate)
        return out

    def _passes(self, outcome: Outcome, text: str, current: Snapshot) -> str:
        blocked: set[tuple[str, int, int]] = set()
        for _ in range(self.max_passes):
            candidates = self._candidates(text, outcome.name, blocked)
            chosen = [c for c, _ in edit_ops.select(((c, c.edits) for c in candidates), len(text))]
            if any(c.reorder for c in chosen):  # checked against key order alone: no value change now
                chosen = [c for c in chosen if not c.value_change]
            if not chosen:
                return text
            new_text = edit_ops.apply(text, [e for c in chosen for e in c.edits])
            if new_text == text:
                return text
            verdict = self._verify(current, new_text, chosen)
            if verdict is None:
                bad = self._offenders(current, text, chosen)
                rule_bad = [c for c in bad if c.origin == "rule" and c.safe]
                if rule_bad or not bad:
                    c = rule_bad[0] if rule_bad else chosen[0]
                    what = f"the safe fix of {c.code} ({c.rule}) at line {c.line}" if rule_bad else "the fixes of one pass"
                    raise _Refuse(f"{what} would change the data or break the YAML", c.line)
                for c in bad:
                    if c.origin == "rule" and c.key not in blocked:  # an unsafe fix: dropped, said why
                        outcome.problems.append(_note(outcome.name, c.code, c.rule,
                                                      f"the unsafe fix \"{c.title}\" would change the data", c.line))
                blocked.update(c.key for c in bad)
                continue
            snap, values = verdict
            for c in chosen:
                outcome.applied.append(Applied(c.code, c.rule, c.title, c.line, c.safe, values.get(id(c))))
            text, current = new_text, snap
        return text

    def _verify(self, before: Snapshot, text: str, chosen: Iterable[Candidate]) -> tuple[Snapshot, dict[int, Any]] | None:
        after = snapshot(text, yaml12=self.settings.yaml12)
        if after is None:
            return None
        if after.json == before.json:
            return after, {}
        if any(c.reorder for c in chosen) and _unordered(before) == _unordered(after):
            return after, {}
        changes = changed_leaves(before, after)
        if changes is None:
            return None
        values: dict[int, Any] = {}
        traps = [c for c in chosen if c.value_change and c.path]
        for position, path, old, new in changes:
            index = before.indexes[position]
            owner = next((c for c in traps if c.path == path and c.document in (None, index)), None)
            if owner is None or not intended(old, new):
                return None
            values[id(owner)] = (path, old, new)
        return after, values

    def _offenders(self, before: Snapshot, text: str, chosen: list[Candidate]) -> list[Candidate]:
        bad = []
        for c in chosen:
            alone = edit_ops.apply(text, c.edits)
            if self._verify(before, alone, [c]) is None:
                bad.append(c)
        return bad

    def _data_kept(self, base: Snapshot, text: str, outcome: Outcome) -> str | None:
        """End to end: the data is the repaired text's, except the applied scalar-trap values."""
        final = snapshot(text, yaml12=self.settings.yaml12)
        if final is None:
            return "the fixed text does not parse"
        if final.json == base.json:
            return None
        values = {a.value[0]: a.value for a in outcome.applied if a.value}
        if any(a.rule == "key-ordering" for a in outcome.applied):
            base, final = _key_sorted(base), _key_sorted(final)
            if _unordered(base) == _unordered(final):
                return None
        for _, path, old, new in changed_leaves(base, final) or [(0, None, None, None)]:
            if path not in values or values[path][1:] != (old, new) or not intended(old, new):
                return f"the data changed at {path or 'the top level'}"
        return None

    @staticmethod
    def _comments_kept(before: str, after: str) -> str | None:
        old, new = comments(before), comments(after)
        if old is None or new is None:
            return None if new is not None or old is None else "the fixed text cannot be scanned for comments"
        # The comments rule may respace a comment (`#x` -> `# x`): compare the words only.
        before_words = Counter(_WS.sub("", c.lstrip("#")) for c in old)
        after_words = Counter(_WS.sub("", c.lstrip("#")) for c in new)
        if before_words != after_words:
            lost = list((before_words - after_words).elements())
            return f"a comment would be lost ({lost[0] if lost else 'changed'!r})"
        return None


def _key_sorted(snap: Snapshot) -> Snapshot:
    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: walk(value[k]) for k in sorted(value)}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return Snapshot(docs=tuple(walk(d) for d in snap.docs), indexes=snap.indexes, json="")


def _unordered(snap: Snapshot) -> str:
    import json

    return json.dumps(list(snap.docs), sort_keys=True, ensure_ascii=False)


class _Refuse(Exception):
    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def intended(old: Any, new: Any) -> bool:
    """A scalar-trap fix's change: a plain scalar quoted (true -> "yes"), or yes/on -> true."""
    if isinstance(new, str) and not isinstance(old, str):
        resolved = scalars.normalize_number(scalars.resolve_k8s(new))
        return type(resolved) is type(old) and resolved == old
    if isinstance(old, str) and isinstance(new, bool):
        resolved = scalars.resolve_k8s(old)
        return isinstance(resolved, bool) and resolved == new
    return False


def fix_text(text: str, settings: Settings | None = None, *, name: str = "<stdin>", unsafe: bool = False) -> Outcome:
    """Fix one text (library use): the :class:`Outcome` holds the new text and what was applied."""
    return Fixer(settings, unsafe=unsafe).fix(text, name)
