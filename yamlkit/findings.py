"""The one value every check produces: a :class:`Finding` with its place in the file."""

from __future__ import annotations

from dataclasses import fields
from enum import Enum
from operator import attrgetter
from typing import Any

from ._record import record


class Severity(str, Enum):
    """How bad a finding is. Only ``error`` fails a check by default."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls(text.lower())
        except ValueError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@record(frozen=True)
class Edit:
    """Replace ``text[start:end]`` (character offsets in the decoded file) with ``replacement``."""

    start: int
    end: int
    replacement: str


@record(frozen=True)
class Fix:
    """A fix is data: a title, its edits, and whether it is safe to apply without asking."""

    title: str
    edits: tuple[Edit, ...]
    safe: bool = True


@record(hash=True)
class Finding:
    """One problem at one place. Lines and columns are 1-based; the end is exclusive. Treat it
    as immutable.

    Not ``frozen=True``: a frozen dataclass sets each of its 16 fields through
    ``object.__setattr__``, which made a finding three times as costly to create (about 6 µs
    instead of 2), and a run creates every finding twice (stamped in a worker, unpickled in the
    parent); ``unsafe_hash`` keeps the hash that ``frozen`` gave.
    """

    code: str
    rule: str
    severity: Severity
    file: str
    line: int
    column: int
    message: str
    end_line: int | None = None
    end_column: int | None = None
    hint: str | None = None
    path: str | None = None
    document: int | None = None
    resource: str | None = None
    fix: Fix | None = None
    related: tuple[str, ...] = ()

    def __init__(self, code: str, rule: str, severity: Severity, file: str, line: int, column: int,
                 message: str, end_line: int | None = None, end_column: int | None = None,
                 hint: str | None = None, path: str | None = None, document: int | None = None,
                 resource: str | None = None, fix: Fix | None = None, related: tuple[str, ...] = ()) -> None:
        """Written out: one per finding, twice in a pooled run (see :mod:`yamlkit._record`)."""
        self.code = code
        self.rule = rule
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.end_line = end_line
        self.end_column = end_column
        self.hint = hint
        self.path = path
        self.document = document
        self.resource = resource
        self.fix = fix
        self.related = related

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its constructor's arguments: workers send thousands of findings to the
        parent, and a slotted dataclass's default state (a dict of its fields) costs more."""
        return Finding, _values(self)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return sort_key(self)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape (see README, "JSON output")."""
        return {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line if self.end_line is not None else self.line,
            "end_column": self.end_column if self.end_column is not None else self.column,
            "document": self.document,
            "path": self.path,
            "resource": self.resource,
            "message": self.message,
            "hint": self.hint,
            "fixable": self.fixable,
            "fix": None
            if self.fix is None
            else {"title": self.fix.title, "safe": self.fix.safe},
            "related": list(self.related),
        }


#: a finding's field values in constructor order, read at C speed
_values = attrgetter(*(f.name for f in fields(Finding)))
#: the order of a report's findings, (file, line, column, code, message), built in C: every file's
#: findings are sorted with it
sort_key = attrgetter("file", "line", "column", "code", "message")
