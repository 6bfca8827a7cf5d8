"""The pipeline: sources -> parsed documents -> rules -> findings -> :class:`Report`.

Each file is independent until the RUN-scope rules, which see the resources of every file.
Rules yield :class:`~yamlkit.rules.base.Violation` values; :func:`stamp` turns each into a
:class:`~yamlkit.findings.Finding` with code, name, severity, file and position.
"""

from __future__ import annotations

import collections
import sys
from dataclasses import field
from operator import attrgetter
from typing import Any, Iterable, Iterator, Sequence

from . import parse as parse_mod
from . import suppressions
from ._gc import no_gc
from ._record import record
from .document import Document, format_path
from .findings import Finding, Severity, sort_key
from .rules import load_rules
from .rules.base import Resource, RuleContext, RuleMeta, Scope, Violation
from .settings import Settings
from .retain import KeptFile, Plan
from .source import SourceFile


@record
class Summary:
    files: int = 0
    documents: int = 0
    resources: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    fixable: int = 0

    def count(self, finding: Finding) -> None:
        """Add one finding to the counts."""
        self.count_all((finding,))

    def count_all(self, findings: Sequence[Finding]) -> None:
        """Add findings to the counts, in C loops (a report has thousands)."""
        severities = collections.Counter(map(attrgetter("severity"), findings))
        self.errors += severities.pop(Severity.ERROR, 0)
        self.warnings += severities.pop(Severity.WARNING, 0)
        self.infos += sum(severities.values())
        self.fixable += len(findings) - list(map(attrgetter("fix"), findings)).count(None)

    def to_dict(self) -> dict[str, int]:
        return {
            "files": self.files,
            "documents": self.documents,
            "resources": self.resources,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "fixable": self.fixable,
        }


@record
class FileResult:
    """Everything one file produced: its findings (sorted) and what it leaves for the RUN rules.

    ``resources`` are the resources the enabled RUN rules want, pruned to what they read
    (:class:`~yamlkit.retain.KeptResource`); ``kept`` is their file. ``raw`` (the findings before
    suppressions) is kept only for a file with suppression directives, so that RUN findings
    honour them too. ``source`` is the file's text, when the caller asked for it; ``texts`` are
    the findings rendered in the report's format, when a worker process did that (see
    :class:`yamlkit.report.RenderedAhead`).
    """

    file: str
    findings: list[Finding] = field(default_factory=list)
    documents: int = 0
    resources: list[Resource] = field(default_factory=list)
    resource_count: int = 0
    source: SourceFile | None = None
    kept: KeptFile | None = None
    raw: list[Finding] | None = None
    texts: list[str] | None = None

    def __init__(self, file: str, findings: list[Finding] | None = None, documents: int = 0,
                 resources: list[Resource] | None = None, resource_count: int = 0,
                 source: SourceFile | None = None, kept: KeptFile | None = None,
                 raw: list[Finding] | None = None, texts: list[str] | None = None) -> None:
        """Written out: one per file (see :mod:`yamlkit._record`); no list means a new empty one."""
        self.file = file
        self.findings = [] if findings is None else findings
        self.documents = documents
        self.resources = [] if resources is None else resources
        self.resource_count = resource_count
        self.source = source
        self.kept = kept
        self.raw = raw
        self.texts = texts


@record
class Report:
    """The result of a run: every finding, in a stable order, and the counts."""

    findings: list[Finding] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    files: list[str] = field(default_factory=list)

    def exit_code(self, fail_level: Severity = Severity.ERROR) -> int:
        if any(f.code == "X001" for f in self.findings):
            return 2
        return 1 if any(f.severity.rank >= fail_level.rank for f in self.findings) else 0

    def to_dict(self, findings: bool = True) -> dict[str, Any]:
        """The JSON shape; ``findings=False`` leaves the list empty (for writing it piece by piece)."""
        return {
            "version": 1,
            "findings": [f.to_dict() for f in self.findings] if findings else [],
            "summary": self.summary.to_dict(),
        }


#: one rule as the engine runs it: (meta, check, options, when_keys)
Step = tuple[RuleMeta, Any, Any, "frozenset[str] | None"]


class Engine:
    """Runs the enabled rules over files. Build one per run; it caches rule selection."""

    def __init__(self, settings: Settings | None = None, *, guards: bool = True) -> None:
        """``guards=False`` runs every rule even where its ``when_keys`` say it has nothing to
        report (only for tests that check those promises)."""
        self.settings = settings or Settings()
        self._guards = guards
        registry = load_rules()
        self.rules: dict[str, RuleMeta] = registry
        self.context = RuleContext(
            kubernetes_version=self.settings.kubernetes_version or "",
            strict=self.settings.strict,
            settings=self.settings,
        )
        self._by_scope: dict[Scope, list[RuleMeta]] = {scope: [] for scope in Scope}
        for meta in registry.values():
            if meta.check is not None and self._enabled_anywhere(meta):
                self._by_scope[meta.scope].append(meta)
        self._options: dict[str, Any] = {m.code: self.settings.options_for(m) for m in registry.values()}
        #: per scope (and per kind for RESOURCE rules, see _kind_steps): the steps to run, in order
        self._steps = {scope: [self._step(m) for m in metas] for scope, metas in self._by_scope.items()}
        self._kind_rules: dict[str, list[Step]] = {}
        self._severities: dict[str, Severity | None] = {}  # see _emitted
        run_rules = self._by_scope[Scope.RUN]
        #: what the RUN rules keep of each file (None: no RUN rule, nothing is kept)
        self.plan = Plan(run_rules, (self.settings.yaml12, self.settings.limits)) if run_rules else None

    def _enabled_anywhere(self, meta: RuleMeta) -> bool:
        # A rule emitting other codes (a "family") runs if it or any code it may emit is enabled.
        emits = getattr(meta.check, "emits", ())  # codes a family check reports besides its own
        return (self.settings.is_enabled(meta) or bool(self.settings.per_file_ignores)
                or any(code in self.rules and self.settings.is_enabled(self.rules[code]) for code in emits))

    # -- one file ---------------------------------------------------------------------------
    def check_source(self, source: SourceFile, keep_resources: bool = False) -> FileResult:
        """Check one file; with ``keep_resources``, keep what the RUN rules need of it."""
        parsed = parse_mod.parse(source, yaml12=self.settings.yaml12, limits=self.settings.limits)
        result = FileResult(file=source.name)
        raw: list[Finding] = []
        for problem in parsed.problems:
            self._add(raw, problem, None, None, source)
        self._run_scope(raw, Scope.TEXT, source, None, source)
        documents: list[tuple[Document, list[Resource]]] = []
        for doc in parsed.documents:
            if doc.is_empty:
                continue
            result.documents += 1
            self._run_scope(raw, Scope.DOCUMENT, doc, doc, source)
            resources = list(resources_of(doc))
            documents.append((doc, resources))
            for resource in resources:
                self._run_resource(raw, resource, doc, source)
        raw = drop_superseded(raw, self.rules)
        directives = suppressions.directives_of(parsed)
        result.findings = sorted(suppressions.apply(raw, parsed, self.settings, directives), key=sort_key)
        result.resource_count = sum(len(resources) for _doc, resources in documents)
        if keep_resources and self.plan is not None:
            # RUN findings honour the file's suppressions too: a file with directives keeps its
            # text and its findings before suppressions
            result.kept, result.resources = self.plan.keep(source, documents, bool(directives))
            if directives and result.kept is not None:
                result.raw = raw
        return result

    def run_rules_over(self, resources: list[Resource]) -> list[Finding]:
        """RUN-scope (cross-resource) rules over every resource of the run.

        The collector pauses meanwhile: the rules' indexes and findings hold no reference
        cycles, and this phase runs alone, after every file, in the parent."""
        out: list[Finding] = []
        with no_gc():
            for meta in self._by_scope[Scope.RUN]:
                try:
                    for violation in meta.check(self._ctx(meta), resources) or ():
                        resource = violation.resource if isinstance(violation.resource, Resource) else None
                        self._add(out, violation, resource.document if resource else None, resource,
                                  resource.document.source if resource else None, meta)
                except Exception as exc:  # a crashing rule must not stop the run
                    out.append(self._internal_error(meta, "<run>", exc))
        return out

    def _ctx(self, meta: RuleMeta) -> RuleContext:
        self.context.options = self._options.get(meta.code)
        return self.context

    def _run_scope(self, out: list[Finding], scope: Scope, target: Any, doc: Document | None,
                   source: SourceFile) -> None:
        """The TEXT rules (``target`` the source) or the DOCUMENT rules (``target`` the document)."""
        self._run_steps(out, self._steps[scope], target, doc, None, source, None)

    def _run_resource(self, out: list[Finding], resource: Resource, doc: Document, source: SourceFile) -> None:
        """The RESOURCE rules for ``resource``'s kind, except those whose ``when_keys`` the
        document lacks (``doc.key_names`` None: nothing is known, every rule runs)."""
        self._run_steps(out, self._kind_steps(resource.kind), resource, doc, resource, source, doc.key_names)

    def _run_steps(self, out: list[Finding], steps: list[Step], target: Any, doc: Document | None,
                   resource: Resource | None, source: SourceFile, names: set[str] | None) -> None:
        ctx = self.context
        for meta, check, options, when_keys in steps:
            if when_keys is not None and names is not None and when_keys.isdisjoint(names):
                continue
            ctx.options = options
            try:
                for violation in check(ctx, target) or ():
                    self._add(out, violation, doc, resource, source, meta)
            except Exception as exc:  # a crashing rule must not stop the run
                out.append(self._internal_error(meta, source.name, exc))

    def skipped_rules(self, resource: Resource, doc: Document) -> list[RuleMeta]:
        """The rules :meth:`_run_resource` skips for ``resource`` by their ``when_keys``."""
        names = doc.key_names
        if names is None:
            return []
        return [meta for meta, _check, _options, when_keys in self._kind_steps(resource.kind)
                if when_keys is not None and when_keys.isdisjoint(names)]

    def _step(self, meta: RuleMeta) -> Step:
        """What running ``meta`` needs, looked up once per run: (meta, check, options, the key
        names it needs: ``when_keys``, None with ``guards=False``)."""
        return meta, meta.check, self._options.get(meta.code), meta.when_keys if self._guards else None

    def _kind_steps(self, kind: str) -> list[Step]:
        """The RESOURCE rules that apply to ``kind`` (their ``kinds`` filter), computed once per kind."""
        steps = self._kind_rules.get(kind)
        if steps is None:
            steps = self._kind_rules[kind] = [
                self._step(m) for m in self._by_scope[Scope.RESOURCE] if m.kinds is None or kind in m.kinds
            ]
        return steps

    def _internal_error(self, meta: RuleMeta, file: str, exc: BaseException) -> Finding:
        detail = ""
        if self.settings.debug:
            import traceback  # only here: importing it costs every run ~2 ms of start-up

            detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return Finding(
            code="X001",
            rule="internal-error",
            severity=Severity.ERROR,
            file=file,
            line=1,
            column=1,
            message=f"internal error in rule {meta.code} ({meta.name}): {type(exc).__name__}: {exc}",
            hint=(detail or "run again with --debug for the traceback, and please report it"),
        )

    def _add(self, out: list[Finding], v: Violation, doc: Any, resource: Resource | None,
             source: Any, meta: RuleMeta | None = None) -> None:
        code = v.code or (meta.code if meta else "Y004")
        emitted_meta = self.rules.get(code) or meta
        if emitted_meta is None:
            return
        file = source.name if source else (resource.file if resource else "<run>")
        severity = self._emitted(emitted_meta, file)
        if severity is None:
            return
        if v.api_path is not None and resource is not None and resource.prefix and meta is not None and meta.relative_api_path:
            v.api_path = format_path(resource.prefix) + "." + v.api_path  # a List item's API path starts at the List
        out.append(stamp(v, emitted_meta, severity, file, doc, resource, source))

    def _emitted(self, meta: RuleMeta, file: str) -> Severity | None:
        """The severity of ``meta``'s findings in ``file``, None when it is not enabled there;
        looked up once per rule unless ``per-file-ignores`` makes it depend on the file."""
        if self.settings.per_file_ignores:
            return self.settings.severity_of(meta) if self.settings.is_enabled(meta, file) else None
        try:
            return self._severities[meta.code]
        except KeyError:
            found = self.settings.severity_of(meta) if self.settings.is_enabled(meta) else None
            self._severities[meta.code] = found
            return found


def stamp(v: Violation, meta: RuleMeta, severity: Severity, file: str, doc: Any,
          resource: Resource | None, source: Any) -> Finding:
    """A violation as a finding: the engine adds code, name, severity, file and position.

    ``doc`` is a :class:`~yamlkit.document.Document` or a kept one, ``source`` a
    :class:`~yamlkit.source.SourceFile` or a :class:`~yamlkit.retain.KeptFile`."""
    message = v.message
    path_text = v.api_path
    if v.line is not None:
        line, column = v.line, v.column or 1
        end_line, end_column = v.end_line, v.end_column
        if path_text is None and v.path is not None:
            path_text = format_path(((resource.prefix if resource else ()) + tuple(v.path)))
    elif v.path is not None and doc is not None:
        full = (resource.prefix if resource else ()) + tuple(v.path)
        span, exact = doc.locate(full, v.at)
        line, column, end_line, end_column = span.line, span.column, span.end_line, span.end_column
        if path_text is None:
            path_text = format_path(full)
        if not exact:
            message += " (this field is not in the file; the position shown is its nearest parent)"
    elif doc is not None:
        base = resource.prefix if resource else ()
        span, _ = doc.locate(base)
        line, column, end_line, end_column = span.line, span.column, span.end_line, span.end_column
    else:
        line, column, end_line, end_column = 1, 1, None, None
    if source is not None:
        last = max(source.line_count, 1)
        if line > last:
            line, column, end_line, end_column = last, max(1, _width(source, last) + 1), None, None
    return Finding(
        code=meta.code,
        rule=meta.name,
        severity=v.severity or severity,
        file=file,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        message=message,
        hint=_shared(v.hint),
        path=_shared(path_text) or None,
        document=doc.index if doc is not None else None,
        resource=_shared(resource.ref) if resource is not None else None,
        fix=v.fix,
        related=v.related,
    )


def _width(source: Any, line: int) -> int:
    """Characters on ``line`` (a kept file knows only its last line's)."""
    if isinstance(source, KeptFile):
        return source.last_width
    return len(source.line_text(line))


def _shared(text: str | None) -> str | None:
    """One string object for equal hints, paths and resource names: findings repeat them, and
    a worker's results then carry each once."""
    return sys.intern(text) if type(text) is str else text


def resources_of(doc: Document) -> Iterator[Resource]:
    """The Kubernetes objects of a document: itself, or each item of a ``*List``."""
    data = doc.data
    if not isinstance(data, dict):
        return
    kind = data.get("kind")
    items = data.get("items")
    if isinstance(kind, str) and kind.endswith("List") and isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield Resource(document=doc, data=item, prefix=("items", index))
        return
    if "apiVersion" in data or "kind" in data:
        yield Resource(document=doc, data=data)


def drop_superseded(findings: list[Finding], rules: dict[str, RuleMeta]) -> list[Finding]:
    """Keep one finding per mistake: a rule that explains a problem better (a scalar trap, a
    run-together key) replaces the generic finding (a schema type error) at the same place."""
    replaced: dict[tuple[int, int], set[str]] = {}
    for finding in findings:
        meta = rules.get(finding.code)
        if meta is not None and meta.supersedes:
            replaced.setdefault((finding.line, finding.column), set()).update(meta.supersedes)
    if not replaced:
        return findings
    return [f for f in findings if f.code not in replaced.get((f.line, f.column), ())]


@record
class _Checked:
    """What the run keeps of a checked file until the RUN findings are merged in."""

    file: str
    findings: list[Finding]
    kept: KeptFile | None
    raw: list[Finding] | None

    def __init__(self, file: str, findings: list[Finding], kept: KeptFile | None,
                 raw: list[Finding] | None) -> None:
        """Written out: one per file (see :mod:`yamlkit._record`)."""
        self.file = file
        self.findings = findings
        self.kept = kept
        self.raw = raw


def check_sources(sources: Iterable[SourceFile | FileResult], settings: Settings | None = None) -> Report:
    """Check sources (already read) and build the report; RUN rules see every resource."""
    engine = Engine(settings)
    report = Report()
    keep = engine.plan is not None
    all_resources: list[Resource] = []
    checked: list[_Checked] = []
    for item in sources:
        result = item if isinstance(item, FileResult) else engine.check_source(item, keep_resources=keep)
        checked.append(_Checked(result.file, result.findings, result.kept, result.raw))
        report.summary.files += 1
        report.summary.documents += result.documents
        report.summary.resources += result.resource_count
        all_resources.extend(result.resources)
        report.files.append(result.file)
    run_findings = engine.run_rules_over(all_resources) if keep else []
    del all_resources
    by_file: dict[str, list[Finding]] = {}
    for finding in run_findings:
        by_file.setdefault(finding.file, []).append(finding)
    for entry in checked:
        extra = by_file.pop(entry.file, None)
        report.findings.extend(_merged(entry, extra, engine.settings) if extra else entry.findings)
    for rest in by_file.values():
        report.findings.extend(rest)
    report.summary.count_all(report.findings)
    return report


def _merged(entry: _Checked, extra: list[Finding], settings: Settings) -> list[Finding]:
    """A file's findings with its RUN findings, in order. With suppression directives in the file,
    suppressions run once over both (so a directive used only by a RUN finding is not "unused")."""
    if entry.raw is not None and entry.kept is not None:
        from .retain import reparse

        return sorted(suppressions.apply(entry.raw + extra, reparse(entry.kept), settings), key=sort_key)
    return sorted(entry.findings + extra, key=sort_key)


__all__ = ["Engine", "FileResult", "Report", "Summary", "check_sources", "resources_of", "stamp"]
