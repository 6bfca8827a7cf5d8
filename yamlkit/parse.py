"""Text -> documents with positions.

Positions come from libyaml, the parser go-yaml and so kubectl descend from, with start/end marks
on every node. yamlkit's own C composer (``_compose.c``) turns libyaml's events into light nodes
and builds their values in C; PyYAML's C composer (``pyyaml_composer``) takes over where it gives
up (syntax errors, recursive aliases) and where it was not compiled. Either is about 5x faster
than ruamel.yaml's C composer and 30x faster than its round-trip loader, which is kept for
``yamlkit fix``, where comments must survive.

Values are built from the nodes by :func:`build_data`, with Kubernetes' scalar rules by default
(see :mod:`yamlkit.scalars`), merge keys resolved, and limits on aliases and depth.
"""

from __future__ import annotations

import functools
import json
import operator
from typing import Any, Iterator

from . import scalars, syntax
from ._record import record
from .document import Document, ParsedFile
from .findings import Severity
from .rules.base import Violation
from .source import SourceFile

try:
    from ._compose import Composer as _LightComposer, Node as _LightNode, Unsupported as _Unsupported
    from ._compose import build as _light_build
except ImportError:  # built without a C compiler or libyaml's headers: PyYAML composes everything
    _LightComposer = _LightNode = None

PLAIN_TAG = "tag:yamlkit:plain"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"


@functools.cache
def _pyyaml_composer_class() -> type:
    """PyYAML's C composer with our tag resolution, made on first need.

    PyYAML is imported only here (and for ``yaml.YAMLError``, see :func:`_yaml_error`): with the C
    composer, a run over files without syntax errors never imports it (~15 ms of
    start-up). Every untagged plain scalar gets ``PLAIN_TAG``, so we resolve it ourselves (go-yaml
    v2 rules). No instance ``__dict__``: libyaml looks the three hooks below up on ``self`` for
    every node.
    """
    from yaml._yaml import CParser
    from yaml.nodes import ScalarNode, SequenceNode

    class Composer(CParser):
        __slots__ = ()

        # libyaml calls these three for every node. We have no path resolvers, and all plain
        # scalars get one tag, so PyYAML's general Resolver reduces to this (measured: about 10%
        # of parse time on the benchmark corpus).
        def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> str:
            if kind is ScalarNode:
                return PLAIN_TAG if implicit[0] else _STR
            return _SEQ if kind is SequenceNode else _MAP

        # descend_resolver(parent, index) and ascend_resolver() must do nothing; their results
        # are ignored. Built-in functions do nothing faster than Python methods (5% of
        # composing). Each built-in is chosen for its arity: `operator.is_` takes libyaml's two
        # arguments, `tuple()` none; a plain `def ...: pass` is equivalent, only slower. Neither
        # binds to ``self`` (a built-in function and a type are not descriptors), so no
        # `staticmethod` wrapper is needed, and without one each lookup skips a descriptor call.
        descend_resolver = operator.is_
        ascend_resolver = tuple

    return Composer


def pyyaml_composer(text: str) -> Any:
    """PyYAML's composer over ``text`` (``check_node``/``get_node``), with yamlkit's tags."""
    return _pyyaml_composer_class()(text)


def _yaml_error() -> type[Exception]:
    """``yaml.YAMLError``, for ``except`` clauses: Python evaluates them only when an exception
    arrives, and only PyYAML's composer raises this one, so PyYAML is already imported then."""
    import yaml

    return yaml.YAMLError


@record(frozen=True)
class Limits:
    """Guards against hostile input; each is a config key (``max-file-size`` ...)."""

    max_file_size: int = 50 * 1024 * 1024
    max_documents: int = 100_000
    max_depth: int = 1_000
    max_aliases: int = 10_000
    max_expanded_nodes: int = 2_000_000


class BuildProblem(Exception):
    """A document whose value cannot be built (alias bomb, too deep)."""

    def __init__(self, code: str, message: str, hint: str, node: Any):
        super().__init__(message)
        self.code, self.message, self.hint, self.node = code, message, hint, node


def parse(source: SourceFile, *, yaml12: bool = False, limits: Limits = Limits()) -> ParsedFile:
    """Parse every document of ``source``; syntax problems become violations, never exceptions."""
    parsed = ParsedFile(source=source)
    for item in iter_parse(source, yaml12=yaml12, limits=limits):
        if isinstance(item, Document):
            parsed.documents.append(item)
        else:
            parsed.problems.append(item)
    return parsed


def iter_parse(source: SourceFile, *, yaml12: bool = False, limits: Limits = Limits()) -> Iterator[Document | Violation]:
    """Documents and syntax problems of ``source``, one at a time, in file order.

    Documents are yielded as the composer finishes them, so a caller that drops each one after
    use holds one document in memory, not the whole stream.
    """
    problem = syntax.unparsable(source, limits.max_depth)
    if problem is not None:
        yield problem
        return
    template = syntax.template_marker(source)
    if template is not None:
        # A template that happens to parse is checked as YAML; one that does not gets a single
        # finding instead of a cascade of syntax errors.
        items = list(_iter_stream(source, yaml12, limits))
        if any(isinstance(i, _Failure) for i in items):
            yield template
        else:
            yield from items
        return
    for item in _iter_stream(source, yaml12, limits):
        if not isinstance(item, _Failure):
            yield item


class _Failure(Violation):
    """Marks the point where the whole-stream parse failed (never leaves this module)."""


def _roots(text: str) -> Iterator[Any]:
    """The root node of every document of ``text``; raises ``yaml.YAMLError`` where libyaml fails.

    yamlkit's own C composer (``_compose.c``) builds the nodes when it is installed: about three
    times faster than PyYAML's, because its nodes are single C objects with integer positions and
    it resolves tags itself. Where it gives up (a syntax error, a recursive or undefined alias,
    very deep nesting), PyYAML's composer reads the text again and takes over from the same
    document, so the documents, nodes and errors are the same either way. Only such files are
    composed twice, up to the failing document.
    """
    done = 0
    if _LightComposer is not None:
        try:
            light = _LightComposer(text, PLAIN_TAG, _STR, _SEQ, _MAP)
            while light.check_node():
                yield light.get_node()
                done += 1
            return
        except _Unsupported:
            pass
    composer = pyyaml_composer(text)
    while composer.check_node():
        root = composer.get_node()
        if done:
            done -= 1
        else:
            yield root


def _iter_stream(source: SourceFile, yaml12: bool, limits: Limits) -> Iterator[Any]:
    index = 0
    last_good_line = -1
    try:
        for root in _roots(source.text):
            if index >= limits.max_documents:
                yield _too_many(root, 0, limits)
                return
            yield from _document(source, root, 0, index, yaml12, limits)
            index += 1
            last_good_line = root.start_mark.line
        return
    except _yaml_error() as exc:
        stream_error = exc
    yield _Failure(message="")
    # Parse the rest document by document, so one broken document does not hide the others.
    # TABs are reported only in documents the parser rejects: where libyaml (and so go-yaml and
    # kubectl) accepts a TAB, YAML allows it.
    tab_lines = syntax.tab_indentation(source)
    for chunk, first_line in syntax.split_documents(source.text):
        if index and first_line <= last_good_line:
            # Parsed above; but the stream may have failed after this chunk's last document.
            mark = getattr(stream_error, "problem_mark", None) or getattr(stream_error, "context_mark", None)
            last_line = first_line + chunk.count("\n")
            if mark is not None and first_line <= mark.line <= last_line:
                chunk_tabs = {n: v for n, v in tab_lines.items() if first_line < n <= last_line + 1}
                yield from chunk_tabs.values()
                problem = syntax.diagnose(stream_error, source, 0, chunk_tabs)
                if problem is not None:
                    yield problem
            continue
        chunk_composer = pyyaml_composer(chunk)
        try:
            while chunk_composer.check_node():
                root = chunk_composer.get_node()
                if index >= limits.max_documents:
                    yield _too_many(root, first_line, limits)
                    return
                yield from _document(source, root, first_line, index, yaml12, limits)
                index += 1
        except _yaml_error() as exc:
            last_line = first_line + chunk.count("\n") + 1
            chunk_tabs = {n: v for n, v in tab_lines.items() if first_line < n <= last_line}
            yield from chunk_tabs.values()
            problem = syntax.diagnose(exc, source, first_line, chunk_tabs)
            if problem is not None:
                if syntax.valid_yaml12(chunk):
                    problem.message += (
                        " (this is valid YAML 1.2, but libyaml, the parser yamlkit shares with Kubernetes' go-yaml, "
                        "rejects it)"
                    )
                yield problem
            index += 1


def _too_many(root: Any, line_offset: int, limits: Limits) -> Violation:
    return Violation(
        code="Y009",
        message=f"the file has more than {limits.max_documents} documents; the rest were not checked",
        hint="split the file, or raise `max-documents` in the configuration",
        line=root.start_mark.line + 1 + line_offset,
        column=1,
    )


def _document(
    source: SourceFile, root: Any, line_offset: int, index: int, yaml12: bool, limits: Limits
) -> Iterator[Document | Violation]:
    """The document for one composed root, preceded by its value-building problems."""
    empty = root.id == "scalar" and root.value == "" and root.tag == PLAIN_TAG
    doc = Document(
        source=source,
        index=index,
        root=None if empty else root,
        data=None,
        line_offset=line_offset,
        start_line=root.start_mark.line + 1 + line_offset,
        end_line=root.end_mark.line + 1 + line_offset,
    )
    if empty:
        yield doc
        return
    try:
        doc.data, duplicates, doc.key_names, doc.typed_scalars = _build(root, yaml12, limits, may_alias(source))
    except BuildProblem as exc:
        span = doc.span_of(exc.node)
        yield Violation(code=exc.code, message=exc.message, hint=exc.hint, line=span.line, column=span.column)
        doc.root = None
        yield doc
        return
    for key_node, first_node in duplicates:
        span, first = doc.span_of(key_node), doc.span_of(first_node)
        alias_note = ""
        if first_node.id == "scalar" and key_node.id == "scalar" and first_node.value != key_node.value:
            alias_note = (
                f" (`{first_node.value}` and `{key_node.value}` are the same key once Kubernetes' "
                "YAML rules resolve them; quote them to keep them apart)"
            )
        yield Violation(
            code="Y005",
            message=(
                f'duplicate key "{_shown_key(key_node)}": it is already defined at line {first.line}, '
                f"column {first.column} of this mapping{alias_note}"
            ),
            hint=(
                "remove one of the two; Kubernetes tools disagree on which one wins "
                "(kustomize and helm reject the file, kubectl silently keeps the last one)"
            ),
            line=span.line,
            column=span.column,
            end_line=span.end_line,
            end_column=span.end_column,
            related=(f"{source.name}:{first.line}:{first.column}",),
        )
    yield doc


def scalar_value(node: Any, yaml12: bool = False) -> Any:
    """The value of one scalar node, by its tag or (plain) by the chosen resolution rules."""
    tag, text = node.tag, node.value
    if tag == PLAIN_TAG:
        value = scalars.resolve_yaml12(text) if yaml12 else scalars.resolve_k8s(text)
        return scalars.normalize_number(value)
    if tag == _STR or not tag.startswith("tag:yaml.org,2002:"):
        return text
    kind = tag.rsplit(":", 1)[1]
    resolved = scalars.resolve_yaml12(text) if yaml12 else scalars.resolve_k8s(text)
    if kind == "int" and isinstance(resolved, int) and not isinstance(resolved, bool):
        return resolved
    if kind == "float" and isinstance(resolved, (int, float)) and not isinstance(resolved, bool):
        return scalars.normalize_number(float(resolved))
    if kind == "bool" and isinstance(resolved, bool):
        return resolved
    if kind == "null":
        return None
    return text


def _key_text(value: Any) -> str:
    """Kubernetes' JSON has only string keys: ``80: x`` becomes ``"80": x``."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        return format(value, "g")
    return str(value)


_alias_memo: list[Any] = [None, True]  # (text of the last source asked about, whether it has an '&')


def may_alias(source: SourceFile) -> bool:
    """Whether ``source`` can hold aliases: an alias needs an anchor, and an anchor needs an ``&``."""
    text = source.text
    if _alias_memo[0] is not text:
        _alias_memo[0], _alias_memo[1] = text, "&" in text
    return _alias_memo[1]


class _Fallback(Exception):
    """The fast builder met something it leaves to the general one (merge key, complex key, deep nesting)."""


#: Entries in each of the bounded caches of plain scalar values and keys (:class:`_Resolution`):
#: Kubernetes manifests repeat the same keys and many of the same values.
_CACHE_MAX = 50_000
_FAST_MAX_DEPTH = 100


class _Resolution:
    """The fast builders' lookups for one setting of ``yaml12``: the bounded caches of plain
    scalar values and keys, and what to do on a miss. Made once per setting (see
    :data:`_RESOLUTIONS`), so building a document creates no closures."""

    def __init__(self, yaml12: bool):
        self.yaml12 = yaml12
        self.values: dict[str, Any] = {}
        self.keys: dict[str, str] = {}

    def key_of(self, node: Any) -> str:
        """The data key of a key node; raises :class:`_Fallback` for merge and complex keys."""
        if node.id != "scalar":
            raise _Fallback
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        if text == "<<" and tag in (PLAIN_TAG, _MERGE):
            raise _Fallback
        if tag == PLAIN_TAG:
            key = self.keys.get(text)
            if key is None:
                key = _key_text(scalar_value(node, self.yaml12))
                if len(self.keys) < _CACHE_MAX:
                    self.keys[text] = key
            return key
        return _key_text(scalar_value(node, self.yaml12))

    def new_plain_value(self, node: Any) -> Any:
        """The value of a plain scalar not in the cache yet (about one per document), cached."""
        value = scalar_value(node, self.yaml12)
        if len(self.values) < _CACHE_MAX:
            self.values[node.value] = value
        return value

    def tagged_value(self, node: Any) -> Any:
        """The value of a scalar with an explicit tag (``!!int "3"``)."""
        return scalar_value(node, self.yaml12)

    def duplicates_of(self, pairs: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
        """(duplicate key node, first key node) for every key written twice in ``pairs``."""
        found, first = [], {}
        for key_node, _value in pairs:
            key = self.key_of(key_node)
            if key in first:
                found.append((key_node, first[key]))
            else:
                first[key] = key_node
        return found


_RESOLUTIONS = {False: _Resolution(False), True: _Resolution(True)}


def _fast_build(root: Any, yaml12: bool, limits: Limits) -> tuple[Any, list[tuple[Any, Any]], set[str], list[Any] | None]:
    """The value of an alias-free node tree, recursively (about 3x faster than the general walk),
    its duplicate keys, the name of every mapping key in it (for the rules' ``when_keys``), and
    its typed scalars where the C builder collects them (see ``Document.typed_scalars``).

    Only called when the document cannot contain aliases, so every node is visited once and the
    alias limits cannot trip; raises :class:`_Fallback` for merge keys, complex keys and nesting
    deeper than ``_FAST_MAX_DEPTH``, where :func:`build_data`'s general walk takes over.

    Trees from the C composer are built by its ``build``: the walk below in C, calling back into
    :class:`_Resolution` for cache misses, tagged scalars and duplicate keys (about five times
    faster). PyYAML's trees take :func:`_fast_build_nodes`.
    """
    resolution = _RESOLUTIONS[yaml12]
    max_depth = min(limits.max_depth, _FAST_MAX_DEPTH)
    if type(root) is _LightNode:
        return _light_build(
            root, max_depth, PLAIN_TAG, _STR, resolution.values, resolution.keys, resolution.new_plain_value,
            resolution.key_of, resolution.tagged_value, resolution.duplicates_of, _Fallback,
        )
    return _fast_build_nodes(root, resolution, max_depth)


def _fast_build_nodes(root: Any, resolution: _Resolution, max_depth: int) -> tuple[Any, list[tuple[Any, Any]], set[str], None]:
    """:func:`_fast_build` in Python, for trees from PyYAML's composer.

    Most nodes are scalars whose tag is the very object ``pyyaml_composer``'s ``resolve``
    returned, so the collection loops test ``tag is PLAIN_TAG`` / ``tag is _STR`` and take such
    children's values in place (a cache hit or the text), without a recursive call; explicit tags
    and collections go through ``build``. Cache lookups are subscripts in ``try``: a miss is rare
    (about one plain value per document in the benchmark corpus, a few keys per run).
    """
    values, keys = resolution.values, resolution.keys
    key_of, new_plain_value, tagged_value = resolution.key_of, resolution.new_plain_value, resolution.tagged_value
    duplicates: list[tuple[Any, Any]] = []
    key_names: set[str] = set()

    def build(node: Any, depth: int) -> Any:
        node_id = node.id
        if node_id == "scalar":
            tag = node.tag
            if tag == PLAIN_TAG:
                try:
                    return values[node.value]
                except KeyError:
                    return new_plain_value(node)
            if tag == _STR:
                return node.value
            return tagged_value(node)
        if depth >= max_depth:
            raise _Fallback
        depth += 1
        if node_id == "sequence":
            items = []
            for child in node.value:
                tag = child.tag
                if tag is PLAIN_TAG:
                    try:
                        items.append(values[child.value])
                    except KeyError:
                        items.append(new_plain_value(child))
                elif tag is _STR:
                    items.append(child.value)
                else:
                    items.append(build(child, depth))
            return items
        pairs = node.value
        result: dict[str, Any] = {}
        for key_node, value_node in pairs:
            tag = key_node.tag
            if tag is PLAIN_TAG:
                try:
                    key = keys[key_node.value]
                except KeyError:
                    key = key_of(key_node)
            elif tag is _STR:
                key = key_node.value
            else:
                key = key_of(key_node)
            tag = value_node.tag
            if tag is PLAIN_TAG:
                try:
                    result[key] = values[value_node.value]
                except KeyError:
                    result[key] = new_plain_value(value_node)
            elif tag is _STR:
                result[key] = value_node.value
            else:
                result[key] = build(value_node, depth)
        key_names.update(result)
        if len(result) != len(pairs):
            duplicates.extend(resolution.duplicates_of(pairs))
        return result

    return build(root, 0), duplicates, key_names, None


def build_data(
    root: Any, *, yaml12: bool = False, limits: Limits = Limits(), may_alias: bool = True
) -> tuple[Any, list[tuple[Any, Any]]]:
    """Build plain data from a node tree.

    Returns the value and the duplicate keys found, as (duplicate key node, first key node) pairs.
    Raises :class:`BuildProblem` for alias bombs and excessive depth. ``may_alias=False`` (the
    text has no ``&``, so no anchors) allows a faster recursive builder with the same result.
    """
    data, duplicates, _names, _typed = _build(root, yaml12, limits, may_alias)
    return data, duplicates


def _build(
    root: Any, yaml12: bool, limits: Limits, may_alias: bool
) -> tuple[Any, list[tuple[Any, Any]], set[str] | None, list[Any] | None]:
    """:func:`build_data`, plus the document's key names and typed scalars where the fast
    builders collect them (see :class:`~yamlkit.document.Document`)."""
    if not may_alias and _fast_allowed(root, limits):
        try:
            return _fast_build(root, yaml12, limits)
        except _Fallback:
            pass
    return *_walk_build(root, yaml12, limits), None, None


def _fast_allowed(root: Any, limits: Limits) -> bool:
    # Without aliases the tree has at most two nodes per character, so the expansion limit cannot trip.
    return (root.end_mark.index - root.start_mark.index) * 2 + 2 <= limits.max_expanded_nodes


def _walk_build(root: Any, yaml12: bool, limits: Limits) -> tuple[Any, list[tuple[Any, Any]]]:
    """The general builder: an iterative post-order walk that expands aliases within the limits."""
    memo: dict[int, Any] = {}
    sizes: dict[int, int] = {}
    duplicates: list[tuple[Any, Any]] = []
    seen_aliases = 0
    # Iterative post-order walk: (node, depth, expanded?)
    stack: list[tuple[Any, int, bool]] = [(root, 0, False)]
    on_stack: set[int] = set()
    while stack:
        node, depth, expanded = stack.pop()
        nid = id(node)
        if not expanded:
            if nid in memo:
                seen_aliases += 1
                if seen_aliases > limits.max_aliases:
                    raise BuildProblem(
                        "Y008",
                        f"the document uses more than {limits.max_aliases} aliases",
                        "this looks like an alias bomb; raise `max-aliases` if the file is legitimate",
                        node,
                    )
                continue
            if depth > limits.max_depth:
                raise BuildProblem(
                    "Y007",
                    f"the document is nested more than {limits.max_depth} levels deep",
                    "raise `max-depth` in the configuration if this is intended",
                    node,
                )
            if node.id == "scalar":
                memo[nid] = scalar_value(node, yaml12)
                sizes[nid] = 1
                continue
            if nid in on_stack:
                raise BuildProblem("Y008", "the document contains a recursive alias", "remove the self-reference", node)
            on_stack.add(nid)
            stack.append((node, depth, True))
            children = (
                [c for pair in node.value for c in pair] if node.id == "mapping" else list(node.value)
            )
            for child in reversed(children):
                if id(child) not in memo:
                    stack.append((child, depth + 1, False))
            continue
        on_stack.discard(nid)
        if node.id == "sequence":
            memo[nid] = [memo[id(c)] for c in node.value]
            sizes[nid] = 1 + sum(sizes[id(c)] for c in node.value)
        else:
            memo[nid] = _mapping_value(node, memo, duplicates, yaml12)
            sizes[nid] = 1 + sum(sizes[id(k)] + sizes[id(v)] for k, v in node.value)
        if sizes[nid] > limits.max_expanded_nodes:
            raise BuildProblem(
                "Y008",
                f"aliases in this document expand to more than {limits.max_expanded_nodes:,} values "
                "(an alias bomb, \"billion laughs\")",
                "yamlkit refuses to expand it; remove the nested aliases",
                node,
            )
    return memo[id(root)], duplicates


def _mapping_value(node: Any, memo: dict[int, Any], duplicates: list[tuple[Any, Any]], yaml12: bool) -> dict[str, Any]:
    result: dict[str, Any] = {}
    first_key: dict[str, Any] = {}
    merged: list[dict[str, Any]] = []
    for key_node, value_node in node.value:
        if key_node.id == "scalar" and key_node.value == "<<" and key_node.tag in (PLAIN_TAG, "tag:yaml.org,2002:merge"):
            value = memo[id(value_node)]
            if isinstance(value, dict):
                merged.append(value)
            elif isinstance(value, list):
                merged.extend(v for v in value if isinstance(v, dict))
            continue
        key = memo[id(key_node)]
        key = json.dumps(key, sort_keys=True, default=str) if isinstance(key, (dict, list)) else _key_text(key)
        if key in first_key:
            duplicates.append((key_node, first_key[key]))
        else:
            first_key[key] = key_node
        result[key] = memo[id(value_node)]
    if merged:
        combined: dict[str, Any] = {}
        for source in merged:
            for k, v in source.items():
                combined.setdefault(k, v)
        combined.update(result)
        return combined
    return result


def _shown_key(node: Any) -> str:
    """A key as the user wrote it (complex keys abbreviated)."""
    return node.value if node.id == "scalar" else f"<{node.id} key on line {node.start_mark.line + 1}>"


__all__ = ["Limits", "PLAIN_TAG", "build_data", "iter_parse", "may_alias", "parse", "scalar_value", "Severity"]
