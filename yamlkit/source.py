"""Reading a file into text: encodings, BOMs, and offset <-> line/column arithmetic."""

from __future__ import annotations

import bisect
import codecs
from itertools import accumulate
from dataclasses import field

from ._record import record

STDIN = "-"
STDIN_NAME = "<stdin>"


class DecodeProblem(Exception):
    """The bytes are not text yamlkit can read (binary, invalid UTF-8)."""

    def __init__(self, code: str, message: str, hint: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint
        self.line = line
        self.column = column


@record
class SourceFile:
    """The decoded text of one input, with a line index.

    ``text`` never contains a byte-order mark; ``encoding`` says what the bytes were.
    """

    name: str
    text: str
    encoding: str = "utf-8"
    had_bom: bool = False
    _line_starts: list[int] | None = field(default=None, repr=False, compare=False)
    _lines: list[str] | None = field(default=None, repr=False, compare=False)
    _line_count: int | None = field(default=None, repr=False, compare=False)

    def __init__(self, name: str, text: str, encoding: str = "utf-8", had_bom: bool = False,
                 _line_starts: list[int] | None = None, _lines: list[str] | None = None,
                 _line_count: int | None = None) -> None:
        """Written out (one per file read): the shared ``record`` ``__init__`` binds in Python."""
        self.name = name
        self.text = text
        self.encoding = encoding
        self.had_bom = had_bom
        self._line_starts = _line_starts
        self._lines = _lines
        self._line_count = _line_count

    @property
    def lines(self) -> list[str]:
        """The text split at LF only (a CR stays at the end of its line; a trailing LF leaves an
        empty last item), split once on first use for :attr:`line_starts` and the style rules."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines

    @property
    def line_starts(self) -> list[int]:
        """Offset of the first character of each line (computed on first use)."""
        if self._line_starts is None:
            self._line_starts = _line_starts(self.lines)
        return self._line_starts

    @property
    def line_count(self) -> int:
        """How many lines the file has; a trailing newline opens no new (empty) last line.
        Counted once, without the line index (the engine asks for every file it stamps a finding
        in; a third of them never need the index)."""
        if self._line_count is None:
            breaks = self.text.count("\n")
            self._line_count = breaks if breaks and self.text.endswith("\n") else breaks + 1
        return self._line_count

    def line_text(self, line: int) -> str:
        """Line ``line`` (1-based) without its line break."""
        starts = self.line_starts
        if line < 1 or line > len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def offset(self, line: int, column: int) -> int:
        """Character offset of a 1-based (line, column)."""
        starts = self.line_starts
        line = max(1, min(line, len(starts)))
        return min(starts[line - 1] + column - 1, len(self.text))


def _line_starts(lines: list[str]) -> list[int]:
    """Offsets just after each ``\n`` (and 0): running sums of the line lengths, at C speed."""
    starts = list(accumulate(map(_plus_one, map(len, lines)), initial=0))
    starts.pop()  # the offset after the last line, which starts no line
    return starts


_plus_one = (1).__add__

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(name: str, data: bytes) -> SourceFile:
    """Decode bytes as YAML allows (UTF-8, or UTF-16/32 with a BOM).

    Raises :class:`DecodeProblem` for binary data and invalid UTF-8, naming the first bad byte.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeProblem(
                    "Y002",
                    f"the file starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()}",
                    "save the file as UTF-8",
                ) from exc
            return _checked(SourceFile(name=name, text=text, encoding=encoding, had_bom=True))
    if b"\x00" in data[:8192]:
        raise DecodeProblem(
            "Y003",
            "this is a binary file, not YAML (it contains NUL bytes)",
            "remove it from the paths you check, or exclude it in the configuration",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DecodeProblem(
            "Y002",
            f"the file is not valid UTF-8: byte 0x{data[exc.start]:02x} at line {line}, column {col} cannot be decoded",
            "YAML files must be UTF-8; re-save the file as UTF-8 (for example with `iconv -f latin1 -t utf-8`)",
            line,
            col,
        ) from exc
    return _checked(SourceFile(name=name, text=text))


def _checked(source: SourceFile) -> SourceFile:
    if "\x00" in source.text:
        raise DecodeProblem(
            "Y003",
            "this is a binary file, not YAML (it contains NUL characters)",
            "remove it from the paths you check, or exclude it in the configuration",
        )
    return source


def from_text(text: str, name: str = STDIN_NAME) -> SourceFile:
    """A source from text already in memory (library use, tests)."""
    if text.startswith("\ufeff"):
        return SourceFile(name=name, text=text[1:], had_bom=True)
    return SourceFile(name=name, text=text)
