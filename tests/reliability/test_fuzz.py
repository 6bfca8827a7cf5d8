"""Mutated real manifests never crash or hang `check`, `to-json` or `fix --diff`.

The CI run is short (``YAMLKIT_FUZZ_EXAMPLES``, default 150 inputs, well under 60 s); the long
run for local use is ``make fuzz`` (100,000 inputs in 20 processes of 5,000: a single process
running 100,000 grew to 23 GB, mostly outside yamlkit's Python objects — hypothesis' own
bookkeeping and native allocations). Seeds come from
``tests/fixtures/realworld-sample`` and, when ``../shared`` is beside the clone, from the whole
real-world corpus.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import yamlkit
from yamlkit.convert import ConversionError
from yamlkit.source import from_text

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "fixtures" / "realworld-sample"
SHARED = HERE.parents[2] / "shared" / "corpus" / "realworld"
EXAMPLES = int(os.environ.get("YAMLKIT_FUZZ_EXAMPLES", "150"))
PER_INPUT_SECONDS = 10


def _seeds() -> list[str]:
    roots = [SAMPLE] + ([SHARED] if SHARED.is_dir() else [])
    texts = []
    for root in roots:
        for path in sorted(root.rglob("*.y*ml")):
            data = path.read_bytes()
            if len(data) < 20_000:
                texts.append(data.decode("utf-8", "replace"))
    return texts


SEEDS = _seeds()
INSERTS = ["\t", ":", ": ", "'", '"', "[", "]", "{", "}", "- ", "#", "&a ", "*a", "---\n", "\n", "  ", "é", "\u2028", "\ufeff", "{{ .x }}", "!!int ", "? ", "|", ">-"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        pos = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "flip", "swap-lines"]))
        if action == "insert":
            text = text[:pos] + draw(st.sampled_from(INSERTS)) + text[pos:]
        elif action == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 40)):]
        elif action == "duplicate":
            end = min(len(text), pos + draw(st.integers(1, 200)))
            text = text[:end] + text[pos:end] + text[end:]
        elif action == "flip" and pos < len(text):
            text = text[:pos] + chr((ord(text[pos]) ^ draw(st.integers(1, 127))) or 32) + text[pos + 1:]
        else:
            lines = text.splitlines(keepends=True)
            if len(lines) > 1:
                i = draw(st.integers(0, len(lines) - 2))
                lines[i], lines[i + 1] = lines[i + 1], lines[i]
                text = "".join(lines)
    return text


class Hang(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - only on a hang
    raise Hang()


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs SIGALRM for the per-input timeout")
@settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 1000,
          suppress_health_check=list(HealthCheck))
@given(mutated())
def test_mutated_manifests_never_crash_or_hang(text: str) -> None:
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(PER_INPUT_SECONDS)
    try:
        report = yamlkit.check(text + ("" if "\n" in text else "\n"))
        lines = max(1, from_text(text).line_count)
        for finding in report.findings:
            assert finding.code != "X001", finding.message
            assert 1 <= finding.line <= lines + 1, (finding, lines)
            assert finding.column >= 1
        try:
            yamlkit.to_json(text)
        except ConversionError as exc:
            assert exc.findings and all(f.line >= 1 for f in exc.findings)
        fix_diff = None if os.environ.get("YAMLKIT_FUZZ_NO_FIX") else _fix_diff()
        if fix_diff is not None:
            fix_diff(text)
    except Hang:
        pytest.fail(f"no result within {PER_INPUT_SECONDS} s for input:\n{text[:500]}")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _fix_diff():
    """`yamlkit fix --diff` on text, through the CLI (changes nothing, must never crash)."""
    try:
        from typer.testing import CliRunner

        from yamlkit.cli import app
    except ImportError:  # pragma: no cover
        return None

    def run(text: str) -> None:
        result = CliRunner().invoke(app, ["fix", "--diff", "-"], input=text)
        assert result.exit_code in (0, 1), (result.exit_code, result.output[-2000:])
        assert "Traceback" not in result.output

    return run
