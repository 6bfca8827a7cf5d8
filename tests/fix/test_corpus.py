"""``yamlkit fix`` over the real-world corpus (``../shared/corpus/realworld``), on copies.

For every file: no crash, the CLI writes what the library computed, a second run changes nothing
(not even an mtime), the JSON is identical except the values scalar-trap fixes quoted on purpose,
and every comment is still there. By default a deterministic sample of the corpus is used to keep
the suite fast; ``YAMLKIT_FULL_CORPUS=1`` runs every file.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from typer.testing import CliRunner

from yamlkit.cli import app
from yamlkit.config import resolve_settings
from yamlkit.fixes import Fixer
from yamlkit.fixes.runner import intended
from yamlkit.source import decode

from .helpers import comment_count, json_or_none, leaves

SAMPLE_EVERY = 10


def _files(root: Path) -> list[Path]:
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".json"))
    if os.environ.get("YAMLKIT_FULL_CORPUS"):
        return files
    return files[::SAMPLE_EVERY]


def test_fix_over_the_realworld_corpus(shared_dir: Path, tmp_path: Path) -> None:
    root = shared_dir / "corpus" / "realworld"
    files = _files(root)
    assert files
    copies: list[Path] = []
    for path in files:
        copy = tmp_path / path.relative_to(root)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        copies.append(copy)
    fixer = Fixer(resolve_settings({}))
    expected: dict[Path, str] = {}
    trap_changes = 0
    refused: list[Path] = []
    for copy in copies:
        source = decode(str(copy), copy.read_bytes())
        outcome = fixer.fix(source.text, str(copy))
        expected[copy] = outcome.text
        if outcome.refused:  # the guard caught a rule's fix that would change the data: file kept
            assert outcome.text == source.text
            assert [p.code for p in outcome.problems] == ["X001"], outcome.problems
            refused.append(copy)
        if not outcome.changed:
            continue
        assert fixer.fix(outcome.text, str(copy)).text == outcome.text, f"not idempotent: {copy}"
        before, after = json_or_none(source.text), json_or_none(outcome.text)
        assert before is not None and after is not None, copy
        values = {a.value[0]: a.value for a in outcome.applied if a.value}
        if before != after:
            a, b = leaves(json.loads(before)), leaves(json.loads(after))
            assert a.keys() == b.keys(), copy
            for key in a:
                if a[key] != b[key] or type(a[key]) is not type(b[key]):
                    short = key.split("]", 1)[1].lstrip(".") if key.startswith("[") else key
                    assert short in values and intended(a[key], b[key]), (copy, key)
                    trap_changes += 1
        else:
            assert not values
        assert comment_count(outcome.text) == comment_count(source.text), f"comments changed: {copy}"
    untouched = {c: os.stat(c).st_mtime_ns for c in copies if expected[c] == c.read_text(encoding="utf-8")}
    runner = CliRunner()
    first = runner.invoke(app, ["fix", "-q", *map(str, copies)])
    assert first.exit_code in (0, 1, 2) and not isinstance(first.exception, Exception) or \
        isinstance(first.exception, SystemExit), first.output
    assert first.exit_code != 2 or refused
    for copy in copies:
        assert copy.read_text(encoding="utf-8") == expected[copy], copy
        if copy in untouched:
            assert os.stat(copy).st_mtime_ns == untouched[copy], f"rewritten without a change: {copy}"
    stamps = {c: os.stat(c).st_mtime_ns for c in copies}
    second = runner.invoke(app, ["fix", "-q", *map(str, copies)])
    assert "fixed 0 problems in 0 files" in second.output
    assert all(os.stat(c).st_mtime_ns == stamps[c] for c in copies)
