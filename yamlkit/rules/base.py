"""What a rule is: metadata on a decorator, behaviour in a generator, docs in the docstring.

A rule yields :class:`Violation` values; it never builds a :class:`~yamlkit.findings.Finding`
itself. The engine stamps the code, name, severity, file and position and applies the
configuration and suppressions.
"""

from __future__ import annotations

import dataclasses
import functools
import marshal
import os
from dataclasses import field
from enum import Enum
from typing import Any, Callable, Iterable, Iterator

from .._record import record
from ..document import Document, Path, format_path
from ..findings import Fix, Severity


class Scope(str, Enum):
    """What a rule looks at.

    - ``TEXT``: the whole file's text (``check(ctx, source)``); runs even when YAML does not parse.
    - ``DOCUMENT``: every parsed YAML document (``check(ctx, document)``).
    - ``RESOURCE``: every Kubernetes object, List items included (``check(ctx, resource)``),
      filtered by the rule's ``kinds``.
    - ``RUN``: once over every resource of the run (``check(ctx, resources)``), for cross-resource checks.
    - ``EMITTED``: no check of its own; another rule yields violations with this code.
    """

    TEXT = "text"
    DOCUMENT = "document"
    RESOURCE = "resource"
    RUN = "run"
    EMITTED = "emitted"


class Fixability(str, Enum):
    NEVER = "never"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


@record
class Violation:
    """What a rule reports.

    Give the place either as ``path`` (a data path inside the document or resource; ``at`` says
    key or value) or as an explicit ``line``/``column`` (TEXT rules). ``api_path`` overrides the
    displayed path when the API server prints one that does not mirror the YAML. ``code`` lets a
    rule report under another registered (EMITTED) code. ``note`` is appended to the message
    when the path could not be found exactly.
    """

    message: str
    hint: str | None = None
    path: Path | None = None
    at: str = "value"
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    api_path: str | None = None
    code: str | None = None
    severity: Severity | None = None
    fix: Fix | None = None
    related: tuple[str, ...] = ()
    resource: Any = None  # RUN-scope rules: the Resource the violation belongs to

    def __init__(self, message: str, hint: str | None = None, path: Path | None = None, at: str = "value",
                 line: int | None = None, column: int | None = None, end_line: int | None = None,
                 end_column: int | None = None, api_path: str | None = None, code: str | None = None,
                 severity: Severity | None = None, fix: Fix | None = None, related: tuple[str, ...] = (),
                 resource: Any = None) -> None:
        """Written out: one per finding, see :mod:`yamlkit._record`."""
        self.message = message
        self.hint = hint
        self.path = path
        self.at = at
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column
        self.api_path = api_path
        self.code = code
        self.severity = severity
        self.fix = fix
        self.related = related
        self.resource = resource


@record(frozen=True)
class RuleMeta:
    code: str
    name: str
    severity: Severity
    scope: Scope
    #: the documentation as written (the check's docstring), or a :class:`WrittenDoc` that
    #: writes it when first read (:attr:`written_doc`); :attr:`doc` is it cleaned, on first use
    docstring: str | WrittenDoc
    check: Callable[..., Iterable[Violation]] | None
    default_enabled: bool = True
    fixable: Fixability = Fixability.NEVER
    kinds: frozenset[str] | None = None
    options: type | None = None
    category: str = "yaml"
    since: str = "0.1.0"
    #: codes this rule explains better: their findings at the same place are dropped
    supersedes: frozenset[str] = frozenset()
    #: RUN rules: the resources the rule looks at (None: every resource); see yamlkit.retain
    wants: Callable[["Resource"], bool] | None = None
    #: RUN rules: the data paths the rule reads (``spec.ports[*].port``; None: the whole data)
    reads: tuple[str, ...] | None = None
    #: RUN rules: the paths the rule reports at or names (None: any, found by parsing the file again)
    locates: tuple[str, ...] | None = None
    #: RUN rules: functions of a full resource that the rule reads through :meth:`Resource.digest`
    digests: tuple[Callable[["Resource"], Any], ...] = ()
    #: RESOURCE rules: key names of which at least one must appear somewhere in the document for
    #: the rule to have anything to report; the engine skips the rule otherwise (None: always run)
    when_keys: frozenset[str] | None = None
    #: the rule's ``Violation.api_path`` values start at the resource: for a List item the
    #: engine puts the item's path (``items[2].``) in front, as it does for ``path``
    relative_api_path: bool = False

    def __init__(self, code: str, name: str, severity: Severity, scope: Scope,
                 docstring: str | WrittenDoc, check: Callable[..., Iterable[Violation]] | None,
                 default_enabled: bool = True, fixable: Fixability = Fixability.NEVER,
                 kinds: frozenset[str] | None = None, options: type | None = None, category: str = "yaml",
                 since: str = "0.1.0", supersedes: frozenset[str] = frozenset(),
                 wants: Callable[["Resource"], bool] | None = None, reads: tuple[str, ...] | None = None,
                 locates: tuple[str, ...] | None = None, digests: tuple[Callable[["Resource"], Any], ...] = (),
                 when_keys: frozenset[str] | None = None, relative_api_path: bool = False) -> None:
        """Written out: ~250 rules register at every start-up, and the shared ``__init__`` of
        :mod:`yamlkit._record` binds 20 arguments in Python. Frozen: fields are set as
        ``@dataclass(frozen=True)`` sets them."""
        set_field = object.__setattr__
        set_field(self, "code", code)
        set_field(self, "name", name)
        set_field(self, "severity", severity)
        set_field(self, "scope", scope)
        set_field(self, "docstring", docstring)
        set_field(self, "check", check)
        set_field(self, "default_enabled", default_enabled)
        set_field(self, "fixable", fixable)
        set_field(self, "kinds", kinds)
        set_field(self, "options", options)
        set_field(self, "category", category)
        set_field(self, "since", since)
        set_field(self, "supersedes", supersedes)
        set_field(self, "wants", wants)
        set_field(self, "reads", reads)
        set_field(self, "locates", locates)
        set_field(self, "digests", digests)
        set_field(self, "when_keys", when_keys)
        set_field(self, "relative_api_path", relative_api_path)

    @property
    def written_doc(self) -> str:
        """The documentation as written: :attr:`docstring`, or the text its :class:`WrittenDoc` writes."""
        doc = self.docstring
        return doc if isinstance(doc, str) else doc()

    @property
    def doc(self) -> str:
        """The documentation in Markdown, dedented (cleaning ~200 docstrings at import cost ~10 ms)."""
        return clean_doc(self.written_doc)

    @property
    def summary(self) -> str:
        """The documentation's first line."""
        return _summary(self.doc)

    def default_options(self) -> Any:
        return self.options() if self.options is not None else None

    def option_fields(self) -> list[dataclasses.Field[Any]]:
        return list(dataclasses.fields(self.options)) if self.options is not None else []


@record
class Resource:
    """A Kubernetes object: a document, or one item of a ``kind: List`` document.

    ``prefix`` is the data path of the object inside its document (``()`` or ``("items", 2)``),
    so a rule's path ``("spec", "replicas")`` is located at ``prefix + path``.
    """

    document: Document
    data: dict[str, Any]
    prefix: Path = ()
    #: ``apiVersion`` and ``kind`` of ``data`` ("" when missing or not strings), read once at
    #: creation (so ``data`` is never replaced): the rules ask for them about 30 times per
    #: resource. :class:`~yamlkit.retain.KeptResource` sets them from its kept identity instead.
    api_version: str = field(init=False, repr=False, compare=False)
    kind: str = field(init=False, repr=False, compare=False)

    def __init__(self, document: Document, data: dict[str, Any], prefix: Path = ()) -> None:
        """Written out (one per resource, see :mod:`yamlkit._record`); reads the identity once."""
        self.document = document
        self.data = data
        self.prefix = prefix
        api_version, kind = data.get("apiVersion"), data.get("kind")
        self.api_version = api_version if isinstance(api_version, str) else ""
        self.kind = kind if isinstance(kind, str) else ""

    @property
    def group(self) -> str:
        return self.api_version.rpartition("/")[0] if "/" in self.api_version else ""

    @property
    def metadata(self) -> dict[str, Any]:
        meta = self.data.get("metadata")
        return meta if isinstance(meta, dict) else {}

    @property
    def name(self) -> str:
        name = self.metadata.get("name")
        return name if isinstance(name, str) else ""

    @property
    def namespace(self) -> str:
        ns = self.metadata.get("namespace")
        return ns if isinstance(ns, str) else ""

    @property
    def ref(self) -> str:
        """``Deployment/ns/name`` (``Deployment/name`` without namespace)."""
        parts = [self.kind or "?"]
        if self.namespace:
            parts.append(self.namespace)
        parts.append(self.name or "?")
        return "/".join(parts)

    @property
    def file(self) -> str:
        return self.document.source.name

    def line_of(self, path: Path = ()) -> int:
        return self.document.locate(self.prefix + tuple(path))[0].line

    def where(self, path: Path = ()) -> str:
        """``file:line`` of a path, for messages that name another resource."""
        return f"{self.file}:{self.line_of(path)}"

    def digest(self, digest: Callable[["Resource"], Any], shared: dict[bytes, Any] | None = None) -> Any:
        """``digest(self)``, for a RUN rule that declares ``digest`` (``rule(..., digests=...)``).

        A kept resource carries it, computed when it was kept from the full resource (see
        yamlkit.retain); any other resource computes it now. With ``shared``, equal values are
        one object, keyed by their ``marshal`` bytes: equal bytes are equal values of equal types
        (``True == 1 == 1.0`` must not share), and a kept digest already is those bytes, so
        sharing it costs a lookup and decoding it happens once per distinct value."""
        blob = self.digested(digest)
        if blob is None:
            value = digest(self)
            return value if shared is None else shared.setdefault(value_key(value), value)
        if shared is None:
            return marshal.loads(blob)
        value = shared.get(blob, _UNSHARED)
        if value is _UNSHARED:
            value = shared[blob] = marshal.loads(blob)
        return value

    def digested(self, digest: Callable[["Resource"], Any]) -> bytes | None:
        """The ``marshal`` bytes of ``digest(self)`` computed earlier; None: compute it now."""
        return None


_UNSHARED: Any = object()


def value_key(value: Any) -> bytes:
    """A key for plain data, equal only for equal values of equal types (``True == 1 == 1.0``
    are three keys): its ``marshal`` bytes, written in C; its ``pickle`` bytes for what marshal
    cannot write (a library user's data may hold dates). The two never start alike."""
    try:
        return marshal.dumps(value)
    except ValueError:
        import pickle

        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


@record
class RuleContext:
    """Per-run state handed to each check: options, target Kubernetes version, shared caches."""

    options: Any = None
    kubernetes_version: str = ""
    strict: bool = True
    settings: Any = None  # yamlkit.config.Settings
    cache: dict[str, Any] = field(default_factory=dict)


class WrittenDoc:
    """Documentation written when first read, ``write(*parts)``, then kept.

    For rules whose documentation is assembled from parts (the API-server rules: ~1,200
    fragments dedented, ~12 M instructions of every start-up when written at import) and that
    most runs never read. It stands for the text it writes: equal, hashed and shown as that
    text, so a :class:`RuleMeta` compares, hashes, shows and pickles as with a string."""

    __slots__ = ("write", "parts", "text")

    def __init__(self, write: Callable[..., str], *parts: Any) -> None:
        self.write, self.parts = write, parts
        self.text: str | None = None

    def __call__(self) -> str:
        if self.text is None:
            self.text = self.write(*self.parts)
        return self.text

    def __eq__(self, other: object) -> bool:
        if isinstance(other, WrittenDoc):
            other = other()
        return self() == other

    def __hash__(self) -> int:
        return hash(self())

    def __repr__(self) -> str:
        return repr(self())


REGISTRY: dict[str, RuleMeta] = {}
_BY_NAME: dict[str, RuleMeta] = {}


def dedent(text: str) -> str:
    """``textwrap.dedent`` without regular expressions: the same result (a test compares them on
    random text), several times faster. The API-server rules dedent ~1,200 documentation
    fragments at import, which took ~20 ms of every start-up with ``textwrap.dedent``."""
    lines = text.split("\n")
    margin: str | None = None
    for number, line in enumerate(lines):
        content = line.lstrip(" \t")
        if not content:  # a blank line: emptied, and no say in the margin
            lines[number] = ""
            continue
        indent = line[: len(line) - len(content)]
        if margin is None:
            margin = indent
        elif not indent.startswith(margin):
            margin = os.path.commonprefix((margin, indent))
    if margin:
        width = len(margin)
        lines = [line[width:] for line in lines]
    return "\n".join(lines)


@functools.lru_cache(maxsize=None)
def clean_doc(doc: str) -> str:
    """Dedent a docstring like ``inspect.cleandoc`` but keep TABs (rule examples need them)."""
    lines = doc.strip("\n").splitlines()
    if not lines:
        return ""
    first, rest = lines[0], "\n".join(lines[1:])
    if first.startswith((" ", "\t")):
        return dedent("\n".join(lines)).strip()
    return (first.strip() + "\n" + dedent(rest)).strip()


@functools.lru_cache(maxsize=None)
def _summary(doc: str) -> str:
    for line in doc.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return line
    return ""


def register(meta: RuleMeta) -> RuleMeta:
    """Add a rule to the registry; codes and names must be unique."""
    if meta.code in REGISTRY:
        raise ValueError(f"rule code {meta.code} registered twice")
    if meta.name in _BY_NAME:
        raise ValueError(f"rule name {meta.name} registered twice")
    REGISTRY[meta.code] = meta
    _BY_NAME[meta.name] = meta
    return meta


def rule(
    code: str,
    name: str,
    *,
    severity: Severity = Severity.WARNING,
    scope: Scope = Scope.DOCUMENT,
    default: bool = True,
    fixable: Fixability = Fixability.NEVER,
    kinds: Iterable[str] | None = None,
    options: type | None = None,
    category: str = "yaml",
    supersedes: Iterable[str] = (),
    wants: Callable[["Resource"], bool] | None = None,
    reads: Iterable[str] | None = None,
    locates: Iterable[str] | None = None,
    digests: Iterable[Callable[[Resource], Any]] = (),
    when_keys: Iterable[str] | None = None,
    relative_api_path: bool = False,
    doc: str | WrittenDoc | None = None,
) -> Callable[[Callable[..., Iterable[Violation]]], Callable[..., Iterable[Violation]]]:
    """Register ``check`` as a rule. The function's docstring is the rule's documentation, unless
    ``doc`` is given (the documentation, or a :class:`WrittenDoc` that writes it when first read).

    ``when_keys`` (RESOURCE rules) is a promise: the rule reports nothing unless one of these key
    names appears somewhere in the resource's document (``{"env"}`` for a rule about env
    variables; a rule that reports a missing field names a key that must exist around it, such
    as ``containers``). The engine then skips the call when none does, which saves most of the
    cost of the ~100 rules a Deployment meets. ``tests/foundation/test_guards.py`` checks the
    promise by running every corpus with and without the skipping.

    ``digests`` (RUN rules) are functions of a full resource returning a small plain value
    (what ``marshal`` writes: str, int, float, bool, None, tuple, list, dict, frozenset); the
    rule reads them with ``resource.digest(function)``. A worker computes them when it keeps a
    resource, while its full data and node tree exist, so what the rule needs of a resource
    (a position included) crosses to the parent as a few bytes instead of pruned data and
    recorded positions. Rules that share a function share its value.
    """

    def wrap(check: Callable[..., Iterable[Violation]]) -> Callable[..., Iterable[Violation]]:
        register(
            RuleMeta(
                code=code,
                name=name,
                severity=severity,
                scope=scope,
                docstring=doc if doc is not None else check.__doc__ or "",
                check=check,
                default_enabled=default,
                fixable=fixable,
                kinds=frozenset(kinds) if kinds is not None else None,
                options=options,
                category=category,
                supersedes=frozenset(supersedes),
                wants=wants,
                reads=tuple(reads) if reads is not None else None,
                locates=tuple(locates) if locates is not None else None,
                digests=tuple(digests),
                when_keys=frozenset(when_keys) if when_keys is not None else None,
                relative_api_path=relative_api_path,
            )
        )
        return check

    return wrap


def emitted(
    code: str,
    name: str,
    doc: str,
    *,
    severity: Severity = Severity.ERROR,
    default: bool = True,
    fixable: Fixability = Fixability.NEVER,
    category: str = "yaml",
    supersedes: Iterable[str] = (),
) -> RuleMeta:
    """Register a code that has no check of its own (another check reports it)."""
    return register(
        RuleMeta(
            code=code,
            name=name,
            severity=severity,
            scope=Scope.EMITTED,
            docstring=doc,
            check=None,
            default_enabled=default,
            fixable=fixable,
            category=category,
            supersedes=frozenset(supersedes),
        )
    )


def lookup(code_or_name: str) -> RuleMeta | None:
    """A rule by code (``K201``) or name (``liveness-success-threshold``)."""
    return REGISTRY.get(code_or_name.upper()) or _BY_NAME.get(code_or_name.lower())


def per_file(ctx: RuleContext | None, source: Any, key: str, compute: Callable[[Any], Any]) -> Any:
    """``compute(source)``, computed once per file for every rule that asks under ``key``
    (kept in ``ctx.cache`` with the source itself, so a later file cannot be mistaken for it).
    RUN rules pass the run's list of resources as ``source``: once per run."""
    cache = ctx.cache if ctx is not None else {}
    hit = cache.get(key)
    if hit is None or hit[0] is not source:
        hit = cache[key] = (source, compute(source))
    return hit[1]


def walk_path(data: Any, path: Path) -> Any:
    """The value at ``path`` in plain data, or None."""
    for item in path:
        if isinstance(item, int) and isinstance(data, list) and 0 <= item < len(data):
            data = data[item]
        elif isinstance(item, str) and isinstance(data, dict):
            data = data.get(item)
        else:
            return None
    return data


__all__ = [
    "Fixability",
    "REGISTRY",
    "Resource",
    "RuleContext",
    "RuleMeta",
    "Scope",
    "Violation",
    "emitted",
    "format_path",
    "lookup",
    "register",
    "rule",
    "per_file",
    "value_key",
    "walk_path",
    "Document",
    "Iterator",
]
