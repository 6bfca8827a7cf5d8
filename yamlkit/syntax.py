"""Syntax diagnosis: YAML errors in words a beginner understands.

The parser's own text (``mapping values are not allowed here``) is translated into a message that
names the likely cause and a hint to fix it. Tabs and misaligned siblings are found by scanning
lines, so *every* offending line is reported, not just the first one the parser trips on.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from .rules.base import Violation
from .source import SourceFile

_DOC_MARKER = re.compile(r"^(---|\.\.\.)(?=[ \t]|$)")


def split_documents(text: str) -> Iterator[tuple[str, int]]:
    """Split a stream at ``---``/``...`` lines: (chunk text, 0-based line offset of the chunk).

    Each chunk keeps its marker line, so line numbers inside it are offset-exact.
    """
    lines = text.splitlines(keepends=True)
    start = 0
    for number, line in enumerate(lines):
        if number > start and _DOC_MARKER.match(line):
            yield "".join(lines[start:number]), start
            start = number
    yield "".join(lines[start:]), start


def _in_block_scalar_lines(source: SourceFile) -> set[int]:
    """Lines (1-based) inside block scalars (``|`` / ``>``), where tabs are content."""
    inside: set[int] = set()
    block_indent: int | None = None
    parent_indent = 0
    for number in range(1, source.line_count + 1):
        line = source.line_text(number)
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_indent is not None:
            if not line.strip():
                inside.add(number)
                continue
            if indent > parent_indent:
                inside.add(number)
                continue
            block_indent = None
        if re.search(r"(:|^-|\s-)\s+[|>][-+0-9]*\s*(#.*)?$", line):
            block_indent = indent
            parent_indent = indent if not stripped.startswith("- ") else indent
    return inside


def tab_indentation(source: SourceFile) -> dict[int, Violation]:
    """One violation per line whose indentation contains a TAB (outside block scalars)."""
    found: dict[int, Violation] = {}
    if "\t" not in source.text:
        return found
    block_lines = _in_block_scalar_lines(source)
    for number in range(1, source.line_count + 1):
        line = source.line_text(number)
        if "\t" not in line or number in block_lines:
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" not in line[:indent] or not line[indent:].strip() or line[indent:].startswith("#"):
            continue
        column = line.index("\t") + 1
        width = sum(2 if ch == "\t" else 1 for ch in line[:indent])
        found[number] = Violation(
            code="Y001",
            message="a TAB character is used for indentation; YAML allows only spaces there",
            hint=f"replace the indentation with {width} space{'s' if width != 1 else ''} "
            "(or run `yamlkit fix`); set your editor to insert spaces for TAB",
            line=number,
            column=column,
            end_line=number,
            end_column=indent + 1,
        )
    return found


_BRACKET = re.compile(r"[\[\]{}]")


def nesting_too_deep(source: SourceFile, max_depth: int) -> Violation | None:
    """Refuse input nested deeper than ``max_depth`` before the (recursive) composer sees it.

    Each way of nesting needs more than ``max_depth`` of some character (brackets, spaces of
    indentation, ``-`` items), so counting those first (at C speed) clears ordinary files
    without a regex or a Python loop.
    """
    text = source.text
    if len(text) < max_depth:
        return None
    return (
        _deep_brackets(source, max_depth)
        or _deep_indentation(source, max_depth)
        or _deep_items(source, max_depth)
    )


def _deep_brackets(source: SourceFile, max_depth: int) -> Violation | None:
    text = source.text
    if text.count("[") + text.count("{") <= max_depth:
        return None
    depth = 0
    for match in _BRACKET.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > max_depth:
                return _too_deep(*source.position(match.start()), max_depth)
        else:
            depth = max(0, depth - 1)
    return None


def _deep_indentation(source: SourceFile, max_depth: int) -> Violation | None:
    if " " * (2 * max_depth + 1) not in source.text:
        return None
    deep_indent = re.search(r"^ {%d}" % (2 * max_depth + 1), source.text, re.M)
    return _too_deep(source.position(deep_indent.start())[0], 1, max_depth) if deep_indent else None


def _deep_items(source: SourceFile, max_depth: int) -> Violation | None:
    if source.text.count("-") <= max_depth:
        return None
    deep_items = re.search(r"(?:-[ \t]+){%d}" % (max_depth + 1), source.text)
    return _too_deep(*source.position(deep_items.start()), max_depth) if deep_items else None


def _too_deep(line: int, column: int, max_depth: int) -> Violation:
    return Violation(
        code="Y007",
        message=f"the document is nested more than {max_depth} levels deep; yamlkit does not parse it",
        hint="raise `max-depth` in the configuration if this nesting is intended",
        line=line,
        column=column,
    )


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _explain(problem: str, context: str | None, source: SourceFile, line: int, column: int) -> tuple[str, str, str]:
    """(code, message, hint) for a parser error at 1-based (line, column)."""
    text = source.line_text(line)
    problem = problem or "invalid YAML"
    if "maximum nesting depth" in problem:
        return (
            "Y007",
            "the document is nested too deeply: the YAML parser stops at 1000 levels",
            "flatten the structure; no real manifest is nested this deep",
        )
    if "mapping values are not allowed" in problem:
        before = text[: max(column - 1, 0)]
        if re.search(r"\w:\S", before.split("#")[0]) or re.match(r"^\s*[\w.-]+:[\w.-]+: ", text):
            return (
                "Y012",
                "a key and its value are run together without a line break or a space after ':' "
                f"(`{text.strip()[:60]}`)",
                "put each key on its own line (`metadata:` then `  name: nginx-pod`) and a space after every ':'",
            )
        if ": " in before.strip():
            return (
                "Y012",
                "a second ': ' on the same line: YAML reads it as a key inside a value",
                "put nested keys on their own indented line, or quote a value that contains ': '",
            )
        return (
            "Y006",
            "this key is indented deeper than the keys above it, but the line above already has a value",
            "align the key with its sibling keys, or remove the value from the line above to nest under it",
        )
    if "found character that cannot start any token" in problem and "\t" in text:
        return ("Y001", "a TAB character is used where YAML expects spaces", "replace the TAB with spaces")
    if "found unexpected end of stream" in problem or "found unexpected document" in problem:
        if context and "quoted scalar" in context:
            return (
                "Y010",
                "a quoted string is never closed",
                "add the closing quote; to put a quote inside, double it ('') or escape it (\\\")",
            )
    if "did not find expected" in problem and context and "flow" in context:
        return (
            "Y011",
            f"a bracket is never closed ({context})",
            "close the [ or { that opened it, or remove it if the value is meant to be plain text",
        )
    if "did not find expected key" in problem or "did not find expected '-' indicator" in problem:
        return (
            "Y006",
            "this line is not aligned with the lines before it: its indentation matches no key or "
            "list item above",
            "indent it exactly like its siblings (same number of spaces)",
        )
    if "could not find expected ':'" in problem:
        return (
            "Y004",
            "a line that looks like a key has no ':' (or a multi-line plain value is broken)",
            "add ': ' after the key, or quote the text",
        )
    if "found undefined alias" in problem or "found undefined anchor" in problem:
        return ("Y004", f"{problem}: the alias (*name) refers to an anchor (&name) that is not defined before it", "define the anchor first or fix the name")
    if "while scanning a quoted scalar" in (context or ""):
        return ("Y010", "a quoted string is never closed", "add the closing quote")
    return ("Y004", f"invalid YAML: {problem}" + (f" ({context})" if context else ""), "check the syntax near this position")


#: The characters YAML (and libyaml's reader) rejects anywhere, as the body of a regex class
#: (style's ``_lines._outside`` adds the ones its line subset leaves out).
DISALLOWED_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
_DISALLOWED = re.compile(f"[{DISALLOWED_CHARACTERS}]")
_ALLOWED_ASCII = bytes(byte for byte in range(128) if not _DISALLOWED.match(chr(byte)))


def invalid_character(source: SourceFile) -> Violation | None:
    """YAML allows only printable characters (plus TAB and line breaks) anywhere in a file."""
    text = source.text
    if text.isascii() and not text.encode("ascii").translate(None, _ALLOWED_ASCII):
        return None  # the fast path for ASCII text: deleting every allowed byte leaves nothing
    match = _DISALLOWED.search(text)
    if match is None:
        return None
    line, column = source.position(match.start())
    return Violation(
        code="Y017",
        message=f"the control character U+{ord(match.group()):04X} is not allowed in YAML "
        f"(line {line}, column {column}); the file was not parsed",
        hint="delete it (it is often invisible in editors: try `cat -A`); write it as an escape such as "
        "\"\\x0b\" inside a double-quoted string if you need it",
        line=line,
        column=column,
    )


#: What :func:`unparsable` deletes from ASCII text: every allowed byte except the three that
#: :func:`nesting_too_deep` counts.
_ALLOWED_UNCOUNTED_ASCII = bytes(byte for byte in _ALLOWED_ASCII if byte not in b"[{-")


def unparsable(source: SourceFile, max_depth: int) -> Violation | None:
    """:func:`invalid_character`, else :func:`nesting_too_deep`: why the composer must not see ``source``.

    For ASCII text one ``bytes.translate`` pass usually answers both: what it leaves is every
    forbidden byte and the ``[``, ``{`` and ``-`` (a few percent of a manifest). When that is no
    more than ``max_depth`` bytes, all of them brackets and dashes, the text has no forbidden
    character and too few brackets and dashes to nest deeply, so only the indentation test is
    left; three scans of the whole text are saved (1.5% of parsing the benchmark corpus).
    """
    text = source.text
    if text.isascii() and len(text) >= max_depth:
        rest = text.encode("ascii").translate(None, _ALLOWED_UNCOUNTED_ASCII)
        if len(rest) <= max_depth and not rest.translate(None, b"[{-"):
            return _deep_indentation(source, max_depth)
    return invalid_character(source) or nesting_too_deep(source, max_depth)


def diagnose(exc: Any, source: SourceFile, line_offset: int, tab_lines: dict[int, Violation]) -> Violation | None:
    """A parser exception (``yaml.YAMLError``) as a violation; None if a tab finding covers it."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = (mark.line + 1 + line_offset) if mark else 1
    column = (mark.column + 1) if mark else 1
    if line > source.line_count and source.line_count:
        line = source.line_count
        column = len(source.line_text(line)) + 1
    context = getattr(exc, "context", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
    # The tab finding already explains an error on (or right after) a tab-indented line.
    if tab_lines and any(n in tab_lines for n in (line, line - 1)):
        return None
    code, message, hint = _explain(problem, context, source, line, column)
    if code == "Y006":
        sibling = _sibling_hint(source, line)
        if sibling:
            message += f"; {sibling}"
    if code == "Y011":
        opener = _unclosed_opener(source, line_offset, line, column)
        if opener is not None:
            line, column = opener
            message += f" (it opened on line {line}, column {column})"
    elif code == "Y010" and exc.context_mark is not None:
        line, column = exc.context_mark.line + 1 + line_offset, exc.context_mark.column + 1
        message += f" (it opened on line {line}, column {column})"
    return Violation(code=code, message=message, hint=hint, line=line, column=column)


def _unclosed_opener(source: SourceFile, line_offset: int, line: int, column: int) -> tuple[int, int] | None:
    """1-based position of the last ``[``/``{`` still open at (line, column), quotes and comments skipped."""
    start = source.offset(line_offset + 1, 1)
    end = source.offset(line, column)
    text = source.text
    stack: list[int] = []
    quote = ""
    index = start
    while index < end:
        char = text[index]
        if quote:
            if char == quote:
                if quote == "'" and text[index + 1:index + 2] == "'":
                    index += 1
                else:
                    quote = ""
            elif char == "\\" and quote == '"':
                index += 1
        elif char in "\"'" and (index == 0 or text[index - 1] in " \t\n[{,:"):
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t\n"):
            newline = text.find("\n", index)
            index = end if newline == -1 else newline
            continue
        elif char in "[{":
            stack.append(index)
        elif char in "]}" and stack:
            stack.pop()
        index += 1
    return source.position(stack[-1]) if stack else None


def _key_column(text: str) -> tuple[int, str]:
    """0-based column where the line's key or item content starts, and that key's name."""
    indent = _indent(text)
    rest = text[indent:]
    while rest.startswith("- "):
        indent += 2
        stripped = rest[2:].lstrip(" ")
        indent += len(rest[2:]) - len(stripped)
        rest = stripped
    name = rest.split(":", 1)[0].strip() if ":" in rest else rest.strip()
    return indent, name[:40]


def _sibling_hint(source: SourceFile, line: int) -> str:
    """Name the line above that this misaligned line should probably align with."""
    text = source.line_text(line)
    if not text.strip():
        return ""
    indent = _indent(text)
    for number in range(line - 1, 0, -1):
        above = source.line_text(number)
        if not above.strip() or above.lstrip().startswith("#"):
            continue
        column, name = _key_column(above)
        if column != indent:
            return (
                f"`{name}` on line {number} starts at column {column + 1}, this line at column {indent + 1}; "
                f"siblings must start in the same column"
            )
        return ""
    return ""


def valid_yaml12(text: str) -> bool:
    """Whether a YAML 1.2 parser (ruamel.yaml, pure Python) accepts ``text``. Only called on the
    error path, to tell the user that the file is valid YAML that Kubernetes still rejects."""
    if len(text) > 200_000:
        return False
    import warnings

    try:
        from ruamel.yaml import YAML

        loader = YAML(typ="safe", pure=True)
        loader.allow_duplicate_keys = True
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _ in loader.load_all(text):
                pass
        return True
    except Exception:
        return False


_TEMPLATE = re.compile(r"\{\{-?\s*(?:[.$]|/\*|(?:if|else|end|range|with|define|template|include|toYaml|tpl|printf|quote|default|required|-)\b)|\{%-?\s*[a-z]")


def template_marker(source: SourceFile) -> Violation | None:
    """A Y013 finding at the first Helm/Go/Jinja template tag, or None for plain YAML."""
    text = source.text
    if "{" not in text or ("{{" not in text and "{%" not in text):  # one memchr clears most files
        return None
    match = _TEMPLATE.search(text)
    if match is None:
        return None
    line, column = source.position(match.start())
    return Violation(
        code="Y013",
        message=f"this is a template (`{match.group().strip()}` on line {line}), not YAML yet; it was not checked",
        hint="render it first and check the output, e.g. `helm template . | yamlkit check -`",
        line=line,
        column=column,
    )
