"""What a file leaves behind for the RUN-scope rules, once its node trees are gone.

RUN rules see the resources of every file, so the engine keeps resources until the end of the
run. It keeps only what the enabled RUN rules declare (see :func:`yamlkit.rules.base.rule`):

- ``wants``: which resources a rule looks at (a predicate; none means every resource);
- ``reads``: the data paths it reads (``spec.ports[*].port``: ``[*]`` is every list item;
  ``CronJob:spec.jobTemplate`` only for one kind); a rule that declares none gets the whole data;
- ``locates``: the paths it reports at or names in messages. Their spans are recorded while
  the node tree exists, so a kept document answers ``locate`` for them without re-parsing;
- ``digests``: functions of the full resource (its data and node tree) returning a small plain
  value. Every kept resource carries the value of every digest declared by an enabled RUN rule,
  as ``marshal`` bytes computed at keep time (in the worker); ``Resource.digest`` reads it, and
  computes it on the spot for any other resource. What a rule reads only through digests it
  need not declare in ``reads`` or ``locates``: a digest is how a rule keeps facts (a position's
  line, a set of ports) without keeping the data and positions they come from.

A kept resource (:class:`KeptResource`) holds its pruned data as a compact ``marshal`` blob, its
digests, and its identity (kind, apiVersion, name, namespace); its document (:class:`KeptDocument`) holds the
recorded positions; the file (:class:`KeptFile`) holds its name and line count. The source text
is pinned only when it may be needed again: the file has suppression directives (RUN findings
honour them: the file is re-parsed for that), or a rule that wants one of its resources declares
no ``reads`` or no ``locates`` (anything may be located: the file is re-parsed on demand).
Asking a kept document for a position nobody recorded, in a file without text, is a rule that
does not declare what it locates: it raises :class:`UnrecordedPosition`.

Pruning keeps, along every declared path, the same values with the same types: a mapping keeps
the declared keys it has, a list keeps every item under ``[*]``, and a value of an unexpected
shape (a list where a mapping is declared...) is kept whole. A rule that reads only what it
declares therefore computes the same result on kept resources as on full ones. Reading means
looking up declared keys and testing types; a mapping on the way to a declared path must not be
iterated, counted or tested for emptiness (declare it whole for that).
"""

from __future__ import annotations

import collections
import marshal
import struct
import sys
from typing import Any, Iterable, Iterator, NamedTuple, Sequence

from .document import Document, ParsedFile, Path, Span, child_of, span_numbers
from .rules.base import Resource, RuleMeta
from .source import SourceFile

#: the list-item wildcard of a declared path
ITEM = "[*]"
#: read for every kept resource: its identity
IDENTITY = ("apiVersion", "kind", "metadata.name", "metadata.namespace")

Tree = dict  # declared paths as a tree: key -> subtree, None = keep the whole value


def parse_path(text: str) -> tuple[str, ...]:
    """``spec.ports[*].port`` -> ``("spec", "ports", "[*]", "port")``."""
    out: list[str] = []
    for part in text.split("."):
        name, star, _rest = part.partition(ITEM)
        if name:
            out.append(name)
        if star:
            out.append(ITEM)
    return tuple(out)


def for_kind(paths: Iterable[str], kind: str) -> list[str]:
    """The declared paths that apply to ``kind``: unscoped ones and ``Kind:path`` ones."""
    out = []
    for text in paths:
        scope, colon, path = text.rpartition(":")
        if not colon or scope == kind:
            out.append(path)
    return out


def path_tree(paths: Iterable[str]) -> Tree:
    """The union of declared paths; a path that ends where another goes on keeps the whole value."""
    tree: Tree = {}
    for text in paths:
        items = parse_path(text)
        node = tree
        for i, item in enumerate(items):
            last = i == len(items) - 1
            if last:
                node[item] = None
            elif node.get(item, {}) is None:
                break  # a shorter path keeps the whole value already
            else:
                node = node.setdefault(item, {})
    return tree


def prune(value: Any, tree: Tree | None) -> Any:
    """``value`` restricted to the declared paths of ``tree`` (None: all of it)."""
    if tree is None:
        return value
    if isinstance(value, dict) and (len(tree) > 1 or ITEM not in tree):
        return _prune_mapping(value, tree)
    if isinstance(value, list) and ITEM in tree:
        sub = tree[ITEM]
        return [prune(item, sub) for item in value] if sub is not None else value
    return value  # a scalar, or an unexpected shape: whole


def _prune_mapping(value: dict[str, Any], tree: Tree) -> dict[str, Any]:
    """The declared keys of ``value``, in its order (a whole value is taken without a call: most are)."""
    out = {}
    declared = tree.get
    for key, item in value.items():
        sub = declared(key, _UNDECLARED)
        if sub is _UNDECLARED or key == ITEM:
            continue
        out[key] = item if sub is None else prune(item, sub)
    return out


_UNDECLARED: Any = object()


#: declared positions as a tree: item -> (a declared path ends here, the items below)
LocateTree = dict[str, tuple[bool, "LocateTree"]]


def locate_tree(paths: Iterable[tuple[str, ...]]) -> LocateTree:
    """The union of parsed ``locates`` paths (unlike :func:`path_tree`, a path may end where
    another goes on: both positions are recorded)."""
    tree: LocateTree = {}
    for items in paths:
        level = tree
        for i, item in enumerate(items):
            ends, below = level.get(item, (False, {}))
            level[item] = (ends or i == len(items) - 1, below)
            level = below
    return tree


def _concrete(ends: bool, below: LocateTree, data: Any) -> Iterator[Path]:
    """The concrete paths (``[*]`` -> each index of the list in ``data``), relative to here."""
    if ends:
        yield ()
    for item, (item_ends, item_below) in below.items():
        if item == ITEM:
            if isinstance(data, list):
                for index, value in enumerate(data):
                    for rest in _concrete(item_ends, item_below, value):
                        yield (index,) + rest
        else:
            value = data.get(item) if isinstance(data, dict) else None
            for rest in _concrete(item_ends, item_below, value):
                yield (item,) + rest


# -- positions -------------------------------------------------------------------------------------
_SAME, _NARROW, _WIDE = (struct.Struct("<B4H"), struct.Struct("<B8H"), struct.Struct("<B8I"))
_EXACT, _ONE_SPAN, _WIDE_NUMBERS = 1, 2, 4


def _pack(key: tuple[int, ...], value: tuple[int, ...], exact: bool) -> bytes:
    """The two answers of ``locate`` (at the key, at the value: each a span's four numbers) in 9
    to 33 bytes."""
    flags = _EXACT if exact else 0
    if max(max(key), max(value)) > 0xFFFF:
        return _WIDE.pack(flags | _WIDE_NUMBERS, *key, *value)
    if key == value:
        return _SAME.pack(flags | _ONE_SPAN, *key)
    return _NARROW.pack(flags, *key, *value)


def _unpack(packed: bytes, at: str) -> tuple[Span, bool]:
    """The span ``locate`` answers, read past the flags without slicing (RUN findings are
    stamped through it: thousands per run)."""
    flags = packed[0]
    if flags & _ONE_SPAN:
        return Span(*_SPAN.unpack_from(packed, 1)), bool(flags & _EXACT)
    numbers = (_WIDE_SPANS if flags & _WIDE_NUMBERS else _NARROW_SPANS).unpack_from(packed, 1)
    return Span(*(numbers[:4] if at == "key" else numbers[4:])), bool(flags & _EXACT)


_SPAN, _NARROW_SPANS, _WIDE_SPANS = (struct.Struct("<4H"), struct.Struct("<8H"), struct.Struct("<8I"))


class UnrecordedPosition(LookupError):
    """A RUN rule located a path it did not declare in ``locates``."""


# -- the kept file, documents and resources --------------------------------------------------------
def last_width(text: str) -> int:
    """``len(source.line_text(source.line_count))`` from C-level string scans: a third of the kept
    files reach this point without their line index, and building it here would cost more than
    the rest of their keeping."""
    if text.endswith("\n"):  # a trailing newline opens no new line
        start = text.rfind("\n", 0, len(text) - 1) + 1
        return len(text[start:-1].rstrip("\r\n"))
    return len(text[text.rfind("\n") + 1:].rstrip("\r\n"))


class KeptFile:
    """The file of kept resources: its name and line count; its text (and how to parse it again)
    only when pinned."""

    __slots__ = ("name", "line_count", "last_width", "pinned", "parse_options")

    def __init__(self, source: SourceFile, pinned: bool, parse_options: tuple[bool, Any]) -> None:
        self.name = source.name
        self.line_count, self.last_width = source.line_count, last_width(source.text)  # for positions past the end
        self.pinned = source if pinned else None
        self.parse_options = parse_options if pinned else None  # (yaml12, limits)

    def source(self) -> SourceFile:
        if self.pinned is None:
            raise UnrecordedPosition(f"the text of {self.name} was not kept")
        return self.pinned



class KeptDocument:
    """A document of a kept resource: index, lines, recorded positions; the rest by re-parsing."""

    __slots__ = ("source", "index", "line_offset", "start_line", "end_line", "positions")

    def __init__(self, doc: Document, source: KeptFile) -> None:
        self.source = source
        self.index = doc.index
        self.line_offset = doc.line_offset
        self.start_line = doc.start_line
        self.end_line = doc.end_line
        self.positions = b""  # marshal of {full path: packed spans}

    is_empty = False

    def locate(self, path: Sequence[Any], at: str = "value") -> tuple[Span, bool]:
        packed = marshal.loads(self.positions).get(tuple(path)) if self.positions else None
        if packed is not None:
            return _unpack(packed, at)
        return self._document().locate(path, at)

    def _document(self) -> Document:
        if self.source.pinned is None:
            raise UnrecordedPosition(
                f"{self.source.name}: no position was recorded for this path; a RUN rule must declare "
                "what it locates (rule(..., locates=...))")
        for doc in reparse(self.source).documents:
            if doc.index == self.index:
                return doc
        raise LookupError(f"{self.source.name}: no document {self.index}")  # pragma: no cover

    def __getattr__(self, name: str) -> Any:  # root, data, node_at, keys, ...: from the re-parse
        if name.startswith("_"):  # pickle's probes and unset slots
            raise AttributeError(name)
        return getattr(self._document(), name)


class KeptResource(Resource):
    """A resource kept for the RUN rules: identity as attributes, pruned data as a blob
    (``data`` is rebuilt on every access: hold on to it while you need it)."""

    # the rest of the identity as slots: they stand in for Resource's properties that read
    # ``data`` (``api_version`` and ``kind`` are Resource's own slots)
    __slots__ = ("blob", "digests", "name", "namespace")

    def __init__(self, document: KeptDocument, prefix: Path, blob: bytes, identity: tuple[str, str, str, str],
                 digests: tuple[Any, ...] = ()) -> None:
        self.document = document  # type: ignore[assignment]
        self.prefix = prefix
        self.blob = blob
        #: function, its marshal bytes, function, ... (flat: a tuple of pairs would cost a tuple each)
        self.digests = digests
        api_version, kind, self.name, namespace = identity  # type: ignore[misc]
        # few distinct values, many resources: one string each
        self.api_version, self.kind, self.namespace = (  # type: ignore[misc]
            sys.intern(api_version), sys.intern(kind), sys.intern(namespace))

    @classmethod
    def of(cls, resource: Resource, document: KeptDocument, data: Any, digests: tuple[Any, ...]) -> "KeptResource":
        identity = (resource.api_version, resource.kind, resource.name, resource.namespace)
        return cls(document, resource.prefix, marshal.dumps(data), identity, digests)

    def __reduce__(self) -> tuple[Any, ...]:
        identity = (self.api_version, self.kind, self.name, self.namespace)
        return KeptResource, (self.document, self.prefix, self.blob, identity, self.digests)

    @property  # type: ignore[override]
    def data(self) -> dict[str, Any]:
        value: dict[str, Any] = marshal.loads(self.blob)
        return value

    def digested(self, digest: Any) -> bytes:
        """The bytes computed at keep time (computing it now from pruned data could differ)."""
        try:
            blob: bytes = self.digests[self.digests.index(digest) + 1]  # a function is equal only to itself
        except ValueError:
            raise UndeclaredDigest(f"{self.file}: {self.ref} was kept without {_name(digest)}; a RUN rule "
                                   "must declare the digests it reads (rule(..., digests=...))") from None
        if not blob:
            raise DigestFailed(f"{_name(digest)} failed on {self.ref} in {self.file} when it was kept")
        return blob


class UndeclaredDigest(LookupError):
    """A RUN rule read a digest that no enabled RUN rule declares."""


class DigestFailed(RuntimeError):
    """A digest raised when its resource was kept: the rule that reads it fails as if it had raised."""


def _name(function: Any) -> str:
    return f"digest {getattr(function, '__qualname__', function)!s}"


def digests_of(functions: Sequence[Any], resource: Resource) -> tuple[Any, ...]:
    """``functions`` and the marshal bytes of their values for ``resource`` (b"" for one that
    raised: the file is checked all the same, and the RUN rule reading it fails in its stead)."""
    out: list[Any] = []
    for function in functions:
        try:
            blob = marshal.dumps(function(resource))
        except Exception:  # noqa: BLE001 - reported by the rule that reads it (DigestFailed)
            blob = b""
        out += (function, _NONE if blob == _NONE else blob)  # most digests of most resources are None
    return tuple(out)


_NONE = marshal.dumps(None)


class _Keeping(NamedTuple):
    """What the rules that want a resource keep of it (decided once per set of rules and kind)."""

    reads: Tree | None  #: the data paths kept: what every RUN rule reads of the kind (None: the whole data)
    locates: LocateTree  #: the positions recorded
    text: bool  #: a rule reads or locates anything: the file's text is kept


class Plan:
    """What the enabled RUN rules keep, decided once per engine."""

    def __init__(self, metas: Sequence[RuleMeta], parse_options: tuple[bool, Any]) -> None:
        self.metas = list(metas)
        self.parse_options = parse_options
        #: every declared digest, once: every kept resource carries all of them (as it carries what
        #: every rule reads of its kind), so any rule may read them of any resource it is given
        self.digests = tuple(dict.fromkeys(d for m in self.metas for d in m.digests))
        self._trees: dict[str, Tree] = {}
        self._keepings: dict[tuple[tuple[int, ...], str], _Keeping] = {}

    def tree(self, kind: str) -> Tree:
        """What every enabled RUN rule reads of a resource of ``kind``."""
        tree = self._trees.get(kind)
        if tree is None:
            tree = self._trees[kind] = path_tree(IDENTITY + tuple(for_kind(
                (p for m in self.metas for p in (m.reads or ())), kind)))
        return tree

    def keeping(self, metas: list[RuleMeta], kind: str) -> _Keeping:
        """What ``metas`` (the rules that want a resource of ``kind``) keep of it."""
        key = (tuple(map(id, metas)), kind)
        found = self._keepings.get(key)
        if found is None:
            whole = any(m.reads is None for m in metas)
            found = self._keepings[key] = _Keeping(
                None if whole else self.tree(kind),
                locate_tree(parse_path(p) for m in metas for p in for_kind(m.locates or (), kind)),
                whole or any(m.locates is None for m in metas))
        return found

    def wanting(self, resource: Resource) -> list[RuleMeta]:
        return [m for m in self.metas if m.wants is None or m.wants(resource)]

    def keep(self, source: SourceFile, documents: list[tuple[Document, list[Resource]]],
             directives: bool) -> tuple[KeptFile | None, list[KeptResource]]:
        """The kept resources of one file (and its :class:`KeptFile`); none when no rule wants any."""
        chosen = []
        pin = directives
        for doc, resources in documents:
            pairs = []
            for resource in resources:
                metas = self.wanting(resource)
                if metas:
                    keeping = self.keeping(metas, resource.kind)
                    pin = pin or keeping.text
                    pairs.append((resource, keeping))
            if pairs:
                chosen.append((doc, pairs))
        if not chosen:
            return None, []  # no RUN finding can land in this file
        file = KeptFile(source, pin, self.parse_options)
        kept: list[KeptResource] = []
        for doc, pairs in chosen:
            stand_in = KeptDocument(doc, file)
            recorder = _Recorder(doc)
            for resource, keeping in pairs:
                data = resource.data
                digests = digests_of(self.digests, resource) if self.digests else ()
                kept.append(KeptResource.of(resource, stand_in, prune(data, keeping.reads), digests))
                if keeping.locates:
                    key_node, node, _found = doc.node_at(resource.prefix)  # the resource's own node: found
                    recorder.walk(keeping.locates, resource.prefix, key_node, node, data)
            if recorder.positions:
                stand_in.positions = marshal.dumps(recorder.positions)
        return file, kept


def _only_items(below: LocateTree) -> bool:
    """Only ``[*]`` is declared below: a value that is not a list has nothing to record."""
    return len(below) == 1 and ITEM in below


class _Recorder:
    """Records ``doc.locate(path, "key")`` and ``doc.locate(path, "value")`` of every concrete
    declared path in one walk of the node tree (one lookup per path would walk the shared
    prefixes again and again): the same answers, including the nearest ancestor (inexact) for a
    path that is not in the file."""

    __slots__ = ("offset", "positions", "shared")

    def __init__(self, doc: Document) -> None:
        self.offset = doc.line_offset
        self.positions: dict[Path, bytes] = {}  # full path -> packed spans: the document's record
        self.shared: dict[bytes, bytes] = {}  # equal answers share one object (marshal writes it once)

    def walk(self, tree: LocateTree, path: Path, key_node: Any, node: Any, data: Any) -> None:
        """Record ``tree`` below ``node`` (at ``path``; ``data`` is the value there: it decides
        which list items ``[*]`` stands for, as in the rules' data)."""
        for item, (ends, below) in tree.items():
            if item != ITEM:
                value = data.get(item) if isinstance(data, dict) else None
                if not ends and _only_items(below) and not isinstance(value, list):
                    continue  # only list items are declared below, and there are none: nothing to record
                self.step(path + (item,), key_node, node, child_of(node, item), ends, below, value)
            elif isinstance(data, list):
                for index, value in enumerate(data):
                    self.step(path + (index,), key_node, node, child_of(node, index), ends, below, value)

    def step(self, path: Path, parent_key: Any, parent: Any, child: tuple[Any, Any] | None, ends: bool,
             below: LocateTree, value: Any) -> None:
        """Record the child at ``path`` (``child``: its key and value nodes, None when the file
        does not have it) and the declared paths below it."""
        if child is None:  # not in the file: every path below answers with the nearest ancestor
            self.absent(path, parent_key if parent_key is not None else parent, ends, below, value)
            return
        child_key, child_node = child
        if ends:
            numbers = span_numbers(child_node, self.offset)
            key = span_numbers(child_key, self.offset) if child_key is not None else numbers
            self.positions[path] = self.packed(key, numbers, True)
        if below:
            self.walk(below, path, child_key, child_node, value)

    def absent(self, path: Path, nearest: Any, ends: bool, below: LocateTree, data: Any) -> None:
        packed = b""
        for rest in _concrete(ends, below, data):
            if not packed:
                numbers = span_numbers(nearest, self.offset)
                packed = self.packed(numbers, numbers, False)
            self.positions[path + rest] = packed

    def packed(self, key: tuple[int, ...], value: tuple[int, ...], exact: bool) -> bytes:
        packed = _pack(key, value, exact)
        return self.shared.setdefault(packed, packed)


#: files parsed again, newest last: the findings of a file are stamped together, so a short list
#: bounds memory and a file evicted too early is simply parsed again
_REPARSED: "collections.OrderedDict[int, tuple[KeptFile, ParsedFile]]" = collections.OrderedDict()
KEEP_REPARSED = 64


def reparse(file: KeptFile) -> ParsedFile:
    """``file`` parsed again from its pinned text (parsing is deterministic: same documents, same positions)."""
    entry = _REPARSED.get(id(file))
    if entry is not None:
        _REPARSED.move_to_end(id(file))
        return entry[1]
    from .parse import parse

    yaml12, limits = file.parse_options or (False, None)
    parsed = parse(file.source(), yaml12=yaml12, limits=limits)
    _REPARSED[id(file)] = (file, parsed)  # the entry holds the file, so its id is not reused
    while len(_REPARSED) > KEEP_REPARSED:
        _REPARSED.popitem(last=False)
    return parsed


__all__ = ["ITEM", "DigestFailed", "KeptDocument", "KeptFile", "KeptResource", "Plan", "UndeclaredDigest",
           "UnrecordedPosition", "digests_of", "for_kind", "parse_path", "path_tree", "prune"]
