"""Run yamllint and yamlkit with equivalent configurations and compare (line, column, rule).

yamllint runs in a subprocess (``python -m yamllint -f parsable``), once for a whole batch of
files, so it never shares a process (or PyYAML's global resolver) with yamlkit.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterable

import yamlkit
from yamlkit.rules import load_rules

#: yamllint rule id -> yamlkit code. ``key-duplicates`` is reported by the parser as Y005.
RULES: dict[str, str] = {}


def _rules() -> dict[str, str]:
    if not RULES:
        for code, meta in load_rules().items():
            if code[:2] in ("Y1", "Y2"):
                RULES[meta.name] = code
        RULES["key-duplicates"] = "Y005"
    return RULES


#: Both sides configured alike: every rule on, yamllint's option defaults, except where yamlkit's
#: defaults differ deliberately (then yamllint is given yamlkit's value).
PARITY: dict[str, dict[str, Any]] = {
    "anchors": {"forbid-undeclared-aliases": False, "forbid-duplicated-anchors": True,
                "forbid-unused-anchors": True},
    "braces": {},
    "brackets": {},
    "colons": {},
    "commas": {},
    "comments": {"min-spaces-from-content": 2},  # yamllint's default; yamlkit defaults to 1
    "comments-indentation": {},
    "document-end": {},
    "document-start": {},
    "empty-lines": {},
    "empty-values": {},
    "float-values": {"forbid-nan": True, "forbid-inf": True},
    "hyphens": {},
    "indentation": {"indent-sequences": "consistent"},
    "key-duplicates": {},
    "key-ordering": {},
    "line-length": {"max": 80},
    "new-line-at-end-of-file": {},
    "new-lines": {},
    "octal-values": {},
    "quoted-strings": {},
    "trailing-spaces": {},
    "truthy": {"check-keys": False},
}

#: Other option values, to exercise the option paths on both sides.
ALTERNATE: dict[str, dict[str, Any]] = {
    "anchors": {"forbid-undeclared-aliases": True, "forbid-duplicated-anchors": True,
                "forbid-unused-anchors": True},
    "braces": {"min-spaces-inside": 1, "max-spaces-inside": 1, "min-spaces-inside-empty": 0,
               "max-spaces-inside-empty": 0},
    "brackets": {"forbid": "non-empty"},
    "colons": {"max-spaces-before": -1, "max-spaces-after": 2},
    "commas": {"min-spaces-after": 0, "max-spaces-after": -1},
    "comments": {"require-starting-space": False, "min-spaces-from-content": 1},
    "comments-indentation": {},
    "document-end": {"present": False},
    "document-start": {"present": False},
    "empty-lines": {"max": 1, "max-start": 1, "max-end": 1},
    "empty-values": {"forbid-in-block-sequences": False},
    "float-values": {"require-numeral-before-decimal": True, "forbid-scientific-notation": True,
                     "forbid-nan": True, "forbid-inf": True},
    "hyphens": {"max-spaces-after": 3},
    "indentation": {"spaces": 2, "indent-sequences": True, "check-multi-line-strings": True},
    "key-duplicates": {},
    "key-ordering": {"ignored-keys": ["^a", "name"]},
    "line-length": {"max": 60, "allow-non-breakable-inline-mappings": True},
    "new-line-at-end-of-file": {},
    "new-lines": {"type": "dos"},
    "octal-values": {"forbid-explicit-octal": False},
    "quoted-strings": {"quote-type": "double", "required": "only-when-needed", "check-keys": True},
    "trailing-spaces": {},
    "truthy": {"allowed-values": ["true", "false", "yes", "no"], "check-keys": True},
}

#: A third set: flush sequences, 4 spaces, whatever.
THIRD: dict[str, dict[str, Any]] = {
    **PARITY,
    "indentation": {"spaces": 4, "indent-sequences": False, "check-multi-line-strings": True},
    "line-length": {"max": 80, "allow-non-breakable-words": False},
    "quoted-strings": {"quote-type": "single", "required": False, "extra-required": ["^http"]},
    "truthy": {"check-keys": True},
}

FOURTH: dict[str, dict[str, Any]] = {
    **PARITY,
    "indentation": {"indent-sequences": "whatever"},
    "line-length": {"max": 80},
    "quoted-strings": {"quote-type": "consistent", "required": True, "allow-quoted-quotes": True},
    "truthy": {"check-keys": False},
}

CONFIGS = {"parity": PARITY, "alternate": ALTERNATE, "third": THIRD, "fourth": FOURTH}

Triple = tuple[int, int, str]

_PARSABLE = re.compile(
    r"^(?P<file>.*?):(?P<line>\d+):(?P<col>\d+): \[(?P<level>\w+)\] (?P<msg>.*) \((?P<rule>[\w-]+)\)$"
)


def yamllint_config(rules: dict[str, dict[str, Any]]) -> str:
    conf = {"yaml-files": ["*"], "rules": {name: ({"level": "warning", **opts} if opts is not None else "disable")
                                         for name, opts in rules.items()}}
    return json.dumps(conf)  # JSON is YAML


def run_yamllint(paths: Iterable[Path], rules: dict[str, dict[str, Any]]) -> dict[str, set[Triple]]:
    """{file: {(line, column, rule)}} from yamllint; syntax errors appear as rule "syntax"."""
    paths = [str(p) for p in paths]
    out: dict[str, set[Triple]] = {p: set() for p in paths}
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
        handle.write(yamllint_config(rules))
        conf = handle.name
    try:
        for start in range(0, len(paths), 400):
            batch = paths[start:start + 400]
            proc = subprocess.run([sys.executable, "-m", "yamllint", "-f", "parsable", "-c", conf, *batch],
                                  capture_output=True, text=True, check=False)
            if proc.returncode not in (0, 1, 2) or "Traceback" in proc.stderr:
                raise RuntimeError(f"yamllint failed: {proc.stderr[-2000:]}")
            for line in proc.stdout.splitlines():
                m = _PARSABLE.match(line)
                if m is None:
                    continue
                rule = m["rule"]
                if m["msg"].startswith("syntax error"):
                    rule = "syntax"
                out.setdefault(m["file"], set()).add((int(m["line"]), int(m["col"]), rule))
    finally:
        Path(conf).unlink()
    return out


def run_yamlkit(paths: Iterable[Path], rules: dict[str, dict[str, Any]]) -> dict[str, set[Triple]]:
    """{file: {(line, column, rule)}} from yamlkit with the equivalent configuration."""
    names = _rules()
    by_code = {code: name for name, code in names.items()}
    select = [names[name] for name in rules]
    options = {name: dict(opts) for name, opts in rules.items() if opts and name != "key-duplicates"}
    config = {"select": select, "rule_options": options}
    out: dict[str, set[Triple]] = {}
    for path in paths:
        report = yamlkit.check(str(path), config=config)
        found: set[Triple] = set()
        for f in report.findings:
            if f.code in by_code:
                found.add((f.line, f.column, by_code[f.code]))
        out[str(path)] = found
    return out


def compare(paths: list[Path], rules: dict[str, dict[str, Any]]) -> dict[str, tuple[set[Triple], set[Triple]]]:
    """{file: (only yamllint, only yamlkit)} for the files where the two disagree."""
    theirs = run_yamllint(paths, rules)
    ours = run_yamlkit(paths, rules)
    diff: dict[str, tuple[set[Triple], set[Triple]]] = {}
    for path in paths:
        key = str(path)
        a = {t for t in theirs.get(key, set()) if t[2] != "syntax"}
        b = ours.get(key, set())
        if a != b:
            diff[key] = (a - b, b - a)
    return diff
