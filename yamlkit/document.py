"""Parsed YAML documents that remember where every key and value came from.

A :class:`Document` keeps the composed node tree (from libyaml, with start/end marks) next to the
plain data built from it. ``locate(path)`` turns a data path such as
``("spec", "template", "spec", "containers", 0, "image")`` into a :class:`Span` in the file.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, Iterator, Sequence

from ._record import record
from .source import SourceFile

PathItem = str | int
Path = tuple[PathItem, ...]


@record(hash=True)
class Span:
    """A region of the file: 1-based start, exclusive 1-based end. Treat it as immutable.

    Not ``frozen=True``: a frozen dataclass sets each field through ``object.__setattr__``, which
    made a Span three times as costly to create (7,700 instructions, about five Spans per
    document); ``unsafe_hash`` keeps the hash that ``frozen`` gave.
    """

    line: int
    column: int
    end_line: int
    end_column: int

    def __init__(self, line: int, column: int, end_line: int, end_column: int) -> None:
        """Written out: a hot path (several per document), see :mod:`yamlkit._record`."""
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column


def format_path(path: Sequence[PathItem]) -> str:
    """``spec.containers[0].image``: the dotted-with-[index] style the API server prints."""
    out: list[str] = []
    for item in path:
        if isinstance(item, int):
            out.append(f"[{item}]")
        elif out:
            out.append("." + item)
        else:
            out.append(item)
    return "".join(out)


@record
class Document:
    """One YAML document of a file.

    ``root`` is the node tree (``yamlkit._compose.Node``, or PyYAML's ``yaml.nodes.Node`` where
    PyYAML composed the file: both have ``id``, ``tag``, ``value``, ``style``, ``start_mark`` and
    ``end_mark``) or None for an empty document;
    ``data`` is the plain Python value Kubernetes would see (JSON-compatible). ``key_names`` is
    every mapping key anywhere in ``data``, or None when the parser did not collect them (the
    engine then runs every rule; see ``when_keys`` in :func:`yamlkit.rules.base.rule`). Only the
    parser's fast builder sets it, so a set also means: no anchors, merge keys or complex keys,
    and at most 100 levels deep (the trap rules rely on that to walk ``data`` instead of nodes).
    ``typed_scalars`` lists, in file order, ``(path, node)`` for every plain (unquoted), non-empty
    scalar value whose value in ``data`` is not a string (``8080``, ``yes``, ``~``): the only
    scalars the trap rules look at. Its paths use keys as written (``yes``, not ``"true"``). Only
    the C builder collects it, and only for documents whose ``key_names`` are set and where no
    key repeats; otherwise None.
    """

    source: SourceFile
    index: int
    root: Any
    data: Any
    line_offset: int = 0
    start_line: int = 1
    end_line: int = 1
    key_names: set[str] | None = None
    typed_scalars: list[tuple[Path, Any]] | None = None

    def __init__(self, source: SourceFile, index: int, root: Any, data: Any, line_offset: int = 0,
                 start_line: int = 1, end_line: int = 1, key_names: set[str] | None = None,
                 typed_scalars: list[tuple[Path, Any]] | None = None) -> None:
        """Written out (one per document), see :mod:`yamlkit._record`."""
        self.source = source
        self.index = index
        self.root = root
        self.data = data
        self.line_offset = line_offset
        self.start_line = start_line
        self.end_line = end_line
        self.key_names = key_names
        self.typed_scalars = typed_scalars

    @property
    def is_empty(self) -> bool:
        return self.root is None

    def span_of(self, node: Any) -> Span:
        return Span(*span_numbers(node, self.line_offset))

    def node_at(self, path: Sequence[PathItem]) -> tuple[Any, Any, int]:
        """Walk ``path``: (key node or None, value node, how many path items were found)."""
        node, key_node, found = self.root, None, 0
        for item in path:
            if node is None:
                break
            child = child_of(node, item)
            if child is None:
                break
            key_node, node = child
            found += 1
        return key_node, node, found

    def locate(self, path: Sequence[PathItem], at: str = "value") -> tuple[Span, bool]:
        """The span of the node at ``path`` and whether it was found exactly.

        ``at="key"`` points at the mapping key instead of its value. When the path does not exist
        (a missing required field, a defaulted value), the nearest existing ancestor is returned
        with ``False``: at its key when it has one, so the user sees the parent field's name.
        """
        if self.root is None:
            return Span(self.start_line, 1, self.start_line, 2), False
        key_node, node, found = self.node_at(path)
        exact = found == len(path)
        if exact:
            target = key_node if (at == "key" and key_node is not None) else node
        else:
            target = key_node if key_node is not None else node
        return self.span_of(target), exact

    def keys(self, path: Sequence[PathItem] = ()) -> Iterator[tuple[str, Any]]:
        """(key text, key node) pairs of the mapping at ``path``, in file order."""
        _key, node, found = self.node_at(path)
        if found == len(path) and node is not None and node.id == "mapping":
            for key, _value in node.value:
                if key.id == "scalar":
                    yield key.value, key


def span_numbers(node: Any, line_offset: int) -> tuple[int, int, int, int]:
    """The four numbers of :meth:`Document.span_of` (line, column, end line, end column), without
    building a :class:`Span`: an empty node gets one column."""
    start, end = node.start_mark, node.end_mark
    line, column = start.line + 1 + line_offset, start.column + 1
    end_line, end_column = end.line + 1 + line_offset, end.column + 1
    if (end_line, end_column) <= (line, column):
        return line, column, line, column + 1
    return line, column, end_line, end_column


def child_of(node: Any, item: PathItem) -> tuple[Any, Any] | None:
    """One step of :meth:`Document.node_at`: (key node or None, value node) of ``item`` below
    ``node``, or None when the file does not have it."""
    node_id = node.id
    if node_id == "mapping" and isinstance(item, str):
        pairs = node.value
        # The last key written wins, as in the data: search from the end, and stop at the first
        # match. (`key.value == item` comes first: false for most keys, and for every complex key,
        # whose value is a list.)
        for key, value in reversed(pairs):
            if key.value == item and key.id == "scalar":
                return key, value
        for key, value in pairs:  # not written here: the first merge (`<<: *base`) that has it
            if key.value == "<<" and key.id == "scalar":
                merged = _merged_child(value, item)
                if merged is not None:
                    return merged
        return None
    if node_id == "sequence" and isinstance(item, int):
        if 0 <= item < len(node.value):
            return None, node.value[item]
        return None
    if node_id == "mapping" and isinstance(item, int):
        # Keys that were not strings in YAML are strings in the data ("80": ...).
        return child_of(node, str(item))
    return None


def _merged_child(value: Any, item: str) -> tuple[Any, Any] | None:
    sources = value.value if value.id == "sequence" else [value]
    for source in sources:
        if source.id == "mapping":
            child = child_of(source, item)
            if child is not None:
                return child
    return None


@record
class ParsedFile:
    """A file after reading and parsing: its documents and the syntax findings."""

    source: SourceFile
    documents: list[Document] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)  # list[Violation] with explicit spans

    def __init__(self, source: SourceFile, documents: list[Document] | None = None,
                 problems: list[Any] | None = None) -> None:
        """Written out (one per file); None stands for a new empty list."""
        self.source = source
        self.documents = [] if documents is None else documents
        self.problems = [] if problems is None else problems
