"""Helpers shared by the reporters: summary line, colours, display width, fingerprints."""

from __future__ import annotations

import unicodedata
from typing import Any, Iterable

# ANSI styles; only used when RenderOptions.color is true.
STYLES = {
    "error": "\x1b[1;31m",
    "warning": "\x1b[1;33m",
    "info": "\x1b[1;36m",
    "bold": "\x1b[1m",
    "dim": "\x1b[2m",
    "blue": "\x1b[1;34m",
    "green": "\x1b[32m",
    "cyan": "\x1b[36m",
}
RESET = "\x1b[0m"


def paint(text: str, style: str, enabled: bool) -> str:
    """``text`` in ``style`` when colour is enabled (never colours an empty string)."""
    if not enabled or not text:
        return text
    return f"{STYLES[style]}{text}{RESET}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: Any) -> str:
    """``12 files, 40 resources: 3 errors, 5 warnings (2 fixable)``."""
    s = report.summary
    head = f"{plural(s.files, 'file')}, {plural(s.resources, 'resource')}: "
    if not (s.errors or s.warnings or s.infos):
        return head + "no problems found"
    parts = [plural(s.errors, "error"), plural(s.warnings, "warning")]
    if s.infos:
        parts.append(plural(s.infos, "info"))
    tail = f" ({s.fixable} fixable)" if s.fixable else ""
    return head + ", ".join(parts) + tail


def char_width(ch: str) -> int:
    """Terminal cells of one character: 2 for East Asian wide/fullwidth, 0 for combining marks."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def fingerprints(findings: Iterable[Any]) -> list[str]:
    """A stable id per finding, for GitLab and SARIF: independent of line numbers.

    Built from file, code, data path, resource and message; identical findings in one file are
    told apart by their occurrence number, so every fingerprint in a report is unique.
    """
    import hashlib  # only the GitLab and SARIF formats need it: not imported with every report

    seen: dict[str, int] = {}
    out: list[str] = []
    for f in findings:
        base = "\0".join((f.file, f.code, f.path or "", f.resource or "", f.message))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(hashlib.sha256(f"{base}\0{n}".encode("utf-8")).hexdigest()[:32])
    return out


def file_uri(name: str) -> str:
    """A file name as a URI reference: relative paths stay relative, with ``/`` separators."""
    import os
    from pathlib import PureWindowsPath
    from urllib.parse import quote

    if os.path.isabs(name):
        from pathlib import Path

        return Path(name).as_uri()
    if "\\" in name and os.sep == "\\":  # pragma: no cover - Windows
        name = PureWindowsPath(name).as_posix()
    if name.startswith("./"):
        name = name[2:]
    return quote(name, safe="/-_.~")
